"""Copies of a stored chat: a duplicate, a branch up to a message, and what "Save and continue from
here" would drop (kept as a branch before the chat is cut).

The copy is made by SQLite from the stored rows, in one transaction: every column of the chat row
(read from the schema, so a column added later is copied too), every message with all its swipes,
and the lorebooks the chat owns. Nothing is read into Python but the two small JSON columns whose
references to those lorebooks change with the copy.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from ..chat.memory import ChatMemory
from .database import Database, _json_or_none

# Chat columns a copy sets itself; every other column is copied as it is.
_OWN_CHAT_COLUMNS = ("id", "title", "created", "updated", "hidden")
_OWN_MESSAGE_COLUMNS = ("id", "chat_id", "position")
_OWN_BOOK_COLUMNS = ("id", "chat_id", "created")


class ChatNotFound(LookupError):
    pass


def _columns(db: Database, table: str, own: tuple[str, ...]) -> str:
    names = [row[1] for row in db.conn.execute(f"PRAGMA table_info({table})") if row[1] not in own]
    return ", ".join(names)


def duplicate_chat(db: Database, chat_id: int, upto_message: int | None = None, title: str | None = None) -> int:
    """Copy chat `chat_id` into a new chat and return its id.

    `upto_message`: the index (0 = the first message) of the last message copied, so a branch "from
    here" holds that message and every one before it; None copies them all. `title`: the copy's
    title (the original's when None). The copy is new (created and updated now, so it lists first)
    and holds its own copies of the chat's lorebooks. A branch cut before the end of what the
    chat's memory summarizes starts with the pinned facts only (the summary tells of messages the
    branch does not have); the summarizer writes it again as the branch's turns leave the window."""
    keep = -1 if upto_message is None else max(0, upto_message + 1)  # (LIMIT -1: all)
    chat_columns = _columns(db, "chats", _OWN_CHAT_COLUMNS)
    message_columns = _columns(db, "messages", _OWN_MESSAGE_COLUMNS)
    book_columns = _columns(db, "lorebooks", _OWN_BOOK_COLUMNS)
    with db.transaction():
        row = db.conn.execute("SELECT title FROM chats WHERE id = ?", (chat_id,)).fetchone()
        if row is None:
            raise ChatNotFound(f"chat {chat_id} does not exist")
        now = time.time()
        cur = db.conn.execute(
            f"INSERT INTO chats (title, created, updated, hidden, {chat_columns}) "
            f"SELECT ?, ?, ?, 0, {chat_columns} FROM chats WHERE id = ?", (title or row[0], now, now, chat_id))
        new_id = cur.lastrowid
        assert new_id is not None  # (an INSERT always sets it)
        # Positions are renumbered 0.. in the stored order (the order `load_chat` reads).
        copied = db.conn.execute(
            f"INSERT INTO messages (chat_id, position, {message_columns}) "
            f"SELECT ?, ROW_NUMBER() OVER (ORDER BY position, id) - 1, {message_columns} FROM "
            f"(SELECT * FROM messages WHERE chat_id = ? ORDER BY position, id LIMIT ?)",
            (new_id, chat_id, keep)).rowcount
        books = {}
        for (book_id,) in db.conn.execute("SELECT id FROM lorebooks WHERE chat_id = ? ORDER BY id", (chat_id,)).fetchall():
            cur = db.conn.execute(f"INSERT INTO lorebooks (chat_id, created, {book_columns}) "
                                  f"SELECT ?, ?, {book_columns} FROM lorebooks WHERE id = ?", (new_id, now, book_id))
            books[book_id] = cur.lastrowid
        memory, lore = db.conn.execute("SELECT memory, lore FROM chats WHERE id = ?", (new_id,)).fetchone()
        db.conn.execute("UPDATE chats SET memory = ?, lore = ? WHERE id = ?",
                        (_branch_memory(memory, copied), _renamed_books(lore, books), new_id))
    return new_id


def _branch_memory(stored: str, messages: int) -> str:
    memory = ChatMemory.from_json(_json_or_none(stored))
    if memory.covered <= messages:
        return stored
    memory.summary, memory.covered = "", 0
    return json.dumps(memory.to_json(), ensure_ascii=False)


def _renamed_books(stored: str, books: dict[int, int | None]) -> str:
    """The chat's lore state with its own books' keys ("book12", "book12:<entry>") now naming the
    copies: the books it switched off, its entries' sticky and cooldown effects."""
    data = _json_or_none(stored)
    if not books or not isinstance(data, dict):
        return stored

    def rename(key: Any) -> Any:
        match = re.fullmatch(r"book(\d+)((?::.*)?)", key, re.DOTALL) if isinstance(key, str) else None
        if match is None or int(match[1]) not in books:
            return key
        return f"book{books[int(match[1])]}{match[2]}"

    if isinstance(data.get("off"), list):
        data["off"] = [rename(key) for key in data["off"]]
    timed = data.get("timed")
    if isinstance(timed, dict):
        for kind, effects in timed.items():
            if isinstance(effects, dict):
                timed[kind] = {rename(key): value for key, value in effects.items()}
    return json.dumps(data, ensure_ascii=False)
