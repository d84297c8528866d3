"""Shared fixtures: the real sample model (fetched once into the models folder), Gemma 3 270M (a test-only
download, see gemma_model.py), tiny GGUFs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from desktop.engine import Engine, LoadConfig  # noqa: E402
from desktop.engine.native import NativeContext, context_params  # noqa: E402
from desktop.models import fetch_sample  # noqa: E402
from tiny_gguf import write_tiny_model  # noqa: E402

THREADS = 2


@pytest.fixture(scope="session")
def sample_model() -> str:
    """The SmolLM2-135M sample model. Fetched on first use; a failure to fetch fails the tests."""
    return str(fetch_sample())


@pytest.fixture(scope="session")
def gemma_model() -> str:
    """Gemma 3 270M Q4_K_M (sliding-window attention, Q4_K weights). Fetched and checked on first use, then
    kept; a failure to fetch fails the tests."""
    from gemma_model import fetch_gemma

    return str(fetch_gemma())


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tiny")


@pytest.fixture(scope="session")
def tiny_llama(tiny_dir: Path) -> str:
    return str(write_tiny_model(tiny_dir / "tiny-llama.gguf", "llama"))


@pytest.fixture(scope="session")
def tiny_mrope(tiny_dir: Path) -> str:
    """A tiny M-RoPE (qwen2vl) model: llama.cpp cannot shift its memory."""
    return str(write_tiny_model(tiny_dir / "tiny-qwen2vl.gguf", "qwen2vl"))


def load(path: str, **kw: object) -> Engine:
    kw.setdefault("n_threads", THREADS)
    return Engine.load(LoadConfig(path, **kw))  # type: ignore[arg-type]


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


@pytest.fixture(scope="session")
def hub_repos(sample_model: str, tmp_path_factory: pytest.TempPathFactory) -> list:
    """The loopback hub's repos (the sample model whole and split in three, gated, damaged in transit)."""
    from fake_hub import sample_repos

    return sample_repos(sample_model, tmp_path_factory.mktemp("hub-files"))


@pytest.fixture
def hub(hub_repos: list, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A loopback Hugging Face hub with HF_ENDPOINT pointing at it, and an empty HF cache."""
    import huggingface_hub.constants
    from fake_hub import FakeHub

    server = FakeHub(hub_repos)
    monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "hf-token"))
    yield server
    server.close()


def fresh_greedy(engine: Engine, prompt: list[int], count: int) -> list[int]:
    """Evaluate `prompt` from scratch on a second context of the same model, then decode `count` tokens
    greedily (end-of-generation tokens banned, as with ignore_eos): what a cache that lost nothing gives."""
    native = NativeContext(engine.model, context_params(engine.config, engine.rope))
    banned = engine.model.eog_tokens()
    try:
        for i in range(0, len(prompt), native.n_batch):
            native.decode(prompt[i:i + native.n_batch], i)
        out: list[int] = []
        for i in range(count):
            logits = last_logits(native.ptr, engine.model.n_vocab)
            logits[banned] = -np.inf
            out.append(int(np.argmax(logits)))
            native.decode_one(out[-1], len(prompt) + i)
        return out
    finally:
        native.close()
