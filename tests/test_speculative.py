"""Prompt lookup (speculative decoding with guesses taken from the context): the text is plain
decoding's, the cache holds exactly the reply, and models whose cache cannot take guesses back, or
whose batches do not give single decodes' logits, decode plainly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import THREADS

from desktop.engine import Engine, LoadConfig, SamplerSettings
from desktop.engine.draft import PromptLookup

STORY = (Path(__file__).parent / "fixtures" / "story_continuation.txt").read_text().strip()
SYSTEM = "You are a storyteller. Continue the story the user gives, in the same style."


def test_a_guess_is_what_followed_the_latest_earlier_occurrence_of_the_longest_suffix() -> None:
    lookup = PromptLookup([1, 2, 3, 4, 5, 9, 2, 3, 4, 6, 7, 8, 2, 3])
    assert lookup.draft(3) == [4, 6, 7]  # (2, 3) last ended at index 7, before the suffix itself
    lookup.add(4)
    assert lookup.draft(2) == [6, 7]  # (2, 3, 4) is the longest suffix seen before
    assert lookup.draft(0) == []


def test_no_guess_without_an_earlier_occurrence_and_none_past_an_end_token() -> None:
    assert PromptLookup([1, 2, 3, 4]).draft(5) == []
    lookup = PromptLookup([5, 6, 99, 7, 5, 6], excluded=[99])
    assert lookup.draft(5) == []  # what followed (5, 6) begins with the end token
    lookup = PromptLookup([5, 6, 7, 99, 5, 6], excluded=[99])
    assert lookup.draft(5) == [7]


@pytest.fixture(scope="module")
def flash_engine(sample_model: str):
    engine = Engine.load(LoadConfig(sample_model, n_ctx=2048, n_threads=THREADS, flash_attn=True))
    yield engine
    engine.close()


def _reply(engine: Engine, guesses: int, **settings):
    engine.kv.reset()
    chat = engine.new_chat(SYSTEM)
    gen = chat.send(STORY, SamplerSettings(temperature=0, repeat_penalty=1.0, lookup_draft=guesses,
                                           **{"max_tokens": 120, **settings}))
    gen.run()
    engine.kv.check_invariant()
    return gen, list(engine.kv.tokens)


def test_greedy_text_and_cache_are_plain_decodings_with_guesses(flash_engine: Engine) -> None:
    plain, plain_cache = _reply(flash_engine, 0)
    guessed, cache = _reply(flash_engine, 6)
    assert guessed.text == plain.text and guessed.tokens == plain.tokens
    assert cache == plain_cache
    assert guessed.stats.guessed > 0 and 0 < guessed.stats.guesses_kept <= guessed.stats.guessed
    assert plain.stats.guessed == 0


def test_a_stop_string_inside_a_confirmed_guess_leaves_the_cache_at_the_reply(flash_engine: Engine) -> None:
    plain, _ = _reply(flash_engine, 0, max_tokens=200)
    words = plain.text.split()
    stop = " ".join(words[len(words) // 2:len(words) // 2 + 2])  # somewhere in the middle of the reply
    plain, plain_cache = _reply(flash_engine, 0, max_tokens=200, stop=[stop])
    guessed, cache = _reply(flash_engine, 8, max_tokens=200, stop=[stop])
    assert plain.stats.stop_reason == guessed.stats.stop_reason == "stop string"
    assert guessed.text == plain.text and cache == plain_cache


@pytest.mark.parametrize("limit", [1, 2, 37])
def test_the_token_limit_cuts_inside_a_guess(flash_engine: Engine, limit: int) -> None:
    plain, plain_cache = _reply(flash_engine, 0, max_tokens=limit, ignore_eos=True)
    guessed, cache = _reply(flash_engine, 8, max_tokens=limit, ignore_eos=True)
    assert len(guessed.tokens) == limit and guessed.tokens == plain.tokens and cache == plain_cache


def test_guesses_stop_at_the_window_and_the_shift_is_plain_decodings(sample_model: str) -> None:
    """A window the story and reply overflow: guesses only fill what is free, then the shift comes at the
    same token as without them, and the text is the same."""
    engine = Engine.load(LoadConfig(sample_model, n_ctx=512, n_threads=THREADS, flash_attn=True))
    try:
        plain, _ = _reply(engine, 0, max_tokens=450, ignore_eos=True)
        guessed, _ = _reply(engine, 8, max_tokens=450, ignore_eos=True)
    finally:
        engine.close()
    assert plain.stats.shifts > 0 and guessed.stats.shifts == plain.stats.shifts
    assert guessed.tokens == plain.tokens and guessed.stats.guessed > 0


def test_without_flash_attention_nothing_is_guessed(sample_model: str) -> None:
    """Without flash attention llama.cpp's batched attention moves the logits (measured: up to about 1
    from a batch's fifth token on), so guesses would change the text: the setting decodes plainly."""
    engine = Engine.load(LoadConfig(sample_model, n_ctx=1024, n_threads=THREADS, flash_attn=False))
    try:
        assert not engine.kv.native.verifies_guesses
        plain, _ = _reply(engine, 0, max_tokens=40)
        asked, _ = _reply(engine, 8, max_tokens=40)
    finally:
        engine.close()
    assert asked.stats.guessed == 0 and asked.tokens == plain.tokens


def test_a_recurrent_state_takes_no_guesses(tiny_mamba: str) -> None:
    """Its end cannot be cut off (seq_rm fails), so a guess could not be taken back."""
    engine = Engine.load(LoadConfig(tiny_mamba, n_ctx=256, n_threads=THREADS, flash_attn=True))
    try:
        assert engine.kv.guess_room() == 0
        gen = engine.new_chat("").send("hello hello hello hello", SamplerSettings(
            temperature=0, max_tokens=8, ignore_eos=True, lookup_draft=8))
        gen.run()
        assert gen.stats.guessed == 0 and len(gen.tokens) == 8
    finally:
        engine.close()


def test_a_snapshot_after_guesses_restores_the_cache_the_next_reply_goes_on_from(sample_model: str,
                                                                                 tmp_path) -> None:
    """The cache a guessed reply leaves (rejected guesses taken out) is saved and restored whole: the next
    reply, with guesses again, is the same on the restored engine as on the one that wrote it."""
    from desktop.engine.snapshot import SnapshotStore

    store = SnapshotStore(tmp_path / "snaps")
    config = LoadConfig(sample_model, n_ctx=2048, n_threads=THREADS, flash_attn=True)
    settings = SamplerSettings(temperature=0, repeat_penalty=1.0, max_tokens=80, lookup_draft=8)
    engine = Engine.load(config)
    try:
        chat = engine.new_chat(SYSTEM)
        first = chat.send(STORY, settings)
        first.run()
        assert first.stats.guessed > first.stats.guesses_kept  # some guesses were taken back
        mirror = list(engine.kv.tokens)
        assert store.save(engine, chat, "story").ok
        history = [(m.role, m.content) for m in chat.messages]
        second = chat.send("Go on.", settings)
        second.run()
    finally:
        engine.close()
    fresh = Engine.load(config)
    try:
        chat2 = fresh.new_chat(SYSTEM)
        chat2.sync(SYSTEM, history)
        restored = store.restore(fresh, chat2, "story")
        assert restored.ok, restored.reason
        assert fresh.kv.tokens == mirror and fresh.native.pos_max() == len(mirror) - 1
        again = chat2.send("Go on.", settings)
        again.run()
        assert again.text == second.text and again.stats.guessed > 0
    finally:
        fresh.close()


def test_a_sliding_window_model_guesses_until_a_shift_then_decodes_plainly(gemma_it_model: str) -> None:
    """Gemma 3 (iSWA, window 512): guesses and plain decoding give the same text; once the window has
    shifted, taking guesses back would make the sliding-window layers read the window again (kv_swa), so
    none are made after that, and the text is still the same."""
    engine = Engine.load(LoadConfig(gemma_it_model, n_ctx=512, n_threads=THREADS, flash_attn=True))
    try:
        plain, _ = _reply(engine, 0, max_tokens=420, ignore_eos=True)
        guessed, _ = _reply(engine, 8, max_tokens=420, ignore_eos=True)
        assert engine.kv.swa.active and engine.kv.guess_room() == 0  # shifted: no more guesses
    finally:
        engine.close()
    assert plain.stats.shifts > 0 and guessed.stats.shifts == plain.stats.shifts
    assert guessed.stats.guessed > 0 and guessed.tokens == plain.tokens
