"""The left column: chats, and the shown chat's system prompt, persona and author's note."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPainter, QPalette
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from .plain import PlainLabel, plain_tooltip

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1


def set_message_count(item: QListWidgetItem, count: int) -> None:
    item.setData(COUNT_ROLE, count)
    item.setToolTip(plain_tooltip(QCoreApplication.translate("ChatSidebar", "{0}\n{1:,} messages").format(
        item.text(), count)))


class _CountDelegate(QStyledItemDelegate):
    """A chat's title (elided to leave room) with its message count on the right, muted."""

    @staticmethod
    def _count_text(index: QModelIndex | QPersistentModelIndex) -> str:
        count = index.data(COUNT_ROLE)
        return f"{count:,}" if isinstance(count, int) and count else ""

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        text = self._count_text(index)
        if text:
            room = option.rect.width() - option.fontMetrics.horizontalAdvance(text) - 20
            option.text = option.fontMetrics.elidedText(option.text, Qt.TextElideMode.ElideRight, max(room, 20))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        text = self._count_text(index)
        if text:
            painter.save()
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText if selected
                                                else QPalette.ColorRole.PlaceholderText))
            painter.drawText(option.rect.adjusted(0, 0, -4, 0),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            painter.restore()


class ChatSidebar(QWidget):
    """Emits `fields_edited(dict)` (debounced) with system_prompt, persona_name, persona_description,
    authors_note, and `delete_requested()` for the selected chat."""

    fields_edited = Signal(dict)
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_chat_button = QPushButton(self.tr("New chat"))
        self.chat_list = QListWidget()
        self.chat_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.chat_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chat_list.setItemDelegate(_CountDelegate(self.chat_list))
        self.chat_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        delete = QAction(self.tr("Delete chat"), self.chat_list)
        delete.triggered.connect(self.delete_requested)
        self.chat_list.addAction(delete)
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(self.tr("System prompt: who the assistant is. It stays at the top "
                                                      "of the context and is never shifted out."))
        self.system_prompt.setMaximumHeight(120)
        self.persona_name = QLineEdit()
        self.persona_name.setPlaceholderText(self.tr("Your name in this chat"))
        self.persona_description = QLineEdit()
        self.persona_description.setPlaceholderText(self.tr("About you (part of the pinned block)"))
        self.authors_note = QPlainTextEdit()
        self.authors_note.setPlaceholderText(self.tr("Author's note: placed just before each reply (changing it "
                                                     "re-processes only the end, never the history)"))
        self.authors_note.setMaximumHeight(70)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(600)
        self._timer.timeout.connect(self.flush)
        for edit in (self.system_prompt, self.persona_name, self.persona_description, self.authors_note):
            edit.textChanged.connect(self._timer.start)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.new_chat_button)
        column.addWidget(self.chat_list, 1)
        column.addWidget(PlainLabel(self.tr("System prompt")))
        column.addWidget(self.system_prompt)
        column.addWidget(PlainLabel(self.tr("You")))
        column.addWidget(self.persona_name)
        column.addWidget(self.persona_description)
        column.addWidget(PlainLabel(self.tr("Author's note")))
        column.addWidget(self.authors_note)

    def show_chats(self, chats: list[tuple[int, str, float]], counts: dict[int, int], current: int | None) -> None:
        """The chat list: (id, title, updated) rows, most recent first, with their message counts."""
        self.chat_list.clear()
        for chat_id, title, _updated in chats:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, chat_id)
            set_message_count(item, counts.get(chat_id, 0))
            self.chat_list.addItem(item)
            if chat_id == current:
                item.setSelected(True)
                self.chat_list.setCurrentItem(item)

    def values(self) -> dict[str, str]:
        return {"system_prompt": self.system_prompt.toPlainText(), "persona_name": self.persona_name.text().strip(),
                "persona_description": self.persona_description.text(),
                "authors_note": self.authors_note.toPlainText()}

    def show_conversation(self, conv) -> None:
        self._timer.stop()
        for edit, value in ((self.system_prompt, conv.system_prompt), (self.persona_name, conv.persona_name),
                            (self.persona_description, conv.persona_description),
                            (self.authors_note, conv.authors_note)):
            edit.blockSignals(True)
            if isinstance(edit, QLineEdit):
                edit.setText(value)
            else:
                edit.setPlainText(value)
            edit.blockSignals(False)

    def flush(self) -> None:
        """Send pending edits now (before sending a message, switching chats or closing)."""
        if self._timer.isActive() or self.sender() is self._timer:
            self._timer.stop()
            self.fields_edited.emit(self.values())
