"""The app's end of one engine process (no Qt): start it, send it messages, read its answers in a
thread of its own, and notice when it dies: its pipe closes (any exit code or signal), it stops
answering the heartbeat, or the app stops it because a cancel went unanswered."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .crash_report import explain, read_tail
from .protocol import CrashReport, EngineOptions

log = logging.getLogger("fireside.worker")

HEARTBEAT_S = 1.0
HEARTBEAT_TIMEOUT_S = 15.0  # no pong for this long (the process is wedged with the GIL held): stop it
LOG_MAX_BYTES = 4_000_000  # the engine log starts afresh past this size


class EngineLink:
    def __init__(self, log_path: Path, on_message: Callable[[Any], None], on_death: Callable[[CrashReport], None],
                 fault: str | None = None, rpc_servers: tuple[str, ...] = (), lib_path: str | None = None) -> None:
        self.log_path = log_path
        self._on_message = on_message
        self._on_death = on_death
        self._send_lock = threading.Lock()
        self._stopping = False  # a stop the app asked for: its end is not a crash
        self._stopped_because = ""  # why the app ended it (a hang), for the report
        self._died = threading.Event()
        self._last_pong = time.monotonic()
        self.ready = threading.Event()
        self.pid = 0
        self.rpc_servers = rpc_servers
        log_path.parent.mkdir(parents=True, exist_ok=True)
        if log_path.exists() and log_path.stat().st_size > LOG_MAX_BYTES:
            log_path.unlink()
        self._log_start = log_path.stat().st_size if log_path.exists() else 0
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_engine_main, args=(child, EngineOptions(str(log_path), fault, rpc_servers, lib_path)),
                                       name="fireside-engine", daemon=True)
        self.process.start()
        child.close()
        self.pid = self.process.pid or 0
        threading.Thread(target=self._read, name="engine-link", daemon=True).start()
        threading.Thread(target=self._heartbeat, name="engine-heartbeat", daemon=True).start()

    @property
    def alive(self) -> bool:
        return not self._died.is_set()

    def send(self, message: object) -> bool:
        if self._died.is_set():
            return False
        try:
            with self._send_lock:
                self._conn.send(message)
            return True
        except (OSError, ValueError):  # it is dying: the reader sees the pipe close
            return False

    def kill(self, because: str) -> None:
        """End the process now (it did not answer); the death is reported with `because`."""
        if self._died.is_set():
            return
        log.error("stopping the engine process: %s", because)
        self._stopped_because = because
        self._dump_stacks()
        self.process.kill()

    def stop(self, timeout: float = 2.0) -> bool:
        """Ask the process to close the engine (saving the cache's snapshot) and end; after `timeout`
        seconds it is killed (a load or a read stuck in C code never holds up a quit).
        Returns whether it ended by itself."""
        self._stopping = True
        if not self.ready.is_set():  # still starting (importing llama.cpp): nothing to save
            self.process.kill()
        self.send(("stop",))
        # Only the reader thread reaps the process (two threads in waitpid race: the loser sees a
        # process that is gone as still running); its end is `_died`.
        clean = self._died.wait(timeout)
        if not clean:
            log.error("the engine process did not stop within %.1f s: killing it", timeout)
            self._dump_stacks()
            self.process.kill()
            self._died.wait(2.0)
        return clean

    def _dump_stacks(self) -> None:
        """Have a stuck engine write its threads' Python stacks to its log before it is killed."""
        if hasattr(signal, "SIGUSR1") and self.ready.is_set() and not self._died.is_set():
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGUSR1)
                time.sleep(0.2)

    # --- threads ---------------------------------------------------------------------------------

    def _read(self) -> None:
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                break
            if isinstance(message, tuple):
                if message[0] == "pong":
                    self._last_pong = time.monotonic()
                    continue
                if message[0] == "ready":
                    self._last_pong = time.monotonic()
                    self.ready.set()
            try:
                self._on_message(message)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop the reading
                log.exception("handling an engine message failed")
        self._conn.close()
        self.process.join(5.0)  # (the only join: see stop)
        code = self.process.exitcode
        self._died.set()
        if self._stopping and not self._stopped_because:
            log.info("the engine process ended (exit code %s)", code)
            return
        report = explain(code, read_tail(self.log_path, self._log_start), self._stopped_because)
        log.error("the engine process died: %s (exit code %s)", report.cause, code)
        for line in report.log_tail[-12:]:
            log.error("engine log: %s", line)
        self._on_death(report)

    def _heartbeat(self) -> None:
        beat = 0
        while not self._died.wait(HEARTBEAT_S):
            if not self.ready.is_set():
                self._last_pong = time.monotonic()  # (still importing llama.cpp)
                continue
            beat += 1
            self.send(("ping", beat))
            if time.monotonic() - self._last_pong > HEARTBEAT_TIMEOUT_S and not self._stopping:
                self.kill(f"it stopped answering for {HEARTBEAT_TIMEOUT_S:.0f} s")


def _engine_main(conn: Any, options: EngineOptions) -> None:
    """The engine process's entry point (imported there, not in the app: the app never loads the
    handlers, the engine state or a llama.cpp context)."""
    if options.lib_path:  # (before llama_cpp is first imported: it reads this once)
        os.environ["LLAMA_CPP_LIB_PATH"] = options.lib_path
    from .engine_process import main

    main(conn, options)
