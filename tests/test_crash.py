"""SIGKILL in the middle of a reply, an import and a snapshot write, then the app started again:
every sent message is there, the reply up to its last periodic commit, the database passes
`PRAGMA integrity_check`, no half chat, and a half-written snapshot is never loaded."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_roleplay import fairy_tale

APP = Path(__file__).parent / "crash_app.py"


class Child:
    def __init__(self, env: dict, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, str(APP), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env)
        self.lines: list[str] = []

    def wait_for(self, marker: str, timeout: float = 180) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"the app ended before {marker}: {self.proc.stderr.read()[-2000:]}")
            self.lines.append(line.rstrip("\n"))
            if line.startswith(marker):
                return line.split()
        raise AssertionError(f"no {marker} within {timeout} s")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        assert self.proc.returncode == -signal.SIGKILL
        self.lines += self.proc.stdout.read().splitlines()  # what it printed before it died


@pytest.fixture
def env(tmp_path: Path, sample_model: str) -> dict:
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", FIRESIDE_DATA_DIR=str(tmp_path / "data"),
             FIRESIDE_MODELS_DIR=str(Path(sample_model).parent))
    return e


def reopen(env: dict, model: str, send: bool = False) -> dict:
    run_env = dict(env, **({"CRASH_REOPEN_SEND": "1"} if send else {}))
    proc = subprocess.run([sys.executable, str(APP), "reopen", model], capture_output=True, text=True, env=run_env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(" ")
        out[key] = value
    return {"chats": json.loads(out["CHATS"]), "integrity": out["INTEGRITY"],
            "snapshot": json.loads(out["SNAPSHOT"]) if "SNAPSHOT" in out else None}


def test_killed_mid_reply(env: dict, sample_model: str) -> None:
    child = Child(env, "reply", sample_model)
    chat_id = int(child.wait_for("COMMITTED")[1])
    time.sleep(0.5)
    child.kill()
    db = Path(env["FIRESIDE_DATA_DIR"]) / "fireside.sqlite3"
    conn = sqlite3.connect(db)
    committed = json.loads(conn.execute("SELECT swipes FROM messages WHERE chat_id = ? ORDER BY position DESC LIMIT 1",
                                        (chat_id,)).fetchone()[0])[0]["text"]
    conn.close()
    state = reopen(env, sample_model)
    assert state["integrity"] == "ok"
    chat = next(c for c in state["chats"] if c["id"] == chat_id)
    roles = [r for r, _ in chat["messages"]]
    assert roles == ["user", "assistant", "user", "assistant"]
    assert chat["messages"][0][1] == "First message: who are you?"
    assert chat["messages"][2][1] == "Second message: tell me an endless story."
    assert chat["messages"][1][1]  # the finished reply
    assert chat["messages"][3][1] == committed and committed  # the streaming reply up to its last commit


def test_killed_mid_import_leaves_no_half_chat(env: dict, sample_model: str) -> None:
    messages = 20_000
    child = Child(env, "import", sample_model, str(messages))
    rows = int(child.wait_for("ROWS")[1])
    assert 0 < rows < messages  # killed while the import's rows were being written
    child.kill()
    state = reopen(env, sample_model)
    assert state["integrity"] == "ok"
    assert all(len(c["messages"]) != rows for c in state["chats"])
    assert not [c for c in state["chats"] if "long" in c["title"]]  # the import is all or nothing: nothing
    # and the same import, not killed, lands whole
    child = Child(env, "import", sample_model, str(messages))
    child.wait_for("IMPORTED")
    child.kill()
    state = reopen(env, sample_model)
    imported = [c for c in state["chats"] if "long" in c["title"]]
    assert len(imported) == 1 and len(imported[0]["messages"]) == messages


def test_killed_mid_snapshot_write(env: dict, sample_model: str, tmp_path: Path) -> None:
    half_written = 0
    for i, delay in enumerate((0.005, 0.015, 0.04)):  # inside the write of the state file and its hash
        run_env = dict(env, FIRESIDE_DATA_DIR=str(tmp_path / f"data{i}"))
        child = Child(run_env, "snapshot", sample_model, _story_file(run_env))
        child.wait_for("SAVING")
        time.sleep(delay)
        child.kill()
        saved = any(line.startswith("SAVED") for line in child.lines)
        cache = Path(run_env["FIRESIDE_DATA_DIR"]) / "cache" / "snapshots"
        partial = list(cache.glob("*.state-partial"))
        half_written += bool(partial)
        assert not list(cache.glob("*.json")) or saved  # nothing describes a state file being written
        state = reopen(run_env, sample_model, send=True)
        assert state["integrity"] == "ok"
        story_chat = next(c for c in state["chats"] if c["title"] == "story")
        assert "Please read this story" in story_chat["messages"][0][1]
        if partial:
            assert not [e for e in state["snapshot"] if e["action"] == "restored"]  # the half-written one is not loaded
        assert not list(cache.glob("*.state-partial"))  # and its leftovers are cleaned up
    assert half_written >= 1  # at least one kill landed inside the write


def _story_file(env: dict) -> str:
    path = Path(env["FIRESIDE_DATA_DIR"]).parent / "story-source.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(fairy_tale(30), encoding="utf-8")
    return str(path)
