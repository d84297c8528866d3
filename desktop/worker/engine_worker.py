"""The engine's thread: one QObject, moved to a QThread, owning the engine and every llama.cpp call.

The GUI talks to it only through queued signals carrying plain data (dicts, strings, numbers).
Each request carries an id; `cancel(upto)` may be called directly from the GUI thread (it only sets
a number and Events), and the running generation checks it at every token, the prompt at every
batch, and loading at every progress callback.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ..engine import (
    Cancelled,
    ChatSession,
    ConfigError,
    ContextFull,
    DecodeError,
    Engine,
    Generation,
    LoadCancelled,
    LoadConfig,
    LoadFailed,
    SamplerSettings,
)
from ..engine.native import LLAMA_LOG
from ..engine.probe import ProbeCancelled, ProbeError
from ..engine.snapshot import SnapshotResult, SnapshotStore
from ..models import FetchError, fetch_sample
from ..storage.paths import cache_dir
from .api_job import ApiCache, Completion
from .api_run import run_api_job
from .data import llama_error as _llama_error
from .data import model_info as _model_info
from .data import result as _result
from .probe_job import run_check

log = logging.getLogger("fireside.worker")


class EngineWorker(QObject):
    loadProgress = Signal(int, float)  # request id, 0..1
    loaded = Signal(int, dict)  # request id, model info (see _model_info)
    loadFailed = Signal(int, str, list)  # request id, message, [(field, message)] for config problems
    unloaded = Signal()
    fetchProgress = Signal(int, int, int)  # request id, bytes done, bytes total
    fetched = Signal(int, str)  # request id, model path
    fetchFailed = Signal(int, str)
    promptProgress = Signal(int, int, int)  # request id, tokens done, tokens total
    token = Signal(int, str)  # request id, text piece
    finished = Signal(int, dict)  # request id, result (see _result)
    failed = Signal(int, str)  # request id, message
    stopped = Signal()  # after shutdown: the engine is closed and the thread is quitting
    contextMap = Signal(object, dict)  # chat key, ChatSession.context_map()
    snapshot = Signal(dict)  # {"chat", "action": saved|restored|refused, "size", "tokens", "seconds", "reason"}
    probeProgress = Signal(int, int, int)  # request id, done, total
    probed = Signal(int, dict)  # request id, result (see probe_job.run_check)
    probeFailed = Signal(int, str)  # request id, message ("cancelled" when stopped)
    apiActivity = Signal(dict)  # {"state": prompt|generating|done|failed, "client", "endpoint", ...} (api_job)

    def __init__(self) -> None:
        super().__init__()
        self.engine: Engine | None = None
        self._sessions: dict[object, ChatSession] = {}
        self._lock = threading.Lock()
        self._cancelled_upto = 0
        self._current: tuple[int, Generation | _KVCancel] | None = None
        self._load_cancel = threading.Event()
        self._load_id = 0
        self._active: object = None  # the chat whose turns the KV cache holds
        self._snapshots: SnapshotStore | None = None
        self._cancelled_ids: set[int] = set()  # single requests cancelled (an API client that left)
        self._api_ids: set[int] = set()  # requests of the API (queued or running)
        self._engine_lock = threading.Lock()  # other threads read the engine (tokenize, status) under it
        self._status: dict[str, Any] | None = None
        self.api_cache = ApiCache()

    # --- called from any thread ------------------------------------------------------------------

    def cancel(self, upto: int, api_too: bool = False) -> None:
        """Cancel every request of the window with an id up to `upto` (running or still queued).
        API requests are their clients' to cancel (the window's Stop leaves them), unless `api_too`."""
        with self._lock:
            self._cancelled_upto = max(self._cancelled_upto, upto)
            if api_too:
                self._cancelled_ids.update(i for i in self._api_ids if i <= upto)
            current = self._current
            if self._load_id and self._load_id <= upto:
                self._load_cancel.set()
        if current is not None and current[0] <= upto and (api_too or current[0] not in self._api_ids):
            current[1].cancel()

    def cancel_request(self, request_id: int) -> None:
        """Cancel this one request (running or queued), nothing before it."""
        with self._lock:
            self._cancelled_ids.add(request_id)
            current = self._current
        if current is not None and current[0] == request_id:
            current[1].cancel()

    def is_cancelled(self, request_id: int) -> bool:
        if request_id in self._api_ids:
            return request_id in self._cancelled_ids
        return request_id <= self._cancelled_upto or request_id in self._cancelled_ids

    def expect_api_request(self, request_id: int) -> None:
        """Mark an id as an API request's (before it is queued): only its own cancel stops it."""
        with self._lock:
            self._api_ids.add(request_id)

    def api_request_ended(self, request_id: int) -> None:
        with self._lock:
            self._api_ids.discard(request_id)
            self._cancelled_ids.discard(request_id)

    def tokenize(self, text: str, special: bool = True) -> list[int]:
        """Tokenize with the loaded model, from any thread (the API's token counts)."""
        with self._engine_lock:
            if self.engine is None:
                raise RuntimeError("no model is loaded")
            return self.engine.model.tokenize(text, parse_special=special)

    def model_status(self) -> dict[str, Any] | None:
        """The loaded model's path, window and load time, from any thread; None without a model."""
        with self._engine_lock:
            return dict(self._status) if self._status else None

    # --- slots (run in the worker thread) --------------------------------------------------------

    @Slot(int)
    def fetch_sample(self, request_id: int) -> None:
        try:
            path = fetch_sample(progress=lambda done, total: self.fetchProgress.emit(request_id, done, total),
                                cancelled=lambda: self.is_cancelled(request_id))
        except FetchError as exc:
            self.fetchFailed.emit(request_id, str(exc))
        except Exception as exc:  # network stacks raise many kinds
            log.exception("fetching the sample model failed")
            self.fetchFailed.emit(request_id, f"{type(exc).__name__}: {exc}")
        else:
            self.fetched.emit(request_id, str(path))

    @Slot(int, dict)
    def probe(self, request_id: int, load: dict) -> None:
        """Check a context/RoPE setting on the loaded model (its own context: the chat cache stays)."""
        if self.engine is None:
            self.probeFailed.emit(request_id, "no model is loaded")
            return
        try:
            result = run_check(self.engine, load, lambda done, total: self.probeProgress.emit(request_id, done, total),
                               lambda: self.is_cancelled(request_id))
        except ProbeCancelled:
            self.probeFailed.emit(request_id, "cancelled")
        except (ProbeError, ConfigError, ValueError, TypeError) as exc:
            log.error("the setting check failed: %s", exc)
            self.probeFailed.emit(request_id, str(exc))
        except Exception as exc:  # noqa: BLE001 - every failure reaches the GUI as probeFailed
            log.exception("the setting check failed unexpectedly")
            self.probeFailed.emit(request_id, f"{type(exc).__name__}: {exc}")
        else:
            self.probed.emit(request_id, result)

    @Slot(int, dict)
    def load_model(self, request_id: int, config_data: dict) -> None:
        self._close_engine()
        if self.is_cancelled(request_id):
            self.loadFailed.emit(request_id, "cancelled", [])
            return
        with self._lock:
            self._load_id = request_id
            self._load_cancel.clear()
        last = [-1.0]

        def progress(value: float) -> bool:
            if value - last[0] >= 0.01 or value >= 1.0:
                last[0] = value
                self.loadProgress.emit(request_id, value)
            return not self.is_cancelled(request_id)

        mark = LLAMA_LOG.mark()
        try:
            config = LoadConfig.from_dict(config_data)
            self.engine = Engine.load(config, progress, self._load_cancel)
        except ConfigError as exc:
            self.loadFailed.emit(request_id, str(exc), [(p.field, p.message) for p in exc.problems])
        except LoadCancelled:
            self.loadFailed.emit(request_id, "cancelled", [])
        except (LoadFailed, ValueError, TypeError, OSError) as exc:
            detail = _llama_error(LLAMA_LOG.since(mark))
            log.error("load failed: %s %s", exc, detail)
            self.loadFailed.emit(request_id, f"{exc}{': ' + detail if detail else ''}", [])
        except Exception as exc:  # noqa: BLE001 - every failure must reach the GUI as `loadFailed`
            log.exception("load failed unexpectedly")
            self.loadFailed.emit(request_id, f"{type(exc).__name__}: {exc}", [])
        else:
            with self._engine_lock:
                self._status = {"path": self.engine.config.model_path, "n_ctx": self.engine.n_ctx,
                                "loaded_at": time.time()}
            self.loaded.emit(request_id, _model_info(self.engine))
        finally:
            with self._lock:
                self._load_id = 0

    @Slot()
    def unload(self) -> None:
        self._close_engine()
        self.unloaded.emit()

    @Slot(int, dict)
    def generate(self, request_id: int, request: dict) -> None:
        """request: chat (key), system_prompt, history [(role, text)], mode "reply"|"continue"|"read", sampler.

        Ends with exactly one `finished` or `failed`, whatever goes wrong."""
        try:
            result = self._generate(request_id, request)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the GUI as `failed`
            if isinstance(exc, (ContextFull, DecodeError, ValueError, Cancelled)):
                log.error("generation failed: %s", exc)
                message = str(exc)
            else:
                log.exception("generation failed unexpectedly")
                message = f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, RequestRefused):  # refused before the cache was touched: it stays
                self._forget_cache(request.get("chat") if isinstance(request, dict) else None)
            self.failed.emit(request_id, message)
        else:
            self.finished.emit(request_id, result)
        finally:
            self.set_current(request_id, None)

    def _generate(self, request_id: int, request: dict) -> dict[str, Any]:
        if self.is_cancelled(request_id):
            return {"text": "", "stats": "", "notice": "", "reason": "cancelled"}
        if self.engine is None:
            raise RequestRefused("no model is loaded")
        try:
            settings = SamplerSettings.from_dict(request.get("sampler", {}))
        except (TypeError, ValueError) as exc:
            raise RequestRefused(f"sampler settings: {exc}") from exc
        problems = settings.problems()
        if problems:
            raise RequestRefused("; ".join(f"{name}: {msg}" for name, msg in problems))
        key = request.get("chat")
        history = [tuple(m) for m in request.get("history", [])]
        start = request.get("history_start", 0)
        if not isinstance(start, int) or start < 0:
            raise RequestRefused(f"history_start must be a whole number >= 0, not {start!r}")
        self.hold_cache(key)
        names = (str(request.get("user_name") or "") or None, str(request.get("char_name") or "") or None)
        chat = self._session(key, request.get("system_prompt", ""), history, start, names)
        chat.set_format(self.engine.format_for(*names))
        chat.on_prompt_progress = lambda done, total: self.promptProgress.emit(request_id, done, total)
        chat.sync(request.get("system_prompt", ""), history, start)
        chat.note = request.get("note", "")
        self._watch_shifts(key, chat)
        if request.get("mode") == "read":
            return self._read(request_id, key, chat)
        gen = chat.continue_last(settings) if request.get("mode") == "continue" else chat.reply(settings)
        self.set_current(request_id, gen)
        for piece in gen:
            self.token.emit(request_id, piece)
        self.contextMap.emit(key, chat.context_map())
        return {**_result(gen), "history_short": chat.history_short}

    @Slot(int, object)
    def complete(self, request_id: int, job: Completion) -> None:
        """One local-API request (see api_job); it answers through `job.sink`."""
        run_api_job(self, request_id, job)

    def hold_cache(self, key: object) -> None:
        """Let chat `key` (or the API) have the KV cache; the chat leaving it keeps a snapshot."""
        if key != self._active:
            self._save_snapshot()  # and coming back restores from it, instead of re-processing
            self._sessions.pop(self._active, None)
            self.api_cache.reset()
        self._active = key

    def set_current(self, request_id: int, job: Generation | _KVCancel | None) -> None:
        """What `cancel` stops while request `request_id` runs (None: nothing runs); a request
        cancelled before it started is stopped at once."""
        with self._lock:
            self._current = (request_id, job) if job is not None else None
        if job is not None and self.is_cancelled(request_id):
            job.cancel()

    def _forget_cache(self, key: object) -> None:
        """After a failure the chat's session and the cache may disagree: start both afresh."""
        self._sessions.pop(key, None)
        if self._active == key:
            self._active = None
        if self.engine is not None:
            self.engine.kv.reset()

    def _read(self, request_id: int, key: object, chat: ChatSession) -> dict[str, Any]:
        """Read the chat's documents into the cache, in order (cancel stops between batches)."""
        assert self.engine is not None
        kv = self.engine.kv
        self.set_current(request_id, _KVCancel(kv))
        started = kv.counters.copy()
        reason = "read"
        try:
            if self.is_cancelled(request_id):
                raise Cancelled("cancelled before reading")
            chat.read()
        except Cancelled:
            reason = "cancelled"
        finally:
            self.set_current(request_id, None)
        c = kv.counters
        docs = [i for i, m in enumerate(chat.messages) if m.document]
        window = chat.document_window(docs[0]) if docs else (0, 0, 0)
        data = {"prompt_tokens": c.prompt_tokens - started.prompt_tokens,
                "prompt_seconds": c.prompt_seconds - started.prompt_seconds,
                "tokens_discarded": c.tokens_discarded - started.tokens_discarded,
                "document_tokens": window[0], "document_dropped": window[1], "document_cached": window[2]}
        self.contextMap.emit(key, chat.context_map())
        return {"text": "", "stats": "", "notice": "", "reason": reason, "data": data}

    def _watch_shifts(self, key: object, chat: ChatSession) -> None:
        """Send the context map after shifts (at most every 0.2 s), so the map moves live."""
        assert self.engine is not None
        last = [0.0]

        def on_shift(_event: object) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.2:
                last[0] = now
                self.contextMap.emit(key, chat.context_map())

        self.engine.kv.on_shift = on_shift

    @Slot()
    def shutdown(self) -> None:
        try:
            self._close_engine()
        except Exception:  # noqa: BLE001 - the thread must quit whatever happens
            log.exception("closing the engine failed")
        finally:
            self.stopped.emit()
            thread = self.thread()
            if thread is not None:
                thread.quit()

    # --- internals -------------------------------------------------------------------------------

    def _session(self, key: object, system_prompt: str, history: list, start: int = 0,
                 names: tuple[str | None, str | None] = (None, None)) -> ChatSession:
        """The chat's session; a new one is brought back from its snapshot when there is one.
        `names`: the user's and the character's, which a plain-format chat labels its turns with."""
        assert self.engine is not None
        chat = self._sessions.get(key)
        if chat is None:
            chat = self.engine.new_chat(system_prompt, user_name=names[0], assistant_name=names[1])
            chat.sync(system_prompt, history, start)
            self._sessions[key] = chat
            if key is not None:
                result = self._store().restore(self.engine, chat, key)
                self._report("restored" if result.ok else "refused", key, result)
        return chat

    def _store(self) -> SnapshotStore:
        if self._snapshots is None:
            self._snapshots = SnapshotStore(cache_dir() / "snapshots")
        return self._snapshots

    def _save_snapshot(self) -> None:
        """Keep the cache of the chat that is leaving it (switch, model change, exit)."""
        chat = self._sessions.get(self._active)
        if self.engine is None or chat is None or self._active is None:
            return
        try:
            result = self._store().save(self.engine, chat, self._active)
        except OSError as exc:
            log.error("could not save a snapshot: %s", exc)
            return
        except Exception:  # noqa: BLE001 - a snapshot is a cache: never let it stop a switch or a quit
            log.exception("could not save a snapshot")
            return
        self._report("saved", self._active, result)

    def _report(self, action: str, key: object, result: SnapshotResult) -> None:
        if result.reason != "no snapshot":
            self.snapshot.emit({"chat": key, "action": action if result.ok else "refused", "size": result.size,
                                "tokens": result.tokens, "seconds": result.seconds, "reason": result.reason})

    def _close_engine(self) -> None:
        self._save_snapshot()
        self._active = None
        self._sessions.clear()
        self.api_cache.reset()
        with self._engine_lock:
            self._status = None
            if self.engine is not None:
                self.engine.close()
                self.engine = None


class RequestRefused(ValueError):
    """A request refused before the engine did anything (the cache is left as it is)."""


class _KVCancel:
    """Lets `cancel()` stop a read, which has no Generation of its own."""

    def __init__(self, kv: Any) -> None:
        self.kv = kv

    def cancel(self) -> None:
        self.kv.cancel.set()
