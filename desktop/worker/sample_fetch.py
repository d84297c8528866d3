"""Getting the sample model: a download, so on a thread of its own, never in the engine."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from ..models import FetchError, fetch_sample

log = logging.getLogger("fireside.worker")


class SampleFetch(QObject):
    progress = Signal(int, int)  # bytes done, bytes total
    fetched = Signal(str)  # the model's path
    failed = Signal(str)  # why ("cancelled" when stopped)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._cancel.clear()
        self._thread = threading.Thread(target=self._run, name="sample-fetch", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def _run(self) -> None:
        try:
            path = fetch_sample(progress=lambda done, total: self.progress.emit(done, total),
                                cancelled=self._cancel.is_set)
        except FetchError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - network stacks raise many kinds
            log.exception("fetching the sample model failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.fetched.emit(str(path))
