"""Fault injection for tests and benchmarks (never for users): make the engine process fail the way
llama.cpp and drivers fail, at a chosen point, to prove the app survives it.

A spec is `KIND@POINT[:N][*]`, given to the engine process when it starts (`EngineClient(fault=...)`,
or the FIRESIDE_ENGINE_FAULT environment variable for the first engine process of an app):

- KIND: abort (os.abort: SIGABRT, as GGML_ASSERT does), segv (a read of address 0), exit (exit code 3),
  hang (stuck: in a llama.cpp log callback during a load, else a sleep in the job's thread, neither
  answering cancel), oom (RLIMIT_AS lowered, then an allocation that exhausts it).
- POINT: load (a load's progress), prompt (a prompt batch read), token (a reply's token N), snapshot
  (before a snapshot is written), api (an API reply's token N).
- N: the count at which it fires (default: the first time). A trailing `*` fires in every engine
  process, not only the first (a crash loop).
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import time
from dataclasses import dataclass

log = logging.getLogger("fireside.faults")

KINDS = ("abort", "segv", "exit", "hang", "oom")
POINTS = ("load", "prompt", "token", "snapshot", "api")
ENV = "FIRESIDE_ENGINE_FAULT"


@dataclass(frozen=True)
class Fault:
    kind: str
    point: str
    at: int = 1
    every_process: bool = False

    @classmethod
    def parse(cls, spec: str) -> Fault:
        text = spec.strip()
        every = text.endswith("*")
        kind, _, rest = text.rstrip("*").partition("@")
        point, _, at = rest.partition(":")
        if kind not in KINDS or point not in POINTS:
            raise ValueError(f"fault {spec!r}: want KIND@POINT[:N] with KIND in {KINDS} and POINT in {POINTS}")
        return cls(kind, point, int(at) if at else 1, every)

    def __str__(self) -> str:
        return f"{self.kind}@{self.point}:{self.at}{'*' if self.every_process else ''}"


_armed: Fault | None = None
_seen: dict[str, int] = {}


def arm(spec: str | None) -> None:
    """Set this process's fault (None: none)."""
    global _armed
    _armed = Fault.parse(spec) if spec else None
    _seen.clear()
    if _armed is not None:
        log.warning("test fault armed: %s", _armed)


def point(name: str, count: int | None = None) -> None:
    """A place a fault may fire; `count` (a token's number) is matched against N when given."""
    fault = _armed
    if fault is None or fault.point != name:
        return
    seen = _seen[name] = _seen.get(name, 0) + 1
    if (count if count is not None else seen) != fault.at:
        return
    fire(fault)


def fire(fault: Fault) -> None:
    global _armed
    _armed = None  # once
    message = f"fireside test fault: {fault.kind} at {fault.point}"
    print(message, file=sys.stderr, flush=True)
    log.critical("%s", message)
    if fault.kind == "abort":
        os.abort()
    elif fault.kind == "segv":
        ctypes.string_at(0)
    elif fault.kind == "exit":
        os._exit(3)
    elif fault.kind == "hang":
        _hang(fault.point)
    elif fault.kind == "oom":
        _exhaust_memory()


def _hang(where: str) -> None:
    if where == "load":  # stuck inside C code: llama.cpp's next log line never returns
        from ..engine.native import LLAMA_LOG

        LLAMA_LOG.on_line = lambda: time.sleep(3600)
        return
    time.sleep(3600)


def _exhaust_memory() -> None:
    import resource

    import psutil

    used = psutil.Process().memory_info().vms
    resource.setrlimit(resource.RLIMIT_AS, (used + (64 << 20), resource.getrlimit(resource.RLIMIT_AS)[1]))
    try:
        hoard = [bytearray(256 << 20) for _ in range(64)]  # raises MemoryError at the limit
        del hoard
    except MemoryError:
        # What the engine process does with a MemoryError anywhere (engine_process._run); here too,
        # since inside a llama.cpp callback (a load's progress) ctypes would swallow it.
        print("MemoryError: the engine process ran out of memory", file=sys.stderr, flush=True)
        os._exit(3)
