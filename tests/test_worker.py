"""The engine thread through its queued signals, with the real sample model."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop.worker import EngineClient

SAMPLER = {"max_tokens": 24, "seed": 7, "temperature": 0.7}


@pytest.fixture
def client(qtbot):
    c = EngineClient()
    yield c
    assert c.stop(5000)


def load_sample(qtbot, client: EngineClient, model: str, **extra) -> dict:
    config = {"model_path": model, "n_ctx": 1024, "n_threads": 2, **extra}
    with qtbot.waitSignal(client.worker.loaded, timeout=60000) as blocker:
        client.load(config)
    return blocker.args[1]


def test_load_generate_stream_and_finish(qtbot, client, sample_model: str) -> None:
    info = load_sample(qtbot, client, sample_model)
    assert info["n_ctx"] == 1024
    assert info["facts"]["n_ctx_train"] == 8192
    pieces: list[str] = []
    client.worker.token.connect(lambda rid, piece: pieces.append(piece))
    with qtbot.waitSignal(client.worker.finished, timeout=60000) as blocker:
        rid = client.generate({"chat": 1, "system_prompt": "You are terse.",
                               "history": [("user", "Name a color.")], "sampler": SAMPLER})
    got_rid, result = blocker.args
    assert got_rid == rid
    assert pieces and "".join(pieces) == result["text"]
    assert result["stats"].startswith("Output generated in ")
    assert result["reason"] in ("eos", "max tokens")

    # Continue the same chat: the earlier turns are reused from the cache.
    history = [("user", "Name a color."), ("assistant", result["text"]), ("user", "Another one.")]
    with qtbot.waitSignal(client.worker.finished, timeout=60000) as blocker:
        client.generate({"chat": 1, "system_prompt": "You are terse.", "history": history, "sampler": SAMPLER})
    data = blocker.args[1]["data"]
    assert 0 < data["prompt_tokens"] < 20, data  # only the new user turn and the reply opener


def test_cancel_stops_a_running_generation(qtbot, client, sample_model: str) -> None:
    load_sample(qtbot, client, sample_model)
    first = []
    client.worker.token.connect(lambda rid, piece: first.append(time.perf_counter()))
    sampler = {**SAMPLER, "max_tokens": 5000, "ignore_eos": True}
    with qtbot.waitSignal(client.worker.finished, timeout=60000) as blocker:
        rid = client.generate({"chat": 1, "history": [("user", "Tell a long story.")], "sampler": sampler})
        qtbot.waitUntil(lambda: len(first) >= 5, timeout=30000)
        client.cancel(rid)
    result = blocker.args[1]
    assert result["reason"] == "cancelled"
    assert 5 <= result["data"]["tokens_generated"] < 5000


def test_cancelled_before_it_starts_is_skipped(qtbot, client, sample_model: str) -> None:
    load_sample(qtbot, client, sample_model)
    with qtbot.waitSignal(client.worker.finished, timeout=60000) as blocker:
        rid = client.generate({"chat": 1, "history": [("user", "Hi")], "sampler": SAMPLER})
        client.cancel(rid)
    assert blocker.args[1]["reason"] == "cancelled"


def test_bad_model_file_is_reported_and_worker_stays_usable(qtbot, client, tmp_path: Path, sample_model: str) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x00" * 64)
    with qtbot.waitSignal(client.worker.loadFailed, timeout=30000) as blocker:
        client.load({"model_path": str(bad)})
    message, problems = blocker.args[1], blocker.args[2]
    assert problems and problems[0][0] == "model_path"
    assert "broken.gguf" in message or "GGUF" in message
    with qtbot.waitSignal(client.worker.loadFailed, timeout=30000) as blocker:
        client.load({"model_path": sample_model, "type_v": "q4_0", "flash_attn": False})
    assert [p[0] for p in blocker.args[2]] == ["type_v"]
    load_sample(qtbot, client, sample_model)  # still works


def test_generate_without_a_model_fails_cleanly(qtbot, client) -> None:
    with qtbot.waitSignal(client.worker.failed, timeout=10000) as blocker:
        client.generate({"chat": 1, "history": [("user", "Hi")]})
    assert "no model" in blocker.args[1]


def test_stop_during_generation_ends_the_thread_quickly(qtbot, sample_model: str) -> None:
    client = EngineClient()
    load_sample(qtbot, client, sample_model)
    seen = []
    client.worker.token.connect(lambda rid, piece: seen.append(piece))
    client.generate({"chat": 1, "history": [("user", "Tell a long story.")],
                     "sampler": {"max_tokens": -1, "ignore_eos": True}})
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=30000)
    started = time.perf_counter()
    assert client.stop(2000)
    assert time.perf_counter() - started < 2.0
    assert client.worker.engine is None


def test_cancelled_load_reports_cancelled_and_the_next_load_works(qtbot, client, sample_model: str) -> None:
    with qtbot.waitSignal(client.worker.loadFailed, timeout=30000) as blocker:
        rid = client.load({"model_path": sample_model, "n_ctx": 1024, "n_threads": 2})
        client.cancel(rid)
    assert blocker.args[1] == "cancelled"
    assert client.worker.engine is None
    load_sample(qtbot, client, sample_model)


def test_switching_chats_saves_and_restores_snapshots(qtbot, client, sample_model: str, tmp_path,
                                                      monkeypatch) -> None:
    monkeypatch.setenv("FIRESIDE_CACHE_DIR", str(tmp_path / "cache"))
    load_sample(qtbot, client, sample_model)
    events: list[dict] = []
    client.worker.snapshot.connect(events.append)
    story = " ".join(f"The ferryman crossed the river for the {i}th time." for i in range(40))
    history = [("user", story)]
    with qtbot.waitSignal(client.worker.finished, timeout=60000) as first:
        client.generate({"chat": 1, "system_prompt": "S", "history": history, "sampler": SAMPLER})
    history += [("assistant", first.args[1]["text"]), ("user", "Who crossed?")]
    with qtbot.waitSignal(client.worker.finished, timeout=60000):
        client.generate({"chat": 2, "system_prompt": "S", "history": [("user", "Hi")], "sampler": SAMPLER})
    assert events and events[0]["action"] == "saved" and events[0]["chat"] == 1
    with qtbot.waitSignal(client.worker.finished, timeout=60000) as back:
        client.generate({"chat": 1, "system_prompt": "S", "history": history, "sampler": SAMPLER})
    restored = [e for e in events if e["action"] == "restored"]
    assert restored and restored[0]["chat"] == 1 and restored[0]["tokens"] > 300
    assert back.args[1]["data"]["prompt_tokens"] < 30  # only the new question, not the story again


def test_any_exception_in_a_slot_ends_in_exactly_one_failed(qtbot, client, sample_model: str, monkeypatch) -> None:
    from desktop.engine.chat import ChatSession

    load_sample(qtbot, client, sample_model)
    answers: list[tuple[str, int]] = []
    client.worker.finished.connect(lambda rid, _r: answers.append(("finished", rid)))
    client.worker.failed.connect(lambda rid, _m: answers.append(("failed", rid)))
    real = ChatSession.reply
    monkeypatch.setattr(ChatSession, "reply", lambda self, settings=None: {}["a key that is not there"])
    with qtbot.waitSignal(client.worker.failed, timeout=60000) as blocker:
        rid = client.generate({"chat": 1, "history": [("user", "Hello.")], "sampler": SAMPLER})
    assert blocker.args[0] == rid and "KeyError" in blocker.args[1]
    monkeypatch.setattr(ChatSession, "reply", real)
    with qtbot.waitSignal(client.worker.finished, timeout=60000):
        ok = client.generate({"chat": 1, "history": [("user", "Hello.")], "sampler": SAMPLER})
    qtbot.wait(100)
    assert answers == [("failed", rid), ("finished", ok)]  # one answer each; the worker keeps working
    client.worker.engine.kv.check_invariant()


def test_quit_during_work_that_outlives_the_grace_never_destroys_a_running_thread(qtbot, sample_model: str,
                                                                                 monkeypatch) -> None:
    from desktop import worker as worker_module
    from desktop.engine.snapshot import SnapshotStore

    client = EngineClient()
    load_sample(qtbot, client, sample_model)
    with qtbot.waitSignal(client.worker.finished, timeout=60000):
        client.generate({"chat": 1, "history": [("user", "Hello.")], "sampler": SAMPLER})
    release = __import__("threading").Event()
    real_save = SnapshotStore.save
    monkeypatch.setattr(SnapshotStore, "save", lambda self, *a: release.wait(30) and real_save(self, *a))
    assert client.stop(timeout_ms=100, grace_ms=200) is False  # the snapshot save is still running
    assert client.thread.isRunning()
    assert any(thread is client.thread for thread, _ in worker_module.STILL_RUNNING)
    release.set()
    assert client.thread.wait(30000)  # and once it ends, the thread ends normally
    worker_module.STILL_RUNNING.clear()


def test_loading_stays_cancellable_while_a_hostile_template_loops(qtbot, client, tiny_dir: Path) -> None:
    from hostile_corpus import TEMPLATES
    from tiny_gguf import write_tiny_model

    path = write_tiny_model(tiny_dir / "looping-template.gguf", "llama",
                            chat_template=TEMPLATES["template_nested_loops"])
    started = time.monotonic()
    with qtbot.waitSignal(client.worker.loadFailed, timeout=30000) as blocker:
        rid = client.load({"model_path": str(path), "n_ctx": 256, "n_threads": 2})
        qtbot.waitUntil(lambda: time.monotonic() - started > 1.0, timeout=5000)  # inside the template check
        client.cancel(rid)
    assert blocker.args[1] == "cancelled"
    assert time.monotonic() - started < 3.5  # not the template's whole 5 s budget, and not forever
    assert client.worker.engine is None


def test_plain_format_labels_turns_with_the_chat_names(qtbot, client, gemma_model: str) -> None:
    """A model without a chat template (the Gemma 3 base model) gets the plain format: its turns carry
    the persona's and the character's names (as the card block does) and the reply stops on them."""
    load_sample(qtbot, client, gemma_model)
    request = {"chat": 5, "system_prompt": "Ember is a dragon; Ann visits her.", "user_name": "Ann",
               "char_name": "Ember", "history": [("assistant", "Welcome to my cave."), ("user", "Hello, Ember.")],
               "sampler": {**SAMPLER, "max_tokens": 48, "temperature": 0.0}}
    with qtbot.waitSignal(client.worker.finished, timeout=120000) as blocker:
        client.generate(request)
    result = blocker.args[1]
    chat = client.worker._sessions[5]
    assert chat.format.stop == ["\nAnn:", "\nEmber:"]
    shown = client.worker.engine.model.detokenize(client.worker.engine.kv.tokens)
    assert "Ember: Welcome to my cave.\nAnn: Hello, Ember.\nEmber:" in shown
    assert "User:" not in shown and "Assistant:" not in shown
    assert "\nAnn:" not in result["text"]
