"""Prompt lookup: guesses of the next tokens taken from the context itself, for speculative decoding.

Roleplay and story reading repeat names, phrases and whole sentences of what is already in the
window. When the last few tokens occurred earlier, the tokens that followed them then are a guess
for what follows now; the generation loop verifies the guess in one batch and keeps what the model
would have sampled anyway (see generate.py), so a wrong guess costs time, never text.

The index is kept as tokens arrive (amortised O(1) a token), not searched: a 32k window searched
from the end at every token would cost more than the guess saves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

MAX_NGRAM = 4
MIN_NGRAM = 2  # a single token matches everywhere: its guesses are mostly wrong


class PromptLookup:
    """The history so far (the context at the start of a reply, then every token accepted) and, for
    each n-gram of MIN_NGRAM..MAX_NGRAM tokens, where it last ended."""

    def __init__(self, history: Sequence[int], excluded: Iterable[int] = ()) -> None:
        self.tokens: list[int] = list(history)
        self.excluded = frozenset(excluded)  # never guessed (end-of-generation tokens end the reply)
        self._last_end: dict[tuple[int, ...], int] = {}
        self._indexed = 0  # n-grams ending before this index are in _last_end

    def add(self, token: int) -> None:
        self.tokens.append(token)

    def draft(self, limit: int) -> list[int]:
        """Up to `limit` tokens that followed the latest earlier occurrence of the longest suffix found."""
        end = len(self.tokens) - 1
        if limit <= 0 or end < MIN_NGRAM:
            return []
        self._index_before(end)
        toks = self.tokens
        for n in range(min(MAX_NGRAM, end), MIN_NGRAM - 1, -1):
            found = self._last_end.get(tuple(toks[end - n + 1:end + 1]))
            if found is None:
                continue
            guess: list[int] = []
            for tok in toks[found + 1:found + 1 + limit]:
                if tok in self.excluded:
                    break
                guess.append(tok)
            if guess:
                return guess
        return []

    def _index_before(self, end: int) -> None:
        toks = self.tokens
        last = self._last_end
        for j in range(self._indexed, end):
            for n in range(MIN_NGRAM, MAX_NGRAM + 1):
                if j - n + 1 >= 0:
                    last[tuple(toks[j - n + 1:j + 1])] = j
        self._indexed = max(self._indexed, end)


class ModelGuesses(Protocol):
    """A draft model (draft_model.DraftModel): its guess of what follows a history."""

    def guess(self, history: Sequence[int], limit: int) -> list[int]: ...

    def taken(self, guessed: int, kept: int) -> None: ...


class Guesser:
    """Where a reply's guesses come from: prompt lookup first (free: no model runs), then the draft
    model when the chat has nothing to look up. Both see every token the reply keeps."""

    def __init__(self, history: Sequence[int], excluded: Iterable[int], lookup_limit: int,
                 model: ModelGuesses | None) -> None:
        self.lookup = PromptLookup(history, excluded) if lookup_limit > 0 else None
        self.lookup_limit = lookup_limit
        self.model = model
        self.history = self.lookup.tokens if self.lookup is not None else list(history)
        self.from_model = 0  # guesses the draft model made
        self._last_from_model = False

    def add(self, token: int) -> None:
        self.history.append(token)

    def draft(self, limit: int, cached: Sequence[int]) -> list[int]:
        """Up to `limit` tokens guessed after the last one added, which follows the main cache's `cached`
        tokens (what the draft model's cache must hold: after a shift they are not the reply's history)."""
        self._last_from_model = False
        if self.lookup is not None:
            guess = self.lookup.draft(min(limit, self.lookup_limit))
            if guess:
                return guess
        if self.model is None:
            return []
        guess = self.model.guess([*cached, self.history[-1]], limit)
        self.from_model += len(guess)
        self._last_from_model = bool(guess)
        return guess

    def taken(self, guessed: int, kept: int) -> None:
        """How the last guess went (the draft model sizes its next guesses by it)."""
        if self._last_from_model and self.model is not None:
            self.model.taken(guessed, kept)
