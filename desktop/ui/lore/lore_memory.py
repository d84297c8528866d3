"""Lore and memory for the chat controller: this turn's lorebook scan, and the background job that
folds turns leaving the window into the chat's memory. Composed into the controller (it is given the
database and the engine client); it owns the summary job and its one cancel path."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ...chat.cards import Card
from ...chat.conversation import Conversation
from ...chat.library import PromptParts, prompt_parts
from ...chat.lore_chat import TurnLore, turn_lore
from ...chat.lorebook import Lorebook
from ...chat.memory import is_japanese, summary_due, summary_instruction
from ...storage.database import Database
from ...storage.lore_store import LoreStore
from ...worker.client import EngineClient
from ...worker.protocol import BACKGROUND, JobError

log = logging.getLogger("fireside.ui")


def character_book_key(character_id: int) -> str:
    return f"char{character_id}"


def stored_book_key(book_id: int) -> str:
    return f"book{book_id}"


class LoreMemory(QObject):
    memory_changed = Signal(int)  # chat id: its memory was updated (by a summary)
    lore_scanned = Signal(int, dict)  # chat id, {"active": [...], "warnings": [...], "budget", "used"}
    summarizing = Signal(bool)

    def __init__(self, db: Database, client: EngineClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.store = LoreStore(db)
        self.client = client
        self.summary_id = 0
        self._summary: tuple[Conversation, int] | None = None  # the chat being summarized, up to message
        self._last_parts: dict[int, PromptParts] = {}
        self.last_scan: dict[int, dict[str, Any]] = {}
        self.closed = False  # the window is closing: a summary that ends now is not stored
        client.finished.connect(self._on_finished)
        client.failed.connect(self._on_failed)

    # --- lore --------------------------------------------------------------------------------------

    def scoped_books(self, conv: Conversation, card: Card | None) -> list[tuple[str, Lorebook, str]]:
        """(key, book, scope) of the books a chat reads, in priority order: its own ("chat"), its
        character's ("character"), the global ones ("global"); one read of the database."""
        stored = self.store.books(conv.id)
        own = [(stored_book_key(b.id), b, "chat") for b, owner in stored if owner is not None and b.id is not None]
        glob = [(stored_book_key(b.id), b, "global") for b, owner in stored if owner is None and b.id is not None]
        char = [(character_book_key(conv.character_id), card.character_book, "character")] if (
            card is not None and card.character_book is not None and conv.character_id is not None) else []
        return own + char + glob

    def books_for(self, conv: Conversation, card: Card | None) -> list[tuple[str, Lorebook]]:
        """The books a chat reads, in priority order (see scoped_books)."""
        return [(key, book) for key, book, _scope in self.scoped_books(conv, card)]

    def turn_parts(self, conv: Conversation, card: Card | None, n_ctx: int, mode: str) -> PromptParts:
        """The prompt parts of a turn: the lorebooks scanned (a new reply or a continue; not a story
        being read), their timed effects stored with the chat."""
        lore: TurnLore | None = None
        if mode != "read":
            base = prompt_parts(conv, card)
            books = self.books_for(conv, card)
            if books:
                lore = turn_lore(conv, books, n_ctx, base.character_name, base.user_name)
                if conv.id is not None:
                    self.db.save_chat_row(conv)  # the timed effects move with the turn
                titles = {f"{key}:{e.uid}": e.title for key, book in books for e in book.entries}
                scan = {"active": [{"key": e.key, "title": titles.get(e.key, e.title), "placement": e.placement,
                                    "tokens": e.tokens, "reason": e.reason} for e in lore.scan.active],
                        "warnings": list(lore.scan.warnings), "budget": lore.scan.budget, "used": lore.scan.used}
                for warning in lore.scan.warnings:
                    log.warning("lorebook: %s", warning)
                if conv.id is not None:
                    self.last_scan[conv.id] = scan
                    self.lore_scanned.emit(conv.id, scan)
        parts = prompt_parts(conv, card, lore)
        if conv.id is not None:
            self._last_parts[conv.id] = parts
        return parts

    # --- memory --------------------------------------------------------------------------------------

    def close(self) -> None:
        """The window closes (its database next): stop a running summary and store nothing more."""
        self.closed = True
        self.cancel_background()

    def cancel_background(self) -> None:
        """The user sends: a summary still running stops at its next token (it is tried again later)."""
        if self.summary_id:
            self.client.cancel(self.summary_id)

    def after_reply(self, conv: Conversation, context_map: dict[str, Any],
                    request: Callable[[PromptParts], dict[str, Any]]) -> bool:
        """Start a summary if turns are leaving the window unsummarized (`request` builds the chat's
        request from prompt parts, as a reply would send it). True if one was started."""
        if self.summary_id or conv.id is None or self.closed:
            return False
        due = summary_due(conv.memory, context_map, len(conv.messages))
        parts = self._last_parts.get(conv.id)
        if due is None or parts is None or self.client.running_job:
            return False
        first, end = due
        names = {"user": parts.user_name, "assistant": parts.character_name}
        turns = [(names.get(m.role, m.role), m.text) for m in conv.messages[first:end] if not m.document]
        text = summary_instruction(conv.memory.summary, conv.memory.facts, turns, is_japanese([t for _, t in turns]))
        args = {**request(parts), "instruction": text, "max_tokens": 220}
        self.summary_id = self.client.submit("summarize", args, BACKGROUND)
        self._summary = (conv, end)
        self.summarizing.emit(True)
        log.info("summarizing messages %d-%d of chat %s into its memory", first + 1, end, conv.id)
        return True

    def _on_finished(self, rid: int, result: Any) -> None:
        if rid != self.summary_id:
            return
        conv, end = self._summary or (None, 0)
        self.summary_id, self._summary = 0, None
        self.summarizing.emit(False)
        if self.closed or conv is None or not isinstance(result, dict) or result.get("reason") == "cancelled":
            return
        text = str(result.get("text") or "").strip()
        if not text:
            log.info("the summary came back empty; the memory is unchanged")
            return
        conv.memory.summary = text
        conv.memory.covered = max(conv.memory.covered, end)
        if conv.id is not None:
            try:
                self.db.save_chat_row(conv)
            except sqlite3.Error as exc:  # (closed at exit, or the disk): the memory is written again later
                log.warning("the chat's new memory could not be stored now: %s", exc)
            self.memory_changed.emit(conv.id)

    def _on_failed(self, rid: int, error: JobError) -> None:
        if rid != self.summary_id:
            return
        self.summary_id, self._summary = 0, None
        self.summarizing.emit(False)
        log.warning("the memory's summary did not finish: %s", error.message)
