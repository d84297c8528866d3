"""The GPU path for real: llama.cpp's Vulkan backend on lavapipe (Mesa's Vulkan device that runs on the
CPU). Runs in the second environment `packaging/vulkan_env.sh` builds (llama-cpp-python with
GGML_VULKAN); in the main environment, whose llama.cpp has no GPU device, the group is skipped.

Layers offloaded (0, half, all) give the same text; the KV cache follows offload_kqv onto the device; the
memory planner is checked against the device buffers llama.cpp reports; a window shifts and a snapshot
resumes with the cache in device memory; the memory panel's device figures come from the backend.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import last_logits

from desktop.engine import Engine, LoadConfig, SamplerSettings, read_model_facts
from desktop.engine.devices import gpu_devices
from desktop.engine.snapshot import SnapshotStore
from desktop.engine.vulkan_limits import storage_limits
from desktop.monitor.fit import GPU_RESERVE, auto_fit, fit_verdict, usable_context
from desktop.monitor.gpu import BackendSource, gpu_backend, open_gpu_source
from desktop.monitor.planner import GpuBackend, plan_memory
from desktop.monitor.reported import parse_llama_log
from desktop.monitor.shape import ModelShape

DEVICES = gpu_devices()
pytestmark = pytest.mark.skipif(not DEVICES, reason="this llama.cpp has no GPU device (the Vulkan group runs "
                                                    "in packaging/vulkan_env.sh's environment)")
SYSTEM = "You are a helpful assistant who answers in one or two sentences."
MIB = 1024 * 1024


def load(model: str, **kw: object) -> Engine:
    kw.setdefault("n_threads", 2)
    kw.setdefault("n_ctx", 1024)
    return Engine.load(LoadConfig(model, **kw))  # type: ignore[arg-type]


def greedy(engine: Engine, text: str = "Name three colours of the sky at dusk.") -> str:
    chat = engine.new_chat(SYSTEM)
    return chat.send(text, SamplerSettings(max_tokens=24, temperature=0)).run()


def offloaded(engine: Engine) -> int:
    m = next(re.search(r"offloaded (\d+)/(\d+) layers to GPU", line) for line in engine.load_log
             if "offloaded" in line and "layers to GPU" in line)
    return int(m.group(1))


def test_the_device_is_seen_with_its_memory() -> None:
    dev = DEVICES[0]
    assert dev.name.startswith("Vulkan") and dev.total > 0 and 0 < dev.free <= dev.total
    source, reason = open_gpu_source()  # no NVML here: the backend's own figures feed the memory panel
    assert isinstance(source, BackendSource) and reason == ""
    sample = source.sample()[0]
    assert sample.total == dev.total and sample.name.startswith(dev.name) and sample.util_pct is None


def test_layers_on_the_device_give_the_same_text(sample_model: str) -> None:
    texts, weights = {}, {}
    for layers in (0, 15, 31):
        engine = load(sample_model, n_gpu_layers=layers)
        try:
            assert offloaded(engine) == layers
            texts[layers] = greedy(engine)
            weights[layers] = parse_llama_log(engine.load_log).weights.get("GPU0", 0)
        finally:
            engine.close()
    assert texts[0] == texts[15] == texts[31] and texts[0].strip()
    assert weights[0] == 0 < weights[15] < weights[31]


CONFIGS = [
    {"n_gpu_layers": 0},
    {"n_gpu_layers": 15},
    {"n_gpu_layers": 31},
    {"n_gpu_layers": 31, "offload_kqv": False},
    {"n_gpu_layers": 31, "type_k": "q8_0"},
    {"n_gpu_layers": 31, "type_k": "q8_0", "type_v": "q8_0", "flash_attn": True},
    {"n_gpu_layers": 20, "n_ctx": 4096},
    {"n_gpu_layers": 31, "n_ctx": 8192},  # KQ (144 MiB) over lavapipe's 128 MiB limit: attention on the CPU
]


def assert_plan_matches(plan: dict, reported: dict) -> None:
    """Weights, KV and compute of every device within 5 % of llama.cpp's buffers (1 MiB for tiny ones)."""
    for device in set(plan["devices"]) | set(reported["weights"]) | set(reported["compute"]):
        planned = plan["devices"].get(device, {})
        for part in ("weights", "kv", "compute"):
            got = reported[part].get(device, 0)
            want = planned.get(part, 0) if part != "kv" else planned.get("kv_k", 0) + planned.get("kv_v", 0)
            assert want == pytest.approx(got, rel=0.05, abs=MIB), (device, part, want, got)


@pytest.mark.parametrize("knobs", CONFIGS, ids=lambda k: ",".join(f"{a}={b}" for a, b in k.items()))
def test_planner_matches_the_device_buffers(sample_model: str, knobs: dict) -> None:
    shape = ModelShape.from_facts(read_model_facts(sample_model))
    engine = load(sample_model, use_mmap=False, **knobs)  # with mmap the CPU buffer is the file's mapped span
    try:
        reported = parse_llama_log(engine.load_log)
        backend = gpu_backend(DEVICES)  # as the benchmark and the monitor derive it
        plan = plan_memory(shape, engine.config, n_gpus=len(DEVICES), backend=backend)
    finally:
        engine.close()
    assert_plan_matches(plan.to_dict(), reported.to_dict())
    if not engine.config.offload_kqv:
        assert reported.kv.get("GPU0", 0) == 0  # the cache stays in RAM
    config = engine.config
    kq = 512 * config.n_ctx * shape.n_head * 4
    refused = not config.flash_attn and (kq > backend.max_tensor or config.type_k != "f16")
    assert any("attention runs on the CPU" in note for note in plan.notes) == (
        (config.offload_kqv or config.n_gpu_layers <= shape.n_layers) and refused)  # on a GPU but for the refusal


def test_the_device_limit_sends_attention_to_the_cpu(sample_model: str) -> None:
    """lavapipe's maxStorageBufferRange is 128 MiB: ggml runs the 144 MiB KQ matrix of 8k context on the CPU,
    and the planner, told the limit, says so (the badge shows it with the remedy)."""
    assert storage_limits()[DEVICES[0].description] == 128 * MIB
    shape = ModelShape.from_facts(read_model_facts(sample_model))
    config = LoadConfig(sample_model, n_ctx=8192, n_gpu_layers=31)
    vulkan = GpuBackend.vulkan(128 * MIB)
    result = fit_verdict(shape, config, [DEVICES[0].free], 16 * 1024 * MIB, backend=vulkan)
    assert any("flash attention avoids it" in line for line in result.details)
    with_fa = fit_verdict(shape, config.replace(flash_attn=True), [DEVICES[0].free], 16 * 1024 * MIB,
                          backend=vulkan)
    assert not any("attention runs on the CPU" in line for line in with_fa.details)


def run_on_two_devices(model: str, configs: list[dict]) -> list[dict]:
    env = {**os.environ, "GGML_VK_VISIBLE_DEVICES": "0,0"}
    probe = Path(__file__).with_name("two_devices_probe.py")
    done = subprocess.run([sys.executable, str(probe), model, json.dumps(configs)], env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_two_devices_split_layers_as_planned(sample_model: str) -> None:
    """lavapipe opened twice is two Vulkan devices: layer splits (even, 3:1, partial), one device chosen
    with split_mode none, and the row split Vulkan cannot do (a clean load failure, not an abort)."""
    rows = run_on_two_devices(sample_model, [
        {"n_gpu_layers": 31},  # pipeline parallelism: 4 copies of each device's inputs
        {"n_gpu_layers": 31, "tensor_split": [3, 1]},
        {"n_gpu_layers": 15, "tensor_split": [1, 1]},
        {"n_gpu_layers": 31, "split_mode": 0, "main_gpu": 1},
        {"n_gpu_layers": 31, "split_mode": 2},
    ])
    assert [r["devices"] for r in rows[:1]] == [["Vulkan0", "Vulkan1"]]
    even, three_to_one, partial, main_only, by_rows = rows
    assert even["pipeline_parallel"] and not partial["pipeline_parallel"]
    for row in (even, three_to_one, partial, main_only):
        assert_plan_matches(row["plan"], row["reported"])
        assert row["text"] == even["text"] and row["text"].strip()
    assert three_to_one["reported"]["kv"]["GPU0"] == 4 * three_to_one["reported"]["kv"]["GPU1"]  # 24 vs 6 layers
    assert set(main_only["reported"]["weights"]) == {"CPU", "GPU1"}
    assert "could not load" in by_rows["load_failed"]


def test_a_window_shifts_in_device_memory(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=512, n_gpu_layers=31)
    try:
        assert parse_llama_log(engine.load_log).kv["GPU0"] > 0
        chat = engine.new_chat(SYSTEM)
        pinned = chat.pinned_tokens
        reply = chat.send("Tell me a story that never ends.", SamplerSettings(max_tokens=700, seed=7, ignore_eos=True))
        reply.run()
        assert reply.stats.shifts >= 2 and reply.stats.tokens_reprocessed == 0
        assert engine.kv.tokens[: len(pinned)] == pinned
        engine.kv.check_invariant()
        nxt = chat.send("And then?", SamplerSettings(max_tokens=4, seed=1))
        nxt.run()
        assert nxt.stats.tokens_reprocessed == 0 and nxt.stats.prompt_tokens < 20
    finally:
        engine.close()


def test_a_snapshot_of_a_device_cache_resumes(sample_model: str, tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "snaps")
    engine = load(sample_model, n_gpu_layers=31)
    history = [("user", "Tell me about the lanterns of the harbour."),
               ("assistant", " ".join(f"Lantern {j} glowed over the water." for j in range(40)))]
    chat = engine.new_chat(SYSTEM)
    chat.sync(SYSTEM, history)
    chat.reply(SamplerSettings(max_tokens=8, seed=1)).run()
    mirror = list(engine.kv.tokens)
    assert store.save(engine, chat, "gpu-chat").ok
    probe = engine.model.tokenize(" lantern")[0]
    engine.native.decode([probe], len(mirror))
    before = last_logits(engine.native.ptr, engine.model.n_vocab)
    full = [(m.role, m.content) for m in chat.messages]
    engine.close()
    fresh = load(sample_model, n_gpu_layers=31)
    try:
        chat2 = fresh.new_chat(SYSTEM)
        chat2.sync(SYSTEM, full)
        restored = store.restore(fresh, chat2, "gpu-chat")
        assert restored.ok, restored.reason
        assert fresh.kv.tokens == mirror
        fresh.native.decode([probe], len(mirror))
        after = last_logits(fresh.native.ptr, fresh.model.n_vocab)
        assert float(np.max(np.abs(after - before))) < 1e-2
    finally:
        fresh.close()


def test_a_load_that_does_not_fit_the_device_and_the_fit_that_does(sample_model: str) -> None:
    facts = read_model_facts(sample_model)
    shape = ModelShape.from_facts(facts)
    budget = [GPU_RESERVE + 300 * MIB]  # free on the device, as the backend would report it
    ram = 16 * 1024 * MIB
    too_much = LoadConfig(sample_model, n_ctx=8192, n_gpu_layers=31, n_threads=2)
    assert fit_verdict(shape, too_much, budget, ram).state == "does not fit"
    fit = auto_fit(shape, too_much, budget, ram, usable_context(facts.n_ctx_train, too_much))
    assert 0 < fit.gpu_layers < 31 and fit.n_ctx == 8192
    engine = Engine.load(too_much.replace(n_gpu_layers=fit.gpu_layers))
    try:
        reported = parse_llama_log(engine.load_log)
        on_device = reported.weights.get("GPU0", 0) + reported.kv.get("GPU0", 0) + reported.compute.get("GPU0", 0)
        assert on_device <= (budget[0] - GPU_RESERVE) * 1.05  # what llama.cpp really put there fits
        assert greedy(engine).strip()
    finally:
        engine.close()



def test_the_memory_monitor_samples_the_device(qtbot) -> None:
    from desktop.monitor.sampler import MemoryMonitor, MonitorThread

    monitor = MemoryMonitor(interval_ms=50)  # the default source: NVML, else the backend's devices
    samples: list[dict] = []
    monitor.sampled.connect(samples.append)
    runner = MonitorThread(monitor)
    qtbot.waitUntil(lambda: len(samples) >= 2, timeout=10000)
    assert runner.stop()
    gpu = samples[-1]["gpus"][0]
    assert gpu["name"].startswith(DEVICES[0].name) and gpu["total"] == DEVICES[0].total
    assert 0 <= gpu["used"] <= gpu["total"]
