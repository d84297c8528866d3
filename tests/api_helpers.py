"""A real API server on the real engine process (the sample model), for the API tests."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from desktop.api.bridge import WorkerBackend
from desktop.api.server import ApiServer, ServerOptions
from desktop.worker import EngineClient


def load_model(qapp, client: EngineClient, model: str, n_ctx: int = 1024, **extra) -> dict:
    """Load and wait, pumping the Qt loop (the client's answers are queued signals)."""
    answers: list[tuple[str, object]] = []
    rid = [0]
    client.finished.connect(lambda r, info: answers.append(("ok", info)) if r == rid[0] else None)
    client.failed.connect(lambda r, error: answers.append(("failed", error.message)) if r == rid[0] else None)
    rid[0] = client.load({"model_path": model, "n_ctx": n_ctx, "n_threads": 2, **extra})
    deadline = time.monotonic() + 120
    while not answers and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    assert answers and answers[0][0] == "ok", answers
    return answers[0][1]  # type: ignore[return-value]


@contextmanager
def serving(client: EngineClient, **options) -> Iterator[ApiServer]:
    server = ApiServer(WorkerBackend(client), ServerOptions(port=0, **options))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def sse_events(response: httpx.Response) -> Iterator[tuple[str, dict | str]]:
    """(event name, data) from a server-sent event stream; `[DONE]` comes as a string."""
    event, data = "message", []
    for line in response.iter_lines():
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif line == "" and data:
            text = "\n".join(data)
            yield event, (text if text == "[DONE]" else json.loads(text))
            event, data = "message", []
