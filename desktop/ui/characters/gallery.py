"""File > Characters: the character library with pictures; import a card, make a new one, edit,
export as a PNG card, delete, or start a chat with the chosen one."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..chat.bubble import avatar_pixmap
from ..plain import PlainLabel
from .editor import CharacterEditor
from .library import CharacterLibrary
from .picture import painted_picture, scaled_pixmap

log = logging.getLogger("fireside.ui")
ICON = QSize(96, 96)


class CharacterDialog(QDialog):
    def __init__(self, library: CharacterLibrary, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Characters"))
        self.resize(680, 460)
        self.library = library
        self.db = library.db
        self.controller = controller
        self.editor: CharacterEditor | None = None
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Characters"))
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(ICON)
        self.list.setGridSize(QSize(130, 140))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: self.start_chat())
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        self.empty = PlainLabel(self.tr("No characters yet. Import a TavernAI / SillyTavern card (.png or .json), "
                                        "or make a new one."))
        self.empty.setWordWrap(True)
        self.new_button = QPushButton(self.tr("&New character..."))
        self.import_button = QPushButton(self.tr("&Import card..."))
        self.edit_button = QPushButton(self.tr("&Edit..."))
        self.export_button = QPushButton(self.tr("E&xport PNG..."))
        self.chat_button = QPushButton(self.tr("Start &chat"))
        self.delete_button = QPushButton(self.tr("&Delete"))
        self.close_button = QPushButton(self.tr("Close"))
        for button, name, slot in (
                (self.new_button, self.tr("Make a new character"), self.new_character),
                (self.import_button, self.tr("Import a character card"), self.import_dialog),
                (self.edit_button, self.tr("Edit the chosen character"), self.edit_selected),
                (self.export_button, self.tr("Export the chosen character as a PNG card"), self.export_selected),
                (self.chat_button, self.tr("Start a chat with the chosen character"), self.start_chat),
                (self.delete_button, self.tr("Delete the chosen character"), self.delete_selected),
                (self.close_button, self.tr("Close the characters"), self.reject)):
            button.setAccessibleName(name)
            button.clicked.connect(slot)
        self.chat_button.setDefault(True)
        row = QHBoxLayout()
        for w in (self.new_button, self.import_button, self.edit_button, self.export_button, self.chat_button,
                  self.delete_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        library.changed.connect(self._library_changed)
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        self.list.clear()
        for character_id, name, picture in self.library.rows():
            pix = scaled_pixmap(picture, ICON) or avatar_pixmap(name, "assistant", ICON.width())
            item = QListWidgetItem(QIcon(pix), name)
            item.setData(Qt.ItemDataRole.UserRole, character_id)
            item.setToolTip(name)
            self.list.addItem(item)
            if character_id == select:
                self.list.setCurrentItem(item)
        self.empty.setVisible(self.list.count() == 0)
        if self.list.count() and self.list.currentItem() is None:
            self.list.setCurrentRow(self.list.count() - 1)
        self._enable()

    def _library_changed(self, character_id: int) -> None:
        self.refresh(character_id)

    def _enable(self) -> None:
        chosen = self.selected_id() is not None
        for button in (self.edit_button, self.export_button, self.chat_button, self.delete_button):
            button.setEnabled(chosen)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # --- actions ---------------------------------------------------------------------------------

    def import_file(self, path: str) -> int | None:
        character_id = self.controller.roleplay.import_card(path)
        self.refresh(character_id)
        return character_id

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a character card"), "",
                                              self.tr("Character cards (*.png *.json);;All files (*)"))
        if path:
            self.import_file(path)

    def open_editor(self, character_id: int | None) -> CharacterEditor:
        editor = CharacterEditor(self.library, self.controller.lore_memory, character_id, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor = editor
        editor.destroyed.connect(self._editor_gone)
        editor.open()
        return editor

    def _editor_gone(self, *_args: object) -> None:
        self.editor = None

    def new_character(self) -> CharacterEditor:
        return self.open_editor(None)

    def edit_selected(self) -> CharacterEditor | None:
        character_id = self.selected_id()
        if character_id is None:
            return None
        if self.library.card(character_id) is None:
            self.controller.notify.emit("error", self.tr("This character's card cannot be read; see the log."))
            return None
        return self.open_editor(character_id)

    def export_selected(self) -> None:
        card = self.library.card(self.selected_id())
        if card is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as a PNG card"), f"{card.name}.png",
                                              self.tr("PNG character cards (*.png)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        card = self.library.card(self.selected_id())
        if card is None:
            return False
        picture = card.avatar_png if scaled_pixmap(card.avatar_png, ICON) is not None else painted_picture(card.name)
        try:
            self.library.export_png(card, picture, path)
        except (ValueError, OSError) as exc:
            self.controller.notify.emit("error", self.tr("Could not export {0}: {1}").format(card.name, exc))
            log.error("export of %s failed: %s", card.name, exc)
            return False
        self.controller.notify.emit("info", self.tr("Exported {0}.").format(card.name))
        return True

    def start_chat(self) -> None:
        character_id = self.selected_id()
        if character_id is not None:
            self.controller.roleplay.new_character_chat(character_id)
            self.accept()

    def delete_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete character"),
                                      self.tr("Delete {0}? Chats with this character are kept, without the card.").format(
                                          item.text()))
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(item.data(Qt.ItemDataRole.UserRole))

    def delete(self, character_id: int) -> None:
        self.library.delete(character_id)
