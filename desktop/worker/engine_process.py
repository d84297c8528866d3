"""The engine process: llama.cpp, the engine, snapshots and every job that touches them.

The app starts it with multiprocessing's "spawn" (the same on Linux, Windows and macOS, and in the
PyInstaller bundle, whose entry point calls freeze_support). It talks over one pipe (see protocol):
a reader thread takes jobs, cancels and pings; the main thread runs the jobs one at a time. Its
stderr (C code's too: GGML_ASSERT, CUDA errors) goes to a log file the app reads when it dies. If the
app goes away (the pipe closes), it ends at once: there is nobody left to answer.
"""

from __future__ import annotations

import faulthandler
import importlib
import logging
import os
import queue
import signal
import sys
import threading
from typing import Any

from . import faults
from .engine_state import EngineState
from .handlers import HANDLERS, IMMEDIATE
from .jobs import CancelToken, JobContext, JobFailed, Reporter
from .protocol import CANCELLED, INTERNAL, REFUSED, EngineOptions, JobEnd, JobError, JobSpec, Notice

log = logging.getLogger("fireside.engine_process")

TEST_HOOK_ENV = "FIRESIDE_ENGINE_TEST_HOOK"  # "module:function", called in the engine process (tests only)


def main(conn: Any, options: EngineOptions) -> None:
    _log_to(options.log_path)
    log.info("engine process %d started", os.getpid())
    faults.arm(options.fault)
    hook = os.environ.get(TEST_HOOK_ENV)
    if hook:
        module, _, function = hook.partition(":")
        getattr(importlib.import_module(module), function)()
    EngineHost(conn).run()
    log.info("engine process %d stopped", os.getpid())
    # Leave without the interpreter's teardown: llama.cpp's static destructors and OpenMP's threads
    # have been seen to hang a normal exit (the engine is closed and the log flushed by now).
    logging.shutdown()
    if sys.stdout is not None:  # (None in a windowed app on Windows)
        sys.stdout.flush()
    os._exit(0)


def _log_to(path: str) -> None:
    """Send fd 2 (C code's stderr) and Python's logging to the log file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    if sys.stderr is not None:
        sys.stderr.flush()
    os.dup2(fd, 2)
    os.close(fd)
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    faulthandler.enable(sys.stderr, all_threads=True)  # a segfault's Python stack, for the log
    if hasattr(faulthandler, "register") and hasattr(signal, "SIGUSR1"):
        faulthandler.register(signal.SIGUSR1, sys.stderr, all_threads=True)  # where a hang is (engine_link)


class EngineHost:
    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self._send_lock = threading.Lock()
        self.state = EngineState(lambda kind, data: self.send(Notice(kind, data)))
        self.queue: queue.Queue[JobSpec | None] = queue.Queue()
        self._lock = threading.Lock()
        self._tokens: dict[int, tuple[str, CancelToken]] = {}  # job id -> (owner, token), queued or running

    def send(self, message: object) -> None:
        try:
            with self._send_lock:
                self.conn.send(message)
        except (OSError, EOFError, ValueError):  # the app is gone
            os._exit(0)

    def run(self) -> None:
        self.send(("ready", os.getpid()))
        threading.Thread(target=self._read, name="engine-pipe", daemon=True).start()
        while True:
            spec = self.queue.get()
            if spec is None:
                break
            self.send(("started", spec.id))
            self._run(spec)
        try:
            self.state.close_engine()  # the chat holding the cache keeps its snapshot
        except Exception:  # noqa: BLE001 - the process must end whatever happens
            log.exception("closing the engine failed")
        self.send(("stopped",))

    # --- the reader thread -----------------------------------------------------------------------

    def _read(self) -> None:
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                log.warning("the app closed the pipe: ending now")
                os._exit(0)
            tag = message[0]
            if tag == "job":
                spec: JobSpec = message[1]
                with self._lock:
                    self._tokens[spec.id] = (spec.owner, CancelToken())
                if spec.kind in IMMEDIATE:
                    self._run(spec)
                else:
                    self.queue.put(spec)
            elif tag == "cancel":
                self._cancel(lambda job_id, _owner, target=message[1]: job_id == target)
            elif tag == "cancel_owner":
                self._cancel(lambda _job_id, owner, target=message[1]: owner == target)
            elif tag == "ping":
                self.send(("pong", message[1]))
            elif tag == "stop":
                self._cancel(lambda _job_id, _owner: True)
                self.queue.put(None)

    def _cancel(self, which: Any) -> None:
        with self._lock:
            hits = [token for job_id, (owner, token) in self._tokens.items() if which(job_id, owner)]
        for token in hits:
            token.cancel()

    # --- running a job ---------------------------------------------------------------------------

    def _run(self, spec: JobSpec) -> None:
        with self._lock:
            _owner, token = self._tokens[spec.id]
        report = Reporter(spec.id, self.send)
        ctx = JobContext(self.state, token, report, spec.owner, spec.id)
        try:
            handler = HANDLERS.get(spec.kind)
            if handler is None:
                raise JobFailed(f"there is no job kind {spec.kind!r}", REFUSED)
            if token.cancelled:
                raise JobFailed("cancelled before it started", CANCELLED)
            end = JobEnd(spec.id, handler(ctx, spec.args))
        except JobFailed as exc:
            end = JobEnd(spec.id, error=JobError(exc.message, exc.code, exc.problems))
        except MemoryError:
            # The process is out of memory (RLIMIT_AS, a 32-bit address space): nothing it does
            # next can be trusted. End it; the app says so and restarts it.
            print("MemoryError: the engine process ran out of memory", file=sys.stderr, flush=True)
            os._exit(3)
        except Exception as exc:  # noqa: BLE001 - every failure ends the job as an error
            log.exception("job %s (%s) failed unexpectedly", spec.id, spec.kind)
            end = JobEnd(spec.id, error=JobError(f"{type(exc).__name__}: {exc}", INTERNAL))
        finally:
            with self._lock:
                self._tokens.pop(spec.id, None)
        report.flush()
        self.send(end)
