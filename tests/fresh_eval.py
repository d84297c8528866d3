"""The reference side of a comparison: a model's tokens evaluated from scratch on a second context.

Importable without pytest (benchmarks/families.py uses it); tests/conftest.py re-exports it."""

from __future__ import annotations

import numpy as np

from desktop.engine import Engine
from desktop.engine.native import NativeContext, context_params


def last_logits(ctx_ptr: object, n_vocab: int) -> np.ndarray:
    import llama_cpp as ll

    return np.ctypeslib.as_array(ll.llama_get_logits_ith(ctx_ptr, -1), shape=(n_vocab,)).copy()


def fresh_logits(engine: Engine, tokens: list[int]) -> np.ndarray:
    """Evaluate `tokens` from scratch on a second context of the same model; return the last logits."""
    native = NativeContext(engine.model, context_params(engine.config, engine.rope))
    try:
        for i in range(0, len(tokens), native.n_batch):
            native.decode(tokens[i:i + native.n_batch], i)
        return last_logits(native.ptr, engine.model.n_vocab)
    finally:
        native.close()


def _decode_prompt(native: NativeContext, prompt: list[int], batches: list[int] | None) -> None:
    """The prompt in n_batch chunks, or in `batches` (sizes adding up to its length)."""
    if batches is None:
        batches = [min(native.n_batch, len(prompt) - i) for i in range(0, len(prompt), native.n_batch)]
    if sum(batches) != len(prompt):
        raise ValueError(f"batches {batches} do not cover the {len(prompt)} prompt tokens")
    pos = 0
    for size in batches:
        native.decode(prompt[pos:pos + size], pos)
        pos += size


def fresh_greedy(engine: Engine, prompt: list[int], count: int, batches: list[int] | None = None) -> list[int]:
    """Evaluate `prompt` from scratch on a second context of the same model, then decode `count` tokens
    greedily (end-of-generation tokens banned, as with ignore_eos): what a cache that lost nothing gives.

    `batches`: the prompt's batch sizes (default n_batch chunks). llama.cpp's results depend on them on some
    models (Gemma 3's Q4_K weights: two fresh evaluations of 554 tokens, split 512 + 42 and 512 + 41 + 1, gave
    greedy replies that agreed on 81 % of 32 tokens), so a comparison with a cache can split as it did."""
    native = NativeContext(engine.model, context_params(engine.config, engine.rope))
    banned = engine.model.eog_tokens()
    try:
        _decode_prompt(native, prompt, batches)
        out: list[int] = []
        for i in range(count):
            logits = last_logits(native.ptr, engine.model.n_vocab)
            logits[banned] = -np.inf
            out.append(int(np.argmax(logits)))
            native.decode_one(out[-1], len(prompt) + i)
        return out
    finally:
        native.close()


def fresh_forced(engine: Engine, prompt: list[int], tokens: list[int], batches: list[int] | None = None) -> list[int]:
    """The argmax a fresh evaluation of `prompt` gives at each step when fed `tokens` (teacher-forced:
    one early difference does not carry over to every later step as in a free-running greedy comparison)."""
    native = NativeContext(engine.model, context_params(engine.config, engine.rope))
    banned = engine.model.eog_tokens()
    try:
        _decode_prompt(native, prompt, batches)
        out: list[int] = []
        for i, token in enumerate(tokens):
            logits = last_logits(native.ptr, engine.model.n_vocab)
            logits[banned] = -np.inf
            out.append(int(np.argmax(logits)))
            native.decode_one(token, len(prompt) + i)
        return out
    finally:
        native.close()
