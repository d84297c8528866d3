"""The space between features in the window: pending sidebar edits when the chat is replaced,
Regenerate with a freshly typed note, an edit box left open while a reply streams, switching away
from a streaming chat and back, and markup in names."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from qt_helpers import ENDLESS, finish_job, finish_reply, load_model
from test_app import type_and_send, user_dirs, window  # noqa: F401 - fixtures

from desktop.ui.plain import rich_text_labels

MARKUP = "<b>U</b><img src='/etc/x'>"


def test_pending_sidebar_edits_survive_a_new_chat_and_an_import(qtbot, window, tmp_path: Path) -> None:
    window.controller.new_conversation("")
    first = window.controller.conv
    window.sidebar.authors_note.setPlainText("Rain all day.")
    window.sidebar.persona_name.setText("Ann")
    assert window.sidebar._timer.isActive()  # still waiting for the debounce
    qtbot.mouseClick(window.new_chat_button, Qt.MouseButton.LeftButton)  # before the debounce fires
    stored = window.db.load_chat(first.id)
    assert stored.authors_note == "Rain all day." and stored.persona_name == "Ann"
    assert window.controller.conv.id != first.id and window.controller.conv.authors_note == ""
    # the same for an import that replaces the shown chat
    second = window.controller.conv
    window.sidebar.authors_note.setPlainText("Snow.")
    path = tmp_path / "chat.jsonl"
    path.write_text(json.dumps({"user_name": "Bo"}) + "\n" + json.dumps({"is_user": True, "mes": "Hi"}) + "\n")
    assert finish_job(qtbot, window, lambda: window.chat_files.import_chat(str(path)))[0] == "finished"
    assert window.db.load_chat(second.id).authors_note == "Snow."


def test_regenerate_uses_the_note_typed_just_before(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model)
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Describe the harbour."))
    requests: list[dict] = []
    real = window.client.generate
    window.client.generate = lambda request: requests.append(request) or real(request)
    window.sidebar.authors_note.setPlainText("Mention a red boat.")
    finish_reply(qtbot, window, window.controller.regenerate)  # no wait for the debounce
    assert requests[-1]["note"] == "Mention a red boat."
    window.sidebar.authors_note.setPlainText("Mention a blue bell.")
    finish_reply(qtbot, window, window.controller.continue_last)
    assert requests[-1]["note"] == "Mention a blue bell."


def test_an_open_edit_box_keeps_its_text_while_a_reply_streams(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model)
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "First."))
    bubble = window.chat_view.bubbles[0]
    bubble.start_edit()
    bubble.editor.setPlainText("First, edited carefully.")
    window.controller.sampler = dict(ENDLESS)
    streamed: list[int] = []
    window.controller.message_streaming.connect(streamed.append)
    type_and_send(qtbot, window, "Second.")
    qtbot.waitUntil(lambda: len(streamed) >= 3, timeout=30000)
    qtbot.mouseClick(bubble.save_button, Qt.MouseButton.LeftButton)  # busy: the text stays
    assert bubble.editing and bubble.editor.toPlainText() == "First, edited carefully."
    assert not bubble.save_button.isEnabled()
    with qtbot.waitSignal(window.controller.reply_finished, timeout=30000):
        window.controller.stop()
    bubble = window.chat_view.bubbles[0]
    qtbot.waitUntil(bubble.save_button.isEnabled)
    qtbot.mouseClick(bubble.save_button, Qt.MouseButton.LeftButton)
    assert window.controller.conv.messages[0].text == "First, edited carefully."
    assert window.db.load_chat(window.controller.conv.id).messages[0].text == "First, edited carefully."


def test_switching_back_to_a_streaming_chat_shows_and_saves_one_copy(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model, ENDLESS)
    streamed: list[int] = []
    window.controller.message_streaming.connect(streamed.append)
    type_and_send(qtbot, window, "Tell me an endless story.")
    first = window.controller.conv
    qtbot.waitUntil(lambda: len(streamed) >= 3, timeout=30000)
    window.controller.new_conversation("")  # away (the reply is being stopped) ...
    window.controller.open_conversation(first.id)  # ... and straight back, before it has ended
    assert window.controller.conv is first  # the copy the reply streams into, not a stale one from disk
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=30000)
    window.controller.edit(0, "Tell me a short story.", continue_after=False)
    stored = window.db.load_chat(first.id)
    assert stored.messages[0].text == "Tell me a short story."
    assert stored.messages[1].text == first.messages[1].text != ""


def test_markup_in_names_is_shown_as_text(qtbot, window, tmp_path: Path) -> None:
    path = tmp_path / "markup.jsonl"
    lines = [{"user_name": MARKUP, "character_name": MARKUP}, {"name": MARKUP, "is_user": True, "mes": "Hi"},
             {"name": MARKUP, "is_user": False, "mes": "Hello"}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    assert finish_job(qtbot, window, lambda: window.chat_files.import_chat(str(path)))[0] == "finished"
    header = window.chat_view.bubbles[0].name
    assert header.text() == MARKUP and header.textFormat() == Qt.TextFormat.PlainText
    assert rich_text_labels(window) == []
    assert any(window.chat_list.item(i).text() == f"{MARKUP} (markup)" for i in range(window.chat_list.count()))
