"""What the sliding-window (SWA) layers of a model still hold, so that no cut back trusts lost cells.

Measured on Gemma 3 (iSWA, window 512, llama.cpp's full-size SWA cache): while the cache's cells are
in position order (no shift since it was last cleared), the SWA layers keep every cell. Once a shift
has left a hole, llama.cpp's slot search fills the hole and then goes on into occupied cells that the
window already masks, and reuses them in the SWA layers only: the SWA layers lose cells of positions
far enough back (`seq_pos_min` rises, or holes open above it, which no llama.cpp call reports). That
is harmless going forward (those cells are masked), but cutting the cache back to position n needs
the window before n, and decoding on with part of it missing gives silently wrong context (greedy
agreement with a fresh evaluation fell to 56 %).

This tracker keeps a conservative floor: below it the SWA layers may have lost cells. A decode at
position p may reuse any cell at or below p - n_swa, so after a hole the floor follows the highest
position decoded (moved down with every shift). A cut back to n is safe only when the floor is at or
below the first position the next token's window reaches.
"""

from __future__ import annotations


class SwaWindow:
    def __init__(self, n_swa: int) -> None:
        self.n_swa = max(0, n_swa)
        self.floor = 0  # positions below this may be missing from the SWA layers
        self.scattered = False  # a hole was made since the cache was last cleared

    @property
    def active(self) -> bool:
        return self.n_swa > 0

    def cleared(self) -> None:
        self.floor = 0
        self.scattered = False

    def decoded(self, last_pos: int) -> None:
        """A batch up to position `last_pos` was decoded."""
        if self.scattered:
            self.floor = max(self.floor, last_pos - self.n_swa + 1)

    def shifted(self, start: int, end: int) -> None:
        """Cells [start, end) were removed and the ones after moved down by end - start."""
        if not self.active:
            return
        self.scattered = True
        if self.floor >= end:
            self.floor -= end - start
        elif self.floor > start:
            self.floor = start

    def restored(self, floor: int | None, length: int) -> None:
        """A saved state was loaded (its floor as saved, or None when unknown: then nothing before the
        end is trusted)."""
        self.scattered = True
        self.floor = floor if floor is not None else max(0, length - self.n_swa)

    def complete_before(self, n: int) -> bool:
        """Whether the SWA layers hold every cell the token at position `n` attends to."""
        return not self.active or self.floor <= max(0, n - self.n_swa + 1)
