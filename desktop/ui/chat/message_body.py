"""A message's text rendered as markdown, safely: nothing is ever loaded from a file or the network."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, QUrl
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
    """Read-only, as tall as its text at the width it gets (the chat scrolls, not each message).

    The height is a height-for-width, so a layout that narrows the chat (a story page opening beside
    it, a smaller window) asks for the new height before placing what follows: a fixed height set
    after each resize lagged one layout behind, and the stats line drew over the text's last lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(SafeDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_web_link)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.viewport().setAutoFillBackground(False)
        self.setObjectName("message_body")  # transparent on the bubble (the app's style sheet)
        self._markdown = ""
        self._heights: dict[int, int] = {}  # width -> height, for the current text

    @property
    def blocked_resources(self) -> set[str]:
        doc = self.document()
        return doc.blocked if isinstance(doc, SafeDocument) else set()

    def set_markdown(self, text: str) -> None:
        if text == self._markdown:
            return
        self._markdown = text
        self.document().setMarkdown(text, MARKDOWN_FEATURES)
        self._heights.clear()
        self.updateGeometry()

    def markdown(self) -> str:
        return self._markdown

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        height = self._heights.get(width)
        if height is None:
            margins = self.contentsMargins()
            doc = self.document().clone(self)  # (laying out a copy leaves the shown one alone)
            doc.setTextWidth(max(1, width - margins.left() - margins.right()))
            height = int(doc.size().height()) + margins.top() + margins.bottom() + 2
            doc.deleteLater()
            if len(self._heights) > 8:
                self._heights.clear()
            self._heights[width] = height
        return height

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = max(self.width(), 100)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(60, self.heightForWidth(max(self.width(), 100)))

    def _open_web_link(self, url: QUrl) -> None:
        """Links open in the browser only when clicked, and only http(s)."""
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
