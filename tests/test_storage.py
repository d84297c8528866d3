"""The SQLite store on a real file: chats with swipes, settings, recovery from a corrupt file."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from desktop.chat import Conversation
from desktop.storage import open_database
from desktop.storage.logs import setup_logging


def test_chat_with_swipes_round_trips(tmp_path: Path) -> None:
    db, recovery = open_database(tmp_path / "f.sqlite3")
    assert recovery is None
    conv = Conversation(system_prompt="You are Ember.", model_path="/m.gguf")
    db.save_message(conv, conv.add("user", "Hello there, dragon"))
    reply = conv.add("assistant", "first")
    reply.current.stats = "Output generated in 1.00 seconds"
    db.save_message(conv, reply)
    reply.add_swipe().text = "second 日本語"
    db.save_message(conv, reply)
    db.close()

    db, _ = open_database(tmp_path / "f.sqlite3")
    back = db.load_chat(conv.id)
    assert back is not None
    assert back.title == "Hello there, dragon"
    assert back.system_prompt == "You are Ember."
    assert [m.role for m in back.messages] == ["user", "assistant"]
    assert [s.text for s in back.messages[1].swipes] == ["first", "second 日本語"]
    assert back.messages[1].swipe == 1
    assert back.messages[1].swipes[0].stats == "Output generated in 1.00 seconds"
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_save_chat_removes_deleted_messages_and_keeps_order(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    conv = Conversation()
    for i in range(4):
        db.save_message(conv, conv.add("user" if i % 2 == 0 else "assistant", f"m{i}"))
    conv.delete(1)
    db.save_chat(conv)
    assert [m.text for m in db.load_chat(conv.id).messages] == ["m0", "m2", "m3"]
    conv.truncate(1)
    db.save_chat(conv)
    assert [m.text for m in db.load_chat(conv.id).messages] == ["m0"]
    db.delete_chat(conv.id)
    assert db.load_chat(conv.id) is None
    assert db.conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0


def test_settings_and_recent_models(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    db.set_model_settings("a.gguf:1", {"n_ctx": 8192}, {"temperature": 0.5})
    db.set_setting("language", "ja")
    db.add_recent_model("/a.gguf")
    db.add_recent_model("/b.gguf")
    db.close()
    db, _ = open_database(tmp_path / "f.sqlite3")
    assert db.model_settings("a.gguf:1") == ({"n_ctx": 8192}, {"temperature": 0.5})
    assert db.model_settings("other") is None
    assert db.setting("language") == "ja"
    assert db.setting("missing", 3) == 3
    assert db.recent_models() == ["/b.gguf", "/a.gguf"]


def test_corrupt_file_is_moved_aside_and_a_fresh_one_created(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 200)
    db, recovery = open_database(path)
    assert recovery is not None
    assert recovery.moved_to.exists()
    assert recovery.moved_to.read_bytes().startswith(b"this is not sqlite")
    assert "not a database" in recovery.reason
    conv = Conversation()
    db.save_message(conv, conv.add("user", "still works"))
    assert db.load_chat(conv.id).messages[0].text == "still works"


def test_damaged_pages_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    db, _ = open_database(path)
    conv = Conversation()
    for i in range(300):
        db.save_message(conv, conv.add("user", f"message {i} " * 20))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page:6 * page] = b"\xff" * (3 * page)  # trash b-tree pages, keep the header
    path.write_bytes(bytes(data))
    db, recovery = open_database(path)
    assert recovery is not None
    assert db.list_chats() == []


def test_logging_writes_a_rotating_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FIRESIDE_LOG_DIR", str(tmp_path / "logs"))
    folder = setup_logging()
    logging.getLogger("fireside.test").warning("hello log")
    for h in logging.getLogger().handlers:
        h.flush()
    assert "hello log" in (folder / "fireside.log").read_text()
    assert (folder / "crash.log").exists()


def test_sqlite_file_is_real(tmp_path: Path) -> None:
    db, _ = open_database(tmp_path / "f.sqlite3")
    db.set_setting("k", [1, 2])
    other = sqlite3.connect(str(tmp_path / "f.sqlite3"))
    assert other.execute("SELECT value FROM app_settings WHERE key='k'").fetchone()[0] == "[1, 2]"
