"""Lore and memory in the real window: the dock, the lorebook editor, entries on the context map, the
memory written in the background and cancelled by a send, and a chat carried on with its memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from qt_helpers import finish_reply, load_model
from test_app import open_window, type_and_send, user_dirs  # noqa: F401 - fixture

from desktop.chat.cards import card_from_json
from desktop.chat.conversation import Conversation
from desktop.chat.lorebook import Lorebook, LoreEntry
from desktop.ui.lore.lorebook_editor import LorebookEditor

FIXTURES = Path(__file__).parent / "fixtures" / "sillytavern"


@pytest.fixture
def window(qtbot, user_dirs):  # noqa: F811
    w = open_window(qtbot)
    yield w
    w.close()
    w.db.close()


def test_a_card_lorebook_turns_on_in_the_chat_and_shows_on_the_map(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model, n_ctx=2048, sampler={"max_tokens": 8, "temperature": 0.0})
    c = window.controller
    character = c.roleplay.import_card(str(FIXTURES / "default_Seraphina.json"))
    c.roleplay.new_character_chat(character)
    dock = window.lore_dock
    assert [dock.books.item(i).text() for i in range(dock.books.count())] == ["Eldoria (character, 4)"]
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Tell me about the Shadowfangs."))
    active = [dock.active.item(i).text() for i in range(dock.active.count())]
    assert any(t.startswith("shadowfang —") and "in the chat" in t for t in active)
    lore = [s for s in window.context_map.bar.segments if s.kind == "lore"]
    assert lore and lore[0].key.endswith(":1") and lore[0].tokens > 100
    assert "Lorebook entry “shadowfang”" in window.context_map.bar.describe(lore[0])
    # The next turn keeps the entry where it is: it is not read again.
    result = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "And the beasts?"))
    assert result["data"]["prompt_tokens"] < 60
    # Switched off for this chat: the next turn has no entry from it.
    dock.books.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert c.db.load_chat(c.conv.id).lore.off == [f"char{character}"]
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "More about the monsters?"))
    assert dock.active.count() == 0


def test_the_editor_stores_books_and_entries_and_exports_them_whole(qtbot, window, tmp_path: Path) -> None:
    c = window.controller
    c.new_conversation("")
    dock = window.lore_dock
    assert dock.import_path(str(FIXTURES / "Eldoria.json"))
    assert not dock.import_path(str(FIXTURES / "README.md"))
    assert "Could not import the lorebook" in window.banner.text()
    editor = LorebookEditor(c.lore_memory, c.conv, None, window)
    qtbot.addWidget(editor)
    assert editor.book_list.count() == 1 and editor.entry_list.count() == 4
    exported = tmp_path / "out.json"
    editor.export_to(str(exported))
    assert json.loads(exported.read_text(encoding="utf-8")) == json.loads((FIXTURES / "Eldoria.json").read_text(encoding="utf-8"))
    editor.entry_list.setCurrentRow(1)
    editor.keys.setText("shadowfang, wolf")
    editor.keys.textEdited.emit("shadowfang, wolf")
    editor.sticky.setValue(3)
    editor.new_entry()
    editor.title.setText("The old well")
    editor.title.textEdited.emit("The old well")
    editor.content.setPlainText("An old well stands in the glade.")
    editor.store_book()
    book = c.lore_memory.store.books(c.conv.id)[0][0]
    assert book.entries[1].keys == ["shadowfang", "wolf"] and book.entries[1].sticky == 3
    assert book.entries[4].comment == "The old well" and book.entries[4].content.startswith("An old well")
    # A book for this chat only, and an entry switched off from the list.
    editor.entry_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    editor.store_book()
    assert not c.lore_memory.store.books(c.conv.id)[0][0].entries[0].enabled
    editor.close()


def test_editing_a_characters_lorebook_is_kept_in_its_card(qtbot, window) -> None:
    c = window.controller
    character = c.roleplay.import_card(str(FIXTURES / "default_Seraphina.json"))
    c.roleplay.new_character_chat(character)
    card = c.lore_memory.store.character_card(character)
    editor = LorebookEditor(c.lore_memory, c.conv, card, window)
    qtbot.addWidget(editor)
    editor.entry_list.setCurrentRow(2)
    editor.cooldown.setValue(5)
    editor.store_book()
    stored = card_from_json(c.db.character(character)[0])
    assert stored.character_book.entries[2].cooldown == 5
    assert stored.to_json()["data"]["character_book"]["entries"][2]["extensions"]["cooldown"] == 5
    assert stored.to_json()["data"]["creator_notes"] == card.creator_notes  # the rest of the card kept
    editor.close()


def test_the_memory_is_written_in_the_background_and_a_send_cancels_it(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model, n_ctx=512, sampler={"max_tokens": 8, "temperature": 0.0})
    c = window.controller
    conv = Conversation(title="Long road", system_prompt="You are Mira, a ranger.")
    for i in range(16):
        conv.add("user", f"Day {i}: we walk past the river and the old mill, and the wolves follow us again.")
        conv.add("assistant", f"Mira counts the wolves on day {i} and keeps her bow ready by the fire.")
    c.adopt_conversation(conv)
    started: list[bool] = []
    c.lore_memory.summarizing.connect(started.append)
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "What now?"))
    qtbot.waitUntil(lambda: started[:1] == [True], timeout=20000)
    qtbot.waitUntil(lambda: c.lore_memory.summary_id == 0, timeout=120000)
    assert conv.memory.summary and conv.memory.covered >= 2
    assert window.lore_dock.summary.toPlainText() == conv.memory.summary
    assert c.db.load_chat(conv.id).memory.summary == conv.memory.summary
    # The memory goes into the next turn; a summary started after it is cancelled by the send after.
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Keep going."))
    if c.lore_memory.summary_id:
        job = c.lore_memory.summary_id
        result = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Faster!"))
        assert result["reason"] != "cancelled" and c.lore_memory.summary_id != job
    # A new chat carries the memory (not the messages it covers).
    window.lore_dock.carry_memory.emit()
    assert c.conv is not conv and c.conv.memory.summary == conv.memory.summary and c.conv.memory.covered == 0
    assert c.db.load_chat(c.conv.id).memory.summary == conv.memory.summary


def test_memory_edits_and_pinned_facts_are_saved_and_exported(qtbot, window, tmp_path: Path) -> None:
    c = window.controller
    c.new_conversation("")
    dock = window.lore_dock
    dock.summary.setPlainText("They crossed the river.")
    dock._fact_item("The sword is called Dawnbreaker.")
    dock._edited()
    dock.save_memory()
    stored = c.db.load_chat(c.conv.id)
    assert stored.memory.summary == "They crossed the river." and stored.memory.facts == ["The sword is called Dawnbreaker."]
    from desktop.chat.jsonl import export_lines
    header = next(export_lines(stored, "Assistant"))
    assert header["chat_metadata"]["fireside_memory"]["facts"] == ["The sword is called Dawnbreaker."]
    # A global book made in the editor is read by every chat.
    book = Lorebook(name="World", entries=[LoreEntry(uid=0, keys=["river"], content="The river is cold.")])
    c.lore_memory.store.add(book)
    dock.refresh_books()
    assert dock.books.count() == 1 and "every chat" in dock.books.item(0).text()
