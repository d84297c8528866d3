"""Token-by-token generation: a streaming iterator with cancel, stop strings and stats."""

from __future__ import annotations

import codecs
import logging
import threading
import time
from collections.abc import Callable, Generator, Hashable, Iterator

from .draft import Guesser
from .draft_model import DraftModel
from .kv import Cancelled, KVContext, KVCounters
from .native import NativeModel
from .sampler_chain import SamplerChain
from .sampling import SamplerSettings, pick_seed
from .stats import GenerationStats

log = logging.getLogger("fireside.generate")


class Generation:
    """Iterate to get text pieces as they are generated; `cancel()` from any thread stops it.

    Iterating first runs `prepare` (which loads the prompt into `kv`, evaluating only what is not
    cached), then samples token by token. After iteration: `text` is the reply (without a matched stop string), `tokens` what was
    sampled, and `stats` the figures.
    """

    def __init__(self, model: NativeModel, kv: KVContext, span_key: Hashable, settings: SamplerSettings,
                 prepare: Callable[[], object], extra_stops: list[str] | None = None,
                 on_done: Callable[[Generation], None] | None = None, draft: DraftModel | None = None) -> None:
        self.model = model
        self.draft = draft  # a second model that guesses ahead, or None
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
        model = self.model
        source = self._token_source(chain, limit)
        try:
            while limit is None or len(self.tokens) < limit:
                if self._cancel.is_set():
                    reason = "cancelled"
                    break
                token = next(source, None)
                if token is None:
                    reason = "eos"
                    break
                self.tokens.append(token)
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
            source.close()  # (unconfirmed guesses leave the cache before anything else looks at it)
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
            source.close()
            chain.close()
            self._finish(before, gen_start, reason)

    def _token_source(self, chain: SamplerChain, limit: int | None) -> Generator[int, None, None]:
        """The reply's tokens, each already in the cache when it comes (the end ends the iteration). Guesses
        only where a batch gives (near enough) the logits lone decodes give, with flash attention: else
        the greedy text would differ from plain decoding's wherever two tokens are nearly tied."""
        if self.settings.lookup_draft > 0 or self.draft is not None:
            if self.kv.native.verifies_guesses and self.kv.guess_room() > 1:
                return self._guessed_tokens(chain, limit)
            log.info("guess ahead is on, but %s: decoding without guesses",
                     "flash attention is off" if not self.kv.native.verifies_guesses else "this cache cannot take them back")
        return self._plain_tokens(chain)

    def _plain_tokens(self, chain: SamplerChain) -> Generator[int, None, None]:
        ctx_ptr, model, kv, key = self.kv.native.ptr, self.model, self.kv, self.span_key
        while True:
            token = chain.sample(ctx_ptr)
            if model.is_eog(token):
                return
            kv.append(key, token)
            yield token

    def _guessed_tokens(self, chain: SamplerChain, limit: int | None) -> Generator[int, None, None]:
        """Speculative decoding, the guesses from prompt lookup or a draft model (draft.Guesser). The
        sampled token and a guess of the ones after it are decoded in one batch; then the chain samples at each position in turn, as plain decoding
        would (one draw each, in order), and a guessed token is kept only while it is the one sampled.
        The first token sampled that differs is the next token; the guesses after it leave the cache. So
        the text is plain decoding's as far as a batch's logits are a lone decode's (see
        NativeContext.verifies_guesses), and a wrong guess costs one wider batch, never text."""
        ctx_ptr, model, kv, key = self.kv.native.ptr, self.model, self.kv, self.span_key
        guesser = Guesser(kv.tokens, model.eog_tokens(), self.settings.lookup_draft, self.draft)
        self.stats.guessed = self.stats.guesses_kept = 0
        token = chain.sample(ctx_ptr)
        while not model.is_eog(token):
            guesser.add(token)
            room = kv.guess_room() - 1
            if limit is not None:
                room = min(room, limit - len(self.tokens) - 1)  # (the tokens the limit allows after this one)
            guess = guesser.draft(room, kv.tokens) if room > 0 else []
            if not guess:
                kv.append(key, token)
                yield token
                token = chain.sample(ctx_ptr)
                continue
            kv.append_guess(key, [token, *guess])
            self.stats.guessed += len(guess)
            unconfirmed = len(guess)
            try:
                yield token
                for index, guessed in enumerate(guess):
                    token = chain.sample(ctx_ptr, index)
                    if token != guessed:
                        break
                    unconfirmed -= 1
                    self.stats.guesses_kept += 1
                    guesser.add(token)
                    yield token
                else:
                    token = chain.sample(ctx_ptr, len(guess))
            finally:  # (also when the reply ends at one of these tokens: the caller closes the source)
                guesser.taken(len(guess), len(guess) - unconfirmed)
                if unconfirmed:
                    kv.rewind(key, unconfirmed)

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
