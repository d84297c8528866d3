"""Shared fixtures: the real sample model (fetched once into the models folder), Gemma 3 270M (a test-only
download, see gemma_model.py) with and without a chat template, tiny GGUFs. The fresh-evaluation helpers
live in fresh_eval.py (importable without pytest) and are re-exported here."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from fresh_eval import fresh_greedy, fresh_logits, last_logits  # noqa: E402,F401  (re-exported for the tests)
from tiny_gguf import write_tiny_model  # noqa: E402

from desktop.engine import Engine, LoadConfig  # noqa: E402
from desktop.models import fetch_sample  # noqa: E402

THREADS = 2


@pytest.fixture(autouse=True)
def collect_garbage_in_the_gui_thread(request):
    """As the app does (desktop/ui/main_thread_gc.py): Python's garbage collector never runs in the
    memory monitor's or the engine link's threads, where freeing a closed window deadlocks Qt."""
    qt = "qapp" in request.fixturenames or "qtbot" in request.fixturenames
    if qt:
        from desktop.ui.main_thread_gc import collect_in_main_thread

        collect_in_main_thread(request.getfixturevalue("qapp"))
    yield
    if qt:  # the test's windows are closed and their threads stopped: collect here, then as usual
        import gc

        gc.collect()
        gc.enable()


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
def gemma_it_model(gemma_model: str) -> str:
    """The same Gemma 3 270M with Gemma 3's chat template written in (a cached copy, see gemma_model.py)."""
    from gemma_model import fetch_gemma_it

    return str(fetch_gemma_it())


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


@pytest.fixture(scope="session")
def tiny_mamba(tiny_dir: Path) -> str:
    """A tiny Mamba (a recurrent state, no KV cache)."""
    return str(write_tiny_model(tiny_dir / "tiny-mamba.gguf", "mamba"))


def load(path: str, **kw: object) -> Engine:
    kw.setdefault("n_threads", THREADS)
    return Engine.load(LoadConfig(path, **kw))  # type: ignore[arg-type]


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
