"""Predict what llama.cpp will allocate for a model and a LoadConfig, per device, before loading.

Weights come from the GGUF's tensor sizes, placed the way llama.cpp places layers
(`n_gpu_layers` counts the output layer first, then repeating layers from the last one back: with N
the first of them on the GPU is `n_layers + 1 - N`, as llama_model::load_tensors computes
`i_gpu_start`; the token embeddings stay on the CPU). Checked against llama.cpp's Vulkan backend on
lavapipe (tests/test_gpu_vulkan.py): "offloading 14 repeating layers", "offloaded 15/31 layers" for N = 15. A CPU-only
build also repacks some weight types into an extra buffer, `CPU_REPACK` or `AMX` (see `CpuRepack`). The KV cache is
exact: cells x KV heads x head size, in the cache type's blocks (q8_0: 34 bytes per 32 values).
The compute buffer follows llama.cpp's graph allocator for llama-style graphs: the larger of the
output phase (logits for a whole micro-batch) and, without flash attention, the attention phase
(an f32 KQ matrix per head); it was fitted and checked against llama.cpp's own log on the CPU. A
build with GPU devices lays its compute buffers out differently (see `_plan_gpu_build_compute`).
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
import platform
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field

from ..engine.config import UNQUANTIZED_KV_TYPES, LoadConfig, SplitMode, kv_block_size, kv_bytes_per_block
from ..engine.devices import is_rpc, is_vulkan
from ..engine.validation import real_n_ctx
from .shape import INPUT_LAYER, OUTPUT_LAYER, ModelShape

CPU = "CPU"
F32 = 4
F16 = 2
PIPELINE_COPIES = 4  # GGML_SCHED_MAX_COPIES
FFN_ROWS = 12  # f32 rows per token of a layer's feed-forward phase, in n_embd (3 x n_ff + 4 x n_embd for Llama shapes)
OP_OFFLOAD_MIN_BATCH = 32  # below this llama.cpp leaves CPU-side products on the CPU


def gpu_name(index: int) -> str:
    return f"GPU{index}"


@dataclass
class DevicePlan:
    weights: int = 0
    kv_k: int = 0
    kv_v: int = 0
    compute: int = 0
    output: int = 0  # logits buffer (host memory)
    layers: int = 0

    @property
    def kv(self) -> int:
        return self.kv_k + self.kv_v

    @property
    def total(self) -> int:
        return self.weights + self.kv + self.compute + self.output


@dataclass
class MemoryPlan:
    n_ctx: int
    n_gpu_layers: int  # layers actually placed on GPUs (the output layer counts as one)
    devices: dict[str, DevicePlan] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def device(self, name: str) -> DevicePlan:
        return self.devices.setdefault(name, DevicePlan())

    def total(self, part: str) -> int:
        return sum(getattr(d, part) for d in self.devices.values())

    def to_dict(self) -> dict:
        return {"n_ctx": self.n_ctx, "n_gpu_layers": self.n_gpu_layers, "notes": list(self.notes),
                "devices": {name: {"weights": d.weights, "kv_k": d.kv_k, "kv_v": d.kv_v, "compute": d.compute,
                                   "output": d.output, "layers": d.layers, "total": d.total}
                            for name, d in self.devices.items()}}


def kv_bytes(cells: int, values_per_cell: int, type_name: str) -> int:
    """Bytes of one layer's K or V cache: `cells` rows of `values_per_cell` values in `type_name`."""
    return cells * values_per_cell // kv_block_size(type_name) * kv_bytes_per_block(type_name)


@dataclass(frozen=True)
class GpuBackend:
    """What the GPUs' backend cannot run, so that llama.cpp's scheduler runs it on the CPU instead."""

    max_tensor: int | None = None  # the largest tensor an op may touch (Vulkan: maxStorageBufferRange)
    strided_quantized_matmul: bool = True  # Vulkan: False, so KQ over a quantized K cache runs on the CPU
    # RPC devices (another computer's GPU, ggml-rpc): no op offload (the CPU layers' work stays on the CPU),
    # no host buffer (CPU layers stay in the mapped file and the CPU's extra buffers), and the server's
    # graph keeps a micro-batch's K and V rows beside its KQ.
    op_offload: bool = True
    host_buffer: bool = True
    kv_rows_on_device: bool = False

    @classmethod
    def vulkan(cls, max_tensor: int | None) -> GpuBackend:
        return cls(max_tensor, strided_quantized_matmul=False)

    @classmethod
    def rpc(cls) -> GpuBackend:
        """Measured on loopback against two CPU rpc-servers (benchmarks/rpc.py, tests/test_rpc_loopback.py)."""
        return cls(op_offload=False, host_buffer=False, kv_rows_on_device=True)

    @classmethod
    def of(cls, names: list[str], limits: list[int | None]) -> GpuBackend | None:
        """For GPUs with these names and tensor limits: Vulkan's rules (the smallest limit) if one of them is
        a Vulkan device; None (nothing known to be refused) otherwise."""
        remote = any(is_rpc(name) for name in names)
        if not any(is_vulkan(name) for name in names):
            return cls.rpc() if remote else None
        known = [limit for limit in limits if limit]
        vulkan = cls.vulkan(min(known) if known else None)
        return cls.with_remote(vulkan) if remote else vulkan

    @classmethod
    def with_remote(cls, local: GpuBackend | None) -> GpuBackend:
        """RPC devices beside this computer's GPUs (`local`: their backend, None for none): the local
        backend's limits, and nothing offloaded (the RPC devices come first, so the main device is remote)."""
        return cls.rpc() if local is None else dataclasses.replace(local, op_offload=False)

    @classmethod
    def from_samples(cls, gpus: list[dict]) -> GpuBackend | None:
        """From the memory monitor's GPU samples ("Vulkan0: ..." names, `max_tensor`)."""
        return cls.of([str(g.get("name", "")) for g in gpus], [g.get("max_tensor") for g in gpus])


# ggml-cpu's repack.cpp, `ggml_repack_get_optimal_repack_type`: per CPU feature, the weight types it repacks (same
# size) and the row count each needs to be a multiple of. x86: measured (Q4_K repacked on AVX2; Q4_1, Q5_0, Q6_K and
# Q8_0 not); ARM: from the source only.
_REPACK_RULES: tuple[tuple[tuple[str, ...], dict[str, int]], ...] = (
    (("AVX2",), {"Q4_0": 8, "Q4_K": 8, "IQ4_NL": 8, "MXFP4": 8}),
    (("AVX512",), {"Q2_K": 8}),
    (("NEON", "MATMUL_INT8"), {"Q4_0": 4, "Q4_K": 8, "Q5_K": 8, "Q6_K": 8, "Q8_0": 4}),
    (("NEON", "DOTPROD"), {"Q4_0": 4, "Q4_K": 8, "Q5_K": 8, "Q6_K": 8, "Q8_0": 4, "MXFP4": 4}),
    (("NEON",), {"IQ4_NL": 4}),
)
# ggml-cpu's AMX buffer (amx/amx.cpp, mmq.cpp), which llama.cpp tries before CPU_REPACK on builds with AMX_INT8:
# these types in 2-D matrices (no experts) of a multiple of 32 rows, a block of (bytes) growing to (bytes) with
# the sums it adds.
# Measured: 95.34 MiB for SmolLM2 Q4_1 and 213.91 MiB for Gemma 3 Q4_K_M (tied outputs included), as planned.
_AMX_BLOCKS = {"Q4_0": (18, 18), "Q4_1": (20, 20), "Q8_0": (34, 38), "Q4_K": (144, 148), "Q5_K": (176, 180),
               "Q6_K": (210, 210), "IQ4_XS": (136, 138), "F16": (2, 2)}
AMX_ROWS = 32


@dataclass(frozen=True)
class CpuRepack:
    """Which matmul weights ggml's CPU backend copies, rearranged, into an extra buffer (AMX, else CPU_REPACK),
    for layers on the CPU. With mmap the file stays mapped as well, so the copies come on top of it; without
    mmap they replace the plain ones. A tied output's copy of the embeddings is extra either way."""

    row_multiples: tuple[tuple[str, int], ...] = ()  # CPU_REPACK: type -> row multiple
    amx: bool = False

    def packed_bytes(self, type_name: str, rows: int, n_bytes: int, dims: int = 2) -> int | None:
        """The weight's size in an extra buffer; None when it stays a plain weight."""
        if self.amx and dims == 2 and type_name in _AMX_BLOCKS and rows and rows % AMX_ROWS == 0:
            block, packed = _AMX_BLOCKS[type_name]
            return n_bytes // block * packed
        multiple = dict(self.row_multiples).get(type_name)
        return n_bytes if multiple and rows and rows % multiple == 0 else None

    @classmethod
    def from_system_info(cls, info: str, extra_buffers: bool = True, amx_permitted: bool = True) -> CpuRepack:
        """From `llama_print_system_info()` ("AVX2 = 1 | ... | REPACK = 1"): the tests ggml makes (on x86 the
        build's compile flags, which this string reports). `extra_buffers`: whether the engine lets llama.cpp
        use them; `amx_permitted`: whether the kernel lets the process use AMX (ggml asks it too)."""
        features = {name for name, value in re.findall(r"(\w+) = (\w+)", info) if value == "1"}
        if not extra_buffers:
            return cls()
        multiples: dict[str, int] = {}
        for needs, types in _REPACK_RULES if "REPACK" in features else ():
            if features.issuperset(needs):
                for name, multiple in types.items():
                    multiples.setdefault(name, multiple)  # ggml takes the first rule that applies
        return cls(tuple(sorted(multiples.items())), amx=amx_permitted and {"AMX_INT8", "AVX512_VNNI"} <= features)

    @classmethod
    def detect(cls) -> CpuRepack:
        """What this process's llama.cpp does (asked once)."""
        return _detected_repack()


def _amx_permitted() -> bool:
    """ggml_amx_init's own test: on Linux, ask for the AMX tile state (arch_prctl ARCH_REQ_XCOMP_PERM); a refusal
    leaves ggml's AMX buffer out. Windows grants it; elsewhere there is no AMX."""
    if sys.platform == "win32":
        return True
    if sys.platform != "linux" or platform.machine() != "x86_64":
        return False
    sys_arch_prctl, arch_req_xcomp_perm, xfeature_xtiledata = 158, 0x1023, 18
    args = (ctypes.c_long(sys_arch_prctl), ctypes.c_long(arch_req_xcomp_perm), ctypes.c_long(xfeature_xtiledata))
    return ctypes.CDLL(None, use_errno=True).syscall(*args) == 0


@functools.cache
def _detected_repack() -> CpuRepack:
    import llama_cpp

    from ..engine.native import use_extra_buffers

    # use_extra_buffers(): the engine turns them off on AMX builds
    info = llama_cpp.llama_print_system_info().decode("utf-8", "replace")
    return CpuRepack.from_system_info(info, use_extra_buffers(), "AMX_INT8 = 1" in info and _amx_permitted())


def repacked_bytes(shape: ModelShape, cpu: CpuRepack, use_mmap: bool, on_cpu: set[int] | None = None) -> int:
    """What the CPU's extra buffers add to the weights of the layers on the CPU (`on_cpu`, OUTPUT_LAYER
    included; None: every layer and the output, as with no GPUs)."""
    added = 0
    for layer, type_name, rows, n_bytes, dims in shape.matmuls:
        if on_cpu is not None and layer not in on_cpu:
            continue
        packed = cpu.packed_bytes(type_name, rows, n_bytes, dims)
        if packed is not None:
            tied_copy = layer == OUTPUT_LAYER and shape.tied_output
            added += packed if use_mmap or tied_copy else packed - n_bytes
    return added


def layer_devices(n_layers: int, n_gpu_layers: int, n_gpus: int, split_mode: SplitMode, main_gpu: int,
                  shares: list[float]) -> tuple[list[str], str]:
    """Device of each layer and of the output layer, as llama.cpp assigns them."""
    if n_gpus <= 0:
        return [CPU] * n_layers, CPU
    ngl = n_layers + 1 if n_gpu_layers < 0 else min(n_gpu_layers, n_layers + 1)
    start = n_layers + 1 - ngl  # i_gpu_start: the output layer is the first one offloaded
    if split_mode == SplitMode.NONE or n_gpus == 1:
        def pick(_pos: int) -> str:
            return gpu_name(min(main_gpu, n_gpus - 1))
    else:
        weights = (shares + [0.0] * n_gpus)[:n_gpus] if shares and sum(shares) > 0 else [1.0] * n_gpus
        total = sum(weights)
        cumulative, acc = [], 0.0
        for w in weights:
            acc += w / total
            cumulative.append(acc)

        def pick(pos: int) -> str:
            return gpu_name(min(bisect_right(cumulative, pos / ngl), n_gpus - 1))

    layers = [CPU if il < start else pick(il - start) for il in range(n_layers)]
    output = pick(n_layers - start) if ngl >= 1 else CPU
    return layers, output


def plan_memory(shape: ModelShape, config: LoadConfig, n_gpus: int = 0,
                gpu_shares: list[float] | None = None, backend: GpuBackend | None = None,
                cpu_repack: CpuRepack | None = None) -> MemoryPlan:
    """Bytes per device ("CPU", "GPU0", ...) for loading `shape` with `config` on `n_gpus` GPUs.

    `gpu_shares`: how llama.cpp splits layers when `config.tensor_split` is empty (it uses each
    GPU's free memory). `backend`: what the GPUs' backend leaves to the CPU (Vulkan: a KQ matrix over
    its tensor limit, or over a quantized K cache); None: everything runs where its layer is.
    `cpu_repack`: what the CPU backend repacks; None: what this machine's llama.cpp does.
    """
    n_ctx = real_n_ctx(config.n_ctx)
    ubatch = max(1, min(config.n_ubatch, config.n_batch, n_ctx))
    shares = list(config.tensor_split) or list(gpu_shares or [])
    layers, output_dev = layer_devices(shape.n_layers, config.n_gpu_layers, n_gpus, SplitMode(config.split_mode),
                                       config.main_gpu, shares)
    plan = MemoryPlan(n_ctx, sum(d != CPU for d in layers) + (output_dev != CPU))
    cpu = plan.device(CPU)
    cpu.weights += shape.input_bytes
    cpu.output = shape.n_vocab * F32
    for il, dev in enumerate(layers):
        target = plan.device(dev)
        target.weights += shape.layer_bytes[il]
        target.layers += 1
    out = plan.device(output_dev)
    out.weights += shape.output_bytes
    if shape.tied_output and output_dev != CPU:
        out.weights += shape.embd_bytes  # llama.cpp copies the tied embeddings to the output's device
    gpu_backend = backend or GpuBackend()
    if not n_gpus or not gpu_backend.host_buffer:
        # (a build with a GPU's host buffer keeps CPU layers there, tried before the CPU's extra ones)
        on_cpu = None if not n_gpus else {il for il, dev in enumerate(layers) if dev == CPU} | (
            {OUTPUT_LAYER} if output_dev == CPU else set())
        cpu.weights += repacked_bytes(shape, cpu_repack if cpu_repack is not None else CpuRepack.detect(),
                                      config.use_mmap, on_cpu)
        if n_gpus and config.use_mmap and shape.file_order:
            plain = sum(shape.layer_bytes[il] for il, dev in enumerate(layers) if dev == CPU) + shape.input_bytes + (
                shape.output_bytes if output_dev == CPU else 0)
            cpu.weights += mapped_span(shape, layers, output_dev) - plain

    if shape.recurrent:
        plan.notes.append("recurrent model: its state is not a KV cache and is not planned")
    else:
        k_cell = shape.n_head_kv * shape.head_dim_k
        v_cell = shape.n_head_kv * shape.head_dim_v
        for dev in layers:
            home = plan.device(dev if config.offload_kqv else CPU)
            home.kv_k += kv_bytes(n_ctx, k_cell, config.type_k)
            home.kv_v += kv_bytes(n_ctx, v_cell, config.type_v)

    if n_gpus:
        _plan_gpu_build_compute(plan, shape, config, ubatch, output_dev, n_gpus, gpu_backend)
    else:
        _plan_cpu_build_compute(plan, shape, config, ubatch, output_dev)
    return plan


def plan_with_draft(shape: ModelShape, config: LoadConfig, draft: ModelShape | None, n_gpus: int = 0,
                    gpu_shares: list[float] | None = None, backend: GpuBackend | None = None,
                    cpu_repack: CpuRepack | None = None) -> MemoryPlan:
    """`plan_memory` of the model, plus its draft model's (speculative decoding) when the config has one
    and its `draft` shape is known: the draft's weights, its own KV cache of the same window, and its
    compute buffers, on the devices its GPU layers go to."""
    plan = plan_memory(shape, config, n_gpus, gpu_shares, backend, cpu_repack)
    if draft is None or not config.draft_model_path:
        return plan
    extra = plan_memory(draft, config.draft_load_config(), n_gpus, gpu_shares, backend, cpu_repack)
    for name, dev in extra.devices.items():
        into = plan.device(name)
        for part in ("weights", "kv_k", "kv_v", "compute", "output"):
            setattr(into, part, getattr(into, part) + getattr(dev, part))
    total = sum(d.total for d in extra.devices.values())
    plan.notes.append(f"the draft model's {total / 2**20:,.0f} MiB included")
    return plan


def mapped_span(shape: ModelShape, layers: list[str], output_dev: str) -> int:
    """Bytes llama.cpp maps for the CPU with mmap when nothing takes its layers into a host buffer: the
    file from the first to the last tensor kept on the CPU (the tensors between them too: in a GGUF
    sorted by name, blk.10 to blk.19 sit between blk.1 and blk.2)."""
    def on_cpu(layer: int) -> bool:
        if layer == INPUT_LAYER:
            return True
        if layer == OUTPUT_LAYER:
            return output_dev == CPU
        return layers[layer] == CPU

    kept = [i for i, (layer, _n) in enumerate(shape.file_order) if on_cpu(layer)]
    return sum(n for _layer, n in shape.file_order[kept[0]:kept[-1] + 1]) if kept else 0


def _cpu_layer_phase(shape: ModelShape, config: LoadConfig, n_ctx: int, ubatch: int) -> int:
    """A CPU layer's working rows in a CPU-only graph: its attention (an f32 KQ per head) without flash
    attention, else the feed-forward rows."""
    attn_phase = 0 if config.flash_attn else ubatch * F32 * (
        n_ctx * (shape.n_head + 1) + 5 * shape.n_embd + 2 * shape.n_head_kv * shape.head_dim_k)
    return max(attn_phase, ubatch * F32 * 3 * shape.n_embd)


def _plan_cpu_build_compute(plan: MemoryPlan, shape: ModelShape, config: LoadConfig, ubatch: int,
                            output_dev: str) -> None:
    """A llama.cpp without GPU devices: one CPU compute buffer, the larger of its graph's phases."""
    quantized_v = config.type_v not in UNQUANTIZED_KV_TYPES
    logits_phase = ubatch * F32 * (shape.n_vocab + (2 if config.flash_attn and not quantized_v else 3) * shape.n_embd)
    layer_phase = _cpu_layer_phase(shape, config, plan.n_ctx, ubatch)
    for name, dev in plan.devices.items():
        phases = [layer_phase if dev.layers else 0, logits_phase if name == output_dev else 0]
        if name == CPU and not dev.layers and output_dev != CPU:
            phases.append(ubatch * F32 * shape.n_embd)  # the input embeddings are gathered on the CPU
        dev.compute = max(phases)


def _plan_gpu_build_compute(plan: MemoryPlan, shape: ModelShape, config: LoadConfig, ubatch: int,
                            output_dev: str, n_gpus: int, backend: GpuBackend) -> None:
    """A llama.cpp with GPU devices. Fitted to llama.cpp's Vulkan backend on lavapipe (one 9-head model,
    2k-8k context, 0 to all layers, one and two devices): tests/test_gpu_vulkan.py and
    benchmarks/memory_plan.py --device vulkan check it.

    - The CPU's compute buffer (pinned host memory) stages the inputs every device reads: the KQ mask
      (f32; f16 with flash attention) and the token embeddings. The CPU layers' large products, and
      the attention after them, run on the main GPU (llama.cpp's op offload, micro-batches of 32 or
      more), so CPU layers add nothing here.
    - Attention runs on the GPUs, unless the backend refuses its KQ product (over its tensor limit,
      or a quantized K cache on Vulkan) or offload_kqv keeps the cache of offloaded layers in RAM:
      then on the CPU (KQ, mask and working rows).
    - The GPU that computes the logits holds a micro-batch of them; with no layer offloaded that is
      the main GPU, which also receives a copy of the output weights.
    - Pipeline parallelism (several GPUs, every layer offloaded, layer split, KV on the GPUs) keeps
      4 copies of each device's inputs (the mask and the rows handed between devices).
    """
    n_ctx, n_embd = plan.n_ctx, shape.n_embd
    fa = config.flash_attn
    mask = ubatch * n_ctx * (F16 if fa else F32)
    kq = 0 if fa else ubatch * n_ctx * shape.n_head * F32
    kv_rows = 0 if fa else 2 * shape.n_head_kv * shape.head_dim_k
    staging = mask + ubatch * F32 * (2 * n_embd + kv_rows)
    over_limit = bool(backend.max_tensor and kq > backend.max_tensor)
    quantized_k = config.type_k not in UNQUANTIZED_KV_TYPES
    refused = not fa and (over_limit or (quantized_k and not backend.strided_quantized_matmul))
    gpus = [name for name in plan.devices if name != CPU]
    gpu_layers = sum(plan.devices[name].layers for name in gpus)
    cpu_layers = plan.devices[CPU].layers
    # the CPU layers' products (and attention) go to the main GPU (not to an RPC one: it offloads nothing)
    op_offload = ubatch >= OP_OFFLOAD_MIN_BATCH and backend.op_offload
    on_device = config.offload_kqv and not refused  # the offloaded layers' attention stays on their GPU
    host_attention = (gpu_layers and not on_device) or (cpu_layers and (refused or not op_offload))
    ffn_phase = ubatch * F32 * FFN_ROWS * n_embd
    # a layer on a GPU: attention (KQ) or, larger with flash attention, the feed-forward rows
    attn_device = mask + max(kq + ubatch * F32 * (4 * n_embd + (kv_rows if backend.kv_rows_on_device else 0)), ffn_phase)
    attn_host = kq + mask * 3 // 2 + ubatch * F32 * 3 * n_embd // 2
    logits = ubatch * F32 * (shape.n_vocab + 2 * n_embd)
    pipeline = (len(gpus) > 1 and plan.n_gpu_layers > shape.n_layers and config.offload_kqv
                and SplitMode(config.split_mode) == SplitMode.LAYER)
    copy_rows = ubatch * F32 * (3 if fa else 5) * n_embd if pipeline else 0
    copies = PIPELINE_COPIES - 1 if pipeline else 0
    for name in gpus:
        dev = plan.devices[name]
        layer_phase = (attn_device if on_device else mask + ffn_phase) if dev.layers else 0
        if name == output_dev:
            dev.compute = max(layer_phase, logits + (copies + 1) * mask + copy_rows if pipeline else logits)
        else:
            dev.compute = layer_phase + copies * mask + copy_rows
    cpu = plan.device(CPU)
    cpu_layers_here = _cpu_layer_phase(shape, config, n_ctx, ubatch) if cpu_layers and not op_offload else 0
    cpu.compute = max(staging, attn_host if host_attention else 0, cpu_layers_here) + copies * mask + copy_rows
    if pipeline and not on_device:  # each GPU layer's K, V and query rows come to the CPU, in every copy
        k_layer = kv_bytes(n_ctx, shape.n_head_kv * shape.head_dim_k, config.type_k)
        v_layer = kv_bytes(n_ctx, shape.n_head_kv * shape.head_dim_v, config.type_v)
        cpu.compute += PIPELINE_COPIES * gpu_layers * (k_layer + v_layer + ubatch * F32 * n_embd)
    if cpu_layers and op_offload:
        main = plan.device(gpu_name(min(config.main_gpu, n_gpus - 1)))
        output_weights = shape.embd_bytes if shape.tied_output else shape.output_bytes
        main.compute = max(main.compute, logits + output_weights if output_dev == CPU else 0,
                           0 if refused else attn_device)
    if refused and ((gpu_layers and config.offload_kqv) or (cpu_layers and op_offload)):
        why = (f"the KQ matrix ({kq / 2**20:,.0f} MiB) is over the GPU backend's {backend.max_tensor / 2**20:,.0f} MiB "
               "tensor limit" if over_limit else f"the GPU backend cannot multiply by a {config.type_k} K cache")
        plan.notes.append(f"attention runs on the CPU: {why}; flash attention avoids it")
