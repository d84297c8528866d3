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
