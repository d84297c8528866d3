"""The story reader: a story chat's text as a page beside its questions, marked with what the model's
window holds, with bookmarks kept per chat and "Ask about this". The page on its own (real widgets, a
real SQLite file), then in the real window on the real model (a story longer than the window, and
after a restart)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from qt_helpers import finish_reply, load_model
from test_app import open_window, type_and_send, user_dirs  # noqa: F401 - fixture
from test_roleplay import fairy_tale

from desktop.chat.library import story_conversation
from desktop.storage import open_database
from desktop.ui.chat.story_reader import StoryReader, char_index, quote_for_question, story_start, utf16_offset


@pytest.fixture
def db(tmp_path: Path):
    database, _ = open_database(tmp_path / "fireside.db")
    yield database
    database.close()


@pytest.fixture
def story_chat(db):
    conv = story_conversation("Emoji 🦩 Tale", fairy_tale(40).replace("geese", "geese 🪿"))
    db.save_chat(conv)
    return conv


def marks(reader: StoryReader) -> list[tuple[int, int, bool]]:
    """The page's marks as (start, end, tinted) in story characters."""
    out = []
    for selection in reader.page.extraSelections():
        cursor = selection.cursor
        tinted = selection.format.background().style() != Qt.BrushStyle.NoBrush
        out.append((char_index(reader.story, cursor.selectionStart()), char_index(reader.story, cursor.selectionEnd()),
                    tinted))
    return out


def test_the_page_marks_what_left_the_window_what_it_holds_and_what_is_not_read(qtbot, db, story_chat) -> None:
    reader = StoryReader(db)
    qtbot.addWidget(reader)
    assert reader.show_story(story_chat) and not reader.isHidden()
    offset = story_start(story_chat.messages[0].text)
    assert reader.story == story_chat.messages[0].text[offset:] and reader.story.startswith("Once upon a time")
    assert "Not read" in reader.place.text() and marks(reader) == [(0, len(reader.story), False)]

    reader.set_reading(300, 1000, finished=False)  # under way: the tokens' share
    assert marks(reader) == [(0, round(len(reader.story) * 0.3), True), (round(len(reader.story) * 0.3), len(reader.story), False)]
    assert "30%" in reader.place.text()

    # The engine's places are characters of the message: the reader subtracts the story's heading.
    emoji_at = reader.story.index("🪿") + 1  # (a character Qt counts twice)
    reader.set_places({"dropped_chars": offset + emoji_at, "end_chars": len(story_chat.messages[0].text)})
    assert marks(reader) == [(0, emoji_at, False), (emoji_at, len(reader.story), True)]
    assert "left it" in reader.place.text() and reader.window_button.isEnabled()
    assert utf16_offset(reader.story, emoji_at) == emoji_at + 1 and char_index(reader.story, emoji_at + 1) == emoji_at

    reader.set_places({"dropped_chars": 0, "end_chars": 10**9}, stale=True)  # clamped; from before a restart
    assert marks(reader) == [(0, len(reader.story), True)]
    assert "whole story" in reader.place.text() and "last reading" in reader.place.text()


def test_a_chat_without_a_story_hides_the_page(qtbot, db) -> None:
    from desktop.chat.conversation import Conversation

    reader = StoryReader(db)
    qtbot.addWidget(reader)
    assert not reader.show_story(Conversation())
    assert reader.isHidden() and reader.chat_id is None and reader.add_bookmark() is None


def test_bookmarks_are_kept_per_chat_in_the_database(qtbot, db, story_chat) -> None:
    reader = StoryReader(db)
    qtbot.addWidget(reader)
    reader.resize(500, 400)
    reader.show_story(story_chat)
    reader.show()
    qtbot.waitExposed(reader)
    target = reader.story.index("On day 20")
    reader.go_to(target)
    top = reader.top_index()
    assert abs(top - target) < 120  # the top of the page is the line that holds it
    assert reader.add_bookmark() == top and reader.add_bookmark() == top  # once
    reader.go_to(0)
    assert reader.top_index() < 10

    again = StoryReader(db)  # another page (a restart) shows the same bookmarks
    qtbot.addWidget(again)
    again.show_story(story_chat)
    assert again.bookmarks == [top]
    again.marks_menu.aboutToShow.emit()
    texts = [a.text() for a in again.marks_menu.actions() if a.text()]
    assert any(t.startswith(f"{top / len(again.story):.0%}") and "On day" in t for t in texts)
    assert texts[-1] == "Remove all bookmarks"
    again.remove_bookmarks()
    third = StoryReader(db)
    qtbot.addWidget(third)
    third.show_story(story_chat)
    assert third.bookmarks == []
    db.set_setting(f"story_bookmarks:{story_chat.id}", ["x", -5, 10**9, 12])  # a hand-edited setting
    third.show_story(story_chat)
    assert third.bookmarks == [12]


def test_ask_about_this_quotes_the_selected_passage(qtbot, db, story_chat) -> None:
    reader = StoryReader(db)
    qtbot.addWidget(reader)
    reader.show_story(story_chat)
    assert not reader.ask_button.isEnabled()
    cursor = reader.page.textCursor()
    start = reader.story.index("silver thimble")
    cursor.setPosition(start)
    cursor.setPosition(start + len("silver thimble"), cursor.MoveMode.KeepAnchor)
    reader.page.setTextCursor(cursor)
    assert reader.ask_button.isEnabled()
    with qtbot.waitSignal(reader.ask_about) as asked:
        reader.ask_button.click()
    assert asked.args == ["silver thimble"]
    long = quote_for_question("word " * 500, limit=100)
    assert long.startswith("“word") and " … " in long and len(long) < 120


def test_a_story_longer_than_the_window_on_the_real_model_then_a_restart(qtbot, user_dirs, sample_model: str,  # noqa: F811
                                                                           tmp_path: Path) -> None:
    story = tmp_path / "The Heron Thimble.txt"
    story.write_text(fairy_tale(60), encoding="utf-8")
    window = open_window(qtbot)
    try:
        load_model(qtbot, window, sample_model, n_ctx=1024)
        reader = window.chat_page.reader
        assert reader.isHidden()  # an ordinary chat has no page
        seen: list[int] = []
        window.controller.reading.connect(lambda done, total, finished, _c: seen.append(reader.read_end))
        result = finish_reply(qtbot, window, lambda: window.controller.roleplay.open_story(str(story)))
        assert not reader.isHidden() and reader.title.text() == "The Heron Thimble"
        assert seen and seen == sorted(seen)  # the "read up to" mark moved forward while reading
        data = result["data"]
        # Dropped tokens are the window's start: its text is the story from there on.
        share = data["document_dropped"] / data["document_tokens"]
        assert 0 < reader.window_start < reader.read_end == len(reader.story)
        assert abs(reader.window_start / len(reader.story) - share) < 0.05
        assert not reader.stale and "left it" in reader.place.text()
        # The chat beside the page takes the questions; "Ask about this" starts one.
        window.chat_page.quote_in_composer("the silver thimble")
        assert window.composer.toPlainText() == "“the silver thimble”\n\n" and window.composer.hasFocus()
        window.composer.clear()
        finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "What did she keep?"))
        assert reader.read_end == len(reader.story) and reader.window_start > 0
        window.chat_page.reader.go_to(reader.story.index("On day 30"))
        mark = window.chat_page.reader.add_bookmark()
        chat_id = window.controller.conv.id
    finally:
        window.close()
        window.db.close()

    again = open_window(qtbot)  # a restart: the page and its marks (faded) and bookmarks come back
    try:
        load_model(qtbot, again, sample_model, n_ctx=1024)
        assert again.controller.conv.id == chat_id
        reader = again.chat_page.reader
        assert not reader.isHidden() and reader.stale and reader.window_start > 0
        assert "last reading" in reader.place.text() and reader.bookmarks == [mark]
    finally:
        again.close()
        again.db.close()


def test_the_marks_take_the_new_themes_colours(qtbot, db, story_chat, qapp) -> None:
    from desktop.ui.theme import DARK, LIGHT, apply_theme

    reader = StoryReader(db)
    qtbot.addWidget(reader)
    reader.show_story(story_chat)
    offset = story_start(story_chat.messages[0].text)
    reader.set_places({"dropped_chars": offset + 100, "end_chars": offset + len(reader.story)})
    # (faded text keeps 4.5:1 on the page: test_theme measures the muted colour on the base)

    def faded() -> str:
        selection = reader.page.extraSelections()[0]
        fmt = selection.format
        return fmt.foreground().color().name()

    try:
        apply_theme(qapp, "light")
        assert faded() == LIGHT.muted
        apply_theme(qapp, "dark")
        assert faded() == DARK.muted
    finally:
        qapp.setStyleSheet("")
        qapp.setPalette(QApplication.style().standardPalette())


def test_qt_positions_and_story_characters_convert_both_ways() -> None:
    """Emoji are two UTF-16 units in Qt's positions; every character maps there and back."""
    from desktop.ui.chat.story_reader import Utf16Places

    text = "a🦩bc🪿🪿d" + "x" * 50 + "😀"
    places = Utf16Places(text)
    units = 0
    for i, ch in enumerate(text):
        assert places.offset(i) == units and places.index(units) == i
        if ord(ch) > 0xFFFF:
            assert places.index(units + 1) == i  # (the second half of the pair is the same character)
        units += 2 if ord(ch) > 0xFFFF else 1
    assert places.offset(len(text)) == units == len(text.encode("utf-16-le")) // 2
    assert places.index(units) == len(text) and places.index(10**9) == len(text)
    assert Utf16Places("").index(0) == 0


def test_the_same_story_opened_again_keeps_its_place(qtbot, db, story_chat) -> None:
    reader = StoryReader(db)
    qtbot.addWidget(reader)
    reader.resize(500, 400)
    reader.show()
    reader.show_story(story_chat)
    qtbot.waitExposed(reader)
    offset = story_start(story_chat.messages[0].text)
    reader.set_places({"dropped_chars": offset + 300, "end_chars": offset + len(reader.story)})
    reader.go_to(reader.story.index("On day 25"))
    place = reader.page.verticalScrollBar().value()
    assert place > 0
    reader.show_story(story_chat)  # (the chat reopened: nothing is laid out again)
    assert reader.page.verticalScrollBar().value() == place and reader.window_start == 300
    other = story_conversation("Another", "A short tale.")
    db.save_chat(other)
    reader.show_story(other)
    assert reader.story == "A short tale." and reader.window_start == 0 and reader.page.verticalScrollBar().value() == 0
