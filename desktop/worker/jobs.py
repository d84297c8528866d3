"""What a job handler is given: the engine's state, a cancel token and a way to report.

A handler is a function `handler(ctx, args) -> result` (plain data). It raises `JobFailed` to end
with an error; any other exception ends the job as an INTERNAL error. It never sees the process,
the pipe or the other jobs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .protocol import CANCELLED, FAILED, JobEvent, Notice

if TYPE_CHECKING:
    from .engine_state import EngineState

Send = Callable[[object], None]


class JobFailed(Exception):
    def __init__(self, message: str, code: str = FAILED, problems: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.problems = problems


class CancelToken:
    """Set once by the job's owner; whatever the job is running registers how to stop it."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._hooks: list[Callable[[], None]] = []

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            hooks = list(self._hooks)
        for hook in hooks:
            hook()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def on_cancel(self, hook: Callable[[], None]) -> Callable[[], None]:
        """Call `hook` when cancelled (at once if already); returns how to unregister it."""
        with self._lock:
            self._hooks.append(hook)
            now = self._event.is_set()
        if now:
            hook()

        def remove() -> None:
            with self._lock:
                if hook in self._hooks:
                    self._hooks.remove(hook)

        return remove

    def check(self) -> None:
        if self.cancelled:
            raise JobFailed("cancelled", CANCELLED)


class Reporter:
    """A job's events onto the pipe. Tokens are batched: the first at once, then at most every
    TOKEN_GAP seconds (and whatever is left before any other event and at the end)."""

    TOKEN_GAP = 0.03

    def __init__(self, job_id: int, send: Send) -> None:
        self.job_id = job_id
        self._send = send
        self._pieces: list[str] = []
        self._last = 0.0

    def token(self, piece: str) -> None:
        self._pieces.append(piece)
        now = time.monotonic()
        if now - self._last >= self.TOKEN_GAP:
            self._last = now
            self.flush()

    def progress(self, data: dict[str, Any]) -> None:
        self.flush()
        self._send(JobEvent(self.job_id, "progress", data))

    def notice(self, kind: str, data: Any) -> None:
        self.flush()
        self._send(Notice(kind, data))

    def flush(self) -> None:
        if self._pieces:
            pieces, self._pieces = self._pieces, []
            self._send(JobEvent(self.job_id, "tokens", pieces))


@dataclass
class JobContext:
    state: EngineState  # the engine, the chats' sessions and who holds the KV cache
    cancel: CancelToken
    report: Reporter
    owner: str
    job_id: int


Handler = Callable[[JobContext, dict[str, Any]], Any]
