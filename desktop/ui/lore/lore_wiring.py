"""Lore and memory in the main window: the dock, the editor, the menu entries and the context map's
entry titles, wired in one place. The slots are methods of a QObject the window owns (not closures
holding the window), so nothing keeps a closed window alive or calls into it after it is gone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QKeySequence

from ...chat.cards import Card
from ...chat.conversation import Conversation
from ...chat.library import character_conversation, stored_card
from ...chat.prompt import Persona
from .lore_dock import LoreDock
from .lorebook_editor import LorebookEditor

if TYPE_CHECKING:
    from ..main_window import MainWindow


class LoreWiring(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.dock = LoreDock(self.controller.lore_memory, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.serve_dock, self.dock)
        window.settings_dock.raise_()
        self.dock.notify.connect(window.show_banner)
        self.controller.conversation_opened.connect(self.opened)
        self.controller.lore_memory.lore_scanned.connect(self.scanned)
        self.dock.edit_books.connect(self.edit_books)
        self.dock.carry_memory.connect(self.carry_memory)
        self.editor_action = window.chat_menu.addAction(QCoreApplication.translate("MainWindow", "&Lorebooks..."),
                                                        QKeySequence("Ctrl+Shift+L"), self.edit_books)
        window.view_menu.addAction(self.dock.toggleViewAction())

    def current_card(self) -> Card | None:
        conv = self.controller.conv
        return stored_card(self.controller.db, conv.character_id) if conv is not None else None

    def opened(self, conv: Conversation) -> None:
        self.dock.show_chat(conv, self.current_card())

    def scanned(self, _chat_id: int, scan: dict) -> None:
        self.window.context_map.bar.titles = {e["key"]: e["title"] for e in scan.get("active", [])}

    def edit_books(self) -> None:
        self.dock.save_memory()
        editor = LorebookEditor(self.controller.lore_memory, self.controller.conv, self.current_card(), self.window)
        editor.changed.connect(self.dock.refresh_books)
        editor.exec()
        editor.deleteLater()
        self.dock.show_chat(self.controller.conv, self.current_card())

    def carry_memory(self) -> None:
        """A new chat with the same character and persona that starts with this chat's memory."""
        self.dock.save_memory()
        old = self.controller.conv
        if old is None:
            return
        card = self.current_card()
        persona = Persona(old.persona_name, old.persona_description)
        if card is not None and old.character_id is not None:
            conv = character_conversation(card, old.character_id, persona)
        else:
            conv = Conversation(system_prompt=old.system_prompt, persona_name=old.persona_name,
                                persona_description=old.persona_description)
        conv.memory = old.memory.carried()
        conv.lore.off = list(old.lore.off)
        self.controller.adopt_conversation(conv)


def install_lore(window: MainWindow) -> LoreDock:
    """Build the "Lore & memory" dock into `window` (a MainWindow) and connect it."""
    window.lore_wiring = LoreWiring(window)
    return window.lore_wiring.dock
