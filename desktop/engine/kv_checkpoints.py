"""Per-turn state checkpoints for memories that cannot be cut in part (recurrent and hybrid models).

A recurrent state (Mamba, RWKV; the recurrent half of a hybrid) holds the whole past in a fixed-size
state: llama.cpp cannot remove its last tokens (`llama_memory_seq_rm(n, -1)` returns false), so cutting
back to a turn boundary (regenerate, edit, delete, a client's changed last message) would mean reading
the whole chat again. Instead the sequence's state is copied out (`llama_state_seq_get_data`) at each
turn boundary; a cut back restores the nearest checkpoint at or before the cut whose tokens still
match, and evaluates only the tokens between it and the cut.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import llama_cpp as ll

log = logging.getLogger("fireside.kv")

MAX_CHECKPOINTS = 4  # the last few turn boundaries: regenerate, edit or delete the last turns
MAX_BYTES = 256 * 1024 * 1024  # all of them together; a hybrid's state includes its attention cache


@dataclass(frozen=True)
class Checkpoint:
    tokens: tuple[int, ...]  # the cache's tokens when it was taken (its position is their count)
    data: bytes


class StateCheckpoints:
    def __init__(self, ctx: ctypes.c_void_p, enabled: bool) -> None:
        self.ctx = ctx
        self.enabled = enabled
        self.saved: list[Checkpoint] = []
        self.restores = 0

    def save(self, tokens: Sequence[int]) -> None:
        """Copy the sequence's state as it is after `tokens`."""
        if not self.enabled or not tokens or any(len(c.tokens) == len(tokens) and c.tokens == tuple(tokens)
                                                 for c in self.saved):
            return
        size = int(ll.llama_state_seq_get_size(self.ctx, 0))
        if size <= 0 or size > MAX_BYTES // 2:
            log.info("no checkpoint: the sequence state is %d bytes", size)
            return
        buf = (ctypes.c_uint8 * size)()
        written = int(ll.llama_state_seq_get_data(self.ctx, buf, size, 0))
        if written <= 0:
            return
        self.saved.append(Checkpoint(tuple(tokens), bytes(buf[:written])))
        while len(self.saved) > MAX_CHECKPOINTS or sum(len(c.data) for c in self.saved) > MAX_BYTES:
            self.saved.pop(0)

    def restore_before(self, tokens: Sequence[int], n: int) -> int | None:
        """Restore the latest checkpoint taken after a prefix of `tokens[:n]`; return its length, or
        None (nothing restored) when none applies."""
        for checkpoint in sorted(self.saved, key=lambda c: len(c.tokens), reverse=True):
            length = len(checkpoint.tokens)
            if length <= n and tuple(tokens[:length]) == checkpoint.tokens:
                data = (ctypes.c_uint8 * len(checkpoint.data)).from_buffer_copy(checkpoint.data)
                if int(ll.llama_state_seq_set_data(self.ctx, data, len(checkpoint.data), 0)) == 0:
                    log.warning("a state checkpoint could not be restored")
                    self.saved.remove(checkpoint)
                    return None
                self.restores += 1
                return length
        return None

    def clear(self) -> None:
        self.saved = []
