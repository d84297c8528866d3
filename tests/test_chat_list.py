"""The chat list: message counts that follow the chat, plural tooltips, rename (kept across a restart and
never replaced by the automatic title), duplicate and branch (storage on a real SQLite file: every
column, every swipe, the chat's own lorebooks), search by title, and "Save and continue from here"
keeping the replies it replaces in a branch chat."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from qt_helpers import finish_reply
from qt_helpers import load_model as load_with
from test_app import open_window, type_and_send, user_dirs, window  # noqa: F401 - fixtures

from desktop.chat import Conversation
from desktop.chat.conversation import Swipe
from desktop.chat.lore_scan import TimedEffect
from desktop.chat.lorebook import Lorebook, LoreEntry
from desktop.chat.memory import ChatMemory
from desktop.storage import chat_copy, open_database
from desktop.storage.chat_copy import ChatNotFound, duplicate_chat
from desktop.storage.lore_store import LoreStore
from desktop.ui.chat.chat_list import COUNT_ROLE, TITLE_ROLE, messages_text

# --- storage: duplicate and branch on a real file ------------------------------------------------


def _full_chat(db) -> tuple[Conversation, int, int]:
    """A chat with every per-chat field set away from its default, swipes, a story message, its own
    lorebook (switched off, with a sticky entry) next to a global one. Returns (chat, own book, global book)."""
    character = db.add_character("Mira", {"name": "Mira", "description": "a lighthouse keeper"}, b"\x89PNGfake")
    conv = Conversation(title="Lighthouse", system_prompt="You are Mira.", model_path="/models/x.gguf",
                        character_id=character, persona_name="Ann", persona_description="a sailor",
                        authors_note="Storm tonight.", title_set=True)
    conv.add("user", "The whole story text", document=True)
    conv.add("assistant", "I have read it.")
    conv.add("user", "Who keeps the light?")
    reply = conv.add("assistant", "Mira does.")
    reply.current.stats, reply.current.notice = "12 tokens", "cut short"
    reply.swipes.append(Swipe("Her brother.", "9 tokens", ""))
    reply.swipe = 1
    conv.add("user", "And the boat?")
    conv.memory = ChatMemory("Ann came by boat.", ["Mira is afraid of the dark"], covered=2, enabled=False)
    db.save_chat(conv)
    store = LoreStore(db)
    own = store.add(Lorebook(name="Chat's own", entries=[LoreEntry(uid=3, keys=["boat"], content="A red boat.")]), conv.id)
    other = store.add(Lorebook(name="Everywhere"))
    conv.lore.off = [f"book{own}", f"book{other}", "char1"]
    conv.lore.timed.sticky[f"book{own}:3"] = TimedEffect(3, 6)
    conv.lore.timed.cooldown[f"book{other}:0"] = TimedEffect(1, 4, True)
    db.save_chat(conv)
    return conv, own, other


def _rows(db, table: str, where: str, args: tuple, skip: tuple[str, ...]) -> list[dict]:
    cur = db.conn.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", args)
    names = [d[0] for d in cur.description]
    return [{k: v for k, v in zip(names, row) if k not in skip} for row in cur.fetchall()]


def test_duplicate_copies_every_column_swipe_and_own_lorebook(tmp_path: Path) -> None:
    path = tmp_path / "chats.sqlite3"
    db, _ = open_database(path)
    conv, own, other = _full_chat(db)
    copy_id = duplicate_chat(db, conv.id, title="Lighthouse (copy)")
    db.close()

    db, _ = open_database(path)  # what was committed to the file
    chat_columns = [r[1] for r in db.conn.execute("PRAGMA table_info(chats)")]
    assert {"system_prompt", "persona_name", "authors_note", "memory", "lore", "character_id", "title_set"} <= set(chat_columns)
    original, = _rows(db, "chats", "id = ?", (conv.id,), ())
    copy, = _rows(db, "chats", "id = ?", (copy_id,), ())
    for column in chat_columns:  # every column, by name: one added later is compared too
        if column not in ("id", "title", "created", "updated", "lore"):
            assert copy[column] == original[column], column
    assert copy["id"] != original["id"] and copy["title"] == "Lighthouse (copy)"
    assert copy["created"] >= original["created"] and copy["updated"] >= original["updated"]
    # the copy's lore names its own copy of the chat's book, and still the global one
    new_book, = [r["id"] for r in _rows(db, "lorebooks", "chat_id = ?", (copy_id,), ())]
    lore = json.loads(copy["lore"])
    assert lore["off"] == [f"book{new_book}", f"book{other}", "char1"]
    assert list(lore["timed"]["sticky"]) == [f"book{new_book}:3"] and list(lore["timed"]["cooldown"]) == [f"book{other}:0"]
    assert json.loads(original["lore"])["off"][0] == f"book{own}"  # the original is unchanged
    assert _rows(db, "lorebooks", "chat_id = ?", (copy_id,), ("id", "chat_id", "created")) == \
        _rows(db, "lorebooks", "chat_id = ?", (conv.id,), ("id", "chat_id", "created"))
    assert len(_rows(db, "lorebooks", "chat_id IS NULL", (), ())) == 1  # the global book is not copied
    # every message column, swipes and their stats included
    skip = ("id", "chat_id")
    assert _rows(db, "messages", "chat_id = ?", (copy_id,), skip) == _rows(db, "messages", "chat_id = ?", (conv.id,), skip)
    back = db.load_chat(copy_id)
    assert [s.to_dict() for s in back.messages[3].swipes] == [{"text": "Mira does.", "stats": "12 tokens", "notice": "cut short"},
                                                             {"text": "Her brother.", "stats": "9 tokens", "notice": ""}]
    assert back.messages[3].swipe == 1 and back.messages[0].document
    assert back.memory.to_json() == conv.memory.to_json() and back.title_set
    assert db.list_chats()[0][0] == copy_id  # the newest: first in the list


def test_branch_holds_the_messages_up_to_one_and_a_memory_of_no_later_ones(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "chats.sqlite3")
    conv, _own, _other = _full_chat(db)
    conv.delete(1)  # positions with a gap in the middle are renumbered in the copy
    db.save_chat(conv)
    db.conn.execute("UPDATE messages SET position = position * 10 WHERE chat_id = ?", (conv.id,))
    branch = duplicate_chat(db, conv.id, upto_message=2, title="b")
    assert [r[0] for r in db.conn.execute("SELECT position FROM messages WHERE chat_id = ? ORDER BY position",
                                          (branch,))] == [0, 1, 2]
    back = db.load_chat(branch)
    assert [m.text for m in back.messages] == ["The whole story text", "Who keeps the light?", "Her brother."]
    assert back.memory.to_json() == conv.memory.to_json()  # it covers 2 messages: both are in the branch
    short = db.load_chat(duplicate_chat(db, conv.id, upto_message=0, title="c"))
    assert len(short.messages) == 1
    # the summary tells of messages this branch does not have: only the pinned facts stay
    assert (short.memory.summary, short.memory.covered, short.memory.facts) == ("", 0, ["Mira is afraid of the dark"])


def test_a_copy_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = open_database(tmp_path / "chats.sqlite3")
    conv, _own, _other = _full_chat(db)
    before = (db.list_chats(), db.message_counts(), db.conn.execute("SELECT COUNT(*) FROM lorebooks").fetchone())
    with pytest.raises(ChatNotFound):
        duplicate_chat(db, 999)

    def broken(*_args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(chat_copy, "_renamed_books", broken)  # fails after the rows were copied
    with pytest.raises(sqlite3.OperationalError):
        duplicate_chat(db, conv.id, title="x")
    assert (db.list_chats(), db.message_counts(), db.conn.execute("SELECT COUNT(*) FROM lorebooks").fetchone()) == before


def test_a_renamed_title_survives_an_older_copy_of_the_chat_being_saved(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "chats.sqlite3")
    stale = Conversation(authors_note="old")
    db.save_chat(stale)
    db.rename_chat(stale.id, "Mine")  # (the copy in memory still says "New chat")
    stale.authors_note = "new"  # e.g. a background summary storing the chat's memory
    db.save_chat(stale)
    back = db.load_chat(stale.id)
    assert (back.title, back.title_set, back.authors_note) == ("Mine", True, "new")
    back.title = "Mine, again"  # a copy that knows the user's title may change it
    db.save_chat(back)
    assert db.load_chat(stale.id).title == "Mine, again"


# --- the list in the window ----------------------------------------------------------------------

SHORT = {"max_tokens": 6, "seed": 11, "temperature": 0.7}  # replies only need to exist here


def load_model(qtbot, window, path: str) -> dict:
    return load_with(qtbot, window, path, SHORT)



def _item(window, chat_id: int):
    return window.sidebar.chats.item_for(chat_id)


def _active(qtbot, window) -> None:
    """Keys reach the focused widget (and window shortcuts fire) only in the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _stored_chat(window, title: str, texts: list[str]) -> Conversation:
    conv = Conversation(title=title)
    for i, text in enumerate(texts):
        conv.add("user" if i % 2 == 0 else "assistant", text)
    window.db.save_chat(conv)
    return conv


def test_counts_follow_real_sends_and_deletes_without_a_rebuild(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model)
    older = _stored_chat(window, "Older chat", ["a", "b"])
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Hello there."))
    conv = window.controller.conv
    item = _item(window, conv.id)
    assert item.data(COUNT_ROLE) == 2 == window.db.message_counts()[conv.id]
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Tell me more."))
    assert _item(window, conv.id) is item  # the same row, updated in place
    assert item.data(COUNT_ROLE) == 4 == window.db.message_counts()[conv.id]
    assert "4 messages" in item.toolTip()
    window.controller.delete(1)
    assert item.data(COUNT_ROLE) == 3 == window.db.message_counts()[conv.id]
    # a chat lower in the list moves to the top when it gets a message
    window.controller.open_conversation(older.id)
    window.controller.new_conversation()
    window.controller.open_conversation(older.id)
    assert window.chat_list.item(0).data(Qt.ItemDataRole.UserRole) != older.id
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Back again."))
    top = window.chat_list.item(0)
    assert top.data(Qt.ItemDataRole.UserRole) == older.id and top.data(COUNT_ROLE) == 4
    assert window.chat_list.currentItem() is top


def test_tooltip_says_one_message_and_many_messages(qtbot, window) -> None:
    one = _stored_chat(window, "Single", ["only"])
    many = _stored_chat(window, "Many", [f"m{i}" for i in range(10)])
    window.refresh_chat_list()
    assert _item(window, one.id).toolTip().endswith("Single\n1 message</p>")
    assert "10 messages" in _item(window, many.id).toolTip()
    assert messages_text(1) == "1 message" and messages_text(2) == "2 messages" and messages_text(0) == "0 messages"


def _rename_in_the_list(qtbot, window, chat_id: int, title: str) -> None:
    _active(qtbot, window)
    item = _item(window, chat_id)
    window.chat_list.setCurrentItem(item)
    window.chat_list.setFocus()
    qtbot.keyClick(window.chat_list, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == item.text()  # edited in place
    editor.selectAll()
    qtbot.keyClicks(editor, title)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_rename_in_the_list_is_stored_and_kept_after_a_restart(qtbot, user_dirs) -> None:
    window = open_window(qtbot)
    conv = _stored_chat(window, "Old name", ["hi", "hello"])
    window.refresh_chat_list()
    _rename_in_the_list(qtbot, window, conv.id, "Harbour plans")
    qtbot.waitUntil(lambda: window.db.load_chat(conv.id).title == "Harbour plans")
    assert _item(window, conv.id).text() == "Harbour plans"
    path = window.db.path
    window.close()
    window.db.close()
    db, _ = open_database(path)
    back = db.load_chat(conv.id)
    assert back.title == "Harbour plans" and back.title_set
    db.close()
    second = open_window(qtbot)
    assert _item(second, conv.id).text() == "Harbour plans"
    # an empty name is refused and the old one kept
    notices: list[tuple[str, str]] = []
    second.controller.notify.connect(lambda level, text: notices.append((level, text)))
    _rename_in_the_list(qtbot, second, conv.id, "   ")
    qtbot.waitUntil(lambda: bool(notices))
    assert notices == [("warning", "A chat needs a name: the old one is kept.")]
    assert second.db.load_chat(conv.id).title == "Harbour plans" and _item(second, conv.id).text() == "Harbour plans"
    second.close()
    second.db.close()


def test_a_users_title_is_not_replaced_by_the_first_message(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model)
    conv = window.controller.new_conversation()
    assert window.controller.copies.rename(conv.id, "New chat")  # even the default name, chosen by the user
    window.sidebar.authors_note.setPlainText("Foggy.")  # a later save of the chat's fields keeps it too
    window.sidebar.flush()
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "A question about the harbour"))
    assert window.controller.conv.title == "New chat" == window.db.load_chat(conv.id).title
    assert _item(window, conv.id).text() == "New chat" and window.db.load_chat(conv.id).title_set
    named = Conversation()  # never renamed: named from its first message
    named.add("user", "Name me")
    chosen = Conversation(title="Plans", title_set=True)
    chosen.add("user", "Something else")
    assert (named.title, chosen.title) == ("Name me", "Plans")


def test_the_context_menu_duplicates_and_deletes_from_the_keyboard(qtbot, window, monkeypatch) -> None:
    conv = _stored_chat(window, "Original", ["q1", "a1", "q2", "a2"])
    reply = conv.messages[3]
    reply.add_swipe().text = "a2, again"
    window.db.save_chat(conv)
    window.controller.open_conversation(conv.id)
    window.sidebar.authors_note.setPlainText("Keep this note.")  # still waiting for its debounce
    panel = window.sidebar.chats
    _active(qtbot, window)
    window.chat_list.setFocus()
    QApplication.sendEvent(window.chat_list, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), QPoint(0, 0)))
    assert [a.text() for a in panel.menu.actions()] == ["Rename", "Duplicate", "Delete"]
    assert panel.rename_action.shortcut().toString() == "F2"
    panel.menu.close()
    panel.duplicate_action.trigger()
    copy = window.controller.conv
    assert copy.id != conv.id and copy.title == "Original (copy)" and copy.authors_note == "Keep this note."
    assert [[s.text for s in m.swipes] for m in copy.messages] == [["q1"], ["a1"], ["q2"], ["a2", "a2, again"]]
    assert _item(window, copy.id) is window.chat_list.currentItem() and _item(window, copy.id).data(COUNT_ROLE) == 4
    # Delete asks first; "Cancel" keeps the chat
    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(panel, "confirm_delete", lambda title, count: asked.append((title, count)) or False)
    window.chat_list.setFocus()
    qtbot.keyClick(window.chat_list, Qt.Key.Key_Delete)
    assert asked == [("Original (copy)", 4)] and window.db.load_chat(copy.id) is not None
    monkeypatch.setattr(panel, "confirm_delete", lambda title, count: True)
    qtbot.keyClick(window.chat_list, Qt.Key.Key_Delete)
    assert window.db.load_chat(copy.id) is None and _item(window, copy.id) is None
    assert window.db.load_chat(conv.id) is not None


def test_branch_from_a_message(qtbot, window) -> None:
    conv = _stored_chat(window, "Trip", ["q1", "a1", "q2", "a2", "q3"])
    window.controller.open_conversation(conv.id)
    bubble = window.chat_view.bubble_for(2)
    qtbot.mouseClick(bubble.buttons["branch"], Qt.MouseButton.LeftButton)
    branch = window.controller.conv
    assert branch.id != conv.id and branch.title == "Trip (branch)"
    assert [m.text for m in branch.messages] == ["q1", "a1", "q2"]
    assert [m.text for m in window.db.load_chat(conv.id).messages] == ["q1", "a1", "q2", "a2", "q3"]
    assert len(window.chat_view.bubbles) == 3 and _item(window, branch.id).data(COUNT_ROLE) == 3


def test_search_hides_chats_whose_title_does_not_match(qtbot, window) -> None:
    ids = {title: _stored_chat(window, title, ["x"]).id for title in ("Harbour walk", "Dragon lair", "harbour MAP")}
    window.refresh_chat_list()
    panel = window.sidebar.chats
    _active(qtbot, window)
    window.chat_list.setFocus()
    qtbot.keyClick(window.chat_list, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.hasFocus()
    qtbot.keyClicks(panel.search, "harbour")
    shown = {t for t, i in ids.items() if not _item(window, i).isHidden()}
    assert shown == {"Harbour walk", "harbour MAP"} and panel.no_match.isHidden()
    panel.search.setText("map harb")  # every word, in any order
    assert [t for t, i in ids.items() if not _item(window, i).isHidden()] == ["harbour MAP"]
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)  # opens the first found
    assert window.controller.conv.id == ids["harbour MAP"]
    window.refresh_chat_list()  # a rebuilt list keeps the search applied
    assert _item(window, ids["Dragon lair"]).isHidden()
    panel.search.setText("unicorn")
    assert not panel.no_match.isHidden() and "unicorn" in panel.no_match.text()
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)  # clears
    assert panel.search.text() == "" and not any(_item(window, i).isHidden() for i in ids.values())


def test_save_and_continue_keeps_the_later_replies_in_a_branch(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model)
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Describe the harbour."))
    finish_reply(qtbot, window, window.controller.regenerate)  # a second swipe of that reply
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "And the boats?"))
    conv = window.controller.conv
    before = [[s.to_dict() for s in m.swipes] for m in conv.messages]
    assert len(before) == 4 and len(before[1]) == 2
    requests: list[dict] = []
    notices: list[tuple[str, str]] = []
    window.controller.notify.connect(lambda level, text: notices.append((level, text)))
    real = window.client.generate
    window.client.generate = lambda request: requests.append(request) or real(request)
    bubble = window.chat_view.bubble_for(0)
    bubble.start_edit()
    bubble.editor.setPlainText("Describe the lighthouse.")
    finish_reply(qtbot, window, lambda: qtbot.mouseClick(bubble.save_continue_button, Qt.MouseButton.LeftButton))
    # the shown chat: the edit and a new reply, generated for this chat as before (the copy is storage only)
    assert window.controller.conv is conv and [m.text for m in conv.messages][0] == "Describe the lighthouse."
    assert len(conv.messages) == 2 and [r["chat"] for r in requests] == [conv.id]
    # the branch: the chat as it was, every swipe kept
    branch_id, = [i for i, title, _ in window.db.list_chats() if title.endswith("(branch)")]
    branch = window.db.load_chat(branch_id)
    assert branch.title == f"{conv.title} (branch)"
    assert [[s.to_dict() for s in m.swipes] for m in branch.messages] == before
    assert branch.messages[0].text == "Describe the harbour."
    assert ("info", f"The later replies were kept in the chat “{conv.title} (branch)”.") in notices
    assert _item(window, branch_id) is not None and _item(window, branch_id).data(COUNT_ROLE) == 4
    assert _item(window, conv.id).data(COUNT_ROLE) == 2 == window.db.message_counts()[conv.id]
    # nothing later: nothing to keep, no branch
    bubble = window.chat_view.bubble_for(1)
    bubble.start_edit()
    bubble.editor.setPlainText("Short reply.")
    finish_reply(qtbot, window, lambda: qtbot.mouseClick(bubble.save_continue_button, Qt.MouseButton.LeftButton))
    assert len([t for _, t, _ in window.db.list_chats() if t.endswith("(branch)")]) == 1


def test_title_role_is_the_stored_title(qtbot, window) -> None:
    conv = _stored_chat(window, "<b>bold</b> name", ["x"])
    window.refresh_chat_list()
    item = _item(window, conv.id)
    assert item.data(TITLE_ROLE) == item.text() == "<b>bold</b> name"
    assert "&lt;b&gt;" in item.toolTip()  # shown as text
