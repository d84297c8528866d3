"""The per-family matrix of benchmarks/families.py, small (few turns, small windows): each family through a
chat past the window, delete and edit back after shifts, snapshot resume, the API's trimmed replays and the
planner, with the benchmark's targets; and Gemma 3's template on a card-style chat (a greeting first, two user
messages in a row) in the window and on /v1/chat/completions."""

from __future__ import annotations

import json

import pytest
from conftest import load
from family_matrix import Family, Sizes, run_family

from desktop.engine import SamplerSettings
from desktop.worker.api_job import ApiCache, Completion, prompt_pieces, run_completion

# The API replays start from a client chat already longer than the window (12 pairs), then 5 live turns whose
# replies (up to 32 tokens) end on the Kobold client's stop sequence, as a client's replies usually do.
SMALL = Sizes(blocks=4, block=8, delete=8, agree_tokens=32, api_turns=5, api_prefill=12, api_reply=32,
              resume_turns=12, diagnostics=False)
# fixture, n_ctx (Gemma: above its 512 window, so the window matters), tiny vocabulary
FAMILIES = {
    "smollm2": ("sample_model", 512, False),
    "gemma3-base": ("gemma_model", 768, False),
    "gemma3-template": ("gemma_it_model", 768, False),
    "mamba-tiny": ("tiny_mamba", 512, True),
    "qwen2vl-tiny": ("tiny_mrope", 512, True),
}


# A model that shifts without rebuilding (no sliding window): after shifts the kept cells still carry what
# they saw of the dropped text, so step-by-step agreement with a fresh evaluation is below 1 by nature. In
# this short version's 512-cell window the shifted-out share is larger than in the benchmark's 1,024 cells:
# SmolLM2 gives 0.94 here and 0.98 there (the 0.95 target is the benchmark's; with shifting off, 1.0).
SHORT_WINDOW_AGREEMENT = {"smollm2": 0.9}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FAMILIES))
def test_family_meets_the_targets(name: str, request: pytest.FixtureRequest, tmp_path) -> None:
    fixture, n_ctx, tiny = FAMILIES[name]
    fam = Family(name, request.getfixturevalue(fixture), n_ctx, tiny=tiny)
    row = run_family(fam, SMALL, folder=tmp_path)
    summary = json.dumps({k: row.get(k) for k in ("cut_back_top1_agreement", "template", "reprocess_ratio",
                                                   "planner_error_pct", "resume_top1_same", "targets")})
    failed = [k for k, v in row["targets"].items() if v is False]
    if name in SHORT_WINDOW_AGREEMENT and row["cut_back_top1_agreement"] >= SHORT_WINDOW_AGREEMENT[name]:
        failed = [k for k in failed if k != "cut_back_top1_agreement"]
    assert not failed, f"{name} missed {failed}: {summary}\ncut back: {json.dumps(row['cut_back'])}"
    if row["can_shift"]:
        # the ratios were measured on turns with a full window, not vacuously
        assert all(r["turns_full"] >= 3 and r["turns_with_cuts"] >= 1 for r in row["api"].values()), row["api"]
        assert row["targets"]["reprocess_ratio_kobold"] and row["targets"]["reprocess_ratio_openai"]
    else:
        assert row["shifting"] == "unavailable" and row["shift_notice"]
    if row["recurrent"]:
        assert row["planner_error_pct"] is None and "recurrent" in row["planner_null_reason"]
    else:
        assert row["targets"]["planner_error_pct"] is True


CARD_SYSTEM = "You are Seraphina, a kind forest guardian."
CARD = [("assistant", "*Seraphina smiles* Welcome to the glade, traveller."), ("user", "Hello."),
        ("user", "Are you there?")]
PINNED = f"<bos><start_of_turn>user\n{CARD_SYSTEM}\n\n<end_of_turn>\n"
TURNS = ("<start_of_turn>model\n*Seraphina smiles* Welcome to the glade, traveller.<end_of_turn>\n"
         "<start_of_turn>user\nHello.<end_of_turn>\n"
         "<start_of_turn>model\n<end_of_turn>\n"  # the empty turn that keeps the roles alternating
         "<start_of_turn>user\nAre you there?<end_of_turn>\n"
         "<start_of_turn>model\n")


def test_gemma_template_card_chat_in_the_window_and_on_the_api(gemma_it_model: str) -> None:
    with load(gemma_it_model, n_ctx=512, n_threads=1) as engine:
        assert engine.chat_format.notice == "" and engine.chat_format.format.lead == "folded"
        # the window: engine.new_chat
        chat = engine.new_chat(CARD_SYSTEM)
        chat.sync(CARD_SYSTEM, CARD)
        reply = chat.reply(SamplerSettings(max_tokens=8, seed=1, ignore_eos=True))
        reply.run()
        assert reply.stats.stop_reason == "max tokens" and len(reply.tokens) == 8
        prompt = engine.kv.tokens[:len(engine.kv.tokens) - len(reply.tokens)]
        assert engine.model.detokenize(prompt, special=True) == PINNED + TURNS
        engine.kv.check_invariant()
        # /v1/chat/completions: the same messages through prompt_pieces and run_completion
        engine.kv.reset()
        messages = [{"role": "system", "content": CARD_SYSTEM}] + [{"role": r, "content": t} for r, t in CARD]
        job = Completion(kind="chat", sink=lambda *_: None, messages=messages,
                         sampler={"max_tokens": 8, "temperature": 0.0, "ignore_eos": True, "seed": 1})
        pieces = prompt_pieces(engine, job)
        assert engine.model.detokenize(pieces.pinned, special=True) == PINNED
        assert engine.model.detokenize(pieces.tokens, special=True) == PINNED + TURNS
        result = run_completion(engine, job, ApiCache(), lambda _gen: None, lambda _p: None)
        assert result["reason"] == "max tokens" and result["completion_tokens"] == 8
        assert engine.kv.tokens[:len(pieces.tokens)] == pieces.tokens
