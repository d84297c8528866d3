"""The engine process through the client's job protocol, with the real sample model."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from engine_helpers import ends, inspect, load_sample, result_of, wait_job

from desktop.worker import EngineClient
from desktop.worker.protocol import API, CANCELLED, CONFIG, NO_MODEL, WINDOW

SAMPLER = {"max_tokens": 24, "seed": 7, "temperature": 0.7}


@pytest.fixture
def client(qtbot):
    c = EngineClient()
    yield c
    assert c.stop(5000)


def test_load_generate_stream_and_finish(qtbot, client, sample_model: str) -> None:
    info = load_sample(qtbot, client, sample_model)
    assert info["n_ctx"] == 1024
    assert info["facts"]["n_ctx_train"] == 8192
    assert client.model_status()["n_ctx"] == 1024
    batches: list[list[str]] = []
    client.tokens.connect(lambda rid, pieces: batches.append(pieces))
    rid = client.generate({"chat": 1, "system_prompt": "You are terse.",
                           "history": [("user", "Name a color.")], "sampler": SAMPLER})
    result = result_of(qtbot, client, rid)
    pieces = [p for batch in batches for p in batch]
    assert pieces and "".join(pieces) == result["text"]
    assert len(pieces) == result["data"]["tokens_generated"]  # one piece per token, however batched
    assert result["stats"].startswith("Output generated in ")
    assert result["reason"] in ("eos", "max tokens")

    # Continue the same chat: the earlier turns are reused from the cache.
    history = [("user", "Name a color."), ("assistant", result["text"]), ("user", "Another one.")]
    data = result_of(qtbot, client, client.generate({"chat": 1, "system_prompt": "You are terse.",
                                                     "history": history, "sampler": SAMPLER}))["data"]
    assert 0 < data["prompt_tokens"] < 20, data  # only the new user turn and the reply opener


def test_the_app_process_holds_no_llama_context(qtbot, client, sample_model: str) -> None:
    import os
    import sys

    load_sample(qtbot, client, sample_model)
    assert client.pid != os.getpid()
    assert "desktop.worker.engine_process" not in sys.modules and "desktop.worker.handlers" not in sys.modules
    maps = Path(f"/proc/{client.pid}/maps").read_text()
    assert sample_model in maps  # the model is mapped by the engine process ...
    assert sample_model not in Path("/proc/self/maps").read_text()  # ... and not by the app


def test_cancel_stops_a_running_generation(qtbot, client, sample_model: str) -> None:
    load_sample(qtbot, client, sample_model)
    first: list[int] = []
    client.tokens.connect(lambda rid, pieces: first.extend([1] * len(pieces)))
    sampler = {**SAMPLER, "max_tokens": 5000, "ignore_eos": True}
    rid = client.generate({"chat": 1, "history": [("user", "Tell a long story.")], "sampler": sampler})
    qtbot.waitUntil(lambda: len(first) >= 5, timeout=30000)
    client.cancel(rid)
    result = result_of(qtbot, client, rid)
    assert result["reason"] == "cancelled"
    assert 5 <= result["data"]["tokens_generated"] < 5000


def test_cancelled_before_it_starts_is_skipped(qtbot, client, sample_model: str) -> None:
    load_sample(qtbot, client, sample_model)
    rid = client.generate({"chat": 1, "history": [("user", "Hi")], "sampler": SAMPLER})
    client.cancel(rid)
    kind, data = wait_job(qtbot, client, rid)
    assert (kind, getattr(data, "code", data.get("reason") if isinstance(data, dict) else None)) in (
        ("failed", CANCELLED), ("finished", "cancelled"))


def test_cancelling_an_owner_leaves_the_other_owners_jobs_running(qtbot, client, sample_model: str) -> None:
    load_sample(qtbot, client, sample_model)
    sampler = {**SAMPLER, "max_tokens": 40, "ignore_eos": True}
    window_job = client.generate({"chat": 1, "history": [("user", "Tell a story.")], "sampler": sampler})
    api_job = client.submit("reply", {"chat": 2, "history": [("user", "Tell a story.")], "sampler": sampler}, API)
    client.cancel_owner(WINDOW)
    kind, window_result = wait_job(qtbot, client, window_job)
    assert (window_result.code == CANCELLED) if kind == "failed" else window_result["reason"] == "cancelled"
    api_result = result_of(qtbot, client, api_job)
    assert api_result["reason"] == "max tokens" and api_result["data"]["tokens_generated"] == 40
    # and the other way round: the API's jobs cancelled, the window's reply runs to its end
    window_job = client.generate({"chat": 1, "history": [("user", "Tell a story.")], "sampler": sampler})
    api_job = client.submit("reply", {"chat": 2, "history": [("user", "Tell a tale.")], "sampler": sampler}, API)
    client.cancel_owner(API)
    assert result_of(qtbot, client, window_job)["data"]["tokens_generated"] == 40
    kind, api_result = wait_job(qtbot, client, api_job)
    assert kind == "failed" and api_result.code == CANCELLED


def test_bad_model_file_is_reported_and_the_engine_stays_usable(qtbot, client, tmp_path: Path,
                                                               sample_model: str) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x00" * 64)
    kind, error = wait_job(qtbot, client, client.load({"model_path": str(bad)}))
    assert kind == "failed" and error.code == CONFIG
    assert error.problems and error.problems[0][0] == "model_path"
    assert "broken.gguf" in error.message or "GGUF" in error.message
    kind, error = wait_job(qtbot, client, client.load({"model_path": sample_model, "type_v": "q4_0",
                                                       "flash_attn": False}))
    assert [p[0] for p in error.problems] == ["type_v"]
    load_sample(qtbot, client, sample_model)  # still works
    assert client.alive


def test_generate_without_a_model_fails_cleanly(qtbot, client) -> None:
    ends(client)
    kind, error = wait_job(qtbot, client, client.generate({"chat": 1, "history": [("user", "Hi")]}), 20000)
    assert kind == "failed" and error.code == NO_MODEL and "no model" in error.message


def test_stop_during_generation_ends_the_process_quickly(qtbot, sample_model: str) -> None:
    client = EngineClient()
    load_sample(qtbot, client, sample_model)
    seen: list[str] = []
    client.tokens.connect(lambda rid, pieces: seen.extend(pieces))
    client.generate({"chat": 1, "history": [("user", "Tell a long story.")],
                     "sampler": {"max_tokens": -1, "ignore_eos": True}})
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=30000)
    started = time.perf_counter()
    assert client.stop(2000)
    assert time.perf_counter() - started < 2.0
    assert not client.alive and client.crash is None  # a stop, not a crash


def test_cancelled_load_reports_cancelled_and_the_next_load_works(qtbot, client, sample_model: str) -> None:
    rid = client.load({"model_path": sample_model, "n_ctx": 1024, "n_threads": 2})
    client.cancel(rid)
    kind, error = wait_job(qtbot, client, rid)
    assert kind == "failed" and error.code == CANCELLED
    assert client.model_status() is None
    load_sample(qtbot, client, sample_model)


def test_switching_chats_saves_and_restores_snapshots(qtbot, sample_model: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FIRESIDE_CACHE_DIR", str(tmp_path / "cache"))  # (read by the engine process)
    client = EngineClient()
    load_sample(qtbot, client, sample_model)
    events: list[dict] = []
    client.notice.connect(lambda kind, data: events.append(data) if kind == "snapshot" else None)
    story = " ".join(f"The ferryman crossed the river for the {i}th time." for i in range(40))
    history = [("user", story)]
    first = result_of(qtbot, client, client.generate({"chat": 1, "system_prompt": "S", "history": history,
                                                      "sampler": SAMPLER}))
    history += [("assistant", first["text"]), ("user", "Who crossed?")]
    result_of(qtbot, client, client.generate({"chat": 2, "system_prompt": "S", "history": [("user", "Hi")],
                                              "sampler": SAMPLER}))
    qtbot.waitUntil(lambda: bool(events), timeout=5000)
    assert events[0]["action"] == "saved" and events[0]["chat"] == 1
    back = result_of(qtbot, client, client.generate({"chat": 1, "system_prompt": "S", "history": history,
                                                     "sampler": SAMPLER}))
    restored = [e for e in events if e["action"] == "restored"]
    assert restored and restored[0]["chat"] == 1 and restored[0]["tokens"] > 300
    assert back["data"]["prompt_tokens"] < 30  # only the new question, not the story again
    assert client.stop(5000)


def test_any_exception_in_a_handler_ends_in_exactly_one_failed(qtbot, sample_model: str, monkeypatch) -> None:
    monkeypatch.setenv("FIRESIDE_ENGINE_TEST_HOOK", "engine_hooks:break_reply_once")
    client = EngineClient()
    load_sample(qtbot, client, sample_model)
    answers: list[tuple[str, int]] = []
    client.finished.connect(lambda rid, _r: answers.append(("finished", rid)))
    client.failed.connect(lambda rid, _m: answers.append(("failed", rid)))
    rid = client.generate({"chat": 1, "history": [("user", "Hello.")], "sampler": SAMPLER})
    kind, error = wait_job(qtbot, client, rid)
    assert kind == "failed" and "KeyError" in error.message
    ok = client.generate({"chat": 1, "history": [("user", "Hello.")], "sampler": SAMPLER})
    result_of(qtbot, client, ok)
    qtbot.wait(100)
    assert answers == [("failed", rid), ("finished", ok)]  # one answer each; the engine keeps working
    assert inspect(qtbot, client)["invariant"] == "ok"
    assert client.stop(5000)


def test_quit_while_the_engine_is_busy_in_a_snapshot_write_ends_within_the_limit(qtbot, sample_model: str,
                                                                                 monkeypatch) -> None:
    monkeypatch.setenv("FIRESIDE_ENGINE_TEST_HOOK", "engine_hooks:slow_snapshot_save")
    client = EngineClient()
    load_sample(qtbot, client, sample_model)
    result_of(qtbot, client, client.generate({"chat": 1, "history": [("user", "Hello.")], "sampler": SAMPLER}))
    started = time.monotonic()
    assert client.stop(timeout_ms=500) is False  # the snapshot save (30 s) was still running: ended
    assert time.monotonic() - started < 3.0
    assert not client.alive and not Path(f"/proc/{client.pid}").exists()


def test_loading_stays_cancellable_while_a_hostile_template_loops(qtbot, client, tiny_dir: Path) -> None:
    from hostile_corpus import TEMPLATES
    from tiny_gguf import write_tiny_model

    path = write_tiny_model(tiny_dir / "looping-template.gguf", "llama",
                            chat_template=TEMPLATES["template_nested_loops"])
    ends(client)
    qtbot.waitUntil(lambda: client._link.ready.is_set(), timeout=30000)
    rid = client.load({"model_path": str(path), "n_ctx": 256, "n_threads": 2})
    started = time.monotonic()
    progress: list[dict] = []
    client.progress.connect(lambda r, data: progress.append(data) if r == rid else None)
    qtbot.waitUntil(lambda: time.monotonic() - started > 1.0, timeout=5000)  # inside the template check
    client.cancel(rid)
    kind, error = wait_job(qtbot, client, rid)
    assert kind == "failed" and error.code == CANCELLED
    assert time.monotonic() - started < 3.5  # not the template's whole 5 s budget, and not forever
    assert client.model_status() is None and client.alive


def test_plain_format_labels_turns_with_the_chat_names(qtbot, client, gemma_model: str) -> None:
    """A model without a chat template (the Gemma 3 base model) gets the plain format: its turns carry
    the persona's and the character's names (as the card block does) and the reply stops on them."""
    load_sample(qtbot, client, gemma_model)
    request = {"chat": 5, "system_prompt": "Ember is a dragon; Ann visits her.", "user_name": "Ann",
               "char_name": "Ember", "history": [("assistant", "Welcome to my cave."), ("user", "Hello, Ember.")],
               "sampler": {**SAMPLER, "max_tokens": 48, "temperature": 0.0}}
    result = result_of(qtbot, client, client.generate(request))
    state = inspect(qtbot, client, text=True)
    assert state["stops"]["5"] == ["\nAnn:", "\nEmber:"]
    shown = state["text"]
    assert "Ember: Welcome to my cave.\nAnn: Hello, Ember.\nEmber:" in shown
    assert "User:" not in shown and "Assistant:" not in shown
    assert "\nAnn:" not in result["text"]
