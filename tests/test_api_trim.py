"""API prompts over the window: whole messages are trimmed (never inside a template's markers), at the
same place turn after turn, so the cache holds; a text prompt that starts with BOS gets no second one."""

from __future__ import annotations

import pytest
from conftest import load

from desktop.worker.api_job import ApiCache, Completion, prompt_pieces, run_completion

SYSTEM = "[Seraphina's Personality= kind, protective, a forest guardian]\nYou are Seraphina."


@pytest.fixture(scope="module")
def engine(sample_model: str):
    eng = load(sample_model, n_ctx=512)
    yield eng
    eng.close()


def chat_job(messages: list[dict[str, str]], max_tokens: int = 16) -> Completion:
    return Completion(kind="chat", sink=lambda *_: None, messages=messages,
                      sampler={"max_tokens": max_tokens, "temperature": 0.0, "ignore_eos": True, "seed": 1})


def run(engine, job: Completion, cache: ApiCache) -> dict:
    return run_completion(engine, job, cache, lambda _gen: None, lambda _p: None)


def test_chat_over_the_window_trims_whole_messages_and_keeps_the_cache(engine) -> None:
    engine.kv.reset()
    cache = ApiCache()
    messages = [{"role": "system", "content": SYSTEM}]
    pinned_text = engine.chat_format.format.system(SYSTEM)
    pinned = [engine.model.bos] * engine.model.add_bos + engine.model.tokenize(pinned_text)
    over = 0
    for turn in range(24):
        messages.append({"role": "user", "content": f"Turn {turn}: tell me about glade number {turn} of the forest."})
        job = chat_job(list(messages))
        pieces = prompt_pieces(engine, job)
        result = run(engine, job, cache)
        reuse = result["reuse"]
        cached = engine.kv.tokens
        # the pinned header is whole, and what follows it opens a message (<|im_start|>), never its middle
        assert cached[:len(pinned)] == pinned
        assert engine.model.detokenize(cached[len(pinned):len(pinned) + 1], special=True) == "<|im_start|>"
        if reuse["truncated"]:
            over += 1
            # only the new turn is read: the user message, the reply opener, the last reply's closing
            assert reuse["evaluated"] <= len(pieces.pieces[-1]) + len(pieces.tail) + 8, reuse
            assert reuse["reprocessed"] == 0
        messages.append({"role": "assistant", "content": result["text"]})
    assert over >= 8  # the chat outgrew the window for many turns


def test_a_text_prompt_that_starts_with_bos_gets_one(gemma_model: str) -> None:
    with load(gemma_model, n_ctx=256) as gemma:
        assert gemma.model.add_bos
        bos = gemma.model.bos
        once = prompt_pieces(gemma, Completion(kind="text", sink=lambda *_: None, prompt="<bos>Once upon a time")).tokens
        plain = prompt_pieces(gemma, Completion(kind="text", sink=lambda *_: None, prompt="Once upon a time")).tokens
        assert once == plain and plain[0] == bos and plain.count(bos) == 1
        memory = prompt_pieces(gemma, Completion(kind="text", sink=lambda *_: None, memory="<bos>Notes.", prompt="Go")).tokens
        assert memory.count(bos) == 1
