"""The chat page: the messages, find-in-chat, the context map, the prompt's progress and the message
box, built with what they need and wired to the controller here, in one place.

Besides showing the controller's messages it keeps three things the window used to mix in:
- the context map of the shown chat, stored per chat so it shows again (faded) after a restart, and
  never one made for another window size;
- a story's reading progress in the chat's "I have read it" answer until the reading is done;
- the speakers' names and the character's card picture as its avatar.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget

from ...storage.database import Database
from .avatars import Avatars
from .chat_search import ChatSearch
from .chat_view import ChatView
from .composer import Composer
from .context_map import ContextMap, compact_map
from .controller import ChatController
from .story_reader import StoryReader, quote_for_question


def markdown_escaped(text: str) -> str:
    """`text` shown literally in a markdown message (a story's file name may hold * or [)."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#!|~" else ch for ch in text)


class ChatPage(QWidget):
    def __init__(self, controller: ChatController, db: Database, avatars: Avatars, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller, self.db, self.avatars = controller, db, avatars
        avatars.changed.connect(self.pictures_changed)
        self.chat_view = ChatView()
        self.chat_search = ChatSearch(controller.search)
        self.chat_search.jump.connect(self.chat_view.scroll_to)
        self.reader = StoryReader(db)  # a story chat's text, beside its questions
        self.reader.ask_about.connect(self.quote_in_composer)
        self.context_map = ContextMap()
        self.context_map.hide()  # until a chat is read (no empty column)
        self.prompt_bar = QProgressBar()
        self.prompt_bar.hide()
        self.composer = Composer()
        self.send_button = QPushButton(self.tr("Send"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        self.stop_button.hide()
        self._lay_out()
        self._connect(controller)

    def _lay_out(self) -> None:
        chat_row = QHBoxLayout()
        chat_row.setSpacing(2)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.reader.setMinimumWidth(200)  # (neither side is squeezed to a sliver on a small screen)
        self.chat_view.setMinimumWidth(220)
        self.splitter.addWidget(self.reader)
        self.splitter.addWidget(self.chat_view)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.splitterMoved.connect(self._divider_moved)
        self._reader_share = False  # the user set the page's share
        chat_row.addWidget(self.splitter, 1)
        chat_row.addWidget(self.context_map)
        row = QHBoxLayout()
        row.addWidget(self.composer, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 6)
        column.addWidget(self.chat_search)
        column.addLayout(chat_row, 1)
        column.addWidget(self.prompt_bar)
        column.addLayout(row)

    def _connect(self, c: ChatController) -> None:
        view = self.chat_view
        c.message_added.connect(lambda i: view.append(c.conv.messages[i]) if c.conv is not None else None)
        c.message_changed.connect(view.refresh)
        c.message_streaming.connect(view.stream)
        c.messages_removed.connect(view.remove_from)
        c.message_deleted.connect(view.removed)
        c.names_changed.connect(self.names_changed)
        c.context_map.connect(self.map_arrived)
        c.reading.connect(self.story_reading)
        c.conversation_opened.connect(self.show_story_of)
        c.model_changed.connect(self._model_changed)
        c.prompt_progress.connect(self.prompt_progress)

    # --- the speakers --------------------------------------------------------------------------------

    def names_changed(self, user: str, character: str) -> None:
        """The speakers' names, and their pictures: the card's for the character, the user's own."""
        self.chat_view.set_names(user, character)
        self.pictures_changed()

    def pictures_changed(self) -> None:
        conv = self.controller.conv
        pictures = {"assistant": self.avatars.character(conv.character_id) if conv is not None else None,
                    "user": self.avatars.persona()}
        self.chat_view.set_pictures({role: p for role, p in pictures.items() if p is not None})

    # --- a story being read --------------------------------------------------------------------------

    def story_reading(self, done: int, total: int, finished: bool, cancelled: bool) -> None:
        """The story chat's answer says "I have read it" only once it has: until then it shows how far
        the reading got; a reading stopped halfway says so, and that the rest is read first next time."""
        conv = self.controller.conv
        if conv is None or not conv.messages or not conv.messages[0].document:
            return
        self.reader.set_reading(done, total, finished)
        title = markdown_escaped(conv.title)
        if not finished:
            text = self.tr("Reading “{0}”… {1:,} of {2:,} tokens ({3:.0%}). I answer once I have read it all; "
                           "Esc stops.").format(title, done, total, done / total if total else 0)
        elif cancelled:
            text = self.tr("I stopped reading “{0}” at {1:,} of {2:,} tokens. Send a message and I'll read the rest "
                           "first.").format(title, done, total)
        else:
            text = ""
        self.chat_view.set_status(len(conv.messages) - 1, text)

    def clear_statuses(self) -> None:
        for index in list(self.chat_view.statuses):
            self.chat_view.set_status(index, "")

    def prompt_progress(self, done: int, total: int) -> None:
        show = total > 256 and done < total
        self.prompt_bar.setVisible(show)
        if show:
            self.prompt_bar.setRange(0, total)
            self.prompt_bar.setValue(done)
            self.prompt_bar.setFormat(self.tr("Reading the prompt: %v / %m tokens (Esc cancels)"))

    # --- the context map -----------------------------------------------------------------------------

    def map_arrived(self, data: dict[str, Any]) -> None:
        """The engine's map of the shown chat: show it, and keep it so it shows again after a restart."""
        self.context_map.set_map(data)
        self._place_story(data)
        conv, info = self.controller.conv, self.controller.model_info
        if conv is not None and conv.id is not None and info:
            self.db.set_setting(f"context_map:{conv.id}", {"model": info["config"]["model_path"],
                                                          "map": compact_map(data)})

    def _model_changed(self, _info: dict[str, Any]) -> None:
        self.controller.last_map.clear()  # a new engine cache: no chat is read into it yet
        if self.controller.conv is not None:
            self.show_map_of(self.controller.conv)

    def show_map_of(self, conv: Any) -> None:
        """The chat's live map if the engine has read it, else (faded) the one from its last reading
        with this model and window, else none: never one of another window size."""
        chat_id = getattr(conv, "id", None)
        live = self.controller.last_map.get(chat_id) if chat_id is not None else None
        info = self.controller.model_info
        stored = self.db.setting(f"context_map:{chat_id}") if chat_id is not None else None
        if live is not None:
            self.context_map.set_map(live)
            self._place_story(live)
        elif (isinstance(stored, dict) and info and stored.get("model") == info["config"]["model_path"]
              and stored["map"].get("n_ctx") == info["n_ctx"]):
            self.context_map.set_map(stored["map"], stale=True)
            self._place_story(stored["map"], stale=True)
        else:
            self.context_map.clear()
            if isinstance(stored, dict):  # (another model or window: where it stood then, faded)
                self._place_story(stored["map"], stale=True)

    def show_story_of(self, conv: Any) -> None:
        """A story chat shows its page beside the chat: half the width each, until the user moves the
        divider (then that share is kept for the next story)."""
        was_hidden = self.reader.isHidden()
        if self.reader.show_story(conv) and was_hidden and not self._reader_share:
            QTimer.singleShot(0, self._halve)  # once the page is laid out with the reader in it

    def _halve(self) -> None:
        if not self._reader_share and not self.reader.isHidden():
            width = self.splitter.width()
            self.splitter.setSizes([width // 2, width - width // 2])

    def _divider_moved(self, _pos: int, _index: int) -> None:
        self._reader_share = True

    def _place_story(self, data: dict[str, Any], stale: bool = False) -> None:
        places = [d for d in data.get("documents", []) if d.get("index") == 0]
        if places:
            self.reader.set_places(places[0], stale)

    def quote_in_composer(self, passage: str) -> None:
        """"Ask about this": the passage, quoted, starts the message; the user writes the question."""
        self.composer.setPlainText(quote_for_question(passage) + self.composer.toPlainText())
        self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.composer.setFocus()
