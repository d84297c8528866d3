"""The story of a story chat as a page to read, beside the questions asked about it.

The page marks what the model holds: the part still in its window (tinted), the part that has left
it (faded, with "the window starts here" as a bookmark of its own) and, while the story is being
read, the part not read yet (faded). The user's bookmarks are kept per chat; a passage selected on
the page can be quoted into the message box ("Ask about this").

Places come from the engine in characters of the story's message (`ChatSession.document_places`);
while a reading runs only its token count is known, so the "read up to" mark is the tokens' share of
the text until the engine's exact places arrive.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QMenu,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...chat.library import story_start
from ...storage.database import Database
from ..flow_layout import FlowLayout
from ..plain import PlainLabel

BOOKMARKS_KEY = "story_bookmarks:{0}"  # db setting per chat: the story's bookmarks (character offsets)
MAX_BOOKMARKS = 50


ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Places:
    """Qt's text positions count UTF-16 units, where a character beyond the BMP (an emoji) is two:
    the story's such characters are found once, then each conversion is a binary search (an 8 MB
    story is marked many times while it is read)."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.astral = [m.start() for m in ASTRAL.finditer(text)]  # their indices, in order

    def offset(self, index: int) -> int:
        """Qt's position of character `index`."""
        return index + bisect_left(self.astral, index)

    def index(self, utf16: int) -> int:
        """The character at Qt's position `utf16` (the inverse of `offset`)."""
        low, high = 0, self.length
        while low < high:  # the first index whose offset passes `utf16`, less one
            mid = (low + high) // 2
            if self.offset(mid + 1) <= utf16:
                low = mid + 1
            else:
                high = mid
        return min(low, self.length)


def utf16_offset(text: str, index: int) -> int:
    return Utf16Places(text).offset(index)


def char_index(text: str, utf16: int) -> int:
    return Utf16Places(text).index(utf16)


class StoryReader(QWidget):
    ask_about = Signal(str)  # a passage to quote in the message box

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.chat_id: int | None = None
        self.story = ""
        self.places = Utf16Places("")
        self.offset = 0  # the story's start in its message's text
        # Places in the story (characters): the window's start, and the end of what the model has read.
        self.window_start = 0
        self.read_end = 0
        self.stale = False  # the marks are from the last reading, before a restart
        self.bookmarks: list[int] = []
        self.title = PlainLabel()
        self.title.setProperty("tone", "heading")
        self.place = PlainLabel()
        self.place.setProperty("tone", "small")
        self.place.setWordWrap(True)
        self.page = QTextBrowser()
        self.page.setObjectName("story_page")
        self.page.setOpenLinks(False)
        self.page.setFont(QFont(["Noto Serif", "DejaVu Serif", "Georgia", "serif"], 12))
        self.page.document().setDocumentMargin(18)
        self.page.selectionChanged.connect(self._selection_changed)
        self.window_button = self._tool(self.tr("Window start"), self.tr("Go to where the model's window starts: "
                                                                           "what comes before has left it"), self.go_to_window)
        self.mark_button = self._tool(self.tr("Bookmark"), self.tr("Bookmark the top of the page (Ctrl+B)"),
                                      self.add_bookmark)
        self.marks_button = self._tool(self.tr("Bookmarks"), self.tr("Go to a bookmark"), None)
        self.marks_menu = QMenu(self)
        self.marks_menu.aboutToShow.connect(self._fill_marks_menu)
        self.marks_button.setMenu(self.marks_menu)
        self.marks_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.ask_button = self._tool(self.tr("Ask about this"), self.tr("Quote the selected passage in the message box"),
                                     self._ask)
        self.ask_button.setEnabled(False)
        self.legend = PlainLabel()
        self.legend.setProperty("tone", "small")
        self.legend.setWordWrap(True)
        self._lay_out()
        self.setAccessibleName(self.tr("The story"))
        self.page.setAccessibleName(self.tr("The story's text"))
        self.hide()

    def _tool(self, text: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        bar = QWidget()  # the tools wrap to a second row on a narrow page
        tools = FlowLayout(bar, align_right=False)
        for button in (self.window_button, self.mark_button, self.marks_button, self.ask_button):
            tools.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 4, 0)
        column.addWidget(self.title)
        column.addWidget(self.place)
        column.addWidget(bar)
        column.addWidget(self.page, 1)
        column.addWidget(self.legend)

    # --- what is shown -------------------------------------------------------------------------------

    def show_story(self, conv: Any) -> bool:
        """Show `conv`'s story (hidden for a chat without one). The marks wait for the engine's places."""
        messages = getattr(conv, "messages", [])
        if not messages or not messages[0].document:
            self.chat_id, self.story = None, ""
            self.hide()
            return False
        text = messages[0].text
        self.title.setText(conv.title)
        if not (conv.id is not None and conv.id == self.chat_id and self.story and text.endswith(self.story)):
            # (the same story again, its chat reopened: the page keeps its place; an 8 MB text takes a second)
            self.chat_id = conv.id
            self.offset = story_start(text)
            self.story = text[self.offset:]
            self.places = Utf16Places(self.story)
            self.page.setPlainText(self.story)
            self.window_start, self.read_end, self.stale = 0, 0, True
        stored = self.db.setting(BOOKMARKS_KEY.format(conv.id), []) if conv.id is not None else []
        self.bookmarks = sorted({int(b) for b in stored if isinstance(b, int) and 0 <= b <= len(self.story)}) \
            if isinstance(stored, list) else []
        self._mark()
        self.show()
        return True

    def set_places(self, place: dict[str, Any], stale: bool = False) -> None:
        """The engine's places of the story (see ChatSession.document_places), or the stored ones."""
        if self.chat_id is None:
            return
        self.window_start = self._story_index(int(place.get("dropped_chars", 0)))
        self.read_end = self._story_index(int(place.get("end_chars", 0)))
        self.stale = stale
        self._mark()

    def set_reading(self, done: int, total: int, finished: bool) -> None:
        """A reading under way: the tokens' share of the text is about where it has got to."""
        if self.chat_id is None or finished or total <= 0:
            return
        self.read_end = min(len(self.story), round(len(self.story) * done / total))
        self.stale = False
        self._mark()

    def _story_index(self, message_chars: int) -> int:
        return max(0, min(len(self.story), message_chars - self.offset))

    def _mark(self) -> None:
        palette = self.palette()
        faded = QTextCharFormat()
        faded.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
        held = QTextCharFormat()
        tint = QColor(palette.color(QPalette.ColorRole.Highlight))
        tint.setAlpha(40 if not self.stale else 20)
        held.setBackground(tint)
        marks = []
        for start, end, fmt in ((0, self.window_start, faded), (self.window_start, self.read_end, held),
                                (self.read_end, len(self.story), faded)):
            if end > start:
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.page.document())
                cursor.setPosition(self.places.offset(start))
                cursor.setPosition(self.places.offset(end), QTextCursor.MoveMode.KeepAnchor)
                selection.cursor, selection.format = cursor, fmt  # type: ignore[attr-defined]
                marks.append(selection)
        self.page.setExtraSelections(marks)
        self._say_place()

    def _say_place(self) -> None:
        total = len(self.story) or 1
        if self.read_end <= 0:
            text = self.tr("Not read into this model yet: it is read when the chat goes on.")
        elif self.read_end < len(self.story):
            text = self.tr("Read to {0:.0%} of the story; the rest is read before the next answer.").format(
                self.read_end / total)
        elif self.window_start > 0:
            text = self.tr("Read to the end. The model's window holds the story from {0:.0%} on; the start has "
                           "left it (faded).").format(self.window_start / total)
        else:
            text = self.tr("Read to the end; the whole story is in the model's window.")
        if self.stale and self.read_end > 0:
            text += " " + self.tr("(At the last reading: the model reads it again when the chat goes on.)")
        self.place.setText(text)
        self.legend.setText(self.tr("Tinted: in the model's window. Faded: left the window, or not read yet."))
        self.window_button.setEnabled(self.window_start > 0)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.chat_id is not None:
            self._mark()  # the marks' colours come from the palette: a new theme, new colours

    # --- moving around -------------------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        """Scroll so that story character `index` is at the top of the page."""
        cursor = QTextCursor(self.page.document())
        cursor.setPosition(self.places.offset(max(0, min(index, len(self.story)))))
        bar = self.page.verticalScrollBar()
        bar.setValue(bar.maximum())  # (then back up: the place ends at the top, not the bottom)
        self.page.setTextCursor(cursor)
        self.page.ensureCursorVisible()

    def go_to_window(self) -> None:
        self.go_to(self.window_start)

    def top_index(self) -> int:
        """The story character at the top of the page."""
        cursor = self.page.cursorForPosition(QPoint(4, 4))
        return self.places.index(cursor.position())

    def add_bookmark(self) -> int | None:
        if self.chat_id is None:
            return None
        at = self.top_index()
        if at not in self.bookmarks:
            self.bookmarks = sorted([*self.bookmarks, at])[-MAX_BOOKMARKS:]
            self.db.set_setting(BOOKMARKS_KEY.format(self.chat_id), self.bookmarks)
        return at

    def remove_bookmarks(self) -> None:
        self.bookmarks = []
        if self.chat_id is not None:
            self.db.set_setting(BOOKMARKS_KEY.format(self.chat_id), [])

    def snippet(self, index: int, length: int = 48) -> str:
        line = " ".join(self.story[index:index + length * 2].split())
        return line[:length] + ("…" if len(line) > length else "")

    def _fill_marks_menu(self) -> None:
        menu = self.marks_menu
        menu.clear()
        total = len(self.story) or 1
        if self.window_start > 0:
            menu.addAction(self.tr("The window starts here ({0:.0%}): {1}").format(
                self.window_start / total, self.snippet(self.window_start)), self.go_to_window)
        for at in self.bookmarks:
            menu.addAction(f"{at / total:.0%}: {self.snippet(at)}", lambda at=at: self.go_to(at))
        if self.bookmarks:
            menu.addSeparator()
            menu.addAction(self.tr("Remove all bookmarks"), self.remove_bookmarks)
        if menu.isEmpty():
            menu.addAction(self.tr("No bookmarks yet (Ctrl+B bookmarks the top of the page)")).setEnabled(False)

    # --- asking --------------------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        self.ask_button.setEnabled(self.page.textCursor().hasSelection())

    def _ask(self) -> None:
        text = self.page.textCursor().selectedText().replace("\u2029", "\n").strip()
        if text:
            self.ask_about.emit(text)


def quote_for_question(passage: str, limit: int = 600) -> str:
    """A passage as the start of a question: quoted, shortened in the middle if long."""
    if len(passage) > limit:
        passage = passage[:limit // 2].rstrip() + " … " + passage[-limit // 2:].lstrip()
    return "“" + " ".join(passage.split()) + "”\n\n"

