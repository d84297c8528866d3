"""Why the engine process ended, read from its exit status and the last lines it logged, and what
is most likely to help: the window shows `cause` and offers `actions` as buttons."""

from __future__ import annotations

import dataclasses
import re
import signal
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .protocol import CrashReport

TAIL_LINES = 60

# action key -> its label (the window translates these)
ACTIONS = {
    "fewer_gpu_layers": "Use fewer GPU layers",
    "shorter_context": "Use a shorter context",
    "quantized_kv": "Use a smaller KV cache (8-bit)",
    "flash_attn_off": "Turn flash attention off",
    "without_gone_servers": "Go on without that computer",
    "restart": "Restart the engine",
}

# (pattern in a log line, the cause to show, actions), most specific first
_PATTERNS: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    # ggml-rpc's RPC_STATUS_ASSERT: a GPU server on another computer went away mid-work (the server is
    # named by asking each one afterwards: see name_gone_servers)
    (re.compile(r"Remote RPC server crashed or returned malformed response|RPC handshake failed|Failed to connect to"),
     "a GPU server on another computer stopped answering", ("without_gone_servers", "restart")),
    (re.compile(r"CUDA error: out of memory|cudaMalloc failed: out of memory", re.I), "CUDA error: out of memory",
     ("fewer_gpu_layers", "shorter_context", "quantized_kv", "restart")),
    (re.compile(r"ErrorOutOfDeviceMemory|out of device memory", re.I), "Vulkan: out of GPU memory",
     ("fewer_gpu_layers", "shorter_context", "quantized_kv", "restart")),
    (re.compile(r"GGML_ASSERT\(.*\) failed"), "", ("flash_attn_off", "shorter_context", "restart")),
    (re.compile(r"MemoryError|std::bad_alloc|out of memory|failed to allocate", re.I), "out of memory",
     ("shorter_context", "quantized_kv", "fewer_gpu_layers", "restart")),
    (re.compile(r"CUDA error|Vulkan error|vk::", re.I), "", ("fewer_gpu_layers", "flash_attn_off", "restart")),
]

_SIGNAL_WORDS = {"SIGSEGV": "a segmentation fault", "SIGABRT": "an abort", "SIGKILL": "killed",
                 "SIGBUS": "a bus error", "SIGILL": "an illegal instruction", "SIGFPE": "an arithmetic fault"}


def read_tail(path: Path | None, start: int = 0, lines: int = TAIL_LINES) -> list[str]:
    """The last lines of the log file from byte `start` on (where this engine process began)."""
    if path is None:
        return []
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            fh.seek(max(start, fh.tell() - 64 * 1024))
            text = fh.read().decode("utf-8", errors="replace")
    except OSError:
        return []
    return [line for line in text.splitlines() if line.strip()][-lines:]


def explain(exit_code: int | None, tail: Sequence[str], stopped_because: str = "") -> CrashReport:
    """The report for an engine that ended with `exit_code` (negative: a signal) after logging
    `tail`; `stopped_because` when the app itself stopped it (a hang)."""
    name = _signal_name(exit_code)
    hang = bool(stopped_because)
    for line in reversed(tail):
        for pattern, cause, actions in _PATTERNS:
            found = pattern.search(line)
            if found:
                return CrashReport(exit_code, name, cause or found.group(0), line.strip()[-300:], tuple(tail), actions,
                                   hang)
    if hang:
        return CrashReport(exit_code, name, stopped_because, "", tuple(tail), ("restart", "shorter_context"), hang)
    if name == "SIGKILL":
        return CrashReport(exit_code, name, "killed by signal 9 (SIGKILL): often the system running out of memory",
                           "", tuple(tail), ("shorter_context", "quantized_kv", "fewer_gpu_layers", "restart"))
    if name:
        number = -exit_code if exit_code is not None else 0
        return CrashReport(exit_code, name, f"crashed with {_SIGNAL_WORDS.get(name, 'a fatal signal')} "
                           f"(signal {number}, {name})", "", tuple(tail), ("restart", "flash_attn_off", "fewer_gpu_layers"))
    return CrashReport(exit_code, name, f"exited with code {exit_code}", "", tuple(tail), ("restart",))


def _signal_name(exit_code: int | None) -> str:
    if exit_code is None or exit_code >= 0:
        return ""
    try:
        return signal.Signals(-exit_code).name
    except ValueError:
        return f"signal {-exit_code}"


def name_gone_servers(report: CrashReport, servers: Sequence[str], timeout: float = 1.5) -> CrashReport:
    """If the engine used GPU servers: ask each (as rpc.probe_server does, never through llama.cpp)
    and name the ones that no longer answer. ggml-rpc's own abort does not say which it was."""
    from ..engine.rpc import RpcProblem, probe_server

    gone = []
    for endpoint in servers:
        try:
            probe_server(endpoint, timeout)
        except RpcProblem:
            gone.append(endpoint)
    if not gone:
        return report
    names = ", ".join(gone)
    cause = (f"the GPU server {names} went away" if len(gone) == 1 else f"the GPU servers {names} went away")
    return dataclasses.replace(report, cause=cause, gone_servers=tuple(gone),
                               actions=("without_gone_servers", "restart"))


def adjusted_config(action: str, config: dict[str, Any], n_layers: int = 0,
                    gone: Sequence[str] = ()) -> dict[str, Any] | None:
    """The load settings `action` asks for, or None where it cannot help (no layers on a GPU, a
    context already short, a cache already quantized, flash attention already off, no server gone)."""
    if action == "restart":
        return dict(config)
    if action == "without_gone_servers":
        from ..engine.rpc import listed_servers

        servers = list(config.get("rpc_servers") or [])
        gone_set = set(listed_servers(list(gone)))
        left = [e for e, same in zip(servers, listed_servers(servers)) if same not in gone_set]
        if not gone_set or len(left) == len(servers):
            return None
        # (tensor_split's first shares were those servers' devices: llama.cpp splits by free memory instead)
        return {**config, "rpc_servers": left, "tensor_split": []}
    if action == "fewer_gpu_layers":
        layers = int(config.get("n_gpu_layers", 0))
        if layers == 0:
            return None
        on_gpu = n_layers if layers < 0 else layers
        return {**config, "n_gpu_layers": max(0, on_gpu // 2)}
    if action == "shorter_context":
        n_ctx = int(config.get("n_ctx", 4096))
        return {**config, "n_ctx": n_ctx // 2} if n_ctx >= 1024 else None
    if action == "quantized_kv":
        if config.get("type_k", "f16") != "f16" and config.get("type_v", "f16") != "f16":
            return None
        return {**config, "type_k": "q8_0", "type_v": "q8_0", "flash_attn": True}  # a quantized V needs FA
    if action == "flash_attn_off":
        if not config.get("flash_attn"):
            return None
        return {**config, "flash_attn": False, "type_v": "f16"}
    raise ValueError(f"unknown action {action!r}")
