"""Stories, character cards, personas, the context map and JSONL chats in the real window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from qt_helpers import finish_job, finish_reply, load_model
from test_app import open_window, type_and_send, user_dirs  # noqa: F401 - fixture
from test_cards import V2, png_with, text_chunk
from test_roleplay import fairy_tale

from desktop.chat.jsonl import import_jsonl


@pytest.fixture
def window(qtbot, user_dirs):  # noqa: F811
    w = open_window(qtbot)
    yield w
    w.close()
    w.db.close()


def test_a_story_is_read_in_with_progress_and_shown_on_the_context_map(qtbot, window, sample_model: str,
                                                                        tmp_path: Path) -> None:
    load_model(qtbot, window, sample_model, n_ctx=1024)
    story = tmp_path / "The Heron Thimble.txt"
    story.write_text(fairy_tale(60), encoding="utf-8")
    progress: list[tuple[int, int]] = []
    window.controller.prompt_progress.connect(lambda d, t: progress.append((d, t)))
    maps: list[dict] = []
    window.controller.context_map.connect(maps.append)
    result = finish_reply(qtbot, window, lambda: window.controller.roleplay.open_story(str(story)))
    assert result["reason"] == "read"
    data = result["data"]
    assert data["document_tokens"] > 2500 and data["document_dropped"] > 0
    assert "bookmark" in window.banner.text() and f"{data['document_tokens']:,}" in window.banner.text()
    assert any(t > 2500 for _, t in progress)
    conv = window.controller.conv
    assert conv.title == "The Heron Thimble" and conv.messages[0].document
    assert "characters in all" in window.chat_view.bubbles[0].body.markdown()
    kinds = [s.kind for s in window.context_map.bar.segments]
    assert kinds[0] == "pinned" and ("partial" in kinds or "cached" in kinds) and kinds[-1] == "free"
    assert maps and maps[-1]["used"] <= 1024
    assert window.context_map.caption.text().startswith(f"{maps[-1]['used']:,}\nof 1,024")
    reply = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "How does the story end?"))
    assert reply["data"]["prompt_tokens"] < 40  # the story is not read again
    stored = window.db.load_chat(conv.id)
    assert stored.messages[0].document and stored.messages[0].text == conv.messages[0].text


def test_story_errors_are_clear(qtbot, window, sample_model: str, tmp_path: Path) -> None:
    load_model(qtbot, window, sample_model)
    bad = tmp_path / "story.pdf"
    bad.write_bytes(b"%PDF")
    assert not window.controller.roleplay.open_story(str(bad))
    assert "Could not open the story" in window.banner.text() and ".txt and .md" in window.banner.text()


def test_character_card_chat_with_greetings_as_swipes_and_a_persona(qtbot, window, sample_model: str,
                                                                     tmp_path: Path) -> None:
    load_model(qtbot, window, sample_model)
    card = tmp_path / "ember.png"
    card.write_bytes(png_with([text_chunk("chara", V2)]))
    dialog = window.show_characters()
    assert dialog.import_file(str(card)) is not None
    assert dialog.list.count() == 1 and dialog.list.item(0).text() == "Ember"
    assert not dialog.list.item(0).icon().isNull()
    dialog.start_chat()
    conv = window.controller.conv
    assert conv.character_id is not None and conv.title == "Ember"
    greeting = conv.messages[0]
    assert greeting.role == "assistant" and len(greeting.swipes) == 3
    assert greeting.text == "*The fire stirs.* Welcome, You."
    assert window.chat_view.bubbles[0].name.text() == "Ember"
    window.sidebar.persona_name.setText("Ann")
    window.sidebar.persona_description.setText("A courier with a lantern.")
    window.sidebar.authors_note.setPlainText("It is raining.")
    window.sidebar.flush()
    parts = window.controller.parts()
    assert "Ember is an old dragon" in parts.system_prompt and "About Ann: A courier" in parts.system_prompt
    assert parts.note == "Keep replies short.\nIt is raining." and parts.user_name == "Ann"
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Hello Ember!"))
    assert window.chat_view.bubbles[1].name.text() == "Ann"
    stored = window.db.load_chat(conv.id)
    assert stored.persona_name == "Ann" and stored.authors_note == "It is raining."


def test_a_malformed_card_is_refused_with_the_reason(qtbot, window, tmp_path: Path) -> None:
    picture = tmp_path / "picture.png"
    picture.write_bytes(png_with([]))
    dialog = window.show_characters()
    assert dialog.import_file(str(picture)) is None
    assert "no character data" in window.banner.text()
    assert dialog.list.count() == 0


def test_jsonl_export_and_import(qtbot, window, sample_model: str, tmp_path: Path) -> None:
    load_model(qtbot, window, sample_model)
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Name a bird."))
    finish_reply(qtbot, window, lambda: window.controller.regenerate())
    out = tmp_path / "chat.jsonl"
    assert finish_job(qtbot, window, lambda: window.chat_files.export_chat(str(out)))[0] == "finished"
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[0]["character_name"] == "Assistant" and lines[1]["is_user"] and len(lines[2]["swipes"]) == 2
    original = window.controller.conv
    assert finish_job(qtbot, window, lambda: window.chat_files.import_chat(str(out)))[0] == "finished"
    imported = window.controller.conv
    assert imported.id != original.id
    assert [(m.role, [s.text for s in m.swipes], m.swipe) for m in imported.messages] == \
        [(m.role, [s.text for s in m.swipes], m.swipe) for m in original.messages]
    broken = tmp_path / "broken.jsonl"
    broken.write_text(out.read_text().splitlines()[0] + "\n{not json\n")
    assert finish_job(qtbot, window, lambda: window.chat_files.import_chat(str(broken)))[0] == "failed"
    assert "line 2" in window.banner.text()
    conv, name = import_jsonl(out)
    assert name == "Assistant" and len(conv.messages) == 2


def test_the_context_map_moves_during_a_reply_that_shifts(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model, {"max_tokens": 700, "ignore_eos": True, "seed": 4}, n_ctx=256)
    maps: list[dict] = []
    window.controller.context_map.connect(maps.append)
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Tell me a long story."))
    assert len(maps) >= 3  # after shifts, not only at the end
    assert all(m["used"] <= 256 for m in maps)
    assert any(m["messages"] and m["messages"][-1]["state"] == "partial" for m in maps)
    assert any(m["evicted"] for m in maps)  # the user turn shifted out: counted, not listed
