"""The notice line above the chat: a message that goes away by itself unless it still matters.

- "info" and "warning" notices are transient: they fade out after a time that grows with their length
  (a reader gets about 60 ms a character, 5-12 s).
- "busy" notices ("wait for the reply to finish") hold while the reply runs; the window takes them
  away when it ends (`end_busy`).
- "error" notices stay until they are dismissed or replaced.
Every notice has a close button (and Esc while it has focus).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGraphicsOpacityEffect, QHBoxLayout, QPushButton, QToolButton, QWidget

from .plain import PlainLabel

FADE_MS = 400
TRANSIENT_LEVELS = ("info", "warning")


def reading_ms(text: str) -> int:
    return max(5000, min(12000, 60 * len(text)))


class Banner(QFrame):
    """`show_message(level, text)`; `text()` is the last message shown (kept after it fades)."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.level = ""
        self.label = PlainLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss the notice"))
        self.close_button.clicked.connect(self.dismiss)
        self.action_button = QPushButton()  # one action a notice may offer ("Restart now")
        self.action_button.hide()
        self.action_button.clicked.connect(self._act)
        self._action: Callable[[], None] | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 4, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._effect = QGraphicsOpacityEffect(self)
        self._effect.setOpacity(1.0)
        self.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setDuration(FADE_MS)
        self._fade.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.finished.connect(self._faded)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fade.start)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    @property
    def transient(self) -> bool:
        return self.level in TRANSIENT_LEVELS

    def show_message(self, level: str, text: str, action: str = "",
                     on_action: Callable[[], None] | None = None) -> None:
        """Show `text`; with `action`, a button that calls `on_action` (such a notice stays until used
        or dismissed: it offers something to do)."""
        self._action = on_action if action else None
        self.action_button.setText(action)
        self.action_button.setVisible(bool(action))
        self._fade.stop()
        self._timer.stop()
        self._effect.setOpacity(1.0)
        self.level = level
        self.setProperty("level", "warning" if level == "busy" else level)
        self.style().unpolish(self)  # the style sheet picks its colours by the level property
        self.style().polish(self)
        self.label.setText(text)
        self.label.setAccessibleDescription(text)
        self.setVisible(bool(text))
        if text and self.transient and self._action is None:
            self._timer.start(reading_ms(text))

    def end_busy(self) -> None:
        """The reply ended: a notice that asked to wait for it no longer holds."""
        if self.level == "busy" and self.isVisible():
            self._fade.start()

    def _act(self) -> None:
        action = self._action
        self.dismiss()
        if action is not None:
            action()

    def dismiss(self) -> None:
        self._timer.stop()
        self._fade.stop()
        self._faded()

    def _faded(self) -> None:
        self.hide()
        self._effect.setOpacity(1.0)
        self.dismissed.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)
