"""A draft model (a second model of the same vocabulary) guesses ahead: the text is plain decoding's, its
cache follows the main one through shifts, cuts and restored snapshots without reading the window again,
and a draft that cannot guess for the model is refused by name before anything runs.

No small sibling of the sample can be had here: the drafts are the sample itself (it guesses right, and
so shows the machinery) and its first layers cut out (benchmarks/layer_draft.py: it guesses mostly
wrong, and so shows that a wrong guess costs no text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import THREADS
from tiny_gguf import write_layer_draft

from desktop.engine import Engine, LoadConfig, SamplerSettings
from desktop.engine.validation import ConfigError, check_config

STORY = (Path(__file__).parent / "fixtures" / "story_continuation.txt").read_text().strip()
SYSTEM = "You are a storyteller. Continue the story the user gives, in the same style."
GREEDY = SamplerSettings(temperature=0, repeat_penalty=1.0, max_tokens=120, ignore_eos=True)


@pytest.fixture(scope="module")
def cut_draft(sample_model: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample's first 4 of 30 layers: the same vocabulary, rough guesses."""
    return str(write_layer_draft(sample_model, tmp_path_factory.mktemp("drafts") / "first4.gguf", 4))


def _engine(model: str, draft: str = "", **kw) -> Engine:
    return Engine.load(LoadConfig(model, n_threads=THREADS, draft_model_path=draft, **{"n_ctx": 2048, "flash_attn": True, **kw}))


def _reply(engine: Engine, settings: SamplerSettings = GREEDY, text: str = STORY):
    engine.kv.reset()
    gen = engine.new_chat(SYSTEM).send(text, settings)
    gen.run()
    engine.kv.check_invariant()
    return gen, list(engine.kv.tokens)


@pytest.fixture(scope="module")
def plain(sample_model: str):
    engine = _engine(sample_model)
    yield _reply(engine)
    engine.close()


def test_the_model_as_its_own_draft_gives_plain_decodings_text_and_cache(sample_model: str, plain) -> None:
    plain_gen, plain_cache = plain
    engine = _engine(sample_model, sample_model)
    try:
        gen, cache = _reply(engine)
        draft = engine.draft
        assert draft is not None
        counters = draft.counters
    finally:
        engine.close()
    assert gen.text == plain_gen.text and gen.tokens == plain_gen.tokens and cache == plain_cache
    # It guesses what it would pick itself: nearly every guess is kept (a batch's logits are within
    # flash attention's rounding of a lone decode's, so a near tie may go the other way).
    assert gen.stats.guessed > 60 and gen.stats.guesses_kept >= 0.9 * gen.stats.guessed
    # It read the prompt once and then only what was kept, never the window again.
    assert counters.evaluated <= len(plain_cache) + 2


def test_a_draft_that_guesses_wrong_costs_no_text(sample_model: str, cut_draft: str, plain) -> None:
    plain_gen, plain_cache = plain
    engine = _engine(sample_model, cut_draft)
    try:
        gen, cache = _reply(engine)
    finally:
        engine.close()
    assert gen.text == plain_gen.text and cache == plain_cache
    assert gen.stats.guessed > 0 and gen.stats.guesses_kept < gen.stats.guessed / 2


def test_prompt_lookup_and_the_draft_together_keep_the_text(sample_model: str, cut_draft: str, plain) -> None:
    """Lookup guesses first (no model runs for them); the draft guesses where the chat has nothing to look up."""
    plain_gen, _ = plain
    engine = _engine(sample_model, cut_draft)
    try:
        gen, _ = _reply(engine, GREEDY.replace(lookup_draft=8))
        assert engine.draft is not None and 0 < engine.draft.counters.drafted < gen.stats.guessed
    finally:
        engine.close()
    assert gen.text == plain_gen.text


def test_the_draft_cache_shifts_with_the_main_one(sample_model: str) -> None:
    """A reply that overflows a 512-token window, then another turn: the main cache shifts (mid-reply, then
    at the next load); the draft finds each cut as a hole and shifts it out too, reading only what is new,
    and the text is plain decoding's. With a q8_0 cache: past 256 cached tokens a lone decode of an f16 cache
    takes flash attention's split-KV path and a batch does not, so at a near tie (here, the second reply's
    37th token, with prompt lookup too) the guessed text can part from plain decoding's; a quantized cache
    has no split path and is exact (see NativeContext.verifies_guesses)."""
    long = SamplerSettings(temperature=0, repeat_penalty=1.0, max_tokens=420, ignore_eos=True)
    texts = {}
    for draft in ("", sample_model):
        engine = _engine(sample_model, draft, n_ctx=512, type_k="q8_0", type_v="q8_0")
        try:
            chat = engine.new_chat(SYSTEM)
            first = chat.send(STORY[:1200], long)
            first.run()
            second = chat.send("Go on, and name the keeper.", long.replace(max_tokens=200))
            second.run()
            engine.kv.check_invariant()
            texts[draft] = (first.text, second.text, first.stats.shifts + second.stats.shifts)
            if draft:
                counters = engine.draft.counters
                guessed = first.stats.guessed + second.stats.guessed
                mirror = list(engine.kv.tokens)
                followed = engine.draft.tokens
        finally:
            engine.close()
    assert texts[""][2] > 0 and texts[sample_model] == texts[""]
    assert counters.holes_shifted >= 2 and counters.tokens_shifted_out > 0 and guessed > 0
    # What it read: the first prompt and the second turn's new tokens, plus a token or two a guess (the
    # one picked after the last kept guess) -- never a window again.
    assert counters.evaluated < 512 + 30 + 420 + 200
    assert followed[:len(mirror) - 8] == mirror[:len(mirror) - 8]


def test_after_a_restored_snapshot_the_draft_reads_the_chat_once_and_the_text_is_the_same(sample_model: str,
                                                                                          tmp_path: Path) -> None:
    from desktop.engine.snapshot import SnapshotStore

    store = SnapshotStore(tmp_path / "snaps")
    settings = GREEDY.replace(max_tokens=60)
    engine = _engine(sample_model, sample_model)
    try:
        chat = engine.new_chat(SYSTEM)
        chat.send(STORY, settings).run()
        assert store.save(engine, chat, "story").ok
        history = [(m.role, m.content) for m in chat.messages]
        second = chat.send("Go on.", settings)
        second.run()
    finally:
        engine.close()
    fresh = _engine(sample_model, sample_model)
    try:
        chat2 = fresh.new_chat(SYSTEM)
        chat2.sync(SYSTEM, history)
        assert store.restore(fresh, chat2, "story").ok
        assert fresh.draft is not None and fresh.draft.tokens == []
        again = chat2.send("Go on.", settings)
        again.run()
        assert again.text == second.text and again.stats.guessed > 0
        assert fresh.draft.counters.evaluated <= len(fresh.kv.tokens) + 2
    finally:
        fresh.close()


def test_without_flash_attention_the_draft_guesses_nothing(sample_model: str) -> None:
    engine = _engine(sample_model, sample_model, flash_attn=False, n_ctx=1024)
    try:
        gen, _ = _reply(engine, GREEDY.replace(max_tokens=30))
        assert engine.draft is not None and engine.draft.counters.drafted == 0
    finally:
        engine.close()
    assert gen.stats.guessed == 0 and len(gen.tokens) == 30


def test_a_draft_with_another_vocabulary_is_refused_by_name(sample_model: str, tiny_llama: str) -> None:
    with pytest.raises(ConfigError) as err:
        _engine(sample_model, tiny_llama)
    (problem,) = err.value.problems
    assert problem.field == "draft_model_path" and "cannot guess for the model" in problem.message
    # The app goes on: the model loads without it.
    engine = _engine(sample_model)
    engine.close()


def test_a_draft_that_is_not_a_model_is_refused_by_name(sample_model: str, tmp_path: Path) -> None:
    junk = tmp_path / "draft.gguf"
    junk.write_bytes(b"not a model at all" * 100)
    for path in (str(junk), str(tmp_path / "missing.gguf")):
        with pytest.raises(ConfigError) as err:
            _engine(sample_model, path)
        assert [p.field for p in err.value.problems] == ["draft_model_path"]


def test_a_sliding_window_draft_is_refused(gemma_it_model: str) -> None:
    """Its layers past the window could not follow a cut back (see kv_swa): refused, with the reason."""
    with pytest.raises(ConfigError) as err:
        _engine(gemma_it_model, gemma_it_model, n_ctx=512)
    assert "sliding window" in err.value.problems[0].message


def test_the_draft_settings_are_checked(sample_model: str) -> None:
    def problems(**kw) -> dict[str, str]:
        found = check_config(LoadConfig(sample_model, draft_model_path=sample_model, **kw))
        return {f"{p.field}/{p.severity}": p.message for p in found}

    assert "draft_max/error" in problems(draft_max=0, flash_attn=True)
    assert "draft_max/error" in problems(draft_max=33, flash_attn=True)
    assert "draft_gpu_layers/error" in problems(draft_gpu_layers=-2, flash_attn=True)
    assert "flash attention" in problems(flash_attn=False)["draft_model_path/warning"]
    assert "as much as it saves" in problems(flash_attn=True)["draft_model_path/warning"]
    assert not check_config(LoadConfig(sample_model, draft_max=0))  # (no draft: its numbers are not read)


def test_a_draft_guesses_fewer_after_wrong_guesses_and_more_after_right_ones(sample_model: str, cut_draft: str) -> None:
    """How many it guesses next follows how its guesses went (up 2 after one kept whole, down 1 after one cut
    short), so a draft that is often wrong costs a token's guess, not draft_max's; the prompt lookup's
    guesses do not count against it."""
    from desktop.engine.draft import Guesser

    engine = _engine(sample_model, cut_draft, draft_max=8)
    try:
        draft = engine.draft
        assert draft is not None and draft.length == 8
        for _ in range(10):
            draft.taken(draft.length, 0)
        assert draft.length == 1
        draft.taken(1, 1)
        draft.taken(3, 3)
        assert draft.length == 5
        draft.taken(5, 5)
        draft.taken(7, 7)
        assert draft.length == 8
        history = engine.model.tokenize("the cat sat on the mat and the cat sat on the")
        guesser = Guesser(history, [], 8, draft)
        guesser.add(engine.model.tokenize(" mat")[0])
        assert guesser.draft(8, history) and guesser.from_model == 0  # (the lookup found " and the cat...")
        guesser.taken(8, 0)
        assert draft.length == 8
        gen, _ = _reply(engine)
        assert gen.stats.guessed < 0.5 * 8 * len(gen.tokens) and draft.length < 8
    finally:
        engine.close()
