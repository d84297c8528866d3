""""About <name>" above a character's chat: the card's picture and name, folded by default (the chat
keeps its room on a small screen); unfolded it shows the description, personality and scenario as
the model reads them (names filled in), with a button that opens the card in the editor."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...chat.cards import Card, apply_macros
from ..chat.bubble import avatar_pixmap
from ..plain import PlainLabel
from .picture import scaled_pixmap

AVATAR = QSize(28, 28)
BODY_HEIGHT = 120  # unfolded, the chat keeps most of a 600-pixel window


class CharacterHeader(QFrame):
    edit_requested = Signal(int)  # the character's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("character_header")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.character_id: int | None = None
        self.avatar = PlainLabel()
        self.avatar.setFixedSize(AVATAR)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.toggled.connect(self.set_open)
        self.edit_button = QPushButton(self.tr("Edit card..."))
        self.edit_button.setAccessibleName(self.tr("Edit this chat's character card"))
        self.edit_button.clicked.connect(self._edit)
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)  # card text is shown as text, never as markup
        self.body.setTabChangesFocus(True)
        self.body.setMaximumHeight(BODY_HEIGHT)
        self.body.setAccessibleName(self.tr("The character's description and scenario"))
        self.body.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.avatar)
        top.addWidget(self.toggle, 1, Qt.AlignmentFlag.AlignLeft)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.body)
        self.hide()

    def show_card(self, character_id: int | None, card: Card | None, user_name: str) -> None:
        """Show `card` (the chat's character), or hide when the chat has none."""
        self.character_id = character_id if card is not None else None
        if card is None:
            self.hide()
            return
        self.toggle.setText(self.tr("About {0}").format(card.name))
        self.toggle.setAccessibleName(self.tr("About {0}: show or hide the description and scenario").format(card.name))
        pix = scaled_pixmap(card.avatar_png, AVATAR) or avatar_pixmap(card.name, "assistant", AVATAR.width())
        self.avatar.setPixmap(pix)
        sections = [(self.tr("Description"), card.description), (self.tr("Personality"), card.personality),
                    (self.tr("Scenario"), card.scenario)]
        text = "\n\n".join(f"{title}\n{apply_macros(value.strip(), card.name, user_name)}"
                           for title, value in sections if value.strip())
        self.body.setPlainText(text or self.tr("This card has no description or scenario."))
        self.show()

    def set_open(self, opened: bool) -> None:
        self.toggle.blockSignals(True)
        self.toggle.setChecked(opened)
        self.toggle.blockSignals(False)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        self.body.setVisible(opened)

    def toggle_open(self) -> None:
        """Ctrl+I: unfold (or fold) and put the focus here."""
        if self.isVisible():
            self.set_open(not self.toggle.isChecked())
            self.toggle.setFocus()

    def _edit(self) -> None:
        if self.character_id is not None:
            self.edit_requested.emit(self.character_id)
