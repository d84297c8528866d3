"""Long chats in storage: read a page at a time, saved from the first change on, searched in SQLite,
imported, exported and deleted in batches on a connection of their own (with cancel)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from desktop.chat import Conversation
from desktop.chat.jsonl import JobCancelled, JsonlError
from desktop.chat.paged import PAGE_SIZE
from desktop.storage import chat_files, open_database


def stored_chat(db, count: int, title: str = "saga") -> Conversation:
    conv = Conversation(title=title)
    for i in range(count):
        conv.add("user" if i % 2 == 0 else "assistant", f"Message {i}: the lantern glowed.")
    db.save_chat(conv)
    return conv


def loaded_count(conv: Conversation) -> int:
    return sum(1 for _ in conv.messages.loaded())


def texts(db, chat_id: int) -> list[str]:
    return [m.text for m in db.load_chat(chat_id).messages]


def test_a_long_chat_opens_with_its_newest_page_only(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    conv = stored_chat(db, 20_000)
    back = db.load_chat(conv.id)
    assert len(back.messages) == 20_000
    assert loaded_count(back) == PAGE_SIZE  # 20,000 is a multiple of the page: exactly the last page
    assert back.messages[-1].text == "Message 19999: the lantern glowed."
    assert back.messages[7].text == "Message 7: the lantern glowed."  # an old one: its page is read
    assert loaded_count(back) == 2 * PAGE_SIZE
    assert db.message_counts() == {conv.id: 20_000}
    assert db.search_messages(conv.id, "Message 1234:") == [1234]


def test_saving_after_a_change_rewrites_only_what_follows_it(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    conv = stored_chat(db, 5000)
    back = db.load_chat(conv.id)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    back.add("user", "A new line at the end.")
    db.save_chat(back)
    db.conn.set_trace_callback(None)
    # the messages in memory (the newest page and the new one) are written, no other
    assert sum(s.startswith("UPDATE messages") or s.startswith("INSERT INTO messages") for s in statements) == PAGE_SIZE + 1
    assert loaded_count(back) == PAGE_SIZE + 1  # saving read no old page
    # delete in the middle (a message never read), then at an older loaded place
    back = db.load_chat(conv.id)
    del back.messages[4000]
    db.save_chat(back)
    expected = [f"Message {i}: the lantern glowed." for i in range(5000) if i != 4000] + ["A new line at the end."]
    assert texts(db, conv.id) == expected
    back = db.load_chat(conv.id)
    back.messages[10].set_text("Edited long ago.")
    back.truncate(12)
    db.save_chat(back)
    assert texts(db, conv.id) == expected[:10] + ["Edited long ago."] + expected[11:12]


def test_a_chat_larger_than_sqlites_variable_limit_saves(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    conv = stored_chat(db, 40_000)  # more ids than a statement may have parameters (32,766)
    del conv.messages[0]
    db.save_chat(conv)
    back = db.load_chat(conv.id)
    assert len(back.messages) == 39_999 and back.messages[0].text.startswith("Message 1:")


def test_search_is_literal_and_finds_the_shown_swipe(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    conv = Conversation()
    conv.add("user", "100% sure_thing")
    conv.add("user", "100 percent sure thing")
    reply = conv.add("assistant", "the old text")
    reply.add_swipe().text = "灯台の光 and the NEW text"
    db.save_chat(conv)
    assert db.search_messages(conv.id, "100%") == [0]
    assert db.search_messages(conv.id, "e_t") == [0]
    assert db.search_messages(conv.id, "new TEXT") == [2]  # case-insensitive for ASCII
    assert db.search_messages(conv.id, "灯台") == [2]
    assert db.search_messages(conv.id, "old text") == []  # only the swipe that is shown
    assert db.search_messages(conv.id, "") == []


def write_jsonl(path: Path, count: int) -> None:
    lines = [{"user_name": "Ann", "character_name": "Bo", "chat_metadata": {"note_prompt": "Rain."}}]
    lines += [{"name": "Ann" if i % 2 == 0 else "Bo", "is_user": i % 2 == 0, "mes": f"Line {i} 行"}
              for i in range(count)]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")


def test_import_export_and_delete_in_batches(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    source = tmp_path / "long.jsonl"
    write_jsonl(source, 12_345)
    seen: list[tuple[int, int]] = []
    chat_id = chat_files.import_chat(db.path, source, "/m.gguf", lambda d, t: seen.append((d, t)), lambda: False)
    assert seen[-1][0] == seen[-1][1] and len(seen) > 5  # progress along the way
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    back = db.load_chat(chat_id)
    assert len(back.messages) == 12_345 and back.authors_note == "Rain." and back.persona_name == "Ann"
    assert chat_id in [c[0] for c in db.list_chats()]
    out = tmp_path / "out.jsonl"
    assert chat_files.export_chat(db.path, chat_id, "Bo", out, lambda d, t: None, lambda: False) == str(out)
    exported = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    original = [json.loads(x) for x in source.read_text(encoding="utf-8").splitlines()]
    assert [x["mes"] for x in exported[1:]] == [x["mes"] for x in original[1:]]
    assert not list(tmp_path.glob("*.part"))
    chat_files.delete_chat(db.path, chat_id, lambda d, t: None, lambda: False)
    assert db.load_chat(chat_id) is None and db.message_counts() == {}


def test_cancelled_or_refused_import_leaves_nothing(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    source = tmp_path / "long.jsonl"
    write_jsonl(source, 9000)
    calls = [0]

    def cancel_while_writing() -> bool:  # the parse checks every 1,000 lines; the write every batch
        calls[0] += 1
        return calls[0] > 10

    with pytest.raises(JobCancelled):
        chat_files.import_chat(db.path, source, "", lambda d, t: None, cancel_while_writing)
    assert db.list_chats() == [] and db.message_counts() == {} and db.hidden_chats() == []
    broken = tmp_path / "broken.jsonl"
    broken.write_text(source.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    with pytest.raises(JsonlError, match="line 9002"):
        chat_files.import_chat(db.path, broken, "", lambda d, t: None, lambda: False)
    assert db.list_chats() == [] and db.message_counts() == {}


def test_a_cancelled_export_writes_no_file(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    conv = stored_chat(db, 5000)
    out = tmp_path / "out.jsonl"
    stop = threading.Event()

    def progress(done: int, _total: int) -> None:
        if done:
            stop.set()

    with pytest.raises(JobCancelled):
        chat_files.export_chat(db.path, conv.id, "Bo", out, progress, stop.is_set)
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_an_interrupted_delete_is_hidden_and_finished_later(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    conv = stored_chat(db, 3000)
    db.hide_chat(conv.id)  # where a delete (or an import) stopped when the process died
    assert db.list_chats() == [] and db.hidden_chats() == [conv.id]
    chat_files.delete_chat(db.path, conv.id, lambda d, t: None, lambda: False)
    assert db.hidden_chats() == [] and db.message_counts() == {}
