"""The real app (window offscreen, engine process, SQLite) driven to a point where the crash test
kills it with SIGKILL. Markers on stdout tell the parent when that point is reached:

- `reply`: one full turn, then an endless reply; `COMMITTED` once a periodic commit of the reply
  is in the database.
- `import`: a SillyTavern chat of many messages is imported; `ROWS n` while its rows are written.
- `snapshot`: a long chat is cached, then the user switches chats, which saves its snapshot;
  `SAVING` when llama.cpp starts writing the state file.
- `reopen`: start again, print the chats as JSON, open the first chat and send one message (a
  snapshot is restored or refused), print the snapshot events, exit.

Only this test helper wraps the app's functions to print the markers.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from event_wait import process_events_until, wait_for  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.app import create_window  # noqa: E402
from desktop.storage.paths import database_path  # noqa: E402

ENDLESS = {"max_tokens": -1, "ignore_eos": True, "seed": 5}
FAST = {"max_tokens": 12, "seed": 1}


def say(*words: object) -> None:
    print(*words, flush=True)


def wait(condition, seconds: float = 120) -> None:
    wait_for(condition, seconds, "crash_app")


def pause(seconds: float) -> None:
    process_events_until(lambda: False, seconds)


def load(window, model: str, n_ctx: int, sampler: dict) -> None:
    c = window.controller
    c.load_model(model, {"model_path": model, "n_ctx": n_ctx, "n_threads": 2}, sampler)
    wait(lambda: bool(c.model_info))


def reply(window, text: str) -> None:
    done: list[dict] = []
    window.controller.reply_finished.connect(done.append)
    assert window.controller.send(text)
    wait(lambda: bool(done))


def committed_reply_text(chat_id: int) -> str:
    conn = sqlite3.connect(f"file:{database_path()}?mode=ro", uri=True)
    rows = conn.execute("SELECT swipes FROM messages WHERE chat_id = ? AND role = 'assistant' ORDER BY position",
                        (chat_id,)).fetchall()
    conn.close()
    return json.loads(rows[-1][0])[0]["text"] if len(rows) >= 2 else ""


def scenario_reply(window, model: str) -> None:
    load(window, model, 1024, FAST)
    c = window.controller
    reply(window, "First message: who are you?")
    c.sampler = ENDLESS
    c.send("Second message: tell me an endless story.")
    chat_id = c.conv.id
    wait(lambda: len(committed_reply_text(chat_id)) > 0)
    say("COMMITTED", chat_id)
    pause(600)


def scenario_import(window, model: str, messages: int) -> None:
    from desktop.storage.database import Database

    path = Path(os.environ["FIRESIDE_DATA_DIR"]) / "long.jsonl"
    lines = [json.dumps({"user_name": "Ann", "character_name": "Ember", "chat_metadata": {}})]
    lines += [json.dumps({"name": "Ann" if i % 2 == 0 else "Ember", "is_user": i % 2 == 0, "mes": f"Message {i}."})
              for i in range(messages)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    real = Database.save_message_row
    count = [0]

    def counting(self, conv, msg, position):  # the marker the parent kills on
        real(self, conv, msg, position)
        count[0] += 1
        if count[0] % 2000 == 0:
            say("ROWS", count[0])

    Database.save_message_row = counting
    say("IMPORTING", messages)
    window.chat_files.import_chat(str(path))
    wait(lambda: not window.chat_files.jobs.running and window.chat_files.job_bar.isHidden())
    say("IMPORTED")
    pause(600)


def scenario_snapshot(window, model: str, story: str) -> None:
    # (SAVING / SAVED are printed by the engine process: tests/engine_hooks.announce_snapshot_save)
    load(window, model, 4096, FAST)
    c = window.controller
    finished: list[dict] = []
    c.reply_finished.connect(finished.append)
    path = Path(os.environ["FIRESIDE_DATA_DIR"]) / "story.txt"
    path.write_text(story, encoding="utf-8")
    c.roleplay.open_story(str(path))
    wait(lambda: bool(finished))
    c.new_conversation("")
    c.send("Hello in another chat.")  # the story's chat leaves the cache: its snapshot is written
    pause(600)


def scenario_reopen(window, model: str) -> None:
    db = window.db
    chats = []
    for chat_id, title, _ in db.list_chats():
        conv = db.load_chat(chat_id)
        chats.append({"id": chat_id, "title": title, "messages": [[m.role, m.text] for m in conv.messages]})
    say("CHATS", json.dumps(chats))
    integrity = db.conn.execute("PRAGMA integrity_check").fetchone()[0]
    say("INTEGRITY", integrity)
    if os.environ.get("CRASH_REOPEN_SEND"):
        events: list[dict] = []
        window.client.notice.connect(lambda kind, e: events.append(dict(e)) if kind == "snapshot" else None)
        load(window, model, 4096, FAST)
        story = next(c for c in chats if c["title"] == "story")["id"]
        window.controller.open_conversation(story)
        reply(window, "What was the story about?")
        pause(0.5)  # the snapshot events are queued from the engine thread
        say("SNAPSHOT", json.dumps([{k: v for k, v in e.items() if k != "chat"} for e in events]))
    say("DONE")


def main() -> int:
    scenario, model = sys.argv[1], sys.argv[2]
    if scenario == "snapshot":
        os.environ["FIRESIDE_ENGINE_TEST_HOOK"] = "engine_hooks:announce_snapshot_save"
    app = QApplication.instance() or QApplication([])
    window = create_window(restore_geometry=False)
    window.show()
    if scenario == "reply":
        scenario_reply(window, model)
    elif scenario == "import":
        scenario_import(window, model, int(sys.argv[3]))
    elif scenario == "snapshot":
        scenario_snapshot(window, model, Path(sys.argv[3]).read_text(encoding="utf-8"))
    elif scenario == "reopen":
        scenario_reopen(window, model)
    window.close()
    window.db.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
