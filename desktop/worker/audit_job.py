"""The `audit` job: does the KV cache hold exactly what the chat shows? (Diagnostics: the soak test
runs it after every turn.) It checks, in the engine process, that the token mirror matches the cache,
the pinned block is at the top, every cached span is its message's tokens (or the note's), and that
the engine's messages are the ones the window shows."""

from __future__ import annotations

from typing import Any

from ..engine.chat import DOCUMENT_CHUNK
from ..engine.lore_spans import is_lore_key
from .jobs import JobContext


def audit(ctx: JobContext, args: dict[str, Any]) -> dict[str, Any]:
    """args: chat (key), shown [(role, text, document)]. Result: failures (sentences), and what a
    caller needs to judge a turn's cost: each message's id and evaluated length, the note's and the
    pinned block's lengths, and the cache's first tokens."""
    engine = ctx.state.require_engine()
    kv = engine.kv
    chat = ctx.state.sessions.get(args.get("chat"))
    head = list(kv.tokens[:512])
    if chat is None:
        return {"failures": ["no session for the shown chat"], "messages": [], "head": head}
    failures: list[str] = []
    try:
        kv.check_invariant()
    except AssertionError as exc:
        failures.append(str(exc))
    shown = [tuple(m) for m in args.get("shown", [])]
    if [(m.role, m.content, m.document) for m in chat.messages] != shown:
        failures.append("the engine's messages differ from the chat shown")
    if kv.tokens[:kv.n_keep] != chat.pinned_tokens:
        failures.append("the pinned block is not at the top of the cache")
    by_id = {m.id: m for m in chat.messages}
    position = kv.n_keep
    for i, span in enumerate(kv.spans):
        cached = kv.tokens[position:position + span.length]
        position += span.length
        key = span.key[0] if isinstance(span.key, tuple) and span.key[0] in by_id else span.key
        if isinstance(span.key, tuple) and span.key[0] == "note":
            if cached != chat._note_tokens():
                failures.append("the note in the cache is not the chat's note")
            continue
        if is_lore_key(span.key):  # a lorebook entry or the memory, placed after one of the chat's messages
            anchor = next((a for a in chat.lore.anchors.values() if a.key == span.key), None)
            if anchor is None or span.key[2] not in by_id:  # type: ignore[index]
                failures.append("the cache holds a lorebook entry the chat does not have")
            elif anchor.tokens is not None and cached != anchor.tokens[len(anchor.tokens) - span.length:]:
                failures.append(f"the lorebook entry {anchor.entry!r} in the cache is not its text")
            continue
        msg = by_id.get(key)
        if msg is None:
            failures.append("the cache holds a message the chat does not show")
            continue
        live = chat.timeline.live_tokens(span.key, _span_tokens(msg, span.key))
        last = i == len(kv.spans) - 1
        if live is None or (cached != live and not (last and live[:len(cached)] == cached)):
            failures.append(f"message {chat.messages.index(msg)} in the cache is not its text")
    messages = [[m.id, len(m.tokens or []) - chat.timeline.partial.get(m.id, 0), m.document]
                for m in chat.messages]
    lore = [[a.entry, a.after, len(a.tokens or [])] for a in chat.lore.anchors.values()]
    return {"failures": failures, "messages": messages, "head": head, "pinned": list(chat.pinned_tokens),
            "note": chat.note, "note_tokens": len(chat._note_tokens()), "lore": lore}


def _span_tokens(msg: Any, key: Any) -> list[int]:
    tokens = msg.tokens or []
    if isinstance(key, tuple):
        return list(tokens[key[1] * DOCUMENT_CHUNK:(key[1] + 1) * DOCUMENT_CHUNK])
    return list(tokens)
