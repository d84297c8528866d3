"""Loading the real sample model through llama.cpp with the settings users pick."""

from __future__ import annotations

import re
import threading

import numpy as np
import pytest
from conftest import THREADS, last_logits, load

from desktop.engine import ConfigError, Engine, LoadCancelled, LoadConfig, SamplerSettings

GREEDY = SamplerSettings(temperature=0, max_tokens=8)


@pytest.mark.parametrize("type_k", ["f16", "q8_0", "q4_0"])
def test_loads_and_generates_with_k_cache_types(sample_model: str, type_k: str) -> None:
    with load(sample_model, n_ctx=512, type_k=type_k) as engine:
        kv_line = next(line for line in engine.load_log if "llama_kv_cache: size" in line)
        assert f"K ({type_k})" in kv_line
        reply = engine.new_chat("Be brief.").send("Say hello.", GREEDY)
        assert reply.run().strip()
        assert reply.stats.tokens_generated > 0


def test_quantized_v_with_flash_attention_loads(sample_model: str) -> None:
    with load(sample_model, n_ctx=512, type_k="q8_0", type_v="q8_0", flash_attn=True) as engine:
        kv_line = next(line for line in engine.load_log if "llama_kv_cache: size" in line)
        assert "V (q8_0)" in kv_line
        assert engine.new_chat("").send("Hi", GREEDY).run()


def test_quantized_v_without_flash_attention_is_refused(sample_model: str) -> None:
    with pytest.raises(ConfigError) as info:
        load(sample_model, n_ctx=512, type_v="q4_0", flash_attn=False)
    assert info.value.problems[0].field == "type_v"
    assert "needs flash attention" in str(info.value)


def test_linear_rope_scale_reaches_llama_cpp(sample_model: str) -> None:
    prompt_settings = SamplerSettings(temperature=0, max_tokens=1)
    logits = {}
    for compress in (None, 2.0):
        with load(sample_model, n_ctx=512, compress_pos_emb=compress) as engine:
            scale_lines = [line for line in engine.load_log if re.search(r"llama_context: freq_scale\s*=", line)]
            expected = "0.5" if compress else "1"
            assert scale_lines and scale_lines[-1].split("=")[1].strip() == expected
            engine.new_chat("You are a poet.").send("Write about the sea.", prompt_settings).run()
            logits[compress] = last_logits(engine.native.ptr, engine.model.n_vocab)
    assert not np.allclose(logits[None], logits[2.0])


def test_real_context_size_is_used_for_the_mirror(sample_model: str) -> None:
    with load(sample_model, n_ctx=1000) as engine:
        assert engine.n_ctx == 1024
        chat = engine.new_chat("")
        chat.add_message("user", "word " * 1005)
        reply = chat.reply(SamplerSettings(temperature=0, max_tokens=4))
        reply.run()
        assert len(engine.kv.tokens) > 1000
        assert reply.stats.tokens_discarded == 0
        engine.kv.check_invariant()


def test_load_reports_progress(sample_model: str) -> None:
    seen: list[float] = []
    engine = Engine.load(LoadConfig(sample_model, n_ctx=256, n_threads=THREADS), progress=lambda p: seen.append(p) or True)
    engine.close()
    assert seen and seen[-1] == pytest.approx(1.0)
    assert seen == sorted(seen)


def test_load_can_be_cancelled(sample_model: str) -> None:
    cancel = threading.Event()

    def progress(value: float) -> bool:
        if value > 0.1:
            cancel.set()
        return True

    with pytest.raises(LoadCancelled):
        Engine.load(LoadConfig(sample_model, n_ctx=256, n_threads=THREADS, use_mmap=False), progress, cancel)
    # the process is fine and loads again
    with load(sample_model, n_ctx=256) as engine:
        assert engine.n_ctx == 256
