"""Which lorebook entries are on this turn: SillyTavern's world-info activation, bounded.

Keys (and secondary keys with the selective logic) are looked for in the newest messages; constant
entries are always on; probability, the token budget, recursion (entries' text triggering entries)
and the timed effects sticky / cooldown / delay work as users of SillyTavern know them. What is
hostile is bounded, never a hang: a regular expression gets a time limit per match and the whole
scan a time budget; recursion a depth; a file a number of entries (lorebook.MAX_ENTRIES).
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from .cards import apply_macros
from .lorebook import AFTER_CHAR, AND_ALL, AND_ANY, IN_CHAT, NOT_ALL, NOT_ANY, Lorebook, LoreEntry

REGEX_MATCH_SECONDS = 0.05  # one regular-expression key on one scan text
SCAN_SECONDS = 1.0  # the whole scan; what is left is skipped, with a warning
MAX_RECURSION = 10
PINNED = "pinned"  # a constant entry in the pinned block (after the character)


def estimate_tokens(text: str) -> int:
    """A rough count for when no tokenizer is at hand (about 4 characters a token in English)."""
    return max(1, len(text) // 4) if text else 0


@dataclass
class TimedEffect:
    start: int  # the chat's length (messages) when it began
    end: int
    protected: bool = False  # a cooldown set when a sticky ended: kept even if the chat did not advance


@dataclass
class TimedState:
    """A chat's sticky and cooldown effects, keyed by entry key; stored with the chat."""

    sticky: dict[str, TimedEffect] = field(default_factory=dict)
    cooldown: dict[str, TimedEffect] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {kind: {k: [e.start, e.end, e.protected] for k, e in getattr(self, kind).items()}
                for kind in ("sticky", "cooldown")}

    @classmethod
    def from_json(cls, data: Any) -> TimedState:
        state = cls()
        if not isinstance(data, dict):
            return state
        for kind in ("sticky", "cooldown"):
            for key, value in (data.get(kind) or {}).items():
                if isinstance(value, list) and len(value) == 3 and all(isinstance(v, (int, bool)) for v in value):
                    getattr(state, kind)[str(key)] = TimedEffect(int(value[0]), int(value[1]), bool(value[2]))
        return state


@dataclass(frozen=True)
class ActiveEntry:
    key: str  # "<book>:<uid>", stable across turns (the cache keeps it by this key)
    title: str
    content: str  # with {{char}} / {{user}} filled in
    placement: str  # PINNED, BEFORE_CHAR, AFTER_CHAR, IN_CHAT or AT_DEPTH
    order: int
    depth: int
    tokens: int
    reason: str  # what turned it on, for the context map


@dataclass(frozen=True)
class ScanResult:
    active: tuple[ActiveEntry, ...] = ()
    warnings: tuple[str, ...] = ()
    budget: int = 0
    used: int = 0
    left_out: int = 0  # entries that triggered but did not fit the budget
    seconds: float = 0.0

    def placed(self, *placements: str) -> list[ActiveEntry]:
        """Active entries with one of `placements`, in insertion order (lower first)."""
        return sorted((e for e in self.active if e.placement in placements), key=lambda e: (e.order, e.key))


@dataclass
class _Candidate:
    key: str
    book: Lorebook
    entry: LoreEntry


class _Clock:
    """The scan's time budget, shared by every key it matches."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds
        self.warnings: list[str] = []
        self.out_of_time = False

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def expired(self) -> bool:
        if not self.out_of_time and self.left() <= 0:
            self.out_of_time = True
            self.warnings.append(f"the lorebook scan took over {SCAN_SECONDS:g} s; the rest of the entries were "
                                 "not checked this turn (too many entries or slow regular expressions)")
        return self.out_of_time


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str, flags: int) -> Any:
    """A compiled pattern, or the error text when it does not compile (cached either way)."""
    try:
        return regex.compile(pattern, flags | regex.VERSION0)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        return str(exc)


def _regex_of(key: str, use_regex: bool, case_sensitive: bool) -> tuple[str, int] | None:
    """(pattern, flags) for a key written `/pattern/flags` (SillyTavern's form), or for any key when the
    entry says its keys are regular expressions (V3 use_regex); None for a plain key."""
    if len(key) > 2 and key.startswith("/"):
        end = key.rfind("/")
        flags_text = key[end + 1:]
        if end > 0 and all(c in "gimsuy" for c in flags_text):
            flags = 0
            if "i" in flags_text:
                flags |= regex.IGNORECASE
            if "m" in flags_text:
                flags |= regex.MULTILINE
            if "s" in flags_text:
                flags |= regex.DOTALL
            return key[1:end].replace("\\/", "/"), flags
    if use_regex:
        return key, 0 if case_sensitive else regex.IGNORECASE
    return None


def _matches(text: str, key: str, entry: LoreEntry, book: Lorebook, clock: _Clock, title: str) -> bool:
    case = entry.case_sensitive if entry.case_sensitive is not None else book.case_sensitive
    rx = _regex_of(key, entry.use_regex, case)
    if rx is not None:
        compiled = _compiled(*rx)
        if isinstance(compiled, str):
            _warn_once(clock, f"“{title}”: the key {key!r} is not a valid regular expression ({compiled}); it is skipped")
            return False
        timeout = min(REGEX_MATCH_SECONDS, max(0.001, clock.left()))
        try:
            return compiled.search(text, timeout=timeout) is not None
        except TimeoutError:
            _warn_once(clock, f"“{title}”: the key {key!r} took over {timeout * 1000:.0f} ms to match (a pattern "
                              "that backtracks without end); it is skipped")
            return False
    haystack, needle = (text, key) if case else (text.lower(), key.lower())
    whole = entry.match_whole_words if entry.match_whole_words is not None else book.match_whole_words
    if whole and len(needle.split()) == 1:
        return regex.search(r"(?:^|\W)" + regex.escape(needle) + r"(?:$|\W)", haystack) is not None
    return needle in haystack


def _warn_once(clock: _Clock, message: str) -> None:
    if message not in clock.warnings:
        clock.warnings.append(message)


def _keys_match(text: str, c: _Candidate, clock: _Clock, macros: Callable[[str], str]) -> str | None:
    """The primary key that matched (the secondary keys satisfying the logic), or None."""
    e = c.entry
    primary = next((k for k in e.keys if (s := macros(k).strip()) and _matches(text, s, e, c.book, clock, e.title)), None)
    if primary is None or not (e.selective and e.secondary_keys):
        return primary
    hits = [_matches(text, s, e, c.book, clock, e.title) for k in e.secondary_keys if (s := macros(k).strip())]
    ok = {AND_ANY: any(hits), NOT_ALL: not all(hits), NOT_ANY: not any(hits), AND_ALL: all(hits)}.get(e.logic, any(hits))
    return primary if ok else None


def _update_timed(state: TimedState, entries: dict[str, LoreEntry], chat_length: int) -> None:
    """SillyTavern's bookkeeping before a scan: effects whose time is up end (a sticky one hands over to
    its cooldown); an effect set on a turn that is being redone (a swipe) is dropped to be set again."""
    for kind in ("sticky", "cooldown"):
        effects: dict[str, TimedEffect] = getattr(state, kind)
        for key, effect in list(effects.items()):
            entry = entries.get(key)
            if chat_length <= effect.start and not effect.protected:
                del effects[key]
            elif entry is None or not getattr(entry, kind):
                if entry is not None or chat_length >= effect.end:
                    del effects[key]
            elif chat_length >= effect.end:
                del effects[key]
                if kind == "sticky" and entry.cooldown:
                    state.cooldown[key] = TimedEffect(chat_length, chat_length + entry.cooldown, True)


def scan(books: Sequence[tuple[str, Lorebook]], messages: Sequence[str], chat_length: int, n_ctx: int,
         state: TimedState, count_tokens: Callable[[str], int] = estimate_tokens, rng: random.Random | None = None,
         char: str = "", user: str = "", assistant_turns: int = 0, scan_seconds: float = SCAN_SECONDS) -> ScanResult:
    """The entries on for the next reply. `books`: (book key, lorebook) in priority order (chat, character,
    global); `messages`: the newest message texts, oldest first; `chat_length`: messages in the whole chat.
    `state` (the chat's timed effects) is updated in place."""
    started = time.perf_counter()
    rng = rng or random.Random()
    clock = _Clock(scan_seconds)

    def macros(text: str) -> str:
        return apply_macros(text, char, user) if char or user else text

    candidates = [_Candidate(f"{bkey}:{e.uid}", book, e) for bkey, book in books if book.enabled for e in book.entries
                  if e.enabled and (e.content.strip() or e.constant)]
    by_key = {c.key: c.entry for c in candidates}
    _update_timed(state, by_key, chat_length)
    candidates.sort(key=lambda c: -c.entry.order)  # higher insertion order wins the budget
    pct = max((b.token_budget_pct for _, b in books if b.enabled), default=25)
    budget = max(1, round(pct * n_ctx / 100))
    recursion_limit = min(MAX_RECURSION, max((b.max_recursion for _, b in books if b.enabled and b.recursive), default=0))

    active: dict[str, ActiveEntry] = {}
    failed: set[str] = set()
    used = left_out = 0
    recurse_text = ""
    level = 0
    while True:
        fresh: list[tuple[_Candidate, str]] = []
        for i, c in enumerate(candidates):
            if c.key in active or c.key in failed:
                continue
            if i % 64 == 0 and clock.expired():
                break
            reason = _why_on(c, messages, recurse_text, level, chat_length, assistant_turns, state, clock, macros)
            if reason:
                fresh.append((c, reason))
        fresh.sort(key=lambda cr: (0 if cr[0].key in state.sticky else 1, -cr[0].entry.order))
        accepted: list[_Candidate] = []
        for c, reason in fresh:
            e = c.entry
            if e.use_probability and e.probability < 100 and c.key not in state.sticky and rng.random() * 100 > e.probability:
                failed.add(c.key)
                continue
            content = macros(e.content)
            tokens = count_tokens(content)
            if used + tokens > budget:
                left_out += 1
                failed.add(c.key)
                continue
            used += tokens
            placement = e.placement  # BEFORE_CHAR / AFTER_CHAR: the user asked for the pinned block
            if e.constant and not e.needs_trigger and placement in (IN_CHAT, AFTER_CHAR):
                placement = PINNED  # on for good: part of the pinned block, like the card
            active[c.key] = ActiveEntry(c.key, e.title, content, placement, e.order, e.depth, tokens, reason)
            accepted.append(c)
        level += 1
        more = [c for c in accepted if not c.entry.prevent_recursion]
        if not more or level > recursion_limit or clock.out_of_time:
            break
        recurse_text += "\n" + "\n".join(active[c.key].content for c in more)

    for key in active:  # the timed effects of what turned on
        entry = by_key[key]
        if entry.sticky and key not in state.sticky:
            state.sticky[key] = TimedEffect(chat_length, chat_length + entry.sticky)
        if entry.cooldown and key not in state.cooldown:
            state.cooldown[key] = TimedEffect(chat_length, chat_length + entry.cooldown)
    warnings = list(clock.warnings)
    if left_out:
        warnings.append(f"the lorebook budget ({budget:,} tokens, {pct} % of the window) is full: "
                        f"{left_out} triggered {'entry was' if left_out == 1 else 'entries were'} left out")
    return ScanResult(tuple(active.values()), tuple(warnings), budget, used, left_out, time.perf_counter() - started)


def _why_on(c: _Candidate, messages: Sequence[str], recurse_text: str, level: int, chat_length: int,
            assistant_turns: int, state: TimedState, clock: _Clock, macros: Callable[[str], str]) -> str:
    """Why the entry turns on this pass ('' when it does not)."""
    e = c.entry
    sticky = c.key in state.sticky
    if e.delay and chat_length < e.delay:
        return ""
    if c.key in state.cooldown and not sticky:
        return ""
    if e.activate_only_after and assistant_turns < e.activate_only_after:
        return ""
    if e.activate_only_every and assistant_turns % e.activate_only_every:
        return ""
    if level == 0 and e.delay_until_recursion and not sticky:
        return ""
    if level > 0 and (e.exclude_recursion or e.delay_until_recursion > level) and not sticky:
        return ""
    if e.constant:
        return "constant"
    if sticky:
        return "sticky"
    if not e.keys:
        return ""
    depth = e.scan_depth if e.scan_depth is not None else c.book.scan_depth
    text = "\n".join(messages[-depth:]) if depth > 0 else ""
    if level > 0:
        text = (text + "\n" + recurse_text) if text else recurse_text
    if not text:
        return ""
    key = _keys_match(text, c, clock, macros)
    if key is None:
        return ""
    return f"key “{key}”" if level == 0 else f"key “{key}” in another entry"


__all__ = ["ActiveEntry", "IN_CHAT", "PINNED", "ScanResult", "TimedEffect", "TimedState", "estimate_tokens", "scan"]
