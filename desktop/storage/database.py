"""SQLite storage (WAL): chats and their messages with swipes, per-model settings, app settings.

Every write commits at once, so a crash loses at most the few seconds of a reply still streaming;
each write (a whole chat, an import, a delete) is one transaction: all of it or nothing.
Only a file that is really damaged (not a database, or failing SQLite's own check) is moved aside
(never deleted) and a fresh database created; a locked, read-only or full disk is reported as such
and the file is left alone.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..chat.conversation import Conversation, Message, Swipe

log = logging.getLogger("fireside.storage")

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS chats (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    system_prompt TEXT NOT NULL DEFAULT '',
    model_path TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    swipe INTEGER NOT NULL DEFAULT 0,
    swipes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_chat ON messages(chat_id, position);
CREATE TABLE IF NOT EXISTS model_settings (
    model_key TEXT PRIMARY KEY,
    load TEXT NOT NULL,
    sampler TEXT NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS app_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS recent_models (path TEXT PRIMARY KEY, used REAL NOT NULL);
CREATE TABLE IF NOT EXISTS characters (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    card TEXT NOT NULL,
    avatar BLOB,
    created REAL NOT NULL
);
"""
# Columns added after the first release: (table, column, declaration).
MIGRATIONS = (
    ("chats", "character_id", "INTEGER REFERENCES characters(id) ON DELETE SET NULL"),
    ("chats", "persona_name", "TEXT NOT NULL DEFAULT 'You'"),
    ("chats", "persona_description", "TEXT NOT NULL DEFAULT ''"),
    ("chats", "authors_note", "TEXT NOT NULL DEFAULT ''"),
    ("messages", "document", "INTEGER NOT NULL DEFAULT 0"),
)


class CorruptDatabase(Exception):
    pass


class DatabaseUnavailable(Exception):
    """The database exists but cannot be used now (locked, read-only, disk full, no permission)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# SQLite's result codes for a damaged file; every other error leaves the file where it is.
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def is_corruption(exc: BaseException) -> bool:
    if isinstance(exc, CorruptDatabase):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        self.conn.execute("PRAGMA foreign_keys = ON")
        try:
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            check = self.conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise CorruptDatabase(check)
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.executescript(SCHEMA)
            self._migrate()
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except (sqlite3.DatabaseError, CorruptDatabase):
            self.conn.close()
            raise
        log.info("database %s (journal %s)", path, mode)

    def close(self) -> None:
        self.conn.close()

    def _migrate(self) -> None:
        for table, column, declaration in MIGRATIONS:
            have = {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One all-or-nothing write (the connection is in autocommit mode, so `with conn:` is not)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _write(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self.transaction():
            return self.conn.execute(sql, args)

    # --- chats -----------------------------------------------------------------------------------

    def save_chat(self, conv: Conversation) -> None:
        """Store the chat and all its messages (after deletes, truncation or reordering): all or nothing."""
        with self._keeping_ids(conv), self.transaction():
            self._save_chat_row(conv)
            keep = [m.id for m in conv.messages if m.id is not None]
            marks = ",".join("?" * len(keep))
            self.conn.execute(f"DELETE FROM messages WHERE chat_id = ? AND id NOT IN ({marks})",
                              (conv.id, *keep))
            for position, msg in enumerate(conv.messages):
                self._save_message_row(conv, msg, position)

    def save_message(self, conv: Conversation, msg: Message) -> None:
        """Store one message (a new one, an edit, a swipe change, a streaming reply's progress)."""
        with self._keeping_ids(conv), self.transaction():
            self._save_chat_row(conv)
            self._save_message_row(conv, msg, conv.index_of(msg))

    @staticmethod
    @contextmanager
    def _keeping_ids(conv: Conversation) -> Iterator[None]:
        """Row ids handed out inside a transaction that rolls back are taken back from the objects."""
        before = (conv.id, [m.id for m in conv.messages])
        try:
            yield
        except BaseException:
            conv.id = before[0]
            for msg, mid in zip(conv.messages, before[1]):
                msg.id = mid
            raise

    def _save_chat_row(self, conv: Conversation) -> None:
        values = (conv.title, conv.system_prompt, conv.model_path, conv.updated, conv.character_id, conv.persona_name,
                  conv.persona_description, conv.authors_note)
        if conv.id is None:
            cur = self.conn.execute(
                "INSERT INTO chats (title, system_prompt, model_path, updated, character_id, persona_name, "
                "persona_description, authors_note, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, conv.created))
            conv.id = cur.lastrowid
        else:
            self.conn.execute(
                "UPDATE chats SET title = ?, system_prompt = ?, model_path = ?, updated = ?, character_id = ?, "
                "persona_name = ?, persona_description = ?, authors_note = ? WHERE id = ?", (*values, conv.id))

    def _save_message_row(self, conv: Conversation, msg: Message, position: int) -> None:
        swipes = json.dumps([s.to_dict() for s in msg.swipes], ensure_ascii=False)
        if msg.id is None:
            cur = self.conn.execute(
                "INSERT INTO messages (chat_id, position, role, swipe, swipes, document) VALUES (?, ?, ?, ?, ?, ?)",
                (conv.id, position, msg.role, msg.swipe, swipes, int(msg.document)))
            msg.id = cur.lastrowid
        else:
            self.conn.execute("UPDATE messages SET position = ?, role = ?, swipe = ?, swipes = ? WHERE id = ?",
                              (position, msg.role, msg.swipe, swipes, msg.id))

    def load_chat(self, chat_id: int) -> Conversation | None:
        row = self.conn.execute(
            "SELECT id, title, system_prompt, model_path, created, updated, character_id, persona_name, "
            "persona_description, authors_note FROM chats WHERE id = ?", (chat_id,)).fetchone()
        if row is None:
            return None
        conv = Conversation(title=row[1], system_prompt=row[2], model_path=row[3], id=row[0], created=row[4],
                            updated=row[5], character_id=row[6], persona_name=row[7], persona_description=row[8],
                            authors_note=row[9])
        for mid, role, swipe, swipes, document in self.conn.execute(
                "SELECT id, role, swipe, swipes, document FROM messages WHERE chat_id = ? ORDER BY position",
                (chat_id,)):
            items = [Swipe.from_dict(s) for s in json.loads(swipes)] or [Swipe()]
            conv.messages.append(Message(role, items, min(max(swipe, 0), len(items) - 1), mid, bool(document)))
        return conv

    def list_chats(self) -> list[tuple[int, str, float]]:
        """(id, title, updated), most recent first."""
        return list(self.conn.execute("SELECT id, title, updated FROM chats ORDER BY updated DESC, id DESC"))

    def delete_chat(self, chat_id: int) -> None:
        self._write("DELETE FROM chats WHERE id = ?", (chat_id,))

    # --- characters ------------------------------------------------------------------------------

    def add_character(self, name: str, card: dict[str, Any], avatar: bytes = b"") -> int:
        cur = self._write("INSERT INTO characters (name, card, avatar, created) VALUES (?, ?, ?, ?)",
                          (name, json.dumps(card, ensure_ascii=False), avatar or None, time.time()))
        return int(cur.lastrowid)

    def characters(self) -> list[tuple[int, str, bytes]]:
        """(id, name, avatar PNG bytes or b"") in the order they were added."""
        return [(r[0], r[1], r[2] or b"") for r in self.conn.execute("SELECT id, name, avatar FROM characters ORDER BY id")]

    def character(self, character_id: int) -> tuple[dict[str, Any], bytes] | None:
        row = self.conn.execute("SELECT card, avatar FROM characters WHERE id = ?", (character_id,)).fetchone()
        return (json.loads(row[0]), row[1] or b"") if row else None

    def delete_character(self, character_id: int) -> None:
        self._write("DELETE FROM characters WHERE id = ?", (character_id,))

    # --- settings --------------------------------------------------------------------------------

    def model_settings(self, model_key: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        row = self.conn.execute("SELECT load, sampler FROM model_settings WHERE model_key = ?", (model_key,)).fetchone()
        return (json.loads(row[0]), json.loads(row[1])) if row else None

    def set_model_settings(self, model_key: str, load: dict[str, Any], sampler: dict[str, Any]) -> None:
        self._write("INSERT OR REPLACE INTO model_settings (model_key, load, sampler, updated) VALUES (?, ?, ?, ?)",
                    (model_key, json.dumps(load), json.dumps(sampler), time.time()))

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM app_settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        self._write("INSERT OR REPLACE INTO app_settings (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def add_recent_model(self, path: str) -> None:
        self._write("INSERT OR REPLACE INTO recent_models (path, used) VALUES (?, ?)", (path, time.time()))

    def recent_models(self, limit: int = 8) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT path FROM recent_models ORDER BY used DESC LIMIT ?", (limit,))]


@dataclass(frozen=True)
class Recovery:
    """What happened to a database file that could not be read."""

    moved_to: Path
    reason: str


def open_database(path: Path) -> tuple[Database, Recovery | None]:
    """Open (or create) the database; a corrupt file is moved aside and reported.

    Raises DatabaseUnavailable (the file untouched) when it is locked, read-only, on a full disk or
    cannot be opened: the user is told, and may retry.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return Database(path), None
    except OSError as exc:
        raise DatabaseUnavailable(path, exc.strerror or str(exc)) from exc
    except (sqlite3.DatabaseError, CorruptDatabase) as exc:
        if not is_corruption(exc):
            log.error("database %s cannot be used now: %s", path, exc)
            raise DatabaseUnavailable(path, str(exc)) from exc
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(path) + suffix)
            if src.exists():
                src.replace(Path(str(aside) + suffix))
        log.error("database %s could not be read (%s); moved to %s", path, exc, aside)
        return Database(path), Recovery(aside, str(exc) or type(exc).__name__)
