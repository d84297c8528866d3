"""The chat list: titles with their message counts, a search box above, and Rename (F2), Duplicate and
Delete on each chat (its context menu, or the keys with the list focused); Ctrl+K finds a chat."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..plain import PlainLabel, plain_tooltip

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1
UNTITLED = "New chat"  # chat.conversation.Conversation's title until the first message names it
TITLE_ROLE = Qt.ItemDataRole.UserRole + 2  # the stored title (the text differs while it is being renamed)
LIST_ICON = 22  # pixels: a character chat's picture in the list


def messages_text(count: int) -> str:
    """"1 message", "12 messages": Qt's plural forms (%n) for a translation; untranslated, Qt keeps
    the source's "(s)", so English's own plural is made here."""
    text = QCoreApplication.translate("ChatSidebar", "%Ln message(s)", "", count)
    return text.replace("(s)", "" if count == 1 else "s")


def set_message_count(item: QListWidgetItem, count: int) -> None:
    item.setData(COUNT_ROLE, count)
    item.setToolTip(plain_tooltip(f"{item.data(TITLE_ROLE) or item.text()}\n{messages_text(count)}"))


def title_matches(title: str, query: str) -> bool:
    """Every word of the query is in the title, ignoring case."""
    folded = title.casefold()
    return all(word in folded for word in query.casefold().split())


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


class _ChatListWidget(QListWidget):
    """Its context menu is for the chat under the mouse, or the current one from the keyboard; a
    line (`placeholder`) says when a search found nothing, inside the empty list."""

    menu_requested = Signal(object, object)  # QListWidgetItem, global QPoint

    def __init__(self) -> None:
        super().__init__()
        self.placeholder = PlainLabel(parent=self.viewport())
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)  # muted
        self.placeholder.hide()

    def show_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        self.placeholder.setVisible(bool(text))
        self._place()

    def _place(self) -> None:
        width = max(40, self.viewport().width() - 12)
        self.placeholder.setGeometry(6, 6, width, self.placeholder.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
        item: QListWidgetItem | None = self.currentItem() if keyboard else self.itemAt(event.pos())
        if item is not None:
            where = self.visualItemRect(item).center() if keyboard else event.pos()
            self.setCurrentItem(item)
            self.menu_requested.emit(item, self.viewport().mapToGlobal(where))


class _SearchBox(QLineEdit):
    """Down goes to the list; Escape clears the search, then leaves it."""

    down = Signal()

    def event(self, event: QEvent) -> bool:
        # Escape is the window's Stop shortcut: while there is a search to clear, it is this box's.
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape and self.text()):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
        elif event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
        elif event.key() == Qt.Key.Key_Escape:
            self.down.emit()
        else:
            super().keyPressEvent(event)


class ChatListPanel(QWidget):
    """Emits `chat_chosen(id)` (click, Enter), `rename_requested(id, title)`, `duplicate_requested(id)`
    and `delete_requested()` for the current chat (after the user confirmed)."""

    chat_chosen = Signal(int)
    rename_requested = Signal(int, str)
    duplicate_requested = Signal(int)
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = _SearchBox()
        self.search.setPlaceholderText(self.tr("Search chats (Ctrl+K)"))
        self.search.setAccessibleName(self.tr("Search chats by title"))
        self.search.setClearButtonEnabled(True)
        self.list = _ChatListWidget()
        self.list.setAccessibleName(self.tr("Chats"))
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setItemDelegate(_CountDelegate(self.list))
        self.list.setIconSize(QSize(LIST_ICON, LIST_ICON))
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # Rename (F2) starts an edit
        self.no_match = self.list.placeholder

        def action(text: str, keys: QKeySequence | QKeySequence.StandardKey, slot) -> QAction:
            made = QAction(text, self.list)
            made.setShortcut(keys)
            made.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the list focused (not its editor)
            made.triggered.connect(slot)
            self.list.addAction(made)
            return made

        self.rename_action = action(self.tr("Rename"), QKeySequence(Qt.Key.Key_F2), self.start_rename)
        self.duplicate_action = action(self.tr("Duplicate"), QKeySequence("Ctrl+D"), self._duplicate)
        self.delete_action = action(self.tr("Delete"), QKeySequence(QKeySequence.StandardKey.Delete), self._delete)
        self.find_action = QAction(self.tr("Search chats"), self)
        self.find_action.setShortcut(QKeySequence("Ctrl+K"))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)

        self.search.textChanged.connect(self._apply_filter)
        self.search.returnPressed.connect(self._choose_first)
        self.search.down.connect(self._focus_list)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemChanged.connect(self._edited)
        self.list.menu_requested.connect(self._show_menu)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.list, 1)

    # --- contents --------------------------------------------------------------------------------

    def show_chats(self, chats: list[tuple[int, str, float]], counts: dict[int, int], current: int | None,
                   icons: dict[int, QIcon] | None = None) -> None:
        """The chat list: (id, title, updated) rows, most recent first, with their message counts and
        the character's picture (a chat without one keeps the room, so the titles line up)."""
        self.list.clear()
        icons = icons or {}
        blank = QIcon()
        if icons:
            empty = QPixmap(self.list.iconSize())
            empty.fill(Qt.GlobalColor.transparent)
            blank = QIcon(empty)
        for chat_id, stored, _updated in chats:
            # An untitled chat's default title (chat.conversation's, stored in English) in the UI's language.
            title = self.tr("New chat") if stored == UNTITLED else stored
            item = QListWidgetItem(title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setData(Qt.ItemDataRole.UserRole, chat_id)
            item.setData(TITLE_ROLE, title)
            set_message_count(item, counts.get(chat_id, 0))
            item.setIcon(icons.get(chat_id, blank))
            self.list.addItem(item)
            if chat_id == current:
                item.setSelected(True)
                self.list.setCurrentItem(item)
        self._apply_filter()

    def item_for(self, chat_id: int) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == chat_id:
                return item
        return None

    def set_chat_count(self, chat_id: int, count: int, to_top: bool = False) -> None:
        """One chat's new message count (a message added or removed), without rebuilding the list;
        `to_top`: it was just changed, so it is now the most recent."""
        item = self.item_for(chat_id)
        if item is None:
            return
        set_message_count(item, count)
        row = self.list.row(item)
        if to_top and row > 0 and self.list.state() != QAbstractItemView.State.EditingState:
            current = self.list.currentItem() is item
            self.list.takeItem(row)
            self.list.insertItem(0, item)
            if current:
                self.list.setCurrentItem(item)
            item.setHidden(not title_matches(item.data(TITLE_ROLE) or item.text(), self.search.text()))

    # --- search ----------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _apply_filter(self) -> None:
        query = self.search.text()
        shown = 0
        for row in range(self.list.count()):
            item = self.list.item(row)
            match = title_matches(item.data(TITLE_ROLE) or item.text(), query)
            item.setHidden(not match)
            shown += match
        nothing = bool(query.strip()) and shown == 0
        self.list.show_placeholder(self.tr("No chat title contains “{0}”.").format(query.strip()) if nothing else "")

    def _visible_items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count()) if not self.list.item(row).isHidden()]

    def _focus_list(self) -> None:
        items = self._visible_items()
        if items:
            if self.list.currentItem() not in items:
                self.list.setCurrentItem(items[0])
            self.list.setFocus(Qt.FocusReason.TabFocusReason)

    def _choose_first(self) -> None:
        """Enter in the search box opens the first chat found."""
        items = self._visible_items()
        if items:
            self.list.setCurrentItem(items[0])
            self._chosen(items[0])

    # --- actions ---------------------------------------------------------------------------------

    def _chosen(self, item: QListWidgetItem) -> None:
        self.chat_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def _show_menu(self, item: QListWidgetItem, where) -> None:
        menu = QMenu(self)
        for act in (self.rename_action, self.duplicate_action, self.delete_action):
            menu.addAction(act)
        self.menu = menu  # (kept, so a test or screenshot can see it)
        menu.popup(where)

    def start_rename(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def _edited(self, item: QListWidgetItem) -> None:
        """A rename typed in the list: asked for once the editor has closed (the list is rebuilt then)."""
        title, text = item.data(TITLE_ROLE), item.text()
        if title is None or text == title:
            return  # (a count or tooltip changed)
        chat_id = item.data(Qt.ItemDataRole.UserRole)
        item.setText(title)  # the stored name until the new one is stored
        QTimer.singleShot(0, lambda: self.rename_requested.emit(chat_id, text))

    def _duplicate(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.duplicate_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _delete(self) -> None:
        item = self.list.currentItem()
        if item is not None and self.confirm_delete(item.data(TITLE_ROLE) or item.text(), item.data(COUNT_ROLE) or 0):
            self.delete_requested.emit()

    def confirm_delete(self, title: str, count: int) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Delete chat"),
                          self.tr("Delete the chat “{0}” ({1})? This cannot be undone.").format(
                              title, messages_text(count)), parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        return box.clickedButton() is delete
