"""The memory planner against llama.cpp's own figures, layer placement, and auto-fit."""

from __future__ import annotations

import re

import pytest
from conftest import load

from desktop.engine import LoadConfig, read_model_facts
from desktop.engine.config import SplitMode
from desktop.monitor.fit import GPU_RESERVE, MIB, fit_context, fit_gpu_layers, verdict
from desktop.monitor.planner import CPU, CpuRepack, GpuBackend, layer_devices, plan_memory
from desktop.monitor.reported import device_of, parse_llama_log
from desktop.monitor.shape import ModelShape

CONFIGS = [
    {"type_k": "f16", "type_v": "f16", "flash_attn": False},
    {"type_k": "q8_0", "type_v": "q8_0", "flash_attn": True},
    {"type_k": "q4_0", "type_v": "q4_0", "flash_attn": True},
    {"type_k": "q8_0", "type_v": "f16", "flash_attn": False},
]


@pytest.fixture(scope="module")
def shape(sample_model: str) -> ModelShape:
    return ModelShape.from_facts(read_model_facts(sample_model))


@pytest.mark.parametrize("n_ctx", [2048, 8192])
@pytest.mark.parametrize("kv", CONFIGS, ids=lambda kv: f"{kv['type_k']}-{kv['type_v']}-fa{int(kv['flash_attn'])}")
def test_plan_matches_what_llama_cpp_reports(sample_model: str, shape: ModelShape, n_ctx: int, kv: dict) -> None:
    engine = load(sample_model, n_ctx=n_ctx, **kv)
    reported = parse_llama_log(engine.load_log)
    config = engine.config
    engine.close()
    plan = plan_memory(shape, config)
    assert set(plan.devices) == {CPU}
    for part, actual in (("weights", reported.total("weights")), ("kv_k", reported.kv_k), ("kv_v", reported.kv_v),
                         ("compute", reported.total("compute"))):
        assert actual > 0, part
        assert abs(plan.total(part) - actual) / actual <= 0.05, (part, plan.total(part), actual)
    assert reported.kv[CPU] == pytest.approx(plan.total("kv"), rel=0.01)


def test_log_parser_reads_gpu_buffers() -> None:
    lines = [
        "load_tensors:        CUDA0 model buffer size =  3850.00 MiB",
        "load_tensors:   CPU_Mapped model buffer size =   281.81 MiB",
        "llama_kv_cache:      CUDA0 KV buffer size =   512.00 MiB",
        "llama_kv_cache: size =  512.00 MiB (  4096 cells,  32 layers,  1/1 seqs), K (q8_0):  256.00 MiB, V (f16):  256.00 MiB",
        "sched_reserve:      CUDA0 compute buffer size =   296.00 MiB",
        "sched_reserve:  CUDA_Host compute buffer size =    16.01 MiB",
        "llama_context:  CUDA_Host  output buffer size =     0.49 MiB",
    ]
    rep = parse_llama_log(lines)
    assert rep.weights == {"GPU0": 3850 * MIB, "CPU": round(281.81 * MIB)}
    assert rep.kv == {"GPU0": 512 * MIB} and rep.kv_k == 256 * MIB
    assert rep.compute == {"GPU0": 296 * MIB, "CPU": round(16.01 * MIB)}
    assert rep.output == round(0.49 * MIB)
    assert device_of("Vulkan1") == "GPU1" and device_of("CPU_REPACK") == CPU


def test_layer_placement_follows_llama_cpp() -> None:
    # N = 10 offloads the output layer and 9 repeating layers (llama.cpp's log on a real Vulkan device:
    # "offloading 14 repeating layers to GPU", "offloaded 15/31 layers" for N = 15; tests/test_gpu_vulkan.py)
    layers, output = layer_devices(30, 10, 1, SplitMode.LAYER, 0, [])
    assert layers[:21] == [CPU] * 21 and layers[21:] == ["GPU0"] * 9 and output == "GPU0"
    assert layer_devices(30, 1, 1, SplitMode.LAYER, 0, []) == ([CPU] * 30, "GPU0")
    assert layer_devices(30, 0, 1, SplitMode.LAYER, 0, []) == ([CPU] * 30, CPU)
    layers, output = layer_devices(30, 31, 1, SplitMode.LAYER, 0, [])
    assert layers == ["GPU0"] * 30 and output == "GPU0"
    assert layer_devices(30, -1, 1, SplitMode.LAYER, 0, [])[1] == "GPU0"
    assert layer_devices(30, 31, 0, SplitMode.LAYER, 0, []) == ([CPU] * 30, CPU)  # no GPU: all on the CPU
    layers, output = layer_devices(30, 31, 2, SplitMode.LAYER, 0, [3, 1])
    assert layers.count("GPU0") == 24 and layers.count("GPU1") == 6 and output == "GPU1"
    layers, _ = layer_devices(30, 31, 2, SplitMode.NONE, 1, [3, 1])
    assert set(layers) == {"GPU1"}


def test_offloaded_plan_puts_weights_and_kv_where_llama_cpp_does(shape: ModelShape) -> None:
    full = plan_memory(shape, LoadConfig("m", n_ctx=4096, n_gpu_layers=-1), n_gpus=1)
    gpu, cpu = full.devices["GPU0"], full.devices[CPU]
    assert cpu.weights == shape.input_bytes
    assert gpu.weights == sum(shape.layer_bytes) + shape.output_bytes + shape.embd_bytes  # tied output copied
    assert cpu.kv == 0 and gpu.kv == 4096 * 30 * 192 * 2 * 2
    host_kv = plan_memory(shape, LoadConfig("m", n_ctx=4096, n_gpu_layers=-1, offload_kqv=False), n_gpus=1)
    assert host_kv.devices["GPU0"].kv == 0 and host_kv.devices[CPU].kv == gpu.kv
    half = plan_memory(shape, LoadConfig("m", n_ctx=4096, n_gpu_layers=15), n_gpus=1)
    assert half.devices["GPU0"].layers == 14 and half.devices[CPU].layers == 16
    assert half.devices["GPU0"].kv == gpu.kv * 14 // 30


def test_auto_fit_picks_the_layer_count_for_a_free_vram_figure(shape: ModelShape) -> None:
    config = LoadConfig("m", n_ctx=8192)
    ram = 64 * 1024 * MIB
    for target in (0, 12, 20, 31):
        need = plan_memory(shape, config.replace(n_gpu_layers=target), 1).devices.get("GPU0")
        free = (need.total if need else 0) + GPU_RESERVE
        assert fit_gpu_layers(shape, config, [free], ram) == target
        if target:
            assert fit_gpu_layers(shape, config, [free - 1], ram) == target - 1
    assert fit_gpu_layers(shape, config, [], ram) == 0


def test_auto_fit_context_is_the_largest_that_fits(shape: ModelShape) -> None:
    config = LoadConfig("m", n_gpu_layers=-1)
    free = [600 * MIB + GPU_RESERVE]
    best = fit_context(shape, config, free, 64 * 1024 * MIB)
    assert best > 0 and best % 256 == 0
    assert verdict(plan_memory(shape, config.replace(n_ctx=best), 1, free), free, 1 << 40).state != "does not fit"
    assert verdict(plan_memory(shape, config.replace(n_ctx=best + 256), 1, free), free, 1 << 40).state == \
        "does not fit"


def test_verdict_states(shape: ModelShape) -> None:
    plan = plan_memory(shape, LoadConfig("m", n_ctx=2048))
    need = plan.devices[CPU].total
    assert verdict(plan, [], need * 3).state == "fits"
    assert verdict(plan, [], int(need * 1.05)).state == "tight"
    assert verdict(plan, [], need - 1).state == "does not fit"


def test_a_gpu_build_plans_compute_where_llama_cpp_runs_it(shape: ModelShape) -> None:
    """Figures from llama.cpp's Vulkan backend on lavapipe (SmolLM2-135M, micro-batch 512; the Vulkan group
    checks them against real loads): the logits on the output's GPU, the inputs staged on the CPU, attention
    on the CPU when the KQ matrix is over the device's tensor limit, pipeline copies with two GPUs."""
    full = plan_memory(shape, LoadConfig("m", n_ctx=2048, n_gpu_layers=31), n_gpus=1)
    assert full.devices["GPU0"].compute == 512 * 4 * (shape.n_vocab + 2 * 576)  # reported 98.25 MiB
    assert full.devices[CPU].compute == 512 * 2048 * 4 + 512 * 4 * (2 * 576 + 2 * 3 * 64)  # reported 7.01 MiB
    none_offloaded = plan_memory(shape, LoadConfig("m", n_ctx=2048, n_gpu_layers=0), n_gpus=1)
    assert none_offloaded.devices["GPU0"].compute == full.devices["GPU0"].compute + shape.embd_bytes  # 126.34
    kq = 512 * 8192 * 9 * 4  # 144 MiB
    limited = plan_memory(shape, LoadConfig("m", n_ctx=8192, n_gpu_layers=31), 1, backend=GpuBackend.vulkan(kq - 1))
    unlimited = plan_memory(shape, LoadConfig("m", n_ctx=8192, n_gpu_layers=31), 1)
    assert unlimited.devices["GPU0"].compute > kq > limited.devices["GPU0"].compute
    assert limited.devices[CPU].compute > kq > unlimited.devices[CPU].compute  # reported 169.01 MiB
    assert any("flash attention avoids it" in note for note in limited.notes) and not unlimited.notes
    fa = plan_memory(shape, LoadConfig("m", n_ctx=8192, n_gpu_layers=31, flash_attn=True), 1,
                     backend=GpuBackend.vulkan(kq - 1))
    assert not fa.notes and fa.devices[CPU].compute < 16 * MIB
    one = plan_memory(shape, LoadConfig("m", n_ctx=2048, n_gpu_layers=31), 2, [1, 1])
    assert one.devices["GPU1"].compute > full.devices["GPU0"].compute  # four copies of the inputs
    partial = plan_memory(shape, LoadConfig("m", n_ctx=2048, n_gpu_layers=15), 2, [1, 1])
    assert partial.devices["GPU1"].compute == full.devices["GPU0"].compute  # no pipeline copies
    cpu_build = plan_memory(shape, LoadConfig("m", n_ctx=8192, n_gpu_layers=31), 0, backend=GpuBackend.vulkan(kq - 1))
    assert cpu_build.devices[CPU].compute > kq and not cpu_build.notes
    q8_k = LoadConfig("m", n_ctx=2048, n_gpu_layers=31, type_k="q8_0")  # Vulkan refuses KQ over a quantized K view
    on_vulkan = plan_memory(shape, q8_k, 1, backend=GpuBackend.vulkan(None))
    assert on_vulkan.devices[CPU].compute > 512 * 2048 * 9 * 4 > plan_memory(shape, q8_k, 1).devices[CPU].compute
    assert "q8_0 K cache" in on_vulkan.notes[0]


# llama_print_system_info() on the x86-64 machine the figures below were measured on, and on an AVX2 laptop
XEON = ("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX_VNNI = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | AVX512 = 1 | "
        "AVX512_VBMI = 1 | AVX512_VNNI = 1 | AVX512_BF16 = 1 | AMX_INT8 = 1 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ")
NO_AMX = XEON.replace("AMX_INT8 = 1 | ", "")  # measured with the kernel refusing AMX: ggml then uses CPU_REPACK
AVX2 = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | OPENMP = 1 | REPACK = 1 | "


def test_cpu_repack_follows_llama_cpp_system_info() -> None:
    avx2 = CpuRepack.from_system_info(AVX2)
    assert not avx2.amx
    assert avx2.packed_bytes("Q4_K", 640, 1000) == 1000 and avx2.packed_bytes("Q4_0", 8, 90) == 90
    assert avx2.packed_bytes("Q4_K", 4, 1000) is None  # ggml packs 8 rows at a time
    assert all(avx2.packed_bytes(t, 1024, 100) is None for t in ("Q4_1", "Q5_0", "Q6_K", "Q8_0", "Q2_K", "F16", "F32"))
    assert CpuRepack.from_system_info(NO_AMX).packed_bytes("Q2_K", 1024, 100) == 100  # AVX512
    assert CpuRepack.from_system_info(AVX2.replace("REPACK = 1 | ", "")) == CpuRepack()  # built without it
    assert CpuRepack.from_system_info("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | REPACK = 1 | ") == CpuRepack()
    amx = CpuRepack.from_system_info(XEON)
    assert amx.amx and amx.packed_bytes("Q8_0", 640, 34 * 20) == 38 * 20 and amx.packed_bytes("Q4_1", 576, 200) == 200
    assert amx.packed_bytes("Q4_K", 8, 144) == 144  # not 32 rows: CPU_REPACK takes it
    assert amx.packed_bytes("Q8_0", 640, 340, dims=3) is None  # experts (mul_mat_id): not AMX
    assert CpuRepack.from_system_info(XEON, extra_buffers=False) == CpuRepack()


def test_repacked_weights_are_planned_beside_the_file(gemma_model: str, sample_model: str) -> None:
    """Measured with llama-cpp-python 0.3.36 on x86-64 (AVX2, AVX512; extra buffers on), all on the CPU.
    Gemma 3 270M Q4_K_M with mmap: "CPU_Mapped 235.16 MiB" (the file) and "CPU_REPACK 12.66 MiB" (a copy of the 27
    Q4_K tensors); without mmap "CPU 222.51 MiB" and the same CPU_REPACK. With AMX: "AMX 213.91 MiB" (the Q4_K,
    Q6_K and Q8_0 matrices and a copy of the tied embeddings) beside CPU_Mapped 235.16 or, without mmap, CPU 211.79;
    SmolLM2 Q4_1: AMX 95.34 beside CPU_Mapped 92.10 or CPU 28.82."""
    gemma = ModelShape.from_facts(read_model_facts(gemma_model))
    smol = ModelShape.from_facts(read_model_facts(sample_model))

    def planned_mib(shape: ModelShape, system: str, **kw: object) -> float:
        plan = plan_memory(shape, LoadConfig(gemma_model, n_ctx=2048, **kw), cpu_repack=CpuRepack.from_system_info(system))
        return round(plan.total("weights") / MIB, 2)

    assert planned_mib(gemma, NO_AMX) == pytest.approx(235.16 + 12.66, abs=0.011)
    assert planned_mib(gemma, NO_AMX, use_mmap=False) == pytest.approx(222.51 + 12.66, abs=0.011)
    assert planned_mib(gemma, XEON) == pytest.approx(235.16 + 213.91, abs=0.011)
    assert planned_mib(gemma, XEON, use_mmap=False) == pytest.approx(211.79 + 213.91, abs=0.011)
    assert planned_mib(smol, XEON) == pytest.approx(92.10 + 95.34, abs=0.011)
    assert planned_mib(smol, XEON, use_mmap=False) == pytest.approx(28.82 + 95.34, abs=0.011)
    assert planned_mib(smol, NO_AMX) == round(smol.weight_bytes / MIB, 2)  # Q4_1 and Q8_0: nothing repacked
    assert planned_mib(gemma, XEON.replace("REPACK", "X").replace("AMX", "X")) == round(gemma.weight_bytes / MIB, 2)
    # a GPU build keeps CPU layers in the GPU's host buffer, which llama.cpp tries before the CPU's extra buffers
    gpu_build = plan_memory(gemma, LoadConfig(gemma_model, n_ctx=2048, n_gpu_layers=0), n_gpus=1,
                            cpu_repack=CpuRepack.from_system_info(XEON))
    assert gpu_build.devices[CPU].weights == gemma.weight_bytes


def test_gemma_weights_match_what_llama_cpp_reports(gemma_model: str) -> None:
    """On this machine: the planned weights against llama.cpp's model buffers, and its extra buffers (CPU_REPACK,
    AMX) where it uses them (the engine turns them off on builds with AMX)."""
    engine = load(gemma_model, n_ctx=2048)
    reported = parse_llama_log(engine.load_log)
    extra = sum(round(float(m.group(1)) * MIB) for line in engine.load_log
                if (m := re.search(r"(?:CPU_REPACK|AMX) model buffer size\s*=\s*([\d.]+) MiB", line)))
    config = engine.config
    engine.close()
    shape = ModelShape.from_facts(read_model_facts(gemma_model))
    planned = plan_memory(shape, config).total("weights")
    actual = reported.total("weights")
    assert abs(planned - actual) / actual <= 0.05, (planned, actual)
    assert abs(planned - shape.weight_bytes - extra) <= 0.01 * MIB  # mmap: the file, and the extra buffers beside it


def test_a_draft_model_is_planned_and_matches_what_llama_cpp_reports(sample_model: str, shape: ModelShape,
                                                                     tmp_path) -> None:
    """The draft (here the sample's first 8 layers, benchmarks/layer_draft.py) loads beside the model: its
    weights, its own KV cache of the same window and its compute buffers are in the plan, as llama.cpp's log
    reports them for the two together; and the fit counts them, so a GPU that takes the model alone may not
    take both."""
    from tiny_gguf import write_layer_draft

    from desktop.monitor.planner import plan_with_draft

    draft_path = write_layer_draft(sample_model, tmp_path / "first8.gguf", 8)
    draft = ModelShape.from_facts(read_model_facts(str(draft_path)))
    engine = load(sample_model, n_ctx=2048, flash_attn=True, draft_model_path=str(draft_path))
    reported = parse_llama_log(engine.load_log)
    config = engine.config
    engine.close()
    alone = plan_memory(shape, config)
    both = plan_with_draft(shape, config, draft)
    assert both.total("kv") == pytest.approx(alone.total("kv") * (1 + 8 / 30), rel=0.01)
    for part, actual in (("weights", reported.total("weights")), ("kv", reported.kv[CPU]),
                         ("compute", reported.total("compute"))):
        assert abs(both.total(part) - actual) / actual <= 0.05, (part, both.total(part), actual)
    assert plan_with_draft(shape, config.replace(draft_model_path=""), draft).total("weights") == alone.total("weights")
    gpu_config = LoadConfig("m", n_ctx=8192, draft_model_path="d", n_gpu_layers=-1, draft_gpu_layers=-1)
    need_alone = plan_memory(shape, gpu_config, 1).devices["GPU0"].total + GPU_RESERVE
    ram = 64 * 1024 * MIB
    assert fit_gpu_layers(shape, gpu_config, [need_alone], ram) == shape.n_layers + 1
    assert fit_gpu_layers(shape, gpu_config, [need_alone], ram, draft=draft) < shape.n_layers + 1
