"""Story reading: the `read` job puts a chat's documents into the cache, in order, before the user
asks anything (cancel stops it between batches; what was read stays)."""

from __future__ import annotations

from typing import Any

from ..engine import Cancelled
from .chat_job import prepare
from .jobs import JobContext


def read(ctx: JobContext, request: dict[str, Any]) -> dict[str, Any]:
    """request: as for a reply (chat, system_prompt, history with the documents). Progress: the
    prompt's {"stage": "prompt", "done", "total"}. Result: reason "read" or "cancelled", and `data`
    with what was evaluated and how much of the first document the window holds."""
    ctx.cancel.check()
    key, chat = prepare(ctx, request)
    kv = ctx.state.require_engine().kv
    kv.cancel.clear()  # (a cancel of an earlier job is not this one's)
    remove = ctx.cancel.on_cancel(kv.cancel.set)
    started = kv.counters.copy()
    reason = "read"
    try:
        chat.read()
    except Cancelled:
        reason = "cancelled"
    except BaseException:
        ctx.state.forget_cache(key)  # the session and the cache may disagree now
        raise
    finally:
        remove()
    c = kv.counters
    docs = [i for i, m in enumerate(chat.messages) if m.document]
    window = chat.document_window(docs[0]) if docs else (0, 0, 0)
    data = {"prompt_tokens": c.prompt_tokens - started.prompt_tokens,
            "prompt_seconds": c.prompt_seconds - started.prompt_seconds,
            "tokens_discarded": c.tokens_discarded - started.tokens_discarded,
            "document_tokens": window[0], "document_dropped": window[1], "document_cached": window[2]}
    ctx.report.notice("context_map", {"chat": key, "map": chat.context_map()})
    return {"text": "", "stats": "", "notice": "", "reason": reason, "data": data}
