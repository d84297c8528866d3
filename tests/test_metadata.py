"""Model facts from the GGUF header."""

from __future__ import annotations

import os

from desktop.engine import read_model_facts


def test_sample_model_facts(sample_model: str) -> None:
    f = read_model_facts(sample_model)
    assert f.architecture == "llama"
    assert (f.n_layers, f.n_head, f.n_head_kv) == (30, 9, 3)
    assert (f.head_dim_k, f.head_dim_v, f.rope_dim) == (64, 64, 64)
    assert f.n_ctx_train == 8192
    assert f.rope_freq_base == 100000.0
    assert f.has_chat_template and "<|im_start|>" in f.chat_template
    assert f.file_type == "Q4_1"
    assert f.file_size == os.path.getsize(sample_model)
    assert 130e6 < f.n_params < 140e6
    assert f.sliding_window == 0 and not f.is_recurrent
    assert f.bos_token == "<|im_start|>" and f.eos_token == "<|im_end|>"
    assert "30 layers" in f.summary()
    # per-layer tensors are there for the memory planner
    assert sum(t.name.startswith("blk.0.") for t in f.tensors) == 9


def test_tiny_model_facts(tiny_mrope: str) -> None:
    f = read_model_facts(tiny_mrope)
    assert f.architecture == "qwen2vl" and f.head_dim_k == 16 and not f.has_chat_template
