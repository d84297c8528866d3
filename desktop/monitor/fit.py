"""Does a plan fit the machine, and what is the most it can take (GPU layers, context)?"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.config import LoadConfig
from ..engine.validation import N_CTX_GRANULARITY
from .planner import CPU, GpuBackend, MemoryPlan, gpu_name, plan_with_draft
from .shape import ModelShape

MIB = 1024 * 1024
GPU_RESERVE = 400 * MIB  # driver / CUDA context and fragmentation, kept free on each GPU
TIGHT_SHARE = 0.10  # less than this share of the free memory left over is "tight"


@dataclass(frozen=True)
class FitVerdict:
    state: str  # "fits" | "tight" | "does not fit"
    details: list[str]  # one line per device: needed of free

    def __str__(self) -> str:
        return f"{self.state}: " + "; ".join(self.details)


def verdict(plan: MemoryPlan, gpu_free: list[int], ram_available: int, names: list[str] | None = None) -> FitVerdict:
    """Compare each device's planned bytes with what is free on it (RAM for the CPU side). `names`: how to
    call the GPUs in the details (another computer's device by its own name), else GPU0, GPU1, ..."""
    state = "fits"
    details = []
    for name, dev in plan.devices.items():
        shown = name
        if name == CPU:
            free = ram_available
        else:
            index = int(name.removeprefix("GPU"))
            free = gpu_free[index] - GPU_RESERVE if index < len(gpu_free) else 0
            shown = names[index] if names and index < len(names) else name
        need = dev.total
        details.append(f"{shown} {need / MIB:,.0f} of {max(free, 0) / MIB:,.0f} MiB free")
        if need > free:
            state = "does not fit"
        elif need > free * (1 - TIGHT_SHARE) and state == "fits":
            state = "tight"
    return FitVerdict(state, details + plan.notes)


def fit_verdict(shape: ModelShape, config: LoadConfig, gpu_free: list[int], ram_available: int, *,
                backend: GpuBackend | None = None, names: list[str] | None = None,
                draft: ModelShape | None = None) -> FitVerdict:
    """Plan `config` on these GPUs (layers split by their free memory) and compare with what is free.
    `backend`: what the GPUs' backend hands back to the CPU (see planner.GpuBackend); `draft`: the draft
    model's shape, counted when the config has one."""
    plan = plan_with_draft(shape, config, draft, len(gpu_free), gpu_free or None, backend)
    return verdict(plan, gpu_free, ram_available, names)


def _fits(shape: ModelShape, config: LoadConfig, gpu_free: list[int], ram_available: int,
          shares: list[float] | None, backend: GpuBackend | None, draft: ModelShape | None = None) -> bool:
    plan = plan_with_draft(shape, config, draft, len(gpu_free), shares, backend)
    return verdict(plan, gpu_free, ram_available).state != "does not fit"


def fit_gpu_layers(shape: ModelShape, config: LoadConfig, gpu_free: list[int], ram_available: int, *,
                   backend: GpuBackend | None = None, draft: ModelShape | None = None) -> int:
    """The most layers (output layer included, so up to n_layers + 1) that fit the free VRAM."""
    if not gpu_free:
        return 0
    shares = gpu_free if not config.tensor_split else None
    for layers in range(shape.n_layers + 1, -1, -1):
        if _fits(shape, config.replace(n_gpu_layers=layers), gpu_free, ram_available, shares, backend, draft):
            return layers
    return 0


def fit_context(shape: ModelShape, config: LoadConfig, gpu_free: list[int], ram_available: int,
                limit: int = 131072, *, backend: GpuBackend | None = None, draft: ModelShape | None = None) -> int:
    """The largest context (a multiple of 256) that fits with the config's GPU layers; 0 if none does."""
    shares = gpu_free if gpu_free and not config.tensor_split else None
    low, high = 0, limit // N_CTX_GRANULARITY
    while low < high:
        mid = (low + high + 1) // 2
        if _fits(shape, config.replace(n_ctx=mid * N_CTX_GRANULARITY), gpu_free, ram_available, shares,
                 backend, draft):
            low = mid
        else:
            high = mid - 1
    return low * N_CTX_GRANULARITY


@dataclass(frozen=True)
class AutoFit:
    """The most GPU layers, then the longest context with them, that fit (see `auto_fit`)."""

    gpu_layers: int  # counting the output layer: n_layers + 1 means all
    n_ctx: int  # 0: nothing fits, not even the smallest context on the CPU
    n_layers: int

    @property
    def all_on_gpu(self) -> bool:
        return self.gpu_layers > self.n_layers


def auto_fit(shape: ModelShape, config: LoadConfig, gpu_free: list[int], ram_available: int, limit: int, *,
             backend: GpuBackend | None = None, draft: ModelShape | None = None) -> AutoFit:
    """Layers first, at a context the model can use (up to `limit`); then the longest context with them."""
    at_usable = config.replace(n_ctx=min(config.n_ctx, limit))
    layers = fit_gpu_layers(shape, at_usable, gpu_free, ram_available, backend=backend, draft=draft)
    n_ctx = fit_context(shape, config.replace(n_gpu_layers=layers), gpu_free, ram_available, limit=limit,
                        backend=backend, draft=draft)
    return AutoFit(layers, n_ctx, shape.n_layers)


def usable_context(n_ctx_train: int, config: LoadConfig) -> int:
    """The context a fit may reach: the trained length, stretched by linear RoPE scaling."""
    return int((n_ctx_train or 4096) * max(config.compress_pos_emb or 1.0, 1.0))


__all__ = ["AutoFit", "FitVerdict", "GPU_RESERVE", "auto_fit", "fit_context", "fit_gpu_layers", "fit_verdict", "gpu_name",
           "usable_context", "verdict"]
