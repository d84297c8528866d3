"""Does the model really read its whole window with these settings? Measured on the user's model.

The instrument is needle likelihood, not free-form answers (small models answer nothing, but their
log-probabilities move): short facts are planted at chosen depths of a long text; at its end the
teacher-forced log-probability of each fact's answer after a cue is scored with the text in the
context, and without it. The gain in nats is the recall strength at that depth. Also the perplexity
of the text's last chunk with the whole window before it, and with only a short window.

A probe runs on a context of its own (the chat's cache is untouched), reads the text once, asks each
question as a short tail that is removed again, and can read a text longer than the window with
context shifting (then it also scores the same window read fresh: does shifted-in text still read).
"""

from __future__ import annotations

import ctypes
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from .config import LoadConfig, RopeScaling, resolve_rope
from .metadata import ModelFacts
from .native import DecodeError, NativeContext, NativeModel, context_params, set_fields
from .probe_pace import FIRST_BATCH, next_batch

CHUNK = 256  # the last chunk whose perplexity is measured
SHORT_WINDOW = 256  # the "short window" before it, for comparison
RESERVE = 64  # room kept free at the end of the window for a question
# Tokens at the start that a shift never removes. Models park attention on the first tokens of their
# window (an "attention sink"); shifting them out too breaks reading: measured on the sample model at
# n_ctx 8,192, keeping none gave 0.66 of a fresh window's recall, keeping them 1.0 (the chat pins
# its system block for the same reason).
SINK_TOKENS = 4
DEPTHS = (0.1, 0.3, 0.5, 0.7, 0.9)
SHIFTED_DEPTHS = (0.6, 0.7, 0.8, 0.9)  # in the part of a 1.5-window text that stays in the window
ROPE_FIELDS = ("rope_scaling", "rope_freq_base", "rope_freq_scale", "compress_pos_emb", "ntk_alpha",
               "yarn_ext_factor", "yarn_attn_factor", "yarn_beta_fast", "yarn_beta_slow", "yarn_orig_ctx")


@dataclass(frozen=True)
class Needle:
    fact: str
    cue: str
    answer: str


NEEDLES = (
    Needle("The keeper's dog was named Pepper.", "The keeper's dog was named", " Pepper"),
    Needle("The lighthouse door was painted bright green.", "The lighthouse door was painted bright", " green"),
    Needle("The ferryman's daughter was called Ilse.", "The ferryman's daughter was called", " Ilse"),
    Needle("The old bell was cast in the town of Varden.", "The old bell was cast in the town of", " Varden"),
    Needle("The baker kept his coins in a blue teapot.", "The baker kept his coins in a blue", " teapot"),
    Needle("The captain's parrot could only say the word lantern.", "The captain's parrot could only say the word",
           " lantern"),
)


class ProbeCancelled(Exception):
    pass


AbortCallback = ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_void_p)  # ggml_abort_callback
ABORTED = 2  # llama_decode's answer when the callback said stop


class _Abort:
    """llama.cpp's abort callback for the probe's context. The CPU backend asks it between the nodes
    of a decode's graph (about 600 a decode on the sample model), so a cancel stops even a decode that
    a busy machine makes take seconds: measured, a 512-token decode stopped 0.04 s after the cancel,
    and the callback's cost was not measurable. GPU backends do not ask it (`asked` stays put)."""

    def __init__(self, cancelled: Callable[[], bool]) -> None:
        self.cancelled = cancelled
        self.asked = 0
        self.callback = AbortCallback(self._ask)  # (referenced until the context is freed: C holds it)

    def _ask(self, _data: object) -> bool:
        self.asked += 1
        return bool(self.cancelled())


class ProbeError(RuntimeError):
    """The probe cannot run with this setting (no room, memory that cannot shift, no context)."""


@dataclass(frozen=True)
class ProbeSetting:
    """A RoPE setting to try: a label for people, and the LoadConfig fields it sets."""

    label: str
    overrides: dict[str, Any] = field(default_factory=dict)

    def apply(self, config: LoadConfig) -> LoadConfig:
        cleared: dict[str, Any] = {name: None for name in ROPE_FIELDS}
        cleared["rope_scaling"] = RopeScaling.MODEL_DEFAULT
        return replace(config, **{**cleared, **self.overrides})


@dataclass
class ProbeResult:
    setting: str
    n_ctx: int
    tokens: int
    depths: list[float]
    needle_gain_nats: list[float]  # per depth
    ppl_last_chunk: float  # with the whole window before it
    ppl_short_window: float  # with only SHORT_WINDOW tokens before it
    seconds: float
    tokens_shifted: int = 0  # tokens shifted out while reading (shifted probes)
    fresh_gain_nats: list[float] | None = None  # shifted probes: the same window read fresh
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def mean_gain(self) -> float:
        return sum(self.needle_gain_nats) / len(self.needle_gain_nats) if self.needle_gain_nats else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["overrides"] = {k: int(v) if isinstance(v, RopeScaling) else v for k, v in self.overrides.items()}
        data["mean_gain"] = self.mean_gain
        return data


Progress = Callable[[int, int], None]
Timing = Callable[[int, int, float], None]  # each decode's (first position, tokens, seconds)


def short_read(add_bos: bool) -> int:
    """The tokens of a probe's last read: the short window and the last chunk (after a BOS)."""
    return SHORT_WINDOW + CHUNK + (1 if add_bos else 0)


# --- the text ------------------------------------------------------------------------------------

_SUBJECTS = ("The fisherman", "A grey gull", "The harbour master", "An old woman", "The night watchman",
             "A boy with a kite", "The miller", "Two sailors", "The schoolteacher", "A stray cat")
_VERBS = ("walked along", "looked across", "waited beside", "sang about", "painted", "forgot about",
          "argued over", "counted the boats near", "dreamed of", "swept the steps of")
_PLACES = ("the stone pier", "the salt marsh", "the chapel on the hill", "the fish market", "the long beach",
           "the broken mill", "the customs house", "the narrow bridge", "the orchard", "the tide pools")
_ENDINGS = ("while the rain began.", "before the sun went down.", "as the bells rang twice.",
            "and nobody noticed.", "for most of the morning.", "until the wind turned cold.",
            "with a basket of apples.", "though it was late in the year.", "and hummed an old tune.",
            "in the thick grey fog.")


def filler_sentences(seed: int = 7) -> Iterator[str]:
    """An endless, varied, fact-free story (no data set to download)."""
    rng = random.Random(seed)
    while True:
        yield f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_PLACES)} {rng.choice(_ENDINGS)}"


def build_text(model: NativeModel, length: int, depths: tuple[float, ...], filler: str = "",
               seed: int = 7) -> tuple[list[int], list[tuple[Needle, int]]]:
    """Tokens of a text of about `length` tokens (BOS first when the model wants one) with one
    needle per depth; returns the tokens and (needle, token index) of each planted fact."""
    tokens = [model.bos] if model.add_bos else []
    paragraphs = [p for p in filler.split("\n") if p.strip()] if filler.strip() else []
    source: Iterator[str] = iter(_cycle(paragraphs)) if paragraphs else filler_sentences(seed)
    planted: list[tuple[Needle, int]] = []
    order = sorted(range(len(depths)), key=lambda i: depths[i])
    pending = [(depths[i], NEEDLES[n % len(NEEDLES)]) for n, i in enumerate(order)]
    while len(tokens) < length:
        if pending and len(tokens) >= pending[0][0] * length:
            _, needle = pending.pop(0)
            planted.append((needle, len(tokens)))
            tokens += model.tokenize(" " + needle.fact, parse_special=False)
            continue
        tokens += model.tokenize(" " + next(source), parse_special=False)
    return tokens[:length], planted


def _cycle(items: list[str]) -> Iterator[str]:
    while True:
        yield from items


# --- reading and scoring --------------------------------------------------------------------------

def _logprob(logits: Any, n_vocab: int, token: int) -> float:
    """log-softmax of `logits` (an array, or llama.cpp's float pointer) at `token`."""
    values = logits if isinstance(logits, np.ndarray) else np.ctypeslib.as_array(logits, shape=(n_vocab,))
    top = float(values.max())
    return float(values[token]) - top - math.log(float(np.exp(values - top).sum()))


class _Reader:
    """Feeds tokens into a context, shifting the oldest ones out when asked to, and scores tails.

    Cancel is checked between decodes, and inside them by the abort callback where the backend asks
    it; there decodes are n_batch tokens (the fastest). Where it is not asked (a GPU), they are sized
    to take about probe_pace.BATCH_SECONDS: a 512-token decode near the end of a long window can take
    seconds. (Not small batches on the CPU: on a machine busy with other work each decode waits at
    ~600 thread barriers, measured 6 s for 8 tokens as for 512.)"""

    def __init__(self, ctx: NativeContext, n_vocab: int, shift: bool, cancelled: Callable[[], bool],
                 progress: Callable[[int], None], timing: Timing | None = None, abort: _Abort | None = None) -> None:
        self.ctx, self.n_vocab, self.shift = ctx, n_vocab, shift
        self.cancelled, self.progress, self.timing, self.abort = cancelled, progress, timing, abort
        self.mirror: list[int] = []
        self.shifted = 0
        self.batch = min(FIRST_BATCH, ctx.n_batch)
        self._last: np.ndarray | None = None  # the next-token logits after the last fed token

    def reset(self) -> None:
        self.ctx.clear()
        self.mirror, self.shifted, self._last = [], 0, None

    def feed(self, tokens: list[int], score: bool = False, counted: bool = True) -> list[float]:
        """Read `tokens`; with `score`, return the log-probability of each one given what came before.
        `counted`: the tokens are part of the progress (the baseline's lone BOS tokens are not)."""
        scores: list[float] = []
        start = 0
        while start < len(tokens):
            if self.cancelled():
                raise ProbeCancelled()
            batch = tokens[start:start + self.batch]
            self._make_room(len(batch))
            began, asked = time.perf_counter(), self.abort.asked if self.abort else 0
            if score and self._last is not None:
                scores.append(_logprob(self._last, self.n_vocab, batch[0]))
            self._decode(batch, len(self.mirror), logits_from=0 if score else None)
            if score:
                scores += [_logprob(self.ctx.logits_at(j), self.n_vocab, batch[j + 1]) for j in range(len(batch) - 1)]
            self._last = np.ctypeslib.as_array(self.ctx.logits_at(len(batch) - 1), shape=(self.n_vocab,)).copy()
            self._measured(len(self.mirror), len(batch), time.perf_counter() - began,
                           self.abort is not None and self.abort.asked > asked)
            self.mirror += batch
            start += len(batch)
            if counted:
                self.progress(len(batch))
        return scores

    def _decode(self, tokens: list[int], at: int, logits_from: int | None) -> None:
        try:
            self.ctx.decode(tokens, at, logits_from=logits_from)
        except DecodeError as exc:
            if exc.code == ABORTED and self.cancelled():
                raise ProbeCancelled() from exc
            raise

    def _measured(self, first: int, count: int, seconds: float, abortable: bool) -> None:
        if self.timing is not None:
            self.timing(first, count, seconds)
        if abortable:
            self.batch = self.ctx.n_batch
        elif 2 * count >= self.batch:  # (a short remainder says little about the time per token)
            self.batch = next_batch(self.batch, count, seconds, self.ctx.n_batch)

    def _make_room(self, count: int) -> None:
        limit = self.ctx.n_ctx - RESERVE
        if len(self.mirror) + count <= limit:
            return
        if not self.shift:
            raise ProbeError(f"the text ({len(self.mirror) + count} tokens) does not fit the window ({self.ctx.n_ctx})")
        keep = min(SINK_TOKENS, len(self.mirror))
        discard = min(max(count, self.ctx.n_ctx // 4), len(self.mirror) - keep)
        end = len(self.mirror)
        if not self.ctx.seq_rm(keep, keep + discard):
            raise ProbeError("llama.cpp refused to remove the oldest part of the window")
        self.ctx.seq_add(keep + discard, end, -discard)
        del self.mirror[keep:keep + discard]
        self.shifted += discard

    def answer_logprob(self, cue: list[int], answer: list[int]) -> float:
        """log P(answer | what is read, cue), teacher-forced; the question leaves the cache again."""
        if self.cancelled():
            raise ProbeCancelled()
        at = len(self.mirror)
        began = time.perf_counter()
        self._decode(cue + answer, at, logits_from=len(cue) - 1)
        if self.timing is not None:
            self.timing(at, len(cue) + len(answer), time.perf_counter() - began)
        total = sum(_logprob(self.ctx.logits_at(len(cue) - 1 + j), self.n_vocab, token) for j, token in enumerate(answer))
        self.ctx.seq_rm(at, -1)
        return total


def _question(model: NativeModel, needle: Needle) -> tuple[list[int], list[int]]:
    return (model.tokenize("\n\n" + needle.cue, parse_special=False),
            model.tokenize(needle.answer, parse_special=False))


def _ppl(scores: list[float]) -> float:
    return math.exp(-sum(scores) / len(scores)) if scores else float("nan")


# --- the probe ----------------------------------------------------------------------------------

def run_probe(model: NativeModel, facts: ModelFacts, base: LoadConfig, setting: ProbeSetting, length: int,
              depths: tuple[float, ...] | None = None, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None, shift: bool = False, filler: str = "",
              timing: Timing | None = None) -> ProbeResult:
    """Measure one setting: needle gains per depth and last-chunk perplexities. `progress(done, total)`
    counts the tokens read (the text, then short_read()); `timing` is told of every decode.

    With `shift`, the text is 1.5 windows long and read with context shifting; the needles sit in
    the part that stays, and the same window is then read fresh for comparison (`fresh_gain_nats`).
    """
    started = time.perf_counter()
    depths = tuple(sorted(depths or (SHIFTED_DEPTHS if shift else DEPTHS)))
    config = setting.apply(base)
    cancelled = cancelled or (lambda: False)
    rope = resolve_rope(config, facts.rope_freq_base, facts.rope_dim)
    params = context_params(config, rope)
    abort = _Abort(cancelled)
    set_fields(params, abort_callback=abort.callback)
    try:
        ctx = NativeContext(model, params)
    except Exception as exc:  # noqa: BLE001 - a context that cannot be made is a result, not a crash
        raise ProbeError(str(exc)) from exc
    try:
        if shift and not ctx.can_shift():
            raise ProbeError("this model's memory cannot shift")
        window = ctx.n_ctx - RESERVE
        total_tokens = int(window * 1.5) if shift else min(length, window)
        text, planted = build_text(model, total_tokens, depths, filler)
        questions = [_question(model, needle) for needle, _ in planted]
        work = len(text) * (2 if shift else 1) + short_read(model.add_bos)
        done = [0]

        def step(count: int) -> None:
            done[0] += count
            if progress:
                progress(min(done[0], work), work)

        reader = _Reader(ctx, model.n_vocab, shift, cancelled, step, timing, abort)
        baseline = []
        for cue, answer in questions:  # the same questions with nothing read
            reader.reset()
            reader.feed(text[:1] if model.add_bos else [], counted=False)
            baseline.append(reader.answer_logprob(cue, answer))
        reader.reset()
        reader.feed(text[:-CHUNK])
        full_scores = reader.feed(text[-CHUNK:], score=True)
        kept_from = reader.shifted  # how many text tokens (after the sink) were shifted out
        present = [i for i, (_, at) in enumerate(planted) if not shift or at >= SINK_TOKENS + kept_from]
        gains = [reader.answer_logprob(*questions[i]) - baseline[i] for i in present]
        fresh = None
        if shift:
            window_tokens = list(reader.mirror)
            reader.reset()
            reader.shift = False
            reader.feed(window_tokens)
            fresh = [reader.answer_logprob(*questions[i]) - baseline[i] for i in present]
        reader.reset()
        reader.shift = False
        head = text[:1] if model.add_bos else []
        reader.feed(head + text[-(CHUNK + SHORT_WINDOW):-CHUNK])
        short_scores = reader.feed(text[-CHUNK:], score=True)
        return ProbeResult(
            setting=setting.label, n_ctx=ctx.n_ctx, tokens=len(text), depths=[depths[i] for i in present],
            needle_gain_nats=[round(g, 3) for g in gains], ppl_last_chunk=round(_ppl(full_scores), 3),
            ppl_short_window=round(_ppl(short_scores), 3), seconds=round(time.perf_counter() - started, 2),
            tokens_shifted=kept_from,
            fresh_gain_nats=[round(g, 3) for g in fresh] if fresh is not None else None,
            overrides=dict(setting.overrides))
    finally:
        ctx.close()
