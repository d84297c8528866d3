"""The part of a GGUF that decides memory: per-layer tensor bytes and the attention geometry.

Plain data (sent between threads and stored with a model's info), built from `ModelFacts`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from ..engine.metadata import ModelFacts

_LAYER = re.compile(r"^blk\.(\d+)\.")
OUTPUT_LAYER = -1  # a matmul weight's layer index when it is the output projection
INPUT_LAYER = -2  # the token embeddings and other input tensors (in `file_order`)
# Quantized matrices that llama.cpp reads with get_rows, not multiplies: a CPU backend never repacks them.
_LOOKUP_TABLES = frozenset({"token_embd.weight", "per_layer_token_embd.weight", "token_types.weight",
                            "pos_embd.weight"})


@dataclass(frozen=True)
class ModelShape:
    n_layers: int
    n_embd: int
    n_head: int
    n_head_kv: int
    head_dim_k: int
    head_dim_v: int
    n_vocab: int
    layer_bytes: tuple[int, ...]  # weights of each repeating layer
    input_bytes: int  # token embeddings and other non-layer input tensors (llama.cpp keeps them on the CPU)
    output_bytes: int  # output norm + output projection (or 0 extra when tied to the embeddings)
    tied_output: bool  # no output.weight: llama.cpp reuses token_embd (copied when the output is offloaded)
    embd_bytes: int
    recurrent: bool
    sliding_window: int
    # (layer or OUTPUT_LAYER, type, rows, bytes, dimensions) of each weight llama.cpp multiplies by (2-D, or 3-D
    # experts): what ggml's CPU backend may repack into an extra buffer; a tied output is token_embd's copy
    matmuls: tuple[tuple[int, str, int, int, int], ...] = ()
    # (layer, OUTPUT_LAYER or INPUT_LAYER; bytes) of every tensor in the file's order: with mmap, llama.cpp maps
    # the span from the first to the last tensor a device keeps in plain host memory (see planner.mapped_span)
    file_order: tuple[tuple[int, int], ...] = ()

    @classmethod
    def from_facts(cls, facts: ModelFacts) -> ModelShape:
        layers = [0] * facts.n_layers
        input_bytes = output_bytes = embd_bytes = embd_elements = 0
        has_output = False
        matmuls: list[tuple[int, str, int, int, int]] = []
        embd: tuple[int, str, int, int, int] | None = None
        order: list[tuple[int, int]] = []
        for t in facts.tensors:
            m = _LAYER.match(t.name)
            in_layer = bool(m) and int(m.group(1)) < facts.n_layers
            order.append((int(m.group(1)) if m and in_layer else OUTPUT_LAYER if t.name.startswith("output")
                          else INPUT_LAYER, t.n_bytes))
            multiplied = len(t.shape) in (2, 3) and t.name not in _LOOKUP_TABLES
            if m and int(m.group(1)) < facts.n_layers:
                layers[int(m.group(1))] += t.n_bytes
                if multiplied:
                    matmuls.append((int(m.group(1)), t.type_name, t.shape[1], t.n_bytes, len(t.shape)))
            elif t.name.startswith("output"):
                output_bytes += t.n_bytes
                has_output = has_output or t.name == "output.weight"
                if multiplied:
                    matmuls.append((OUTPUT_LAYER, t.type_name, t.shape[1], t.n_bytes, len(t.shape)))
            else:
                input_bytes += t.n_bytes
                if t.name == "token_embd.weight":
                    embd_bytes, embd_elements = t.n_bytes, t.n_elements
                    embd = (OUTPUT_LAYER, t.type_name, t.shape[1] if len(t.shape) > 1 else 0, t.n_bytes, 2)
        if not has_output and embd:
            matmuls.append(embd)
        n_vocab = embd_elements // facts.n_embd if facts.n_embd else 0
        return cls(facts.n_layers, facts.n_embd, facts.n_head, facts.n_head_kv, facts.head_dim_k, facts.head_dim_v,
                   n_vocab, tuple(layers), input_bytes, output_bytes, not has_output, embd_bytes,
                   facts.is_recurrent, facts.sliding_window, tuple(matmuls), tuple(order))

    @property
    def weight_bytes(self) -> int:
        return sum(self.layer_bytes) + self.input_bytes + self.output_bytes

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelShape:
        data = dict(data)
        data["layer_bytes"] = tuple(data["layer_bytes"])
        data["matmuls"] = tuple(tuple(m) for m in data.get("matmuls", ()))
        data["file_order"] = tuple(tuple(t) for t in data.get("file_order", ()))
        return cls(**data)
