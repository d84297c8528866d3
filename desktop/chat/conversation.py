"""A chat as stored and shown: messages, each with its alternates (swipes) and their stats.

The engine does not see this structure; it gets `history()`, the visible text of each message in
order, and reuses whatever part of its cache still matches. A reasoning model's replies go back
without their thinking (see `reasoning.without_reasoning`); the stored text keeps it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .lore_state import ChatLore
from .memory import ChatMemory
from .paged import MessageList
from .reasoning import without_reasoning


@dataclass
class Swipe:
    """One version of a message: its text and, for replies, the line shown under it."""

    text: str = ""
    stats: str = ""
    notice: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "stats": self.stats, "notice": self.notice}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Swipe:
        return cls(str(data.get("text", "")), str(data.get("stats", "")), str(data.get("notice", "")))


@dataclass
class Message:
    role: str  # "user" | "assistant"
    swipes: list[Swipe] = field(default_factory=lambda: [Swipe()])
    swipe: int = 0  # which swipe is shown (and sent to the model)
    id: int | None = None  # database row id, once stored
    document: bool = False  # a story read into the chat (cached in order, shown folded)

    @classmethod
    def new(cls, role: str, text: str, document: bool = False) -> Message:
        return cls(role, [Swipe(text)], document=document)

    @property
    def current(self) -> Swipe:
        return self.swipes[self.swipe]

    @property
    def text(self) -> str:
        return self.current.text

    def set_text(self, text: str) -> None:
        self.current.text = text

    def add_swipe(self) -> Swipe:
        """A new empty alternate, shown at once (Regenerate fills it)."""
        self.swipes.append(Swipe())
        self.swipe = len(self.swipes) - 1
        return self.current

    def drop_empty_swipe(self) -> None:
        """Remove the shown swipe if it stayed empty (a cancelled regenerate), keeping one swipe."""
        if not self.current.text and len(self.swipes) > 1:
            del self.swipes[self.swipe]
            self.swipe = len(self.swipes) - 1

    def browse(self, step: int) -> bool:
        """Show the previous (-1) or next (+1) swipe; False at either end."""
        target = self.swipe + step
        if not 0 <= target < len(self.swipes):
            return False
        self.swipe = target
        return True


@dataclass
class Conversation:
    title: str = "New chat"
    system_prompt: str = ""
    model_path: str = ""
    messages: MessageList = field(default_factory=MessageList)  # pages of a stored chat are read when used
    character_id: int | None = None  # the character card this chat is with
    persona_name: str = "You"
    persona_description: str = ""
    authors_note: str = ""
    memory: ChatMemory = field(default_factory=ChatMemory)  # long-term memory of what left the window
    lore: ChatLore = field(default_factory=ChatLore)  # the lorebooks' timed effects, books switched off
    id: int | None = None
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    title_set: bool = False  # the user named the chat: its first message never re-titles it

    def __post_init__(self) -> None:
        if not isinstance(self.messages, MessageList):
            self.messages = MessageList(self.messages)

    def add(self, role: str, text: str, document: bool = False) -> Message:
        msg = Message.new(role, text, document)
        self.messages.append(msg)
        self.touch()
        if role == "user" and self.title == "New chat" and not self.title_set and text.strip():
            self.title = _title_from(text)
        return msg

    def touch(self) -> None:
        self.updated = time.time()

    @property
    def last(self) -> Message | None:
        return self.messages[-1] if self.messages else None

    def history(self, upto: int | None = None, keep_last: bool = False) -> list[tuple[str, str, bool]]:
        """(role, text, is_document) of the shown swipe of each message, up to `upto` (exclusive),
        as the model is to read it: replies without their leading thinking block, but for the last
        entry with `keep_last` (a reply being continued goes whole, an open thinking block too)."""
        return _entries(self.messages[:upto], keep_last)

    def history_tail(self, min_chars: int, upto: int | None = None, align: int = 256,
                     keep_last: bool = False) -> tuple[int, list[tuple[str, str, bool]]]:
        """(start, history from message `start` on): the newest messages holding at least
        `min_chars` characters, so a turn reads what can reach the model's window and never the
        whole chat. `start` is rounded down to a multiple of `align`, so it stays put for many turns
        (the engine's record of the chat then only grows at the end). Replies as in `history`."""
        end = len(self.messages) if upto is None else max(0, min(upto, len(self.messages)))
        start, chars = end, 0
        while start > 0 and chars < min_chars:
            start -= 1
            chars += len(self.messages[start].text)
        start -= start % align
        return start, _entries(self.messages[start:end], keep_last)

    def truncate(self, count: int) -> None:
        """Keep the first `count` messages."""
        del self.messages[count:]
        self.touch()

    def delete(self, index: int) -> Message:
        self.touch()
        return self.messages.pop(index)

    def index_of(self, message: Message) -> int:
        return self.messages.index_of(message)


def _entries(messages: list[Message], keep_last: bool = False) -> list[tuple[str, str, bool]]:
    out = [(m.role, model_text(m), m.document) for m in messages]
    if keep_last and messages:
        last = messages[-1]
        out[-1] = (last.role, last.text, last.document)
    return out


def model_text(message: Message) -> str:
    """A message's text as it goes back to the model: a reply loses its leading thinking block
    (reasoning models are meant to see only their earlier answers)."""
    if message.role != "assistant" or message.document:
        return message.text
    return without_reasoning(message.text)


def _title_from(text: str, limit: int = 40) -> str:
    line = " ".join(text.replace("**", "").replace("__", "").replace("`", "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
