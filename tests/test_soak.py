"""A short soak (the benchmark runs 1,000 turns): the real controller and engine process through a
seeded mix of every chat action, checked after each turn (see benchmarks/soak.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from soak import run_soak  # noqa: E402


def test_short_soak_keeps_every_invariant(sample_model: str) -> None:
    # 768 cells: 70 turns overflow the window often enough to exercise shifting whatever the replies are
    # (at 1,024, a restore that now keeps the last reply cached changed the replies, and only 4 shifts came)
    result = run_soak(sample_model, turns=70, n_ctx=768, seed=3)
    assert result["invariant_failures"] == 0, result["first_failures"]
    assert result["errors"] == 0, result["first_errors"]
    assert result["tokens_reprocessed_by_shifts"] == 0
    assert result["shifts"] >= 5 and result["snapshot_restores"] >= 1
