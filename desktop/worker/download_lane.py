"""Model downloads, one at a time, on a thread of their own.

A download takes minutes to hours, so it must neither wait behind a chat turn nor hold one up: it
does not use the engine's queue, only its own. Each download has an id; `cancel(id)` stops it at the
next block (its .part files stay, so it resumes later) and `cancel(id, discard=True)` also deletes them.
The list of unfinished downloads is saved (through `store`, in the GUI thread), so a download cut off by
closing the app resumes at the next start.
"""

from __future__ import annotations

import logging
import queue
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:  # huggingface_hub takes a few tenths of a second to import: only when a download starts
    from ..hub.download import DownloadProgress, DownloadSpec

log = logging.getLogger("fireside.downloads")

Store = Callable[[list[dict[str, Any]]], None]  # saves the unfinished downloads (GUI thread)


@dataclass
class DownloadJob:
    id: int
    spec: DownloadSpec
    token: str | None
    state: str = "queued"  # queued | running | paused | failed | damaged | done
    message: str = ""
    cancel: threading.Event | None = None
    discard: bool = False


class DownloadLane(QObject):
    progress = Signal(int, dict)  # id, {"done", "total", "phase", "file", "bytes_per_s", "seconds_left"}
    finished = Signal(int, str)  # id, the model's path
    failed = Signal(int, str)  # id, message ("cancelled" when the user stopped it)
    changed = Signal()  # a download was added, started, ended or removed
    _ended = Signal(int, str, str)  # id, state, message/path: from the lane's thread to the GUI thread

    def __init__(self, store: Store | None = None, free_space: Callable[[str], int] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.free_space = free_space or (lambda folder: shutil.disk_usage(folder).free)
        self.jobs: dict[int, DownloadJob] = {}
        self._next_id = 0
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._ended.connect(self._on_ended)

    # --- GUI thread ------------------------------------------------------------------------------

    def start(self, spec: DownloadSpec, token: str | None = None) -> int:
        """Queue a download (or resume one with the same files); returns its id."""
        for job in self.jobs.values():
            if job.spec.to_dict() == spec.to_dict() and job.state in ("queued", "running"):
                return job.id
        self._next_id += 1
        job = DownloadJob(self._next_id, spec, token, cancel=threading.Event())
        with self._lock:
            for old in [j for j in self.jobs.values() if j.spec.to_dict() == spec.to_dict()]:
                del self.jobs[old.id]
            self.jobs[job.id] = job
        self._save()
        self._queue.put(job.id)
        self._ensure_thread()
        self.changed.emit()
        return job.id

    def cancel(self, job_id: int, discard: bool = False) -> None:
        """Stop a download; `discard` also deletes what it downloaded and forgets it."""
        job = self.jobs.get(job_id)
        if job is None:
            return
        job.discard = job.discard or discard
        if job.cancel is not None:
            job.cancel.set()
        if discard and job.state not in ("queued", "running"):
            self._forget(job)

    def resume_saved(self, saved: list[dict[str, Any]]) -> list[int]:
        """Start again the downloads that were unfinished when the app closed."""
        from ..hub.download import DownloadSpec

        ids = []
        for data in saved:
            try:
                spec = DownloadSpec.from_dict(data)
            except (KeyError, TypeError, ValueError) as exc:
                log.warning("a saved download could not be read (%s); it is dropped", exc)
                continue
            ids.append(self.start(spec))
        return ids

    def unfinished(self) -> list[DownloadJob]:
        return [j for j in self.jobs.values() if j.state != "done"]

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Stop the running download (its record stays saved, to resume at the next start); after this
        nothing is saved any more (the database closes with the app)."""
        self._closed = True
        for job in self.jobs.values():
            if job.cancel is not None:
                job.cancel.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    @Slot(int, str, str)
    def _on_ended(self, job_id: int, state: str, detail: str) -> None:
        job = self.jobs.get(job_id)
        if job is None or self._closed:
            return
        job.state, job.message = state, detail
        if state == "done":
            self._forget(job, delete_files=False)
            self.finished.emit(job_id, detail)
        elif job.discard or state == "damaged":
            self._forget(job)
            self.failed.emit(job_id, "cancelled" if job.discard else detail)
        else:
            self._save()
            self.failed.emit(job_id, detail)
        self.changed.emit()

    def _forget(self, job: DownloadJob, delete_files: bool = True) -> None:
        if delete_files:
            job.spec.discard()
        with self._lock:
            self.jobs.pop(job.id, None)
        self._save()
        self.changed.emit()

    def _save(self) -> None:
        if self.store is not None:
            self.store([j.spec.to_dict() for j in self.jobs.values() if j.state != "done"])

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="fireside-downloads", daemon=True)
            self._thread.start()

    # --- the lane's thread -----------------------------------------------------------------------

    def _run(self) -> None:
        while (job_id := self._queue.get()) is not None:
            with self._lock:
                job = self.jobs.get(job_id)
            if job is None or job.cancel is None:
                continue
            if job.cancel.is_set():
                self._emit(self._ended, job_id, "paused", "cancelled")
                continue
            job.state = "running"
            if not self._emit(self.changed):
                return
            ended = self._download(job)
            if not self._emit(self._ended, job_id, *ended):
                return

    def _emit(self, signal: Any, *args: Any) -> bool:
        """Emit from the lane's thread; False once the app has closed (the QObject may be gone)."""
        if self._closed:
            return False
        try:
            signal.emit(*args)
        except RuntimeError:  # the C++ object was deleted with the window
            return False
        return True

    def _download(self, job: DownloadJob) -> tuple[str, str]:
        from ..hub.client import HubClient
        from ..hub.download import DownloadCancelled, DownloadDamaged, DownloadError, run_download

        assert job.cancel is not None
        cancel = job.cancel

        def report(p: DownloadProgress) -> None:
            if not self._emit(self.progress, job.id, {"done": p.done, "total": p.total, "phase": p.phase,
                                                      "file": p.filename, "bytes_per_s": p.bytes_per_s,
                                                      "seconds_left": p.seconds_left}):
                cancel.set()  # the app is closing: stop at once, keep the .part

        try:
            path = run_download(job.spec, HubClient(job.token), report, cancel.is_set, self.free_space)
        except DownloadCancelled:
            return "paused", "cancelled"
        except DownloadDamaged as exc:
            log.warning("download of %s failed: %s", job.spec.name, exc)
            return "damaged", str(exc)
        except DownloadError as exc:
            log.warning("download of %s failed: %s", job.spec.name, exc)
            return "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - any failure reaches the window as a message
            log.exception("download of %s failed", job.spec.name)
            return "failed", f"{type(exc).__name__}: {exc}"
        return "done", str(path)
