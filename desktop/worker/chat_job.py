"""A chat turn: the `reply` job (a new reply, or continuing the last one) on the chat's session."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..engine import Cancelled, ChatSession, ContextFull, DecodeError, SamplerSettings
from ..engine.lore_spans import MEMORY_KEY, MEMORY_LABEL, LoreItem
from . import faults
from .data import result as gen_result
from .jobs import JobContext, JobFailed
from .protocol import FAILED, REFUSED


def prepare(ctx: JobContext, request: dict[str, Any]) -> tuple[object, ChatSession]:
    """The chat's session, synced to the request's history (request: chat (key), system_prompt,
    history [(role, text)], history_start, note, user_name, char_name, memory (text), lore (this turn's
    in-chat entries: {key, text, placement, depth})). Refusals touch nothing."""
    engine = ctx.state.require_engine()
    key = request.get("chat")
    history = [tuple(m) for m in request.get("history", [])]
    start = request.get("history_start", 0)
    if not isinstance(start, int) or start < 0:
        raise JobFailed(f"history_start must be a whole number >= 0, not {start!r}", REFUSED)
    lore = request.get("lore") or []
    memory = request.get("memory") or ""
    if not isinstance(lore, list) or not isinstance(memory, str):
        raise JobFailed("lore must be a list of entries and memory a text", REFUSED)
    try:
        items = [LoreItem.from_data(item) for item in lore]
    except (TypeError, ValueError) as exc:
        raise JobFailed(f"a lorebook entry is not well formed: {exc}", REFUSED) from exc
    if memory.strip():  # placed like an entry: frozen at the turn it changed in (see README, Lore and memory)
        items.insert(0, LoreItem(MEMORY_KEY, f"{MEMORY_LABEL}\n{memory.strip()}"))
    ctx.state.hold_cache(key)
    names = (str(request.get("user_name") or "") or None, str(request.get("char_name") or "") or None)
    chat = ctx.state.session(key, request.get("system_prompt", ""), history, start, names)
    chat.set_format(engine.format_for(*names))

    def on_prompt(done: int, total: int) -> None:
        faults.point("prompt")
        ctx.report.progress({"stage": "prompt", "done": done, "total": total})

    chat.on_prompt_progress = on_prompt
    chat.sync(request.get("system_prompt", ""), history, start)
    chat.set_lore(items, continuing=request.get("mode") == "continue")
    chat.note = request.get("note", "")
    watch_shifts(ctx, key, chat)
    return key, chat


def reply(ctx: JobContext, request: dict[str, Any]) -> dict[str, Any]:
    """request: see `prepare`, plus mode "reply"|"continue" and sampler. Streams tokens; the result
    is data.result's dict and `history_short`."""
    ctx.state.require_engine()
    settings = sampler_of(request)
    ctx.cancel.check()
    key = request.get("chat")
    with cache_reset_on_failure(ctx, key):
        key, chat = prepare(ctx, request)
        gen = chat.continue_last(settings) if request.get("mode") == "continue" else chat.reply(settings)
        ctx.cancel.on_cancel(gen.cancel)
        for count, piece in enumerate(gen, 1):
            faults.point("token", count)
            ctx.report.token(piece)
    ctx.report.notice("context_map", {"chat": key, "map": chat.context_map()})
    return {**gen_result(gen), "history_short": chat.history_short}


@contextmanager
def cache_reset_on_failure(ctx: JobContext, key: object) -> Iterator[None]:
    """A refusal (JobFailed, raised before the cache was touched) leaves the cache; any other failure may
    have left the chat's session and the cache disagreeing, so both start afresh."""
    try:
        yield
    except JobFailed:
        raise
    except (ContextFull, DecodeError, ValueError, Cancelled) as exc:
        ctx.state.forget_cache(key)
        raise JobFailed(str(exc), FAILED) from exc
    except BaseException:
        ctx.state.forget_cache(key)
        raise


def sampler_of(request: dict[str, Any]) -> SamplerSettings:
    try:
        settings = SamplerSettings.from_dict(request.get("sampler", {}))
    except (TypeError, ValueError) as exc:
        raise JobFailed(f"sampler settings: {exc}", REFUSED) from exc
    problems = settings.problems()
    if problems:
        raise JobFailed("; ".join(f"{name}: {msg}" for name, msg in problems), REFUSED)
    return settings


def watch_shifts(ctx: JobContext, key: object, chat: ChatSession) -> None:
    """Send the context map after shifts (at most every 0.2 s), so the map moves live."""
    engine = ctx.state.require_engine()
    last = [0.0]

    def on_shift(_event: object) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.2:
            last[0] = now
            ctx.report.notice("context_map", {"chat": key, "map": chat.context_map()})

    engine.kv.on_shift = on_shift
