"""What the engine process keeps between jobs: the engine, each chat's session, and the rule for
who holds the KV cache (one chat, or the API, at a time; the one leaving keeps a snapshot)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from ..engine import ChatSession, Engine
from ..engine.snapshot import SnapshotResult, SnapshotStore
from ..storage.paths import cache_dir
from . import faults
from .api_job import ApiCache
from .jobs import JobFailed
from .protocol import NO_MODEL

log = logging.getLogger("fireside.worker")

Notify = Callable[[str, Any], None]  # (notice kind, data)


class EngineState:
    def __init__(self, notify: Notify, snapshots: SnapshotStore | None = None) -> None:
        self.engine: Engine | None = None
        self.notify = notify
        self.sessions: dict[object, ChatSession] = {}
        self.active: object = None  # the chat whose turns the KV cache holds
        self.api_cache = ApiCache()
        self.lock = threading.Lock()  # the reader thread's jobs (tokenize) read the engine under it
        self.status: dict[str, Any] | None = None
        self._snapshots = snapshots

    def require_engine(self) -> Engine:
        if self.engine is None:
            raise JobFailed("no model is loaded", NO_MODEL)
        return self.engine

    def set_engine(self, engine: Engine) -> None:
        with self.lock:
            self.engine = engine
            self.status = {"path": engine.config.model_path, "n_ctx": engine.n_ctx, "loaded_at": time.time()}

    def hold_cache(self, key: object) -> None:
        """Let chat `key` (or the API) have the KV cache; the chat leaving it keeps a snapshot."""
        if key != self.active:
            self.save_snapshot()  # and coming back restores from it, instead of re-processing
            self.sessions.pop(self.active, None)
            self.api_cache.reset()
        self.active = key

    def forget_cache(self, key: object) -> None:
        """After a failure the chat's session and the cache may disagree: start both afresh."""
        self.sessions.pop(key, None)
        if self.active == key:
            self.active = None
        self.api_cache.reset()
        if self.engine is not None:
            self.engine.kv.reset()

    def session(self, key: object, system_prompt: str, history: list, start: int = 0,
                names: tuple[str | None, str | None] = (None, None)) -> ChatSession:
        """The chat's session; a new one is brought back from its snapshot when there is one.
        `names`: the user's and the character's, which a plain-format chat labels its turns with."""
        engine = self.require_engine()
        chat = self.sessions.get(key)
        if chat is None:
            chat = engine.new_chat(system_prompt, user_name=names[0], assistant_name=names[1])
            chat.sync(system_prompt, history, start)
            self.sessions[key] = chat
            if key is not None:
                result = self.store().restore(engine, chat, key)
                self._report("restored" if result.ok else "refused", key, result)
        return chat

    def store(self) -> SnapshotStore:
        if self._snapshots is None:
            self._snapshots = SnapshotStore(cache_dir() / "snapshots")
        return self._snapshots

    def save_snapshot(self) -> None:
        """Keep the cache of the chat that is leaving it (switch, model change, exit)."""
        chat = self.sessions.get(self.active)
        if self.engine is None or chat is None or self.active is None:
            return
        faults.point("snapshot")
        try:
            result = self.store().save(self.engine, chat, self.active)
        except OSError as exc:
            log.error("could not save a snapshot: %s", exc)
            return
        except Exception:  # noqa: BLE001 - a snapshot is a cache: never let it stop a switch or a quit
            log.exception("could not save a snapshot")
            return
        self._report("saved", self.active, result)

    def _report(self, action: str, key: object, result: SnapshotResult) -> None:
        if result.reason != "no snapshot":
            self.notify("snapshot", {"chat": key, "action": action if result.ok else "refused", "size": result.size,
                                     "tokens": result.tokens, "seconds": result.seconds, "reason": result.reason})

    def close_engine(self) -> None:
        self.save_snapshot()
        self.active = None
        self.sessions.clear()
        self.api_cache.reset()
        with self.lock:
            self.status = None
            if self.engine is not None:
                self.engine.close()
                self.engine = None
