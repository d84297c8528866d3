"""Renaming, duplicating and branching chats, and keeping what "Save and continue from here" would
drop: the controller's chat-list side. Copies are storage only (`storage.chat_copy`): the engine's
cache of the shown chat is never touched by them."""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ...storage.chat_copy import ChatNotFound, duplicate_chat

if TYPE_CHECKING:
    from .controller import ChatController

log = logging.getLogger("fireside.ui")
MAX_TITLE = 200  # characters; the list elides what does not fit anyway


class ChatCopies(QObject):
    def __init__(self, controller: ChatController) -> None:
        super().__init__(controller)
        self.controller = controller

    def _store_pending(self) -> None:
        """The database up to date with the shown chat: pending sidebar edits, a streaming reply."""
        self.controller.edits_wanted.emit()
        self.controller.flush()

    def _title(self, chat_id: int) -> str | None:
        conv = self.controller.conv
        if conv is not None and conv.id == chat_id:
            return conv.title
        row = self.controller.db.conn.execute("SELECT title FROM chats WHERE id = ?", (chat_id,)).fetchone()
        return row[0] if row else None

    def rename(self, chat_id: int, title: str) -> bool:
        """Give a chat the user's title (one line); stored at once and never replaced by an automatic one."""
        c = self.controller
        title = " ".join(title.split())[:MAX_TITLE]
        if not title:
            c.notify.emit("warning", self.tr("A chat needs a name: the old one is kept."))
            c.conversations_changed.emit()  # the list shows the old name again
            return False
        try:
            c.db.rename_chat(chat_id, title)
        except sqlite3.Error as exc:
            log.error("could not rename chat %s: %s", chat_id, exc)
            c.notify.emit("error", self.tr("Could not rename the chat: {0}").format(exc))
            c.conversations_changed.emit()
            return False
        # The chat objects in memory take the title too, so their next save keeps it.
        for conv in (c.conv, c.stream_conv):
            if conv is not None and conv.id == chat_id:
                conv.title, conv.title_set = title, True
        c.conversations_changed.emit()
        return True

    def _copy(self, chat_id: int, upto_message: int | None, title: str) -> int | None:
        try:
            return duplicate_chat(self.controller.db, chat_id, upto_message, title)
        except (sqlite3.Error, ChatNotFound) as exc:
            log.error("could not copy chat %s: %s", chat_id, exc)
            self.controller.notify.emit("error", self.tr("Could not copy the chat: {0}").format(exc))
            return None

    def _open(self, chat_id: int | None) -> int | None:
        if chat_id is not None:
            self.controller.open_conversation(chat_id)
            self.controller.conversations_changed.emit()
        return chat_id

    def duplicate(self, chat_id: int) -> int | None:
        """A copy of the whole chat, "<title> (copy)", shown at once."""
        self._store_pending()
        title = self._title(chat_id)
        if title is None:
            self.controller.notify.emit("error", self.tr("That chat no longer exists."))
            return None
        return self._open(self._copy(chat_id, None, self.tr("{0} (copy)").format(title)))

    def branch_from(self, index: int) -> int | None:
        """A new chat, "<title> (branch)", with the shown chat's messages up to and including `index`."""
        conv = self.controller.conv
        if conv is None or conv.id is None or not 0 <= index < len(conv.messages):
            return None
        self._store_pending()
        return self._open(self._copy(conv.id, index, self.tr("{0} (branch)").format(conv.title)))

    def keep_later_messages(self) -> bool:
        """Before "Save and continue from here" cuts the shown chat: the whole chat as it stands (the
        replies and swipes after the edited message) stored as a branch chat, and the user told
        where. False if it could not be stored (then nothing may be cut)."""
        conv = self.controller.conv
        if conv is None or conv.id is None:
            return False
        self._store_pending()
        title = self.tr("{0} (branch)").format(conv.title)
        if self._copy(conv.id, None, title) is None:
            return False
        self.controller.notify.emit("info", self.tr("The later replies were kept in the chat “{0}”.").format(title))
        self.controller.conversations_changed.emit()
        return True
