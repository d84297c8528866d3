"""Long work on whole chats, run off the GUI thread on a connection of its own: export to
SillyTavern JSONL, import from it, delete.

Each writes in short transactions (a batch of messages each), so the window's own writes never wait
long, and keeps the promise of all or nothing another way: the chat row is `hidden` until an import
has written its last message, and a delete hides the chat first. An import that fails or is
cancelled is removed again; one cut short by a crash is removed at the next start (`hidden_chats`).
An export is written to a temporary file and renamed, so no half-written file is ever left.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from ..chat.jsonl import JobCancelled, export_lines, import_jsonl
from .database import Database

log = logging.getLogger("fireside.storage")

BATCH = 2000  # messages per transaction
Progress = Callable[[int, int], None]  # done, total
Cancelled = Callable[[], bool]


def _check(cancelled: Cancelled) -> None:
    if cancelled():
        raise JobCancelled()


def export_chat(db_path: Path, chat_id: int, character_name: str, path: str | Path,
                progress: Progress, cancelled: Cancelled) -> str:
    """Write the chat as JSONL to `path`, reading it a page at a time; returns the path."""
    db = Database.attach(db_path)
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    try:
        conv = db.load_chat(chat_id)
        if conv is None:
            raise ValueError("that chat no longer exists")
        total = len(conv.messages)
        with partial.open("w", encoding="utf-8") as out:
            for done, line in enumerate(export_lines(conv, character_name)):
                if done % BATCH == 0:
                    _check(cancelled)
                    progress(max(0, done - 1), total)
                    conv.messages.forget_before(done - 1)
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        partial.replace(target)
        progress(total, total)
        return str(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        db.close()


def import_chat(db_path: Path, path: str | Path, model_path: str, progress: Progress,
                cancelled: Cancelled) -> int:
    """Read a SillyTavern JSONL chat and store it; returns the new chat's id."""
    conv, _character = import_jsonl(path, progress=lambda done, total: progress(done, 2 * total),
                                    cancelled=cancelled)
    conv.model_path = model_path
    db = Database.attach(db_path)
    try:
        messages = conv.messages
        total = len(messages)
        with db.transaction():
            db.save_chat_row(conv)
            db.conn.execute("UPDATE chats SET hidden = 1 WHERE id = ?", (conv.id,))
        chat_id = conv.id
        assert chat_id is not None  # (saving the row gave it its id)
        try:
            for start in range(0, total, BATCH):
                _check(cancelled)
                with db.transaction():
                    for position in range(start, min(total, start + BATCH)):
                        db.save_message_row(conv, messages[position], position)
                progress(total + start, 2 * total)
            db.hide_chat(chat_id, hidden=False)
        except BaseException:
            _delete_rows(db, chat_id, lambda _d, _t: None)
            raise
        progress(2 * total, 2 * total)
        log.info("imported %s: %d messages as chat %s", path, total, conv.id)
        return chat_id
    finally:
        db.close()


def delete_chat(db_path: Path, chat_id: int, progress: Progress, _cancelled: Cancelled) -> int:
    """Delete the chat and its messages a batch at a time; returns the id. Once started it is
    not cancellable (the chat is hidden already; a stop half-way would leave half a chat)."""
    db = Database.attach(db_path)
    try:
        _delete_rows(db, chat_id, progress)
        return chat_id
    finally:
        db.close()


def _delete_rows(db: Database, chat_id: int, progress: Progress) -> None:
    db.hide_chat(chat_id)
    total = db.conn.execute("SELECT COUNT(*) FROM messages WHERE chat_id = ?", (chat_id,)).fetchone()[0]
    done = 0
    while True:
        with db.transaction():
            removed = db.conn.execute(
                "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE chat_id = ? LIMIT ?)",
                (chat_id, BATCH)).rowcount
        done += removed
        progress(done, total)
        if removed < BATCH:
            break
    with db.transaction():
        db.conn.execute("DELETE FROM chats WHERE id = ?", (chat_id,))
