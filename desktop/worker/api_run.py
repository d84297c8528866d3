"""Running a local-API job on the worker's thread: taking the cache, reporting, answering once."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from ..engine import Cancelled, ContextFull, DecodeError
from ..engine.template import TemplateError
from .api_job import API_CACHE, Completion, RequestError, run_completion

if TYPE_CHECKING:
    from .engine_worker import EngineWorker

log = logging.getLogger("fireside.api")


def run_api_job(worker: EngineWorker, request_id: int, job: Completion) -> None:
    """Run `job`; its sink gets exactly one "done" or "error", and the window hears what happens."""
    try:
        _run(worker, request_id, job)
    finally:
        worker.api_request_ended(request_id)


def _run(worker: EngineWorker, request_id: int, job: Completion) -> None:
    base = {"client": job.client, "endpoint": job.endpoint, "request": request_id}
    if worker.is_cancelled(request_id):  # the client left while it waited
        job.sink("error", (499, "cancelled before it started"))
        return
    engine = worker.engine
    if engine is None:
        job.sink("error", (503, "no model is loaded in Fireside"))
        return
    worker.apiActivity.emit({**base, "state": "started"})
    started = time.monotonic()
    try:
        worker.hold_cache(API_CACHE)
        result = run_completion(engine, job, worker.api_cache, lambda gen: worker.set_current(request_id, gen),
                                lambda event: worker.apiActivity.emit({**base, **event}))
    except RequestError as exc:
        log.warning("API request from %s refused: %s", job.client, exc)
        job.sink("error", (exc.status, str(exc)))
        worker.apiActivity.emit({**base, "state": "failed", "message": str(exc)})
    except (ContextFull, TemplateError, ValueError) as exc:
        log.error("API request from %s failed: %s", job.client, exc)
        _forget(worker)
        job.sink("error", (400, str(exc)))
        worker.apiActivity.emit({**base, "state": "failed", "message": str(exc)})
    except Exception as exc:  # noqa: BLE001 - every failure reaches the client as an error event
        if isinstance(exc, (Cancelled, DecodeError)):
            log.error("API generation failed: %s", exc)
        else:
            log.exception("API generation failed unexpectedly")
        _forget(worker)
        job.sink("error", (500, f"{type(exc).__name__}: {exc}"))
        worker.apiActivity.emit({**base, "state": "failed", "message": str(exc)})
    else:
        job.sink("done", result)
        worker.apiActivity.emit({**base, **_summary(result), "state": "done",
                                 "seconds": time.monotonic() - started})
    finally:
        worker.set_current(request_id, None)


def _forget(worker: EngineWorker) -> None:
    """After a failure the cache may not match its mirror: start it afresh."""
    worker.api_cache.reset()
    if worker.engine is not None:
        worker.engine.kv.reset()


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    reuse = result["reuse"]
    return {"tokens": result["completion_tokens"], "tps": result["gen_tps"], "reason": result["reason"],
            "prompt_tokens": reuse["prompt_tokens"], "evaluated": reuse["evaluated"],
            "reprocessed": reuse["reprocessed"], "cut": reuse["cut_tokens"], "shift": reuse["shift"]}
