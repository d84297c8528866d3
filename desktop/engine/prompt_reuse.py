"""Reusing the KV cache for prompts that clients send whole, every time (the local API).

Front ends such as SillyTavern keep the chat themselves and send the whole prompt with each request.
When their window is full they drop the oldest messages after their memory / character block, so
the cache holds [memory | dropped messages | kept messages | last reply] while the new prompt is
[memory | kept messages | last reply | new message]. Evaluating from the first difference would
process every kept message again. Instead the piece the client dropped is found (the place where the
prompt's continuation starts again in the cache) and removed with `seq_rm` + `seq_add`, so only the
new tail is evaluated. Where the memory cannot shift, the cache is cut at the first difference and
the rest is evaluated again, and the result says so (`shift`).
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from .kv import KVContext, ProgressFn, Timeline, common_prefix

ANCHOR = 32  # prompt tokens that must be found again in the cache before a piece is cut out
MAX_CUTS = 4  # pieces removed per request at most (a client drops one; an edited note makes two)
CANDIDATES = 8  # places of the anchor compared, the longest match wins
CHUNK = 64  # span length for the window's eviction during a long generation
NGRAM = 4  # `reprocessed` counts evaluated tokens whose 4-gram the dropped cache held

_chunk_ids = itertools.count()


@dataclass
class Reuse:
    """What loading one prompt cost, as the API reports it."""

    prompt_tokens: int = 0
    cached_tokens: int = 0  # reused from the cache (after any cuts)
    evaluated: int = 0  # prompt tokens evaluated now
    cuts: list[tuple[int, int]] = field(default_factory=list)  # (start, length) removed from the middle
    reprocessed: int = 0  # evaluated tokens the cache held before but could not keep
    truncated: int = 0  # prompt tokens dropped from its front because the window could not hold them
    shift: str = "on"  # "on", "off" (turned off in the settings) or "unsupported" (the memory cannot shift)

    @property
    def cut_tokens(self) -> int:
        return sum(length for _, length in self.cuts)

    def to_dict(self) -> dict:
        return {**asdict(self), "cut_tokens": self.cut_tokens}


def _as_bytes(tokens: Sequence[int]) -> bytes:
    return array("i", tokens).tobytes()


def _places(haystack: bytes, needle: bytes, start: int, limit: int) -> list[int]:
    """Token positions >= start where `needle` occurs in `haystack` (both int32 arrays as bytes)."""
    found: list[int] = []
    at = haystack.find(needle, start * 4)
    while at != -1 and len(found) < limit:
        if at % 4 == 0:
            found.append(at // 4)
        at = haystack.find(needle, at + 1)
    return found


def find_cuts(cached: Sequence[int], prompt: Sequence[int], floor: int = 0) -> tuple[list[tuple[int, int]], int]:
    """Pieces to remove from `cached` so that it shares the longest prefix with `prompt`.

    Returns (cuts, shared): each cut is (start, length) in the positions left after the cuts before
    it, and `shared` the prefix shared once all are made. No cut starts before `floor` (the pinned
    memory). A piece is cut only when at least ANCHOR tokens of the prompt follow it in the cache.
    """
    cur = list(cached)
    cuts: list[tuple[int, int]] = []
    shared = common_prefix(cur, prompt)
    while len(cuts) < MAX_CUTS and shared < len(cur) and len(prompt) - shared >= ANCHOR:
        if shared < floor:
            break
        needle = _as_bytes(prompt[shared:shared + ANCHOR])
        places = _places(_as_bytes(cur), needle, shared + 1, CANDIDATES)
        if not places:
            break
        place = max(places, key=lambda at: common_prefix(cur[at:], prompt[shared:]))  # the longest match
        cuts.append((shared, place - shared))
        del cur[shared:place]
        shared = common_prefix(cur, prompt)
    return cuts, shared


def _reprocessed(dropped: Sequence[int], evaluated: Sequence[int]) -> int:
    """How many evaluated tokens repeat text the cache held and had to let go of (by 4-grams)."""
    if len(dropped) < NGRAM or len(evaluated) < NGRAM:
        return 0
    grams = {tuple(dropped[i:i + NGRAM]) for i in range(len(dropped) - NGRAM + 1)}
    covered = [False] * len(evaluated)
    for i in range(len(evaluated) - NGRAM + 1):
        if tuple(evaluated[i:i + NGRAM]) in grams:
            for j in range(i, i + NGRAM):
                covered[j] = True
    return sum(covered)


def fit_prompt(tokens: list[int], pinned: int, n_ctx: int, reserve: int) -> tuple[list[int], int]:
    """Drop the oldest tokens after the pinned part until the prompt leaves `reserve` cells free.
    Returns (tokens, dropped); raises ValueError when the pinned part alone does not fit."""
    room = n_ctx - max(1, reserve)
    if pinned >= room:
        raise ValueError(f"the memory / system part ({pinned} tokens) leaves no room in the context ({n_ctx})")
    overflow = len(tokens) - room
    if overflow <= 0:
        return tokens, 0
    return tokens[:pinned] + tokens[pinned + overflow:], overflow


def load_prompt(kv: KVContext, tokens: Sequence[int], pinned: int, progress: ProgressFn | None = None) -> Reuse:
    """Make the cache hold `tokens` (which fit the window), reusing what it can; the first `pinned`
    tokens stay through context shifts. The last token is always evaluated (its logits start the
    reply)."""
    tokens = list(tokens)
    reuse = Reuse(prompt_tokens=len(tokens))
    kv.timeline = Timeline()
    if not kv.shift_enabled:
        reuse.shift = "unsupported" if not kv.memory_can_shift else "off"
        cuts: list[tuple[int, int]] = []
        shared = common_prefix(kv.tokens, tokens)
    else:
        cuts, shared = find_cuts(kv.tokens, tokens, floor=min(pinned, common_prefix(kv.tokens, tokens)))
    made: list[tuple[int, int]] = []
    for start, length in cuts:
        if not kv.cut(start, length):
            break
        made.append((start, length))
    reuse.cuts = made
    shared = common_prefix(kv.tokens, tokens)
    shared = min(shared, len(tokens) - 1)  # the last prompt token is evaluated again for its logits
    dropped = kv.tokens[shared:]
    kv.truncate(shared)
    n_keep = min(pinned, shared)
    kv.describe(n_keep, _chunks(shared - n_keep))
    segments: list[tuple[object, Sequence[int]]] = []
    if shared < pinned:
        segments.append((None, tokens[shared:pinned]))
    rest = tokens[max(shared, pinned):]
    segments += [(_chunk_key(), rest[i:i + CHUNK]) for i in range(0, len(rest), CHUNK)]
    reuse.cached_tokens = shared
    reuse.evaluated = kv.evaluate(segments, progress)
    kv.checkpoint()  # (a recurrent state: the next request's cut back to this prompt's end reads nothing again)
    reuse.reprocessed = _reprocessed(dropped, tokens[shared:])
    return reuse


def _chunk_key() -> tuple[str, int]:
    """A span key no chat message has (a chat taking the cache back never mistakes a chunk for its own)."""
    return ("prompt chunk", next(_chunk_ids))


def _chunks(length: int) -> list[tuple[object, int]]:
    return [(_chunk_key(), min(CHUNK, length - i)) for i in range(0, length, CHUNK)]
