"""Context shifting on the real model: a full window moves without re-processing anything."""

from __future__ import annotations

import numpy as np
from conftest import fresh_logits, last_logits, load

from desktop.engine import SamplerSettings, ShiftEvent

SYSTEM = "You are Ember, an old dragon who tells long stories about the sea, the stars and her cave."
TOPICS = ["the sea", "a storm", "the stars", "your cave", "a lost ship", "the moon", "a village", "gold"]


def test_long_chat_past_the_window_shifts_with_zero_reprocessing(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=2048)
    chat = engine.new_chat(SYSTEM)
    pinned = chat.pinned_tokens
    events: list[ShiftEvent] = []

    def on_shift(event: ShiftEvent) -> None:
        events.append(event)
        # Checked here, independently of the engine's own check, after every single shift.
        assert engine.native.pos_max() == len(engine.kv.tokens) - 1
        assert engine.native.pos_min() == 0
        assert engine.kv.tokens[: len(pinned)] == pinned

    engine.kv.on_shift = on_shift
    processed = 0
    probes: list[bool] = []
    turn = 0
    while processed < 2.5 * engine.n_ctx:
        topic = TOPICS[turn % len(TOPICS)]
        reply = chat.send(f"Turn {turn}: tell me about {topic}, in a few sentences.",
                          SamplerSettings(max_tokens=64, seed=turn, ignore_eos=True))
        reply.run()
        stats = reply.stats
        processed += stats.prompt_tokens + stats.tokens_generated
        assert stats.tokens_reprocessed == 0
        assert stats.context_used <= engine.n_ctx
        # a turn evaluates only its own new tokens: never the history again
        assert stats.prompt_tokens < 60
        if stats.shifts and len(probes) < 4:
            kept = list(engine.kv.tokens)
            after_shift = last_logits(engine.native.ptr, engine.model.n_vocab)
            probes.append(int(np.argmax(after_shift)) == int(np.argmax(fresh_logits(engine, kept))))
        turn += 1

    assert len(events) >= 3
    assert all(e.shifted and e.reprocessed == 0 for e in events)
    assert engine.kv.counters.tokens_reprocessed == 0
    assert engine.kv.tokens[: len(pinned)] == pinned
    states = [state for _, state in chat.in_context()]
    assert states[0] == "evicted" and states[-1] == "cached"
    assert sum(probes) > len(probes) / 2, f"top-1 agreement after shifts: {probes}"
    engine.close()


def test_one_endless_reply_shifts_mid_generation(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=512)
    chat = engine.new_chat(SYSTEM)
    pinned = chat.pinned_tokens
    reply = chat.send("Tell me a story that never ends.", SamplerSettings(max_tokens=900, seed=7, ignore_eos=True))
    reply.run()
    assert reply.stats.tokens_generated == 900
    assert reply.stats.shifts >= 2 and reply.stats.tokens_reprocessed == 0
    assert engine.kv.tokens[: len(pinned)] == pinned
    engine.kv.check_invariant()
    # the front of the reply itself left the window; the chat knows how much
    assert chat.timeline.partial[chat.messages[-1].id] > 0
    # and the next turn still lines up with the cache: only the new turn is evaluated
    nxt = chat.send("And then?", SamplerSettings(max_tokens=4, seed=1))
    nxt.run()
    assert nxt.stats.tokens_reprocessed == 0 and nxt.stats.prompt_tokens < 20
    engine.close()


def test_model_that_cannot_shift_falls_back_to_reprocessing(tiny_mrope: str) -> None:
    engine = load(tiny_mrope, n_ctx=256)
    assert not engine.kv.memory_can_shift and not engine.can_shift
    assert "cannot be shifted" in engine.shift_notice()
    chat = engine.new_chat("the story")
    pinned = chat.pinned_tokens
    reprocessed = 0
    for turn in range(6):
        reply = chat.send("a dragon the story " * 8, SamplerSettings(max_tokens=40, seed=turn, ignore_eos=True))
        reply.run()
        reprocessed += reply.stats.tokens_reprocessed
        engine.kv.check_invariant()
        assert engine.kv.tokens[: len(pinned)] == pinned
    assert reprocessed > 0
    assert engine.kv.counters.shifts == 0 and engine.kv.counters.fallback_drops > 0
    assert all(not e.shifted for e in engine.kv.events)
    engine.close()


def test_shifting_turned_off_reprocesses_and_reports_it(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=512, context_shift=False)
    assert engine.kv.memory_can_shift and not engine.can_shift
    assert "off" in engine.shift_notice()
    chat = engine.new_chat(SYSTEM)
    reply = chat.send("Tell me a long story.", SamplerSettings(max_tokens=600, seed=3, ignore_eos=True))
    reply.run()
    assert reply.stats.tokens_discarded > 0 and reply.stats.tokens_reprocessed > 0
    assert "re-processed" in reply.stats.shift_notice()
    engine.kv.check_invariant()
    engine.close()


def test_shifting_a_quantized_k_cache(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=256, type_k="q8_0")
    reply = engine.new_chat(SYSTEM).send("Go on forever.", SamplerSettings(max_tokens=400, seed=2, ignore_eos=True))
    reply.run()
    assert reply.stats.shifts >= 1 and reply.stats.tokens_reprocessed == 0
    engine.kv.check_invariant()
    engine.close()


def test_a_message_longer_than_the_window_keeps_its_end(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=512)
    chat = engine.new_chat("You are a reader.")
    chapter = " ".join(f"Line {i} of the chapter." for i in range(200))  # ~1,400 tokens
    reply = chat.send(chapter, SamplerSettings(max_tokens=4, seed=1))
    reply.run()
    kv = engine.kv
    user = chat.messages[0]
    dropped = chat.timeline.partial[user.id]
    assert dropped > 0 and user.id not in chat.timeline.evicted
    kept = user.tokens[dropped:]
    pinned = chat.pinned_tokens
    assert kv.tokens[:len(pinned)] == pinned
    assert kv.tokens[len(pinned):len(pinned) + len(kept)] == kept  # the chapter's end is in the window
    assert len(kv.tokens) <= kv.n_ctx
    kv.check_invariant()
    assert [state for msg, state in chat.in_context() if msg is user] == ["partial"]
    engine.close()


def test_a_bf16_key_cache_never_shifts_because_shifting_it_aborts_the_process(sample_model: str) -> None:
    """llama.cpp says a bf16 K cache can shift, but the CPU backend cannot rotate bf16 keys and aborts the
    whole process at the first shift (measured on 0.3.36). Run in a child process, so that a regression
    fails this test instead of ending the run: the window must move by dropping and re-processing."""
    import subprocess
    import sys

    script = (
        "from desktop.engine import Engine, LoadConfig, SamplerSettings\n"
        f"e = Engine.load(LoadConfig({sample_model!r}, n_ctx=256, n_threads=2, type_k='bf16'))\n"
        "g = e.new_chat('hi').send('Tell a long story.', SamplerSettings(temperature=0, max_tokens=400, ignore_eos=True))\n"
        "g.run()\n"
        "e.kv.check_invariant()\n"
        "print('shifts', g.stats.shifts, 'drops', e.kv.counters.fallback_drops, 'notice', bool(e.shift_notice()))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    words = done.stdout.split()
    assert words[words.index("shifts") + 1] == "0" and int(words[words.index("drops") + 1]) > 0
    assert words[words.index("notice") + 1] == "True"
