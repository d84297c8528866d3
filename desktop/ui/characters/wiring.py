"""The characters in the main window: the library, the gallery (File > Characters), the editor and
the chat's "About <name>" header, wired in one place. The slots are methods of a QObject the window
owns, so nothing keeps a closed window alive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QKeySequence

from ...chat.conversation import Conversation
from .editor import CharacterEditor
from .gallery import CharacterDialog
from .header import CharacterHeader
from .library import CharacterLibrary

if TYPE_CHECKING:
    from ..main_window import MainWindow


class CharacterWiring(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.library = CharacterLibrary(window.db, self)
        self.dialog: CharacterDialog | None = None
        self.editor: CharacterEditor | None = None
        self.header = CharacterHeader()
        column = window.chat_page.layout()
        column.insertWidget(column.indexOf(window.chat_search) + 1, self.header)  # just above the chat
        self.header.edit_requested.connect(self.edit)
        self.controller.conversation_opened.connect(self.opened)
        self.controller.names_changed.connect(self.names_changed)
        self.library.changed.connect(self.character_changed)
        self.about_action = window.chat_menu.addAction(QCoreApplication.translate("MainWindow", "About the c&haracter"), QKeySequence("Ctrl+I"),
                                                       self.header.toggle_open)
        self.edit_action = window.chat_menu.addAction(QCoreApplication.translate("MainWindow", "&Edit the character..."), self.edit_current)

    def show_dialog(self) -> CharacterDialog:
        """File > Characters: the gallery (one, shown again with what is stored now)."""
        if self.dialog is None:
            self.dialog = CharacterDialog(self.library, self.controller, self.window)
        else:
            self.dialog.refresh()
        self.dialog.open()
        return self.dialog

    def edit(self, character_id: int | None) -> CharacterEditor:
        editor = CharacterEditor(self.library, self.controller.lore_memory, character_id, self.window)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.destroyed.connect(self._editor_gone)
        self.editor = editor
        editor.open()
        return editor

    def edit_current(self) -> CharacterEditor | None:
        conv = self.controller.conv
        if conv is None or self.library.card(conv.character_id) is None:
            self.window.show_banner("info", QCoreApplication.translate(
                "MainWindow", "This chat has no character. File > Characters... makes or imports one."))
            return None
        return self.edit(conv.character_id)

    def _editor_gone(self, *_args: object) -> None:
        self.editor = None

    def opened(self, conv: Conversation) -> None:
        self.header.show_card(conv.character_id, self.library.card(conv.character_id), conv.persona_name or "You")

    def names_changed(self, _user: str, _character: str) -> None:
        if self.controller.conv is not None:
            self.opened(self.controller.conv)

    def character_changed(self, character_id: int) -> None:
        """A card was saved or deleted: the chat that uses it shows the new name, text and lorebook."""
        conv = self.controller.conv
        if conv is None or conv.character_id != character_id:
            return
        self.opened(conv)
        if self.library.card(character_id) is not None:
            parts = self.controller.parts()
            self.controller.names_changed.emit(parts.user_name, parts.character_name)
        lore = getattr(self.window, "lore_wiring", None)
        if lore is not None:
            lore.opened(conv)


def install_characters(window: MainWindow) -> CharacterWiring:
    """Build the characters' parts into `window` (a MainWindow) and connect them."""
    return CharacterWiring(window)
