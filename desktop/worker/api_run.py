"""The `complete` job: one local-API request on the engine (see api_job), its events reported as
the protocol's: progress {"stage": "prompt_loaded", "reuse"} once the prompt is in the cache, tokens,
then the result. What the API is doing also goes out as "api" notices for the window's API panel.
HTTP statuses are desktop/api's business: this reports the protocol's error codes."""

from __future__ import annotations

import logging
import time
from typing import Any

from ..engine import Cancelled, ContextFull, DecodeError
from ..engine.template import TemplateError
from . import faults
from .api_job import API_CACHE, Completion, RequestError, run_completion
from .jobs import JobContext, JobFailed
from .protocol import FAILED, INTERNAL, REFUSED

log = logging.getLogger("fireside.api")


def complete(ctx: JobContext, args: dict[str, Any]) -> dict[str, Any]:
    """args: a Completion's plain fields (everything but its sink)."""
    count = [0]

    def sink(kind: str, data: Any) -> None:
        if kind == "token":
            count[0] += 1
            faults.point("api", count[0])
            faults.point("token", count[0])
            ctx.report.token(data)
        elif kind == "prompt":
            ctx.report.progress({"stage": "prompt_loaded", "reuse": data})

    job = Completion(sink=sink, **args)
    base = {"client": job.client, "endpoint": job.endpoint, "request": ctx.job_id}
    ctx.cancel.check()  # the client left while it waited
    engine = ctx.state.require_engine()
    ctx.report.notice("api", {**base, "state": "started"})
    started = time.monotonic()
    remove = lambda: None  # noqa: E731

    def register(gen: Any) -> None:
        nonlocal remove
        remove = ctx.cancel.on_cancel(gen.cancel)

    def progress(event: dict[str, Any]) -> None:
        if event.get("state") == "prompt":
            faults.point("prompt")
        ctx.report.notice("api", {**base, **event})

    try:
        ctx.state.hold_cache(API_CACHE)
        result = run_completion(engine, job, ctx.state.api_cache, register, progress)
    except Exception as exc:  # noqa: BLE001 - every failure reaches the client as an error
        message, code = _failure(job, exc)
        if not isinstance(exc, RequestError):  # (refused before the cache was touched: it stays)
            ctx.state.forget_cache(API_CACHE)
        ctx.report.notice("api", {**base, "state": "failed", "message": str(exc)})
        raise JobFailed(message, code) from exc
    finally:
        remove()
    ctx.report.notice("api", {**base, **_summary(result), "state": "done", "seconds": time.monotonic() - started})
    return result


def _failure(job: Completion, exc: Exception) -> tuple[str, str]:
    """What the client is told about a failed request (message, protocol code), logged as it deserves."""
    if isinstance(exc, RequestError):
        log.warning("API request from %s refused: %s", job.client, exc)
        return str(exc), REFUSED
    if isinstance(exc, (ContextFull, TemplateError, ValueError)):
        log.error("API request from %s failed: %s", job.client, exc)
        return str(exc), REFUSED
    if isinstance(exc, (Cancelled, DecodeError)):
        log.error("API generation failed: %s", exc)
        return f"{type(exc).__name__}: {exc}", FAILED
    log.exception("API generation failed unexpectedly")
    return f"{type(exc).__name__}: {exc}", INTERNAL


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    reuse = result["reuse"]
    return {"tokens": result["completion_tokens"], "tps": result["gen_tps"], "reason": result["reason"],
            "prompt_tokens": reuse["prompt_tokens"], "evaluated": reuse["evaluated"],
            "reprocessed": reuse["reprocessed"], "cut": reuse["cut_tokens"], "shift": reuse["shift"]}
