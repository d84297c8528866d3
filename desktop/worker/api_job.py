"""The worker's handler for the local API: one completion request, run on the loaded engine.

The API server (another thread) builds a `Completion`; its plain fields cross to the engine process
as a `complete` job (api_run) like any chat turn. In the engine process the completion's `sink` gets
("prompt", reuse dict) and ("token", text); the job's end is the result or the error. On the app's
side the client calls the caller's own sink with the same events, then exactly one ("done", result)
or ("error", JobError).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..chat.api_lore import LORE_FLAG
from ..engine import Engine, Generation, SamplerSettings
from ..engine.chat import tokenize_turn
from ..engine.prompt_reuse import Reuse, fit_prompt, load_prompt
from ..engine.template import TemplateError
from .completion import Completion, Sink  # noqa: F401 - (Sink: re-exported)

log = logging.getLogger("fireside.api")

API_CACHE = ("api",)  # the worker's key for the cache while the API holds it


class RequestError(ValueError):
    """A request the engine refuses before touching the cache (the client's mistake)."""


@dataclass
class ApiCache:
    """What the worker remembers between API requests: where the client's kept block ends."""

    keep: int = 0

    def reset(self) -> None:
        self.keep = 0


@dataclass(frozen=True)
class PromptPieces:
    """A request's prompt in the pieces the window may let go of: `pinned` (BOS, memory or system part)
    stays; `pieces` are whole messages, oldest first (a text prompt is one piece); `tail` (the reply
    opener) stays."""

    pinned: list[int]
    pieces: list[list[int]]
    tail: list[int]
    stops: list[str]
    whole_messages: bool  # pieces are chat messages: trim whole ones, never inside a turn

    @property
    def tokens(self) -> list[int]:
        return self.pinned + [t for piece in self.pieces for t in piece] + self.tail


def prompt_pieces(engine: Engine, job: Completion) -> PromptPieces:
    """The request's tokens: memory / system part first, then the body or the messages."""
    model = engine.model
    if job.kind == "text":
        memory = model.tokenize(job.memory) if job.memory else []
        body = model.tokenize(job.prompt) if job.prompt else []
        # One BOS, as llama.cpp's server gives: a prompt that starts with the BOS text already has it.
        first = (memory or body)[:1]
        bos = [model.bos] if model.add_bos and first != [model.bos] else []
        return PromptPieces(bos + memory, [body] if body else [], [], [], whole_messages=False)
    bos = [model.bos] if model.add_bos else []
    fmt = engine.chat_format.format
    messages = job.messages
    history: list[dict[str, str]] = []
    pinned = list(bos)
    if messages and messages[0]["role"] == "system":
        history = messages[:1]
        pinned += tokenize_turn(model, fmt.system(messages[0]["content"]), messages[0]["content"])
    pieces = []
    for message in messages[len(history):]:
        try:
            text = fmt.message(history, message)
        except TemplateError as exc:
            if not message.get(LORE_FLAG):
                raise RequestError(f"the model's chat template refuses these messages: {exc}") from exc
            # An inserted lorebook entry where the template has no system turns: a bracketed user turn.
            message = {"role": "user", "content": f"[{message['content']}]"}
            try:
                text = fmt.message(history, message)
            except TemplateError as again:
                raise RequestError(f"the model's chat template refuses the lorebook entry: {again}") from again
        pieces.append(tokenize_turn(model, text, message["content"]))
        history = history + [message]
    tail = model.tokenize(fmt.generation_prompt(history))
    return PromptPieces(pinned, pieces, tail, fmt.stop, whole_messages=True)


def fit_messages(engine: Engine, job: Completion, prompt: PromptPieces, window: int,
                 reserve: int) -> tuple[PromptPieces, list[int], int]:
    """The prompt with the oldest whole messages after the system message dropped until `reserve` cells
    are left free: the cut is always at a message boundary right after the pinned part, so turn after turn
    the cache finds the dropped messages and shifts them out. The kept messages are rendered again as a
    chat of their own, exactly as when the client itself had dropped the others (a template that pads
    alternating roles pads the new first message the same way). Returns (pieces, tokens, dropped)."""
    room = window - max(1, reserve)
    used = len(prompt.tokens)
    drop = 0
    while used > room and drop < len(prompt.pieces) - 1:
        used -= len(prompt.pieces[drop])
        drop += 1
    whole = len(prompt.tokens)
    system = 1 if job.messages and job.messages[0]["role"] == "system" else 0
    while drop:
        kept = job.messages[:system] + job.messages[system + drop:]
        rendered = prompt_pieces(engine, dataclasses.replace(job, messages=kept))
        if len(rendered.tokens) <= room or len(rendered.pieces) <= 1:
            prompt = rendered
            break
        drop += 1  # (the new first message's padding made it longer again)
    tokens, more = fit_prompt(prompt.tokens, len(prompt.pinned), window, reserve)  # the last message alone is too long
    return prompt, tokens, max(0, whole - len(prompt.tokens)) + more


def sampler_settings(engine: Engine, job: Completion) -> tuple[SamplerSettings, list[str]]:
    """The request's sampler; banned strings that are one token each become -inf biases."""
    try:
        settings = SamplerSettings.from_dict(job.sampler)
    except (TypeError, ValueError) as exc:
        raise RequestError(f"sampler settings: {exc}") from exc
    problems = settings.problems()
    if problems:
        raise RequestError("; ".join(f"{name}: {message}" for name, message in problems))
    bias = dict(settings.logit_bias)
    unmapped: list[str] = []
    for text in job.banned:
        tokens = engine.model.tokenize(text, parse_special=False)
        if len(tokens) == 1:
            bias[tokens[0]] = float("-inf")
        else:
            unmapped.append(text)
    for token in bias:
        if not 0 <= token < engine.model.n_vocab:
            raise RequestError(f"logit_bias: token {token} is not in the vocabulary (0..{engine.model.n_vocab - 1})")
    return settings.replace(logit_bias=bias), unmapped


def run_completion(engine: Engine, job: Completion, cache: ApiCache, register: Callable[[Generation], None],
                   progress: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Load the prompt (reusing the cache, cutting out what the client dropped), generate, stream."""
    settings, unmapped = sampler_settings(engine, job)
    prompt = prompt_pieces(engine, job)
    tokens, pinned, stops = prompt.tokens, len(prompt.pinned), prompt.stops
    if not tokens:
        raise RequestError("the prompt is empty")
    window = min(engine.n_ctx, job.max_context) if job.max_context > 0 else engine.n_ctx
    reserve = min(settings.max_tokens if settings.max_tokens > 0 else window // 4, window // 2)
    try:
        if prompt.whole_messages:
            prompt, tokens, truncated = fit_messages(engine, job, prompt, window, reserve)
        else:
            tokens, truncated = fit_prompt(tokens, pinned, window, reserve)
    except ValueError as exc:
        raise RequestError(str(exc)) from exc
    keep = max(pinned, cache.keep if cache.keep <= len(tokens) // 2 else 0)
    reuse_box: list[Reuse] = []
    started = time.perf_counter()

    def prepare() -> None:
        reuse = load_prompt(engine.kv, tokens, keep,
                            lambda done, total: progress({"state": "prompt", "done": done, "total": total}))
        reuse.truncated = truncated
        if reuse.cuts:
            cache.keep = reuse.cuts[0][0]
        reuse_box.append(reuse)
        job.sink("prompt", reuse.to_dict())

    gen = Generation(engine.model, engine.kv, ("reply", id(job)), settings, prepare, stops, draft=engine.draft)
    register(gen)
    count = 0
    last_report = 0.0
    for piece in gen:
        job.sink("token", piece)
        count += 1
        now = time.monotonic()
        if now - last_report >= 0.25:
            last_report = now
            progress({"state": "generating", "tokens": count, "tps": _tps(gen)})
    st = gen.stats
    reuse = reuse_box[0] if reuse_box else Reuse(prompt_tokens=len(tokens), truncated=truncated)
    reuse.reprocessed += st.tokens_reprocessed
    if reuse.shift != "on":
        log.warning("API prompt: context shifting is %s; %d tokens were processed again",
                    reuse.shift, reuse.reprocessed)
    log.info("API %s from %s: prompt %d (cached %d, evaluated %d, cut %d in %d pieces, reprocessed %d, "
             "truncated %d), %d tokens in %.2f s (%s)", job.endpoint, job.client, reuse.prompt_tokens,
             reuse.cached_tokens, reuse.evaluated, reuse.cut_tokens, len(reuse.cuts), reuse.reprocessed,
             reuse.truncated, st.tokens_generated, time.perf_counter() - started, st.stop_reason)
    return {"text": gen.text, "reason": st.stop_reason, "completion_tokens": st.tokens_generated,
            "gen_tps": st.gen_tps, "prompt_seconds": st.prompt_seconds, "seconds": st.seconds,
            "shifts": st.shifts, "reuse": reuse.to_dict(), "banned_unmapped": unmapped, "seed": st.seed,
            "guessed": st.guessed, "guesses_kept": st.guesses_kept}


def _tps(gen: Generation) -> float:
    elapsed = time.perf_counter() - gen.started - gen.stats.prompt_seconds
    return len(gen.tokens) / elapsed if elapsed > 0 else 0.0
