"""Lorebooks in the database: global ones (every chat reads them) and a chat's own. A character's
lorebook lives in its card (`character_book`), so exporting the card carries it."""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..chat.cards import Card, card_from_json
from ..chat.lorebook import Lorebook, LorebookError, lorebook_from_json
from .database import Database

log = logging.getLogger("fireside.storage")

SETTINGS = ("scan_depth", "token_budget_pct", "recursive", "max_recursion", "case_sensitive", "match_whole_words")


def _settings(book: Lorebook) -> str:
    return json.dumps({name: getattr(book, name) for name in SETTINGS}, ensure_ascii=False)


def _apply(book: Lorebook, settings: Any) -> None:
    if isinstance(settings, dict):
        for name in SETTINGS:
            value = settings.get(name)
            if isinstance(value, type(getattr(book, name))) and not isinstance(value, str):
                setattr(book, name, value)


class LoreStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, book: Lorebook, chat_id: int | None = None) -> int:
        cur = self.db._write(
            "INSERT INTO lorebooks (name, chat_id, enabled, settings, book, created) VALUES (?, ?, ?, ?, ?, ?)",
            (book.name, chat_id, int(book.enabled), _settings(book), json.dumps(book.to_json(), ensure_ascii=False),
             time.time()))
        assert cur.lastrowid is not None
        book.id = cur.lastrowid
        return book.id

    def save(self, book: Lorebook) -> None:
        if book.id is None:
            raise ValueError("the lorebook is not stored yet")
        self.db._write("UPDATE lorebooks SET name = ?, enabled = ?, settings = ?, book = ? WHERE id = ?",
                       (book.name, int(book.enabled), _settings(book), json.dumps(book.to_json(), ensure_ascii=False),
                        book.id))

    def delete(self, book_id: int) -> None:
        self.db._write("DELETE FROM lorebooks WHERE id = ?", (book_id,))

    def books(self, chat_id: int | None) -> list[tuple[Lorebook, int | None]]:
        """(book, its chat or None for a global one): the global books, then the chat's own."""
        rows = self.db.conn.execute(
            "SELECT id, name, chat_id, enabled, settings, book FROM lorebooks WHERE chat_id IS NULL OR chat_id = ? "
            "ORDER BY chat_id IS NOT NULL, id", (chat_id if chat_id is not None else -1,)).fetchall()
        out = []
        for row_id, name, owner, enabled, settings, data in rows:
            try:
                book = lorebook_from_json(json.loads(data))
            except (ValueError, LorebookError) as exc:
                log.error("lorebook %d cannot be read (%s); it is skipped", row_id, exc)
                continue
            book.id, book.name, book.enabled = row_id, name, bool(enabled)
            try:
                _apply(book, json.loads(settings))
            except ValueError:
                pass
            out.append((book, owner))
        return out

    def save_character_book(self, character_id: int, card: Card) -> None:
        """Write a card whose lorebook was edited back into its row (its export then carries the edit)."""
        self.db._write("UPDATE characters SET card = ? WHERE id = ?",
                       (json.dumps(card.to_json(), ensure_ascii=False), character_id))

    def character_card(self, character_id: int) -> Card | None:
        row = self.db.character(character_id)
        if row is None:
            return None
        card = card_from_json(row[0])
        card.avatar_png = row[1]
        return card


def global_books_reader(path: Path) -> Callable[[], list[tuple[str, Lorebook]]]:
    """A loader of the global lorebooks that opens its own connection on each call (the API's thread
    cannot share the window's), for chat.api_lore. A missing or busy database reads as no books."""

    def read() -> list[tuple[str, Lorebook]]:
        if not path.is_file():
            return []
        try:
            db = Database.attach(path)
        except sqlite3.Error as exc:
            log.warning("the lorebooks could not be read for the API: %s", exc)
            return []
        try:
            return [(f"book{b.id}", b) for b, owner in LoreStore(db).books(None) if owner is None and b.enabled]
        except sqlite3.Error as exc:
            log.warning("the lorebooks could not be read for the API: %s", exc)
            return []
        finally:
            db.close()

    return read
