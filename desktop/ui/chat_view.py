"""The scrolling list of message bubbles, with streaming updates coalesced to keep the GUI smooth.

A chat of any length opens with only its newest messages as bubbles (a page); "Show earlier
messages" adds the page before. Opening costs the same for 50 messages and for 100,000.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QScrollArea, QVBoxLayout, QWidget

from ..chat.conversation import Conversation, Message
from .bubble import MessageBubble
from .plain import PlainLabel

STREAM_REFRESH_MS = 50  # re-render a streaming reply at most 20 times a second
PAGE = 60  # bubbles made when a chat opens, and each time earlier messages are asked for


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
        self.earlier_button = QPushButton()
        self.earlier_button.clicked.connect(self.show_earlier)
        self.earlier_button.hide()
        self.column.addWidget(self.earlier_button)
        self.column.addWidget(self.empty_label)
        self.column.addStretch(1)
        self.setWidget(self.container)
        self.bubbles: list[MessageBubble] = []  # for messages[first:]
        self.first = 0
        self.conv: Conversation | None = None
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
        self.conv = conv
        messages = conv.messages if conv else []
        self.first = max(0, len(messages) - PAGE)
        for msg in messages[self.first:]:
            self._insert(msg)
        self._follow = True
        self._update_states()

    def bubble_for(self, index: int) -> MessageBubble | None:
        """The bubble of message `index`, None while it is among the earlier messages not shown."""
        return self.bubbles[index - self.first] if 0 <= index - self.first < len(self.bubbles) else None

    def show_earlier(self) -> int:
        """Make bubbles for the page of messages before the first shown one; returns how many."""
        if self.conv is None or self.first == 0:
            return 0
        start = max(0, self.first - PAGE)
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        self._follow = False
        made = [self._make(msg) for msg in self.conv.messages[start:self.first]]
        for offset, bubble in enumerate(made):
            self.column.insertWidget(2 + offset, bubble)  # after the button and the (hidden) empty label
        self.bubbles[0:0] = made
        self.first = start
        self._update_states()
        self.container.adjustSize()
        bar.setValue(bar.maximum() - from_bottom)  # the message the user was reading stays in place
        return len(made)

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
        """Remove the bubbles of messages `index` and later (messages appended next follow on)."""
        local = max(0, index - self.first)
        for bubble in self.bubbles[local:]:
            if bubble is self._stream_target:
                self._stream_target = None
            bubble.setParent(None)
            bubble.deleteLater()
        del self.bubbles[local:]
        self.first = min(self.first, index)
        self._update_states()

    def refresh(self, index: int) -> None:
        bubble = self.bubble_for(index)
        if bubble is not None:
            bubble.refresh()
        self._update_states()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_states()

    def _make(self, msg: Message) -> MessageBubble:
        bubble = MessageBubble(msg, self.names.get(msg.role, msg.role))
        bubble.action.connect(lambda name, b=bubble: self._forward_action(b, name))
        bubble.edited.connect(lambda text, cont, b=bubble: self._forward_edit(b, text, cont))
        return bubble

    def _insert(self, msg: Message) -> MessageBubble:
        bubble = self._make(msg)
        self.column.insertWidget(self.column.count() - 1, bubble)
        self.bubbles.append(bubble)
        return bubble

    def _forward_action(self, bubble: MessageBubble, name: str) -> None:
        if bubble in self.bubbles:
            self.action.emit(self.first + self.bubbles.index(bubble), name)

    def _forward_edit(self, bubble: MessageBubble, text: str, continue_after: bool) -> None:
        if bubble in self.bubbles:
            self.edited.emit(self.first + self.bubbles.index(bubble), text, continue_after)

    def _update_states(self) -> None:
        self.empty_label.setVisible(not self.bubbles)
        self.earlier_button.setVisible(self.first > 0)
        self.earlier_button.setText(self.tr("Show earlier messages ({0:,} more)").format(self.first))
        last = len(self.bubbles) - 1
        for i, bubble in enumerate(self.bubbles):
            bubble.set_is_last(i == last, self._busy)

    # --- streaming -------------------------------------------------------------------------------

    def stream(self, index: int) -> None:
        """Note that message `index` changed while streaming; it is re-rendered on the next tick."""
        self._stream_target = self.bubble_for(index)
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
