"""The character editor: a card's picture, every text field, its greetings and its lorebook, saved to
the character library, and exported as a V2 PNG card. Only the fields the user changed are written
into the card; the rest of it (unknown fields, extensions, the V1 copies) stays as it came."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...chat.cards import Card, CardError, check_card, edited_card, new_card
from ...chat.conversation import Conversation
from ...chat.lorebook import Lorebook
from ..lore.lore_memory import LoreMemory, character_book_key
from ..lore.lorebook_editor import LorebookEditor
from ..plain import PlainLabel
from .greetings import GreetingList
from .library import CharacterLibrary
from .picture import PictureError, load_picture, painted_picture, scaled_pixmap

log = logging.getLogger("fireside.ui")
PICTURE_BOX = QSize(180, 270)
MESSAGE_STYLES = {"error": "background: #fde2e1; color: #8a1f17;", "info": "background: #e8f1fb; color: #1d4f7a;"}


def _tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class CharacterEditor(QDialog):
    saved = Signal(int)  # the character's id, after every save

    def __init__(self, library: CharacterLibrary, lore: LoreMemory | None, character_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library, self.lore = library, lore
        card = library.card(character_id)
        self.character_id = character_id if card is not None else None
        self.card: Card = card or new_card()
        self.picture = self.card.avatar_png
        self.dirty = False
        self.lorebook_editor: LorebookEditor | None = None
        self._book_created = False
        self._shown: dict[str, object] = {}
        self._build()
        self._fill()
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(940, screen.width() - 40), min(680, screen.height() - 40))

    # --- building --------------------------------------------------------------------------------

    def _text(self, name: str, height: int, placeholder: str = "") -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)  # Tab moves on: the form is reachable by keyboard
        box.setFixedHeight(height)
        box.setAccessibleName(name)
        box.setPlaceholderText(placeholder)
        box.textChanged.connect(self._changed)
        return box

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        line = QLineEdit()
        line.setAccessibleName(name)
        line.setPlaceholderText(placeholder)
        line.textEdited.connect(self._changed)
        return line

    def _build(self) -> None:
        self.message = PlainLabel()
        self.message.setWordWrap(True)
        self.message.setContentsMargins(8, 6, 8, 6)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.hide()

        self.picture_label = PlainLabel()
        self.picture_label.setFixedSize(PICTURE_BOX)
        self.picture_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture_label.setAccessibleName(self.tr("Character picture"))
        self.picture_note = PlainLabel(self.tr("No picture yet: the name's initial stands in, also in an export."))
        self.picture_note.setWordWrap(True)
        self.picture_note.setMaximumWidth(PICTURE_BOX.width())
        self.choose_picture_button = QPushButton(self.tr("Choose &picture..."))
        self.choose_picture_button.setAccessibleName(self.tr("Choose the character's picture from an image file"))
        self.choose_picture_button.clicked.connect(self.choose_picture)
        self.remove_picture_button = QPushButton(self.tr("Remove picture"))
        self.remove_picture_button.setAccessibleName(self.tr("Remove the character's picture"))
        self.remove_picture_button.clicked.connect(self.remove_picture)
        self.lorebook_label = PlainLabel()
        self.lorebook_label.setWordWrap(True)
        self.lorebook_button = QPushButton(self.tr("Edit this character's &lorebook..."))
        self.lorebook_button.setAccessibleName(self.tr("Edit this character's lorebook"))
        self.lorebook_button.setToolTip(self.tr("Entries that come into the chat when their words are mentioned. "
                                                "The card is saved first; its lorebook travels with it."))
        self.lorebook_button.clicked.connect(self.edit_lorebook)
        self.lorebook_button.setEnabled(self.lore is not None)
        side = QVBoxLayout()
        side.addWidget(self.picture_label)
        side.addWidget(self.picture_note)
        side.addWidget(self.choose_picture_button)
        side.addWidget(self.remove_picture_button)
        side.addSpacing(12)
        side.addWidget(self.lorebook_label)
        side.addWidget(self.lorebook_button)
        side.addStretch(1)

        macros = self.tr("{{char}} and {{user}} become the names.")
        self.name = self._line(self.tr("Name"), self.tr("Required"))
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {
            "name": self.name,
            "description": self._text(self.tr("Description"), 110, macros),
            "personality": self._text(self.tr("Personality"), 56),
            "scenario": self._text(self.tr("Scenario"), 72),
            "first_mes": self._text(self.tr("First message"), 96, self.tr("How the character opens a new chat.")),
            "mes_example": self._text(self.tr("Example messages"), 96, "<START>\n{{user}}: ...\n{{char}}: ..."),
            "system_prompt": self._text(self.tr("System prompt"), 56,
                                        self.tr("Empty: Fireside's own. {{original}} puts Fireside's inside yours.")),
            "post_history_instructions": self._text(self.tr("Post-history instructions"), 56,
                                                    self.tr("Sent just before each reply.")),
            "creator_notes": self._text(self.tr("Creator notes"), 72, self.tr("For people reading the card; the model never sees it.")),
            "creator": self._line(self.tr("Creator")),
            "character_version": self._line(self.tr("Character version")),
        }
        self.greetings = GreetingList()
        self.greetings.changed.connect(self._changed)
        self.tags = self._line(self.tr("Tags"), self.tr("separated by commas"))
        f = self.fields
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, widget in ((self.tr("&Name"), f["name"]), (self.tr("&Description"), f["description"]),
                              (self.tr("Pe&rsonality"), f["personality"]), (self.tr("&Scenario"), f["scenario"]),
                              (self.tr("&First message"), f["first_mes"]),
                              (self.tr("&Alternate greetings"), self.greetings),
                              (self.tr("E&xample messages"), f["mes_example"]),
                              (self.tr("S&ystem prompt"), f["system_prompt"]),
                              (self.tr("Post-&history instructions"), f["post_history_instructions"]),
                              (self.tr("Creator &notes"), f["creator_notes"]), (self.tr("&Tags"), self.tags),
                              (self.tr("Crea&tor"), f["creator"]), (self.tr("&Version"), f["character_version"])):
            form.addRow(label, widget)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(form_widget)
        self.scroll.setAccessibleName(self.tr("Character fields"))

        body = QHBoxLayout()
        body.addLayout(side)
        body.addWidget(self.scroll, 1)
        self.export_button = QPushButton(self.tr("&Export as PNG card..."))
        self.export_button.setAccessibleName(self.tr("Export the character as a PNG card"))
        self.export_button.clicked.connect(self.export_dialog)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setAccessibleName(self.tr("Save the character"))
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the character editor"))
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        # Tab runs down the form as it reads, then the picture and lorebook column, then the buttons.
        chain = [self.name, f["description"], f["personality"], f["scenario"], f["first_mes"], self.greetings.list,
                 self.greetings.add_button, self.greetings.remove_button, self.greetings.text, f["mes_example"],
                 f["system_prompt"], f["post_history_instructions"], f["creator_notes"], self.tags, f["creator"],
                 f["character_version"], self.choose_picture_button, self.remove_picture_button, self.lorebook_button,
                 self.export_button, self.save_button, self.close_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.name.setFocus()

    # --- showing the card ------------------------------------------------------------------------

    def _fill(self) -> None:
        card = self.card
        for key, widget in self.fields.items():
            value = getattr(card, key)
            if isinstance(widget, QLineEdit):
                widget.setText(value)
            else:
                widget.setPlainText(value)
        self.greetings.set_texts(card.alternate_greetings)
        self.tags.setText(", ".join(card.tags))
        self._shown = self._values()
        self._show_picture()
        self._show_lorebook()
        self.dirty = False
        self._title()

    def _values(self) -> dict[str, object]:
        values: dict[str, object] = {key: w.text() if isinstance(w, QLineEdit) else w.toPlainText()
                                     for key, w in self.fields.items()}
        values["alternate_greetings"] = list(self.greetings.texts)
        values["tags"] = self.tags.text()
        return values

    def _title(self) -> None:
        name = self.card.name if self.character_id is not None else ""
        title = self.tr("Edit {0}").format(name) if name else self.tr("New character")
        self.setWindowTitle(title + (" *" if self.dirty else ""))

    def _show_picture(self) -> None:
        shown = scaled_pixmap(self.picture, PICTURE_BOX) if self.picture else None
        pix = shown or scaled_pixmap(painted_picture(self.name.text().strip()), PICTURE_BOX)
        if pix is not None:
            self.picture_label.setPixmap(pix)
        self.picture_note.setVisible(shown is None)
        self.remove_picture_button.setEnabled(bool(self.picture))

    def _show_lorebook(self) -> None:
        book = self.card.character_book
        if book is None:
            self.lorebook_label.setText(self.tr("No lorebook yet."))
        else:
            self.lorebook_label.setText(self.tr("Lorebook “{0}”: {1} entries.").format(book.name, len(book.entries)))

    def _changed(self, *_args: object) -> None:
        if not self.dirty:
            self.dirty = True
            self._title()
        if not self.picture and self.sender() is self.name:
            self._show_picture()  # the painted initial follows the name

    def show_message(self, level: str, text: str) -> None:
        self.message.setStyleSheet(MESSAGE_STYLES.get(level, ""))
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if level == "error":
            log.warning("character editor: %s", text)

    # --- picture ---------------------------------------------------------------------------------

    def choose_picture(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the character's picture"), "",
                                              self.tr("Pictures (*.png *.jpg *.jpeg *.webp *.gif *.bmp);;All files (*)"))
        if path:
            self.set_picture_file(path)

    def set_picture_file(self, path: str) -> bool:
        """Use the picture in `path`; a file that is not one (or too big) is refused, nothing changes."""
        try:
            self.picture = load_picture(path)
        except PictureError as exc:
            self.show_message("error", self.tr("The picture was not changed: {0}").format(exc))
            return False
        self.show_message("", "")
        self._show_picture()
        self._changed()
        return True

    def remove_picture(self) -> None:
        self.picture = b""
        self._show_picture()
        self._changed()

    # --- saving ----------------------------------------------------------------------------------

    def edited(self) -> Card | None:
        """The card with the form's changes, or None (and the reason shown) if it cannot be saved."""
        values = self._values()
        if not str(values["name"]).strip():
            self.show_message("error", self.tr("A character needs a name."))
            self.name.setFocus()
            return None
        changes = {k: v for k, v in values.items() if v != self._shown.get(k)}
        if "tags" in changes:
            changes["tags"] = _tags(str(changes["tags"]))
        if "name" in changes:
            changes["name"] = str(changes["name"]).strip()
        card = edited_card(self.card, **changes)
        card.avatar_png = self.picture
        try:
            check_card(card)
        except CardError as exc:
            self.show_message("error", self.tr("The character was not saved: {0}").format(exc))
            return None
        return card

    def save(self) -> bool:
        card = self.edited()
        if card is None:
            return False
        self.character_id = self.library.save(self.character_id, card)
        self.card = card
        self._fill()
        self.show_message("info", self.tr("Saved {0}.").format(card.name))
        self.saved.emit(self.character_id)
        return True

    def reject(self) -> None:  # Esc, Close and the window's close button: unsaved changes are asked about
        if self.dirty:
            answer = QMessageBox.question(
                self, self.tr("Unsaved changes"), self.tr("Save the changes to this character?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel or (answer == QMessageBox.StandardButton.Save and not self.save()):
                return
        super().reject()

    # --- export ----------------------------------------------------------------------------------

    def export_dialog(self) -> None:
        name = self.name.text().strip() or "character"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as a PNG card"), f"{name}.png",
                                              self.tr("PNG character cards (*.png)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        """Save the changes, then write the card as a V2 PNG card with its picture (or a painted one)."""
        if (self.dirty or self.character_id is None) and not self.save():
            return False
        picture = self.card.avatar_png if scaled_pixmap(self.card.avatar_png, PICTURE_BOX) is not None else b""
        try:
            self.library.export_png(self.card, picture or painted_picture(self.card.name), path)
        except (CardError, OSError) as exc:
            self.show_message("error", self.tr("The card was not exported: {0}").format(exc))
            return False
        self.show_message("info", self.tr("Exported {0} to {1}.").format(self.card.name, Path(path).name))
        return True

    # --- lorebook --------------------------------------------------------------------------------

    def edit_lorebook(self) -> None:
        """Open the lorebook editor on this card's book (made empty if it has none; it writes the
        edits into the stored card, so the card is saved first)."""
        if self.lore is None or ((self.dirty or self.character_id is None) and not self.save()):
            return
        assert self.character_id is not None
        self._book_created = self.card.character_book is None
        if self._book_created:
            self.card.character_book = Lorebook(name=self.tr("{0}'s lorebook").format(self.card.name),
                                                kind="character_book", source={"extensions": {}})
            self.library.save(self.character_id, self.card)
        context = Conversation(title=self.card.name, character_id=self.character_id)
        editor = LorebookEditor(self.lore, context, self.card, self)
        editor.reload(character_book_key(self.character_id))
        editor.finished.connect(self._lorebook_closed)
        self.lorebook_editor = editor
        editor.open()

    def _lorebook_closed(self, _result: int) -> None:
        if self.character_id is None:
            return
        if self._book_created and self.card.character_book is not None and not self.card.character_book.entries:
            self.card.character_book = None  # opened and left empty: the card stays as it was
        self._book_created = False
        self.library.save(self.character_id, self.card)
        self._show_lorebook()
        if self.lorebook_editor is not None:
            self.lorebook_editor.deleteLater()
            self.lorebook_editor = None
