"""The lorebook editor: the books (every chat's, this chat's, the character's), their entries, and one
entry's keys, text and options. Every change is stored at once; export writes the book in the format
it came in (a SillyTavern world-info file, or the card's character_book inside the card)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...chat.conversation import Conversation
from ...chat.lorebook import (
    AFTER_CHAR,
    AND_ALL,
    AND_ANY,
    AT_DEPTH,
    BEFORE_CHAR,
    IN_CHAT,
    NOT_ALL,
    NOT_ANY,
    Lorebook,
    LoreEntry,
    to_world_info,
)
from ..sizing import resize_within_screen
from .lore_memory import LoreMemory

SAVE_DELAY_MS = 600


def _keys(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


class LorebookEditor(QDialog):
    changed = Signal()  # a book was stored

    def __init__(self, lore: LoreMemory, conv: Conversation | None, card: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lorebooks"))
        resize_within_screen(self, 1000, 640)
        self.lore, self.conv, self.card = lore, conv, card
        self.books: list[tuple[str, Lorebook]] = []
        self.book: Lorebook | None = None
        self.entry: LoreEntry | None = None
        self._filling = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.store_book)

        self.book_list = QListWidget()
        self.book_list.currentRowChanged.connect(self._book_chosen)
        new_book, new_chat_book = QPushButton(self.tr("New book")), QPushButton(self.tr("New book for this chat"))
        new_book.clicked.connect(lambda: self.new_book(False))
        new_chat_book.clicked.connect(lambda: self.new_book(True))
        new_chat_book.setEnabled(conv is not None and conv.id is not None)
        self.export_button, self.delete_book_button = QPushButton(self.tr("Export…")), QPushButton(self.tr("Delete book"))
        self.export_button.clicked.connect(self.export_book)
        self.delete_book_button.clicked.connect(self.delete_book)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(self.book_list, 1)
        for b in (new_book, new_chat_book, self.export_button, self.delete_book_button):
            lv.addWidget(b)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find an entry (title, key or text)"))
        self.search.textChanged.connect(self._filter)
        self.entry_list = QListWidget()
        self.entry_list.currentRowChanged.connect(self._entry_chosen)
        self.entry_list.itemChanged.connect(self._entry_toggled)
        add, remove = QPushButton(self.tr("New entry")), QPushButton(self.tr("Delete entry"))
        add.clicked.connect(self.new_entry)
        remove.clicked.connect(self.delete_entry)
        middle = QWidget()
        mv = QVBoxLayout(middle)
        mv.addWidget(self.search)
        mv.addWidget(self.entry_list, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        mv.addLayout(row)

        self.form = QWidget()
        self._build_form()
        form_scroll = QScrollArea()  # the entry's many fields scroll on a short screen (1024x600)
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        form_scroll.setWidget(self.form)
        splitter = QSplitter()
        for w in (left, middle, form_scroll):
            splitter.addWidget(w)
        splitter.setSizes([220, 260, 520])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.reload()

    def _build_form(self) -> None:
        f = QFormLayout(self.form)
        self.title = QLineEdit()
        self.keys = QLineEdit()
        self.keys.setPlaceholderText(self.tr("words that turn it on, separated by commas; /regex/i for a pattern"))
        self.secondary = QLineEdit()
        self.logic = QComboBox()
        for value, label in ((AND_ANY, self.tr("and any of these")), (NOT_ALL, self.tr("unless all of these")),
                             (NOT_ANY, self.tr("unless any of these")), (AND_ALL, self.tr("and all of these"))):
            self.logic.addItem(label, value)
        self.content = QPlainTextEdit()
        self.content.setMinimumHeight(140)
        self.enabled = QCheckBox(self.tr("On"))
        self.constant = QCheckBox(self.tr("Always on (no keys needed)"))
        self.placement = QComboBox()
        for value, label in ((IN_CHAT, self.tr("In the chat where it triggers (keeps the cache)")),
                             (AT_DEPTH, self.tr("A few messages back (re-reads those once)")),
                             (AFTER_CHAR, self.tr("After the character (re-reads the whole chat)")),
                             (BEFORE_CHAR, self.tr("Before the character (re-reads the whole chat)"))):
            self.placement.addItem(label, value)
        self.depth = QSpinBox()
        self.depth.setRange(0, 1000)
        self.order = QSpinBox()
        self.order.setRange(-100000, 100000)
        self.order.setToolTip(self.tr("Higher goes later (nearer the reply) and wins when the lore budget is full."))
        self.probability = QSpinBox()
        self.probability.setRange(0, 100)
        self.probability.setSuffix(" %")
        self.scan_depth = QSpinBox()
        self.scan_depth.setRange(-1, 1000)
        self.scan_depth.setSpecialValueText(self.tr("the book's"))
        self.sticky, self.cooldown, self.delay = QSpinBox(), QSpinBox(), QSpinBox()
        for box in (self.sticky, self.cooldown, self.delay):
            box.setRange(0, 10000)
            box.setSuffix(self.tr(" messages"))
        self.case = QCheckBox(self.tr("Match case"))
        self.whole = QCheckBox(self.tr("Whole words only"))
        self.regex = QCheckBox(self.tr("Every key is a regular expression"))
        self.no_recurse = QCheckBox(self.tr("Other entries' text cannot turn it on"))
        f.addRow(self.tr("Title"), self.title)
        f.addRow(self.tr("Keys"), self.keys)
        f.addRow(self.tr("Also needs"), self.secondary)
        f.addRow("", self.logic)
        f.addRow(self.tr("Text"), self.content)
        f.addRow("", self.enabled)
        f.addRow("", self.constant)
        f.addRow(self.tr("Where it goes"), self.placement)
        f.addRow(self.tr("Messages back"), self.depth)
        f.addRow(self.tr("Order"), self.order)
        f.addRow(self.tr("Chance"), self.probability)
        f.addRow(self.tr("Messages scanned"), self.scan_depth)
        f.addRow(self.tr("Stays on for"), self.sticky)
        f.addRow(self.tr("Then rests for"), self.cooldown)
        f.addRow(self.tr("Not before message"), self.delay)
        for box in (self.case, self.whole, self.regex, self.no_recurse):
            f.addRow("", box)
        for w in (self.title, self.keys, self.secondary):
            w.textEdited.connect(self._form_changed)
        self.content.textChanged.connect(self._form_changed)
        for c in (self.logic, self.placement):
            c.currentIndexChanged.connect(self._form_changed)
        for s in (self.depth, self.order, self.probability, self.scan_depth, self.sticky, self.cooldown, self.delay):
            s.valueChanged.connect(self._form_changed)
        for b in (self.enabled, self.constant, self.case, self.whole, self.regex, self.no_recurse):
            b.toggled.connect(self._form_changed)

    # --- books ---------------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        conv = self.conv
        if conv is not None:
            scoped = self.lore.scoped_books(conv, self.card)
        else:
            scoped = [(f"book{b.id}", b, "global") for b, owner in self.lore.store.books(None) if owner is None]
        self.books = [(key, book) for key, book, _owner in scoped]
        self.book_list.blockSignals(True)
        self.book_list.clear()
        for _key, book, owner in scoped:
            scope = {"character": self.tr("character"), "chat": self.tr("this chat")}.get(owner, self.tr("every chat"))
            QListWidgetItem(f"{book.name}\n{scope} · {len(book.entries)}", self.book_list)
        self.book_list.blockSignals(False)
        keys = [k for k, _ in self.books]
        row = keys.index(select) if select in keys else 0 if self.books else -1
        self.book_list.setCurrentRow(row)
        self._book_chosen(row)

    def _book_chosen(self, row: int) -> None:
        self.store_book()
        self.book = self.books[row][1] if 0 <= row < len(self.books) else None
        self.export_button.setEnabled(self.book is not None)
        self.delete_book_button.setEnabled(self.book is not None and self.book.id is not None)
        self._fill_entries()

    def new_book(self, for_chat: bool) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New lorebook"), self.tr("Name:"))
        if not ok or not name.strip():
            return
        book = Lorebook(name=name.strip(), kind="world_info")
        owner = self.conv.id if for_chat and self.conv is not None else None
        self.lore.store.add(book, owner)
        self.reload(f"book{book.id}")
        self.changed.emit()

    def delete_book(self) -> None:
        if self.book is not None and self.book.id is not None:
            self.lore.store.delete(self.book.id)
            self.book = None
            self.reload()
            self.changed.emit()

    def export_book(self) -> None:
        if self.book is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the lorebook"), f"{self.book.name}.json",
                                              self.tr("Lorebooks (*.json)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """A stored book as it came (world info or character_book); the character's book as world info."""
        assert self.book is not None
        data = self.book.to_json() if self.book.id is not None else to_world_info(self.book)
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")

    def store_book(self) -> None:
        """Write the shown book now (stored books in their row, the character's in its card)."""
        self._timer.stop()
        book = self.book
        if book is None:
            return
        if book.id is not None:
            self.lore.store.save(book)
        elif self.card is not None and self.card.character_book is book and self.conv is not None \
                and self.conv.character_id is not None:
            self.lore.store.save_character_book(self.conv.character_id, self.card)
        self.changed.emit()

    # --- entries -------------------------------------------------------------------------------------

    def _fill_entries(self) -> None:
        self.entry_list.blockSignals(True)
        self.entry_list.clear()
        for entry in self.book.entries if self.book else []:
            item = QListWidgetItem(entry.title or self.tr("(untitled)"), self.entry_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if entry.enabled else Qt.CheckState.Unchecked)
            item.setToolTip(", ".join(entry.keys))
        self.entry_list.blockSignals(False)
        self._filter(self.search.text())
        self.entry_list.setCurrentRow(0 if self.book and self.book.entries else -1)
        self._entry_chosen(self.entry_list.currentRow())

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row, entry in enumerate(self.book.entries if self.book else []):
            hay = " ".join([entry.title, entry.content, *entry.keys]).lower()
            self.entry_list.item(row).setHidden(bool(needle) and needle not in hay)

    def _entry_chosen(self, row: int) -> None:
        self.entry = self.book.entries[row] if self.book and 0 <= row < len(self.book.entries) else None
        self.form.setEnabled(self.entry is not None)
        e = self.entry or LoreEntry(uid=-1)
        self._filling = True
        self.title.setText(e.comment)
        self.keys.setText(", ".join(e.keys))
        self.secondary.setText(", ".join(e.secondary_keys))
        self.logic.setCurrentIndex(max(0, self.logic.findData(e.logic)))
        self.content.setPlainText(e.content)
        self.enabled.setChecked(e.enabled)
        self.constant.setChecked(e.constant)
        self.placement.setCurrentIndex(max(0, self.placement.findData(e.placement)))
        self.depth.setValue(e.depth)
        self.order.setValue(e.order)
        self.probability.setValue(e.probability if e.use_probability else 100)
        self.scan_depth.setValue(-1 if e.scan_depth is None else e.scan_depth)
        self.sticky.setValue(e.sticky)
        self.cooldown.setValue(e.cooldown)
        self.delay.setValue(e.delay)
        self.case.setChecked(bool(e.case_sensitive))
        self.whole.setChecked(bool(e.match_whole_words))
        self.regex.setChecked(e.use_regex)
        self.no_recurse.setChecked(e.exclude_recursion)
        self.depth.setEnabled(e.placement == AT_DEPTH)
        self._filling = False

    def _form_changed(self, *_args: object) -> None:
        e = self.entry
        if self._filling or e is None:
            return
        e.comment = self.title.text()
        e.keys, e.secondary_keys = _keys(self.keys.text()), _keys(self.secondary.text())
        e.selective = bool(e.secondary_keys) or e.selective
        e.logic = int(self.logic.currentData())
        e.content = self.content.toPlainText()
        e.enabled, e.constant = self.enabled.isChecked(), self.constant.isChecked()
        e.placement = str(self.placement.currentData())
        e.depth, e.order = self.depth.value(), self.order.value()
        if self.probability.value() != 100 or not e.use_probability:
            e.probability, e.use_probability = self.probability.value(), True
        e.scan_depth = None if self.scan_depth.value() < 0 else self.scan_depth.value()
        e.sticky, e.cooldown, e.delay = self.sticky.value(), self.cooldown.value(), self.delay.value()
        e.case_sensitive = self.case.isChecked() if (self.case.isChecked() or e.case_sensitive is not None) else None
        e.match_whole_words = self.whole.isChecked() if (self.whole.isChecked() or e.match_whole_words is not None) else None
        e.use_regex, e.exclude_recursion = self.regex.isChecked(), self.no_recurse.isChecked()
        self.depth.setEnabled(e.placement == AT_DEPTH)
        item = self.entry_list.currentItem()
        if item is not None:
            item.setText(e.title or self.tr("(untitled)"))
        self._timer.start()

    def _entry_toggled(self, item: QListWidgetItem) -> None:
        if self.book is None:
            return
        row = self.entry_list.row(item)
        self.book.entries[row].enabled = item.checkState() == Qt.CheckState.Checked
        if self.book.entries[row] is self.entry:
            self._filling = True
            self.enabled.setChecked(self.entry.enabled)
            self._filling = False
        self._timer.start()

    def new_entry(self) -> None:
        if self.book is None:
            return
        entry = self.book.new_entry()
        entry.comment = self.tr("New entry")
        self._fill_entries()
        self.entry_list.setCurrentRow(len(self.book.entries) - 1)
        self.store_book()

    def delete_entry(self) -> None:
        if self.book is None or self.entry is None:
            return
        self.book.entries.remove(self.entry)
        self._fill_entries()
        self.store_book()

    def done(self, result: int) -> None:  # noqa: D401 - Qt override: store what is pending on close
        self.store_book()
        super().done(result)
