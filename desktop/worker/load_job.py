"""Loading and unloading a model: the `load` and `unload` jobs."""

from __future__ import annotations

import logging
import threading
from typing import Any

from ..engine import ConfigError, Engine, LoadCancelled, LoadConfig, LoadFailed
from ..engine.native import LLAMA_LOG
from . import faults
from .data import llama_error, model_info
from .jobs import JobContext, JobFailed
from .protocol import CANCELLED, CONFIG, FAILED

log = logging.getLogger("fireside.worker")


def load(ctx: JobContext, args: dict[str, Any]) -> dict[str, Any]:
    """args: a LoadConfig's dict. Progress: {"stage": "load", "value": 0..1}. Result: model_info."""
    ctx.state.close_engine()
    ctx.cancel.check()
    last = [-1.0]

    def progress(value: float) -> bool:
        faults.point("load")
        if value - last[0] >= 0.01 or value >= 1.0:
            last[0] = value
            ctx.report.progress({"stage": "load", "value": value})
        return not ctx.cancel.cancelled

    mark = LLAMA_LOG.mark()
    stop = _event_of(ctx)
    try:
        config = LoadConfig.from_dict(args)
        engine = Engine.load(config, progress, stop)
    except ConfigError as exc:
        raise JobFailed(str(exc), CONFIG, tuple((p.field, p.message) for p in exc.problems)) from exc
    except LoadCancelled as exc:
        raise JobFailed("cancelled", CANCELLED) from exc
    except (LoadFailed, ValueError, TypeError, OSError) as exc:
        detail = llama_error(LLAMA_LOG.since(mark))
        log.error("load failed: %s %s", exc, detail)
        raise JobFailed(f"{exc}{': ' + detail if detail else ''}", FAILED) from exc
    ctx.state.set_engine(engine)
    return model_info(engine)


def unload(ctx: JobContext, args: dict[str, Any]) -> None:
    ctx.state.close_engine()


def _event_of(ctx: JobContext) -> threading.Event:
    """A threading.Event set on cancel (what Engine.load polls between its steps)."""
    event = threading.Event()
    ctx.cancel.on_cancel(event.set)
    return event
