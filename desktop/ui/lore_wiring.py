"""Lore and memory in the main window: the dock, the editor, the menu entries and the context map's
entry titles, wired in one place."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence

from ..chat.conversation import Conversation
from ..chat.library import character_conversation, stored_card
from ..chat.prompt import Persona
from .lore_dock import LoreDock
from .lorebook_editor import LorebookEditor


def install_lore(window: Any) -> LoreDock:
    """Build the "Lore & memory" dock into `window` (a MainWindow) and connect it."""
    controller = window.controller
    dock = LoreDock(controller.lore_memory, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.tabifyDockWidget(window.serve_dock, dock)
    window.settings_dock.raise_()
    dock.notify.connect(window.show_banner)

    def current_card() -> Any:
        conv = controller.conv
        return stored_card(controller.db, conv.character_id) if conv is not None else None

    def opened(conv: Conversation) -> None:
        dock.show_chat(conv, current_card())

    def edit_books() -> None:
        dock.save_memory()
        editor = LorebookEditor(controller.lore_memory, controller.conv, current_card(), window)
        editor.changed.connect(dock.refresh_books)
        editor.exec()
        dock.show_chat(controller.conv, current_card())

    def carry_memory() -> None:
        """A new chat with the same character and persona that starts with this chat's memory."""
        dock.save_memory()
        old = controller.conv
        if old is None:
            return
        card = current_card()
        persona = Persona(old.persona_name, old.persona_description)
        if card is not None and old.character_id is not None:
            conv = character_conversation(card, old.character_id, persona)
        else:
            conv = Conversation(system_prompt=old.system_prompt, persona_name=old.persona_name,
                                persona_description=old.persona_description)
        conv.memory = old.memory.carried()
        conv.lore.off = list(old.lore.off)
        controller.adopt_conversation(conv)

    def scanned(_chat_id: int, scan: dict) -> None:
        window.context_map.bar.titles = {e["key"]: e["title"] for e in scan.get("active", [])}

    controller.conversation_opened.connect(opened)
    controller.lore_memory.lore_scanned.connect(scanned)
    dock.edit_books.connect(edit_books)
    dock.carry_memory.connect(carry_memory)
    window.lore_editor_action = window.chat_menu.addAction(QCoreApplication.translate("MainWindow", "&Lorebooks..."), QKeySequence("Ctrl+Shift+L"),
                                                           edit_books)
    window.view_menu.addAction(dock.toggleViewAction())
    window.edit_lorebooks = edit_books
    return dock
