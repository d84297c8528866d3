"""The left column: chats, and the shown chat's system prompt, persona and author's note."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..plain import PlainLabel
from .chat_list import ChatListPanel
from .chat_view import DEFAULT_USER


class ChatSidebar(QWidget):
    """Emits `fields_edited(dict)` (debounced) with system_prompt, persona_name, persona_description,
    authors_note; from the chat list (`ChatListPanel`), `chat_chosen(id)`, `rename_requested(id, title)`,
    `duplicate_requested(id)` and `delete_requested()` for the selected chat."""

    fields_edited = Signal(dict)
    chat_chosen = Signal(int)
    rename_requested = Signal(int, str)
    duplicate_requested = Signal(int)
    delete_requested = Signal()
    picture_chosen = Signal(str)  # a file to take as the user's picture
    picture_removed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_chat_button = QPushButton(self.tr("New chat"))
        self.chats = ChatListPanel()
        self.chat_list: QListWidget = self.chats.list
        self.chats.chat_chosen.connect(self.chat_chosen)
        self.chats.rename_requested.connect(self.rename_requested)
        self.chats.duplicate_requested.connect(self.duplicate_requested)
        self.chats.delete_requested.connect(self.delete_requested)
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(self.tr("System prompt: who the assistant is. It stays at the top "
                                                      "of the context and is never shifted out."))
        self.system_prompt.setMaximumHeight(120)
        self.persona_name = QLineEdit()
        self.persona_name.setPlaceholderText(self.tr("Your name"))
        self.persona_name.setToolTip(self.tr("Your name in this chat (empty: “You”)"))
        self.persona_description = QLineEdit()
        # A line edit's placeholder cannot wrap: it is short, and the tooltip says the rest.
        self.persona_description.setPlaceholderText(self.tr("About you"))
        self.persona_description.setToolTip(self.tr("About you: a line or two the story knows about you (it goes in "
                                                    "the pinned block at the top of the context)"))
        self.persona_picture = QToolButton()  # the user's picture, in every chat
        self.persona_picture.setIconSize(QSize(24, 24))
        self.persona_picture.setAutoRaise(True)
        self.persona_picture.setToolTip(self.tr("Your picture in every chat: choose one, or remove it"))
        self.persona_picture.setAccessibleName(self.tr("Your picture"))
        self.persona_picture.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        picture_menu = QMenu(self.persona_picture)
        picture_menu.addAction(self.tr("Choose a picture..."), self.choose_picture)
        self.remove_picture_action = picture_menu.addAction(self.tr("Remove the picture"), self.picture_removed.emit)
        self.persona_picture.setMenu(picture_menu)
        self.authors_note = QPlainTextEdit()
        # Short enough for the box on a small screen; the tooltip says the rest.
        self.authors_note.setPlaceholderText(self.tr("Author's note: placed just before each reply"))
        self.authors_note.setToolTip(self.tr("Author's note: placed just before each reply (changing it re-processes "
                                             "only the end, never the history)"))
        self.authors_note.setMaximumHeight(70)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(600)
        self._timer.timeout.connect(self.flush)
        for edit in (self.system_prompt, self.persona_name, self.persona_description, self.authors_note):
            edit.textChanged.connect(self._timer.start)
        self.setMinimumWidth(170)  # the search box's words and a chat's title stay readable on a small screen
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.new_chat_button)
        column.addWidget(self.chats, 1)
        column.addWidget(PlainLabel(self.tr("System prompt")))
        column.addWidget(self.system_prompt)
        you = QHBoxLayout()
        you.addWidget(self.persona_picture)
        you.addWidget(self.persona_name, 1)
        column.addWidget(PlainLabel(self.tr("You")))
        column.addLayout(you)
        column.addWidget(self.persona_description)
        column.addWidget(PlainLabel(self.tr("Author's note")))
        column.addWidget(self.authors_note)

    def show_chats(self, chats: list[tuple[int, str, float]], counts: dict[int, int], current: int | None,
                   icons: dict[int, QIcon] | None = None) -> None:
        """The chat list: (id, title, updated) rows, most recent first, with their message counts."""
        self.chats.show_chats(chats, counts, current, icons)

    def show_persona_picture(self, picture: QPixmap | None, letter: QPixmap) -> None:
        self.persona_picture.setIcon(QIcon(picture if picture is not None else letter))
        self.remove_picture_action.setEnabled(picture is not None)

    def choose_picture(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Your picture"), "",
                                              self.tr("Pictures (*.png *.jpg *.jpeg *.webp *.gif *.bmp)"))
        if path:
            self.picture_chosen.emit(path)

    def set_chat_count(self, chat_id: int, count: int, to_top: bool = False) -> None:
        self.chats.set_chat_count(chat_id, count, to_top)

    def values(self) -> dict[str, str]:
        return {"system_prompt": self.system_prompt.toPlainText(), "persona_name": self.persona_name.text().strip(),
                "persona_description": self.persona_description.text(),
                "authors_note": self.authors_note.toPlainText()}

    def show_conversation(self, conv) -> None:
        self._timer.stop()
        # The default name ("You", what the prompt says when none is set) shows as the empty field and its
        # placeholder, in the UI's language; an empty name is the same default to the prompt.
        name = "" if conv.persona_name == DEFAULT_USER else conv.persona_name
        for edit, value in ((self.system_prompt, conv.system_prompt), (self.persona_name, name),
                            (self.persona_description, conv.persona_description),
                            (self.authors_note, conv.authors_note)):
            edit.blockSignals(True)
            if isinstance(edit, QLineEdit):
                edit.setText(value)
            else:
                edit.setPlainText(value)
            edit.blockSignals(False)

    def flush(self) -> None:
        """Send pending edits now (before sending a message, switching chats or closing)."""
        if self._timer.isActive() or self.sender() is self._timer:
            self._timer.stop()
            self.fields_edited.emit(self.values())
