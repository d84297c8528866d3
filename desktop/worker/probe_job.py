"""The "Check this setting" job, run by the engine's worker: the probe on the setting in the fields
and on the best alternative the GGUF's facts suggest, and a verdict. Plain data in and out."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..engine import ConfigError, Engine, LoadConfig
from ..engine.probe import (
    RESERVE,
    ROPE_FIELDS,
    ProbeCancelled,
    ProbeError,
    ProbeResult,
    ProbeSetting,
    run_probe,
    short_read,
)
from ..engine.probe_pace import DecodePace, Read, reads_left
from ..engine.rope_advice import candidate_settings, describe
from .jobs import JobContext, JobFailed
from .protocol import CANCELLED, FAILED

log = logging.getLogger("fireside.worker")

STRONG_NATS = 3.0  # a planted fact this much likelier than without the text counts as read
BROKEN_NATS = 1.0  # a mean gain below this: the window is not read at all


def rope_of(load: dict[str, Any]) -> dict[str, Any]:
    """The RoPE fields a load dict sets (the model's own values, None and scaling -1, left out)."""
    return {k: load[k] for k in ROPE_FIELDS if load.get(k) is not None and not (k == "rope_scaling" and load[k] == -1)}


def verdict(result: ProbeResult) -> dict[str, Any]:
    """{"kind": "reads" | "weak" | "broken", "weak_beyond": tokens back from the end or 0}."""
    if not result.needle_gain_nats or result.mean_gain < BROKEN_NATS or (
            result.ppl_last_chunk > 2 * result.ppl_short_window):
        return {"kind": "broken", "weak_beyond": 0}
    weak = [round((1 - depth) * result.tokens) for depth, gain in zip(result.depths, result.needle_gain_nats)
            if gain < STRONG_NATS]
    if len(weak) == len(result.needle_gain_nats):  # not even the newest fact is read
        return {"kind": "broken", "weak_beyond": 0}
    if not weak:
        return {"kind": "reads", "weak_beyond": 0}
    return {"kind": "weak", "weak_beyond": min(weak)}


def check(ctx: JobContext, load: dict[str, Any]) -> dict[str, Any]:
    """The `probe` job: args are the load fields to check. Progress: {"stage": "probe", "done", "total"
    (tokens read, of all settings), "seconds_left" (None until the first decode is timed), "step",
    "steps", "setting" (the label of the setting being measured)}; the first one as it starts."""
    engine = ctx.state.require_engine()
    try:
        return run_check(engine, load, lambda data: ctx.report.progress({"stage": "probe", **data}),
                         lambda: ctx.cancel.cancelled)
    except ProbeCancelled as exc:
        raise JobFailed("cancelled", CANCELLED) from exc
    except (ProbeError, ConfigError, ValueError, TypeError) as exc:
        log.error("the setting check failed: %s", exc)
        raise JobFailed(str(exc), FAILED) from exc


def run_check(engine: Engine, load: dict[str, Any], progress: Callable[[dict[str, Any]], None],
              cancelled: Callable[[], bool]) -> dict[str, Any]:
    """Probe the fields' setting (context length and RoPE) and the best alternative to it."""
    n_ctx = int(load.get("n_ctx") or engine.config.n_ctx)
    base = LoadConfig.from_dict({**engine.config.to_dict(), "n_ctx": n_ctx})
    current = ProbeSetting("this setting", rope_of(load))
    alternatives = [s for s in candidate_settings(engine.facts, n_ctx) if s.overrides != current.overrides]
    settings = [current] + alternatives[:1]
    pace = DecodePace()
    short = short_read(engine.model.add_bos)
    progress({"done": 0, "total": 0, "seconds_left": None, "step": 1, "steps": len(settings),
              "setting": current.label})
    results: list[ProbeResult] = []
    for number, setting in enumerate(settings):
        def step(done: int, total: int, number: int = number, label: str = setting.label) -> None:
            # Every setting reads the same text: the ones still to come cost what this one does.
            plan = [total - short, short]
            left: list[Read] = reads_left(plan, done) + [(0, n) for n in plan] * (len(settings) - number - 1)
            progress({"done": number * total + done, "total": total * len(settings),
                      "seconds_left": pace.seconds_for(left), "step": number + 1, "steps": len(settings),
                      "setting": label})

        results.append(run_probe(engine.model, engine.facts, base, setting, n_ctx - RESERVE, progress=step,
                                 cancelled=cancelled, timing=pace.measured))
    best = max(range(len(results)), key=lambda i: results[i].mean_gain)
    return {"n_ctx": n_ctx, "facts": describe(engine.facts), "n_ctx_train": engine.facts.n_ctx_train,
            "results": [r.to_dict() for r in results], "verdict": verdict(results[0]), "best": best,
            "best_rope": results[best].overrides, "key": setting_key(load, n_ctx)}


def setting_key(load: dict[str, Any], n_ctx: int) -> str:
    """What a stored result is for: the context length and the RoPE fields (the model is keyed apart)."""
    rope = rope_of(load)
    return f"{n_ctx}|" + ",".join(f"{k}={rope[k]}" for k in sorted(rope))
