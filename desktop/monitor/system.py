"""RAM and CPU through psutil: this process's resident memory and the system's use."""

from __future__ import annotations

from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class RamSample:
    process_rss: int
    system_used: int
    system_total: int
    system_available: int
    process_cpu_pct: float  # share of one CPU since the last sample


class RamSource:
    def __init__(self) -> None:
        self.process = psutil.Process()
        self.process.cpu_percent(None)  # start the CPU counter

    def sample(self) -> RamSample:
        vm = psutil.virtual_memory()
        rss = self.process.memory_info().rss
        return RamSample(rss, int(vm.total - vm.available), int(vm.total), int(vm.available),
                         self.process.cpu_percent(None))
