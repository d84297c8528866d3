"""RAM and CPU through psutil: the app's resident memory (this process and its engine process, which
holds the model and the KV cache) and the system's use."""

from __future__ import annotations

from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class RamSample:
    process_rss: int  # the app's processes together
    system_used: int
    system_total: int
    system_available: int
    process_cpu_pct: float  # share of one CPU since the last sample, the app's processes together


class RamSource:
    def __init__(self) -> None:
        self.process = psutil.Process()
        self.process.cpu_percent(None)  # start the CPU counter
        self._children: dict[int, psutil.Process] = {}

    def _processes(self) -> list[psutil.Process]:
        try:
            current = {p.pid: p for p in self.process.children(recursive=True)}
        except psutil.Error:
            current = {}
        for pid, child in current.items():
            if pid not in self._children:
                self._children[pid] = child
                try:
                    child.cpu_percent(None)
                except psutil.Error:
                    pass
        for pid in [p for p in self._children if p not in current]:
            del self._children[pid]
        return [self.process, *self._children.values()]

    def sample(self) -> RamSample:
        vm = psutil.virtual_memory()
        rss, cpu = 0, 0.0
        for proc in self._processes():
            try:
                rss += proc.memory_info().rss
                cpu += proc.cpu_percent(None)
            except psutil.Error:  # (an engine process that just ended)
                continue
        return RamSample(rss, int(vm.total - vm.available), int(vm.total), int(vm.available), cpu)
