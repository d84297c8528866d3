"""Fireside's global lorebooks for chats that come through the local API, when the user turns it on (a
client like SillyTavern sends its own world info; a plain OpenAI client sends none).

The client sends the whole conversation each time, so the cache is kept the same way as in the window:
an entry that turns on is inserted as a system message right after the message it triggered on, and on
every later request at that same message again (found by its text), so the prompt the engine sees
only grows at the end. An entry that turns off is simply left out: the engine's prompt reuse cuts its
piece out of the middle of the cache (prompt_reuse), and nothing after it is evaluated again.
Constant entries join the first system message.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable

from .lore_chat import estimate_tokens
from .lore_scan import PINNED, ScanResult, TimedState, scan
from .lorebook import AFTER_CHAR, BEFORE_CHAR, Lorebook

LORE_FLAG = "fireside_lore"  # marks an inserted message (the engine may render it as a bracketed user turn)


def _hash(message: dict[str, str]) -> str:
    return hashlib.sha1(f"{message['role']}\0{message['content']}".encode()).hexdigest()


class ApiLore:
    def __init__(self, books: Callable[[], list[tuple[str, Lorebook]]],
                 count_tokens: Callable[[str], int] = estimate_tokens) -> None:
        self.books = books  # read on every request (the user may edit them meanwhile)
        self.count_tokens = count_tokens
        self.state = TimedState()
        self.anchors: dict[str, str] = {}  # entry key -> hash of the message it follows
        self.last: ScanResult | None = None
        self._lock = threading.Lock()  # requests are served one at a time, but be safe

    def apply(self, messages: list[dict[str, str]], n_ctx: int) -> list[dict[str, str]]:
        books = self.books()
        if not books or not messages:
            return messages
        with self._lock:
            turns = [m["content"] for m in messages if m["role"] != "system"]
            result = scan(books, turns[-100:], len(turns), n_ctx, self.state, self.count_tokens)
            self.last = result
            pinned = "\n".join(e.content for e in result.placed(BEFORE_CHAR, PINNED, AFTER_CHAR))
            out = [dict(m) for m in messages]
            if pinned:
                if out[0]["role"] == "system":
                    out[0]["content"] = f"{out[0]['content']}\n\n{pinned}"
                else:
                    out.insert(0, {"role": "system", "content": pinned})
            hashes = [_hash(m) for m in messages]
            last_user = next((h for m, h in zip(reversed(messages), reversed(hashes)) if m["role"] == "user"), hashes[-1])
            anchors: dict[str, str] = {}
            for entry in result.placed("in_chat", "at_depth"):
                kept = self.anchors.get(entry.key)
                anchors[entry.key] = kept if kept in hashes else last_user
            self.anchors = anchors
            by_anchor: dict[str, list[str]] = {}
            for entry in result.placed("in_chat", "at_depth"):
                by_anchor.setdefault(anchors[entry.key], []).append(entry.content)
            placed: list[dict[str, str]] = []
            offset = len(out) - len(messages)
            for i, message in enumerate(out):
                placed.append(message)
                original = i - offset
                if 0 <= original < len(hashes):
                    for text in by_anchor.pop(hashes[original], []):
                        placed.append({"role": "system", "content": text, LORE_FLAG: "1"})
            return placed
