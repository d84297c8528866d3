"""A loopback HTTP server that answers the Hugging Face hub routes Fireside and huggingface_hub use.

Routes: GET /api/models (search), GET /api/models/<repo>[/revision/<rev>] (files with sizes and LFS
sha256), HEAD/GET /<repo>/resolve/<rev>/<file> (Range, ETag, X-Repo-Commit, X-Linked-Size). Files are
served from disk. It counts the bytes it sends per file and can misbehave on request: drop the
connection after N bytes, serve bytes that do not match the listed sha256, refuse a gated repo without
the right token, or be gone altogether (close()).
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import numpy as np
from gguf import GGUFReader, GGUFValueType, GGUFWriter

COMMIT = "0123456789abcdef0123456789abcdef01234567"
TOKEN = "hf_fireside_test_token"


@dataclass
class FakeRepo:
    repo_id: str
    files: dict[str, Path]  # name in the repo -> file on disk
    downloads: int = 0
    last_modified: str = "2026-01-01T00:00:00.000Z"
    license: str = "apache-2.0"
    card: str = ""
    gated: bool = False
    corrupt: set[str] = field(default_factory=set)  # files served with their last byte changed


_SHA_CACHE: dict[Path, str] = {}


def _sha256(path: Path) -> str:
    if path not in _SHA_CACHE:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        _SHA_CACHE[path] = digest.hexdigest()
    return _SHA_CACHE[path]


class FakeHub:
    """Start with `FakeHub(repos)`; `endpoint` is what HF_ENDPOINT should say."""

    def __init__(self, repos: list[FakeRepo]) -> None:
        self.repos = {r.repo_id: r for r in repos}
        self.bytes_served: dict[str, int] = {}
        self.drop_after: dict[str, int] = {}  # file name -> bytes to send before dropping (once)
        self.requests: list[tuple[str, str, str]] = []  # (method, path, Range header)
        self.connections: set[socket.socket] = set()
        self.bytes_per_s = 0.0  # > 0: file bodies are sent no faster than this
        self.hang_up_on: set[str] = set()  # paths answered by closing the connection (the server dies mid-request)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-hub", daemon=True)
        self.thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def served(self, name: str) -> int:
        with self.lock:
            return self.bytes_served.get(name, 0)

    def reset_counts(self) -> None:
        with self.lock:
            self.bytes_served.clear()
            self.requests.clear()

    def close(self) -> None:
        """Stop answering: no new connections, and the open (keep-alive) ones are cut."""
        self.server.shutdown()
        self.server.server_close()
        with self.lock:
            for conn in list(self.connections):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def _handler(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: object) -> None:  # quiet
            pass

        def setup(self) -> None:
            super().setup()
            with hub.lock:
                hub.connections.add(self.connection)

        def finish(self) -> None:
            with hub.lock:
                hub.connections.discard(self.connection)
            try:
                super().finish()
            except OSError:
                pass

        def do_HEAD(self) -> None:  # noqa: N802 - http.server's names
            self._route(head=True)

        def do_GET(self) -> None:  # noqa: N802
            self._route(head=False)

        def _route(self, head: bool) -> None:
            url = urlsplit(self.path)
            path = unquote(url.path)
            with hub.lock:
                hub.requests.append((self.command, path, self.headers.get("Range", "")))
                hang_up = path in hub.hang_up_on
            if hang_up:
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return None
            if path == "/api/models":
                return self._json(_search(hub, parse_qs(url.query)))
            m = re.match(r"^/api/models/([^/]+/[^/]+?)(?:/revision/[^/]+)?$", path)
            if m:
                repo = self._repo(m.group(1))
                return repo and self._json(_info(repo))
            m = re.match(r"^/([^/]+/[^/]+)/resolve/([^/]+)/(.+)$", path)
            if m:
                repo = self._repo(m.group(1))
                if repo is None:
                    return None
                if m.group(3) not in repo.files:
                    return self._error(404, "EntryNotFound", f"{m.group(3)} is not in {repo.repo_id}")
                return self._file(repo, m.group(3), head)
            return self._error(404, "", "no such route")

        def _repo(self, repo_id: str) -> FakeRepo | None:
            repo = hub.repos.get(repo_id)
            if repo is None:
                self._error(401, "RepoNotFound", "Repository not found")
                return None
            if repo.gated and self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._error(401, "GatedRepo", f"Access to model {repo_id} is restricted. You must have access "
                                              "to it and be authenticated to access it. Please log in.")
                return None
            return repo

        def _json(self, data: object) -> None:
            body = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _error(self, status: int, code: str, message: str) -> None:
            body = json.dumps({"error": message}).encode()
            self.send_response(status)
            if code:
                self.send_header("X-Error-Code", code)
            self.send_header("X-Error-Message", message)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _file(self, repo: FakeRepo, name: str, head: bool) -> None:
            path = repo.files[name]
            size = path.stat().st_size
            start, end = 0, size - 1
            ranged = re.match(r"^bytes=(\d+)-(\d*)$", self.headers.get("Range", ""))
            if ranged:
                start = int(ranged.group(1))
                end = min(int(ranged.group(2)) if ranged.group(2) else size - 1, size - 1)
                if start >= size:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            self.send_response(206 if ranged else 200)
            etag = f'"{_sha256(path) if name.endswith(".gguf") else "readme"}"'
            self.send_header("ETag", etag)
            if name.endswith(".gguf"):
                self.send_header("X-Linked-Etag", etag)
                self.send_header("X-Linked-Size", str(size))
            self.send_header("X-Repo-Commit", COMMIT)
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(end - start + 1))
            if ranged:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.end_headers()
            if head:
                return
            with hub.lock:
                drop = hub.drop_after.pop(name, None)
            self._send_bytes(path, name, start, end - start + 1, drop, size - 1 if name in repo.corrupt else -1)

        def _send_bytes(self, path: Path, name: str, start: int, count: int, drop: int | None, flip: int) -> None:
            """Send `count` bytes from `start`; the byte at offset `flip` (if in range) is changed."""
            sent = 0
            began = time.monotonic()
            step = 256 << 10 if hub.bytes_per_s else 1 << 20
            with path.open("rb") as fh:
                fh.seek(start)
                while sent < count:
                    if hub.bytes_per_s:
                        time.sleep(max(0.0, sent / hub.bytes_per_s - (time.monotonic() - began)))
                    block = fh.read(min(step, count - sent))
                    if not block:
                        break
                    if drop is not None and sent + len(block) > drop:
                        block = block[:drop - sent]
                    at = flip - start - sent
                    if 0 <= at < len(block):
                        block = block[:at] + bytes([block[at] ^ 0xFF]) + block[at + 1:]
                    try:
                        self.wfile.write(block)
                    except OSError:
                        return
                    sent += len(block)
                    with hub.lock:
                        hub.bytes_served[name] = hub.bytes_served.get(name, 0) + len(block)
                    if drop is not None and sent >= drop:
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)  # the connection drops halfway
                        self.close_connection = True
                        return

    return Handler


def _search(hub: FakeHub, query: dict[str, list[str]]) -> list[dict]:
    text = (query.get("search") or [""])[0].lower()
    sort = (query.get("sort") or ["downloads"])[0]
    limit = int((query.get("limit") or ["50"])[0])
    found = [r for r in hub.repos.values() if text in r.repo_id.lower()]
    key = (lambda r: r.last_modified) if sort in ("lastModified", "last_modified") else (lambda r: r.downloads)
    found.sort(key=key, reverse=True)
    return [_summary(r) for r in found[:limit]]


def _summary(repo: FakeRepo) -> dict:
    return {"_id": repo.repo_id, "id": repo.repo_id, "modelId": repo.repo_id, "author": repo.repo_id.split("/")[0],
            "downloads": repo.downloads, "likes": repo.downloads // 10, "lastModified": repo.last_modified,
            "createdAt": repo.last_modified, "tags": ["gguf", f"license:{repo.license}"], "private": False,
            "gated": "manual" if repo.gated else False, "library_name": "gguf",
            "cardData": {"license": repo.license}}


def _info(repo: FakeRepo) -> dict:
    siblings = []
    for name, path in repo.files.items():
        size = path.stat().st_size
        entry: dict = {"rfilename": name, "size": size, "blobId": "b" * 40}
        if name.endswith(".gguf"):
            entry["lfs"] = {"sha256": _sha256(path), "size": size, "pointerSize": 135}
        siblings.append(entry)
    return {**_summary(repo), "sha": COMMIT, "siblings": siblings}


def write_split(source: str, out_dir: Path, stem: str, max_tensors: int) -> list[Path]:
    """Write `source` again as llama.cpp split files (`stem-00001-of-0000N.gguf`) with ggml's writer."""
    reader = GGUFReader(source)
    arch = str(reader.get_field("general.architecture").contents())
    writer = GGUFWriter(out_dir / f"{stem}.gguf", arch, split_max_tensors=max_tensors)
    for name, f in reader.fields.items():
        if name.startswith("GGUF.") or name == "general.architecture":
            continue
        vtype = f.types[0]
        writer.add_key_value(name, f.contents(), vtype, sub_type=f.types[-1] if vtype == GGUFValueType.ARRAY else None)
    for t in reader.tensors:
        writer.add_tensor_info(t.name, t.data.shape, t.data.dtype, t.data.nbytes, t.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for t in reader.tensors:
        writer.write_tensor_data(np.asarray(t.data))
    writer.close()
    return sorted(out_dir.glob(f"{stem}-*-of-*.gguf"))


SAMPLE_REPO = "fireside-test/SmolLM2-135M-Instruct-GGUF"
CARD = """---
license: apache-2.0
tags: [gguf]
---
# SmolLM2-135M-Instruct GGUF

SmolLM2 is a family of compact language models; this repo holds GGUF files for llama.cpp.

## Files
"""


def sample_repos(sample: str, workdir: Path) -> list[FakeRepo]:
    """The repos the tests browse: the sample model whole and split in three, a gated repo, a repo
    whose file arrives damaged (its checksum does not match)."""
    workdir.mkdir(parents=True, exist_ok=True)
    parts = sorted(workdir.glob("SmolLM2-135M-Instruct.Q4_1-split-*-of-*.gguf"))
    if len(parts) != 3:
        parts = write_split(sample, workdir, "SmolLM2-135M-Instruct.Q4_1-split", 110)
    readme = workdir / "README.md"
    readme.write_text(CARD, encoding="utf-8")
    sample_path = Path(sample)
    files = {sample_path.name: sample_path, "README.md": readme}
    files.update({p.name: p for p in parts})
    return [
        FakeRepo(SAMPLE_REPO, files, downloads=5000, card=CARD),
        FakeRepo("fireside-test/Gated-Model-GGUF", {sample_path.name: sample_path}, downloads=300, gated=True,
                 license="llama3"),
        FakeRepo("fireside-test/Broken-Checksum-GGUF", {sample_path.name: sample_path}, downloads=20,
                 last_modified="2026-06-01T00:00:00.000Z", corrupt={sample_path.name}),
    ]
