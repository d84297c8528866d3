"""Injected GPU sources: a fake `pynvml` module (to run NvmlSource for real) and a scripted source."""

from __future__ import annotations

import os
import types
from dataclasses import dataclass

from desktop.monitor.gpu import GpuLost, GpuSample

GIB = 1024 ** 3


def fake_pynvml(devices: list[dict], fail_after: int | None = None) -> types.ModuleType:
    """A stand-in for the pynvml module with the calls NvmlSource makes; memory grows each call."""
    mod = types.ModuleType("pynvml")

    class NVMLError(Exception):
        pass

    class NVMLError_NotSupported(NVMLError):  # noqa: N801 - pynvml's names
        pass

    class NVMLError_NoPermission(NVMLError):  # noqa: N801
        pass

    class NVMLError_GpuIsLost(NVMLError):  # noqa: N801
        def __str__(self) -> str:
            return "GPU is lost"

    calls = {"memory": 0, "shutdown": 0}

    @dataclass
    class Mem:
        used: int
        total: int

    @dataclass
    class Util:
        gpu: int

    @dataclass
    class Proc:
        pid: int
        usedGpuMemory: int  # noqa: N815

    def memory(handle: int) -> Mem:
        calls["memory"] += 1
        if fail_after is not None and calls["memory"] > fail_after:
            raise NVMLError_GpuIsLost()
        d = devices[handle]
        return Mem(d["used"] + calls["memory"] * 1024 ** 2, d["total"])

    def util(handle: int) -> Util:
        if devices[handle].get("util") is None:
            raise NVMLError_NotSupported()
        return Util(devices[handle]["util"])

    mod.NVMLError = NVMLError
    mod.NVMLError_NotSupported = NVMLError_NotSupported
    mod.NVMLError_NoPermission = NVMLError_NoPermission
    mod.nvmlInit = lambda: None
    mod.nvmlShutdown = lambda: calls.__setitem__("shutdown", calls["shutdown"] + 1)
    mod.nvmlDeviceGetCount = lambda: len(devices)
    mod.nvmlDeviceGetHandleByIndex = lambda i: i
    mod.nvmlDeviceGetName = lambda h: devices[h]["name"].encode()
    mod.nvmlDeviceGetMemoryInfo = memory
    mod.nvmlDeviceGetUtilizationRates = util
    mod.nvmlDeviceGetComputeRunningProcesses = lambda h: [Proc(os.getpid(), devices[h].get("mine", 0)), Proc(1, GIB)]
    mod.nvmlDeviceGetGraphicsRunningProcesses = lambda h: []
    mod.calls = calls
    return mod


class ScriptedGpus:
    """A GPU source whose used memory follows a script; raises GpuLost when the script says "lost"."""

    def __init__(self, script: list[object], total: int = 8 * GIB) -> None:
        self.script = list(script)
        self.total = total
        self.closed = False

    def sample(self) -> list[GpuSample]:
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if step == "lost":
            raise GpuLost("NVML error: GPU is lost")
        return [GpuSample(0, "Fake RTX", int(step), self.total, 50.0, int(step) // 2)]

    def close(self) -> None:
        self.closed = True
