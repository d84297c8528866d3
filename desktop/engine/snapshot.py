"""Instant resume: a chat's KV cache saved to disk and restored with nothing re-processed.

A snapshot is llama.cpp's context state file (KV cells and the last logits) plus a JSON sidecar:
the identity it belongs to (model file path, size and mtime; every load setting that changes the
cache's contents), the token mirror, each message's exact tokens with a hash of its text, the
cache spans and what the window had dropped. Restoring checks all of it first (llama.cpp must never
be handed a state from another model or other settings) and refuses with a reason otherwise.
The folder is capped; the least recently used snapshots go first.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .chat import ChatMessage, ChatSession
from .kv import Span, Timeline
from .lore_spans import is_lore_key

log = logging.getLogger("fireside.snapshot")
VERSION = 2  # 2: the sidecar records the state file's size and SHA-256
DEFAULT_CAP_BYTES = 4 * 1024 ** 3
# Load settings that change what the cache holds (placement and threads do not).
CACHE_SETTINGS = ("n_ctx", "type_k", "type_v", "flash_attn", "rope_scaling", "rope_freq_base", "rope_freq_scale",
                  "compress_pos_emb", "ntk_alpha", "yarn_ext_factor", "yarn_attn_factor", "yarn_beta_fast",
                  "yarn_beta_slow", "yarn_orig_ctx")


@dataclass(frozen=True)
class SnapshotResult:
    ok: bool
    reason: str = ""
    size: int = 0
    tokens: int = 0
    seconds: float = 0.0


def _hash(role: str, text: str) -> str:
    return hashlib.sha256(f"{role}\0{text}".encode()).hexdigest()


def _file_digest(path: Path) -> tuple[int, str]:
    """(size, SHA-256) of a file."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def _message_hash(msg: ChatMessage) -> str:
    return _hash(msg.role + ("/doc" if msg.document else ""), msg.content)


class SnapshotStore:
    def __init__(self, folder: Path, cap_bytes: int = DEFAULT_CAP_BYTES) -> None:
        self.folder = folder
        self.cap_bytes = cap_bytes
        folder.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()

    def _remove_leftovers(self) -> None:
        """Files a killed save left behind: partial states, temporary sidecars, states without a sidecar."""
        for p in self.folder.iterdir():
            orphan = p.suffix == ".state" and not p.with_suffix(".json").exists()
            if p.suffix in (".state-partial", ".tmp") or orphan:
                p.unlink(missing_ok=True)
                log.info("removed a leftover snapshot file %s", p.name)

    @staticmethod
    def identity(engine: Any) -> dict[str, Any]:
        path = os.path.abspath(engine.config.model_path)
        st = os.stat(path)
        settings = {name: getattr(engine.config, name) for name in CACHE_SETTINGS}
        settings["n_ctx"] = engine.n_ctx
        for name in ("rope_scaling",):
            settings[name] = int(settings[name])
        return {"model": [path, st.st_size, st.st_mtime_ns], "settings": settings, "version": VERSION}

    def _paths(self, chat_key: object) -> tuple[Path, Path]:
        name = hashlib.sha256(str(chat_key).encode()).hexdigest()[:24]
        return self.folder / f"{name}.state", self.folder / f"{name}.json"

    def size_of(self, chat_key: object) -> int:
        state, meta = self._paths(chat_key)
        return sum(p.stat().st_size for p in (state, meta) if p.exists())

    def total_size(self) -> int:
        return sum(p.stat().st_size for p in self.folder.iterdir() if p.is_file())

    def forget(self, chat_key: object) -> None:
        for p in self._paths(chat_key):
            p.unlink(missing_ok=True)

    # --- save ------------------------------------------------------------------------------------

    def save(self, engine: Any, chat: ChatSession, chat_key: object) -> SnapshotResult:
        """Write the cache as it is now for `chat` (the chat whose turns it holds)."""
        started = time.perf_counter()
        kv = engine.kv
        if not kv.tokens or chat.kv is not kv:
            return SnapshotResult(False, "nothing cached for this chat")
        index = {m.id: i for i, m in enumerate(chat.messages)}

        def ref(key: object) -> list | None:
            """A span key as message index (and document chunk; -1: the author's note placed before that
            reply), or None for anything else."""
            if key in index:
                return [index[key]]
            if isinstance(key, tuple) and len(key) == 2 and key[0] in index:
                return [index[key[0]], int(key[1])]
            if isinstance(key, tuple) and len(key) == 2 and key[0] == "note" and key[1] in index:
                return [index[key[1]], -1]
            if is_lore_key(key) and key[2] in index:  # type: ignore[index]
                return [index[key[2]], -2, key[1]]  # type: ignore[index]
            return None

        spans, length = [], kv.n_keep
        for span in kv.spans:  # the snapshot covers the cache up to the first span that is not a message
            r = ref(span.key)
            if r is None:
                break
            spans.append([r, span.length])
            length += span.length
        if length <= kv.n_keep and chat.messages:
            return SnapshotResult(False, "the cache holds turns that are not in this chat")
        state, meta = self._paths(chat_key)
        # Crash-safe order: no sidecar ever describes a state file being written. The old sidecar goes
        # first, the state is written under a temporary name and renamed, then its sidecar (with the
        # state's size and SHA-256) is written the same way. A kill at any point leaves either no
        # snapshot or a whole one.
        meta.unlink(missing_ok=True)
        partial = state.with_suffix(".state-partial")
        engine.native.save_state(str(partial), kv.tokens)
        state_bytes, state_sha = _file_digest(partial)
        partial.replace(state)
        data = {
            "identity": self.identity(engine),
            "state_file": {"bytes": state_bytes, "sha256": state_sha},
            "system_prompt_hash": _hash("system", chat.system_prompt),
            "mirror": list(kv.tokens[:length]),
            "n_keep": kv.n_keep,
            "offset": chat.offset,
            "messages": [{"hash": _message_hash(m), "tokens": m.tokens} for m in chat.messages],
            "spans": spans,
            "evicted": [r for k in chat.timeline.evicted if (r := ref(k)) is not None],
            "partial": [[r, v] for k, v in chat.timeline.partial.items() if (r := ref(k)) is not None],
            # below this position the sliding-window layers may have lost cells (kv_swa)
            "swa_floor": kv.swa.floor if kv.swa.scattered else 0,
        }
        tmp = meta.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(meta)
        self._evict_lru(keep={state, meta})
        size = state.stat().st_size + meta.stat().st_size
        log.info("saved a snapshot of %d tokens (%.1f MB) in %.2f s", len(kv.tokens), size / 1e6,
                 time.perf_counter() - started)
        return SnapshotResult(True, "", size, len(kv.tokens), time.perf_counter() - started)

    def _evict_lru(self, keep: set[Path]) -> None:
        files = sorted((p for p in self.folder.glob("*.json")), key=lambda p: p.stat().st_mtime)
        total = self.total_size()
        for meta in files:
            if total <= self.cap_bytes:
                break
            state = meta.with_suffix(".state")
            if meta in keep or state in keep:
                continue
            for p in (state, meta):
                if p.exists():
                    total -= p.stat().st_size
                    p.unlink()
            log.info("snapshot cache over its cap: removed %s", meta.stem)

    # --- restore ---------------------------------------------------------------------------------

    def restore(self, engine: Any, chat: ChatSession, chat_key: object) -> SnapshotResult:
        """Put the saved cache back for `chat` (already synced with its history), if it still applies."""
        started = time.perf_counter()
        state, meta = self._paths(chat_key)
        if not meta.exists() or not state.exists():
            return SnapshotResult(False, "no snapshot")
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return SnapshotResult(False, f"unreadable snapshot ({exc})")
        try:
            identity = self.identity(engine)
        except OSError as exc:
            return SnapshotResult(False, f"model file: {exc}")
        if data.get("identity") != identity:
            return SnapshotResult(False, "the snapshot was made with another model file or other settings")
        if data.get("system_prompt_hash") != _hash("system", chat.system_prompt):
            return SnapshotResult(False, "the system prompt changed")
        stored = data["messages"]
        if data.get("offset", 0) != chat.offset:
            return SnapshotResult(False, "the chat's history starts elsewhere than in the snapshot")
        if len(stored) > len(chat.messages) or any(s["hash"] != _message_hash(m) for s, m in zip(stored, chat.messages)):
            return SnapshotResult(False, "the chat changed since the snapshot")
        mirror = data["mirror"]
        if mirror[:len(chat.pinned_tokens)] != chat.pinned_tokens:
            return SnapshotResult(False, "the pinned block tokenizes differently now")
        recorded = data.get("state_file") or {}
        if _file_digest(state) != (recorded.get("bytes"), recorded.get("sha256")):
            # Never hand llama.cpp a state file that is not exactly the one described (half-written).
            return SnapshotResult(False, "the state file is incomplete or changed since it was saved")
        try:
            tokens = engine.native.load_state(str(state))
        except OSError as exc:
            engine.kv.reset()
            return SnapshotResult(False, str(exc))
        kv = engine.kv
        if tokens[:len(mirror)] != mirror or engine.native.pos_max() != len(tokens) - 1:
            kv.reset()
            return SnapshotResult(False, "the state file does not match its description")
        # The state may hold more than the chat's turns (a note, a reply opener): cut it back through the
        # mirror, which evaluates again where a cut would trust cells a sliding window has lost.
        kv.tokens, kv.n_keep, kv.spans = list(tokens), 0, []
        kv.swa.restored(data.get("swa_floor"), len(tokens))
        try:
            kv.truncate(len(mirror))
        except Exception:
            kv.reset()
            raise
        for m, s in zip(chat.messages, stored):
            m.tokens = s["tokens"]
        ids = [m.id for m in chat.messages]

        def key(r: list) -> object:
            if len(r) == 2 and r[1] == -1:
                return ("note", ids[r[0]])
            if len(r) == 3 and r[1] == -2:
                return ("lore", str(r[2]), ids[r[0]])
            return ids[r[0]] if len(r) == 1 else (ids[r[0]], r[1])

        kv.n_keep = data["n_keep"]
        kv.spans = [Span(key(r), length) for r, length in data["spans"]]
        chat.timeline = Timeline(evicted={key(r) for r in data["evicted"]},
                                 partial={key(r): v for r, v in data["partial"]})
        kv.timeline = chat.timeline
        kv.check_invariant()
        os.utime(meta)  # most recently used
        return SnapshotResult(True, "", state.stat().st_size + meta.stat().st_size, len(mirror),
                              time.perf_counter() - started)
