"""What the KV context reports and raises: its errors, its spans and per-chat timeline, its counters
and shift events. Kept apart from `kv.py` (which re-exports them) so that module holds only the cache."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field


class Cancelled(Exception):
    """Prompt processing or generation was cancelled by the user."""


class ContextFull(RuntimeError):
    """Not even the pinned prefix plus one batch fits in the context window."""


class MirrorMismatch(AssertionError):
    """The token mirror and the KV cache disagree (a bug; never expected)."""


ProgressFn = Callable[[int, int], None]  # (done, total)


@dataclass
class Span:
    key: Hashable
    length: int


@dataclass
class Timeline:
    """Per-chat record of what the window has let go of: whole messages, and message fronts."""

    evicted: set[Hashable] = field(default_factory=set)
    partial: dict[Hashable, int] = field(default_factory=dict)  # tokens dropped from a message's front

    def live_tokens(self, key: Hashable, tokens: Sequence[int]) -> list[int] | None:
        if key in self.evicted:
            return None
        return list(tokens[self.partial.get(key, 0):])


@dataclass
class KVCounters:
    shifts: int = 0
    tokens_discarded: int = 0
    tokens_reprocessed: int = 0
    prompt_tokens: int = 0
    prompt_seconds: float = 0.0
    fallback_drops: int = 0
    spans_removed: int = 0  # stale spans (an old author's note) shifted out of the middle
    swa_rebuilds: int = 0  # cut backs that evaluated the cache again because SWA layers had lost the window

    def copy(self) -> KVCounters:
        return KVCounters(**self.__dict__)


@dataclass(frozen=True)
class ShiftEvent:
    start: int
    count: int
    shifted: bool  # False: dropped and re-evaluated (memory cannot shift)
    reprocessed: int
    keys: tuple[Hashable, ...]


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i
