"""File > Open story, Characters: the dialogs around the chat controller."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .bubble import avatar_pixmap
from .plain import PlainLabel

log = logging.getLogger("fireside.ui")


class CharacterDialog(QDialog):
    """The card gallery: avatars and names; import a card, start a chat, delete."""

    def __init__(self, db, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("LibraryDialogs", "Characters"))
        self.resize(640, 460)
        self.db = db
        self.controller = controller
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(96, 96))
        self.list.setGridSize(QSize(130, 140))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.itemActivated.connect(lambda _item: self.start_chat())
        self.empty = PlainLabel(QCoreApplication.translate("LibraryDialogs", "No characters yet. Import a TavernAI / SillyTavern card (.png or .json)."))
        self.import_button = QPushButton(QCoreApplication.translate("LibraryDialogs", "Import card..."))
        self.chat_button = QPushButton(QCoreApplication.translate("LibraryDialogs", "New chat"))
        self.delete_button = QPushButton(QCoreApplication.translate("LibraryDialogs", "Delete"))
        self.import_button.clicked.connect(self.import_dialog)
        self.chat_button.clicked.connect(self.start_chat)
        self.delete_button.clicked.connect(self.delete_selected)
        row = QHBoxLayout()
        for w in (self.import_button, self.chat_button, self.delete_button):
            row.addWidget(w)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for character_id, name, avatar in self.db.characters():
            pix = QPixmap()
            if not (avatar and pix.loadFromData(avatar)):
                pix = avatar_pixmap(name, "assistant", 96)
            item = QListWidgetItem(QIcon(pix.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio,
                                                    Qt.TransformationMode.SmoothTransformation)), name)
            item.setData(Qt.ItemDataRole.UserRole, character_id)
            self.list.addItem(item)
        self.empty.setVisible(self.list.count() == 0)
        if self.list.count():
            self.list.setCurrentRow(self.list.count() - 1)

    def import_file(self, path: str) -> int | None:
        character_id = self.controller.import_card(path)
        self.refresh()
        return character_id

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("LibraryDialogs", "Import a character card"), "",
                                              QCoreApplication.translate("LibraryDialogs", "Character cards (*.png *.json);;All files (*)"))
        if path:
            self.import_file(path)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def start_chat(self) -> None:
        character_id = self.selected_id()
        if character_id is not None:
            self.controller.new_character_chat(character_id)
            self.accept()

    def delete_selected(self) -> None:
        character_id = self.selected_id()
        if character_id is not None:
            self.db.delete_character(character_id)
            self.refresh()


class LibraryDialogs:
    """Mixed into MainWindow (which provides controller, db, show_banner)."""

    def open_story_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("LibraryDialogs", "Open a story"), "", QCoreApplication.translate("LibraryDialogs", "Stories (*.txt *.md);;All files (*)"))
        if path:
            self.controller.open_story(path)

    def show_characters(self) -> CharacterDialog:
        dialog = CharacterDialog(self.db, self.controller, self)
        dialog.open()
        self.characters_dialog = dialog
        return dialog
