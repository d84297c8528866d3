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

    @classmethod
    def from_facts(cls, facts: ModelFacts) -> ModelShape:
        layers = [0] * facts.n_layers
        input_bytes = output_bytes = embd_bytes = embd_elements = 0
        has_output = False
        for t in facts.tensors:
            m = _LAYER.match(t.name)
            if m and int(m.group(1)) < facts.n_layers:
                layers[int(m.group(1))] += t.n_bytes
            elif t.name.startswith("output"):
                output_bytes += t.n_bytes
                has_output = has_output or t.name == "output.weight"
            else:
                input_bytes += t.n_bytes
                if t.name == "token_embd.weight":
                    embd_bytes, embd_elements = t.n_bytes, t.n_elements
        n_vocab = embd_elements // facts.n_embd if facts.n_embd else 0
        return cls(facts.n_layers, facts.n_embd, facts.n_head, facts.n_head_kv, facts.head_dim_k, facts.head_dim_v,
                   n_vocab, tuple(layers), input_bytes, output_bytes, not has_output, embd_bytes,
                   facts.is_recurrent, facts.sliding_window)

    @property
    def weight_bytes(self) -> int:
        return sum(self.layer_bytes) + self.input_bytes + self.output_bytes

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelShape:
        data = dict(data)
        data["layer_bytes"] = tuple(data["layer_bytes"])
        return cls(**data)
