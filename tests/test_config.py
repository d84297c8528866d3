"""LoadConfig validation: every problem named by field, before llama.cpp sees the config."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from desktop.engine import ConfigError, Engine, LoadConfig, ModelFileError, check_config, read_model_facts, real_n_ctx
from desktop.engine.config import RopeScaling, resolve_rope


def fields(problems, severity="error"):
    return {p.field for p in problems if p.severity == severity}


def test_missing_file_is_named(tmp_path: Path) -> None:
    problems = check_config(LoadConfig(str(tmp_path / "nope.gguf")))
    assert fields(problems) == {"model_path"}
    assert "file not found" in problems[0].message


def test_not_a_gguf_file(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.gguf"
    bogus.write_text("this is not a model")
    with pytest.raises(ModelFileError, match="not a GGUF model file"):
        read_model_facts(str(bogus))
    with pytest.raises(ConfigError) as info:
        Engine.load(LoadConfig(str(bogus)))
    assert "model_path" in str(info.value)


def test_damaged_gguf_is_refused_before_llama_cpp(tmp_path: Path, tiny_llama: str) -> None:
    damaged = tmp_path / "cut.gguf"
    damaged.write_bytes(Path(tiny_llama).read_bytes()[:200])  # header starts, then stops
    with pytest.raises(ModelFileError, match="damaged or unsupported"):
        read_model_facts(str(damaged))


def test_directory_is_not_a_model(tmp_path: Path) -> None:
    assert "not a file" in check_config(LoadConfig(str(tmp_path)))[0].message


def test_quantized_v_needs_flash_attention(tiny_llama: str) -> None:
    problems = check_config(LoadConfig(tiny_llama, type_v="q8_0", flash_attn=False))
    assert fields(problems) == {"type_v"}
    assert "flash attention" in problems[0].message
    assert not fields(check_config(LoadConfig(tiny_llama, type_v="f16", type_k="q8_0")))


def test_flash_attention_block_must_divide_head_size(tiny_llama: str, sample_model: str) -> None:
    # tiny model: head size 16; q8_0 blocks hold 32 values
    problems = check_config(LoadConfig(tiny_llama, type_k="q8_0", type_v="q8_0", flash_attn=True))
    assert fields(problems) == {"type_k", "type_v"}
    assert "head size (16)" in problems[0].message
    # sample model: head size 64, so q8_0 / q4_0 are fine
    assert not fields(check_config(LoadConfig(sample_model, type_k="q4_0", type_v="q8_0", flash_attn=True)))


def test_unknown_cache_type(tiny_llama: str) -> None:
    assert fields(check_config(LoadConfig(tiny_llama, type_k="q3_k"))) == {"type_k"}


@pytest.mark.parametrize("split, expected", [
    ([0.5] * 17, "at most 16"),
    ([1.0, -1.0], "0 or more"),
    ([0.0, 0.0], "above 0"),
    ([float("nan")], "finite"),
])
def test_tensor_split(tiny_llama: str, split: list[float], expected: str) -> None:
    problems = check_config(LoadConfig(tiny_llama, tensor_split=split))
    assert fields(problems) == {"tensor_split"}
    assert expected in problems[0].message


@pytest.mark.parametrize("n_ctx", [0, -5])
def test_n_ctx_must_be_positive(tiny_llama: str, n_ctx: int) -> None:
    assert fields(check_config(LoadConfig(tiny_llama, n_ctx=n_ctx))) == {"n_ctx"}


def test_n_ctx_rounding_is_explained(tiny_llama: str) -> None:
    problems = check_config(LoadConfig(tiny_llama, n_ctx=1000))
    assert not fields(problems)
    warning = [p for p in problems if p.field == "n_ctx"][0]
    assert warning.severity == "warning" and "1024" in warning.message
    assert real_n_ctx(1000) == 1024 and real_n_ctx(1024) == 1024 and real_n_ctx(1) == 256


@pytest.mark.parametrize("name", ["rope_freq_base", "rope_freq_scale", "compress_pos_emb", "ntk_alpha"])
@pytest.mark.parametrize("value", [0.0, -1.0, math.inf])
def test_rope_values_must_be_positive(tiny_llama: str, name: str, value: float) -> None:
    assert fields(check_config(LoadConfig(tiny_llama, **{name: value}))) == {name}


def test_tensor_split_mode_needs_flash_attention(tiny_llama: str) -> None:
    assert fields(check_config(LoadConfig(tiny_llama, split_mode=3))) == {"split_mode"}


def test_batch_sizes(tiny_llama: str) -> None:
    assert fields(check_config(LoadConfig(tiny_llama, n_batch=256, n_ubatch=512))) == {"n_ubatch"}
    assert fields(check_config(LoadConfig(tiny_llama, n_batch=0))) == {"n_batch"}


def test_context_above_trained_length_warns_with_a_scale(sample_model: str) -> None:
    problems = check_config(LoadConfig(sample_model, n_ctx=16384))
    warning = [p for p in problems if p.field == "n_ctx" and "trained context" in p.message][0]
    assert warning.severity == "warning" and "YaRN scaling ×2" in warning.message
    scaled = check_config(LoadConfig(sample_model, n_ctx=16384, compress_pos_emb=2))
    assert not [p for p in scaled if "trained context" in p.message]


def test_rope_conveniences() -> None:
    cfg = LoadConfig("x.gguf", compress_pos_emb=4)
    rope = resolve_rope(cfg, 10000.0, 128)
    assert rope.scaling == RopeScaling.LINEAR and rope.freq_scale == pytest.approx(0.25)
    ntk = resolve_rope(LoadConfig("x.gguf", ntk_alpha=2.0), 10000.0, 64)
    assert ntk.freq_base == pytest.approx(10000 * 2 ** (64 / 62))
    assert resolve_rope(LoadConfig("x.gguf"), 10000.0, 64).freq_base == 0.0  # 0 = from the model


def test_config_round_trips_through_dict(tiny_llama: str) -> None:
    cfg = LoadConfig(tiny_llama, n_ctx=2048, type_k="q8_0", tensor_split=[1.0, 2.0], compress_pos_emb=2.0)
    data = cfg.to_dict()
    data["from_a_future_version"] = 1
    assert LoadConfig.from_dict(data) == cfg
