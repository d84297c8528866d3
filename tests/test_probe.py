"""The long-context probe on the real sample model: needle gains, perplexities, shifting, cancel,
what it refuses, the advice from GGUF facts, and the verdict."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from conftest import load

from desktop.engine import SamplerSettings
from desktop.engine.config import RopeScaling
from desktop.engine.probe import (
    ProbeCancelled,
    ProbeError,
    ProbeResult,
    ProbeSetting,
    build_text,
    filler_sentences,
    run_probe,
)
from desktop.engine.probe_pace import MIN_BATCH, DecodePace, next_batch, reads_left
from desktop.engine.rope_advice import candidate_settings, recommended
from desktop.worker.probe_job import verdict


@pytest.fixture(scope="module")
def engine(sample_model: str):
    e = load(sample_model, n_ctx=1024)
    yield e
    e.close()


def test_planted_facts_are_recalled_and_an_unneeded_linear_scale_breaks_it(engine) -> None:
    chat = engine.new_chat("You are a keeper.")
    list(chat.send("Hello.", SamplerSettings(max_tokens=2)))
    cache_before, pos_before = list(engine.kv.tokens), engine.native.pos_max()
    progress: list[tuple[int, int]] = []
    plain = run_probe(engine.model, engine.facts, engine.config, ProbeSetting("as set"), 960,
                      progress=lambda d, t: progress.append((d, t)))
    assert plain.tokens == 960 and len(plain.needle_gain_nats) == 5
    assert all(g > 3 for g in plain.needle_gain_nats[2:]), plain.needle_gain_nats  # the newer facts: strongly
    assert plain.mean_gain > 5
    assert plain.ppl_last_chunk < plain.ppl_short_window  # the long context helps predict the end
    assert [d for d, _ in progress] == sorted(d for d, _ in progress) and progress[-1][0] <= progress[-1][1]
    linear = run_probe(engine.model, engine.facts, engine.config, ProbeSetting("linear 2", {"compress_pos_emb": 2.0}), 960)
    assert linear.mean_gain < 0.5 * plain.mean_gain  # within the trained length, scaling only hurts
    assert linear.ppl_last_chunk > 2 * plain.ppl_last_chunk
    # the chat's own context was never touched
    assert engine.kv.tokens == cache_before and engine.native.pos_max() == pos_before


def test_a_shifted_window_reads_like_a_fresh_one(engine) -> None:
    result = run_probe(engine.model, engine.facts, engine.config, ProbeSetting("as set"), 0, shift=True)
    assert result.tokens > engine.config.n_ctx and result.tokens_shifted > 0
    assert result.depths and all(d >= 0.5 for d in result.depths)  # the needles that stayed in the window
    assert result.fresh_gain_nats is not None and len(result.fresh_gain_nats) == len(result.needle_gain_nats)
    fresh = sum(result.fresh_gain_nats) / len(result.fresh_gain_nats)
    assert result.mean_gain >= 0.9 * fresh and fresh > 3


def test_cancel_and_refusals(engine, tiny_mrope: str) -> None:
    calls = [0]

    def cancel_soon() -> bool:
        calls[0] += 1
        return calls[0] > 3

    with pytest.raises(ProbeCancelled):
        run_probe(engine.model, engine.facts, engine.config, ProbeSetting("as set"), 960, cancelled=cancel_soon)
    mrope = load(tiny_mrope, n_ctx=256)
    try:  # shifting a memory that cannot shift would abort the process: refused before llama.cpp sees it
        with pytest.raises(ProbeError, match="cannot shift"):
            run_probe(mrope.model, mrope.facts, mrope.config, ProbeSetting("as set"), 0, shift=True)
    finally:
        mrope.close()


def test_a_cancel_is_answered_in_the_middle_of_a_decode(engine) -> None:
    """The probe once decoded n_batch (512) tokens at a time: near the end of a 4,096-token window one
    decode took 2.5-4 s on 2 cores, and a cancel waited for it (the app stops an engine that has not
    answered a cancel within 2 s). Now llama.cpp's abort callback stops a decode in its middle, so on
    the CPU the decodes stay whole n_batch ones (the fastest)."""
    base = replace(engine.config, n_ctx=4096)
    cancel = threading.Event()
    asked: list[float] = []
    sizes: list[int] = []

    def timing(first: int, count: int, _seconds: float) -> None:
        sizes.append(count)
        if first >= 2000 and not asked:  # deep in the window: ask from another thread, mid-decode
            def ask() -> None:
                asked.append(time.perf_counter())
                cancel.set()

            threading.Timer(0.05, ask).start()
            asked.append(0.0)  # (armed)

    with pytest.raises(ProbeCancelled):
        run_probe(engine.model, engine.facts, base, ProbeSetting("as set"), 4096, cancelled=cancel.is_set,
                  timing=timing)
    answered = time.perf_counter()
    assert len(asked) == 2, "the cancel was never asked"
    assert answered - asked[1] < 0.5, f"the cancel took {answered - asked[1]:.2f} s"
    assert engine.native.n_batch in sizes  # the abort callback was asked: no need for smaller decodes


def test_decode_sizes_follow_the_time_per_token() -> None:
    assert next_batch(32, 32, 0.05, 512) == 64  # fast: it grows, at most twofold per step
    assert next_batch(256, 256, 2.0, 512) == 128  # 2 s for 256 tokens: about 1 s is 128
    assert next_batch(64, 64, 30.0, 512) == MIN_BATCH  # never below the minimum
    assert next_batch(512, 512, 0.01, 512) == 512  # nor beyond n_batch


def test_the_time_left_follows_the_cost_rising_along_the_window() -> None:
    """On a machine where a token at position p takes 1 ms + 1 µs * p: the fit predicts the rest of a
    read from its first half within 2 %, where a plain tokens-per-second rate says half the time."""
    def cost(first: int, count: int) -> float:
        return sum(0.001 + 1e-6 * p for p in range(first, first + count))

    pace = DecodePace()
    assert pace.seconds_for([(0, 100)]) is None
    pace.measured(0, 100, cost(0, 100))
    assert pace.seconds_for([(0, 100)]) == pytest.approx(cost(0, 100))  # one decode: its rate
    for first in range(100, 2000, 100):
        pace.measured(first, 100, cost(first, 100))
    truth = cost(2000, 2000)
    assert pace.seconds_for([(2000, 2000)]) == pytest.approx(truth, rel=0.02)
    plain_rate = cost(0, 2000)  # (2,000 more tokens at the first 2,000's rate)
    assert plain_rate < 0.6 * truth
    assert reads_left([1000, 513], 0) == [(0, 1000), (0, 513)]
    assert reads_left([1000, 513], 1200) == [(200, 313)]
    assert reads_left([1000, 513], 1513) == []


def test_the_text_plants_each_fact_once_at_its_depth(engine) -> None:
    tokens, planted = build_text(engine.model, 2000, (0.75, 0.25))
    assert len(tokens) == 2000 and (tokens[0] == engine.model.bos) == engine.model.add_bos
    # in depth order, each at the first sentence boundary at or after its depth
    assert 500 <= planted[0][1] < 540 and 1500 <= planted[1][1] < 1540
    text = engine.model.detokenize(tokens)
    for needle, _ in planted:
        assert text.count(needle.fact) == 1
    first = next(filler_sentences(3))
    assert first == next(filler_sentences(3)) and first.endswith(".")
    own, _ = build_text(engine.model, 300, (0.5,), filler="Ships.\nGulls over the pier.")
    assert "Gulls over the pier." in engine.model.detokenize(own)


def test_advice_from_the_gguf_facts(engine) -> None:
    facts = engine.facts  # 8,192 trained, no scaling keys
    beyond = candidate_settings(facts, 16384)
    assert beyond[0].label.startswith("YaRN") and beyond[0].overrides == {
        "rope_scaling": RopeScaling.YARN, "rope_freq_scale": 0.5, "yarn_orig_ctx": 8192}
    assert [s.label.split()[0] for s in beyond] == ["YaRN", "NTK", "linear", "no"]
    assert recommended(facts, 4096).overrides == {}
    shipped = replace(facts, rope_scaling_type="linear", rope_scaling_factor=4.0, rope_orig_ctx=2048)
    assert recommended(shipped, 8192).label == "the model's own linear ×4" and recommended(shipped, 8192).overrides == {}


def test_verdicts() -> None:
    def result(gains: list[float], ppl: float = 5.0) -> ProbeResult:
        return ProbeResult("x", 1024, 1000, [0.1, 0.5, 0.9][:len(gains)], gains, ppl, 6.0, 1.0)

    assert verdict(result([6.0, 9.0, 12.0])) == {"kind": "reads", "weak_beyond": 0}
    assert verdict(result([0.5, 9.0, 12.0])) == {"kind": "weak", "weak_beyond": 900}
    assert verdict(result([0.1, 0.2, 0.3]))["kind"] == "broken"
    assert verdict(result([2.0, 2.5, 2.9]))["kind"] == "broken"  # some gain, but not one fact read
    assert verdict(result([6.0, 9.0, 12.0], ppl=50.0))["kind"] == "broken"


def test_the_fidelity_benchmark_measures_unscaled_at_any_trained_length(sample_model: str, monkeypatch, capsys) -> None:
    """`benchmarks/fidelity.py --train N` below the file's trained length (8,192) once offered no "no scaling"
    row at 2N (candidate_settings saw 2N within the file's training) and died with StopIteration. Its rows
    here come from a stand-in probe; the real one is slow."""
    import json
    import sys
    from pathlib import Path

    import desktop.engine.probe as probe_module

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import fidelity

    def fake_probe(model, facts, base, setting, length, progress=None, shift=False, **_kw) -> ProbeResult:
        gain = 0.5 if setting.overrides.get("rope_scaling") == RopeScaling.NONE and length > 512 else 6.0
        return ProbeResult(setting.label, length, length, [0.5], [gain], 5.0, 6.0, 0.0,
                           fresh_gain_nats=[6.0] if shift else None, overrides=dict(setting.overrides))

    monkeypatch.setattr(probe_module, "run_probe", fake_probe)
    for train in (512, 8192):
        monkeypatch.setattr(sys, "argv", ["fidelity.py", "--model", sample_model, "--train", str(train), "--json"])
        assert fidelity.main() == 0
        out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert out["trained_length"] == train and out["retention_unscaled_2x"] is not None
        at_double = {r["setting"]: r for r in out["rows"] if r["n_ctx"] == 2 * train}
        assert "no scaling" in at_double  # the unscaled row is always measured
        assert at_double["YaRN ×2"]["overrides"]["yarn_orig_ctx"] == train  # scaled from --train, not the file's
