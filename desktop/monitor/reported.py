"""What llama.cpp itself reports at load time (its log lines), in the planner's categories."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MIB = 1024 * 1024
_MODEL = re.compile(r"(\S+) model buffer size\s*=\s*([\d.]+) MiB")
_KV_TOTAL = re.compile(r"llama_kv_cache: size =\s*([\d.]+) MiB.*K \((\w+)\):\s*([\d.]+) MiB, V \((\w+)\):\s*([\d.]+) MiB")
_KV_DEVICE = re.compile(r"(\S+) KV buffer size\s*=\s*([\d.]+) MiB")
_COMPUTE = re.compile(r"(\S+) compute buffer size\s*=\s*([\d.]+) MiB")
_OUTPUT = re.compile(r"(\S+)\s+output buffer size\s*=\s*([\d.]+) MiB")


def device_of(buffer_name: str) -> str:
    """'CPU_Mapped', 'CPU_REPACK', 'CUDA_Host' -> 'CPU'; 'CUDA0', 'Vulkan1', 'ROCm0' -> 'GPU0', 'GPU1'."""
    if buffer_name.startswith("CPU") or buffer_name.endswith("_Host"):
        return "CPU"
    digits = re.search(r"(\d+)$", buffer_name)
    return f"GPU{digits.group(1) if digits else 0}"


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


def parse_llama_log(lines: list[str]) -> ReportedMemory:
    """Sizes from the lines llama.cpp logs while loading a model and creating its context."""
    rep = ReportedMemory()

    def add(table: dict[str, int], name: str, mib: str) -> None:
        dev = device_of(name)
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
