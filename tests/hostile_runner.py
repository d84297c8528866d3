"""Runs one hostile-input case through the code the window uses, and says what the user would see.

In-process (`run_case`, for the tests) or as a child process (`python tests/hostile_runner.py CASE
--corpus DIR --model TINY --data DIR`, for `benchmarks/robustness.py`, which adds memory and time
limits and counts crashes and hangs). Each case gets a fresh data folder with a seeded chat, a real
window (offscreen) and a real engine thread. The outcome records the message shown, whether the
user's chats changed, how many labels would render markup, and whether the app is still alive.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from event_wait import process_events_until  # noqa: E402
from hostile_corpus import Case, build_corpus  # noqa: E402

USER_TABLES = ("chats", "messages", "characters")
WAIT_MS = 60_000


@dataclass
class Outcome:
    name: str
    kind: str
    expect: str
    result: str  # refused | accepted | recovered | no answer
    message: str
    mentions_ok: bool
    db_changed: bool
    rich_text_labels: int
    alive: bool
    seconds: float

    @property
    def clear(self) -> bool:
        """The user got what the case expects: the outcome, a message naming what is wrong, no damage."""
        if self.result != self.expect or not self.alive or self.rich_text_labels:
            return False
        if self.expect == "refused" and self.db_changed:
            return False
        return self.mentions_ok

    def to_dict(self) -> dict:
        return {**asdict(self), "clear": self.clear}


def user_data_digest(db_path: Path) -> str:
    """A digest of the user's chats, messages and characters (settings may change; these may not)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        for table in USER_TABLES:
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY id"):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        conn.close()


def seed_database(db_path: Path) -> None:
    """A chat the user cares about, so that 'nothing changed' means something."""
    from desktop.chat.conversation import Conversation
    from desktop.storage.database import Database

    db_path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(db_path)
    conv = Conversation(title="My saga")
    conv.add("user", "The first line of my saga.")
    conv.add("assistant", "And the dragon woke.")
    db.save_chat(conv)
    db.set_setting("last_chat", conv.id)
    db.close()


def _wait(condition, timeout_ms: int = WAIT_MS) -> bool:
    return process_events_until(condition, timeout_ms / 1000)


def _load(window, path: str, config: dict) -> tuple[str, list[str]]:
    """Load through the controller; ('accepted'|'refused'|'no answer', messages shown)."""
    c = window.controller
    notes: list[str] = []
    c.notify.connect(lambda _level, text: notes.append(text))
    c.load_model(path, config, {"max_tokens": 8, "seed": 1})
    if not _wait(lambda: not c.loading):
        return "no answer", notes
    return ("accepted" if c.model_info else "refused"), notes


def _rich_labels(window) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.plain import rich_text_labels

    count = len(rich_text_labels(window))
    for top in QApplication.topLevelWidgets():
        if top is not window and top.isVisible():
            count += len(rich_text_labels(top))
    return count


def _act(case: Case, window, tiny_model: str) -> tuple[str, list[str]]:
    c = window.controller
    notes: list[str] = []
    c.notify.connect(lambda _level, text: notes.append(text))
    if case.kind == "gguf":
        return _load(window, case.path, {"model_path": case.path, "n_ctx": 256, "n_threads": 2})
    if case.kind == "config":
        return _load(window, case.path, case.config)
    if case.kind == "card":
        character_id = c.roleplay.import_card(case.path)
        if character_id is None:
            return "refused", notes
        c.roleplay.new_character_chat(character_id)
        window.show_characters()
        return "accepted", notes
    if case.kind == "jsonl":
        outcome: list[str] = []
        window.chat_files.jobs.finished.connect(lambda _kind, _result: outcome.append("accepted"))
        window.chat_files.jobs.failed.connect(lambda _kind, _message: outcome.append("refused"))
        if not window.chat_files.import_chat(case.path):
            return "refused", notes
        if not _wait(lambda: bool(outcome) and window.chat_files.job_bar.isHidden()):
            return "no answer", notes
        notes.append(window.banner.text())
        return outcome[0], notes
    if case.kind == "story":
        result, load_notes = _load(window, tiny_model, {"model_path": tiny_model, "n_ctx": 512, "n_threads": 2})
        if result != "accepted":
            return "no answer", load_notes
        finished: list[dict] = []
        c.reply_finished.connect(finished.append)
        if not c.roleplay.open_story(case.path):
            return "refused", notes
        if not _wait(lambda: bool(finished)):
            return "no answer", notes
        return ("accepted" if finished[0].get("reason") == "read" else "refused"), notes
    raise ValueError(f"unknown case kind {case.kind}")


def run_case(case: Case, data_dir: Path, tiny_model: str) -> Outcome:
    """Run one case in this process (a QApplication must exist); the data folder is set only meanwhile."""
    previous = os.environ.get("FIRESIDE_DATA_DIR")
    os.environ["FIRESIDE_DATA_DIR"] = str(data_dir)
    try:
        return _run_case(case, data_dir, tiny_model)
    finally:
        if previous is None:
            os.environ.pop("FIRESIDE_DATA_DIR", None)
        else:
            os.environ["FIRESIDE_DATA_DIR"] = previous


def _run_case(case: Case, data_dir: Path, tiny_model: str) -> Outcome:
    from desktop.app import create_window

    started = time.monotonic()
    db_path = data_dir / "fireside.sqlite3"
    seed_database(db_path)
    if case.kind == "database":
        return _run_database_case(case, data_dir, db_path, started)
    before = user_data_digest(db_path)
    window = create_window(restore_geometry=False)
    window.show()
    try:
        result, notes = _act(case, window, tiny_model)
        _wait(lambda: False, 100)  # let queued signals land
        message = " | ".join(n for n in [*notes, window.banner.text()] if n)
        rich = _rich_labels(window)
        alive = window.client.alive and not window.controller.busy
    finally:
        for top in _top_levels(window):
            top.close()
        window.close()
        window.db.close()
    after = user_data_digest(db_path)
    mentions_ok = all(m.lower() in message.lower() for m in case.mentions)
    return Outcome(case.name, case.kind, case.expect, result, message, mentions_ok, before != after, rich, alive,
                   round(time.monotonic() - started, 2))


def _top_levels(window) -> list:
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if w is not window and w.isVisible()]


def _run_database_case(case: Case, data_dir: Path, db_path: Path, started: float) -> Outcome:
    """Start the app on a damaged, locked, read-only or full-disk database (the last two need a child)."""
    if case.setup in ("readonly", "full"):
        return _database_child(case, data_dir, db_path, started)
    from desktop.app import create_window

    holder = None
    if case.setup == "damaged":
        db_path.write_bytes(b"this is not a database " * 400)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    elif case.setup == "locked":
        holder = sqlite3.connect(db_path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
    before = db_path.read_bytes()
    asked: list[str] = []
    window = create_window(restore_geometry=False, ask_retry=lambda message: asked.append(message) or False)
    if holder is not None:
        holder.execute("ROLLBACK")
        holder.close()
    if window is None:
        result, message = "refused", " | ".join(asked)
        changed = db_path.read_bytes() != before or any(data_dir.glob("*.corrupt-*"))
        rich = 0
    else:
        moved = list(data_dir.glob("fireside.sqlite3.corrupt-*"))
        result = "recovered" if moved and moved[0].read_bytes() == before else "accepted"
        message = window.banner.text()
        changed = False
        rich = _rich_labels(window)
        window.close()
        window.db.close()
    mentions_ok = all(m.lower() in message.lower() for m in case.mentions)
    return Outcome(case.name, case.kind, case.expect, result, message, mentions_ok, changed, rich, True,
                   round(time.monotonic() - started, 2))


def _database_child(case: Case, data_dir: Path, db_path: Path, started: float) -> Outcome:
    """Read-only (the file made immutable) and full disk (a file-size limit of 0) run in a child."""
    before = db_path.read_bytes()
    if case.setup == "readonly":
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        subprocess.run(["chattr", "+i", str(db_path)], check=True)
    try:
        proc = subprocess.run([sys.executable, __file__, "--database-child", case.setup, "--data", str(data_dir)],
                              capture_output=True, text=True, timeout=120)
    finally:
        if case.setup == "readonly":
            subprocess.run(["chattr", "-i", str(db_path)], check=False)
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        data = {"result": "no answer", "message": proc.stderr[-500:]}
    changed = db_path.read_bytes() != before or any(data_dir.glob("*.corrupt-*"))
    mentions_ok = all(m.lower() in data["message"].lower() for m in case.mentions)
    return Outcome(case.name, case.kind, case.expect, data["result"], data["message"], mentions_ok, changed, 0,
                   proc.returncode == 0, round(time.monotonic() - started, 2))


def _database_child_main(setup: str, data_dir: str) -> None:
    import resource

    from PySide6.QtWidgets import QApplication

    from desktop.app import create_window

    os.environ["FIRESIDE_DATA_DIR"] = data_dir
    os.environ["FIRESIDE_LOG_DIR"] = str(Path(data_dir).parent / f"logs-{setup}")
    _app = QApplication.instance() or QApplication([])
    if setup == "full":
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes fail with EFBIG instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))
    asked: list[str] = []
    window = create_window(restore_geometry=False, ask_retry=lambda message: asked.append(message) or False)
    if window is None:
        print(json.dumps({"result": "refused", "message": " | ".join(asked)}))
    else:
        print(json.dumps({"result": "accepted", "message": window.banner.text()}))
        window.close()
        window.db.close()


def _child_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", nargs="?")
    parser.add_argument("--corpus")
    parser.add_argument("--model")
    parser.add_argument("--data")
    parser.add_argument("--database-child")
    args = parser.parse_args(argv)
    if args.database_child:
        _database_child_main(args.database_child, args.data)
        return 0
    from PySide6.QtWidgets import QApplication

    from desktop.storage.logs import setup_logging

    os.environ["FIRESIDE_LOG_DIR"] = str(Path(args.data) / "logs")
    setup_logging()
    _app = QApplication.instance() or QApplication([])
    cases = {c.name: c for c in build_corpus(Path(args.corpus), Path(args.model))}
    outcome = run_case(cases[args.case], Path(args.data) / "data", args.model)
    print(json.dumps(outcome.to_dict()))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
