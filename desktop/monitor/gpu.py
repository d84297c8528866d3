"""GPU memory and load through NVML (the `pynvml` module from nvidia-ml-py).

No driver (every Mac, most laptops, these test machines) is a normal state: `open_nvml()` returns
the reason instead of a source. An NVML error while sampling (a GPU lost, a driver reset) raises
`GpuLost`, and the monitor stops sampling GPUs.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, Protocol

from .planner import GpuBackend

log = logging.getLogger("fireside.monitor")


@dataclass(frozen=True)
class GpuSample:
    index: int
    name: str
    used: int
    total: int
    util_pct: float | None  # None where the GPU does not report it
    process_used: int | None  # this process's memory on it; None where NVML cannot tell
    max_tensor: int | None = None  # the largest tensor its backend runs an op on (Vulkan); None: no limit

    @property
    def free(self) -> int:
        return max(self.total - self.used, 0)


class GpuLost(RuntimeError):
    """NVML failed while sampling."""


class GpuSource(Protocol):
    def sample(self) -> list[GpuSample]: ...

    def close(self) -> None: ...


class NvmlSource:
    def __init__(self) -> None:
        import pynvml

        self.nvml: Any = pynvml
        pynvml.nvmlInit()
        try:
            count = pynvml.nvmlDeviceGetCount()
            self.handles = [pynvml.nvmlDeviceGetHandleByIndex(i) for i in range(count)]
            self.names = [_text(pynvml.nvmlDeviceGetName(h)) for h in self.handles]
        except pynvml.NVMLError:
            pynvml.nvmlShutdown()
            raise
        self.pid = os.getpid()

    def sample(self) -> list[GpuSample]:
        nv = self.nvml
        out = []
        try:
            for index, handle in enumerate(self.handles):
                mem = nv.nvmlDeviceGetMemoryInfo(handle)
                out.append(GpuSample(index, self.names[index], int(mem.used), int(mem.total),
                                     self._util(handle), self._process_used(handle)))
        except nv.NVMLError as exc:
            raise GpuLost(f"NVML error: {exc}") from exc
        return out

    def _util(self, handle: Any) -> float | None:
        try:
            return float(self.nvml.nvmlDeviceGetUtilizationRates(handle).gpu)
        except self.nvml.NVMLError_NotSupported:
            return None

    def _process_used(self, handle: Any) -> int | None:
        nv = self.nvml
        try:
            procs = list(nv.nvmlDeviceGetComputeRunningProcesses(handle)) + list(
                nv.nvmlDeviceGetGraphicsRunningProcesses(handle))
        except (nv.NVMLError_NotSupported, nv.NVMLError_NoPermission):
            return None
        used = [p.usedGpuMemory for p in procs if p.pid == self.pid and p.usedGpuMemory is not None]
        return int(sum(used)) if used else 0

    def close(self) -> None:
        try:
            self.nvml.nvmlShutdown()
        except self.nvml.NVMLError:
            pass


def open_nvml() -> tuple[NvmlSource | None, str]:
    """(source, "") when NVML works; (None, why not) otherwise, e.g. 'NVML Shared Library Not Found'."""
    try:
        import pynvml
    except ImportError as exc:
        return None, f"the pynvml module is missing ({exc})"
    try:
        source = NvmlSource()
    except pynvml.NVMLError as exc:
        return None, f"NVIDIA driver not available: {exc}"
    if not source.handles:
        source.close()
        return None, "NVML found no NVIDIA GPU"
    return source, ""


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class BackendSource:
    """GPU memory as llama.cpp's backend reports it (Vulkan, CUDA, ROCm, Metal): for GPUs NVML does not
    cover (AMD, Intel, any Vulkan device) or machines without NVIDIA's driver. Load and this process's
    share are not reported: `util_pct` and `process_used` are None."""

    def __init__(self, devices: Any = None) -> None:
        from ..engine.devices import gpu_devices

        self.devices = devices or gpu_devices  # a callable returning BackendDevice-like records
        found = self.devices()
        self.names = [f"{d.name}: {d.description}" for d in found]
        self.limits = [_tensor_limit(d) for d in found]

    def sample(self) -> list[GpuSample]:
        try:
            found = self.devices()
        except (OSError, AttributeError) as exc:
            raise GpuLost(f"llama.cpp's device query failed: {exc}") from exc
        return [GpuSample(i, f"{d.name}: {d.description}", max(d.total - d.free, 0), d.total, None, None,
                          self.limits[i] if i < len(self.limits) else None)
                for i, d in enumerate(found)]

    def close(self) -> None:
        pass


def gpu_backend(devices: list[Any]) -> GpuBackend | None:
    """What the backend of these llama.cpp devices (`gpu_devices()`) hands back to the CPU."""
    return GpuBackend.of([d.name for d in devices], [_tensor_limit(d) for d in devices])


def _tensor_limit(device: Any) -> int | None:
    from ..engine.devices import tensor_limit

    try:
        return tensor_limit(device)
    except (OSError, AttributeError) as exc:  # no Vulkan loader, or a symbol missing from it
        log.info("no tensor limit for %s: %s", getattr(device, "name", "?"), exc)
        return None


def open_gpu_source() -> tuple[GpuSource | None, str]:
    """NVML where NVIDIA's driver is; else the GPUs llama.cpp's backend sees; else (None, why neither)."""
    source, reason = open_nvml()
    if source is not None:
        return source, ""
    try:
        backend = BackendSource()
    except (OSError, AttributeError, ImportError) as exc:  # no such library or symbol in this build
        return None, f"{reason}; llama.cpp's device query failed ({exc})"
    if backend.names:
        return backend, ""
    return None, f"{reason}; llama.cpp sees no GPU (this build of llama.cpp runs on the CPU only)"
