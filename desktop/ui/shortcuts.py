"""Help > Keyboard shortcuts: every menu action that has a key, read from the menus themselves (so
the list cannot go stale), and the keys of the message box and the chat."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def fixed_keys() -> list[tuple[str, str]]:
    """Keys that belong to a widget rather than a menu."""
    return [(QCoreApplication.translate("Shortcuts", "Send the message"), "Enter"), (QCoreApplication.translate("Shortcuts", "New line in the message"), "Shift+Enter"),
            (QCoreApplication.translate("Shortcuts", "Previous / next alternate reply (empty message box)"), "Left / Right"),
            (QCoreApplication.translate("Shortcuts", "Move between the chat list, the chat, the message box and the docks"), "Tab / Shift+Tab"),
            (QCoreApplication.translate("Shortcuts", "Rename the chosen chat"), "F2"), (QCoreApplication.translate("Shortcuts", "Dismiss a notice"), "Esc")]


def menu_text(text: str) -> str:
    """A menu's text without its accelerator: "&File" and Japanese "ファイル(&F)" alike."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "")


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, str]]:
    """(menu > action, key) for every action with a shortcut, in menu order."""
    rows: list[tuple[str, str]] = []

    def walk(menu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path}{menu_text(action.text())} > ")
            elif not action.shortcut().isEmpty():
                rows.append((path + menu_text(action.text()),
                             action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)))

    for top in bar.actions():
        if top.menu() is not None:
            walk(top.menu(), menu_text(top.text()) + " > ")
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("Shortcuts", "Keyboard shortcuts"))
        rows = menu_shortcuts(bar) + fixed_keys()
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("Shortcuts", "Action"), QCoreApplication.translate("Shortcuts", "Keys")])
        self.table.setAccessibleName(QCoreApplication.translate("Shortcuts", "Keyboard shortcuts"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (what, keys) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(what))
            self.table.setItem(i, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 480)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
