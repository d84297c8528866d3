"""The engine's job protocol: the plain records that cross the process boundary.

The app sends `JobSpec`s; the engine process answers each with `JobEvent`s (progress, tokens) and
exactly one `JobEnd` (a result or a `JobError`). `Notice`s are the engine's own news (a snapshot was
saved, the context map moved, what the API is doing). Every record is a frozen dataclass of plain
data (str, int, float, bool, lists, dicts), so it pickles across a pipe on every platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Who a job belongs to: "cancel every job of an owner" is how the window's Stop leaves the API's
# requests running, and how the API's shutdown leaves the window's.
WINDOW = "window"
API = "api"
BACKGROUND = "background"
OWNERS = (WINDOW, API, BACKGROUND)

# Why a job ended without a result (the window words them; desktop/api maps them to HTTP statuses).
CANCELLED = "cancelled"  # stopped by its owner, before or while it ran
NO_MODEL = "no_model"  # nothing is loaded
REFUSED = "refused"  # the request itself is wrong; nothing was touched
CONFIG = "config"  # load settings refused before llama.cpp saw them (`problems` names the fields)
FAILED = "failed"  # the engine tried and could not (a load llama.cpp refused, a full context, ...)
INTERNAL = "internal"  # a bug: an exception nobody expected
ENGINE_DIED = "engine_died"  # the engine process ended (crash, kill, hang) while the job ran or waited


@dataclass(frozen=True)
class EngineOptions:
    """What an engine process is started with."""

    log_path: str  # where its stderr (C code's too) and its log go
    fault: str | None = None  # a worker.faults spec (tests and benchmarks only)
    # Other computers' GPUs this process is for ("host:port", in order; ggml cannot forget a server,
    # so another set needs another process), and the llama.cpp build with the RPC backend to load
    # (LLAMA_CPP_LIB_PATH) when its own has none.
    rpc_servers: tuple[str, ...] = ()
    lib_path: str | None = None


@dataclass(frozen=True)
class JobSpec:
    id: int
    kind: str  # a key of handlers.HANDLERS
    owner: str  # one of OWNERS
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JobEvent:
    """Something a running job reports: type "progress" (a dict with its "stage") or "tokens" (a list
    of text pieces, one per token, batched so the window and the pipe wake a few dozen times a second)."""

    id: int
    type: str
    data: Any


@dataclass(frozen=True)
class CrashReport:
    """Why the engine process ended, in words a user can act on (see crash_report.explain)."""

    exit_code: int | None  # None: still running when it was stopped
    signal_name: str  # "SIGSEGV", "SIGKILL", ... or ""
    cause: str  # a short plain sentence: "CUDA error: out of memory", "killed by signal 9 (SIGKILL)"
    detail: str  # the log line the cause was read from, or ""
    log_tail: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()  # keys of crash_report.ACTIONS, the likeliest help first
    hang: bool = False  # the app stopped it: a cancel went unanswered or the heartbeat stopped
    gone_servers: tuple[str, ...] = ()  # GPU servers (rpc) that no longer answer, named in `cause`


@dataclass(frozen=True)
class JobError:
    message: str
    code: str = FAILED
    problems: tuple[tuple[str, str], ...] = ()  # (field, message) for CONFIG
    crash: CrashReport | None = None  # for ENGINE_DIED


@dataclass(frozen=True)
class JobEnd:
    id: int
    result: Any = None  # the handler's return value (plain data) when ok
    error: JobError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Notice:
    kind: str  # "snapshot", "context_map", "api"
    data: Any


# Control messages (tuples on the pipe, beside the records above):
#   app -> engine: ("job", JobSpec) ("cancel", id) ("cancel_owner", owner) ("ping", n) ("stop",)
#   engine -> app: JobEvent, JobEnd, Notice, ("started", id) ("pong", n) ("ready", pid) ("stopped",)
