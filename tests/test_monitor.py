"""GPU and RAM sampling: the NVML path with an injected pynvml, the real no-GPU path, a GPU lost."""

from __future__ import annotations

import os
import sys
import types

import psutil
from fake_gpu import GIB, ScriptedGpus, fake_pynvml

from desktop.monitor.gpu import GpuLost, NvmlSource, open_nvml
from desktop.monitor.sampler import MemoryMonitor, MonitorThread


def test_nvml_source_reads_each_gpu_through_pynvml(monkeypatch) -> None:
    fake = fake_pynvml([{"name": "RTX 4090", "used": GIB, "total": 24 * GIB, "util": 37, "mine": 512 * 1024 ** 2},
                        {"name": "RTX 3060", "used": 2 * GIB, "total": 12 * GIB, "util": None}])
    monkeypatch.setitem(sys.modules, "pynvml", fake)
    source, reason = open_nvml()
    assert reason == "" and isinstance(source, NvmlSource)
    first, second = source.sample()
    assert (first.name, first.total, first.util_pct, first.process_used) == ("RTX 4090", 24 * GIB, 37.0, 512 * 1024 ** 2)
    assert first.used == GIB + 1024 ** 2 and first.free == first.total - first.used
    assert second.util_pct is None and second.process_used == 0
    again = source.sample()
    assert again[0].used > first.used  # values change between samples
    source.close()
    assert fake.calls["shutdown"] == 1


def test_nvml_failure_while_sampling_becomes_gpu_lost(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", fake_pynvml([{"name": "X", "used": 0, "total": GIB}], fail_after=1))
    source, _ = open_nvml()
    source.sample()
    try:
        source.sample()
    except GpuLost as exc:
        assert "GPU is lost" in str(exc)
    else:
        raise AssertionError("expected GpuLost")


def test_the_real_no_gpu_path_says_why() -> None:
    source, reason = open_nvml()  # these machines have no NVIDIA driver
    assert source is None
    assert "NVML" in reason or "NVIDIA" in reason


def test_without_nvml_the_backend_is_asked_and_says_it_has_no_gpu() -> None:
    from desktop.engine.devices import gpu_devices, list_devices
    from desktop.monitor.gpu import BackendSource, open_gpu_source

    devices = list_devices()  # ggml's own registry, through ctypes
    cpu = next(d for d in devices if d.kind == "cpu")
    assert cpu.name == "CPU" and cpu.total > 1024 ** 3 and 0 < cpu.free <= cpu.total
    assert gpu_devices() == []  # this llama.cpp is built for the CPU only
    source, reason = open_gpu_source()
    assert source is None and "NVML" in reason and "llama.cpp sees no GPU" in reason
    fake = [types.SimpleNamespace(name="Vulkan0", description="Radeon RX 7600", free=6 * GIB, total=8 * GIB)]
    sample = BackendSource(lambda: fake).sample()  # an AMD card as the backend would report it
    assert [(s.name, s.used, s.total, s.util_pct, s.process_used) for s in sample] == [
        ("Vulkan0: Radeon RX 7600", 2 * GIB, 8 * GIB, None, None)]


def test_a_vulkan_device_carries_its_tensor_limit_to_the_fit_badge(monkeypatch, qtbot) -> None:
    """The limit (maxStorageBufferRange) comes from the Vulkan loader by device name; the memory dock passes
    the smallest one to the badge, which then plans attention on the CPU where KQ is over it."""
    from desktop.engine import vulkan_limits
    from desktop.monitor.gpu import BackendSource
    from desktop.ui.memory_panel import MemoryDock

    monkeypatch.setattr(vulkan_limits, "storage_limits", lambda: {"Radeon RX 7600": 128 * 1024 * 1024})
    fake = [types.SimpleNamespace(name="Vulkan0", description="Radeon RX 7600", free=6 * GIB, total=8 * GIB),
            types.SimpleNamespace(name="CUDA0", description="Radeon RX 7600", free=6 * GIB, total=8 * GIB)]
    source = BackendSource(lambda: fake)
    assert [s.max_tensor for s in source.sample()] == [128 * 1024 * 1024, None]  # CUDA has no such limit
    emitted: list[tuple] = []
    dock = MemoryDock(lambda: (source, ""))  # its monitor thread samples the fake devices
    qtbot.addWidget(dock)
    dock.resources_changed.connect(lambda *args: emitted.append(args))
    try:
        qtbot.waitUntil(lambda: bool(emitted), timeout=10000)
    finally:
        assert dock.stop()
    backend = emitted[-1][2]
    assert backend == dock.gpu_backend and backend.max_tensor == 128 * 1024 * 1024
    assert not backend.strided_quantized_matmul  # a Vulkan device is among them


def test_monitor_without_gpu_keeps_sampling_ram(qtbot) -> None:
    monitor = MemoryMonitor(interval_ms=50)
    statuses: list[str] = []
    monitor.gpu_status.connect(statuses.append)
    runner = MonitorThread(monitor)
    samples: list[dict] = []
    monitor.sampled.connect(samples.append)
    qtbot.waitUntil(lambda: len(samples) >= 3, timeout=5000)
    assert runner.stop()
    assert statuses and "NVML" in statuses[0]
    ram = samples[-1]["ram"]
    assert samples[-1]["gpus"] == []
    assert 0 < ram["process_rss"] <= ram["system_total"] == psutil.virtual_memory().total
    assert abs(ram["process_rss"] - psutil.Process(os.getpid()).memory_info().rss) < 256 * 1024 ** 2


def test_gpu_lost_mid_session_stops_gpu_sampling_only(qtbot) -> None:
    fake = ScriptedGpus([GIB, 2 * GIB, "lost", 3 * GIB])
    monitor = MemoryMonitor(gpu_factory=lambda: (fake, ""), interval_ms=30)
    errors: list[str] = []
    samples: list[dict] = []
    monitor.gpu_error.connect(errors.append)
    monitor.sampled.connect(samples.append)
    runner = MonitorThread(monitor)
    qtbot.waitUntil(lambda: len(samples) >= 6, timeout=5000)
    assert runner.stop()
    assert errors == ["NVML error: GPU is lost"]
    assert [s["gpus"][0]["used"] for s in samples[:2]] == [GIB, 2 * GIB]
    assert all(s["gpus"] == [] for s in samples[2:]) and all(s["ram"]["process_rss"] > 0 for s in samples)
    assert fake.closed



def test_the_loaded_models_device_buffers_count_as_free_only_if_the_device_counts_them_used(qtbot) -> None:
    """Without per-process figures the model's own buffers are added back to the free memory, but only up
    to what the device reports used: lavapipe reports nothing used (free == total) whatever is loaded."""
    from desktop.monitor.gpu import BackendSource
    from desktop.ui.memory_panel import MemoryDock

    used = {"value": 0}
    device = types.SimpleNamespace(name="Vulkan0", description="llvmpipe", total=2 * GIB)
    source = BackendSource(lambda: [types.SimpleNamespace(**vars(device), free=device.total - used["value"])])
    dock = MemoryDock(lambda: (source, ""))
    qtbot.addWidget(dock)
    dock.show_model({"reported": {"weights": {"GPU0": 92 * 1024 * 1024, "CPU": 28 * 1024 * 1024},
                                  "kv": {"GPU0": 90 * 1024 * 1024}, "compute": {"GPU0": 98 * 1024 * 1024}}})
    on_device = (92 + 90 + 98) * 1024 * 1024
    try:
        qtbot.waitUntil(lambda: dock.gpu_free == [2 * GIB], timeout=10000)  # not 2 GiB + the model
        used["value"] = GIB  # a device that counts its allocations (ours among them)
        qtbot.waitUntil(lambda: dock.gpu_free == [GIB + on_device], timeout=10000)
    finally:
        assert dock.stop()
