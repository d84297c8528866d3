"""How big a probe's decodes may be where llama.cpp cannot stop one in its middle, and how long the
rest of a check will take, from the decodes measured so far (no Qt).

A decode's time per token grows with its position: each token attends to every token before it. On
the sample model at 4,096 tokens (2 cores) a 512-token decode took 1.6 s at the start of the window and
4.2 s at its end, more than 2 s each at 16,384, and a cancel waited for it (the app stops an engine that
has not answered a cancel within 2 s). On the CPU the probe's abort callback now stops a decode in its
middle; where it is not asked (GPU backends), decodes are sized to take about `BATCH_SECONDS`.

The time left is fitted as seconds = tokens * (a + b * mean position), least squares over every decode
so far, instead of a plain tokens-per-second rate (which counts down too fast and then stalls near the
end of each read).
"""

from __future__ import annotations

from collections.abc import Sequence

# About the longest a decode that cannot be stopped runs (a cancel waits for it; the app's watchdog
# allows 2 s), where more would re-read the weights less often.
BATCH_SECONDS = 1.0
MIN_BATCH = 16
FIRST_BATCH = 512  # (the first decode, at the start of the window, is the quickest; then it is known
# whether llama.cpp asks the abort callback)

Read = tuple[int, int]  # (first position, tokens), decoded from position `first` on


def next_batch(current: int, count: int, seconds: float, limit: int, target: float = BATCH_SECONDS) -> int:
    """The next decode's size after one of `count` tokens took `seconds` (the size was `current`):
    about `target` seconds at that time per token, growing at most twofold per step (the time per
    token rises along the window), within MIN_BATCH..limit."""
    if count <= 0 or seconds <= 0:
        return max(1, min(current, limit))
    fitting = int(target * count / seconds)
    return max(1, min(limit, 2 * current, max(MIN_BATCH, fitting)))


class DecodePace:
    """The decodes measured so far, and the seconds a read would take at that pace."""

    def __init__(self) -> None:
        # Sums for the least-squares fit of seconds = a * x1 + b * x2, where x1 = tokens and
        # x2 = tokens * mean position (the normal equations of two unknowns).
        self._s11 = self._s12 = self._s22 = self._s1y = self._s2y = 0.0
        self._tokens = 0
        self._seconds = 0.0
        self.decodes = 0

    def measured(self, first: int, count: int, seconds: float) -> None:
        if count <= 0 or seconds < 0:
            return
        x1, x2 = float(count), count * (first + (count - 1) / 2)
        self._s11 += x1 * x1
        self._s12 += x1 * x2
        self._s22 += x2 * x2
        self._s1y += x1 * seconds
        self._s2y += x2 * seconds
        self._tokens += count
        self._seconds += seconds
        self.decodes += 1

    def coefficients(self) -> tuple[float, float] | None:
        """(seconds per token at position 0, extra seconds per token per position), or None before
        the first decode. A fit whose slope comes out negative (noise, a machine busy with something
        else) falls back to the plain rate."""
        if not self._tokens:
            return None
        det = self._s11 * self._s22 - self._s12 * self._s12
        if self.decodes >= 2 and det > 1e-9 * self._s11 * self._s22:
            a = (self._s22 * self._s1y - self._s12 * self._s2y) / det
            b = (self._s11 * self._s2y - self._s12 * self._s1y) / det
            if a >= 0 and b >= 0:
                return a, b
        return self._seconds / self._tokens, 0.0

    def seconds_for(self, reads: Sequence[Read]) -> float | None:
        """The predicted time of decoding `reads`; None before anything was measured."""
        fit = self.coefficients()
        if fit is None:
            return None
        a, b = fit
        return sum(count * (a + b * (first + (count - 1) / 2)) for first, count in reads if count > 0)


def reads_left(plan: Sequence[int], done: int) -> list[Read]:
    """What is left of `plan` (the lengths of reads, each from position 0, in order) after `done`
    tokens of it were decoded."""
    left: list[Read] = []
    for length in plan:
        if done >= length:
            done -= length
            continue
        left.append((done, length - done))
        done = 0
    return left
