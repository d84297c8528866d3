"""Sampling memory about twice a second in its own thread, reported as plain data.

`MemoryMonitor` lives in a QThread (so a slow NVML call never stalls the GUI) and emits
`sampled(dict)`: {"t", "ram": {...}, "gpus": [{...}, ...]}. Without NVML it emits
`gpu_status(reason)` once and keeps sampling RAM; an NVML error mid-session emits `gpu_error`
and stops GPU sampling. Its own CPU time is counted (`cpu_seconds`) for the benchmark.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from .gpu import GpuLost, GpuSource, open_gpu_source
from .system import RamSource

log = logging.getLogger("fireside.monitor")
DEFAULT_INTERVAL_MS = 500
GpuFactory = Callable[[], "tuple[GpuSource | None, str]"]


class MemoryMonitor(QObject):
    sampled = Signal(dict)
    gpu_status = Signal(str)  # why there is no GPU graph ("" when GPUs are sampled)
    gpu_error = Signal(str)

    def __init__(self, gpu_factory: GpuFactory = open_gpu_source, interval_ms: int = DEFAULT_INTERVAL_MS) -> None:
        super().__init__()
        self._gpu_factory = gpu_factory
        self.interval_ms = interval_ms
        self.gpu: GpuSource | None = None
        self.ram: RamSource | None = None
        self.timer: QTimer | None = None
        self.cpu_seconds = 0.0
        self.samples = 0

    @Slot()
    def start(self) -> None:
        self.ram = RamSource()
        self.gpu, reason = self._gpu_factory()
        if reason:
            log.info("no GPU sampling: %s", reason)
        self.gpu_status.emit(reason)
        self.timer = QTimer(self)
        self.timer.setInterval(self.interval_ms)
        self.timer.timeout.connect(self.sample)
        self.timer.start()
        self.sample()

    @Slot()
    def sample(self) -> None:
        started = time.thread_time()
        assert self.ram is not None
        data: dict = {"t": time.time(), "ram": dataclasses.asdict(self.ram.sample()), "gpus": []}
        if self.gpu is not None:
            try:
                data["gpus"] = [dataclasses.asdict(g) for g in self.gpu.sample()]
            except GpuLost as exc:
                log.error("GPU sampling stopped: %s", exc)
                self._drop_gpu()
                self.gpu_error.emit(str(exc))
        self.cpu_seconds += time.thread_time() - started
        self.samples += 1
        self.sampled.emit(data)

    @Slot()
    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        self._drop_gpu()
        thread = self.thread()
        if thread is not None:
            thread.quit()

    def _drop_gpu(self) -> None:
        if self.gpu is not None:
            try:
                self.gpu.close()
            finally:
                self.gpu = None


class MonitorThread(QObject):
    """Owns the monitor's thread; `stop()` ends it (called when the window closes)."""

    _start = Signal()
    _stop = Signal()

    def __init__(self, monitor: MemoryMonitor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.monitor = monitor
        self.thread = QThread()
        self.thread.setObjectName("memory-monitor")
        monitor.moveToThread(self.thread)
        self._start.connect(monitor.start)
        self._stop.connect(monitor.stop)
        self.thread.start()
        self._start.emit()

    def stop(self, timeout_ms: int = 2000) -> bool:
        if not self.thread.isRunning():
            return True
        self._stop.emit()
        return self.thread.wait(timeout_ms)
