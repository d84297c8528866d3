"""A message's text rendered as markdown, safely: nothing is ever loaded from a file or the network."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QTextBrowser, QWidget

log = logging.getLogger("fireside.ui")
# GitHub markdown, with raw HTML shown as text rather than interpreted.
MARKDOWN_FEATURES = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value | QTextDocument.MarkdownFeature.MarkdownNoHTML.value)


class SafeDocument(QTextDocument):
    """A document that refuses every resource (images, style sheets): markdown like
    `![x](/home/user/secret.png)` or a remote image URL shows nothing instead of reading it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocked: set[str] = set()

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # noqa: N802 - Qt override
        name = url.toString() if isinstance(url, QUrl) else str(url)
        if name not in self.blocked:
            self.blocked.add(name)
            log.info("blocked a resource in a message: %s", name)
        return None


class MessageBody(QTextBrowser):
    """Read-only, grows to fit its text (the chat scrolls, not each message)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(SafeDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_web_link)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.viewport().setAutoFillBackground(False)
        self.setObjectName("message_body")  # transparent on the bubble (the app's style sheet)
        self._markdown = ""

    @property
    def blocked_resources(self) -> set[str]:
        doc = self.document()
        return doc.blocked if isinstance(doc, SafeDocument) else set()

    def set_markdown(self, text: str) -> None:
        if text == self._markdown:
            return
        self._markdown = text
        self.document().setMarkdown(text, MARKDOWN_FEATURES)
        self._fit_height()

    def markdown(self) -> str:
        return self._markdown

    def _fit_height(self) -> None:
        doc = self.document()
        doc.setTextWidth(self.viewport().width())
        margins = self.contentsMargins()
        height = int(doc.size().height()) + margins.top() + margins.bottom() + 2
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_height()

    def _open_web_link(self, url: QUrl) -> None:
        """Links open in the browser only when clicked, and only http(s)."""
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
