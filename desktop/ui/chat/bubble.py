"""One message in the chat: avatar, name, markdown body, stats line, swipe arrows, actions.

A reasoning model's reply is stored as written, thinking block included; the bubble splits it when
it shows it (`chat.reasoning`): the thinking folded above the answer, the answer in the body."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...chat.conversation import Message
from ...chat.reasoning import split_message
from ..engine_text import shown_notice, shown_stats
from ..flow_layout import FlowLayout
from ..plain import PlainLabel
from ..theme import set_tone
from .message_body import MessageBody
from .thinking import ThinkingSection

DOCUMENT_PREVIEW = 700  # characters of a story shown in its bubble
AVATAR_COLORS = {"user": "#4f7cac", "assistant": "#c0672b"}


def avatar_pixmap(name: str, role: str, size: int = 32) -> QPixmap:
    """A round avatar with the name's first letter (cards bring real pictures later)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(AVATAR_COLORS.get(role, "#777777")))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(0, 0, size, size)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(size // 2)
    painter.setFont(font)
    painter.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, (name[:1] or "?").upper())
    painter.end()
    return pix


def picture_avatar(data: bytes, size: int = 32) -> QPixmap | None:
    """A card's picture as a round avatar (its top square: portraits have the face there); None if the
    bytes are not a picture."""
    image = QImage.fromData(data)
    if image.isNull():
        return None
    side = min(image.width(), image.height())
    square = image.copy(QRect((image.width() - side) // 2, 0, side, side)).scaled(
        size, size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addEllipse(0, 0, size, size)
    painter.setClipPath(path)
    painter.drawImage(0, 0, square)
    painter.end()
    return pix


class MessageBubble(QFrame):
    """Emits `action(name)` with name in copy, edit, delete, branch, regenerate, continue, prev, next, and
    `edited(text, continue_after)` when an edit is saved."""

    action = Signal(str)
    edited = Signal(str, bool)

    def __init__(self, message: Message, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = message
        self.setObjectName("bubble_" + message.role)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Height for width (its text and buttons wrap); never taller than that (the chat's column
        # ends in a stretch that takes the spare height).
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.set_highlighted(False)

        self.avatar = PlainLabel()
        self.avatar.setFixedSize(32, 32)
        self.name = PlainLabel()
        self.name.setObjectName("bubble_name")
        self.name.setMinimumWidth(20)  # a long name is cut, never the bubble widened past the chat
        self.prev_button = self._tool("‹", "prev", self.tr("Previous alternate (Left arrow)"))
        self.swipe_label = PlainLabel()
        self.next_button = self._tool("›", "next", self.tr("Next alternate (Right arrow)"))
        header = QHBoxLayout()
        header.addWidget(self.avatar)
        header.addWidget(self.name)
        header.addStretch(1)
        for w in (self.prev_button, self.swipe_label, self.next_button):
            header.addWidget(w)

        self.body = MessageBody()
        self.thinking: ThinkingSection | None = None  # made for the first reply that thinks
        self._answer_shown = True  # the body has an answer to show (a reply only thinking so far has none)
        self._streamed: tuple[int, bool | None] | None = None  # (swipe, starts_in_reasoning) it streamed with
        self.editor: QPlainTextEdit | None = None  # made on the first edit: most bubbles are never edited
        self._busy = False
        self.status = ""  # shown instead of the message while set (see set_status)

        self.stats = PlainLabel()
        set_tone(self.stats, "small")
        self.stats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stats.setWordWrap(True)
        self.notice = PlainLabel()
        set_tone(self.notice, "warning")
        self.notice.setWordWrap(True)

        self.actions_bar = QWidget()  # the buttons wrap to a second row in a narrow chat
        self.actions_row = FlowLayout(self.actions_bar)
        self.buttons = {
            "copy": self._tool(self.tr("Copy"), "copy", self.tr("Copy this message")),
            "edit": self._tool(self.tr("Edit"), "edit", self.tr("Edit this message")),
            "delete": self._tool(self.tr("Delete"), "delete", self.tr("Delete this message")),
            "branch": self._tool(self.tr("Branch"), "branch",
                                 self.tr("A new chat with the messages up to and including this one")),
            "regenerate": self._tool(self.tr("Regenerate"), "regenerate",
                                     self.tr("Write a new alternate of this reply (Ctrl+R); the old one is kept")),
            "continue": self._tool(self.tr("Continue"), "continue", self.tr("Write more of this reply")),
        }
        for button in self.buttons.values():
            self.actions_row.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.body)
        layout.addWidget(self.stats)
        layout.addWidget(self.notice)
        layout.addWidget(self.actions_bar)
        self.set_name(name)
        self.refresh()

    def set_highlighted(self, on: bool) -> None:
        """Mark the message a search jumped to."""
        self.highlighted = on
        self.setProperty("highlighted", on)  # the app's style sheet draws the border
        self.style().unpolish(self)
        self.style().polish(self)

    def _tool(self, text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setObjectName(name)
        button.clicked.connect(lambda: self.action.emit(name))
        return button

    def set_name(self, name: str, picture: QPixmap | None = None) -> None:
        """The speaker's name, and their picture (a card's) or a letter avatar."""
        self.name.setText(name)
        self.avatar.setPixmap(picture if picture is not None else avatar_pixmap(name, self.message.role))

    def set_status(self, text: str) -> None:
        """Show `text` instead of the message (its actions hidden) until called with ""."""
        self.status = text
        self.refresh()

    def refresh(self) -> None:
        """Show the message's current swipe, its stats and the swipe counter."""
        self.actions_bar.setVisible(not self.status)
        if self.status:
            self.body.set_markdown(self.status)
            self.body.show()
            return
        swipe = self.message.current
        streamed = self._streamed
        opens = streamed[1] if streamed is not None and streamed[0] == self.message.swipe else None
        self._show(self._shown_text(swipe.text), streaming=False, starts_in_reasoning=opens)
        self.stats.setText(shown_stats(swipe.stats))
        self.stats.setToolTip(swipe.stats)  # the engine's own line, as the logs and the API have it
        self.stats.setVisible(bool(swipe.stats))
        self.notice.setText(shown_notice(swipe.notice))
        self.notice.setToolTip(swipe.notice)
        self.notice.setVisible(bool(swipe.notice))
        count = len(self.message.swipes)
        self.swipe_label.setText(f"{self.message.swipe + 1}/{count}")
        for w in (self.prev_button, self.swipe_label, self.next_button):
            w.setVisible(count > 1)
        self.prev_button.setEnabled(self.message.swipe > 0)
        self.next_button.setEnabled(self.message.swipe < count - 1)

    def _shown_text(self, text: str) -> str:
        """A story read into the chat is shown folded: its start and its length."""
        if not self.message.document or len(text) <= DOCUMENT_PREVIEW:
            return text
        return text[:DOCUMENT_PREVIEW].rstrip() + "\n\n" + self.tr("… ({0:,} characters in all; the whole story "
                                                                     "is on the page beside the chat)").format(len(text))

    def set_is_last(self, last: bool, busy: bool) -> None:
        """Regenerate and Continue belong to the last reply; nothing changes while generating."""
        reply = self.message.role == "assistant"
        self.buttons["regenerate"].setVisible(last and reply)
        self.buttons["continue"].setVisible(last and reply)
        for name in ("edit", "delete", "branch", "regenerate", "continue"):
            self.buttons[name].setEnabled(not busy)
        self._busy = busy
        self._update_save_buttons()
        self.prev_button.setEnabled(not busy and self.message.swipe > 0)
        self.next_button.setEnabled(not busy and self.message.swipe < len(self.message.swipes) - 1)

    def stream(self, text: str, starts_in_reasoning: bool | None = None) -> None:
        """Show a reply as it streams (`starts_in_reasoning`: the model's prompt opened the thinking
        block; None guesses it from the text, as for a stored reply). The bubble keeps showing that
        reply so, also once it has ended (a stored one cut off while thinking has nothing to tell)."""
        self._streamed = (self.message.swipe, starts_in_reasoning)
        self._show(text, streaming=True, starts_in_reasoning=starts_in_reasoning)

    def _show(self, text: str, streaming: bool, starts_in_reasoning: bool | None = None) -> None:
        split = None
        if self.message.role == "assistant" and not self.message.document:
            split = split_message(text, starts_in_reasoning, final=not streaming)
        if split is not None and split.found and (split.reasoning or split.thinking):
            section = self.thinking or self._build_thinking()
            section.set_reasoning(split.reasoning, split.thinking, streaming)
            section.setVisible(not self.editing)
            text = split.answer
            self._answer_shown = bool(text.strip())
        else:
            if split is not None:  # the text itself, or without an empty block (a model told not to
                text = split.answer  # think), or while streaming without what may still be a marker
            if self.thinking is not None:
                self.thinking.hide()
            self._answer_shown = True
        self.body.set_markdown(text)
        self.body.setVisible(self._answer_shown and not self.editing)

    def _build_thinking(self) -> ThinkingSection:
        self.thinking = ThinkingSection()
        layout = self.layout()
        layout.insertWidget(layout.indexOf(self.body), self.thinking)
        return self.thinking

    @property
    def answer(self) -> str:
        """The answer shown (a reply's text without its thinking)."""
        return self.body.markdown()

    # --- editing ---------------------------------------------------------------------------------

    def _build_editor(self) -> QPlainTextEdit:
        self.editor = QPlainTextEdit()
        self.edit_bar = QWidget()
        edit_row = FlowLayout(self.edit_bar, spacing=6)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_continue_button = QPushButton(self.tr("Save and continue from here"))
        self.cancel_edit_button = QPushButton(self.tr("Cancel"))
        self.save_button.clicked.connect(lambda: self._finish_edit(False))
        self.save_continue_button.clicked.connect(lambda: self._finish_edit(True))
        self.cancel_edit_button.clicked.connect(self._cancel_edit)
        for w in (self.save_button, self.save_continue_button, self.cancel_edit_button):
            edit_row.addWidget(w)
        layout = self.layout()
        at = layout.indexOf(self.body) + 1
        layout.insertWidget(at, self.editor)
        layout.insertWidget(at + 1, self.edit_bar)
        self._update_save_buttons()
        return self.editor

    def _update_save_buttons(self) -> None:
        """An open editor stays open while a reply streams; saving waits until it has finished."""
        if self.editor is None:
            return
        busy = self._busy
        for button in (self.save_button, self.save_continue_button):
            button.setEnabled(not busy)
            button.setToolTip(self.tr("Wait for the reply to finish, or stop it (Esc); your text stays here.")
                              if busy else "")

    def start_edit(self) -> None:
        editor = self.editor or self._build_editor()
        editor.setPlainText(self.message.text)
        editor.setMinimumHeight(min(max(self.body.height(), 80), 400))
        self.body.hide()
        if self.thinking is not None:
            self.thinking.hide()  # the editor has the whole text, thinking block included
        editor.show()
        self.edit_bar.show()
        editor.setFocus()

    @property
    def editing(self) -> bool:
        return self.editor is not None and not self.editor.isHidden()

    def _finish_edit(self, continue_after: bool) -> None:
        if not self.save_button.isEnabled():
            return  # busy: keep the text in the editor
        assert self.editor is not None
        text = self.editor.toPlainText()
        self._cancel_edit()
        self.edited.emit(text, continue_after)

    def _cancel_edit(self) -> None:
        if self.editor is not None:
            self.editor.hide()
            self.edit_bar.hide()
        self.refresh()
