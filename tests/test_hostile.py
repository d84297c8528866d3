"""Every hostile or broken input of the corpus, through the code the window uses: a clear message
naming the file and what is wrong, the app alive, the user's chats unchanged, no label rendering
markup. (`benchmarks/robustness.py` runs the same corpus in child processes with memory and time
limits.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_corpus import Case, build_corpus
from hostile_runner import run_case
from tiny_gguf import write_tiny_model

CORPUS_DIR = Path(__file__).parent / ".hostile-corpus"


def _cases() -> list[Case]:
    return build_corpus(CORPUS_DIR, _tiny())


def _tiny() -> Path:
    path = CORPUS_DIR / "tiny-llama.gguf"
    if not path.exists():
        CORPUS_DIR.mkdir(exist_ok=True)
        write_tiny_model(path, "llama")
    return path


CASES = _cases()


def test_the_corpus_is_large_and_varied() -> None:
    kinds = {c.kind for c in CASES}
    assert len(CASES) >= 40 and kinds == {"gguf", "config", "card", "jsonl", "story", "database"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(qapp, case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRESIDE_CACHE_DIR", str(tmp_path / "cache"))
    outcome = run_case(case, tmp_path / "data", str(_tiny()))
    assert outcome.clear, outcome.to_dict()
