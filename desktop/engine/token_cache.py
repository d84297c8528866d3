"""Tokens of rendered messages, kept across chat sessions: reopening a long chat formats and
tokenizes only what is new. Keyed by the template, the context the message was rendered after and
the message itself (a hash), so a hit is exactly the tokens a fresh render would give."""

from __future__ import annotations

import hashlib
from array import array
from collections import OrderedDict

from .template import Message, TurnFormat


class TokenCache:
    def __init__(self, max_entries: int = 200_000) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[bytes, array] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(fmt: TurnFormat, context: list[Message], message: Message) -> bytes:
        h = hashlib.blake2b(digest_size=20)
        h.update(fmt.signature.encode("utf-8", "surrogatepass") + b"\0")
        for m in (*context, message):
            role, content = m["role"].encode(), m["content"].encode("utf-8", "surrogatepass")
            h.update(len(role).to_bytes(4, "little") + role + len(content).to_bytes(8, "little") + content)
        return h.digest()

    def get(self, key: bytes) -> list[int] | None:
        tokens = self._entries.get(key)
        if tokens is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(key)
        return tokens.tolist()

    def put(self, key: bytes, tokens: list[int]) -> None:
        self._entries[key] = array("i", tokens)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
