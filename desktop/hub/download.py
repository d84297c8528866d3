"""Download a repo's model into the models folder with `huggingface_hub`, resumable across restarts.

Each file is written to `<name>.part` next to where it will live; a later run continues from the
bytes already there (huggingface_hub's `http_get` asks for the rest with a Range request, and retries
a dropped connection itself). A finished file is checked against the SHA-256 the hub lists for it
(its LFS metadata) before it takes its real name; a mismatch removes it. A file already in the user's
Hugging Face cache at the same commit is copied from there instead of downloaded.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from huggingface_hub.file_download import http_get, try_to_load_from_cache
from huggingface_hub.utils import tqdm as hf_tqdm

from ..models import sha256_of
from .client import HubClient, hub_error
from .files import RemoteFile

log = logging.getLogger("fireside.hub")

DISK_MARGIN = 256 << 20  # kept free beyond the download itself
PART_SUFFIX = ".part"


class DownloadError(RuntimeError):
    """The download stopped; the message says why and what to do."""


class DownloadCancelled(DownloadError):
    """The user stopped the download (its .part files stay, to resume later)."""


class DownloadDamaged(DownloadError):
    """A file did not match the hub's checksum; it was removed (resuming it would not help)."""


@dataclass
class DownloadSpec:
    """What to download: plain data, saved so a download survives closing the app."""

    repo_id: str
    revision: str
    files: list[RemoteFile]
    dest_dir: str
    quant: str = ""

    @property
    def name(self) -> str:
        return PurePosixPath(self.files[0].filename).name

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)

    def target(self, f: RemoteFile) -> Path:
        return Path(self.dest_dir) / PurePosixPath(f.filename).name

    def partial(self, f: RemoteFile) -> Path:
        target = self.target(f)
        return target.with_name(target.name + PART_SUFFIX)

    def bytes_on_disk(self) -> int:
        """Bytes already downloaded (finished files and .part files)."""
        done = 0
        for f in self.files:
            if self.target(f).is_file():
                done += self.target(f).stat().st_size
            elif self.partial(f).is_file():
                done += min(self.partial(f).stat().st_size, f.size)
        return done

    def to_dict(self) -> dict[str, Any]:
        return {"repo_id": self.repo_id, "revision": self.revision, "files": [f.to_dict() for f in self.files],
                "dest_dir": self.dest_dir, "quant": self.quant}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DownloadSpec:
        return cls(str(data["repo_id"]), str(data["revision"]), [RemoteFile.from_dict(f) for f in data["files"]],
                   str(data["dest_dir"]), str(data.get("quant", "")))

    def discard(self) -> None:
        """Remove the partial (.part) files; parts of a split model that already finished stay."""
        for f in self.files:
            self.partial(f).unlink(missing_ok=True)


@dataclass
class DownloadProgress:
    done: int
    total: int
    phase: str  # "download" | "verify" | "copy"
    filename: str
    bytes_per_s: float = 0.0

    @property
    def seconds_left(self) -> float | None:
        if self.bytes_per_s <= 0:
            return None
        return max(self.total - self.done, 0) / self.bytes_per_s


@dataclass
class _Rate:
    """Bytes per second over the last few seconds."""

    window: float = 4.0
    samples: list[tuple[float, int]] = field(default_factory=list)

    def add(self, done: int) -> float:
        now = time.monotonic()
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > self.window:
            self.samples.pop(0)
        t0, d0 = self.samples[0]
        return (done - d0) / (now - t0) if now > t0 else 0.0


Report = Callable[[DownloadProgress], None]
Cancelled = Callable[[], bool]
FreeSpace = Callable[[str], int]


def free_bytes(folder: str) -> int:
    return shutil.disk_usage(folder).free


def run_download(spec: DownloadSpec, client: HubClient, report: Report, cancelled: Cancelled,
                 free_space: FreeSpace = free_bytes) -> Path:
    """Download (or finish downloading) every file of `spec`; returns the model's path (its first part)."""
    Path(spec.dest_dir).mkdir(parents=True, exist_ok=True)
    _check_names(spec)
    needed = spec.size - spec.bytes_on_disk()
    free = free_space(spec.dest_dir)
    if needed + DISK_MARGIN > free:
        raise DownloadError(f"Not enough free disk space in {spec.dest_dir}: {spec.name} needs {_gb(needed)} more, "
                            f"{_gb(free)} is free. Free some space, or choose a smaller quantization.")
    base = 0
    rate = _Rate()
    for f in spec.files:
        target = spec.target(f)

        def progress(done: int, phase: str, name: str = target.name, offset: int = base) -> None:
            speed = rate.add(offset + done) if phase == "download" else 0.0
            report(DownloadProgress(offset + done, spec.size, phase, name, speed))
            if cancelled():
                raise DownloadCancelled("download cancelled")

        if target.is_file():
            _check_existing(target, f, progress)
        else:
            _fetch_file(spec, f, client, progress)
        base += f.size
    log.info("downloaded %s from %s into %s", spec.name, spec.repo_id, spec.dest_dir)
    return spec.target(spec.files[0])


def _check_names(spec: DownloadSpec) -> None:
    for f in spec.files:
        target = spec.target(f)
        if target.is_file() and target.stat().st_size != f.size:
            raise DownloadError(f"{target} already exists and is a different file; rename or delete it first.")


def _check_existing(target: Path, f: RemoteFile, progress: Callable[[int, str], None]) -> None:
    """A file of that name is already in the folder: it counts as downloaded only if it is the same file."""
    if f.sha256 and _sha256(target, progress) != f.sha256.lower():
        raise DownloadError(f"{target} already exists and is a different file; rename or delete it first.")


def _fetch_file(spec: DownloadSpec, f: RemoteFile, client: HubClient, progress: Callable[[int, str], None]) -> None:
    part = spec.partial(f)
    cached = try_to_load_from_cache(spec.repo_id, f.filename, revision=spec.revision)
    if isinstance(cached, str) and os.path.getsize(cached) == f.size:
        log.info("%s is in the Hugging Face cache; copying it from %s", f.filename, cached)
        _copy(Path(cached), part, progress)
    else:
        if part.is_file() and part.stat().st_size > f.size:
            part.unlink()
        resume = part.stat().st_size if part.is_file() else 0
        try:
            with part.open("ab") as fh:
                http_get(client.file_url(spec.repo_id, f.filename, spec.revision), fh, resume_size=resume,
                         headers=client.headers(), expected_size=f.size, displayed_filename=part.name,
                         tqdm_class=_progress_bar(progress, resume))
        except DownloadCancelled:
            raise
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DownloadError(f"The disk is full ({spec.dest_dir}); {part.name} is kept to resume once "
                                    "there is space.") from exc
            raise DownloadError(f"Downloading {f.filename} failed: {exc}. Start it again to resume.") from exc
        except Exception as exc:  # network and hub errors: say what to do
            raise DownloadError(f"{hub_error(exc, spec.repo_id)} The part already downloaded is kept; start it "
                                "again to resume.") from exc
    _verify(part, f, progress)
    os.replace(part, spec.target(f))


def _verify(part: Path, f: RemoteFile, progress: Callable[[int, str], None]) -> None:
    if part.stat().st_size != f.size:
        raise DownloadError(f"{f.filename} arrived with {part.stat().st_size} bytes, the hub lists {f.size}.")
    if not f.sha256:
        log.warning("the hub lists no SHA-256 for %s; not checked", f.filename)
        return
    digest = _sha256(part, progress)
    if digest != f.sha256.lower():
        part.unlink(missing_ok=True)
        raise DownloadDamaged(f"{f.filename} is damaged: its SHA-256 is {digest[:16]}..., the hub lists "
                              f"{f.sha256[:16]}.... The file was removed; download it again.")


def _sha256(path: Path, progress: Callable[[int, str], None]) -> str:
    return sha256_of(path, lambda done: progress(done, "verify"))


def _copy(src: Path, dest: Path, progress: Callable[[int, str], None]) -> None:
    done = 0
    with src.open("rb") as fin, dest.open("wb") as fout:
        while block := fin.read(8 << 20):
            fout.write(block)
            done += len(block)
            progress(done, "copy")


def _progress_bar(progress: Callable[[int, str], None], start: int) -> type[hf_tqdm]:
    """A silent tqdm for huggingface_hub that reports bytes (and stops the download when cancelled)."""

    class ProgressBar(hf_tqdm):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)
            self.bytes_done = start

        def update(self, n: float | None = 1) -> bool | None:
            self.bytes_done += int(n or 0)
            progress(self.bytes_done, "download")
            return None

    return ProgressBar


def _gb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e8 else f"{n / 1e6:.0f} MB"
