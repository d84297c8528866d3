"""Load settings: every knob a user can set before a model is loaded.

`LoadConfig` is plain data (it is stored per model and sent between threads). The helpers here
turn the user's conveniences (SuperHOT `compress_pos_emb`, NTK `alpha`) into what llama.cpp takes.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from gguf import GGML_QUANT_SIZES, GGMLQuantizationType


class SplitMode(IntEnum):
    """How the model is spread over several GPUs (llama.cpp `llama_split_mode`)."""

    NONE = 0
    LAYER = 1
    ROW = 2
    TENSOR = 3  # needs flash attention


class RopeScaling(IntEnum):
    """llama.cpp `llama_rope_scaling_type`."""

    MODEL_DEFAULT = -1
    NONE = 0
    LINEAR = 1
    YARN = 2
    LONGROPE = 3


# Cache types a user may pick, by the name users know, mapped to ggml type ids.
KV_CACHE_TYPES: dict[str, GGMLQuantizationType] = {
    "f16": GGMLQuantizationType.F16,
    "bf16": GGMLQuantizationType.BF16,
    "f32": GGMLQuantizationType.F32,
    "q8_0": GGMLQuantizationType.Q8_0,
    "q5_1": GGMLQuantizationType.Q5_1,
    "q5_0": GGMLQuantizationType.Q5_0,
    "q4_1": GGMLQuantizationType.Q4_1,
    "q4_0": GGMLQuantizationType.Q4_0,
    "iq4_nl": GGMLQuantizationType.IQ4_NL,
}

UNQUANTIZED_KV_TYPES = frozenset({"f16", "bf16", "f32"})


def kv_block_size(type_name: str) -> int:
    """Values per quantization block (1 for float types)."""
    return GGML_QUANT_SIZES[KV_CACHE_TYPES[type_name]][0]


def kv_bytes_per_block(type_name: str) -> int:
    """Bytes one block of this cache type occupies (q8_0: 34 bytes per 32 values)."""
    return GGML_QUANT_SIZES[KV_CACHE_TYPES[type_name]][1]


def default_threads() -> int:
    """Physical-core-ish default: all logical CPUs but one on larger machines."""
    count = os.cpu_count() or 1
    return count if count <= 4 else count - 1


@dataclass
class LoadConfig:
    """Everything that decides how a model is loaded and how its context is built.

    `None` for a RoPE number means "take it from the model file".
    """

    model_path: str
    n_ctx: int = 4096
    n_batch: int = 512
    n_ubatch: int = 512
    n_threads: int = field(default_factory=default_threads)
    n_threads_batch: int | None = None  # None: same as n_threads

    # GPU placement
    n_gpu_layers: int = 0  # -1 = all layers
    split_mode: SplitMode = SplitMode.LAYER
    main_gpu: int = 0
    tensor_split: list[float] = field(default_factory=list)  # proportions per GPU; empty = auto
    offload_kqv: bool = True
    # Other computers' GPUs: llama.cpp rpc-servers ("host:port"). Their devices come before this
    # computer's GPUs in tensor_split, in this order.
    rpc_servers: list[str] = field(default_factory=list)

    # KV cache
    type_k: str = "f16"
    type_v: str = "f16"
    flash_attn: bool = False

    # RoPE
    rope_scaling: RopeScaling = RopeScaling.MODEL_DEFAULT
    rope_freq_base: float | None = None
    rope_freq_scale: float | None = None
    compress_pos_emb: float | None = None  # SuperHOT: linear scaling, freq_scale = 1 / c
    ntk_alpha: float | None = None  # NTK-aware: freq_base = base * alpha ** (d / (d - 2))
    yarn_ext_factor: float | None = None
    yarn_attn_factor: float | None = None
    yarn_beta_fast: float | None = None
    yarn_beta_slow: float | None = None
    yarn_orig_ctx: int | None = None

    seed: int = -1  # -1 = a new random seed for every reply
    use_mmap: bool = True
    use_mlock: bool = False
    context_shift: bool = True

    # Speculative decoding with a second, smaller model of the same vocabulary ("": none)
    draft_model_path: str = ""
    draft_max: int = 8  # tokens it guesses at a time
    draft_gpu_layers: int = -1  # -1 = all (a draft is small: it is worth its VRAM first)

    def replace(self, **changes: Any) -> LoadConfig:
        return dataclasses.replace(self, **changes)

    def draft_load_config(self, n_ctx: int | None = None) -> LoadConfig:
        """How the draft model loads: the main model's window (it holds the same tokens), cache types and
        threads; its own GPU layers, all on this computer."""
        return self.replace(model_path=self.draft_model_path, n_ctx=n_ctx or self.n_ctx,
                            n_gpu_layers=self.draft_gpu_layers, tensor_split=[], rpc_servers=[], draft_model_path="")

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["split_mode"] = int(self.split_mode)
        data["rope_scaling"] = int(self.rope_scaling)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoadConfig:
        """Build from stored settings, ignoring keys this version does not know."""
        names = {f.name for f in dataclasses.fields(cls)}
        known = {k: v for k, v in data.items() if k in names}
        if "split_mode" in known:
            known["split_mode"] = SplitMode(int(known["split_mode"]))
        if "rope_scaling" in known:
            known["rope_scaling"] = RopeScaling(int(known["rope_scaling"]))
        if "rpc_servers" in known:
            known["rpc_servers"] = [str(e) for e in known["rpc_servers"] or []]
        return cls(**known)


@dataclass(frozen=True)
class ResolvedRope:
    """The RoPE values that are handed to llama.cpp (0 = from the model)."""

    scaling: RopeScaling
    freq_base: float
    freq_scale: float


def ntk_freq_base(model_base: float, alpha: float, rope_dim: int) -> float:
    """NTK-aware scaling: base * alpha ** (d / (d - 2)), d the RoPE dimension."""
    return model_base * alpha ** (rope_dim / (rope_dim - 2))


def resolve_rope(config: LoadConfig, model_freq_base: float, rope_dim: int) -> ResolvedRope:
    """Apply the conveniences: compress_pos_emb wins over freq_scale, ntk_alpha over freq_base."""
    scaling = config.rope_scaling
    freq_scale = config.rope_freq_scale or 0.0
    freq_base = config.rope_freq_base or 0.0
    if config.compress_pos_emb is not None:
        scaling = RopeScaling.LINEAR
        freq_scale = 1.0 / config.compress_pos_emb
    if config.ntk_alpha is not None and config.ntk_alpha != 1.0:
        freq_base = ntk_freq_base(model_freq_base, config.ntk_alpha, rope_dim)
    return ResolvedRope(scaling=scaling, freq_base=freq_base, freq_scale=freq_scale)
