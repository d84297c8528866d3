"""One model family through the engine's whole path: load, a chat past the window, delete / edit back after
shifts, snapshot resume, the API's trimmed replays, the memory planner. benchmarks/families.py runs it at full
size (its docstring defines every figure), tests/test_families.py at a small size; both check `targets`.

Importable without pytest (tests/ must be on sys.path: it imports fresh_eval).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fresh_eval import fresh_forced, fresh_greedy, last_logits

from desktop.engine import Engine, LoadConfig, SamplerSettings, read_model_facts
from desktop.engine.chat import ChatSession
from desktop.engine.kv import common_prefix
from desktop.engine.prompt_reuse import fit_prompt
from desktop.engine.template import GgufTemplateFormat, Message, TurnFormat
from desktop.worker.api_job import ApiCache, Completion, fit_messages, prompt_pieces, run_completion

SYSTEM = "You are a helpful narrator of a long river journey."
NOTE = "[Keep it short and mention the river.]"
AGREEMENT_MIN = 0.95
RATIO_MAX = 1.05
PLANNER_MAX_PCT = 5.0
UNDERCOUNT = 0.02  # the OpenAI client thinks each message is this much shorter than it is


@dataclass(frozen=True)
class Sizes:
    blocks: int = 10  # scripted blocks of `block` messages, each followed by a generated reply
    block: int = 8
    block_reply: int = 8  # tokens of each reply in the chat past the window
    delete: int = 16  # messages deleted after shifts
    agree_tokens: int = 64  # greedy tokens compared with a fresh evaluation
    api_turns: int = 40
    api_prefill: int = 0  # scripted pairs the client's chat already holds before the first request
    api_reply: int = 20  # tokens of each API reply (max_tokens / max_length: the client's reserve)
    resume_turns: int = 24  # scripted pairs before the snapshot
    diagnostics: bool = True  # also a teacher-forced top-1 agreement for each compared reply (a second fresh pass)


@dataclass(frozen=True)
class Family:
    name: str
    path: str
    n_ctx: int
    tiny: bool = False  # random weights and a tiny vocabulary: messages from its few words
    api_n_ctx: int = 0  # the context of the API replays (0: n_ctx)


# --- text ------------------------------------------------------------------------------------------


def history(turns: int, tiny: bool, start: int = 0) -> list[tuple[str, str]]:
    out = []
    for i in range(start, start + turns):
        if tiny:
            out.append(("user", f"the dragon {i} a story the {i % 7}"))
            out.append(("assistant", f"a story {i} the dragon a {i % 5} the"))
        else:
            out.append(("user", f"Day {i}: the boat passed village number {i} and the captain counted {i * 7} fish."))
            out.append(("assistant", f"On day {i} we saw {i + 3} herons, and the water was {'calm' if i % 2 else 'fast'}."))
    return out


def user_turn(t: int, tiny: bool) -> str:
    return f"the dragon {t} a story" if tiny else f"Turn {t}: tell me about glade number {t} of the forest."


def greedy(tokens: int) -> SamplerSettings:
    return SamplerSettings(temperature=0.0, repeat_penalty=1.0, max_tokens=tokens, ignore_eos=True, seed=1)


def agreement(a: list[int], b: list[int]) -> float:
    return sum(x == y for x, y in zip(a, b)) / max(1, len(b))


def shown(chat: ChatSession) -> list[tuple[str, str]]:
    return [(m.role, m.content) for m in chat.messages]


# --- load, template, planner ------------------------------------------------------------------------------


def template_row(engine: Engine) -> dict[str, Any]:
    ships = bool(engine.facts.chat_template)
    used = "model's own" if isinstance(engine.chat_format.format, GgufTemplateFormat) else "plain"
    expected = "model's own" if ships else "plain"
    return {"template": used, "template_expected": expected, "template_notice": engine.chat_format.notice,
            "template_ok": used == expected}


def planner_row(engine: Engine) -> dict[str, Any]:
    """Planned vs llama.cpp-reported weights, KV (K + V) and compute for the engine's load, as
    benchmarks/memory_plan.py compares them; `planner_error_pct` is the largest part's error."""
    from desktop.engine.devices import gpu_devices
    from desktop.monitor.gpu import gpu_backend
    from desktop.monitor.planner import plan_memory
    from desktop.monitor.reported import parse_llama_log
    from desktop.monitor.shape import ModelShape

    reported = parse_llama_log(engine.load_log)
    devices = gpu_devices()
    shape = ModelShape.from_facts(read_model_facts(engine.config.model_path))
    plan = plan_memory(shape, engine.config, len(devices), backend=gpu_backend(devices))
    actual = {"weights": reported.total("weights"), "kv": reported.kv_k + reported.kv_v,
              "compute": reported.total("compute")}
    planned = {"weights": plan.total("weights"), "kv": plan.total("kv_k") + plan.total("kv_v"),
               "compute": plan.total("compute")}
    parts = {}
    for part in actual:
        error = abs(planned[part] - actual[part]) / actual[part] * 100 if actual[part] else None
        parts[part] = {"planned": planned[part], "reported": actual[part],
                       "error_pct": None if error is None else round(error, 3)}
    row: dict[str, Any] = {"planner_parts": parts, "planner_notes": list(plan.notes)}
    if shape.recurrent:
        row["planner_error_pct"] = None
        row["planner_null_reason"] = ("recurrent model: the planner does not model its recurrent state (llama.cpp "
                                      "logs it as a recurrent memory, not a KV cache: the planner says "
                                      f"{'; '.join(plan.notes) or 'nothing'}) nor a recurrent graph's compute "
                                      f"buffer (compute {parts['compute']['error_pct']} % off), so weights + KV + "
                                      "compute cannot be compared")
        return row
    if not reported.found or any(p["error_pct"] is None for p in parts.values()):
        row["planner_error_pct"] = None
        row["planner_null_reason"] = "llama.cpp's load log did not report every part"
        return row
    row["planner_error_pct"] = max(p["error_pct"] for p in parts.values())
    total_planned, total_reported = sum(planned.values()), sum(actual.values())
    row["planner_total_error_pct"] = round(abs(total_planned - total_reported) / total_reported * 100, 3)
    return row


# --- cut back after shifts -------------------------------------------------------------------------------


class _NoStops(TurnFormat):
    """The chat's format with its stop strings off (the plain format stops on `\nUser:`): the compared reply
    is `agree_tokens` long, as ignore_eos makes it for the end-of-generation tokens. Renders the same text."""

    def __init__(self, inner: TurnFormat) -> None:
        self.inner = inner

    def system(self, content: str) -> str:
        return self.inner.system(content)

    def message(self, history: list[Message], message: Message) -> str:
        return self.inner.message(history, message)

    def generation_prompt(self, history: list[Message]) -> str:
        return self.inner.generation_prompt(history)

    def context_length(self, count: int) -> int:
        return self.inner.context_length(count)

    @property
    def signature(self) -> str:
        return self.inner.signature

    @property
    def stop(self) -> list[str]:
        return []


def _moved(before: Any, after: Any) -> bool:
    return after.shifts > before.shifts or after.fallback_drops > before.fallback_drops


def _layout(recorded: list[tuple[int, int]], length: int, n_batch: int) -> list[int] | None:
    """The batch sizes the cache's first `length` tokens were decoded in, as far as one turn shows: the
    batches decoded while loading it (contiguous, ending at `length`), after n_batch chunks of what was
    cached before. None when the recorded batches do not describe it."""
    batches = [(pos, n) for pos, n in recorded if pos < length]
    if not batches or sum(n for _, n in batches) != length - batches[0][0]:
        return None
    if any(b[0] != a[0] + a[1] for a, b in zip(batches, batches[1:])):
        return None
    start = batches[0][0]
    return [min(n_batch, start - i) for i in range(0, start, n_batch)] + [n for _, n in batches]


def _greedy_vs_fresh(engine: Engine, chat: ChatSession, tokens: int, diagnostics: bool) -> dict[str, Any]:
    """A greedy reply after the chat as it now is, against a fresh evaluation of the same prompt tokens (split
    into batches as the cache was, and in n_batch chunks)."""
    kv = engine.kv
    before = kv.counters.copy()
    fmt = chat.format
    chat.format = _NoStops(fmt)
    native = engine.native
    recorded: list[tuple[int, int]] = []
    decode = native.decode

    def recording(batch, start_pos, *args, **kw):  # noqa: ANN001, ANN002, ANN003 - NativeContext.decode's
        recorded.append((start_pos, len(batch)))
        return decode(batch, start_pos, *args, **kw)

    native.decode = recording  # type: ignore[method-assign]
    try:
        reply = chat.reply(greedy(tokens))
        started = time.perf_counter()
        reply.run()
    finally:
        chat.format = fmt
        del native.decode
    kv.check_invariant()
    after = kv.counters
    if _moved(before, after):  # the fresh evaluation below would not see the window the reply saw
        raise AssertionError(f"the window moved during the compared reply: {before} -> {after}")
    prompt = kv.tokens[:len(kv.tokens) - len(reply.tokens)]
    layout = _layout(recorded, len(prompt), kv.n_batch)
    expected = fresh_greedy(engine, prompt, len(reply.tokens), batches=layout)
    row = {"agreement": round(agreement(reply.tokens, expected), 4), "tokens": len(reply.tokens),
           "first_difference": common_prefix(reply.tokens, expected) if reply.tokens != expected else None,
           "batches": layout,
           "prompt_tokens": len(prompt), "evaluated": after.prompt_tokens - before.prompt_tokens,
           "reprocessed": after.tokens_reprocessed - before.tokens_reprocessed,
           "swa_rebuilds": after.swa_rebuilds - before.swa_rebuilds,
           "checkpoint_restores": kv.checkpoints.restores, "seconds": round(time.perf_counter() - started, 2)}
    row["teacher_forced_top1"] = round(agreement(reply.tokens, fresh_forced(engine, prompt, reply.tokens,
                                                                           batches=layout)), 4)
    if diagnostics:
        chunked = fresh_greedy(engine, prompt, len(reply.tokens)) if layout is not None else expected
        row["agreement_n_batch_chunks"] = round(agreement(reply.tokens, chunked), 4)
    return row


def _grow(chat: ChatSession, entries: list[tuple[str, str]], reply_tokens: int, seed: int) -> None:
    chat.sync(SYSTEM, entries)
    chat.reply(SamplerSettings(max_tokens=reply_tokens, seed=seed, ignore_eos=True)).run()


def cut_back_row(engine: Engine, fam: Family, sizes: Sizes) -> dict[str, Any]:
    """Delete the last messages after shifts, then edit a message after shifts again; greedy agreement of
    each with a fresh evaluation; `cut_back_top1_agreement` is the lower one."""
    kv = engine.kv
    kv.reset()
    chat = engine.new_chat(SYSTEM)
    script = history(sizes.blocks * sizes.block // 2, fam.tiny)
    for b in range(sizes.blocks):
        _grow(chat, shown(chat) + script[b * sizes.block:(b + 1) * sizes.block], sizes.block_reply, b)
    full = shown(chat)
    shifts_before_delete = kv.counters.shifts
    dropped_before_delete = kv.counters.tokens_discarded
    row: dict[str, Any] = {"messages": len(full), "shifts_before_delete": shifts_before_delete,
                           "tokens_dropped_before_delete": dropped_before_delete,
                           "swa_floor_before_delete": kv.swa.floor if kv.swa.active else None}
    # delete the last `delete` messages
    chat.sync(SYSTEM, full[:-sizes.delete])
    row["delete"] = _greedy_vs_fresh(engine, chat, sizes.agree_tokens, sizes.diagnostics)
    # grow the chat past the window again (the deleted messages come back, the window shifts), then edit
    shifts_before = kv.counters.shifts
    _grow(chat, full, sizes.block_reply, 99)
    _grow(chat, shown(chat) + history(sizes.block // 2, fam.tiny, start=500), sizes.block_reply, 100)
    row["shifts_before_edit"] = kv.counters.shifts - shifts_before
    entries = shown(chat)
    # delete the fewest newest messages that leave room for the reply, then edit the message four from the end
    suffix = " a dragon the story" if fam.tiny else " And a kingfisher dived for a silver fish."
    room, cut = 0, len(chat.messages)
    while room < sizes.agree_tokens + 16 + len(engine.model.tokenize(suffix)):
        cut -= 1
        room += len(chat.messages[cut].tokens or [])
    edited = entries[:cut]
    index = len(edited) - 4
    role, text = edited[index]
    edited[index] = (role, text + suffix)
    chat.sync(SYSTEM, edited)
    row["edit"] = _greedy_vs_fresh(engine, chat, sizes.agree_tokens, sizes.diagnostics)
    row["edit"]["deleted_after"] = len(entries) - cut
    row["shifted"] = shifts_before_delete > 0 and row["shifts_before_edit"] > 0
    # Top-1 agreement step by step (the fresh context fed the engine's reply): after shifts, kept cells
    # still carry what they saw of the dropped tokens, so a free-running greedy reply parts from a fresh
    # one at its first close call and never comes back (SmolLM2: 0.58 free-running, 0.98 step by step;
    # with shifting off, 1.0 both). The free-running figure is kept as `greedy_agreement`.
    row["cut_back_top1_agreement"] = min(row["delete"]["teacher_forced_top1"], row["edit"]["teacher_forced_top1"])
    row["greedy_agreement"] = min(row["delete"]["agreement"], row["edit"]["agreement"])
    return row


# --- snapshot resume ------------------------------------------------------------------------------------------


def _probe(engine: Engine) -> tuple[int, list[float]]:
    """The next-token logits after one probe token on top of the cache, which is then cut back (a recurrent
    state goes back to a checkpoint taken just before)."""
    kv = engine.kv
    n = len(kv.tokens)
    if kv.free < 1:
        raise AssertionError("no room for the probe token")
    kv.checkpoint()
    probe = engine.model.tokenize(" The")[0]
    kv.evaluate([(("probe",), [probe])])
    logits = last_logits(engine.native.ptr, engine.model.n_vocab)
    kv.truncate(n)
    kv.check_invariant()
    return int(logits.argmax()), logits


def resume_row(engine: Engine, fam: Family, sizes: Sizes, load: Callable[[], Engine], folder: Path) -> dict[str, Any]:
    """Save a snapshot after a chat past the window with an author's note; restore it into a fresh engine;
    compare the next token's argmax; count what was evaluated again."""
    from desktop.engine.snapshot import SnapshotStore

    kv = engine.kv
    kv.reset()
    store = SnapshotStore(folder)
    chat = engine.new_chat(SYSTEM)
    chat.note = NOTE
    chat.sync(SYSTEM, history(sizes.resume_turns, fam.tiny))
    chat.reply(SamplerSettings(max_tokens=16, seed=4, ignore_eos=True)).run()
    for t in range(3):  # a few turns on a full window: it shifts (or drops, where it cannot shift)
        chat.send(user_turn(t, fam.tiny), SamplerSettings(max_tokens=16, seed=5 + t, ignore_eos=True)).run()
    moved = kv.counters.shifts + kv.counters.fallback_drops
    saved = store.save(engine, chat, "families")
    if not saved.ok:
        return {"resume_top1_same": False, "reason": saved.reason}
    messages = shown(chat)
    mirror = list(kv.tokens)
    top_before, logits_before = _probe(engine)
    row: dict[str, Any] = {"snapshot_tokens": saved.tokens, "window_moves_before_save": moved,
                           "snapshot_bytes": saved.size}
    fresh = load()
    try:
        again = fresh.new_chat(SYSTEM)
        again.note = chat.note
        again.sync(SYSTEM, messages)
        started = time.perf_counter()
        restored = store.restore(fresh, again, "families")
        row["restore_seconds"] = round(time.perf_counter() - started, 3)
        if not restored.ok:
            return {**row, "resume_top1_same": False, "reason": restored.reason}
        c = fresh.kv.counters
        row["same_cache"] = fresh.kv.tokens == mirror
        row["reprocessed_on_restore"] = c.tokens_reprocessed + c.prompt_tokens
        row["swa_rebuilds_on_restore"] = c.swa_rebuilds
        top_after, logits_after = _probe(fresh)
        row["max_logit_diff"] = round(float(abs(logits_after - logits_before).max()), 4)
        fresh.kv.check_invariant()
        turn = again.send("And the next day?", SamplerSettings(max_tokens=4, seed=9))
        turn.run()
        row["next_turn_prompt_tokens"] = turn.stats.prompt_tokens
        row["next_turn_reprocessed"] = turn.stats.tokens_reprocessed
        row["resume_top1_same"] = bool(top_after == top_before and row["same_cache"]
                                       and row["reprocessed_on_restore"] == 0)
        return row
    finally:
        fresh.close()


# --- the API's trimmed replays ---------------------------------------------------------------------------------


def ideal_new(cached: list[int], prompt: list[int], insert: int = 64) -> int:
    """Prompt tokens that must be evaluated at least, given what the cache holds: those that neither continue
    the cache's common prefix nor belong to the longest run of the prompt found again in the cache after it
    (the cache with a dropped piece cut out). The run may start up to `insert` prompt tokens later (an empty
    turn that an alternating template puts before a new first message): those count as new. At least one
    (the last prompt token is always evaluated for its logits)."""
    shared = common_prefix(cached, prompt)
    best = 0
    places: dict[int, list[int]] = {}
    for k in range(shared, len(cached)):
        places.setdefault(cached[k], []).append(k)
    for j in range(shared, min(len(prompt), shared + insert + 1)):
        for k in places.get(prompt[j], ()):
            run = 0
            while k + run < len(cached) and j + run < len(prompt) and cached[k + run] == prompt[j + run]:
                run += 1
            best = max(best, run)
    return max(1, len(prompt) - shared - best)


def _final_tokens(engine: Engine, job: Completion) -> list[int]:
    """The prompt run_completion loads for `job` (the same pieces and trimming)."""
    prompt = prompt_pieces(engine, job)
    window = min(engine.n_ctx, job.max_context) if job.max_context > 0 else engine.n_ctx
    max_tokens = int(job.sampler["max_tokens"])
    reserve = min(max_tokens if max_tokens > 0 else window // 4, window // 2)
    if prompt.whole_messages:
        return fit_messages(engine, job, prompt, window, reserve)[1]
    return fit_prompt(prompt.tokens, len(prompt.pinned), window, reserve)[0]


def openai_request(engine: Engine, chat: list[tuple[str, str]], reply_tokens: int) -> tuple[Completion, int]:
    """What an OpenAI-style client sends: the system message and the newest messages that fit the window less
    max_tokens by its count, which takes each message as 2 % shorter than it is. Returns (job, dropped)."""
    messages = [{"role": "system", "content": SYSTEM}] + [{"role": r, "content": t} for r, t in chat]
    sampler = {"max_tokens": reply_tokens, "temperature": 0.0, "repeat_penalty": 1.0, "ignore_eos": True, "seed": 1}
    whole = prompt_pieces(engine, Completion(kind="chat", sink=lambda *_: None, messages=messages, sampler=sampler))
    budget = engine.n_ctx - reply_tokens
    fixed = len(whole.pinned) + len(whole.tail)
    keep, used = 0, (1 - UNDERCOUNT) * fixed
    for piece in reversed(whole.pieces):
        if used + (1 - UNDERCOUNT) * len(piece) > budget:
            break
        used += (1 - UNDERCOUNT) * len(piece)
        keep += 1
    keep = max(1, keep)
    sent = messages[:1] + messages[len(messages) - keep:]
    return Completion(kind="chat", sink=lambda *_: None, messages=sent, sampler=sampler,
                      client="families-openai", endpoint="/v1/chat/completions"), len(chat) - keep


def kobold_request(engine: Engine, chat: list[tuple[str, str]], reply_tokens: int) -> tuple[Completion, int]:
    """What a SillyTavern-style text client sends to /api/v1/generate: it builds the prompt itself, the story
    string (system text) first, then the newest `Name: text` lines that fit max_context_length - max_length by
    its own count (the backend's tokenizer, line by line), then `Assistant:`. Returns (job, dropped)."""
    tokenize = engine.model.tokenize
    memory = f"{SYSTEM}\n\n"
    lines = [f"{'User' if r == 'user' else 'Assistant'}: {t.strip()}\n" for r, t in chat]
    opener = "Assistant:"
    budget = engine.n_ctx - reply_tokens
    used = 1 + len(tokenize(memory)) + len(tokenize(opener))
    keep = 0
    for line in reversed(lines):
        cost = len(tokenize(line))
        if used + cost > budget:
            break
        used += cost
        keep += 1
    keep = max(1, keep)
    prompt = memory + "".join(lines[len(lines) - keep:]) + opener
    sampler = {"max_tokens": reply_tokens, "temperature": 0.0, "repeat_penalty": 1.0, "ignore_eos": True,
               "seed": 1, "stop": ["\nUser:", "\nAssistant:"]}
    return Completion(kind="text", sink=lambda *_: None, prompt=prompt, sampler=sampler, max_context=engine.n_ctx,
                      client="families-kobold", endpoint="/api/v1/generate"), len(chat) - keep


def api_replay(engine: Engine, fam: Family, sizes: Sizes, api: str) -> dict[str, Any]:
    """Replay a chat of `api_turns` turns through run_completion; `reprocess_ratio` = evaluated / new over
    the turns after the window is full (the client or Fireside dropped messages), the first request (an empty
    cache) left out."""
    kv = engine.kv
    kv.reset()
    cache = ApiCache()
    chat: list[tuple[str, str]] = history(sizes.api_prefill, fam.tiny, start=200)
    previous: list[int] = []
    turns = []
    make = openai_request if api == "openai" else kobold_request
    for t in range(sizes.api_turns):
        chat.append(("user", user_turn(t, fam.tiny)))
        job, client_dropped = make(engine, chat, sizes.api_reply)
        prompt = _final_tokens(engine, job)
        new = ideal_new(previous, prompt)
        before = kv.counters.copy()
        result = run_completion(engine, job, cache, lambda _gen: None, lambda _p: None)
        after = kv.counters
        reuse = result["reuse"]
        if kv.tokens[:len(prompt)] != prompt and not result["shifts"]:
            raise AssertionError("the cache does not hold the prompt run_completion was given")
        evaluated = (after.prompt_tokens - before.prompt_tokens) + (after.tokens_reprocessed - before.tokens_reprocessed)
        turns.append({"turn": t, "prompt": len(prompt), "new": new, "evaluated": evaluated,
                      "client_dropped": client_dropped, "fireside_trimmed": reuse["truncated"],
                      "cuts": len(reuse["cuts"]), "cut_tokens": reuse["cut_tokens"], "shifts": result["shifts"],
                      "full": t > 0 and (client_dropped > 0 or reuse["truncated"] > 0)})
        previous = list(kv.tokens)
        chat.append(("assistant", result["text"].strip() or "..."))
    full = [x for x in turns if x["full"]]
    evaluated, new = sum(x["evaluated"] for x in full), sum(x["new"] for x in full)
    worst = max(full, key=lambda x: x["evaluated"] - x["new"], default=None)
    return {"turns": len(turns), "turns_full": len(full), "evaluated": evaluated, "new": new,
            "reprocess_ratio": round(evaluated / new, 4) if new else None,
            "fireside_trimmed_turns": sum(x["fireside_trimmed"] > 0 for x in full),
            "client_dropped_turns": sum(x["client_dropped"] > 0 for x in full),
            "turns_with_cuts": sum(x["cuts"] > 0 for x in full), "worst_turn": worst}


# --- one family ---------------------------------------------------------------------------------------------


def run_family(fam: Family, sizes: Sizes, threads: int = 1, folder: Path | None = None) -> dict[str, Any]:
    def load(n_ctx: int = fam.n_ctx) -> Engine:
        return Engine.load(LoadConfig(fam.path, n_ctx=n_ctx, n_threads=threads))

    started = time.perf_counter()
    engine = load()
    try:
        row: dict[str, Any] = {"model": Path(fam.path).name, "n_ctx": engine.n_ctx, "n_swa": engine.kv.swa.n_swa,
                               "load_seconds": round(engine.load_seconds, 3), "can_shift": engine.can_shift,
                               "shift_notice": engine.shift_notice() or None,
                               "recurrent": engine.native.is_recurrent()}
        if not engine.can_shift:
            row["shifting"] = "unavailable"
        row.update(template_row(engine))
        row.update(planner_row(engine))
        phases: dict[str, float] = {}
        mark = time.perf_counter()
        row["cut_back"] = cut_back_row(engine, fam, sizes)
        row["cut_back_top1_agreement"] = row["cut_back"]["cut_back_top1_agreement"]
        phases["cut_back"], mark = round(time.perf_counter() - mark, 1), time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="families-", dir=folder) as tmp:
            row["resume"] = resume_row(engine, fam, sizes, load, Path(tmp))
        row["resume_top1_same"] = row["resume"]["resume_top1_same"]
        phases["resume"], mark = round(time.perf_counter() - mark, 1), time.perf_counter()
        api_engine = engine if fam.api_n_ctx in (0, fam.n_ctx) else load(fam.api_n_ctx)
        try:
            row["api"] = {}
            for api in ("kobold", "openai"):
                row["api"][api] = api_replay(api_engine, fam, sizes, api)
                phases[f"api_{api}"], mark = round(time.perf_counter() - mark, 1), time.perf_counter()
            row["api_n_ctx"] = api_engine.n_ctx
        finally:
            if api_engine is not engine:
                api_engine.close()
        row["phase_seconds"] = phases
        row["reprocess_ratio"] = {api: r["reprocess_ratio"] for api, r in row["api"].items()}
    finally:
        engine.close()
    row["targets"] = targets(row)
    row["targets_met"] = all(v for v in row["targets"].values() if v is not None)
    row["seconds"] = round(time.perf_counter() - started, 1)
    return row


def targets(row: dict[str, Any]) -> dict[str, bool | None]:
    """Each target met (True), missed (False) or not applicable (None: reprocessing on a memory that
    cannot shift, the planner on what it does not model)."""
    out: dict[str, bool | None] = {
        "cut_back_top1_agreement": row["cut_back_top1_agreement"] >= AGREEMENT_MIN,
        "window_moved_before_cut_back": bool(row["cut_back"]["shifted"]) if row["can_shift"] else
        row["cut_back"]["tokens_dropped_before_delete"] > 0,
        "template": row["template_ok"],
        "resume_top1_same": bool(row["resume_top1_same"]),
        "window_moved_before_snapshot": row["resume"].get("window_moves_before_save", 0) > 0,
    }
    for api, ratio in row["reprocess_ratio"].items():
        out[f"reprocess_ratio_{api}"] = (ratio is not None and ratio <= RATIO_MAX) if row["can_shift"] else None
    pct = row.get("planner_error_pct")
    out["planner_error_pct"] = None if pct is None and row.get("planner_null_reason") else (
        pct is not None and pct <= PLANNER_MAX_PCT)
    return out


def sizes_dict(sizes: Sizes) -> dict[str, int]:
    return asdict(sizes)
