"""The alternate greetings of a card: a list to add to and remove from, and the chosen one's text
below it (a greeting is often several paragraphs, too long to edit inside a list row)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PREVIEW_CHARS = 70


class GreetingList(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts: list[str] = []
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Alternate greetings"))
        self.list.setMaximumHeight(96)
        self.list.currentRowChanged.connect(self._chosen)
        self.add_button = QPushButton(self.tr("Add greeting"))
        self.add_button.setAccessibleName(self.tr("Add an alternate greeting"))
        self.remove_button = QPushButton(self.tr("Remove greeting"))
        self.remove_button.setAccessibleName(self.tr("Remove the chosen alternate greeting"))
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("Text of the chosen alternate greeting"))
        self.text.setPlaceholderText(self.tr("Another way the chat can open; shown as a swipe of the first message."))
        self.text.setFixedHeight(72)
        self.text.textChanged.connect(self._edited)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.text)
        self._filling = False
        self.set_texts([])

    def set_texts(self, texts: list[str]) -> None:
        self.texts = list(texts)
        self._fill(0 if self.texts else -1)

    def _label(self, row: int) -> str:
        first = self.texts[row].strip().splitlines()[0] if self.texts[row].strip() else self.tr("(empty)")
        short = first if len(first) <= PREVIEW_CHARS else first[:PREVIEW_CHARS] + "…"
        return self.tr("{0}. {1}").format(row + 1, short)

    def _fill(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for i in range(len(self.texts)):
            self.list.addItem(self._label(i))
        self.list.blockSignals(False)
        self.list.setCurrentRow(row)
        self._chosen(row)

    def _chosen(self, row: int) -> None:
        has = 0 <= row < len(self.texts)
        self._filling = True
        self.text.setPlainText(self.texts[row] if has else "")
        self._filling = False
        self.text.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _edited(self) -> None:
        row = self.list.currentRow()
        if self._filling or not 0 <= row < len(self.texts):
            return
        self.texts[row] = self.text.toPlainText()
        self.list.item(row).setText(self._label(row))
        self.changed.emit()

    def add(self) -> None:
        self.texts.append("")
        self._fill(len(self.texts) - 1)
        self.text.setFocus()
        self.changed.emit()

    def remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.texts):
            del self.texts[row]
            self._fill(min(row, len(self.texts) - 1))
            self.changed.emit()
