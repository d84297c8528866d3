"""Where a chat's lorebook entries sit in the cache: each one is inserted once, as a system turn right
after the message it triggered on (or `depth` messages back), and stays there, frozen into the history,
while it stays on. Turning it off takes its span out of the middle of the cache (a shift, nothing
evaluated); turning one on evaluates its own tokens and nothing after it. An entry whose span the window
has let go of, or whose text changed, is placed again at the newest message.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

IN_CHAT, AT_DEPTH = "in_chat", "at_depth"  # the placements handled here (chat.lorebook's names)
# The chat's long-term memory is placed the same way, as an item of its own: at the turn it changed in,
# kept there, placed again at the newest turn when it changes or the window lets it go. Measured against
# splicing it in after the pinned block (KVContext.splice_pinned): see benchmarks/lore_memory.py.
MEMORY_KEY = "memory"
MEMORY_LABEL = "[Memory of earlier events]"


@dataclass(frozen=True)
class LoreItem:
    """An active entry as the engine gets it: plain data from the app's lorebook scan."""

    key: str
    text: str
    placement: str = IN_CHAT
    depth: int = 0

    @classmethod
    def from_data(cls, data: object) -> LoreItem:
        if isinstance(data, dict):
            return cls(str(data.get("key", "")), str(data.get("text", "")), str(data.get("placement", IN_CHAT)),
                       max(0, int(data.get("depth", 0) or 0)))
        key, text, placement, depth = (list(data) + ["", "", IN_CHAT, 0])[:4]  # type: ignore[call-overload]
        return cls(str(key), str(text), str(placement), max(0, int(depth or 0)))


@dataclass
class LoreAnchor:
    entry: str  # the entry's key
    after: int  # id of the ChatMessage it follows
    text: str
    tokens: list[int] | None = None  # exactly what it occupies in the cache, once tokenized

    @property
    def key(self) -> tuple[str, str, int]:
        return ("lore", self.entry, self.after)


def is_lore_key(key: Hashable) -> bool:
    return isinstance(key, tuple) and len(key) == 3 and key[0] == "lore"


class LoreSpans:
    """The chat's placed entries, by the message each one follows."""

    def __init__(self) -> None:
        self.anchors: dict[str, LoreAnchor] = {}

    def update(self, items: Sequence[LoreItem], message_ids: Sequence[int], evicted: set[Hashable],
               cached_keys: Iterable[Hashable], continuing: bool = False) -> None:
        """Place this turn's entries. Kept: an entry already placed with the same text after a message
        still in the chat, its span not let go of by the window (after a restored snapshot, one found in
        the cache). New ones follow the newest message, or the one `depth` back; while a reply is
        being continued nothing new is placed (it would come after the reply)."""
        live = set(message_ids)
        cached = {k[1]: k[2] for k in cached_keys if is_lore_key(k)}  # type: ignore[index]
        placed: dict[str, LoreAnchor] = {}
        for item in items:
            if not item.key or not item.text.strip() or item.key in placed:
                continue
            old = self.anchors.get(item.key)
            if old is None and cached.get(item.key) in live:
                old = LoreAnchor(item.key, cached[item.key], item.text)
            if old is not None and old.text == item.text and old.after in live and old.key not in evicted:
                placed[item.key] = old
                continue
            if continuing or not message_ids:
                continue
            back = item.depth if item.placement == AT_DEPTH else 0
            after = message_ids[max(0, len(message_ids) - 1 - back)]
            placed[item.key] = LoreAnchor(item.key, after, item.text)
        self.anchors = placed

    def after(self, message_id: int) -> list[LoreAnchor]:
        return [a for a in self.anchors.values() if a.after == message_id]

    def by_message(self) -> dict[int, list[LoreAnchor]]:
        out: dict[int, list[LoreAnchor]] = {}
        for anchor in self.anchors.values():
            out.setdefault(anchor.after, []).append(anchor)
        return out

    def forget_tokens(self) -> None:
        """The chat format or the pinned block changed: tokenize again."""
        for anchor in self.anchors.values():
            anchor.tokens = None
