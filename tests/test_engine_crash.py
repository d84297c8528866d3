"""The engine process dies (each injected fault kind), in the real window offscreen and behind the
real API server: the app stays, every message and every streamed token is kept, the notice names the
cause and offers what helps, the engine comes back, and nothing hangs (quit, API clients)."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from api_helpers import load_model as api_load
from api_helpers import serving
from engine_helpers import ends, load_sample, result_of, wait_job
from qt_helpers import ENDLESS, FAST, load_model

from desktop.storage import database_path, open_database
from desktop.ui.main_window import MainWindow
from desktop.worker import EngineClient
from desktop.worker.client import CrashLoopGuard
from desktop.worker.crash_report import adjusted_config, explain
from desktop.worker.protocol import ENGINE_DIED


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_model: str) -> Path:
    monkeypatch.setenv("FIRESIDE_MODELS_DIR", str(Path(sample_model).parent))
    monkeypatch.setenv("FIRESIDE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def faulty_window(qtbot, fault: str) -> MainWindow:
    db, _ = open_database(database_path())
    window = MainWindow(db, client=EngineClient(fault=fault))
    qtbot.addWidget(window)
    window.show()
    return window


def close(window: MainWindow) -> float:
    started = time.monotonic()
    window.close()
    window.db.close()
    return time.monotonic() - started


def test_a_segfault_mid_reply_keeps_every_streamed_token_and_the_restart_button_brings_the_chat_back(
        qtbot, user_dirs, sample_model: str) -> None:
    window = faulty_window(qtbot, "segv@token:12")
    c = window.controller
    load_model(qtbot, window, sample_model, ENDLESS)
    shown: list[str] = []
    c.message_streaming.connect(lambda i: shown.append(c.conv.messages[i].text))
    assert c.send("Tell me a long story about a lighthouse.")
    qtbot.waitUntil(lambda: window.engine_notice.isVisible(), timeout=60000)
    assert window.isVisible() and not c.busy
    reply = c.conv.messages[-1]
    assert reply.role == "assistant" and reply.text and reply.text == shown[-1]  # nothing streamed was lost
    assert "Cut short" in reply.current.notice and "segmentation fault" in reply.current.notice
    assert "segmentation fault" in window.engine_notice.text.text()
    stored = window.db.load_chat(c.conv.id)
    assert [m.text for m in stored.messages] == [m.text for m in c.conv.messages]  # committed to the database
    buttons = [b.text() for b in window.engine_notice.findChildren(type(window.send_button))]
    assert buttons == ["Restart the engine", "Open the logs folder"]  # (nothing else helps without a GPU)
    died_pid = window.client.pid
    restart = window.engine_notice.findChild(type(window.send_button), "engine_action_restart")
    with qtbot.waitSignal(c.model_changed, timeout=60000, check_params_cb=bool):
        restart.click()
    assert window.client.pid != died_pid and window.client.alive
    c.sampler = dict(FAST)
    with qtbot.waitSignal(c.reply_finished, timeout=60000) as blocker:
        assert c.send("And then?")
    assert blocker.args[0]["text"] and len(c.conv.messages) == 4
    assert close(window) < 3.0


def test_an_abort_during_load_names_the_signal_and_the_window_stays(qtbot, user_dirs, sample_model: str) -> None:
    window = faulty_window(qtbot, "abort@load")
    with qtbot.waitSignal(window.controller.engine_died, timeout=60000) as blocker:
        window.controller.load_model(sample_model, {"model_path": sample_model, "n_ctx": 1024, "n_threads": 2})
    report = blocker.args[0]
    assert report.signal_name == "SIGABRT" and "abort" in report.cause
    assert window.engine_notice.isVisible() and "SIGABRT" in window.engine_notice.text.text()
    assert not window.controller.loading and not window.load_bar.isVisible()
    assert close(window) < 3.0


def test_running_out_of_memory_is_named_and_offers_a_shorter_context(qtbot, user_dirs, sample_model: str) -> None:
    window = faulty_window(qtbot, "oom@token:4")
    c = window.controller
    load_model(qtbot, window, sample_model, ENDLESS, n_ctx=2048)
    with qtbot.waitSignal(c.engine_died, timeout=60000) as blocker:
        c.send("Count to a thousand.")
    assert blocker.args[0].cause == "out of memory"
    names = [b.objectName() for b in window.engine_notice.findChildren(type(window.send_button))]
    assert "engine_action_shorter_context" in names and "engine_action_quantized_kv" in names
    shorter = window.engine_notice.findChild(type(window.send_button), "engine_action_shorter_context")
    with qtbot.waitSignal(c.model_changed, timeout=60000, check_params_cb=bool) as loaded:
        shorter.click()
    assert loaded.args[0]["n_ctx"] == 1024  # the action's setting was applied
    assert close(window) < 3.0


def test_an_exit_during_a_prompt_read_and_a_hung_load_that_ignores_cancel(qtbot, user_dirs, sample_model: str) -> None:
    window = faulty_window(qtbot, "exit@prompt")
    c = window.controller
    load_model(qtbot, window, sample_model, FAST)
    with qtbot.waitSignal(c.engine_died, timeout=60000) as blocker:
        c.send("Hello there.")
    assert blocker.args[0].cause == "exited with code 3"
    assert [m.role for m in c.conv.messages] == ["user"]  # the message is kept; no empty reply left behind
    # The next engine hangs inside llama.cpp while loading: cancel does not answer, so it is stopped
    # after 2 s, and quitting never waits on it.
    hung_load(qtbot, window, sample_model)
    started = time.monotonic()
    with qtbot.waitSignal(c.engine_died, timeout=10000) as blocker:
        c.cancel_load()
    assert time.monotonic() - started < 4.0
    assert blocker.args[0].hang and "a model load did not answer its cancel" in blocker.args[0].cause
    assert window.engine_notice.isVisible() and "did not answer" in window.engine_notice.text.text()
    hung_load(qtbot, window, sample_model)
    assert close(window) < 3.0  # with the engine stuck in C code


def hung_load(qtbot, window: MainWindow, model: str) -> None:
    """A new engine that hangs inside llama.cpp (its log callback) at the load's first progress."""
    window.client.restart(fault="hang@load")
    progress: list[dict] = []
    window.client.progress.connect(lambda _rid, data: progress.append(data))
    window.controller.load_model(model, {"model_path": model, "n_ctx": 1024, "n_threads": 2})
    qtbot.waitUntil(lambda: bool(progress), timeout=30000)  # (the fault fires just before the first)
    qtbot.wait(300)


def test_a_crash_while_a_snapshot_is_written_keeps_both_chats(qtbot, user_dirs, sample_model: str) -> None:
    window = faulty_window(qtbot, "abort@snapshot")
    c = window.controller
    load_model(qtbot, window, sample_model, FAST)
    with qtbot.waitSignal(c.reply_finished, timeout=60000):
        c.send("First chat.")
    first = c.conv.id
    c.new_conversation("")
    with qtbot.waitSignal(c.engine_died, timeout=60000):
        c.send("Second chat.")  # the first chat leaves the cache: its snapshot is written, and it aborts
    chats = {chat_id: window.db.load_chat(chat_id) for chat_id, _title, _ in window.db.list_chats()}
    assert [m.role for m in chats[first].messages] == ["user", "assistant"]
    assert [m.text for m in chats[c.conv.id].messages] == ["Second chat."]
    assert close(window) < 3.0


def test_the_api_answers_503_with_retry_after_and_serves_again_after_the_automatic_restart(
        qapp, sample_model: str) -> None:
    client = EngineClient(fault="segv@api:6", auto_restart=True)
    api_load(qapp, client, sample_model)
    body = {"prompt": "Once upon a time", "max_length": 40, "ban_eos_token": True}
    try:
        with serving(client) as server:
            crashed = httpx.post(server.url + "/api/v1/generate", json=body, timeout=60)
            assert crashed.status_code == 503 and crashed.headers["Retry-After"] == "5"
            assert "segmentation fault" in crashed.json()["error"]["message"]
            during = httpx.post(server.url + "/api/v1/generate", json=body, timeout=60)
            assert during.status_code == 503 and during.headers.get("Retry-After") == "5"  # restarting: not hung
            deadline = time.monotonic() + 60
            while client.restarting and time.monotonic() < deadline:
                qapp.processEvents()
                time.sleep(0.05)
            again = httpx.post(server.url + "/api/v1/generate", json=body, timeout=60)
            assert again.status_code == 200 and again.json()["results"][0]["completion_tokens"] == 40
    finally:
        assert client.stop(3000)


def test_a_crash_loop_stops_restarting_and_says_so(qapp, sample_model: str) -> None:
    client = EngineClient(fault="exit@load*", auto_restart=True, restart_guard=CrashLoopGuard(limit=2))
    client.last_load = {"model_path": sample_model, "n_ctx": 1024, "n_threads": 2}  # (what --serve loads)
    died: list[object] = []
    client.died.connect(died.append)
    client.load(dict(client.last_load), owner="background")
    deadline = time.monotonic() + 120
    while not client.gave_up and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.05)
    assert client.gave_up and len(died) == 3  # the first crash and two restarts, then no more
    with serving(client) as server:
        refused = httpx.post(server.url + "/api/v1/generate", json={"prompt": "x"}, timeout=10)
    assert refused.status_code == 503 and "Retry-After" not in refused.headers
    assert "exited with code 3" in refused.json()["error"]["message"]
    assert client.stop(2000)


def test_a_new_job_kind_needs_only_its_handler_and_one_registration(qtbot, monkeypatch) -> None:
    """The hook registers a handler in the engine process (what a new module and one line in
    handlers.HANDLERS do); the client runs it with no change of its own."""
    monkeypatch.setenv("FIRESIDE_ENGINE_TEST_HOOK", "engine_hooks:register_word_count")
    client = EngineClient()
    ends(client)
    progress: list[dict] = []
    client.progress.connect(lambda _rid, data: progress.append(data))
    job = client.submit("word_count", {"text": "one two three"})
    assert result_of(qtbot, client, job) == {"words": 3}
    assert progress == [{"stage": "counting", "done": 1, "total": 1}]
    kind, error = wait_job(qtbot, client, client.submit("no_such_kind"))
    assert kind == "failed" and "no job kind" in error.message
    assert client.stop(2000)


def test_jobs_waiting_behind_a_crash_all_end_in_one_error(qtbot, sample_model: str) -> None:
    client = EngineClient(fault="segv@token:3")
    load_sample(qtbot, client, sample_model)
    sampler = {"max_tokens": 30, "seed": 1}
    jobs = [client.generate({"chat": 1, "history": [("user", "Hi")], "sampler": sampler}) for _ in range(3)]
    outcomes = [wait_job(qtbot, client, j, 60000) for j in jobs]
    assert all(kind == "failed" and error.code == ENGINE_DIED for kind, error in outcomes)
    late = client.generate({"chat": 1, "history": [("user", "Hi")], "sampler": sampler})
    kind, error = wait_job(qtbot, client, late, 10000)  # sent to a dead engine: ends at once
    assert kind == "failed" and error.code == ENGINE_DIED


def test_the_cause_is_read_from_the_engine_log() -> None:
    cuda = explain(-6, ["llama_decode: ...", "CUDA error: out of memory", "  current device: 0"])
    assert cuda.cause == "CUDA error: out of memory" and cuda.actions[0] == "fewer_gpu_layers"
    asserted = explain(-6, ["ggml.c:1234: GGML_ASSERT(n_dims <= 4) failed"])
    assert asserted.cause == "GGML_ASSERT(n_dims <= 4) failed" and "flash_attn_off" in asserted.actions
    killed = explain(-9, [])
    assert "killed by signal 9" in killed.cause and "shorter_context" in killed.actions
    config = {"model_path": "m.gguf", "n_ctx": 8192, "n_gpu_layers": -1, "flash_attn": True, "type_v": "q8_0"}
    assert adjusted_config("fewer_gpu_layers", config, n_layers=32)["n_gpu_layers"] == 16
    assert adjusted_config("shorter_context", config)["n_ctx"] == 4096
    assert adjusted_config("flash_attn_off", config)["type_v"] == "f16"  # a quantized V needs FA
    assert adjusted_config("fewer_gpu_layers", {**config, "n_gpu_layers": 0}) is None
