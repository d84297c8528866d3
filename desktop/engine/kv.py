"""The token mirror and the llama.cpp KV cache, kept in exact agreement.

Layout of the cache (sequence 0, positions 0..len-1 with no holes):

    [ pinned prefix (n_keep) | span | span | ... | span being filled ]

A span is one chat message (its key is the message id). When the window is full, whole oldest spans
leave the cache and everything after them is moved down with `llama_memory_seq_add` (context
shifting), so nothing is evaluated again. When the only span left is the one being filled (an
endless story), its oldest part leaves instead. Models whose memory cannot shift fall back to
dropping and re-evaluating, and the re-processed tokens are counted.

Invariant after every change: `llama_memory_seq_pos_max == len(tokens) - 1`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable, Sequence

from .kv_checkpoints import StateCheckpoints
from .kv_records import (
    Cancelled,
    ContextFull,
    KVCounters,
    MirrorMismatch,
    ProgressFn,
    ShiftEvent,
    Span,
    Timeline,
    common_prefix,
)
from .kv_swa import SwaWindow
from .native import NativeContext

__all__ = ["Cancelled", "ContextFull", "KVContext", "KVCounters", "MirrorMismatch", "ProgressFn", "ShiftEvent", "Span",
           "Timeline", "common_prefix"]

log = logging.getLogger("fireside.kv")


class KVContext:
    """Mirror + KV cache for one sequence. Not thread-safe: the engine's thread owns it."""

    def __init__(self, native: NativeContext, allow_shift: bool = True) -> None:
        self.native = native
        self.n_ctx = native.n_ctx
        self.n_batch = native.n_batch
        self.tokens: list[int] = []
        self.n_keep = 0
        self.spans: list[Span] = []
        self.timeline = Timeline()
        self.counters = KVCounters()
        self.events: list[ShiftEvent] = []
        # Checked here, once: shifting a memory that cannot shift aborts the process in C.
        self.memory_can_shift = native.can_shift()
        self.shift_enabled = allow_shift and self.memory_can_shift
        self.swa = SwaWindow(native.n_swa())
        self.checkpoints = StateCheckpoints(native.ptr, enabled=native.is_recurrent())
        self.cancel = threading.Event()
        self.on_shift: Callable[[ShiftEvent], None] | None = None

    # --- queries ---------------------------------------------------------------------------------

    @property
    def free(self) -> int:
        return self.n_ctx - len(self.tokens)

    def check_invariant(self) -> None:
        pos_max = self.native.pos_max()
        if pos_max != len(self.tokens) - 1:
            raise MirrorMismatch(f"KV pos_max {pos_max} != mirror length {len(self.tokens)} - 1")
        if self.n_keep + sum(s.length for s in self.spans) != len(self.tokens):
            raise MirrorMismatch("spans do not cover the mirror")

    # --- loading a prompt (prefix reuse) ----------------------------------------------------------

    def load(self, pinned: Sequence[int], spans: Sequence[tuple[Hashable, Sequence[int]]],
             timeline: Timeline, progress: ProgressFn | None = None, stream: bool = False,
             fixed_tail: int = 1, step: int | None = None) -> int:
        """Make the cache hold `pinned` + the live part of `spans`; return tokens evaluated.

        Cached spans that still match are kept; cached spans the prompt no longer has (last turn's
        author's note) are shifted out of the middle, so what follows them is not evaluated again.
        Only what is not cached is evaluated. Oldest spans that do not fit are evicted (shifted out
        when cached); the last `fixed_tail` spans (the note, the reply opener) are never evicted, and
        when only one other span is left and it is longer than the window (a pasted chapter), its
        end is kept with a quarter of the window left for the reply.
        With `stream`, nothing is evicted beforehand: every span is read in order and the window
        shifts as it fills (reading a story longer than the window). `step`: evaluate at most this many
        tokens per decode (background work that a cancel must stop quickly; default n_batch).
        """
        self.timeline = timeline
        want: list[tuple[Hashable, list[int]]] = []
        for key, toks in spans:
            live = timeline.live_tokens(key, toks)
            if live is not None:
                want.append((key, live))
        self._match_cache(list(pinned), want)

        # Evict oldest spans that cannot fit: the new tokens plus one for the reply.
        target_len = len(pinned) + sum(len(t) for _, t in want)
        while not stream and target_len + 1 > self.n_ctx and len(want) > fixed_tail:
            overflow = target_len + 1 - self.n_ctx
            reserve = (self.n_ctx - len(pinned)) // 4  # room for the reply that follows
            key, toks = want[0]
            if len(want) == fixed_tail + 1 and len(toks) > overflow + reserve:
                # One message (a pasted chapter) longer than the window: keep its end, not nothing,
                # and leave a quarter of the window for the reply.
                overflow += reserve
                timeline.partial[key] = timeline.partial.get(key, 0) + overflow
                want[0] = (key, toks[overflow:])
                self._truncate(min(len(self.tokens), len(pinned)))
                self._rebuild_spans(len(pinned), want)
                break
            want.pop(0)
            timeline.evicted.add(key)
            timeline.partial.pop(key, None)
            target_len -= len(toks)
            if self.spans and self.spans[0].key == key and self.spans[0].length == len(toks):
                self._discard(self.n_keep, len(toks), (key,))
            else:  # not (fully) cached: nothing to shift, cut the cache back to the pinned prefix
                self._truncate(self.n_keep)
                self._rebuild_spans(len(pinned), want)
        if len(pinned) + 1 > self.n_ctx:
            raise ContextFull(f"the pinned prompt ({len(pinned)} tokens) does not fit in the context ({self.n_ctx})")

        # Evaluate what is not cached yet, segment by segment (the pinned prefix is segment None); a
        # recurrent state is checkpointed at the turn boundary before the fixed tail (the reply opener).
        boundary = len(pinned) + sum(len(t) for _, t in want[:max(0, len(want) - fixed_tail)])
        cached = len(self.tokens)
        jobs: list[tuple[Hashable, list[int]]] = []
        offset = 0
        for key, toks in [(None, list(pinned))] + want:
            end = offset + len(toks)
            if end > cached:
                jobs.append((key, toks[max(0, cached - offset):]))
            offset = end
        return self.evaluate(jobs, progress, checkpoint_at=boundary, step=step)

    def evaluate(self, segments: Sequence[tuple[Hashable, Sequence[int]]], progress: ProgressFn | None = None,
                 checkpoint_at: int | None = None, step: int | None = None) -> int:
        """Evaluate segments after the cached tokens, in order; key None extends the pinned prefix,
        any other key is one span. Returns the tokens evaluated. A recurrent state is checkpointed
        where the cache reaches `checkpoint_at` between segments."""
        total = sum(len(t) for _, t in segments)
        done = 0
        started = time.perf_counter()
        try:
            for key, toks in segments:
                if len(self.tokens) == checkpoint_at:
                    self.checkpoint()
                done += self._evaluate(key, toks, progress, done, total, step or self.n_batch)
            if len(self.tokens) == checkpoint_at:
                self.checkpoint()
        finally:
            self.counters.prompt_seconds += time.perf_counter() - started
        return done

    def checkpoint(self) -> None:
        """Keep a recurrent state as it is now, so that a later cut back to here reads nothing again."""
        self.checkpoints.save(self.tokens)

    def cut(self, start: int, count: int) -> bool:
        """Remove cells [start, start+count) from the middle and move what follows down: a piece a
        client dropped from a prompt it sends whole. False, with nothing changed, when the memory
        cannot shift (or shifting is off); the caller then truncates instead. The spans are left for
        the caller to describe again (`describe`)."""
        if count <= 0 or start < 0 or start + count > len(self.tokens) or not self._shift_out(start, count):
            return False
        self.n_keep = min(self.n_keep, start)
        self.spans = []
        return True

    def _shift_out(self, start: int, count: int) -> bool:
        """Remove cells [start, start+count) from the cache and the mirror and move what follows down;
        False, with nothing changed, when shifting is off or the memory cannot remove that range."""
        end = start + count
        if not self.shift_enabled or not self.native.seq_rm(start, end):
            return False
        self.native.seq_add(end, -1, -count)
        self.swa.shifted(start, end)
        del self.tokens[start:end]
        return True

    def can_splice(self) -> bool:
        """Whether `splice_pinned` can work here: a memory that shifts, every layer attending to the whole
        context (a sliding window would lose cells the moved tokens need) and no recurrent state."""
        return self.shift_enabled and not self.swa.active and not self.checkpoints.enabled

    def splice_pinned(self, start: int, new: Sequence[int]) -> bool:
        """Make the pinned prefix `tokens[:start] + new` (replacing `tokens[start:n_keep]`) and keep every
        span after it, moved to make room: the long-term memory changes, and only its own tokens are
        evaluated. Like a context shift this is an approximation: the kept spans were computed without
        the new text, and the new text after them (it is decoded at the end, then moved to the front).

        False, with nothing changed, when it cannot be done (`can_splice`) or the cache does not hold
        the pinned prefix up to `start`; the next load then evaluates everything after the change.
        """
        new = list(new)
        if not self.can_splice() or start > self.n_keep or start > len(self.tokens):
            return False
        old = self.n_keep - start
        if old and not self._shift_out(start, old):
            return False
        self.n_keep = start
        self.counters.spans_removed += 1 if old else 0
        if not new:
            self.check_invariant()
            return True
        if len(self.tokens) + len(new) >= self.n_ctx:
            self._make_room(len(new) + 1)  # whole oldest spans leave, as when a turn comes in
        end, m = len(self.tokens), len(new)
        for i in range(0, m, self.n_batch):  # decoded after everything: positions must go on from the end
            if self.cancel.is_set():
                # Cells past the end are not in the mirror: take them out, and the memory is just not placed.
                self.native.seq_rm(end, -1)
                raise Cancelled("placing the memory was cancelled")
            chunk = new[i:i + self.n_batch]
            self.native.decode(chunk, end + i, want_logits=False)
        self.counters.prompt_tokens += m
        if end > start:
            # Three moves, one rotation at the next decode (seq_add only marks cells): the kept spans are
            # parked above everything, the new tokens go down to `start`, and the spans come back after them.
            park = end + m - start
            self.native.seq_add(start, end, park)
            self.native.seq_add(end, end + m, start - end)
            self.native.seq_add(start + park, end + park, m - park)
        self.tokens[start:start] = new
        self.n_keep = start + m
        self.check_invariant()
        return True

    def truncate(self, n: int) -> None:
        """Forget every cell from position `n` on."""
        self._truncate(n)

    def describe(self, n_keep: int, spans: Sequence[tuple[Hashable, int]]) -> None:
        """Say again what the cached tokens are: the pinned prefix, then spans (key, length)."""
        if n_keep + sum(length for _, length in spans) != len(self.tokens):
            raise MirrorMismatch("the layout does not cover the cached tokens")
        self.n_keep = n_keep
        self.spans = [Span(key, length) for key, length in spans]

    def _match_cache(self, pinned: list[int], want: list[tuple[Hashable, list[int]]]) -> None:
        """Keep the cached part that lines up with `pinned` + `want`; truncate at the first difference.

        Spans are matched by key: a cached span the prompt no longer has (last turn's note) is
        shifted out when a kept span follows it. Where the keys stop matching, tokens still may (a
        regenerated reply opens like the old one did), so the kept part then grows token by token.
        """
        target = pinned + [t for _, toks in want for t in toks]
        last = max(0, len(target) - 1)  # the last prompt token is evaluated again for its logits: cut once
        if len(self.tokens) < len(pinned) or self.tokens[:len(pinned)] != pinned:
            self._truncate(min(last, common_prefix(self.tokens, target)))
        else:
            wanted_keys = {key for key, _ in want}
            position = keep_until = len(pinned)
            w = 0  # index into want
            holes: list[tuple[int, int, Hashable]] = []  # (start, length, key): stale spans to shift out
            pending: list[tuple[int, int, Hashable]] = []  # stale spans not (yet) followed by a kept one
            for span in self.spans:
                cached = self.tokens[position:position + span.length]
                if w < len(want) and span.key == want[w][0]:
                    same = common_prefix(cached, want[w][1])
                    if same:
                        holes += pending
                        pending = []
                        keep_until = position + same
                    if same < span.length or same < len(want[w][1]):
                        break  # changed, or cached only in part: everything after is evaluated again
                    w += 1
                elif span.key not in wanted_keys and self.shift_enabled:
                    pending.append((position, span.length, span.key))
                else:
                    break
                position += span.length
            removed = sum(length for _, length, _ in holes)
            keep_until += common_prefix(self.tokens[keep_until:], target[keep_until - removed:])
            self._truncate(min(keep_until, last + removed))
            for start, length, key in reversed(holes):  # from the end, so earlier positions stay valid
                self._discard(start, length, (key,), record=False)
        self.n_keep = min(len(pinned), len(self.tokens))
        self._rebuild_spans(len(pinned), want)
        self._keep_one_to_evaluate(len(target))

    def _keep_one_to_evaluate(self, target_len: int) -> None:
        """When the whole prompt is cached, evaluate its last token again so that its logits exist."""
        if target_len and len(self.tokens) >= target_len:
            self._truncate(target_len - 1)

    def _rebuild_spans(self, n_pinned: int, want: list[tuple[Hashable, list[int]]]) -> None:
        """Describe the cached tokens beyond the pinned prefix in terms of `want`'s spans."""
        self.spans = []
        remaining = len(self.tokens) - min(n_pinned, len(self.tokens))
        for key, toks in want:
            if remaining <= 0:
                break
            take = min(remaining, len(toks))
            self.spans.append(Span(key, take))
            remaining -= take

    # --- generation ---------------------------------------------------------------------------------

    def append(self, key: Hashable, token: int) -> None:
        """Decode one generated token at the end of span `key`, making room first if needed."""
        if len(self.tokens) >= self.n_ctx:
            self._make_room(1)
        tokens = self.tokens  # (making room may have replaced the list)
        self.native.decode_one(token, len(tokens))
        tokens.append(token)
        self.swa.decoded(len(tokens) - 1)
        self._grow_last_span(key, 1)

    def append_guess(self, key: Hashable, tokens: Sequence[int]) -> None:
        """Decode a token and the guesses after it in one batch, with logits at every position, at the end
        of span `key` (speculative decoding: the caller takes back what the model does not confirm with
        `rewind`). Only within `guess_room()`: nothing is shifted for a guess."""
        if len(tokens) > self.guess_room():
            raise ValueError(f"{len(tokens)} tokens do not fit the room for guesses ({self.guess_room()})")
        start = len(self.tokens)
        self.native.decode(tokens, start, logits_from=0)
        self.tokens.extend(tokens)
        self.swa.decoded(len(self.tokens) - 1)
        self._grow_last_span(key, len(tokens))

    def guess_room(self) -> int:
        """How many tokens may be decoded at the end and cut off again cheaply: none for a recurrent
        state (its end cannot be cut off) or for a sliding-window model once shifted (a cut back would
        evaluate the window again, see kv_swa); otherwise what is free, up to a batch."""
        if self.checkpoints.enabled or (self.swa.active and self.swa.scattered):
            return 0
        return min(self.free, self.n_batch)

    def _grow_last_span(self, key: Hashable, count: int) -> None:
        """`count` tokens were decoded at the end for span `key`: the last span grows, or a new one starts."""
        spans = self.spans
        if spans and spans[-1].key == key:
            spans[-1].length += count
        else:
            spans.append(Span(key, count))

    def cut_keeps_cache(self, n: int) -> bool:
        """Whether cutting the cache back to `n` keeps what is before it (a sliding-window model may have
        to evaluate it all again, see kv_swa)."""
        return self.swa.complete_before(n)

    def rewind(self, key: Hashable, count: int) -> None:
        """Forget the last `count` tokens of the cache, which belong to span `key` (the reply being
        written): a matched stop string's tokens leave the cache as they leave the reply."""
        if count <= 0:
            return
        if not self.spans or self.spans[-1].key != key or count > self.spans[-1].length:
            raise MirrorMismatch(f"cannot rewind {count} tokens of {key!r}: they are not at the end of the cache")
        self._truncate(len(self.tokens) - count)

    # --- internals ------------------------------------------------------------------------------------

    def _evaluate(self, key: Hashable, tokens: Sequence[int], progress: ProgressFn | None,
                  done_before: int, total: int, step: int) -> int:
        done = 0
        step = max(1, min(step, self.n_batch))
        while done < len(tokens):
            if self.cancel.is_set():
                raise Cancelled("prompt processing cancelled")
            chunk = tokens[done:done + step]
            if self.free < len(chunk):
                if key is None:
                    raise ContextFull("the pinned prompt does not fit in the context")
                self._make_room(len(chunk))
            self.native.decode(chunk, len(self.tokens), want_logits=True)
            self.tokens.extend(chunk)
            self.swa.decoded(len(self.tokens) - 1)
            if key is not None:
                if self.spans and self.spans[-1].key == key:
                    self.spans[-1].length += len(chunk)
                else:
                    self.spans.append(Span(key, len(chunk)))
            else:
                self.n_keep += len(chunk)
            done += len(chunk)
            self.counters.prompt_tokens += len(chunk)
            if progress:
                progress(done_before + done, total)
        return done

    def _make_room(self, needed: int) -> None:
        """Free at least `needed` cells after the pinned prefix: whole oldest spans first."""
        room_after_keep = self.n_ctx - self.n_keep
        if needed > room_after_keep:
            raise ContextFull(f"{needed} tokens do not fit after the pinned prefix ({self.n_keep} of {self.n_ctx})")
        # Without shifting, every drop re-evaluates the rest: free half the window at once, as llama.cpp does.
        goal = needed - self.free if self.shift_enabled else max(needed - self.free, room_after_keep // 2)
        count = 0
        keys: list[Hashable] = []
        for i, span in enumerate(self.spans):
            if count >= goal:
                break
            keys.append(span.key)
            if i < len(self.spans) - 1:
                count += span.length
                self.timeline.evicted.add(span.key)
                self.timeline.partial.pop(span.key, None)
            else:  # the span being filled: let its oldest part go, a quarter window at a time
                take = min(span.length, max(goal - count, room_after_keep // 4))
                count += take
                self.timeline.partial[span.key] = self.timeline.partial.get(span.key, 0) + take
        if self.free + count < needed:
            raise ContextFull("nothing left to drop from the context")
        self._discard(self.n_keep, count, tuple(keys))

    def _discard(self, start: int, count: int, keys: tuple[Hashable, ...], record: bool = True) -> None:
        """Remove cells [start, start+count) and close the gap.

        `record` False: a stale span removed from the middle (last turn's note), not the window
        moving: it is not counted or reported as a context shift.
        """
        end = start + count
        if record:
            self.counters.tokens_discarded += count
        if self._shift_out(start, count):
            self._drop_span_tokens(count)
            if record:
                self.counters.shifts += 1
                self._emit(ShiftEvent(start, count, True, 0, keys))
            else:
                self.counters.spans_removed += 1
            self.check_invariant()
            return
        # Fallback: keep the prefix, evaluate the rest again at its new positions.
        tail = self.tokens[end:]
        spans_after = self._spans_after(count)
        self._truncate(start)
        self.counters.fallback_drops += 1
        self._decode_onto_mirror(tail)
        self.spans = spans_after
        self.counters.tokens_reprocessed += len(tail)
        self._emit(ShiftEvent(start, count, False, len(tail), keys))
        self.check_invariant()

    def _decode_onto_mirror(self, tokens: Sequence[int]) -> None:
        """Evaluate tokens again after the mirror's end (re-processing; no room check).

        Cancel stops it between batches: the cache is then emptied (its spans would not describe a
        half-rebuilt cache) and the next turn evaluates what it needs."""
        for i in range(0, len(tokens), self.n_batch):
            if self.cancel.is_set():
                self.reset()
                raise Cancelled("re-processing cancelled")
            chunk = tokens[i:i + self.n_batch]
            self.native.decode(chunk, len(self.tokens))
            self.tokens.extend(chunk)
            self.swa.decoded(len(self.tokens) - 1)

    def _spans_after(self, count: int) -> list[Span]:
        saved = [Span(s.key, s.length) for s in self.spans]
        self._drop_span_tokens(count)
        after, self.spans = self.spans, saved
        return after

    def _drop_span_tokens(self, count: int) -> None:
        """Remove `count` tokens from the front of the spans."""
        while count > 0 and self.spans:
            span = self.spans[0]
            if span.length <= count:
                count -= span.length
                self.spans.pop(0)
            else:
                span.length -= count
                count = 0

    def _truncate(self, n: int) -> None:
        """Forget cells [n, end). A memory that cannot remove a partial range, or whose sliding-window
        layers no longer hold the window before n (see kv_swa), is cleared and rebuilt."""
        if n >= len(self.tokens):
            return
        swa_lost = not self.swa.complete_before(n)
        if swa_lost or not self.native.seq_rm(n, -1):
            keep = self.tokens[:n]
            if swa_lost:
                self.counters.swa_rebuilds += 1
                log.info("cut back to %d: the sliding-window layers lost cells below %d; evaluating %d tokens again",
                         n, self.swa.floor, len(keep))
            restored = None if swa_lost else self.checkpoints.restore_before(self.tokens, n)
            if restored is None:
                self.native.clear()
                self.swa.cleared()
                restored = 0
            self.tokens = keep[:restored]
            self._decode_onto_mirror(keep[restored:])
            self.counters.tokens_reprocessed += len(keep) - restored
        else:
            del self.tokens[n:]
        self.n_keep = min(self.n_keep, n)
        covered = self.n_keep
        kept: list[Span] = []
        for span in self.spans:
            if covered >= n:
                break
            take = min(span.length, n - covered)
            kept.append(Span(span.key, take))
            covered += take
        self.spans = kept

    def _emit(self, event: ShiftEvent) -> None:
        self.events.append(event)
        if self.on_shift:
            self.on_shift(event)

    def reset(self) -> None:
        self.native.clear()
        self.swa.cleared()
        self.tokens = []
        self.n_keep = 0
        self.spans = []
