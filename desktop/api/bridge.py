"""Between the HTTP handlers (an asyncio loop) and the engine process.

`Backend` is what the server needs from the engine: queue a completion (the same queue the window's
chat uses), cancel one, tokenize, the loaded model's facts, and whether the engine is restarting.
`Gate` admits requests (one generating, a short queue, 503 past it) and turns a job's events into
an async iterator; a handler that ends early (the client went away) cancels its job. The engine's
error codes become HTTP statuses here (`api_error`), nowhere else.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

from ..worker import protocol
from ..worker.completion import Completion
from .fields import ApiError

RETRY_AFTER_S = 5  # what a client is told to wait while the engine restarts

_STATUS = {protocol.CANCELLED: 499, protocol.NO_MODEL: 503, protocol.REFUSED: 400, protocol.CONFIG: 400,
           protocol.FAILED: 500, protocol.INTERNAL: 500, protocol.ENGINE_DIED: 503}


def api_error(error: protocol.JobError, restarting: bool = True) -> ApiError:
    """The HTTP error for a job's error. An engine that died gives 503 with Retry-After while it
    restarts (`restarting`); past the crash-loop limit it gives 503 without one."""
    status = _STATUS.get(error.code, 500)
    if error.code == protocol.ENGINE_DIED:
        cause = error.crash.cause if error.crash is not None else "it stopped"
        if restarting:
            return ApiError(503, f"Fireside's engine stopped ({cause}) and is restarting; try again in a few seconds",
                            "engine_restarting", RETRY_AFTER_S)
        return ApiError(503, f"Fireside's engine stopped ({cause})", "engine_stopped")
    return ApiError(status, error.message, "engine_error" if status >= 500 else "invalid_request_error")


class Backend(Protocol):
    def submit(self, job: Completion) -> int: ...

    def cancel(self, request_id: int) -> None: ...

    def tokenize(self, text: str, special: bool) -> list[int]: ...

    def model_status(self) -> dict[str, Any] | None: ...

    def engine_down(self) -> tuple[str, bool] | None:
        """None while the engine runs; else (its cause, whether it is restarting)."""
        ...


FINAL_KINDS = ("done", "error")


class Stream:
    """A job's events, pushed from the engine's thread, read in the event loop.

    The reader takes what has arrived at most every MIN_GAP seconds (the first event at once), and
    pushes made while it will look soon anyway do not wake it. On a 2-core machine every wake-up of
    another thread stalls one of llama.cpp's two compute threads: at 100 tokens/s the server and the
    client wake 20 times a second instead of 100 (a reader sees a few words at a time)."""

    MIN_GAP = 0.05

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._lock = threading.Lock()
        self._items: list[tuple[str, Any]] = []
        self._will_look = False  # the reader comes back soon by itself: no wake-up needed
        self._ready = asyncio.Event()
        self._final = asyncio.Event()  # "done" or "error" has arrived
        self._last = 0.0

    def push(self, kind: str, data: Any) -> None:  # any thread
        final = kind in FINAL_KINDS
        with self._lock:
            self._items.append((kind, data))
            if self._will_look and not final:
                return
            self._will_look = True
        with contextlib.suppress(RuntimeError):  # the loop is closed: the server has stopped
            self._loop.call_soon_threadsafe(self._wake, final)

    def _wake(self, final: bool) -> None:
        self._ready.set()
        if final:
            self._final.set()

    async def batch(self) -> list[tuple[str, Any]]:
        while True:
            gap = self.MIN_GAP - (time.monotonic() - self._last)
            if gap > 0:  # (the end of the reply does not wait: the engine has nothing more to compute)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._final.wait(), gap)
            with self._lock:
                self._ready.clear()
                if self._items:
                    items, self._items = self._items, []
                    self._will_look = True
                    if any(kind == "token" for kind, _ in items):  # ("prompt" must not delay the first token)
                        self._last = time.monotonic()
                    return items
                self._will_look = False
            await self._ready.wait()


class Gate:
    """Admission and the life of each job. Runs in the event loop only."""

    def __init__(self, backend: Backend, queue_size: int, on_activity: Callable[[dict[str, Any]], None]) -> None:
        self.backend = backend
        self.queue_size = queue_size
        self.on_activity = on_activity
        self.in_flight = 0
        self.running: dict[int, dict[str, Any]] = {}  # request id -> {"client", "endpoint", "text", "genkey"}

    def require_model(self) -> dict[str, Any]:
        down = self.backend.engine_down()
        if down is not None:
            cause, restarting = down
            if restarting:
                raise ApiError(503, f"Fireside's engine stopped ({cause}) and is restarting; try again in a few "
                               "seconds", "engine_restarting", RETRY_AFTER_S)
            raise ApiError(503, f"Fireside's engine stopped ({cause}); restart it in the app", "engine_stopped")
        status = self.backend.model_status()
        if status is None:
            raise ApiError(503, "no model is loaded in Fireside; load one in the app (or start it with --model)",
                           "model_not_loaded")
        return status

    @contextlib.asynccontextmanager
    async def admit(self, client: str, endpoint: str) -> AsyncIterator[None]:
        if self.in_flight >= 1 + self.queue_size:
            self.on_activity({"state": "refused", "client": client, "endpoint": endpoint, "reason": "busy"})
            raise ApiError(503, f"Fireside is busy: {self.in_flight} request(s) are generating or waiting "
                                f"(queue size {self.queue_size}); try again when the current reply is done",
                           "server_busy")
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1

    async def events(self, job_fields: dict[str, Any], genkey: str = "") -> AsyncIterator[tuple[str, Any]]:
        """Queue the job; yield its events until "done" or "error". Leaving early cancels the job."""
        stream = Stream(asyncio.get_running_loop())
        job = Completion(sink=stream.push, **job_fields)
        request_id = self.backend.submit(job)
        record = {"client": job.client, "endpoint": job.endpoint, "text": "", "genkey": genkey}
        self.running[request_id] = record
        finished = False
        try:
            while True:
                for kind, data in _merge_tokens(await stream.batch()):
                    if kind == "token":
                        record["text"] += data
                    finished = kind in ("done", "error")
                    if kind == "error" and isinstance(data, protocol.JobError):
                        down = self.backend.engine_down()
                        data = api_error(data, down is None or down[1])
                    yield kind, data
                    if finished:
                        return
        finally:
            self.running.pop(request_id, None)
            if not finished:
                self.backend.cancel(request_id)
                self.on_activity({"state": "disconnected", "client": job.client, "endpoint": job.endpoint})

    def abort(self, genkey: str = "") -> bool:
        """Cancel the running API generation(s) (only the one with `genkey` when given)."""
        hits = [rid for rid, r in self.running.items() if not genkey or r["genkey"] == genkey]
        for rid in hits:
            self.backend.cancel(rid)
        return bool(hits)

    def pending_text(self, genkey: str = "") -> str:
        for record in self.running.values():
            if not genkey or record["genkey"] == genkey:
                return str(record["text"])
        return ""


def _merge_tokens(items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Tokens that arrived together go out as one piece (fewer writes while the engine runs)."""
    out: list[tuple[str, Any]] = []
    for kind, data in items:
        if kind == "token" and out and out[-1][0] == "token":
            out[-1] = ("token", out[-1][1] + data)
        else:
            out.append((kind, data))
    return out


class WorkerBackend:
    """The engine client as the server's backend (every call is safe from the server's thread)."""

    def __init__(self, client: Any) -> None:  # an EngineClient
        self.client = client

    def submit(self, job: Completion) -> int:
        return int(self.client.complete(job))

    def cancel(self, request_id: int) -> None:
        self.client.cancel(request_id)

    def tokenize(self, text: str, special: bool) -> list[int]:
        return list(self.client.tokenize(text, special))

    def model_status(self) -> dict[str, Any] | None:
        return self.client.model_status()

    def engine_down(self) -> tuple[str, bool] | None:
        client = self.client
        if client.restarting:
            crash = client.crash
            return (crash.cause if crash is not None else "a crash", True)
        if not client.alive:
            crash = client.crash
            return (crash.cause if crash is not None else "it stopped", False)
        return None
