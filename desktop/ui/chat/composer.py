"""The message input: Enter sends, Shift+Enter is a new line, Esc stops; IME input is left to Qt."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class Composer(QPlainTextEdit):
    """Emits `submitted(text)`, `stop_requested()`, and `browse(step)` (Left/Right in an empty box).

    Japanese input: while an input method is composing, Enter confirms the conversion inside the IME
    (Qt delivers it as an input-method event, not a key press), so it never sends half a word.
    """

    submitted = Signal(str)
    stop_requested = Signal()
    browse = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("Write a message. Enter sends, Shift+Enter starts a new line."))
        self.setTabChangesFocus(True)
        self.setMaximumHeight(110)
        self.setMinimumHeight(56)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        mods = event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (mods & Qt.KeyboardModifier.ShiftModifier):
            self.submit()
            return
        if key == Qt.Key.Key_Escape:
            self.stop_requested.emit()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not self.toPlainText() and not mods:
            self.browse.emit(-1 if key == Qt.Key.Key_Left else 1)
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        """Send the text (also what the Send button does). The box is cleared by the receiver once the
        message is safely stored, so nothing typed is lost if sending is refused."""
        text = self.toPlainText()
        if text.strip():
            self.submitted.emit(text)
