"""The character editor in the real window on a real database: a new card made, saved, reopened,
exported as a PNG card and imported back equal; an imported card's unknown fields kept through an
edit and an export; a bad picture and a missing name refused with a message and nothing lost; the
card's lorebook; the chat's "About" header; keyboard order and accessible names."""

from __future__ import annotations

import base64
import copy
import json
import struct
import zlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLineEdit, QListWidget, QMessageBox, QPlainTextEdit, QPushButton, QToolButton, QWidget
from test_app import open_window, user_dirs, window  # noqa: F401 - fixtures
from test_cards import V2, png_with, text_chunk

from desktop.chat.cards import card_from_json, png_text_chunks, read_card
from desktop.ui.characters import CharacterEditor

FIXTURES = Path(__file__).parent / "fixtures" / "sillytavern"


def picture_file(tmp_path: Path, name: str = "mira.png", size: tuple[int, int] = (300, 450)) -> Path:
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    path = tmp_path / name
    assert image.save(str(path), "PNG")
    return path


def huge_png(path: Path) -> Path:
    """A PNG that says it is 20,000 x 20,000 pixels (1.6 GB decoded) in a few bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 60001))
                     + chunk(b"IEND", b""))
    return path


def fill(qtbot, editor: CharacterEditor, values: dict[str, str]) -> None:
    for key, text in values.items():
        widget = editor.fields[key]
        if isinstance(widget, QLineEdit):
            widget.clear()
            qtbot.keyClicks(widget, text)
        else:
            widget.setPlainText(text)


FIELDS = {"name": "Mira", "description": "{{char}} keeps the lighthouse.", "personality": "patient, dry",
          "scenario": "{{user}} arrives in a storm.", "first_mes": "The lamp is lit, {{user}}.",
          "mes_example": "<START>\n{{user}}: Hello\n{{char}}: Mind the stairs.", "system_prompt": "Be brief.",
          "post_history_instructions": "Stay in the lighthouse.", "creator_notes": "A test card.",
          "creator": "tests", "character_version": "1.2"}


def test_a_new_character_is_saved_reopened_exported_and_imported_equal(qtbot, window, tmp_path: Path) -> None:
    dialog = window.show_characters()
    assert dialog.list.count() == 0 and not dialog.edit_button.isEnabled() and not dialog.delete_button.isEnabled()
    editor = dialog.new_character()
    assert editor.windowTitle() == "New character"
    fill(qtbot, editor, FIELDS)
    qtbot.mouseClick(editor.greetings.add_button, Qt.MouseButton.LeftButton)
    editor.greetings.text.setPlainText("Another night, {{user}}.")
    qtbot.mouseClick(editor.greetings.add_button, Qt.MouseButton.LeftButton)
    editor.greetings.text.setPlainText("Who knocks?")
    qtbot.mouseClick(editor.greetings.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.greetings.remove_button, Qt.MouseButton.LeftButton)  # the empty third one
    qtbot.keyClicks(editor.tags, "sea, lighthouse")
    assert editor.set_picture_file(str(picture_file(tmp_path)))
    assert editor.dirty and editor.windowTitle().endswith("*")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.character_id is not None and not editor.dirty
    assert "Saved Mira" in editor.message.text()
    character_id = editor.character_id
    stored = window.character_wiring.library.card(character_id)
    assert stored is not None
    assert {k: getattr(stored, k) for k in FIELDS} == FIELDS
    assert stored.alternate_greetings == ["Another night, {{user}}.", "Who knocks?"]
    assert stored.tags == ["sea", "lighthouse"]
    assert QImage.fromData(stored.avatar_png).size().width() == 300
    assert stored.to_json()["data"]["extensions"] == {} and stored.to_json()["spec"] == "chara_card_v2"
    # the gallery lists it with its picture
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["Mira"]
    assert not dialog.list.item(0).icon().isNull() and dialog.delete_button.isEnabled()
    editor.close()

    again = dialog.edit_selected()
    assert again is not None and again.windowTitle() == "Edit Mira"
    assert {k: (w.text() if isinstance(w, QLineEdit) else w.toPlainText()) for k, w in again.fields.items()} == FIELDS
    assert again.greetings.list.count() == 2 and again.tags.text() == "sea, lighthouse"
    assert again.picture == stored.avatar_png

    out = tmp_path / "Mira card.png"
    assert again.export_to(str(out))
    chunks = png_text_chunks(out.read_bytes())
    assert set(chunks) == {"chara"}  # one V2 chunk
    exported = read_card(out)
    assert exported.to_json() == stored.to_json()
    assert QImage(str(out)).size().width() == 300  # the picture is the image
    again.close()

    imported_id = dialog.import_file(str(out))
    assert imported_id is not None and imported_id != character_id
    imported = window.character_wiring.library.card(imported_id)
    assert imported is not None and imported.to_json() == stored.to_json()
    assert dialog.list.count() == 2


def test_an_imported_card_keeps_its_unknown_fields_through_an_edit_and_an_export(qtbot, window, tmp_path: Path) -> None:
    original = json.loads((FIXTURES / "default_Seraphina.json").read_text(encoding="utf-8"))
    character_id = window.controller.roleplay.import_card(str(FIXTURES / "default_Seraphina.json"))
    dialog = window.show_characters()
    editor = dialog.edit_selected()
    assert editor is not None and editor.character_id == character_id
    editor.fields["description"].setPlainText("A guardian of the glade, edited.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    expected = copy.deepcopy(original)
    expected["data"]["description"] = "A guardian of the glade, edited."
    expected["description"] = "A guardian of the glade, edited."  # the V1 copy follows the field
    stored = window.character_wiring.library.card(character_id)
    assert stored is not None and stored.to_json() == expected
    out = tmp_path / "seraphina.png"
    assert editor.export_to(str(out))  # no picture: the name's initial is painted
    back = read_card(out)
    assert back.to_json() == expected
    assert back.to_json()["data"]["extensions"] == {"talkativeness": "0.5", "fav": False, "world": "Eldoria"}
    assert back.to_json()["creatorcomment"] == original["creatorcomment"]
    assert back.to_json()["data"]["character_book"] == original["data"]["character_book"]
    painted = QImage(str(out))
    assert painted.width() == 400 and painted.height() == 600
    editor.close()


def test_a_v3_card_exports_both_chunks_and_reads_back_as_v3(qtbot, window, tmp_path: Path) -> None:
    v3 = {"spec": "chara_card_v3", "spec_version": "3.0",
          "data": {**V2["data"], "group_only_greetings": ["Hi all"], "assets": [], "nickname": "Em"}}
    card_path = tmp_path / "ember.png"
    card_path.write_bytes(png_with([text_chunk("chara", V2), text_chunk("ccv3", v3)]))
    dialog = window.show_characters()
    character_id = dialog.import_file(str(card_path))
    editor = dialog.edit_selected()
    assert editor is not None and editor.character_id == character_id
    editor.fields["personality"].setPlainText("warm, proud, old")
    out = tmp_path / "ember-out.png"
    assert editor.export_to(str(out))  # saves first
    chunks = png_text_chunks(out.read_bytes())
    assert set(chunks) == {"chara", "ccv3"}
    back = read_card(out)
    assert back.spec == "chara_card_v3" and back.personality == "warm, proud, old"
    assert back.extra["group_only_greetings"] == ["Hi all"] and back.extra["nickname"] == "Em"
    v2_view = json.loads(base64.b64decode(chunks["chara"]))
    assert v2_view["spec"] == "chara_card_v2" and v2_view["data"]["personality"] == "warm, proud, old"
    editor.close()


def test_a_bad_picture_gives_a_message_and_nothing_is_lost(qtbot, window, tmp_path: Path) -> None:
    dialog = window.show_characters()
    editor = dialog.new_character()
    fill(qtbot, editor, {"name": "Mira", "description": "Keeps the light."})
    assert editor.set_picture_file(str(picture_file(tmp_path)))
    assert editor.save()
    picture = editor.picture
    editor.fields["scenario"].setPlainText("An unsaved scenario.")
    fake = tmp_path / "notes.png"
    fake.write_text("these are not pixels")
    assert not editor.set_picture_file(str(fake))
    assert "not a picture" in editor.message.text() and editor.message.isVisibleTo(editor)
    assert not editor.set_picture_file(str(huge_png(tmp_path / "huge.png")))
    assert "20,000 × 20,000 pixels" in editor.message.text()
    assert not editor.set_picture_file(str(tmp_path / "missing.png"))
    assert "Cannot read missing.png" in editor.message.text()
    assert editor.picture == picture and editor.fields["scenario"].toPlainText() == "An unsaved scenario."
    assert editor.save()
    stored = window.character_wiring.library.card(editor.character_id)
    assert stored is not None and stored.avatar_png == picture and stored.scenario == "An unsaved scenario."
    editor.close()


def test_a_name_is_required(qtbot, window) -> None:
    dialog = window.show_characters()
    editor = dialog.new_character()
    editor.fields["description"].setPlainText("Nobody yet.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "needs a name" in editor.message.text() and editor.character_id is None
    assert window.db.characters() == []
    fill(qtbot, editor, {"name": "  "})
    assert not editor.save() and window.db.characters() == []
    fill(qtbot, editor, {"name": "Nobody"})
    assert editor.save()
    editor.name.clear()
    assert not editor.save()
    assert [row[1] for row in window.db.characters()] == ["Nobody"]  # the stored one is untouched
    assert editor.fields["description"].toPlainText() == "Nobody yet."  # and the form keeps what was typed
    editor.fields["description"].setPlainText("x" * 100_001)
    fill(qtbot, editor, {"name": "Nobody"})
    assert not editor.save() and "100,001 characters" in editor.message.text()
    editor.dirty = False
    editor.close()


def test_the_cards_lorebook_is_edited_from_the_editor_and_travels_with_it(qtbot, window, tmp_path: Path) -> None:
    dialog = window.show_characters()
    editor = dialog.new_character()
    fill(qtbot, editor, {"name": "Mira"})
    qtbot.mouseClick(editor.lorebook_button, Qt.MouseButton.LeftButton)  # saves the new card first
    books = editor.lorebook_editor
    assert books is not None and editor.character_id is not None
    assert books.book is editor.card.character_book
    books.new_entry()
    books.keys.setText("lamp, light")
    books.keys.textEdited.emit("lamp, light")
    books.content.setPlainText("The lamp has burned for ninety years.")
    books.close()
    assert "1 entries" in editor.lorebook_label.text()
    stored = card_from_json(window.db.character(editor.character_id)[0])
    assert stored.character_book is not None and stored.character_book.entries[0].keys == ["lamp", "light"]
    out = tmp_path / "mira.png"
    assert editor.export_to(str(out))
    assert read_card(out).character_book.entries[0].content == "The lamp has burned for ninety years."
    # opened and closed with no entry: the card gets no empty book
    other = dialog.new_character()
    fill(qtbot, other, {"name": "Bare"})
    other.edit_lorebook()
    other.lorebook_editor.close()
    assert card_from_json(window.db.character(other.character_id)[0]).character_book is None
    assert "No lorebook" in other.lorebook_label.text()
    editor.close()
    other.close()


def test_the_chat_shows_the_character_and_its_card_opens_from_there(qtbot, window, monkeypatch) -> None:
    header = window.character_wiring.header
    window.controller.new_conversation("")
    assert header.isHidden()
    dialog = window.show_characters()
    editor = dialog.new_character()
    fill(qtbot, editor, FIELDS)
    assert editor.save()
    editor.close()
    dialog.start_chat()
    assert not header.isHidden() and header.toggle.text() == "About Mira"
    assert header.body.isHidden()
    window.chat_menu.actions()  # (the menu entries exist)
    assert window.character_wiring.about_action.shortcut().toString() == "Ctrl+I"
    header.toggle.click()
    assert not header.body.isHidden()
    assert "Mira keeps the lighthouse." in header.body.toPlainText()
    assert "You arrives in a storm." in header.body.toPlainText()  # as the model reads it
    qtbot.mouseClick(header.edit_button, Qt.MouseButton.LeftButton)
    card_editor = window.character_wiring.editor
    assert card_editor is not None and card_editor.name.text() == "Mira"
    card_editor.fields["scenario"].setPlainText("{{user}} rows out at dawn.")
    card_editor.name.clear()
    qtbot.keyClicks(card_editor.name, "Mira Vale")
    assert card_editor.save()
    assert header.toggle.text() == "About Mira Vale" and "You rows out at dawn." in header.body.toPlainText()
    parts = window.controller.parts()
    assert "Scenario: You rows out at dawn." in parts.system_prompt and parts.character_name == "Mira Vale"
    # deleting the character leaves the chat, without the header
    dialog = window.show_characters()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    card_editor.close()
    dialog.delete_selected()
    assert dialog.list.count() == 0 and header.isHidden()
    assert window.db.load_chat(window.controller.conv.id) is not None


def test_the_editor_is_reachable_by_keyboard_and_named_for_screen_readers(qtbot, window) -> None:
    dialog = window.show_characters()
    editor = dialog.new_character()
    qtbot.waitExposed(editor)
    controls = [w for w in editor.findChildren(QWidget)
                if isinstance(w, (QLineEdit, QPlainTextEdit, QPushButton, QListWidget, QToolButton))
                and w.isVisibleTo(editor)]
    unnamed = [w for w in controls if not w.accessibleName()]
    assert not unnamed, [type(w).__name__ + ":" + getattr(w, "text", lambda: "")() for w in unnamed]
    assert all(w.tabChangesFocus() for w in editor.findChildren(QPlainTextEdit))  # Tab never gets stuck
    # the Tab order runs down the form as it is drawn
    chain, w = [], editor.name
    for _ in range(200):
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(editor) and w.isEnabled():
            chain.append(w)
        w = w.nextInFocusChain()
        if w is editor.name:
            break
    order = [editor.fields[k] for k in ("name", "description", "personality", "scenario", "first_mes")] + \
        [editor.greetings.list, editor.greetings.add_button] + \
        [editor.fields[k] for k in ("mes_example", "system_prompt", "post_history_instructions", "creator_notes")] + \
        [editor.tags, editor.fields["creator"], editor.fields["character_version"], editor.choose_picture_button,
         editor.lorebook_button, editor.export_button, editor.save_button, editor.close_button]
    positions = [chain.index(w) for w in order]
    assert positions == sorted(positions)
    editor.close()
