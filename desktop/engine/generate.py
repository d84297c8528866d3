"""Token-by-token generation: a streaming iterator with cancel, stop strings and stats."""

from __future__ import annotations

import codecs
import threading
import time
from collections.abc import Callable, Hashable, Iterator

from .kv import Cancelled, KVContext, KVCounters
from .native import NativeModel
from .sampler_chain import SamplerChain
from .sampling import SamplerSettings, pick_seed
from .stats import GenerationStats


class Generation:
    """Iterate to get text pieces as they are generated; `cancel()` from any thread stops it.

    Iterating first runs `prepare` (which loads the prompt into `kv`, evaluating only what is not
    cached), then samples token by token. After iteration: `text` is the reply (without a matched stop string), `tokens` what was
    sampled, and `stats` the figures.
    """

    def __init__(self, model: NativeModel, kv: KVContext, span_key: Hashable, settings: SamplerSettings,
                 prepare: Callable[[], object], extra_stops: list[str] | None = None,
                 on_done: Callable[[Generation], None] | None = None) -> None:
        self.model = model
        self.kv = kv
        self.span_key = span_key
        self.settings = settings
        self.stats = GenerationStats()
        self._prepare = prepare
        self.stops = [s for s in settings.stop + (extra_stops or []) if s]
        self.text = ""
        self.tokens: list[int] = []
        self._cancel = threading.Event()
        self._on_done = on_done
        self._iter: Iterator[str] | None = None

    def cancel(self) -> None:
        self._cancel.set()
        self.kv.cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def __iter__(self) -> Iterator[str]:
        if self._iter is None:
            self._iter = self._run()
        return self._iter

    def run(self) -> str:
        """Generate to the end; return the reply text."""
        for _ in self:
            pass
        return self.text

    def _run(self) -> Iterator[str]:
        self.started = time.perf_counter()
        before = self.kv.counters.copy()
        if not self._cancel.is_set():
            self.kv.cancel.clear()
        try:
            self._prepare()
        except Cancelled:
            self._cancel.set()
        except BaseException:
            self._finish(before, time.perf_counter(), "error")
            raise
        after_prompt = self.kv.counters
        self.stats.prompt_tokens = after_prompt.prompt_tokens - before.prompt_tokens
        self.stats.prompt_seconds = after_prompt.prompt_seconds - before.prompt_seconds
        s = self.settings
        seed = pick_seed(s.seed)
        self.stats.seed = seed
        chain = SamplerChain(self.model, s, seed, self.kv.n_ctx)
        chain.feed_history(self.kv.tokens)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pending = ""  # text held back because it may be the start of a stop string
        hold = max((len(x) for x in self.stops), default=0)
        limit = s.max_tokens if s.max_tokens > 0 else None
        gen_start = time.perf_counter()
        reason = "max tokens"
        ctx_ptr = self.kv.native.ptr
        model = self.model
        kv = self.kv
        try:
            while limit is None or len(self.tokens) < limit:
                if self._cancel.is_set():
                    reason = "cancelled"
                    break
                token = chain.sample(ctx_ptr)
                if model.is_eog(token):
                    reason = "eos"
                    break
                self.tokens.append(token)
                kv.append(self.span_key, token)
                piece = decoder.decode(model.token_bytes(token))
                if not piece:
                    continue
                if not self.stops:
                    self.text += piece
                    yield piece
                    continue
                pending += piece
                cut = _find_stop(self.text + pending, self.stops, len(self.text))
                if cut is not None:
                    out = (self.text + pending)[len(self.text):cut]
                    self.text += out
                    if out:
                        yield out
                    pending = ""
                    reason = "stop string"
                    break
                safe = len(pending) - _partial_stop_len(pending, self.stops, hold)
                if safe > 0:
                    out, pending = pending[:safe], pending[safe:]
                    self.text += out
                    yield out
            else:
                reason = "max tokens"
            if reason != "stop string":
                tail = pending + decoder.decode(b"", final=True)
                if tail:
                    self.text += tail
                    yield tail
            else:
                self._drop_stop_tokens()
        except Cancelled:
            reason = "cancelled"
        finally:
            chain.close()
            self._finish(before, gen_start, reason)

    def _drop_stop_tokens(self) -> None:
        """After a stop string: keep in the cache (and in `tokens`) exactly the reply's text.

        The tokens whose bytes run past the kept text leave the cache; if the last kept token
        ended inside the text (the stop string began mid-token), the missing text is tokenized as
        plain text and evaluated.
        """
        want = self.text.encode("utf-8")
        covered = 0
        keep = 0
        for token in self.tokens:
            piece = self.model.token_bytes(token)
            if want[covered:covered + len(piece)] != piece:
                break
            covered += len(piece)
            keep += 1
        rest = want[covered:].decode("utf-8", errors="replace")
        extra = len(self.tokens) - keep
        if extra and not rest and not self.kv.cut_keeps_cache(len(self.kv.tokens) - extra):
            # A sliding-window model after shifts would evaluate its whole cache again to take them off:
            # they stay cached at the end of this span instead. The next prompt usually goes on with the
            # same text (a plain format's next turn, a client's "\nUser:"); where it does not, the next
            # load cuts there.
            del self.tokens[keep:]
            return
        self.kv.rewind(self.span_key, extra)
        del self.tokens[keep:]
        for token in self.model.tokenize(rest, parse_special=False) if rest else []:
            self.kv.append(self.span_key, token)
            self.tokens.append(token)

    def _finish(self, before: KVCounters, gen_start: float, reason: str) -> None:
        now = time.perf_counter()
        c = self.kv.counters
        st = self.stats
        st.gen_seconds = now - gen_start
        st.seconds = now - self.started
        st.tokens_generated = len(self.tokens)
        st.context_used = len(self.kv.tokens)
        st.n_ctx = self.kv.n_ctx
        st.shifts = c.shifts - before.shifts
        st.tokens_discarded = c.tokens_discarded - before.tokens_discarded
        st.tokens_reprocessed = c.tokens_reprocessed - before.tokens_reprocessed
        st.stop_reason = reason
        if self._on_done:
            self._on_done(self)


def _find_stop(text: str, stops: list[str], search_from: int) -> int | None:
    """Index where the earliest stop string starts in text (looking only at new text)."""
    best: int | None = None
    for stop in stops:
        idx = text.find(stop, max(0, search_from - len(stop) + 1))
        if idx != -1 and (best is None or idx < best):
            best = idx
    return best


def _partial_stop_len(pending: str, stops: list[str], hold: int) -> int:
    """Length of the longest end of `pending` that is the start of some stop string."""
    for n in range(min(hold, len(pending)), 0, -1):
        end = pending[-n:]
        if any(stop.startswith(end) for stop in stops):
            return n
    return 0
