"""Long-context fidelity: needle recall and last-chunk perplexity per RoPE setting (the probe).

Rows: the trained length unscaled; twice the trained length with the recommended setting, NTK,
linear and unscaled; and a window read with context shifting against the same window read fresh.
Each row: setting, n_ctx, tokens, needle_gain_nats per depth, ppl_last_chunk, seconds. Retentions
are mean needle gains divided by the in-range fresh row's: `retention_recommended_2x` (target >= 0.5
and above `retention_unscaled_2x`) and `retention_shifted` (target >= 0.9). Prints JSON.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from common import parser

if TYPE_CHECKING:
    from desktop.engine.metadata import ModelFacts
    from desktop.engine.probe import ProbeSetting


def settings_beyond(facts: ModelFacts, n_ctx: int) -> list[ProbeSetting]:
    """The settings compared at `n_ctx`: the advice's candidates, and unscaled whatever the advice offers."""
    from desktop.engine.rope_advice import UNSCALED, candidate_settings

    settings = candidate_settings(facts, n_ctx)
    return settings if any(s.overrides == UNSCALED.overrides for s in settings) else [*settings, UNSCALED]


def main() -> int:
    p = parser(__doc__, rounds=1)
    p.add_argument("--train", type=int, default=0, help="use this as the trained length (default: the model's)")
    args = p.parse_args()
    from desktop.engine import Engine, LoadConfig
    from desktop.engine.probe import ProbeSetting, run_probe
    from desktop.engine.rope_advice import UNSCALED
    from desktop.models import fetch_sample

    model_path = args.model or str(fetch_sample())
    engine = Engine.load(LoadConfig(model_path, n_ctx=512, n_threads=args.threads))
    train = args.train or engine.facts.n_ctx_train
    facts = replace(engine.facts, n_ctx_train=train)  # the advice (YaRN's factor and original length) is for `train`
    base = replace(engine.config, n_ctx=train)
    rows = []

    def row(setting: ProbeSetting, n_ctx: int, shift: bool = False) -> dict:
        def show(done: int, total: int) -> None:
            if not args.json and done == total:
                print(f"  {setting.label} @ {n_ctx}: done", file=sys.stderr)

        result = run_probe(engine.model, facts, replace(base, n_ctx=n_ctx), setting, n_ctx, progress=show, shift=shift)
        data = result.to_dict()
        data["shifted"] = shift
        rows.append(data)
        if not args.json:
            print(json.dumps(data), file=sys.stderr)
        return data

    in_range = row(ProbeSetting("no scaling (trained length)"), train)
    double = [row(setting, 2 * train) for setting in settings_beyond(facts, 2 * train)]
    shifted = row(ProbeSetting("no scaling, shifted window"), train, shift=True)
    fresh_mean = in_range["mean_gain"]
    recommended = double[0]
    unscaled = next(r for r in double if r["setting"] == UNSCALED.label)
    shifted_fresh = shifted["fresh_gain_nats"] or []
    result = {
        "model": model_path, "trained_length": train, "rows": rows,
        "retention_recommended_2x": round(recommended["mean_gain"] / fresh_mean, 3),
        "retention_unscaled_2x": round(unscaled["mean_gain"] / fresh_mean, 3),
        "retention_shifted": round(shifted["mean_gain"] / (sum(shifted_fresh) / len(shifted_fresh)), 3)
        if shifted_fresh else None,
        "recommended_2x": recommended["setting"],
    }
    result["targets_met"] = {
        "retention_recommended_2x >= 0.5": result["retention_recommended_2x"] >= 0.5,
        "recommended beats unscaled at 2x": result["retention_recommended_2x"] > result["retention_unscaled_2x"],
        "retention_shifted >= 0.9": (result["retention_shifted"] or 0) >= 0.9,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
