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
from ..chat.lore_state import ChatLore
from ..chat.memory import ChatMemory
from ..chat.paged import MessageList

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
CREATE TABLE IF NOT EXISTS lorebooks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    chat_id INTEGER REFERENCES chats(id) ON DELETE CASCADE,  -- NULL: a global book (every chat reads it)
    enabled INTEGER NOT NULL DEFAULT 1,
    settings TEXT NOT NULL DEFAULT '{}',
    book TEXT NOT NULL,
    created REAL NOT NULL
);
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
    # 1 while an import is being written or a delete is under way (see chat_files.py): not listed
    ("chats", "hidden", "INTEGER NOT NULL DEFAULT 0"),
    ("chats", "memory", "TEXT NOT NULL DEFAULT ''"),  # ChatMemory as JSON
    ("chats", "lore", "TEXT NOT NULL DEFAULT ''"),  # ChatLore as JSON
    ("chats", "title_set", "INTEGER NOT NULL DEFAULT 0"),  # 1: named by the user (never re-titled)
)


def _json_or_none(text: str | None) -> Any:
    """A JSON column's value; None for an empty or damaged one (the chat opens with defaults)."""
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        log.warning("a chat's stored memory or lore settings are not JSON; using defaults")
        return None


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

    @classmethod
    def attach(cls, path: Path) -> Database:
        """Another connection to an existing database, for work on another thread (an import, an
        export, a delete): no checks or schema changes, and waiting up to 30 s for the writer."""
        self = cls.__new__(cls)
        self.path = path
        self.conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
        self.conn.execute("PRAGMA foreign_keys = ON")
        return self

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
        """Store the chat and its messages after deletes, truncation or reordering: all or nothing.

        Written: the messages in memory (they may have been changed in place) and, from the first
        change of order on (`MessageList.dirty_from`), the positions of the others; a chat of
        100,000 messages saves a new message, a changed note or a truncation in milliseconds."""
        messages = conv.messages
        start = messages.dirty_from if conv.id is not None else 0
        with self._keeping_ids(conv), self.transaction():
            self.save_chat_row(conv)
            keep = [messages.row_id(i) for i in range(start, len(messages))]
            self.conn.execute("DELETE FROM messages WHERE chat_id = ? AND position >= ? AND id NOT IN "
                              "(SELECT value FROM json_each(?))",
                              (conv.id, start, json.dumps([i for i in keep if i is not None])))
            for position, msg in messages.loaded():  # in memory, so maybe changed in place
                if position < start:
                    self.save_message_row(conv, msg, position)
            moved = []
            for position in range(start, len(messages)):
                if messages.is_loaded(position):
                    self.save_message_row(conv, messages[position], position)
                else:  # not in memory, so unchanged: only its place may have moved
                    moved.append((position, messages.row_id(position)))
            self.conn.executemany("UPDATE messages SET position = ? WHERE id = ?", moved)
        messages.mark_saved()

    def save_message(self, conv: Conversation, msg: Message) -> None:
        """Store one message (a new one, an edit, a swipe change, a streaming reply's progress)."""
        with self._keeping_ids(conv), self.transaction():
            self.save_chat_row(conv)
            self.save_message_row(conv, msg, conv.index_of(msg))

    @staticmethod
    @contextmanager
    def _keeping_ids(conv: Conversation) -> Iterator[None]:
        """Row ids handed out inside a transaction that rolls back are taken back from the objects."""
        chat_id, ids = conv.id, [(msg, msg.id) for _, msg in conv.messages.loaded()]
        try:
            yield
        except BaseException:
            conv.id = chat_id
            for msg, mid in ids:
                msg.id = mid
            raise

    def save_chat_row(self, conv: Conversation) -> None:
        values = (conv.title, conv.system_prompt, conv.model_path, conv.updated, conv.character_id, conv.persona_name,
                  conv.persona_description, conv.authors_note, json.dumps(conv.memory.to_json(), ensure_ascii=False),
                  json.dumps(conv.lore.to_json(), ensure_ascii=False), int(conv.title_set))
        if conv.id is None:
            cur = self.conn.execute(
                "INSERT INTO chats (title, system_prompt, model_path, updated, character_id, persona_name, "
                "persona_description, authors_note, memory, lore, title_set, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, conv.created))
            conv.id = cur.lastrowid
        else:
            # A title the user set (rename_chat) stays, whatever an older copy of the chat in memory says.
            self.conn.execute(
                "UPDATE chats SET title = CASE WHEN title_set = 1 AND ?11 = 0 THEN title ELSE ?1 END, "
                "system_prompt = ?2, model_path = ?3, updated = ?4, character_id = ?5, persona_name = ?6, "
                "persona_description = ?7, authors_note = ?8, memory = ?9, lore = ?10, "
                "title_set = MAX(title_set, ?11) WHERE id = ?12",
                (*values, conv.id))

    def save_message_row(self, conv: Conversation, msg: Message, position: int) -> None:
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
        """The chat with the row ids of all its messages and the text of the newest page only."""
        row = self.conn.execute(
            "SELECT id, title, system_prompt, model_path, created, updated, character_id, persona_name, "
            "persona_description, authors_note, memory, lore, title_set FROM chats WHERE id = ?", (chat_id,)).fetchone()
        if row is None:
            return None
        ids = [r[0] for r in self.conn.execute(
            "SELECT id FROM messages WHERE chat_id = ? ORDER BY position, id", (chat_id,))]
        conv = Conversation(title=row[1], system_prompt=row[2], model_path=row[3], id=row[0], created=row[4],
                            updated=row[5], character_id=row[6], persona_name=row[7], persona_description=row[8],
                            authors_note=row[9], messages=MessageList(stored_ids=ids, loader=self.load_messages),
                            memory=ChatMemory.from_json(_json_or_none(row[10])),
                            lore=ChatLore.from_json(_json_or_none(row[11])), title_set=bool(row[12]))
        if ids:
            conv.messages[-1]  # noqa: B018 - reads the newest page now, while the chat opens
        return conv

    def load_messages(self, ids: list[int]) -> list[Message]:
        """The messages with these row ids, in this order (a page of a chat being read)."""
        rows = {r[0]: r[1:] for r in self.conn.execute(
            "SELECT id, role, swipe, swipes, document FROM messages WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),))}
        out = []
        for mid in ids:
            if mid not in rows:  # removed behind our back (another copy of the app): shown empty, not fatal
                log.warning("message %s is no longer in the database", mid)
                out.append(Message("assistant", [Swipe()], 0, None))
                continue
            role, swipe, swipes, document = rows[mid]
            items = [Swipe.from_dict(s) for s in json.loads(swipes)] or [Swipe()]
            out.append(Message(role, items, min(max(swipe, 0), len(items) - 1), mid, bool(document)))
        return out

    def search_messages(self, chat_id: int, text: str, limit: int = 1000) -> list[int]:
        """Positions (oldest first) of the chat's messages whose shown text contains `text`
        (case-insensitive for ASCII letters), found by SQLite without reading the chat into memory."""
        if not text:
            return []
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.conn.execute(
            "SELECT position FROM messages WHERE chat_id = ? AND "
            "json_extract(swipes, '$[' || swipe || '].text') LIKE ? ESCAPE '\\' ORDER BY position LIMIT ?",
            (chat_id, pattern, limit))
        return [r[0] for r in rows]

    def list_chats(self) -> list[tuple[int, str, float]]:
        """(id, title, updated), most recent first."""
        return list(self.conn.execute(
            "SELECT id, title, updated FROM chats WHERE hidden = 0 ORDER BY updated DESC, id DESC"))

    def chat_characters(self) -> dict[int, int]:
        """The character of each chat that has one (chat id -> character id)."""
        return dict(self.conn.execute(
            "SELECT id, character_id FROM chats WHERE hidden = 0 AND character_id IS NOT NULL"))

    def character_avatar(self, character_id: int) -> bytes:
        row = self.conn.execute("SELECT avatar FROM characters WHERE id = ?", (character_id,)).fetchone()
        return row[0] or b"" if row else b""

    def hidden_chats(self) -> list[int]:
        """Chats left half-written or half-deleted by an import or delete that did not finish."""
        return [r[0] for r in self.conn.execute("SELECT id FROM chats WHERE hidden = 1")]

    def message_counts(self) -> dict[int, int]:
        """How many messages each chat has (from the index; no message is read)."""
        return dict(self.conn.execute("SELECT chat_id, COUNT(*) FROM messages GROUP BY chat_id"))

    def rename_chat(self, chat_id: int, title: str) -> None:
        """A title the user chose: kept from then on (a first message no longer names the chat)."""
        self._write("UPDATE chats SET title = ?, title_set = 1 WHERE id = ?", (title, chat_id))

    def delete_chat(self, chat_id: int) -> None:
        self._write("DELETE FROM chats WHERE id = ?", (chat_id,))

    def hide_chat(self, chat_id: int, hidden: bool = True) -> None:
        """Take a chat off the list at once (while its rows are written or deleted in the background),
        or put it back (`hidden` False)."""
        self._write("UPDATE chats SET hidden = ? WHERE id = ?", (int(hidden), chat_id))

    # --- characters ------------------------------------------------------------------------------

    def add_character(self, name: str, card: dict[str, Any], avatar: bytes = b"") -> int:
        cur = self._write("INSERT INTO characters (name, card, avatar, created) VALUES (?, ?, ?, ?)",
                          (name, json.dumps(card, ensure_ascii=False), avatar or None, time.time()))
        assert cur.lastrowid is not None  # (an INSERT always sets it)
        return cur.lastrowid

    def characters(self) -> list[tuple[int, str, bytes]]:
        """(id, name, avatar PNG bytes or b"") in the order they were added."""
        return [(r[0], r[1], r[2] or b"") for r in self.conn.execute("SELECT id, name, avatar FROM characters ORDER BY id")]

    def character(self, character_id: int) -> tuple[dict[str, Any], bytes] | None:
        row = self.conn.execute("SELECT card, avatar FROM characters WHERE id = ?", (character_id,)).fetchone()
        return (json.loads(row[0]), row[1] or b"") if row else None

    def update_character(self, character_id: int, name: str, card: dict[str, Any], avatar: bytes = b"") -> None:
        """Store an edited card (from the character editor) in place: its chats keep pointing at it."""
        self._write("UPDATE characters SET name = ?, card = ?, avatar = ? WHERE id = ?",
                    (name, json.dumps(card, ensure_ascii=False), avatar or None, character_id))

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
        return [path for path, _used in self.recent_model_rows(limit)]

    def recent_model_rows(self, limit: int = 50) -> list[tuple[str, float]]:
        """(path, last used as a Unix time), most recent first."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT path, used FROM recent_models ORDER BY used DESC LIMIT ?", (limit,))]

    def forget_recent_model(self, path: str) -> None:
        self._write("DELETE FROM recent_models WHERE path = ?", (path,))


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
