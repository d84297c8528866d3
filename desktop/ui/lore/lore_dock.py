"""The "Lore & memory" dock beside the chat: the chat's memory (the summary the model keeps of what left
the window, and facts the user pinned), the lorebooks the chat reads, and the entries on this turn."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...chat.conversation import Conversation
from ...chat.lore_scan import PINNED
from ...chat.lorebook import AFTER_CHAR, AT_DEPTH, BEFORE_CHAR, LorebookError, read_lorebook
from ..plain import PlainLabel
from .lore_memory import LoreMemory

SAVE_DELAY_MS = 800


class LoreDock(QDockWidget):
    edit_books = Signal()  # open the lorebook editor
    carry_memory = Signal()  # a new chat that starts with this chat's memory
    notify = Signal(str, str)

    def __init__(self, lore: LoreMemory, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Lore && memory"), parent)
        self.setObjectName("lore_dock")
        self.lore = lore
        self.conv: Conversation | None = None
        self.card: Any = None
        self._dirty = False  # the memory fields were edited since they were filled
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._memory_group())
        layout.addWidget(self._books_group())
        layout.addWidget(self._active_group(), 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.setWidget(scroll)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_memory)
        lore.memory_changed.connect(self._memory_updated)
        lore.lore_scanned.connect(self._scanned)
        lore.summarizing.connect(self._summarizing)

    # --- construction ----------------------------------------------------------------------------

    def _memory_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Memory"))
        v = QVBoxLayout(box)
        self.memory_status = PlainLabel()
        self.memory_status.setWordWrap(True)
        self.use_memory = QCheckBox(self.tr("Use the memory in this chat"))
        self.use_memory.toggled.connect(lambda _on: self._edited())
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText(self.tr("When old turns are about to leave the context window, the model "
                                                "writes what happened here. You can edit it."))
        self.summary.setMinimumHeight(70)
        self.summary.setMaximumHeight(130)
        self.summary.textChanged.connect(self._edited)
        self.facts = QListWidget()
        self.facts.setToolTip(self.tr("Pinned facts: always in the memory; a summary never drops them. "
                                      "Double-click to edit."))
        self.facts.setMaximumHeight(80)
        self.facts.itemChanged.connect(lambda _i: self._edited())
        add, remove = QPushButton(self.tr("Pin a fact…")), QPushButton(self.tr("Unpin"))
        add.clicked.connect(self._add_fact)
        remove.clicked.connect(self._remove_fact)
        self.carry = QPushButton(self.tr("New chat with this memory"))
        self.carry.setToolTip(self.tr("Start a new chat with the same character that remembers this one."))
        self.carry.clicked.connect(self.carry_memory.emit)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        v.addWidget(self.memory_status)
        v.addWidget(self.use_memory)
        v.addWidget(self.summary)
        v.addWidget(PlainLabel(self.tr("Pinned facts")))
        v.addWidget(self.facts)
        v.addLayout(row)
        v.addWidget(self.carry)
        return box

    def _books_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Lorebooks this chat reads"))
        v = QVBoxLayout(box)
        self.books = QListWidget()
        self.books.setMaximumHeight(120)
        self.books.itemChanged.connect(self._book_toggled)
        edit, imp = QPushButton(self.tr("Edit lorebooks…")), QPushButton(self.tr("Import…"))
        edit.clicked.connect(self.edit_books.emit)
        imp.clicked.connect(self.import_book)
        row = QHBoxLayout()
        row.addWidget(edit)
        row.addWidget(imp)
        row.addStretch(1)
        v.addWidget(self.books)
        v.addLayout(row)
        return box

    def _active_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("On this turn"))
        v = QVBoxLayout(box)
        self.active = QListWidget()
        self.active.setMinimumHeight(110)
        self.warnings = PlainLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setProperty("tone", "warning")
        self.budget = PlainLabel()
        v.addWidget(self.active, 1)
        v.addWidget(self.budget)
        v.addWidget(self.warnings)
        return box

    # --- the shown chat ---------------------------------------------------------------------------

    def show_chat(self, conv: Conversation | None, card: Any) -> None:
        self.save_memory()
        self.conv, self.card = conv, card
        self.setEnabled(conv is not None)
        self._fill_memory()
        self.refresh_books()
        scan = self.lore.last_scan.get(conv.id) if conv is not None and conv.id is not None else None
        self._show_scan(scan or {})

    def _fill_memory(self) -> None:
        conv = self.conv
        for w in (self.summary, self.facts, self.use_memory):
            w.blockSignals(True)
        self.summary.setPlainText(conv.memory.summary if conv else "")
        self.facts.clear()
        for fact in conv.memory.facts if conv else []:
            self._fact_item(fact)
        self.use_memory.setChecked(conv.memory.enabled if conv else True)
        for w in (self.summary, self.facts, self.use_memory):
            w.blockSignals(False)
        self._dirty = False
        self._status()

    def _status(self, summarizing: bool = False) -> None:
        conv = self.conv
        if conv is None:
            self.memory_status.setText("")
        elif summarizing:
            self.memory_status.setText(self.tr("Writing the memory of the oldest turns…"))
        elif conv.memory.covered:
            self.memory_status.setText(self.tr("Remembers messages 1–{0}.").format(conv.memory.covered))
        else:
            self.memory_status.setText(self.tr("Nothing has left the context window yet."))

    def _fact_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.facts)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _add_fact(self) -> None:
        text, ok = QInputDialog.getText(self, self.tr("Pin a fact"), self.tr("A fact the memory must always keep:"))
        if ok and text.strip():
            self._fact_item(text.strip())
            self._edited()

    def _remove_fact(self) -> None:
        for item in self.facts.selectedItems():
            self.facts.takeItem(self.facts.row(item))
        self._edited()

    def _edited(self) -> None:
        self._dirty = True
        self._save_timer.start()

    def save_memory(self) -> None:
        """Write the memory as edited (also when the chat changes or the window closes)."""
        self._save_timer.stop()
        conv = self.conv
        if conv is None or not self._dirty:
            return
        self._dirty = False
        facts = [self.facts.item(i).text().strip() for i in range(self.facts.count())]
        facts = [f for f in facts if f]
        summary, enabled = self.summary.toPlainText(), self.use_memory.isChecked()
        memory = conv.memory
        if (memory.summary, memory.facts, memory.enabled) == (summary, facts, enabled):
            return
        memory.summary, memory.facts, memory.enabled = summary, facts, enabled
        problems = memory.problems()
        if problems:
            self.notify.emit("warning", problems[0])
        if conv.id is not None:
            self.lore.db.save_chat_row(conv)

    def _memory_updated(self, chat_id: int) -> None:
        if self.conv is not None and self.conv.id == chat_id:
            self._fill_memory()

    def _summarizing(self, running: bool) -> None:
        self._status(running)

    # --- books ---------------------------------------------------------------------------------------

    def refresh_books(self) -> None:
        self.books.blockSignals(True)
        self.books.clear()
        conv = self.conv
        if conv is not None:
            for key, book, owner in self.lore.scoped_books(conv, self.card):
                scope = {"character": self.tr("character"), "chat": self.tr("this chat")}.get(owner, self.tr("every chat"))
                item = QListWidgetItem(f"{book.name} ({scope}, {len(book.entries)})", self.books)
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked if key in conv.lore.off else Qt.CheckState.Checked)
        self.books.blockSignals(False)

    def _book_toggled(self, item: QListWidgetItem) -> None:
        conv = self.conv
        if conv is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        off = item.checkState() != Qt.CheckState.Checked
        if off and key not in conv.lore.off:
            conv.lore.off.append(key)
        elif not off and key in conv.lore.off:
            conv.lore.off.remove(key)
        if conv.id is not None:
            self.lore.db.save_chat_row(conv)

    def import_book(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a lorebook"), "",
                                              self.tr("Lorebooks (*.json);;All files (*)"))
        if path:
            self.import_path(path)

    def import_path(self, path: str, for_chat: bool = False) -> bool:
        """A SillyTavern world-info file as a global book (or this chat's own)."""
        try:
            book = read_lorebook(path)
        except LorebookError as exc:
            self.notify.emit("error", self.tr("Could not import the lorebook: {0}").format(exc))
            return False
        owner = self.conv.id if for_chat and self.conv is not None else None
        self.lore.store.add(book, owner)
        self.notify.emit("info", self.tr("Imported the lorebook {0} ({1} entries).").format(book.name, len(book.entries)))
        self.refresh_books()
        return True

    # --- this turn -------------------------------------------------------------------------------------

    def _scanned(self, chat_id: int, scan: dict) -> None:
        if self.conv is not None and self.conv.id == chat_id:
            self._show_scan(scan)

    def _show_scan(self, scan: dict[str, Any]) -> None:
        self.active.clear()
        for entry in scan.get("active", []):
            where = {PINNED: self.tr("pinned block"), BEFORE_CHAR: self.tr("before the character: re-reads the chat"),
                     AFTER_CHAR: self.tr("after the character: re-reads the chat"),
                     AT_DEPTH: self.tr("at a depth")}.get(entry["placement"], self.tr("in the chat"))
            item = QListWidgetItem(self.tr("{0} — {1} tokens — {2}").format(entry["title"], entry["tokens"], where),
                                   self.active)
            item.setToolTip(self.tr("Turned on by: {0}").format(entry["reason"]))
        self.budget.setText(self.tr("Lore budget: {0:,} of {1:,} tokens").format(scan["used"], scan["budget"])
                            if scan.get("budget") else "")
        self.warnings.setText("\n".join(scan.get("warnings", [])))

