"""Where a count of a document's tokens ends in its text: the story reader marks, in characters of
the message, what the model has read and what is still in its window.

A document's tokens are its rendered turn (the template's head, the text, the tail), so the text's
first bytes are found in the tokens' bytes; a tokenizer that changes the text beyond recognition
falls back to the tokens' share of the text."""

from __future__ import annotations

from itertools import accumulate
from typing import Protocol


class TokenBytes(Protocol):
    def token_bytes(self, token: int, special: bool = False) -> bytes: ...


class DocumentPlaces:
    """Remembers each document's byte offsets (one pass over its tokens, then lookups)."""

    def __init__(self, model: TokenBytes) -> None:
        self.model = model
        self._seen: dict[int, tuple[list[int], int, bytes]] = {}  # message id -> (byte ends, text start, text)

    def chars(self, key: int, tokens: list[int], content: str, n_tokens: int) -> int:
        """Characters of `content` covered by the first `n_tokens` of `tokens` (0..len(content))."""
        if n_tokens <= 0 or not tokens or not content:
            return 0
        if n_tokens >= len(tokens):
            return len(content)
        ends, start, data = self._offsets(key, tokens, content)
        if start < 0:  # not found: the tokens' share
            return min(len(content), round(len(content) * n_tokens / len(tokens)))
        covered = max(0, ends[n_tokens - 1] - start)
        return len(data[:covered].decode("utf-8", "ignore"))

    def _offsets(self, key: int, tokens: list[int], content: str) -> tuple[list[int], int, bytes]:
        seen = self._seen.get(key)
        if seen is None or len(seen[0]) != len(tokens):
            pieces = [self.model.token_bytes(t) for t in tokens]
            data = content.encode("utf-8")
            start = b"".join(pieces).find(data[:256])
            seen = self._seen[key] = (list(accumulate(len(p) for p in pieces)), start, data)
        return seen

    def forget(self, key: int) -> None:
        self._seen.pop(key, None)
