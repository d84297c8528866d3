"""A reply's thinking, shown above its answer: folded to one line ("Thought for 120 words") until
clicked. Its text is markdown in a `MessageBody`, as safe as the answer's (no HTML, no resources)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from ...chat.reasoning import count_words
from .message_body import MessageBody


class ThinkingSection(QWidget):
    """Emits `toggled(open)` when the user folds or unfolds it."""

    toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.toggle = QToolButton()
        self.toggle.setObjectName("thinking_toggle")
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setProperty("tone", "muted")
        self.toggle.clicked.connect(lambda: self.set_open(not self.is_open, by_user=True))
        self.frame = QFrame()
        self.frame.setObjectName("thinking_frame")
        self.body = MessageBody()
        self.body.setObjectName("thinking_body")
        inner = QVBoxLayout(self.frame)
        inner.setContentsMargins(10, 0, 0, 0)
        inner.addWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.frame)
        self.frame.hide()
        self.is_open = False
        self.text = ""
        self._update_tip()

    def set_reasoning(self, text: str, still_open: bool, streaming: bool) -> None:
        """Show `text` as the thinking; `still_open`: its block has not been closed (yet)."""
        self.text = text
        words = count_words(text)
        if still_open and streaming:
            label = (self.tr("Thinking…") if not words else self.tr("Thinking… (1 word)") if words == 1
                     else self.tr("Thinking… ({0:,} words)").format(words))
        elif still_open:
            label = (self.tr("Thought for 1 word, then stopped") if words == 1
                     else self.tr("Thought for {0:,} words, then stopped").format(words))
        else:
            label = (self.tr("Thought for 1 word") if words == 1
                     else self.tr("Thought for {0:,} words").format(words))
        self.toggle.setText(label)
        if self.is_open:
            self.body.set_markdown(text)

    def set_open(self, on: bool, by_user: bool = False) -> None:
        if on == self.is_open:
            return
        self.is_open = on
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if on:
            self.body.set_markdown(self.text)  # rendered only when shown: a folded one costs nothing
        self.frame.setVisible(on)
        self._update_tip()
        if by_user:
            self.toggled.emit(on)

    def _update_tip(self) -> None:
        self.toggle.setToolTip(self.tr("Hide the model's thinking") if self.is_open
                               else self.tr("Show the model's thinking"))
