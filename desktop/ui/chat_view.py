"""The scrolling list of message bubbles, with streaming updates coalesced to keep the GUI smooth."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from ..chat.conversation import Conversation, Message
from .bubble import MessageBubble
from .plain import PlainLabel

STREAM_REFRESH_MS = 50  # re-render a streaming reply at most 20 times a second


class ChatView(QScrollArea):
    """Emits `action(index, name)` for a bubble's buttons and `edited(index, text, continue_after)`."""

    action = Signal(int, str)
    edited = Signal(int, str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.container = QWidget()
        self.column = QVBoxLayout(self.container)
        self.column.setContentsMargins(12, 12, 12, 12)
        self.column.setSpacing(10)
        self.empty_label = PlainLabel(self.tr("Say something to begin."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: palette(placeholder-text);")
        self.column.addWidget(self.empty_label)
        self.column.addStretch(1)
        self.setWidget(self.container)
        self.bubbles: list[MessageBubble] = []
        self.names = {"user": "You", "assistant": "Assistant"}
        self._busy = False
        self._stream_target: MessageBubble | None = None
        self._stream_timer = QTimer(self)
        self._stream_timer.setSingleShot(True)
        self._stream_timer.setInterval(STREAM_REFRESH_MS)
        self._stream_timer.timeout.connect(self.flush_stream)
        self._follow = True
        self.verticalScrollBar().rangeChanged.connect(self._keep_at_bottom)
        self.verticalScrollBar().valueChanged.connect(self._track_follow)

    # --- content ---------------------------------------------------------------------------------

    def set_conversation(self, conv: Conversation | None) -> None:
        for bubble in self.bubbles:
            bubble.setParent(None)
            bubble.deleteLater()
        self.bubbles = []
        self._stream_target = None
        for msg in conv.messages if conv else []:
            self._insert(msg)
        self._follow = True
        self._update_states()

    def set_names(self, user: str, assistant: str) -> None:
        self.names = {"user": user, "assistant": assistant}
        for bubble in self.bubbles:
            bubble.set_name(self.names.get(bubble.message.role, bubble.message.role))

    def append(self, msg: Message) -> MessageBubble:
        bubble = self._insert(msg)
        self._follow = True
        self._update_states()
        return bubble

    def remove_from(self, index: int) -> None:
        """Remove the bubbles of messages `index` and later."""
        for bubble in self.bubbles[index:]:
            if bubble is self._stream_target:
                self._stream_target = None
            bubble.setParent(None)
            bubble.deleteLater()
        del self.bubbles[index:]
        self._update_states()

    def refresh(self, index: int) -> None:
        self.bubbles[index].refresh()
        self._update_states()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_states()

    def _insert(self, msg: Message) -> MessageBubble:
        bubble = MessageBubble(msg, self.names.get(msg.role, msg.role))
        bubble.action.connect(lambda name, b=bubble: self._forward_action(b, name))
        bubble.edited.connect(lambda text, cont, b=bubble: self.edited.emit(self.bubbles.index(b), text, cont))
        self.column.insertWidget(self.column.count() - 1, bubble)
        self.bubbles.append(bubble)
        return bubble

    def _forward_action(self, bubble: MessageBubble, name: str) -> None:
        if bubble in self.bubbles:
            self.action.emit(self.bubbles.index(bubble), name)

    def _update_states(self) -> None:
        self.empty_label.setVisible(not self.bubbles)
        last = len(self.bubbles) - 1
        for i, bubble in enumerate(self.bubbles):
            bubble.set_is_last(i == last, self._busy)

    # --- streaming -------------------------------------------------------------------------------

    def stream(self, index: int) -> None:
        """Note that message `index` changed while streaming; it is re-rendered on the next tick."""
        self._stream_target = self.bubbles[index]
        if not self._stream_timer.isActive():
            self._stream_timer.start()

    def flush_stream(self) -> None:
        self._stream_timer.stop()
        if self._stream_target is not None:
            self._stream_target.stream(self._stream_target.message.text)

    def _track_follow(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - 24

    def _keep_at_bottom(self, _min: int, maximum: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(maximum)
