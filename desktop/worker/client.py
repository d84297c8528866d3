"""The GUI-thread side of the engine thread: owns the QThread, numbers the requests, sends them as
queued signals. The window and the API server are its two clients (ids are handed out under a lock)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from .api_job import Completion
from .engine_worker import EngineWorker

log = logging.getLogger("fireside.worker")


# Engine threads that did not stop when asked (see EngineClient.stop); never destroyed while running.
STILL_RUNNING: list[tuple[QThread, EngineWorker]] = []


class EngineClient(QObject):
    """The GUI-thread side: owns the thread, numbers the requests, forwards them as queued signals."""

    _load = Signal(int, dict)
    _generate = Signal(int, dict)
    _fetch = Signal(int)
    _probe = Signal(int, dict)
    _complete = Signal(int, object)
    _unload = Signal()
    _shutdown = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread = QThread()
        self.thread.setObjectName("engine")
        self.worker = EngineWorker()
        self.worker.moveToThread(self.thread)
        self._load.connect(self.worker.load_model)
        self._generate.connect(self.worker.generate)
        self._fetch.connect(self.worker.fetch_sample)
        self._probe.connect(self.worker.probe)
        self._complete.connect(self.worker.complete)
        self._unload.connect(self.worker.unload)
        self._shutdown.connect(self.worker.shutdown)
        self._next_id = 0
        self._id_lock = threading.Lock()  # the API server asks for ids from its own thread
        self.thread.start()

    def _new_id(self) -> int:
        with self._id_lock:
            self._next_id += 1
            return self._next_id

    def complete(self, job: Completion) -> int:
        """Queue a local-API request behind whatever the worker is doing (any thread may call this)."""
        rid = self._new_id()
        self.worker.expect_api_request(rid)
        self._complete.emit(rid, job)
        return rid

    def load(self, config: dict[str, Any]) -> int:
        rid = self._new_id()
        self._load.emit(rid, config)
        return rid

    def generate(self, request: dict[str, Any]) -> int:
        rid = self._new_id()
        self._generate.emit(rid, request)
        return rid

    def fetch_sample(self) -> int:
        rid = self._new_id()
        self._fetch.emit(rid)
        return rid

    def probe(self, load: dict[str, Any]) -> int:
        rid = self._new_id()
        self._probe.emit(rid, load)
        return rid

    def unload(self) -> None:
        self._unload.emit()

    def cancel(self, request_id: int | None = None) -> None:
        """Cancel one request and everything before it (default: everything sent so far)."""
        self.worker.cancel(self._next_id if request_id is None else request_id)

    def stop(self, timeout_ms: int = 2000, grace_ms: int = 30000) -> bool:
        """Cancel everything, close the engine in its thread, and wait for the thread to end.

        Returns whether it ended within `timeout_ms`. Work that cannot be cancelled (reading a GGUF
        header takes seconds) gets up to `grace_ms` more: a QThread destroyed while running aborts the
        whole process.
        """
        if not self.thread.isRunning():
            return True
        self.worker.cancel(self._next_id, api_too=True)
        self._shutdown.emit()
        if self.thread.wait(timeout_ms):
            return True
        log.error("the engine thread did not stop within %d ms; waiting up to %d ms more", timeout_ms, grace_ms)
        if not self.thread.wait(grace_ms):
            # Destroying a running QThread aborts the process: keep it alive until the process ends
            # (the app then exits with os._exit once the database is closed; see app.main).
            log.critical("the engine thread is still running; it is left to end with the process")
            STILL_RUNNING.append((self.thread, self.worker))
        return False
