"""Text from files and from the user is shown as text, never as markup.

QLabel, tooltips and message boxes guess: a string that looks like HTML (`<b>U</b><img src=...>`) is
rendered as rich text, and Qt even tries to load the image. Every label in the app is a PlainLabel;
tooltips that carry such text go through `plain_tooltip`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import QLabel, QWidget


class PlainLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally (tooltips have no plain-text switch, so it is escaped)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def rich_text_labels(root: QWidget) -> list[QLabel]:
    """Labels under `root` that would render their current text as markup (should be none)."""
    return [label for label in root.findChildren(QLabel)
            if label.textFormat() != Qt.TextFormat.PlainText and QtGuiNamespace.mightBeRichText(label.text())]
