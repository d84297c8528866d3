"""Long file work (import, export, delete of a whole chat) on a thread of its own, one at a time,
with progress and cancel; the window stays responsive and learns the result through signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..chat.jsonl import JobCancelled

log = logging.getLogger("fireside.ui")

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]  # (progress, cancelled) -> result


class BackgroundJobs(QObject):
    """Signals carry the job's kind ("import", "export", "delete"); they reach slots of objects
    in the GUI thread queued (connect bound methods, not lambdas)."""

    progress = Signal(str, int, int)  # kind, done, total
    finished = Signal(str, object)  # kind, result
    failed = Signal(str, str)  # kind, message ("cancelled" when the user stopped it)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self.kind = ""

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, kind: str, job: Job) -> bool:
        """Run `job` on its own thread; False (nothing started) while another one runs."""
        if self.running:
            return False
        self.kind = kind
        self._cancel = threading.Event()
        cancel = self._cancel
        self._thread = threading.Thread(target=self._run, args=(kind, job, cancel), name=f"fireside-{kind}",
                                        daemon=True)
        self._thread.start()
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the running job ends (closing the app); True if none is left running."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def _run(self, kind: str, job: Job, cancel: threading.Event) -> None:
        try:
            result = job(lambda done, total: self.progress.emit(kind, done, total), cancel.is_set)
        except JobCancelled:
            self.failed.emit(kind, "cancelled")
        except Exception as exc:  # noqa: BLE001 - every failure reaches the window as a message
            log.exception("%s failed", kind)
            self.failed.emit(kind, str(exc) or type(exc).__name__)
        else:
            self.finished.emit(kind, result)
