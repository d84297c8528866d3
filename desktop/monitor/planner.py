"""Predict what llama.cpp will allocate for a model and a LoadConfig, per device, before loading.

Weights come from the GGUF's tensor sizes, placed the way llama.cpp places layers
(`n_gpu_layers` counts the output layer first, then repeating layers from the last one back: with N
the first of them on the GPU is `n_layers + 1 - N`, as llama_model::load_tensors computes
`i_gpu_start`; the token embeddings stay on the CPU). Checked against llama.cpp's Vulkan backend on
lavapipe (tests/test_gpu_vulkan.py): "offloading 14 repeating layers", "offloaded 15/31 layers" for N = 15. The KV cache is
exact: cells x KV heads x head size, in the cache type's blocks (q8_0: 34 bytes per 32 values).
The compute buffer follows llama.cpp's graph allocator for llama-style graphs: the larger of the
output phase (logits for a whole micro-batch) and, without flash attention, the attention phase
(an f32 KQ matrix per head); it was fitted and checked against llama.cpp's own log on the CPU.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ..engine.config import LoadConfig, SplitMode, kv_block_size, kv_bytes_per_block
from ..engine.validation import real_n_ctx
from .shape import ModelShape

CPU = "CPU"
F32 = 4


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
                gpu_shares: list[float] | None = None) -> MemoryPlan:
    """Bytes per device ("CPU", "GPU0", ...) for loading `shape` with `config` on `n_gpus` GPUs.

    `gpu_shares`: how llama.cpp splits layers when `config.tensor_split` is empty (it uses each
    GPU's free memory).
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

    if shape.recurrent:
        plan.notes.append("recurrent model: its state is not a KV cache and is not planned")
    else:
        k_cell = shape.n_head_kv * shape.head_dim_k
        v_cell = shape.n_head_kv * shape.head_dim_v
        for dev in layers:
            home = plan.device(dev if config.offload_kqv else CPU)
            home.kv_k += kv_bytes(n_ctx, k_cell, config.type_k)
            home.kv_v += kv_bytes(n_ctx, v_cell, config.type_v)

    quantized_v = config.type_v not in ("f16", "bf16", "f32")
    logits_phase = ubatch * F32 * (shape.n_vocab + (2 if config.flash_attn and not quantized_v else 3) * shape.n_embd)
    attn_phase = 0 if config.flash_attn else ubatch * F32 * (
        n_ctx * (shape.n_head + 1) + 5 * shape.n_embd + 2 * shape.n_head_kv * shape.head_dim_k)
    layer_phase = max(attn_phase, ubatch * F32 * 3 * shape.n_embd)
    for name, dev in plan.devices.items():
        phases = [layer_phase if dev.layers else 0, logits_phase if name == output_dev else 0]
        if name == CPU and not dev.layers and output_dev != CPU:
            phases.append(ubatch * F32 * shape.n_embd)  # the input embeddings are gathered on the CPU
        dev.compute = max(phases)
    if n_gpus:
        plan.notes.append("GPU compute buffers are estimates (checked against llama.cpp on the CPU only)")
    return plan
