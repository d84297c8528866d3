"""The app's side of the engine: one `EngineClient` per app, used by the window, the API server and
background work alike. It starts the engine process (engine_link), hands out job ids, sends jobs,
and turns the engine's answers into Qt signals (for the window) or calls the caller's own sink from
its reader thread (for the API server, which is not a Qt thread).

Every job ends in exactly one `finished` or `failed` (a `JobError`), also when the engine process
dies: then every job it had gets a failure with code ENGINE_DIED and the report, and `died` says why.
A cancel that the engine does not answer within CANCEL_GRACE_S stops the engine process."""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from ..engine import rpc
from ..storage.paths import log_dir
from . import faults
from .completion import Completion
from .crash_report import adjusted_config, name_gone_servers
from .engine_link import EngineLink
from .protocol import (
    API,
    BACKGROUND,
    ENGINE_DIED,
    NO_MODEL,
    WINDOW,
    CrashReport,
    JobEnd,
    JobError,
    JobEvent,
    JobSpec,
    Notice,
)

log = logging.getLogger("fireside.worker")

CANCEL_GRACE_S = 2.0
# A load before llama.cpp's first progress report is still in Python (reading the GGUF header, checking
# GPU servers), which reaches its cancel check by itself; on a cold disk that part has taken over 2 s.
LOAD_START_GRACE_S = 10.0
# A load reports progress many times a second while it reads tensors; one silent this long is stuck
# in C code (nobody may be there to press Cancel: `fireside --serve`).
LOAD_STALL_S = 60.0
JOB_WORDS = {"load": "a model load", "reply": "a reply", "read": "a story reading", "probe": "a setting check",
             "complete": "an API request"}
Sink = Callable[[str, Any], None]


@dataclass
class _Job:
    kind: str
    owner: str
    sink: Sink | None = None  # called from the reader thread instead of the signals
    cancelled_at: float = 0.0
    last_event: float = 0.0  # when the engine last said something about it (a load's stall watchdog)
    started_at: float = 0.0  # when the engine began running it


_clients = itertools.count(1)
KEEP_ENGINE_LOGS = 8


def wanted_servers(load: dict[str, Any]) -> tuple[str, ...]:
    """The GPU servers a load's settings ask for, as the engine process registers them."""
    return rpc.listed_servers(list(load.get("rpc_servers") or []))


def engine_log_path() -> Path:
    """A log file for this client's engine processes (restarts append to it); the oldest go."""
    folder = log_dir()
    old = sorted(folder.glob("engine-*.log"), key=lambda p: p.stat().st_mtime)
    for path in old[:max(0, len(old) - KEEP_ENGINE_LOGS + 1)]:
        with contextlib.suppress(OSError):
            path.unlink()
    return folder / f"engine-{os.getpid()}-{next(_clients)}.log"


class CrashLoopGuard:
    """Automatic restarts allowed: at most `limit` within `window_s` seconds."""

    def __init__(self, limit: int = 3, window_s: float = 300.0) -> None:
        self.limit = limit
        self.window_s = window_s
        self.times: list[float] = []

    def allow(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        self.times = [t for t in self.times if now - t < self.window_s]
        if len(self.times) >= self.limit:
            return False
        self.times.append(now)
        return True


class EngineClient(QObject):
    progress = Signal(int, object)  # job id, {"stage": "load"|"prompt"|"probe"|..., ...}
    tokens = Signal(int, list)  # job id, text pieces (one per token), a few dozen batches a second
    finished = Signal(int, object)  # job id, the handler's result
    failed = Signal(int, object)  # job id, JobError
    notice = Signal(str, object)  # "snapshot" | "context_map" | "api", data
    died = Signal(object)  # CrashReport: the engine process ended on its own (or was stopped, hung)
    restarted = Signal()  # a new engine process runs (no model loaded yet)
    stopped_restarting = Signal(object)  # CrashReport: the crash-loop limit was reached (auto_restart)
    _auto_restart = Signal()
    _wake = Signal()  # (no payload: what the reader thread hands over waits in `_inbox`)

    def __init__(self, parent: QObject | None = None, fault: str | None = None, auto_restart: bool = False,
                 restart_guard: CrashLoopGuard | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._jobs: dict[int, _Job] = {}
        self._next_id = 0
        self._current = 0  # the job the engine is running (0: none)
        self._status: dict[str, Any] | None = None
        self.crash: CrashReport | None = None  # the last death, until a restart
        self.last_load: dict[str, Any] | None = None  # the config of the last load that succeeded
        self.restarting = False  # (the API answers 503 with Retry-After meanwhile)
        self.auto_restart = auto_restart
        self.restart_guard = restart_guard or CrashLoopGuard()
        self.gave_up = False  # the crash-loop limit was reached
        self._auto_restart.connect(self._restart_after_crash)
        # The reader thread never emits the public signals itself: it queues (signal, args) and wakes
        # this thread once; the signals are emitted here. Python objects then never cross threads
        # inside Qt's queued events, and a client deleted at exit drops a bare wake-up, nothing else.
        self._inbox: deque[tuple[Any, tuple[Any, ...]]] = deque()
        self._inbox_lock = threading.Lock()
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self._log_path = engine_log_path()
        first_fault = fault if fault is not None else os.environ.get(faults.ENV)
        # A fault marked for every process (a crash loop, in tests) is given to restarts too.
        self._every_fault = first_fault if first_fault and faults.Fault.parse(first_fault).every_process else None
        self._link = self._spawn(first_fault)

    def _spawn(self, fault: str | None, servers: tuple[str, ...] = ()) -> EngineLink:
        build = rpc.rpc_build_dir() if servers else None
        lib_path = str(build / "lib") if build is not None else None
        return EngineLink(self._log_path, self._on_message, self._on_death, fault, servers, lib_path)

    @property
    def pid(self) -> int:
        return self._link.pid

    @property
    def alive(self) -> bool:
        return self._link.alive

    # --- jobs ------------------------------------------------------------------------------------

    def submit(self, kind: str, args: dict[str, Any] | None = None, owner: str = WINDOW,
               sink: Sink | None = None) -> int:
        """Queue a job (any thread may call this); returns its id. Its answers arrive as signals, or
        through `sink(kind, data)` in the client's reader thread when one is given."""
        if kind == "load":
            servers = wanted_servers(args or {})
            if not self._link.alive and not self.gave_up:
                self.restart(servers=servers)  # choosing a model after a crash starts a new engine for it
            elif self._link.alive and servers != self._link.rpc_servers:
                # ggml keeps every GPU server a process has added: another set needs a new process
                log.info("GPU servers %s -> %s: a new engine process", self._link.rpc_servers, servers)
                self.restart(servers=servers)
        with self._lock:
            self._next_id += 1
            job_id = self._next_id
            self._jobs[job_id] = _Job(kind, owner, sink)
        if not self._link.send(("job", JobSpec(job_id, kind, owner, dict(args or {})))):
            end = JobEnd(job_id, error=self._dead_error())
            if sink is not None:
                self._end(end)
            else:
                self._end(end)  # (posted: the caller has the id before it arrives)
        return job_id

    def load(self, config: dict[str, Any], owner: str = WINDOW) -> int:
        with self._lock:
            self._status = None
        return self.submit("load", config, owner)

    def generate(self, request: dict[str, Any]) -> int:
        return self.submit("read" if request.get("mode") == "read" else "reply", request)

    def probe(self, load: dict[str, Any]) -> int:
        return self.submit("probe", load)

    def unload(self) -> int:
        with self._lock:
            self._status = None
        return self.submit("unload", {})

    def complete(self, job: Completion) -> int:
        """An API request: its sink gets ("prompt", reuse), ("token", text), then ("done", result)
        or ("error", JobError)."""
        fields = {f.name: getattr(job, f.name) for f in dataclass_fields(job) if f.name != "sink"}
        return self.submit("complete", fields, API, job.sink)

    def call(self, kind: str, args: dict[str, Any] | None = None, owner: str = BACKGROUND,
             timeout: float = 30.0) -> Any:
        """Run a job and wait for its result, from any thread (no Qt loop needed). Raises
        RuntimeError with the job's error, or when no answer comes within `timeout`."""
        box: list[tuple[str, Any]] = []
        done = threading.Event()

        def sink(event: str, data: Any) -> None:
            if event in ("done", "error"):
                box.append((event, data))
                done.set()

        job_id = self.submit(kind, args, owner, sink)
        if not done.wait(timeout) or not box:
            self.cancel(job_id)
            raise RuntimeError(f"the engine did not answer a {kind} within {timeout:.0f} s")
        event, data = box[0]
        if event == "error":
            raise RuntimeError(data.message)
        return data

    def tokenize(self, text: str, special: bool = True, timeout: float = 10.0) -> list[int]:
        """Tokenize with the loaded model, from any thread (it does not wait behind a reply)."""
        return list(self.call("tokenize", {"text": text, "special": special}, API, timeout))

    @property
    def running_job(self) -> int:
        """The id of the job the engine is running now (0: it is idle)."""
        with self._lock:
            return self._current

    def model_status(self) -> dict[str, Any] | None:
        """The loaded model's path, window and load time, from any thread; None without a model."""
        with self._lock:
            return dict(self._status) if self._status else None

    # --- cancelling ------------------------------------------------------------------------------

    def cancel(self, job_id: int) -> None:
        """Cancel one job, queued or running (its end still arrives: a result or a CANCELLED error)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return
            job.cancelled_at = job.cancelled_at or time.monotonic()
        self._link.send(("cancel", job_id))
        self._watch_cancel([job_id])

    def cancel_owner(self, owner: str) -> None:
        """Cancel every job of `owner` (WINDOW, API, BACKGROUND); the others' jobs go on."""
        with self._lock:
            ids = [i for i, job in self._jobs.items() if job.owner == owner]
            for i in ids:
                self._jobs[i].cancelled_at = self._jobs[i].cancelled_at or time.monotonic()
        self._link.send(("cancel_owner", owner))
        self._watch_cancel(ids)

    def _watch_cancel(self, ids: list[int]) -> None:
        """Stop the engine when a cancelled job is still running CANCEL_GRACE_S after the cancel (or
        after it started, for one cancelled while it waited)."""
        link = self._link

        def check() -> None:
            while link.alive:
                time.sleep(0.25)
                with self._lock:
                    waiting = [i for i in ids if i in self._jobs]
                    job = self._jobs.get(self._current) if self._current in ids else None
                    since = max(job.cancelled_at, job.started_at) if job is not None else 0.0
                if not waiting:
                    return
                grace = CANCEL_GRACE_S
                if job is not None and job.kind == "load" and job.last_event <= job.started_at:
                    grace = LOAD_START_GRACE_S
                if job is not None and time.monotonic() - since > grace and link is self._link:
                    what = JOB_WORDS.get(job.kind, f"a {job.kind} job")
                    link.kill(f"{what} did not answer its cancel within {CANCEL_GRACE_S:.0f} s: it was stuck in "
                              "llama.cpp")
                    return

        if ids:
            threading.Thread(target=check, name="cancel-watchdog", daemon=True).start()

    # --- the engine process's life ---------------------------------------------------------------

    def restart(self, fault: str | None = None, servers: tuple[str, ...] | None = None) -> None:
        """A new engine process (the old one is stopped first if it still runs) for these GPU servers
        (None: the same as before). No model is loaded."""
        servers = self._link.rpc_servers if servers is None else servers
        if self._link.alive:
            self._link.stop(CANCEL_GRACE_S)  # ("stop" cancels every job in the engine first)
        with self._lock:
            self._status = None
            self._current = 0
            left = list(self._jobs)
        for job_id in left:  # (a job the old process did not end before it stopped)
            self._end(JobEnd(job_id, error=JobError("the engine was restarted", ENGINE_DIED)))
        self.crash = None
        self.gave_up = False
        self._link = self._spawn(fault if fault is not None else self._every_fault, servers)
        log.info("engine process restarted (pid %d)", self._link.pid)
        self.restarted.emit()

    def stop(self, timeout_ms: int = 2000) -> bool:
        """Cancel everything, let the engine save the cache's snapshot, end the process. Never waits
        longer than `timeout_ms` on the engine (then it is killed). Returns whether it ended by itself."""
        self.auto_restart = False
        if not self._link.alive:
            return True
        return self._link.stop(timeout_ms / 1000)  # ("stop" cancels every job in the engine first)

    @Slot()
    def _restart_after_crash(self) -> None:
        config = self.last_load
        if not self.auto_restart or config is None:
            return
        if not self.restart_guard.allow():
            self.gave_up = True
            self.restarting = False
            log.critical("the engine crashed %d times within %.0f s: it is not restarted again",
                         self.restart_guard.limit + 1, self.restart_guard.window_s)
            self.stopped_restarting.emit(self.crash)
            return
        self.restarting = True
        if self.crash is not None and self.crash.gone_servers:  # go on without the computer that went away
            config = adjusted_config("without_gone_servers", config, gone=self.crash.gone_servers) or config
        self.load(config, BACKGROUND)  # (a new engine process for it: see submit)

    # --- the reader thread -----------------------------------------------------------------------

    def _on_message(self, message: Any) -> None:
        try:
            self._dispatch(message)
        except RuntimeError as exc:  # this QObject was deleted while its engine still talked (app exit)
            log.debug("an engine message after the client was deleted: %s", exc)

    def _watch_load(self, job_id: int, link: EngineLink) -> None:
        def check() -> None:
            while link.alive:
                time.sleep(min(5.0, LOAD_STALL_S / 4))
                with self._lock:
                    job = self._jobs.get(job_id)
                    if job is None or self._current != job_id:
                        return
                    silent = time.monotonic() - job.last_event
                if silent > LOAD_STALL_S and link is self._link:
                    link.kill(f"a model load made no progress for {LOAD_STALL_S:.0f} s: it was stuck in llama.cpp")
                    return

        threading.Thread(target=check, name="load-watchdog", daemon=True).start()

    def _dispatch(self, message: Any) -> None:
        if isinstance(message, JobEvent):
            with self._lock:
                job = self._jobs.get(message.id)
                if job is not None:
                    job.last_event = time.monotonic()
            if job is None:
                return
            if job.sink is not None:
                if message.type == "tokens":
                    job.sink("token", "".join(message.data))
                elif message.data.get("stage") == "prompt_loaded":
                    job.sink("prompt", message.data["reuse"])
            elif message.type == "tokens":
                self._post(self.tokens, message.id, list(message.data))
            else:
                self._post(self.progress, message.id, message.data)
        elif isinstance(message, JobEnd):
            self._end(message)
        elif isinstance(message, Notice):
            self._post(self.notice, message.kind, message.data)
        elif isinstance(message, tuple) and message[0] == "started":
            with self._lock:
                self._current = message[1]
                job = self._jobs.get(message[1])
                if job is not None:
                    job.last_event = job.started_at = time.monotonic()
                    if job.kind == "load":
                        self._watch_load(message[1], self._link)

    def _end(self, end: JobEnd) -> None:
        with self._lock:
            job = self._jobs.pop(end.id, None)
            if self._current == end.id:
                self._current = 0
            if job is not None and job.kind == "load":
                if end.ok:
                    config = end.result.get("config", {})
                    self._status = {"path": config.get("model_path", ""), "n_ctx": end.result.get("n_ctx", 0),
                                    "loaded_at": time.time(), "draft": end.result.get("draft")}
                    self.last_load = dict(config)
                    self.restarting = False
                else:
                    self._status = None
                    if end.error is not None and end.error.code != ENGINE_DIED:
                        self.restarting = False  # (a reload refused: the API says the engine stopped)
        if job is None:
            return
        if job.sink is not None:
            job.sink("done", end.result) if end.ok else job.sink("error", end.error)
        elif end.ok:
            self._post(self.finished, end.id, end.result)
        else:
            self._post(self.failed, end.id, end.error)

    def _post(self, signal: Any, *args: Any) -> None:
        """Emit `signal(*args)` in the client's own thread, soon (from any thread; in order)."""
        with self._inbox_lock:
            wake = not self._inbox
            self._inbox.append((signal, args))
        if wake:
            self._wake.emit()

    @Slot()
    def _drain(self) -> None:
        while True:
            with self._inbox_lock:
                if not self._inbox:
                    return
                signal, args = self._inbox.popleft()
            signal.emit(*args)

    def _dead_error(self) -> JobError:
        crash = self.crash
        if crash is None:
            return JobError("the engine is not running", NO_MODEL)
        return JobError(f"the engine stopped: {crash.cause}", ENGINE_DIED, crash=crash)

    def _on_death(self, report: CrashReport) -> None:
        try:
            self._died(report)
        except RuntimeError as exc:  # (deleted: see _on_message)
            log.debug("the engine's death after the client was deleted: %s", exc)

    def _died(self, report: CrashReport) -> None:
        report = name_gone_servers(report, self._link.rpc_servers)
        self.crash = report
        with self._lock:
            ids = list(self._jobs)
            self._status = None
            self._current = 0
        for job_id in ids:
            self._end(JobEnd(job_id, error=self._dead_error()))
        self._post(self.died, report)
        if self.auto_restart and self.last_load is not None:
            self.restarting = True
            self._post(self._auto_restart)  # (after `died`, in the client's thread)
