"""Instant resume: a chat's cache saved, then restored in a new engine with nothing re-processed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from conftest import last_logits, load

from desktop.engine import SamplerSettings
from desktop.engine.snapshot import SnapshotStore

SYSTEM = "You are Ember, an old dragon who tells stories."


def long_history(turns: int = 12) -> list[tuple[str, str]]:
    history = []
    for i in range(turns):
        history.append(("user", f"Tell me about the {i}th lantern of the harbour and who lit it."))
        history.append(("assistant", " ".join(f"The lantern number {i} glowed over wave {j}." for j in range(12))))
    return history


def build_chat(engine, history):
    chat = engine.new_chat(SYSTEM)
    chat.sync(SYSTEM, history)
    reply = chat.reply(SamplerSettings(max_tokens=8, seed=1))
    reply.run()
    return chat, reply


def next_logits(engine, token: int) -> np.ndarray:
    """Logits after evaluating one more token on top of the cache (the cache itself is what is compared)."""
    engine.native.decode([token], len(engine.kv.tokens))
    return last_logits(engine.native.ptr, engine.model.n_vocab)


def test_round_trip_restores_the_cache_and_reprocesses_nothing(sample_model: str, tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "snaps")
    engine = load(sample_model, n_ctx=2048)
    chat, first = build_chat(engine, long_history())
    assert 1500 < len(engine.kv.tokens) < 2048
    mirror = list(engine.kv.tokens)
    saved = store.save(engine, chat, "chat-1")
    assert saved.ok and saved.size > 1_000_000 and store.size_of("chat-1") == saved.size
    probe = engine.model.tokenize(" lantern")[0]
    before = next_logits(engine, probe)
    full_history = [(m.role, m.content) for m in chat.messages]
    engine.close()

    fresh = load(sample_model, n_ctx=2048)
    chat2 = fresh.new_chat(SYSTEM)
    chat2.sync(SYSTEM, full_history)
    restored = store.restore(fresh, chat2, "chat-1")
    assert restored.ok, restored.reason
    assert fresh.kv.tokens == mirror and restored.tokens == len(mirror)
    assert fresh.native.pos_max() == len(mirror) - 1
    after = next_logits(fresh, probe)
    assert float(np.max(np.abs(after - before))) < 1e-3
    fresh.native.seq_rm(len(mirror), -1)  # take the probe back out
    # The next turn evaluates only itself: the whole history comes from the snapshot.
    reply = chat2.send("And the last lantern?", SamplerSettings(max_tokens=4, seed=1))
    reply.run()
    new_turn = chat2.messages[-2].tokens
    assert reply.stats.prompt_tokens <= len(new_turn) + 8
    assert fresh.kv.tokens[:len(mirror)] == mirror
    fresh.close()


def test_a_snapshot_from_other_settings_or_a_changed_chat_is_refused(sample_model: str, tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "snaps")
    engine = load(sample_model, n_ctx=1024)
    history = long_history(3)
    chat, _ = build_chat(engine, history)
    assert store.save(engine, chat, "c").ok
    full = [(m.role, m.content) for m in chat.messages]
    engine.close()

    other = load(sample_model, n_ctx=1024, type_k="q8_0")
    chat2 = other.new_chat(SYSTEM)
    chat2.sync(SYSTEM, full)
    refused = store.restore(other, chat2, "c")
    assert not refused.ok and "other settings" in refused.reason
    assert other.kv.tokens == []  # nothing was handed to llama.cpp
    other.close()

    same = load(sample_model, n_ctx=1024)
    edited = list(full)
    edited[0] = ("user", "A different first question.")
    chat3 = same.new_chat(SYSTEM)
    chat3.sync(SYSTEM, edited)
    refused = store.restore(same, chat3, "c")
    assert not refused.ok and "changed" in refused.reason
    chat4 = same.new_chat("Another system prompt.")
    chat4.sync("Another system prompt.", full)
    assert "system prompt" in store.restore(same, chat4, "c").reason
    same.close()


def test_the_cache_folder_is_capped_least_recently_used_first(sample_model: str, tmp_path: Path) -> None:
    engine = load(sample_model, n_ctx=512)
    chat, _ = build_chat(engine, long_history(1))
    roomy = SnapshotStore(tmp_path / "snaps")
    one = roomy.save(engine, chat, "first").size
    capped = SnapshotStore(tmp_path / "snaps", cap_bytes=int(one * 1.5))
    assert capped.save(engine, chat, "second").ok
    assert capped.size_of("first") == 0 and capped.size_of("second") > 0
    assert capped.total_size() <= capped.cap_bytes
    engine.close()


def test_a_cut_or_altered_state_file_is_refused_before_llama_cpp_sees_it(sample_model: str, tmp_path: Path,
                                                                          monkeypatch) -> None:
    store = SnapshotStore(tmp_path / "snaps")
    engine = load(sample_model, n_ctx=1024)
    chat, _ = build_chat(engine, long_history(3))
    assert store.save(engine, chat, "c").ok
    history = [(m.role, m.content) for m in chat.messages]
    state, meta = store._paths("c")
    whole = state.read_bytes()
    handed: list[str] = []
    monkeypatch.setattr(type(engine.native), "load_state", lambda self, path: handed.append(path) or [])
    for damaged in (whole[: len(whole) // 2], whole[:-1] + bytes([whole[-1] ^ 1])):
        state.write_bytes(damaged)
        fresh_chat = engine.new_chat(SYSTEM)
        fresh_chat.sync(SYSTEM, history)
        result = store.restore(engine, fresh_chat, "c")
        assert not result.ok and "incomplete or changed" in result.reason
    assert handed == []
    # leftovers of a killed save are removed when the store opens; a whole snapshot stays
    state.write_bytes(whole)
    (state.with_suffix(".state-partial")).write_bytes(b"half")
    (tmp_path / "snaps" / "orphan.state").write_bytes(b"no sidecar")
    SnapshotStore(tmp_path / "snaps")
    assert sorted(p.name for p in (tmp_path / "snaps").iterdir()) == sorted([state.name, meta.name])
    engine.close()
