"""File > Open story, Characters: the dialogs around the chat controller."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from .characters import CharacterDialog

log = logging.getLogger("fireside.ui")

__all__ = ["CharacterDialog", "LibraryDialogs"]


class LibraryDialogs:
    """Mixed into MainWindow (which provides controller, character_wiring)."""

    def open_story_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("LibraryDialogs", "Open a story"), "", QCoreApplication.translate("LibraryDialogs", "Stories (*.txt *.md);;All files (*)"))
        if path:
            self.controller.open_story(path)

    def show_characters(self) -> CharacterDialog:
        """File > Characters: the gallery (desktop/ui/characters)."""
        dialog = self.character_wiring.show_dialog()
        self.characters_dialog = dialog
        return dialog
