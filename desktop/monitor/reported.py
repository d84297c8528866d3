"""What llama.cpp itself reports at load time (its log lines), in the planner's categories."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

MIB = 1024 * 1024
_MODEL = re.compile(r"(\S+) model buffer size\s*=\s*([\d.]+) MiB")
_KV_TOTAL = re.compile(r"llama_kv_cache: size =\s*([\d.]+) MiB.*K \((\w+)\):\s*([\d.]+) MiB, V \((\w+)\):\s*([\d.]+) MiB")
_KV_DEVICE = re.compile(r"(\S+) KV buffer size\s*=\s*([\d.]+) MiB")
_COMPUTE = re.compile(r"(\S+) compute buffer size\s*=\s*([\d.]+) MiB")
_OUTPUT = re.compile(r"(\S+)\s+output buffer size\s*=\s*([\d.]+) MiB")


def device_of(buffer_name: str, rpc_devices: Sequence[str] = ()) -> str:
    """'CPU_Mapped', 'CPU_REPACK', 'CUDA_Host' -> 'CPU'; 'CUDA0', 'Vulkan1', 'ROCm0' -> 'GPU0', 'GPU1'. Another
    computer's device ('RPC0[192.168.1.20:50052]', numbered per server) is its place in `rpc_devices`, which
    come before this computer's GPUs, as llama.cpp orders them."""
    if buffer_name.startswith("CPU") or buffer_name.endswith("_Host"):
        return "CPU"
    if buffer_name in rpc_devices:
        return f"GPU{list(rpc_devices).index(buffer_name)}"
    digits = re.search(r"(\d+)$", buffer_name)
    return f"GPU{int(digits.group(1)) + len(rpc_devices) if digits else 0}"


@dataclass
class ReportedMemory:
    weights: dict[str, int] = field(default_factory=dict)
    kv: dict[str, int] = field(default_factory=dict)
    compute: dict[str, int] = field(default_factory=dict)
    output: int = 0
    kv_k: int = 0
    kv_v: int = 0

    def total(self, part: str) -> int:
        value = getattr(self, part)
        return sum(value.values()) if isinstance(value, dict) else value

    @property
    def found(self) -> bool:
        return bool(self.weights or self.kv_k or self.compute)

    def to_dict(self) -> dict:
        return {"weights": self.weights, "kv": self.kv, "compute": self.compute, "output": self.output,
                "kv_k": self.kv_k, "kv_v": self.kv_v}


def parse_llama_log(lines: list[str], rpc_devices: Sequence[str] = ()) -> ReportedMemory:
    """Sizes from the lines llama.cpp logs while loading a model and creating its context. `rpc_devices`:
    the other computers' devices in llama.cpp's order (the engine knows it; the log's order of their
    lines is not that order)."""
    rep = ReportedMemory()
    remote = list(rpc_devices)

    def add(table: dict[str, int], name: str, mib: str) -> None:
        dev = device_of(name, remote)
        table[dev] = table.get(dev, 0) + round(float(mib) * MIB)

    for line in lines:
        if m := _MODEL.search(line):
            add(rep.weights, m.group(1), m.group(2))
        elif m := _KV_TOTAL.search(line):
            rep.kv_k += round(float(m.group(3)) * MIB)
            rep.kv_v += round(float(m.group(5)) * MIB)
        elif m := _KV_DEVICE.search(line):
            add(rep.kv, m.group(1), m.group(2))
        elif m := _COMPUTE.search(line):
            add(rep.compute, m.group(1), m.group(2))
        elif m := _OUTPUT.search(line):
            rep.output += round(float(m.group(2)) * MIB)
    return rep


def with_remote_names(devices: dict[str, Any], remote: Sequence[str]) -> dict[str, Any]:
    """A table keyed "CPU", "GPU0", ... (the planner's and parse_llama_log's, other computers' devices first)
    keyed instead by the remote devices' own names and this computer's GPUs from GPU0 on, as the window
    shows them next to its own GPU graphs."""
    out: dict[str, Any] = {}
    for name, value in devices.items():
        index = int(name.removeprefix("GPU")) if name.startswith("GPU") else -1
        if index < 0:
            out[name] = value
        else:
            out[remote[index] if index < len(remote) else f"GPU{index - len(remote)}"] = value
    return out
