"""A draft model: a second, smaller model with the same vocabulary that guesses the next tokens.

Speculative decoding as llama.cpp's server, KoboldCpp and LM Studio offer it: the draft writes a few
tokens greedily, the main model checks them in one batch and keeps what it would have picked anyway
(generate.py), so the text is the main model's and only the speed changes.

The draft's cache follows the main one by its tokens, not by its calls: before each guess it is made
to hold the main cache's tokens. What the main cache cut out of the middle (a context shift, a turn a
client dropped) is found as a hole and shifted out of the draft too, so a shift costs the draft no
re-reading either; anything else it cannot line up (a snapshot restored, a card edited) is read again
from the first difference.
"""

from __future__ import annotations

import ctypes
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass

import llama_cpp as ll
import numpy as np

from .config import LoadConfig, resolve_rope
from .kv_records import common_prefix
from .metadata import ModelFacts, ModelFileError, read_model_facts
from .native import NativeContext, NativeModel, context_params
from .validation import ConfigError, ConfigProblem

log = logging.getLogger("fireside.draft")

MATCH_AFTER_HOLE = 16  # tokens that must line up after a hole before it is taken for a cut
FIRST_CHECKED_TOKEN = 5  # (as llama.cpp's server: the first few ids are control tokens that families name apart)
MAX_VOCAB_DIFFERENCE = 128  # padding a family's sizes differ by; ids past the smaller vocabulary are never guessed


@dataclass
class DraftCounters:
    evaluated: int = 0  # tokens the draft read to follow the main cache (drafted ones not counted)
    drafted: int = 0
    holes_shifted: int = 0  # cuts of the main cache followed by shifting, nothing read again
    tokens_shifted_out: int = 0


def vocabulary_mismatch(main: NativeModel, draft: NativeModel) -> str:
    """Why `draft` cannot guess for `main` ("" when it can): the same kind of tokenizer, the same start
    and end tokens, and every token spelt the same (llama.cpp's server checks the same)."""
    mv, dv = main.vocab, draft.vocab
    if ll.llama_vocab_type(mv) != ll.llama_vocab_type(dv):
        return "it uses another kind of tokenizer"
    if abs(main.n_vocab - draft.n_vocab) > MAX_VOCAB_DIFFERENCE:
        return f"its vocabulary has {draft.n_vocab:,} tokens, the model's {main.n_vocab:,}"
    for what, get_add, get_id in (("start", ll.llama_vocab_get_add_bos, ll.llama_vocab_bos),
                                  ("end", ll.llama_vocab_get_add_eos, ll.llama_vocab_eos)):
        if bool(get_add(mv)) != bool(get_add(dv)) or (get_add(mv) and get_id(mv) != get_id(dv)):
            return f"its {what}-of-text token is not the model's"
    for token in range(FIRST_CHECKED_TOKEN, min(main.n_vocab, draft.n_vocab)):
        if ll.llama_vocab_get_text(mv, token) != ll.llama_vocab_get_text(dv, token):
            return f"token {token} is spelt differently"
    return ""


class DraftModel:
    """The draft's model, its context and the tokens its cache holds. Owned by the engine's thread."""

    def __init__(self, model: NativeModel, native: NativeContext, facts: ModelFacts, max_tokens: int,
                 main_n_vocab: int = 0) -> None:
        self.model = model
        self.native = native
        self.max_tokens = max_tokens
        # How many to guess next: up by 2 after a guess kept whole, down by 1 after one cut short (the
        # heuristic of Hugging Face's assisted generation), so a draft that is often wrong costs little.
        self.length = max_tokens
        self.tokens: list[int] = []
        self.counters = DraftCounters()
        self._fresh = False  # the logits are the last cached token's
        self._followed = 0  # the length of the last target followed
        self._can_shift = native.can_shift()
        self._eog = frozenset(model.eog_tokens())
        self._n_vocab = model.n_vocab
        self._check_ids = main_n_vocab > model.n_vocab  # the main model may pick an id the draft cannot read
        self.facts = facts  # its header, for the memory plan
        self.name = facts.name or os.path.splitext(os.path.basename(facts.path))[0]

    @classmethod
    def load(cls, main_config: LoadConfig, main_model: NativeModel, n_ctx: int) -> DraftModel:
        """Load `main_config.draft_model_path` for `main_model`; ConfigError (naming the draft field) when
        the file is not a model or cannot guess for this one."""
        config = main_config.draft_load_config(n_ctx)
        try:
            facts = read_model_facts(config.model_path)
        except ModelFileError as exc:
            raise ConfigError([ConfigProblem("draft_model_path", str(exc).removeprefix("model_path: "))]) from exc
        model = NativeModel(config)
        try:
            why = vocabulary_mismatch(main_model, model) or _cannot_follow(model)
            if why:
                raise ConfigError([ConfigProblem("draft_model_path", f"this draft model cannot guess for the model: {why}")])
            native = NativeContext(model, context_params(config, resolve_rope(config, facts.rope_freq_base, facts.rope_dim)))
        except BaseException:
            model.close()
            raise
        log.info("draft model %s loaded (%d tokens a guess)", facts.summary(), main_config.draft_max)
        return cls(model, native, facts, main_config.draft_max, main_model.n_vocab)

    def close(self) -> None:
        self.native.close()
        self.model.close()

    # --- following the main cache ------------------------------------------------------------------

    def follow(self, target: Sequence[int]) -> int:
        """Make the cache hold `target`, with the last token's logits; return the tokens read. Holes (what
        the main cache cut out since) are shifted out; the rest is read from the first difference."""
        same = self._common_prefix(target)
        while same < len(self.tokens) and same < len(target) and (hole := self._hole(same, target)):
            self._shift_out(same, hole)
            same = self._common_prefix(target)
        if same == len(target) == len(self.tokens) and self._fresh:
            return 0
        keep = min(same, len(target) - 1)  # (the last token is read again when its logits are not there)
        self._truncate(keep)
        rest = list(target[keep:])
        n_batch = self.native.n_batch
        for i in range(0, len(rest), n_batch):
            chunk = rest[i:i + n_batch]
            self.native.decode(chunk, len(self.tokens), want_logits=True)
            self.tokens.extend(chunk)
        self._fresh = True
        self._followed = len(target)
        self.counters.evaluated += len(rest)
        return len(rest)

    def _common_prefix(self, target: Sequence[int]) -> int:
        """How many first tokens the cache shares with `target`. Between guesses they mostly share what was
        followed last time: that part is compared at C speed (a 32k window token by token in Python would
        cost a good part of a token's time at every guess)."""
        toks = self.tokens
        start = min(self._followed, len(toks), len(target))
        if start and toks[:start] == list(target[:start]):
            return start + common_prefix(toks[start:], target[start:])
        return common_prefix(toks, target)

    def _hole(self, start: int, target: Sequence[int]) -> int:
        """How many cached tokens from `start` on the target has lost, when what follows them lines up with
        the target's next tokens (MATCH_AFTER_HOLE of them, or all the target has); 0 if none."""
        if not self._can_shift:
            return 0
        need = min(MATCH_AFTER_HOLE, len(target) - start)
        want = list(target[start:start + need])
        toks = self.tokens
        j = start
        while True:
            try:
                j = toks.index(want[0], j + 1)
            except ValueError:
                return 0
            if len(toks) - j < need:
                return 0
            if toks[j:j + need] == want:
                return j - start

    def _shift_out(self, start: int, count: int) -> None:
        end = start + count
        if not self.native.seq_rm(start, end):
            self._truncate(start)
            return
        self.native.seq_add(end, -1, -count)
        del self.tokens[start:end]
        self._followed = min(self._followed, start)
        self.counters.holes_shifted += 1
        self.counters.tokens_shifted_out += count

    def _truncate(self, n: int) -> None:
        if n >= len(self.tokens):
            return
        if not self.native.seq_rm(n, -1):
            self.native.clear()
            n = 0
        del self.tokens[n:]
        self._followed = min(self._followed, n)
        self._fresh = False

    # --- guessing ------------------------------------------------------------------------------------

    def taken(self, guessed: int, kept: int) -> None:
        """The main model kept `kept` of the `guessed` tokens of the last guess."""
        self.length = min(self.max_tokens, self.length + 2) if kept >= guessed else max(1, self.length - 1)

    def guess(self, history: Sequence[int], limit: int) -> list[int]:
        """Up to `limit` tokens the draft expects after `history` (the main cache's tokens and the token just
        picked), greedily; it stops early at an end-of-generation token."""
        limit = min(limit, self.length)
        if limit <= 0 or not history or len(history) + limit > self.native.n_ctx:
            return []
        if self._check_ids and max(history) >= self._n_vocab:
            return []
        self.follow(history)
        out: list[int] = []
        n_vocab = self._n_vocab
        while True:
            logits = np.ctypeslib.as_array(ctypes.cast(self.native.logits(), ctypes.POINTER(ctypes.c_float)),
                                           shape=(n_vocab,))
            token = int(logits.argmax())
            if token in self._eog:
                break
            out.append(token)
            if len(out) >= limit:
                break
            self.native.decode_one(token, len(self.tokens))
            self.tokens.append(token)
        self.counters.drafted += len(out)
        return out


def _cannot_follow(model: NativeModel) -> str:
    """Why the draft's cache could not take wrong guesses back or follow the chat's shifts ("" if it can)."""
    if ll.llama_model_is_recurrent(model.ptr) or ll.llama_model_is_hybrid(model.ptr):
        return "it keeps a recurrent state, which cannot take wrong guesses back"
    if ll.llama_model_n_swa(model.ptr):
        return "it keeps a sliding window, which cannot follow the chat's shifts"
    return ""
