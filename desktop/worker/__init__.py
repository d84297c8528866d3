"""The engine's thread and its clients. `EngineWorker` (a QObject moved to a QThread) owns the engine
and every llama.cpp call; each kind of job has its own handler module (chat turns in the worker
itself, `probe_job`, `api_run`); `EngineClient` is how the window and the API server reach it."""

from .client import STILL_RUNNING, EngineClient
from .engine_worker import EngineWorker

__all__ = ["STILL_RUNNING", "EngineClient", "EngineWorker"]
