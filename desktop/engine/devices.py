"""The compute devices llama.cpp's ggml sees (CPU, Vulkan, CUDA, Metal, ...) with their free and total
memory, from ggml's own backend registry.

The Python bindings do not wrap these calls, so they are declared here with ctypes against the same
libggml the llama_cpp package loaded (the registry is shared). Only read-only calls are made:
`ggml_backend_dev_count/get/name/description/type/memory`; they work with or without a model loaded.
This is how AMD, Intel and other Vulkan GPUs (and NVIDIA without NVML) get a VRAM figure.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger("fireside.engine")

KINDS = ("cpu", "gpu", "igpu", "accel", "meta")  # enum ggml_backend_dev_type, in order


@dataclass(frozen=True)
class BackendDevice:
    index: int  # position in ggml's registry (llama.cpp numbers GPUs in this order)
    name: str  # "CPU", "Vulkan0", "CUDA0", ...
    description: str  # "llvmpipe (LLVM 15.0.6, 256 bits)", "NVIDIA GeForce RTX 4070", ...
    kind: str  # one of KINDS
    free: int
    total: int

    @property
    def is_gpu(self) -> bool:
        return self.kind in ("gpu", "igpu")


def _library_names() -> tuple[list[str], list[str]]:
    if sys.platform == "win32":
        return ["ggml.dll"], ["ggml-base.dll"]
    if sys.platform == "darwin":
        return ["libggml.dylib"], ["libggml-base.dylib"]
    return ["libggml.so", "libggml.so.0"], ["libggml-base.so", "libggml-base.so.0"]


@lru_cache(maxsize=1)
def _ggml() -> tuple[ctypes.CDLL, ctypes.CDLL] | None:
    """(libggml, libggml-base) as loaded by llama_cpp, with the calls declared; None if not found."""
    import llama_cpp  # loads the libraries (and registers the backends) first

    # (LLAMA_CPP_LIB_PATH: llama_cpp loaded another build's libraries, e.g. packaging/rpc_build.sh's)
    override = os.environ.get("LLAMA_CPP_LIB_PATH")
    lib_dir = Path(override) if override else Path(llama_cpp.__file__ or "").parent / "lib"
    found: list[ctypes.CDLL] = []
    for names in _library_names():
        path = next((lib_dir / n for n in names if (lib_dir / n).exists()), None)
        if path is None:
            log.info("no %s next to llama_cpp: device memory is not available", names[0])
            return None
        found.append(ctypes.CDLL(str(path)))
    ggml, base = found
    ggml.ggml_backend_dev_count.restype = ctypes.c_size_t
    ggml.ggml_backend_dev_count.argtypes = []
    ggml.ggml_backend_dev_get.restype = ctypes.c_void_p
    ggml.ggml_backend_dev_get.argtypes = [ctypes.c_size_t]
    for name in ("ggml_backend_dev_name", "ggml_backend_dev_description"):
        getattr(base, name).restype = ctypes.c_char_p
        getattr(base, name).argtypes = [ctypes.c_void_p]
    base.ggml_backend_dev_type.restype = ctypes.c_int
    base.ggml_backend_dev_type.argtypes = [ctypes.c_void_p]
    base.ggml_backend_dev_memory.restype = None
    base.ggml_backend_dev_memory.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t),
                                             ctypes.POINTER(ctypes.c_size_t)]
    return ggml, base


def list_devices() -> list[BackendDevice]:
    """Every device ggml registered, in its order; [] if the libraries cannot be found."""
    libs = _ggml()
    if libs is None:
        return []
    ggml, base = libs
    devices = []
    for index in range(int(ggml.ggml_backend_dev_count())):
        dev = ggml.ggml_backend_dev_get(index)
        if not dev:
            continue
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        base.ggml_backend_dev_memory(dev, ctypes.byref(free), ctypes.byref(total))
        kind_id = int(base.ggml_backend_dev_type(dev))
        devices.append(BackendDevice(
            index, (base.ggml_backend_dev_name(dev) or b"").decode(errors="replace"),
            (base.ggml_backend_dev_description(dev) or b"").decode(errors="replace"),
            KINDS[kind_id] if 0 <= kind_id < len(KINDS) else f"type {kind_id}", int(free.value), int(total.value)))
    return devices


def is_vulkan(name: str) -> bool:
    """Whether a device name ("Vulkan0", or a monitor label "Vulkan0: llvmpipe ...") is ggml's Vulkan backend."""
    return name.startswith("Vulkan")


def is_rpc(name: str) -> bool:
    """Whether a device name is another computer's GPU through ggml-rpc ("RPC0[192.168.1.20:50052]")."""
    return name.startswith("RPC") and "[" in name


def tensor_limit(device: BackendDevice) -> int | None:
    """The largest tensor `device`'s backend runs an op on (Vulkan: maxStorageBufferRange); None: no limit known."""
    if not is_vulkan(device.name):
        return None
    from .vulkan_limits import storage_limits

    return storage_limits().get(device.description)


def gpu_devices() -> list[BackendDevice]:
    """The devices llama.cpp can offload layers to, numbered as it numbers them (GPU0, GPU1, ...).

    A build without GPU offload (the CPU wheel) has none: it is not asked at all."""
    import llama_cpp

    if not llama_cpp.llama_supports_gpu_offload():
        return []
    return [d for d in list_devices() if d.is_gpu]
