"""Lore and memory on the real model: flickering entries re-read nothing but their own tokens, memory
updates nothing but the memory's, evicted facts come back through the memory, and both hold with
shifts, the author's note, swipes, old edits, continue, snapshot resume and the engine process."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import load
from engine_helpers import load_sample, result_of, wait_job
from lore_roleplay import Roleplay, evicted_fact_recall

from desktop.engine import SamplerSettings
from desktop.engine.lore_spans import MEMORY_KEY, MEMORY_LABEL, LoreItem
from desktop.engine.snapshot import SnapshotStore
from desktop.worker import EngineClient
from desktop.worker.protocol import BACKGROUND

GREEDY = SamplerSettings(max_tokens=6, temperature=0.0)
SYSTEM = "You are Mira, a ranger of the northern woods."
WOLVES = LoreItem("w:1", "Shadowfangs are wolves made of smoke; silver drives them off.")
BELL = LoreItem("w:2", "The silver bell of Thornwick rings at dawn.")


@pytest.fixture(scope="module")
def engine(sample_model: str):
    e = load(sample_model, n_ctx=1024)
    yield e
    e.close()


def test_a_long_roleplay_with_flickering_lore_and_memory_rereads_nothing(engine) -> None:
    """The short version of benchmarks/lore_memory.py: 40 turns in a 1,024 window (it shifts about
    every turn after the first dozen), 40 entries turning on and off, summaries cancelled by sends."""
    play = Roleplay(engine, 40, think_seconds=(0.0, 3.0))
    run = play.play().summary()
    assert run["shifts"] > 10
    assert run["active_entries_median"] >= 1
    assert run["reprocessed_per_turn_median"] == 0
    assert run["reprocessed_per_turn_max"] <= run["largest_entry_tokens"]
    assert run["memory_updates"] >= 1 and run["memory_update_reprocessed_max"] == 0
    engine.kv.check_invariant()
    recall = evicted_fact_recall(play)
    # Every planted fact has left the window; the memory (its pinned facts) brings them back, and its
    # place in the chat does at least as well as the memory read fresh at the top.
    assert recall["facts"] >= 3
    assert recall["gain_kept_mean"] > 1.0 and recall["facts_gain_over_1_nat"] >= 3
    assert recall["placement_fidelity"] >= 0.9
    naive = Roleplay(engine, 10, naive=True, memory=False).play().summary()
    assert naive["reprocessed_per_turn_median"] > 100  # entries after the card re-read the history


def turn(chat, text: str, items: list[LoreItem], note: str = "") -> int:
    chat.add_message("user", text)
    chat.set_lore(items)
    chat.note = note
    gen = chat.reply(GREEDY)
    gen.run()
    chat.kv.check_invariant()
    return gen.stats.prompt_tokens


def test_lore_with_the_note_swipes_an_old_edit_and_continue(engine) -> None:
    engine.kv.reset()
    chat = engine.new_chat(SYSTEM)
    turn(chat, "Hello.", [])
    first = turn(chat, "Wolves howl in the woods.", [WOLVES], note="Keep it short.")
    anchor = chat.lore.anchors["w:1"]
    assert anchor.after == chat.messages[-2].id  # right after the message it triggered on
    user_turn = len(chat.messages[-2].tokens)
    assert first <= user_turn + len(anchor.tokens) + 20  # the turn, the entry, the note, the opener
    # A swipe (regenerate): the entry stays where it is; only the reply opener is read again.
    chat.set_lore([WOLVES])
    gen = chat.regenerate(GREEDY)
    gen.run()
    assert gen.stats.prompt_tokens <= 20 and chat.lore.anchors["w:1"] is anchor
    # The entry turns off: its span leaves the middle of the cache, nothing after it is read again.
    removed = engine.kv.counters.spans_removed
    later = turn(chat, "We walk on.", [BELL])
    assert engine.kv.counters.spans_removed > removed and "w:1" not in chat.lore.anchors
    assert later <= len(chat.messages[-2].tokens) + len(chat.lore.anchors["w:2"].tokens) + 20
    # Continue: nothing new is placed after the reply being continued.
    chat.set_lore([BELL, WOLVES], continuing=True)
    assert "w:1" not in chat.lore.anchors
    gen = chat.continue_last(GREEDY)
    gen.run()
    engine.kv.check_invariant()
    # An edit of an old message: what follows it is read again, the entries after it included, and
    # an entry whose anchor message changed stays placed after it.
    history = [(m.role, m.content) for m in chat.messages]
    history[1] = ("assistant", "An edited greeting.")
    chat.sync(SYSTEM, history)
    assert turn(chat, "Onwards.", [BELL]) > 30
    assert chat.lore.anchors["w:2"].after in {m.id for m in chat.messages}


def test_the_memory_spliced_after_the_pinned_block_evaluates_only_itself(engine) -> None:
    """The alternative placement benchmarks/lore_memory.py compares (--splice-turns)."""
    engine.kv.reset()
    chat = engine.new_chat(SYSTEM)
    for i in range(6):
        turn(chat, f"Step {i} of the journey through the woods.", [])
    before = engine.kv.counters.prompt_tokens
    length = len(engine.kv.tokens)
    chat.set_memory("The traveller's sword is called Dawnbreaker.")
    memory_tokens = len(chat.pinned_tokens) - len(chat._system)
    assert engine.kv.counters.prompt_tokens - before == memory_tokens
    assert len(engine.kv.tokens) == length + memory_tokens and engine.kv.n_keep == len(chat.pinned_tokens)
    engine.kv.check_invariant()
    assert turn(chat, "And now?", []) <= len(chat.messages[-2].tokens) + 12  # the history stayed
    # A model whose cache cannot splice (a sliding window, a recurrent state, shifting off): the memory
    # is only set, and the next turn evaluates from it on; nothing reaches llama.cpp it cannot do.
    engine.kv.shift_enabled = False
    try:
        chat.set_memory("Changed: the sword is called Duskfall.")
        assert engine.kv.tokens[:len(chat.pinned_tokens)] != chat.pinned_tokens
        assert turn(chat, "Again?", []) > 100
    finally:
        engine.kv.shift_enabled = engine.kv.memory_can_shift


def test_a_snapshot_brings_back_the_placed_entries_and_the_memory(engine, tmp_path: Path) -> None:
    engine.kv.reset()
    store = SnapshotStore(tmp_path / "snaps")
    memory = LoreItem(MEMORY_KEY, f"{MEMORY_LABEL}\nThey met at the river.")
    chat = engine.new_chat(SYSTEM)
    turn(chat, "Hello.", [memory])
    turn(chat, "Wolves again.", [memory, WOLVES])
    turn(chat, "And the bell?", [memory, WOLVES, BELL])
    assert store.save(engine, chat, "lore-chat").ok
    mirror = list(engine.kv.tokens)
    history = [(m.role, m.content) for m in chat.messages]
    engine.kv.reset()
    again = engine.new_chat(SYSTEM)
    again.sync(SYSTEM, history)
    restored = store.restore(engine, again, "lore-chat")
    assert restored.ok, restored.reason
    assert engine.kv.tokens == mirror[:len(engine.kv.tokens)] and len(engine.kv.tokens) > len(mirror) - 40
    # The next turn finds the memory and both entries where the snapshot has them: only the new turn is read.
    evaluated = turn(again, "Onwards.", [memory, WOLVES, BELL])
    assert evaluated <= len(again.messages[-2].tokens) + 20
    assert {a.entry for a in again.lore.anchors.values()} == {MEMORY_KEY, "w:1", "w:2"}
    # The memory changes: it is placed again at the newest turn, the old one leaves the middle.
    changed = LoreItem(MEMORY_KEY, f"{MEMORY_LABEL}\nThey met at the river; the bell rang.")
    evaluated = turn(again, "What now?", [changed, WOLVES, BELL])
    placed = again.lore.anchors[MEMORY_KEY]
    assert placed.after == again.messages[-2].id
    assert evaluated <= len(again.messages[-2].tokens) + len(placed.tokens) + 20


def test_the_summary_job_in_the_engine_process_leaves_the_chats_cache_as_it_was(qtbot, sample_model: str) -> None:
    client = EngineClient()
    try:
        load_sample(qtbot, client, sample_model)
        history = []
        for i in range(4):
            history += [("user", f"Step {i}: we cross the river and the wolves follow."),
                        ("assistant", f"Mira keeps watch at step {i}, her bow ready.")]
        request = {"chat": 7, "system_prompt": SYSTEM, "history": history, "history_start": 0, "note": "",
                   "lore": [{"key": "w:1", "text": WOLVES.text}], "memory": "They met at the river.",
                   "sampler": {"max_tokens": 4, "temperature": 0.0}}
        result_of(qtbot, client, client.generate({**request, "mode": "reply"}))
        history.append(("assistant", "Mira nods."))
        summary = result_of(qtbot, client, client.submit(
            "summarize", {**request, "history": history, "instruction": "Summarize the story so far in one sentence.",
                          "max_tokens": 30}, BACKGROUND))
        assert summary["reason"] != "cancelled" and summary["text"]
        # The chat's next turn reads only what is new: the summary's tail was cut back off.
        history.append(("user", "What now?"))
        after = result_of(qtbot, client, client.generate({**request, "history": history, "mode": "reply"}))
        assert after["data"]["prompt_tokens"] <= 40
        # A send cancels a running summary: it ends at once and the cache is kept.
        job = client.submit("summarize", {**request, "history": history + [("assistant", "x")],
                                          "instruction": "Tell the whole story again in detail.", "max_tokens": 300},
                            BACKGROUND)
        qtbot.wait(300)
        client.cancel(job)
        kind, data = wait_job(qtbot, client, job, 20000)
        assert (kind == "finished" and data["reason"] == "cancelled") or kind == "failed"
        history += [("assistant", "x"), ("user", "Still here?")]
        again = result_of(qtbot, client, client.generate({**request, "history": history, "mode": "reply"}))
        assert again["data"]["prompt_tokens"] <= 40
    finally:
        assert client.stop(5000)


def test_on_a_sliding_window_model_lore_and_memory_never_decode_on_lost_cells(gemma_model: str) -> None:
    """Gemma 3 (window 512): the memory cannot be spliced there (moving cells would leave the SWA layers
    without part of the window), so it is read again; entries placed, removed and cut back after shifts
    give what a fresh evaluation gives."""
    from conftest import fresh_logits, last_logits
    from test_sliding_window import SYSTEM as SWA_SYSTEM
    from test_sliding_window import history

    gemma = load(gemma_model, n_ctx=1024)
    try:
        kv = gemma.kv
        assert not kv.can_splice()
        chat = gemma.new_chat(SWA_SYSTEM)
        long = history(40)
        chat.sync(SWA_SYSTEM, long)
        chat.read()
        assert kv.counters.shifts > 0 and kv.swa.scattered
        chat.set_lore([WOLVES])
        chat.reply(SamplerSettings(max_tokens=4, temperature=0.0)).run()
        chat.set_memory("The captain's boat is called the Heron.")  # cannot splice: set, read on the next turn
        assert kv.tokens[:len(chat.pinned_tokens)] != chat.pinned_tokens
        chat.set_memory("")
        # Delete the last 16 messages (the entry's message with them) and go on: the entry is placed
        # again at the newest message, and the cut back must not trust the SWA layers' lost cells.
        chat.sync(SWA_SYSTEM, long[:-16])
        memory = LoreItem(MEMORY_KEY, f"{MEMORY_LABEL}\nThe captain's boat is called the Heron.")
        chat.set_lore([memory, WOLVES, BELL])  # the memory as the app places it: no splice needed
        rebuilds = kv.counters.swa_rebuilds
        reply = chat.reply(SamplerSettings(max_tokens=1, temperature=0.0))
        reply.run()  # the prompt is evaluated; the one sampled token is not decoded
        kv.check_invariant()
        assert {a.entry for a in chat.lore.anchors.values()} == {MEMORY_KEY, "w:1", "w:2"}
        assert kv.counters.swa_rebuilds > rebuilds  # the guard saw the window the SWA layers lost
        # The cache's next-token logits against the same tokens evaluated fresh: equal but for Gemma's
        # batch-size noise (llama-cpp-facts: up to 0.87), far from what lost cells give.
        cached = last_logits(gemma.native.ptr, gemma.model.n_vocab)
        fresh = fresh_logits(gemma, list(kv.tokens))
        cosine = float(np.dot(cached, fresh) / (np.linalg.norm(cached) * np.linalg.norm(fresh)))
        assert cosine > 0.995 and int(np.argmax(fresh)) in np.argsort(cached)[-3:]
    finally:
        gemma.close()
