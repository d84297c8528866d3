"""Whole prompts sent again and again (the API's clients): the cache keeps what it can, cuts out the
piece a client dropped, and never shifts a memory that cannot shift."""

from __future__ import annotations

import random

import pytest
from conftest import load

from desktop.engine.kv import common_prefix
from desktop.engine.prompt_reuse import ANCHOR, find_cuts, fit_prompt, load_prompt


def apply(cached: list[int], cuts: list[tuple[int, int]]) -> list[int]:
    out = list(cached)
    for start, length in cuts:
        del out[start:start + length]
    return out


def test_a_dropped_middle_piece_is_found_and_cut() -> None:
    memory, dropped, kept, new = list(range(100, 140)), list(range(500, 700)), list(range(1000, 1300)), [7, 8, 9]
    cuts, shared = find_cuts(memory + dropped + kept, memory + kept + new)
    assert cuts == [(40, 200)]
    assert shared == len(memory + kept)


def test_no_cut_when_the_client_only_appended_or_changed_the_end() -> None:
    base = list(range(1000, 1400))
    assert find_cuts(base, base + [1, 2, 3]) == ([], 400)
    assert find_cuts(base, base[:390] + list(range(5000, 5100))) == ([], 390)  # an edited last message


def test_a_short_continuation_is_not_worth_a_cut() -> None:
    cached = list(range(0, 50)) + list(range(500, 600)) + list(range(900, 920))
    prompt = list(range(0, 50)) + list(range(900, 920))  # fewer than ANCHOR tokens follow the piece
    assert find_cuts(cached, prompt) == ([], 50)


def test_a_dropped_piece_that_opens_like_the_kept_text_is_cut_after_the_shared_tokens() -> None:
    memory, kept = list(range(100, 140)), list(range(1000, 1100))
    dropped = kept[:3] + list(range(500, 600))  # "Alice: ..." then "Alice: ..." again
    cuts, shared = find_cuts(memory + dropped + kept, memory + kept, floor=len(memory))
    assert cuts == [(43, 103)] and shared == len(memory + kept)


def test_two_pieces_an_old_note_and_dropped_turns() -> None:
    a, b, c, d = list(range(0, 40)), list(range(100, 180)), list(range(200, 300)), list(range(400, 500))
    note = list(range(900, 920))
    cached = a + b + c + note + d
    prompt = a + c + d + [1, 2]
    cuts, shared = find_cuts(cached, prompt)
    assert len(cuts) == 2 and shared == len(a + c + d)


def test_random_prompts_never_break_the_shared_prefix_promise() -> None:
    rng = random.Random(7)
    for _ in range(300):
        vocab = rng.choice([3, 20, 5000])  # tiny vocabularies repeat themselves everywhere
        cached = [rng.randrange(vocab) for _ in range(rng.randrange(0, 400))]
        pieces = [cached[i:i + rng.randrange(1, 120)] for i in range(0, len(cached), 60)]
        prompt = [t for p in pieces if rng.random() < 0.7 for t in p] + [rng.randrange(vocab) for _ in range(rng.randrange(0, 50))]
        floor = rng.randrange(0, 20)
        cuts, shared = find_cuts(cached, prompt, floor=min(floor, common_prefix(cached, prompt)))
        after = apply(cached, cuts)
        assert common_prefix(after, prompt) == shared
        assert shared >= common_prefix(cached, prompt)
        assert all(start >= min(floor, common_prefix(cached, prompt)) for start, _ in cuts)


def test_fitting_keeps_the_memory_and_the_newest_tokens() -> None:
    tokens = list(range(1000))
    fitted, dropped = fit_prompt(tokens, pinned=100, n_ctx=512, reserve=112)
    assert dropped == 600 and fitted[:100] == tokens[:100] and fitted[100:] == tokens[700:]
    assert fit_prompt(tokens[:300], 100, 512, 112) == (tokens[:300], 0)
    with pytest.raises(ValueError, match="memory"):
        fit_prompt(tokens, pinned=450, n_ctx=512, reserve=100)


# --- on the real model --------------------------------------------------------------------------------

def turns(engine, count: int, start: int = 0) -> list[list[int]]:
    return [engine.model.tokenize(f"\nAlice: Line {i} of the long tale about the river, the mill and the "
                                  f"miller's {i}th grey cat who slept by the wheel.") for i in range(start, start + count)]


def test_the_sillytavern_trim_reuses_the_cache_with_one_cut(sample_model: str) -> None:
    with load(sample_model, n_ctx=1024) as engine:
        kv = engine.kv
        memory = engine.model.tokenize("Bob is a miller. This is a story about Bob and Alice.\n")
        msgs = turns(engine, 30)
        first = memory + [t for m in msgs[:25] for t in m]
        reuse = load_prompt(kv, first, pinned=len(memory))
        assert reuse.evaluated == len(first) and not reuse.cuts
        second = memory + [t for m in msgs[6:30] for t in m]  # the client dropped turns 0-5, added 25-29
        reuse = load_prompt(kv, second, pinned=len(memory))
        kv.check_invariant()
        assert kv.tokens == second
        new_tokens = sum(len(m) for m in msgs[25:30])
        assert reuse.cut_tokens == sum(len(m) for m in msgs[:6])
        assert reuse.evaluated <= new_tokens + 1
        assert reuse.reprocessed == 0 and reuse.shift == "on"
        same = load_prompt(kv, second, pinned=len(memory))  # the same prompt again (a swipe)
        assert same.evaluated == 1 and same.cached_tokens == len(second) - 1


def test_with_shifting_off_it_evaluates_again_and_says_so(sample_model: str) -> None:
    with load(sample_model, n_ctx=1024, context_shift=False) as engine:
        memory = engine.model.tokenize("Memory block.\n")
        msgs = turns(engine, 12)
        load_prompt(engine.kv, memory + [t for m in msgs[:10] for t in m], pinned=len(memory))
        second = memory + [t for m in msgs[3:12] for t in m]
        reuse = load_prompt(engine.kv, second, pinned=len(memory))
        assert reuse.shift == "off" and not reuse.cuts
        assert reuse.reprocessed >= sum(len(m) for m in msgs[3:10]) - 4
        assert engine.kv.tokens == second
        engine.kv.check_invariant()


def test_a_memory_that_cannot_shift_is_never_shifted(tiny_mrope: str) -> None:
    with load(tiny_mrope, n_ctx=256) as engine:
        assert not engine.kv.memory_can_shift
        base = list(range(10, 40))
        dropped = list(range(100, 150))
        kept = list(range(200, 200 + ANCHOR + 20))
        load_prompt(engine.kv, base + dropped + kept, pinned=len(base))
        reuse = load_prompt(engine.kv, base + kept + [5, 6], pinned=len(base))  # would be a cut; must not be
        assert reuse.shift == "unsupported" and not reuse.cuts
        assert engine.kv.tokens == base + kept + [5, 6]
        engine.kv.check_invariant()
