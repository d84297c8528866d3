"""Waiting on the engine client's jobs (its answers are queued signals, so the Qt loop is pumped).

Every job's end is recorded from the first helper call on a client, so a job that ended while the
test waited on another one is not missed."""

from __future__ import annotations

from typing import Any

from desktop.worker import EngineClient


def ends(client: EngineClient) -> dict[int, tuple[str, Any]]:
    record = getattr(client, "_test_ends", None)
    if record is None:
        record = {}
        client._test_ends = record  # type: ignore[attr-defined]
        client.finished.connect(lambda rid, result: record.setdefault(rid, ("finished", result)))
        client.failed.connect(lambda rid, error: record.setdefault(rid, ("failed", error)))
    return record


def wait_job(qtbot, client: EngineClient, job_id: int, timeout: int = 120000) -> tuple[str, Any]:
    """("finished", result) or ("failed", JobError) for job `job_id`."""
    record = ends(client)
    qtbot.waitUntil(lambda: job_id in record, timeout=timeout)
    return record[job_id]


def result_of(qtbot, client: EngineClient, job_id: int, timeout: int = 120000) -> Any:
    kind, data = wait_job(qtbot, client, job_id, timeout)
    assert kind == "finished", data
    return data


def load_sample(qtbot, client: EngineClient, model: str, **extra) -> dict:
    ends(client)
    config = {"model_path": model, "n_ctx": 1024, "n_threads": 2, **extra}
    return result_of(qtbot, client, client.load(config))


def inspect(qtbot, client: EngineClient, text: bool = False) -> dict:
    """The engine process's cache: tokens, the mirror's invariant, the sessions' stop strings."""
    return result_of(qtbot, client, client.submit("inspect", {"text": text}), 30000)
