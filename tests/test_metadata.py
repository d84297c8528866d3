"""Model facts from the GGUF header."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from gguf import GGUFWriter

from desktop.engine import read_model_facts
from desktop.engine.metadata import ModelFacts


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
    assert (f.swa_pattern, f.rope_freq_base_swa, f.swa_layers) == (0, 0.0, 0)
    assert f.bos_token == "<|im_start|>" and f.eos_token == "<|im_end|>"
    assert "30 layers" in f.summary()
    # per-layer tensors are there for the memory planner
    assert sum(t.name.startswith("blk.0.") for t in f.tensors) == 9


def test_tiny_model_facts(tiny_mrope: str) -> None:
    f = read_model_facts(tiny_mrope)
    assert f.architecture == "qwen2vl" and f.head_dim_k == 16 and not f.has_chat_template


def test_gemma3_facts(gemma_model: str) -> None:
    """No rope.dimension_count key: llama.cpp rotates attention.key_length dimensions (256), not n_embd / n_head
    (160). Gemma 3 has no SWA keys but its window: llama.cpp's defaults, 5 of 6 layers at RoPE base 10,000."""
    f = read_model_facts(gemma_model)
    assert f.architecture == "gemma3" and f.n_embd // f.n_head == 160
    assert (f.head_dim_k, f.rope_dim) == (256, 256)
    assert f.rope_freq_base == 1_000_000.0 and f.sliding_window == 512
    assert (f.swa_pattern, f.rope_freq_base_swa, f.swa_layers, f.n_layers) == (6, 10000.0, 15, 18)


def _header(path: Path, arch: str, values: dict[str, Any]) -> str:
    """A GGUF with only a header: these keys (under the architecture's prefix) and a 4-layer model's shape."""
    w = GGUFWriter(str(path), arch)
    w.add_block_count(4)
    w.add_embedding_length(64)
    w.add_head_count(4)
    for name, value in values.items():
        if isinstance(value, list):
            w.add_array(f"{arch}.{name}", value)
        elif isinstance(value, float):
            w.add_float32(f"{arch}.{name}", value)
        else:
            w.add_uint32(f"{arch}.{name}", value)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return str(path)


def test_rope_dimension_and_sliding_window_keys(tmp_path: Path) -> None:
    def facts(arch: str, **values: Any) -> ModelFacts:
        return read_model_facts(_header(tmp_path / f"{arch}-{len(list(tmp_path.iterdir()))}.gguf", arch, values))

    assert facts("llama").rope_dim == 16  # no key_length either: n_embd / n_head
    assert facts("llama", **{"attention.key_length": 32}).rope_dim == 32
    assert facts("llama", **{"attention.key_length": 32, "rope.dimension_count": 8}).rope_dim == 8
    plain = facts("llama", **{"attention.sliding_window": 4096})  # llama.cpp reads no window for llama
    assert (plain.swa_pattern, plain.rope_freq_base_swa, plain.swa_layers) == (0, 0.0, 0)
    assert facts("gemma3").swa_pattern == 0  # Gemma 3 without a window: no SWA
    gemma2 = facts("gemma2", **{"rope.freq_base": 20000.0})  # window 4096 and pattern 2 by default
    assert (gemma2.sliding_window, gemma2.swa_pattern, gemma2.rope_freq_base_swa, gemma2.swa_layers) == \
        (4096, 2, 20000.0, 2)
    own = facts("cohere2", **{"attention.sliding_window": 1024, "attention.sliding_window_pattern": 2,
                              "rope.freq_base_swa": 5000.0})
    assert (own.swa_pattern, own.rope_freq_base_swa) == (2, 5000.0)
    per_layer = facts("gemma3", **{"attention.sliding_window": 512,
                                   "attention.sliding_window_pattern": [True, True, True, False]})
    assert (per_layer.swa_pattern, per_layer.swa_layers, per_layer.rope_freq_base_swa) == (4, 3, 10000.0)
    every = facts("gemma3", **{"attention.sliding_window": 512, "attention.sliding_window_pattern": [True] * 4})
    assert every.swa_layers == 4


def test_settings_panel_shows_the_sliding_window(qtbot, gemma_model: str, sample_model: str) -> None:
    from dataclasses import asdict

    from desktop.ui.settings.panel import SettingsPanel

    panel = SettingsPanel()
    qtbot.addWidget(panel)
    for path in (gemma_model, sample_model):
        facts = {k: v for k, v in asdict(read_model_facts(path)).items() if k != "tensors"}  # as the worker sends
        panel.set_model(facts, {"model_path": path}, {})
        text = panel.facts_label.text()
        if path == gemma_model:
            assert "Sliding window: 512 tokens on 15 of 18 layers, SWA RoPE base 10,000" in text
            assert "dimension 256" in text
        else:
            assert "Sliding window" not in text and "SWA" not in text and "dimension 64" in text
