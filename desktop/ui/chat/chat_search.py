"""Find in chat: a search box over the whole conversation (in the database, not in the widgets),
stepping from the newest match to older ones and jumping the chat view to each."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from ..plain import PlainLabel


class ChatSearch(QWidget):
    """Emits `jump(index)` with the message to show. `find(text)` (given) returns the matching
    message indices, oldest first."""

    jump = Signal(int)

    def __init__(self, find: Callable[[str], list[int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.find = find
        self.hits: list[int] = []
        self.at = -1
        self._query: str | None = None
        self.box = QLineEdit()
        self.box.setPlaceholderText(self.tr("Find in this chat"))
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(lambda: self.step(-1))
        self.box.textChanged.connect(self._forget)
        self.older_button = self._tool("↑", self.tr("Older match (Enter)"), lambda: self.step(-1))
        self.newer_button = self._tool("↓", self.tr("Newer match"), lambda: self.step(1))
        self.where = PlainLabel()
        self.where.setProperty("tone", "muted")
        close = self._tool("✕", self.tr("Close (Esc)"), self.close_search)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 0)
        row.addWidget(self.box, 1)
        for w in (self.where, self.older_button, self.newer_button, close):
            row.addWidget(w)
        self.hide()

    def _tool(self, text: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def open_search(self) -> None:
        self.show()
        self.box.setFocus()
        self.box.selectAll()

    def close_search(self) -> None:
        self.hide()

    def reset(self) -> None:
        """Another chat is shown: the matches are for the old one."""
        self._forget()
        self.box.clear()

    def step(self, direction: int) -> int | None:
        """Go to the next older (-1) or newer (+1) match; returns the message index, None if none."""
        text = self.box.text()
        if text != self._query:
            self.hits = self.find(text) if text else []
            self.at = len(self.hits)  # before the newest: the first step back lands on it
            self._query = text
        if not self.hits:
            self.where.setText(self.tr("No matches") if text else "")
            return None
        self.at = (self.at + direction) % len(self.hits)
        self.where.setText(self.tr("{0:,} of {1:,}").format(self.at + 1, len(self.hits)))
        self.jump.emit(self.hits[self.at])
        return self.hits[self.at]

    def _forget(self) -> None:
        self._query = None
        self.hits = []
        self.where.setText("")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.close_search()
        else:
            super().keyPressEvent(event)
