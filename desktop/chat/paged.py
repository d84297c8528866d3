"""The messages of a chat, of which only the pages in use are in memory.

A stored chat of 100,000 messages opens with the row ids of all of them (a few MB) and the text of
its newest page; an older message is read from the database, a page at a time, when something asks
for it (the view scrolling up, a search jumping to it). New and changed messages are ordinary
`Message` objects. `dirty_from` says from which position the stored order is out of date, so that
saving after a delete rewrites only what follows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableSequence
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from .conversation import Message

PAGE_SIZE = 200  # messages read from the database at a time
Loader = Callable[[list[int]], "list[Message]"]  # row ids -> their messages, in that order


class MessageList(MutableSequence["Message"]):
    def __init__(self, messages: Iterable[Message] = (), *, stored_ids: list[int] | None = None,
                 loader: Loader | None = None) -> None:
        self._items: list[Message | int] = list(stored_ids) if stored_ids is not None else list(messages)
        self._loader = loader
        # Positions from here on differ from the database (new, deleted or moved messages).
        self.dirty_from = len(self._items) if stored_ids is not None else 0

    # --- reading ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Message: ...
    @overload
    def __getitem__(self, index: slice) -> list[Message]: ...

    def __getitem__(self, index: int | slice) -> Message | list[Message]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self._items))
            if step == 1:
                self._load_range(start, stop)
            return [self[i] for i in range(start, stop, step)]
        i = index + len(self._items) if index < 0 else index
        if not 0 <= i < len(self._items):
            raise IndexError("message index out of range")
        if isinstance(self._items[i], int):
            page = i - i % PAGE_SIZE
            self._load_range(page, min(len(self._items), page + PAGE_SIZE))
        item = self._items[i]
        assert not isinstance(item, int)
        return item

    def __iter__(self) -> Iterator[Message]:
        for start in range(0, len(self._items), PAGE_SIZE):
            yield from self[start:start + PAGE_SIZE]

    def loaded(self) -> Iterator[tuple[int, Message]]:
        """(index, message) of the messages in memory, without reading any."""
        for i, item in enumerate(self._items):
            if not isinstance(item, int):
                yield i, item

    def is_loaded(self, index: int) -> bool:
        return not isinstance(self._items[index], int)

    def row_id(self, index: int) -> int | None:
        """The stored row id of message `index`, without reading it (None if not stored yet)."""
        item = self._items[index]
        return item if isinstance(item, int) else item.id

    def index_of(self, message: Message) -> int:
        """Position of `message` (the same object), searched from the newest end."""
        for i in range(len(self._items) - 1, -1, -1):
            if self._items[i] is message:
                return i
        raise ValueError("message not in this conversation")

    def _load_range(self, start: int, stop: int) -> None:
        missing = [i for i in range(start, stop) if isinstance(self._items[i], int)]
        if not missing:
            return
        if self._loader is None:
            raise RuntimeError("stored messages cannot be read: no database")
        ids = [int(self._items[i]) for i in missing]  # type: ignore[arg-type]
        for i, msg in zip(missing, self._loader(ids)):
            self._items[i] = msg

    # --- changing --------------------------------------------------------------------------------

    def __setitem__(self, index: int | slice, value: Message | Iterable[Message]) -> None:  # type: ignore[override]
        if isinstance(index, slice):
            start = index.indices(len(self._items))[0]
            self._items[index] = list(value)  # type: ignore[arg-type]
            self.dirty_from = min(self.dirty_from, start)
            return
        i = index + len(self._items) if index < 0 else index
        self._items[i] = value  # type: ignore[assignment]
        self.dirty_from = min(self.dirty_from, i)

    def __delitem__(self, index: int | slice) -> None:
        if isinstance(index, slice):
            start = index.indices(len(self._items))[0]
        else:
            start = index + len(self._items) if index < 0 else index
        del self._items[index]
        self.dirty_from = min(self.dirty_from, start)

    def insert(self, index: int, value: Message) -> None:
        i = max(0, min(len(self._items), index + len(self._items) if index < 0 else index))
        self._items.insert(i, value)
        self.dirty_from = min(self.dirty_from, i)

    def forget_before(self, index: int) -> None:
        """Let go of the stored, unchanged messages before `index` (a long read such as an export
        keeps one page in memory); they are read again if asked for."""
        for i in range(min(index, self.dirty_from, len(self._items))):
            item = self._items[i]
            if not isinstance(item, int) and item.id is not None and self._loader is not None:
                self._items[i] = item.id

    def mark_saved(self) -> None:
        self.dirty_from = len(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (list, MessageList)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        loaded = sum(1 for item in self._items if not isinstance(item, int))
        return f"<MessageList {len(self._items)} messages, {loaded} in memory>"
