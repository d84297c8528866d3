"""A sliding-window model (Gemma 3, window 512): cutting the cache back after shifts.

After shifts llama.cpp's SWA layers reuse cells the window masks (kv_swa); a cut back to an earlier
point must not decode on with part of the window missing. Measured before the guard: greedy agreement
with a fresh evaluation 56 % after deleting 16 messages."""

from __future__ import annotations

import pytest
from conftest import fresh_greedy, load

from desktop.engine import SamplerSettings

SYSTEM = "You are a helpful narrator of a long river journey."
N_CTX = 1024
GREEDY = SamplerSettings(temperature=0.0, repeat_penalty=1.0, max_tokens=64, ignore_eos=True, seed=1)


@pytest.fixture(scope="module")
def gemma(gemma_model: str):
    engine = load(gemma_model, n_ctx=N_CTX)
    yield engine
    engine.close()


def history(turns: int) -> list[tuple[str, str]]:
    out = []
    for i in range(turns):
        out.append(("user", f"Day {i}: the boat passed village number {i} and the captain counted {i * 7} fish."))
        out.append(("assistant", f"On day {i} we saw {i + 3} herons, and the water was {'calm' if i % 2 else 'fast'}."))
    return out


def agreement(a: list[int], b: list[int]) -> float:
    return sum(x == y for x, y in zip(a, b)) / max(1, len(b))


def test_swa_model_facts(gemma) -> None:
    assert gemma.kv.swa.n_swa == 512 and gemma.kv.memory_can_shift


def test_cut_back_after_shifts_matches_a_fresh_evaluation(gemma) -> None:
    gemma.kv.reset()
    chat = gemma.new_chat(SYSTEM)
    long = history(40)  # about 2,000 tokens, read in order: the window shifts many times
    chat.sync(SYSTEM, long)
    chat.read()
    kv = gemma.kv
    assert kv.counters.shifts > 0 and kv.swa.scattered and kv.swa.floor > 0
    # delete the last 16 messages and go on from there
    chat.sync(SYSTEM, long[:-16])
    before = kv.counters.copy()
    reply = chat.reply(GREEDY)
    reply.run()
    kv.check_invariant()
    assert reply.stats.shifts == 0  # (else the fresh evaluation below would not see the same window)
    prompt = kv.tokens[:len(kv.tokens) - len(reply.tokens)]
    expected = fresh_greedy(gemma, prompt, len(reply.tokens))
    assert agreement(reply.tokens, expected) >= 0.95, (reply.text, gemma.model.detokenize(expected))
    assert kv.counters.swa_rebuilds > before.swa_rebuilds  # the guard saw the lost window


def test_no_rebuild_without_a_hole(gemma) -> None:
    """Cutting back in a cache that never shifted keeps it (the SWA layers lost nothing)."""
    gemma.kv.reset()
    chat = gemma.new_chat(SYSTEM)
    chat.sync(SYSTEM, history(6))
    chat.reply(SamplerSettings(max_tokens=8, seed=2)).run()
    before = gemma.kv.counters.copy()
    chat.regenerate(SamplerSettings(max_tokens=8, seed=3)).run()
    assert gemma.kv.counters.swa_rebuilds == before.swa_rebuilds
    assert gemma.kv.counters.tokens_reprocessed == before.tokens_reprocessed


def test_snapshot_resume_after_shifts_with_a_note(gemma, gemma_model: str, tmp_path) -> None:
    """Resume on Gemma: the same cache and the same next token (its logits are not bit-exact after a
    state save/load, as with bare llama.cpp calls; SmolLM2's are), nothing evaluated again, and the next
    turn reads only itself."""
    from conftest import last_logits

    from desktop.engine.snapshot import SnapshotStore

    gemma.kv.reset()
    store = SnapshotStore(tmp_path / "snaps")
    chat = gemma.new_chat(SYSTEM)
    chat.note = "[Keep it short.]"
    long = history(24)
    chat.sync(SYSTEM, long)
    chat.reply(SamplerSettings(max_tokens=16, seed=4)).run()
    assert gemma.kv.counters.shifts > 0 or gemma.kv.counters.tokens_discarded > 0
    saved = store.save(gemma, chat, "g")
    assert saved.ok and saved.tokens == len(gemma.kv.tokens)  # the note and the reply are in it too
    shown = [(m.role, m.content) for m in chat.messages]
    mirror = list(gemma.kv.tokens)
    gemma.native.decode([gemma.model.tokenize(" The")[0]], len(mirror))
    before = last_logits(gemma.native.ptr, gemma.model.n_vocab)
    gemma.native.seq_rm(len(mirror), -1)
    with load(gemma_model, n_ctx=N_CTX) as fresh:
        again = fresh.new_chat(SYSTEM)
        again.note = chat.note
        again.sync(SYSTEM, shown)
        restored = store.restore(fresh, again, "g")
        assert restored.ok, restored.reason
        assert fresh.kv.tokens == mirror
        assert fresh.kv.counters.tokens_reprocessed == 0 and fresh.kv.counters.swa_rebuilds == 0
        fresh.native.decode([fresh.model.tokenize(" The")[0]], len(mirror))
        after = last_logits(fresh.native.ptr, fresh.model.n_vocab)
        assert int(after.argmax()) == int(before.argmax())
        fresh.native.seq_rm(len(mirror), -1)
        fresh.kv.check_invariant()
        turn = again.send("And the next day?", SamplerSettings(max_tokens=4, seed=5))
        turn.run()
        assert turn.stats.tokens_reprocessed == 0 and turn.stats.prompt_tokens < 60, turn.stats
