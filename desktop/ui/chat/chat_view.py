"""The scrolling list of message bubbles: a sliding window over the conversation.

A chat of any length opens with bubbles for its newest page only. Scrolling to the top of the
window (or "Show earlier messages") adds the page before; scrolling down past its end adds the
next one; a window never holds more than `MAX_BUBBLES`, the far end is let go of (bubbles being
edited are kept). `scroll_to` rebuilds the window around any message (search, jump to start), so
opening, scrolling and jumping cost the same for 50 messages and for 100,000. Streaming updates
are coalesced to keep the GUI smooth.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QPushButton, QScrollArea, QVBoxLayout, QWidget

from ...chat.conversation import Conversation, Message
from ...chat.prompt import NO_CARD_NAME
from ..plain import PlainLabel
from ..theme import set_tone
from .bubble import MessageBubble

STREAM_REFRESH_MS = 50  # re-render a streaming reply at most 20 times a second
PAGE = 60  # bubbles a chat opens with (the newest FIRST_PAINT at once, the rest in chunks after)
FIRST_PAINT = 8  # bubbles made before the first paint
CHUNK = 6  # bubbles made per pass of the event loop while a window fills
STEP = 6  # bubbles added when the user scrolls past either end of the window (one short stall each)
MAX_BUBBLES = 4 * PAGE  # the most bubbles alive at once
EDGE_PX = 48  # how close to an end of the window a scroll must come to extend it

DEFAULT_USER = "You"  # chat.prompt's persona name when the user set none
_HEAD = 2  # layout slots before the first bubble: the "earlier" button and the empty label


class ChatView(QScrollArea):
    """Emits `action(index, name)` for a bubble's buttons and `edited(index, text, continue_after)`."""

    action = Signal(int, str)
    edited = Signal(int, str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setObjectName("chat_view")
        self.container = QWidget()
        self.container.setObjectName("chat_container")
        self.column = QVBoxLayout(self.container)
        self.column.setContentsMargins(12, 12, 12, 12)
        self.column.setSpacing(10)
        self.empty_label = PlainLabel(self.tr("Say something to begin."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_tone(self.empty_label, "muted")
        self.earlier_button = QPushButton()
        self.earlier_button.clicked.connect(lambda: self.show_earlier())
        self.later_button = QPushButton()
        self.later_button.clicked.connect(lambda: self.jump_to_latest())
        for button in (self.earlier_button, self.later_button):
            button.hide()
        self.column.addWidget(self.earlier_button)
        self.column.addWidget(self.empty_label)
        self.column.addWidget(self.later_button)
        self.column.addStretch(1)
        self.setWidget(self.container)
        self.bubbles: list[MessageBubble] = []  # for messages[first:first + len(bubbles)]
        self.statuses: dict[int, str] = {}  # message index -> text shown instead (see set_status)
        self.pictures: dict[str, QPixmap] = {}  # role -> avatar (see set_pictures)
        self.first = 0
        self.highlighted: int | None = None  # the message a search jumped to
        self.conv: Conversation | None = None
        self.names = {"user": self.tr("You"), "assistant": self.tr("Assistant")}
        self._busy = False
        # The model's generation prompt opens the thinking block (a streaming reply starts inside it).
        self.reasoning_opens = False
        self._stream_target: MessageBubble | None = None
        self._stream_timer = QTimer(self)
        self._stream_timer.setSingleShot(True)
        self._stream_timer.setInterval(STREAM_REFRESH_MS)
        self._stream_timer.timeout.connect(self.flush_stream)
        self._extend_pending = False
        self._target = (0, 0)  # the window being filled: [first, end)
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill_step)
        self._follow = True
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._keep_at_bottom)
        bar.valueChanged.connect(self._track_follow)
        bar.actionTriggered.connect(self._user_scrolled)

    @property
    def count(self) -> int:
        return len(self.conv.messages) if self.conv else 0

    @property
    def end(self) -> int:
        """One past the last message with a bubble."""
        return self.first + len(self.bubbles)

    # --- the window --------------------------------------------------------------------------------

    def set_conversation(self, conv: Conversation | None) -> None:
        self.conv = conv
        self.statuses: dict[int, str] = {}
        self.highlighted = None
        self._rebuild(max(0, self.count - PAGE))
        self._follow = True

    def _rebuild(self, first: int, focus: int | None = None) -> None:
        """A new window [first, first + PAGE): the FIRST_PAINT bubbles around `focus` (default: the
        newest) are made now, the others in chunks from the event loop, so no pass takes long."""
        self._drop(list(self.bubbles))
        stop = min(self.count, first + PAGE)
        if focus is None or focus >= stop - FIRST_PAINT // 2:
            start = max(first, stop - FIRST_PAINT)
        else:
            start = max(first, focus - FIRST_PAINT // 2)
        self.first = start
        self._add_below(min(stop, start + FIRST_PAINT) - start)
        self._target = (first, stop)
        self._fill_timer.start()
        self._update_states()

    @property
    def filling(self) -> bool:
        """The window is still being filled (a chat or a search result just shown)."""
        return self.first > self._target[0] or self.end < self._target[1]

    def _fill_step(self) -> None:
        low, high = self._target
        if self.end < high:
            self._add_below(min(CHUNK, high - self.end))
            self._update_states()
        elif self.first > low:
            self.show_earlier(min(CHUNK, self.first - low), by_user=False)
        if self.filling:
            self._fill_timer.start()

    def bubble_for(self, index: int) -> MessageBubble | None:
        """The bubble of message `index`, None while it is outside the window."""
        return self.bubbles[index - self.first] if 0 <= index - self.first < len(self.bubbles) else None

    def show_earlier(self, step: int = PAGE, by_user: bool = True) -> int:
        """Add bubbles for up to `step` messages before the window (the one being read stays in place)."""
        if self.conv is None or self.first == 0:
            return 0
        start = max(0, self.first - step)
        anchor = self._anchor(self.bubbles[0] if self.bubbles else None)
        made = [self._make(msg) for msg in self.conv.messages[start:self.first]]
        for offset, bubble in enumerate(made):
            self.column.insertWidget(_HEAD + offset, bubble)
            bubble.show()  # now, not from the event loop: the layout then counts it at once
        self.bubbles[0:0] = made
        self.first = start
        if by_user:
            self._follow = False
        self._trim(from_top=False)
        self._update_states()
        self._restore(None if self._follow else anchor)
        return len(made)

    def show_later(self, step: int = STEP) -> int:
        """Add bubbles for up to `step` messages after the window (scrolling down a jumped-to place)."""
        if self.conv is None or self.end >= self.count:
            return 0
        anchor = self._anchor(self.bubbles[-1] if self.bubbles else None)
        made = self._add_below(min(self.count, self.end + step) - self.end)
        self._trim(from_top=True)
        self._update_states()
        self._restore(anchor)
        return made

    def scroll_to(self, index: int, highlight: bool = True) -> MessageBubble | None:
        """Show message `index` (rebuilding the window around it when it is outside), marked if asked."""
        if self.conv is None or not 0 <= index < self.count:
            return None
        if self.bubble_for(index) is None:
            self._rebuild(max(0, min(index - PAGE // 2, self.count - PAGE)), focus=index)
        self._set_highlight(index if highlight else None)
        bubble = self.bubble_for(index)
        assert bubble is not None
        self._follow = index == self.count - 1
        self._settle()
        self.ensureWidgetVisible(bubble, 0, 0)
        return bubble

    def jump_to_latest(self) -> None:
        if self.end < self.count:
            self._rebuild(max(0, self.count - PAGE))
        self._set_highlight(None)
        self._follow = True
        self._settle()
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def _add_below(self, count: int) -> int:
        assert self.conv is not None or count <= 0
        if count <= 0:
            return 0
        for msg in self.conv.messages[self.end:self.end + count]:
            bubble = self._make(msg)
            self.column.insertWidget(_HEAD + len(self.bubbles), bubble)
            bubble.show()
            self.bubbles.append(bubble)
        return count

    def _trim(self, from_top: bool) -> None:
        """Let go of bubbles at the far end beyond MAX_BUBBLES (stopping at one being edited)."""
        extra = len(self.bubbles) - MAX_BUBBLES
        if extra <= 0:
            return
        doomed = self.bubbles[:extra] if from_top else self.bubbles[len(self.bubbles) - extra:]
        editing = [i for i, bubble in enumerate(doomed) if bubble.editing]
        if editing:  # never lose an open editor's text: only what lies beyond it goes
            doomed = doomed[:editing[0]] if from_top else doomed[editing[-1] + 1:]
        if not doomed:
            return
        self._drop(doomed)
        if from_top:
            self.first += len(doomed)

    def _drop(self, bubbles: list[MessageBubble]) -> None:
        gone = set(map(id, bubbles))
        for bubble in bubbles:
            if bubble is self._stream_target:
                self._stream_target = None
            self.column.removeWidget(bubble)
            bubble.hide()
            bubble.deleteLater()
        self.bubbles = [b for b in self.bubbles if id(b) not in gone]

    def _anchor(self, bubble: MessageBubble | None) -> tuple[MessageBubble, int] | None:
        return (bubble, bubble.y() - self.verticalScrollBar().value()) if bubble is not None else None

    def _restore(self, anchor: tuple[MessageBubble, int] | None) -> None:
        """Scroll so that the anchor bubble is where it was on the screen before the window changed
        (without an anchor, to the bottom when following the newest message)."""
        if anchor is not None and anchor[0] not in self.bubbles:
            return
        self._settle()
        bar = self.verticalScrollBar()
        if anchor is not None:
            bar.setValue(anchor[0].y() - anchor[1])
        elif self._follow:
            bar.setValue(bar.maximum())

    def _settle(self) -> None:
        """Lay the window out now at the viewport's width (positions known at once; no bubble is
        resized, which would lay out every message's text again)."""
        width = self.viewport().width()
        column = self.column
        height = column.totalHeightForWidth(width) if column.hasHeightForWidth() else column.totalSizeHint().height()
        self.container.resize(width, max(height, self.viewport().height()))
        column.activate()

    def _set_highlight(self, index: int | None) -> None:
        old = self.bubble_for(self.highlighted) if self.highlighted is not None else None
        if old is not None:
            old.set_highlighted(False)
        self.highlighted = index
        new = self.bubble_for(index) if index is not None else None
        if new is not None:
            new.set_highlighted(True)

    # --- changes from the controller ---------------------------------------------------------------

    def set_pictures(self, pictures: dict[str, QPixmap]) -> None:
        """Avatars by role (the character's card picture for "assistant"); a role without one gets its
        letter."""
        self.pictures = pictures
        for bubble in self.bubbles:
            role = bubble.message.role
            bubble.set_name(self.names.get(role, role), pictures.get(role))

    def set_names(self, user: str, assistant: str) -> None:
        # The chat's default names are shown in the UI's language (the prompt keeps its own words).
        self.names = {"user": self.tr("You") if user == DEFAULT_USER else user,
                      "assistant": self.tr("Assistant") if assistant == NO_CARD_NAME else assistant}
        for bubble in self.bubbles:
            role = bubble.message.role
            bubble.set_name(self.names.get(role, role), self.pictures.get(role))

    def append(self, msg: Message) -> MessageBubble | None:
        """A message was added at the end: shown at once (the window moves to the end if it was elsewhere)."""
        if self.end == self.count - 1:
            self._add_below(1)
            self._follow = True
            self._trim(from_top=True)
            self._update_states()
        else:
            self.jump_to_latest()
        return self.bubble_for(self.count - 1)

    def remove_from(self, index: int) -> None:
        """Messages `index` and later are gone (appended ones follow on)."""
        if index < self.first:
            self._rebuild(max(0, self.count - PAGE))
            return
        self._drop(self.bubbles[index - self.first:])
        self._update_states()

    def removed(self, index: int) -> None:
        """Message `index` was deleted; later ones moved up by one."""
        if index < self.first:
            self.first -= 1
        elif self.bubble_for(index) is not None:
            self._drop([self.bubbles[index - self.first]])
        if self.highlighted is not None and self.highlighted >= index:
            self.highlighted = None if self.highlighted == index else self.highlighted - 1
        self._update_states()

    def refresh(self, index: int) -> None:
        bubble = self.bubble_for(index)
        if bubble is not None:
            bubble.refresh()
        self._update_states()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_states()

    def set_status(self, index: int, text: str) -> None:
        """Show `text` in message `index`'s bubble in place of its own (a story's reading progress);
        "" shows the message again. Kept while the bubble is let go of and made again."""
        if text:
            self.statuses[index] = text
        else:
            self.statuses.pop(index, None)
        bubble = self.bubble_for(index)
        if bubble is not None:
            bubble.set_status(text)

    def _make(self, msg: Message) -> MessageBubble:
        bubble = MessageBubble(msg, self.names.get(msg.role, msg.role))
        if msg.role in self.pictures:
            bubble.set_name(self.names.get(msg.role, msg.role), self.pictures[msg.role])
        if self.statuses and self.conv is not None:
            index = len(self.conv.messages) - 1 if msg is self.conv.messages[-1] else None
            status = self.statuses.get(index) if index is not None else None
            if status:
                bubble.set_status(status)
        bubble.action.connect(lambda name, b=bubble: self._forward_action(b, name))
        bubble.edited.connect(lambda text, cont, b=bubble: self._forward_edit(b, text, cont))
        return bubble

    def _forward_action(self, bubble: MessageBubble, name: str) -> None:
        if bubble in self.bubbles:
            self.action.emit(self.first + self.bubbles.index(bubble), name)

    def _forward_edit(self, bubble: MessageBubble, text: str, continue_after: bool) -> None:
        if bubble in self.bubbles:
            self.edited.emit(self.first + self.bubbles.index(bubble), text, continue_after)

    def _update_states(self) -> None:
        self.empty_label.setVisible(self.count == 0)
        self.earlier_button.setVisible(self.first > 0)
        self.earlier_button.setText(self.tr("Show earlier messages ({0:,} more)").format(self.first))
        newer = self.count - self.end
        self.later_button.setVisible(newer > 0)
        self.later_button.setText(self.tr("Jump to the latest message ({0:,} newer)").format(newer))
        for i, bubble in enumerate(self.bubbles, self.first):
            bubble.set_is_last(i == self.count - 1, self._busy)

    # --- scrolling and streaming -------------------------------------------------------------------

    def _user_scrolled(self, _action: int) -> None:
        """Scrolling (wheel, keys, drag) near an end of the window extends it, after the scroll lands."""
        bar = self.verticalScrollBar()
        position = bar.sliderPosition()
        if self._extend_pending:
            return
        if position <= EDGE_PX and self.first > 0:
            self._extend_pending = True
            QTimer.singleShot(0, lambda: self._extend(self.show_earlier, STEP))
        elif position >= bar.maximum() - EDGE_PX and self.end < self.count:
            self._extend_pending = True
            QTimer.singleShot(0, lambda: self._extend(self.show_later, STEP))

    def _extend(self, how, step: int) -> None:  # noqa: ANN001 - show_earlier or show_later
        self._extend_pending = False
        how(step)

    def stream(self, index: int) -> None:
        """Note that message `index` changed while streaming; it is re-rendered on the next tick."""
        self._stream_target = self.bubble_for(index)
        if not self._stream_timer.isActive():
            self._stream_timer.start()

    def flush_stream(self) -> None:
        self._stream_timer.stop()
        if self._stream_target is not None:
            self._stream_target.stream(self._stream_target.message.text, True if self.reasoning_opens else None)

    def _track_follow(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - 24 and self.end >= self.count

    def _keep_at_bottom(self, _min: int, maximum: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(maximum)
