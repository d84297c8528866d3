"""Hugging Face hub calls through `huggingface_hub`: search GGUF repos, list a repo's files with sizes and
checksums, read byte ranges of a file. Every failure becomes a HubError that says what to do.

The endpoint is read from HF_ENDPOINT when a client is made (not when huggingface_hub is imported), so a
mirror set in the environment, or the tests' loopback hub, is honoured. The token is the one the user
gave Fireside, else huggingface_hub's own (HF_TOKEN or `hf auth login`).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from huggingface_hub.errors import (
    EntryNotFoundError,
    GatedRepoError,
    HfHubHTTPError,
    OfflineModeIsEnabled,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.file_download import hf_hub_url
from huggingface_hub.hf_api import HfApi, ModelInfo
from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

from .files import GgufEntry, RemoteFile, group_gguf
from .reach import REASON_TEXT, problem_of

log = logging.getLogger("fireside.hub")

DEFAULT_ENDPOINT = "https://huggingface.co"
TIMEOUT = 20.0
SORTS = ("downloads", "last_modified", "likes")
CARD_LIMIT = 256 * 1024  # bytes of a model card read for its summary


def hub_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


class HubError(RuntimeError):
    """A hub call failed; `kind` is "gated", "not found", "auth", "offline" or "server". For "offline",
    `reason` is a reach.REASON_TEXT key and `detail` the technical cause (for the log, not the message)."""

    def __init__(self, kind: str, message: str, reason: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class RepoSummary:
    repo_id: str
    downloads: int
    likes: int
    updated: str  # ISO date
    license: str
    gated: bool


@dataclass(frozen=True)
class RepoDetails:
    repo_id: str
    revision: str  # the commit the file list belongs to (downloads use it, so all parts match)
    license: str
    gated: bool
    summary: str
    entries: list[GgufEntry] = field(default_factory=list)


class HubClient:
    def __init__(self, token: str | None = None, endpoint: str | None = None) -> None:
        self.endpoint = (endpoint or hub_endpoint()).rstrip("/")
        self.token = token or None  # None: huggingface_hub's stored token, if any
        self.api = HfApi(endpoint=self.endpoint, token=self.token)

    def search(self, query: str, sort: str = "downloads", limit: int = 40) -> list[RepoSummary]:
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
        # One request, as HfApi.list_models makes it, but without its five retries with back-off (23 s of
        # "Searching..." when the network is gone); the window offers Retry instead.
        params: dict[str, Any] = {"filter": ["gguf"], "sort": "lastModified" if sort == "last_modified" else sort,
                                  "limit": limit, "cardData": True}
        if query.strip():
            params["search"] = query.strip()
        with translated("the search", self.endpoint):
            resp = get_session().get(f"{self.endpoint}/api/models", params=params, headers=self.headers(),
                                     timeout=TIMEOUT)
            hf_raise_for_status(resp)
            found = [ModelInfo(**{"siblings": None, **item}) for item in resp.json()[:limit]]
        return [RepoSummary(m.id, int(m.downloads or 0), int(m.likes or 0), _date(m.last_modified),
                            _license(m), bool(m.gated)) for m in found]

    def repo(self, repo_id: str) -> RepoDetails:
        with translated(repo_id, self.endpoint):
            info = self.api.model_info(repo_id, files_metadata=True, timeout=TIMEOUT)
        files = [RemoteFile(s.rfilename, int(s.size if s.size is not None else (s.lfs.size if s.lfs else 0)),
                            s.lfs.sha256 if s.lfs else "") for s in info.siblings or []]
        revision = info.sha or "main"
        summary = self._card_summary(repo_id, revision) if any(f.filename == "README.md" for f in files) else ""
        return RepoDetails(info.id, revision, _license(info), bool(info.gated), summary, group_gguf(files))

    def file_url(self, repo_id: str, filename: str, revision: str) -> str:
        return hf_hub_url(repo_id, filename, revision=revision, endpoint=self.endpoint)

    def headers(self) -> dict[str, str]:
        return build_hf_headers(token=self.token, library_name="fireside")

    def read_range(self, repo_id: str, filename: str, revision: str, start: int, end: int) -> bytes:
        """Bytes start..end (inclusive) of a file. Reads no more than that even from a server that
        ignores Range (it stops reading and closes the connection)."""
        want = end - start + 1
        headers = {**self.headers(), "Range": f"bytes={start}-{end}", "Accept-Encoding": "identity"}
        with translated(filename, self.endpoint):
            with get_session().stream("GET", self.file_url(repo_id, filename, revision), headers=headers,
                                      timeout=TIMEOUT) as resp:
                hf_raise_for_status(resp)
                if resp.status_code == 200 and start > 0:
                    raise HubError("server", "the server does not answer range requests")
                data = bytearray()
                for chunk in resp.iter_bytes(chunk_size=1 << 16):
                    data += chunk
                    if len(data) >= want:
                        break
        return bytes(data[:want])

    def _card_summary(self, repo_id: str, revision: str) -> str:
        try:
            text = self.read_range(repo_id, "README.md", revision, 0, CARD_LIMIT - 1).decode("utf-8", "replace")
        except HubError as exc:
            log.info("no model card for %s: %s", repo_id, exc)
            return ""
        return card_summary(text)


def card_summary(markdown: str, limit: int = 600) -> str:
    """The first paragraph of prose in a model card (front matter, headings, tables, images and HTML skipped)."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.strip().splitlines()]
        if not lines or lines[0].startswith(("#", "|", "!", "<", "```", "---", ">")):
            continue
        prose = " ".join(lines)
        prose = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", prose)  # links keep their text
        prose = re.sub(r"[*_`]", "", prose).strip()
        if len(prose) >= 20:
            return prose if len(prose) <= limit else prose[:limit - 1].rstrip() + "…"
    return ""


class translated:  # noqa: N801 - used as a context manager
    """Turn huggingface_hub's and the network's errors into a HubError that tells the user what to do."""

    def __init__(self, what: str, endpoint: str | None = None) -> None:
        self.what = what
        self.endpoint = endpoint

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, _tb: Any) -> Literal[False]:
        if exc is None or isinstance(exc, HubError) or not isinstance(exc, Exception):
            return False
        raise hub_error(exc, self.what, self.endpoint) from exc


def hub_error(exc: Exception, what: str, endpoint: str | None = None) -> HubError:
    endpoint = (endpoint or hub_endpoint()).rstrip("/")
    if isinstance(exc, GatedRepoError):
        return HubError("gated", f"{what} is gated: open {endpoint}/{what} in a browser, accept its terms, then "
                                 "give Fireside a Hugging Face access token (huggingface.co > Settings > Access "
                                 "Tokens) in the Token field, or log in with `hf auth login`.")
    if isinstance(exc, RepositoryNotFoundError):
        return HubError("not found", f"{what} was not found. Check the name; a private repo needs an access token "
                                     "in the Token field.")
    if isinstance(exc, (EntryNotFoundError, RevisionNotFoundError)):
        return HubError("not found", f"{what} is no longer on the hub (the repo changed); search again.")
    if isinstance(exc, OfflineModeIsEnabled):
        return HubError("offline", "huggingface_hub is in offline mode (HF_HUB_OFFLINE is set).", "offline_mode",
                        str(exc))
    if isinstance(exc, HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else 0
        if status in (401, 403):
            return HubError("auth", f"The hub refused access to {what} ({status}): the access token is missing, "
                                    "wrong or lacks read permission.")
        return HubError("server", f"The hub answered {status or 'an error'} for {what}: {str(exc).splitlines()[0]}")
    detail = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
    log.warning("hub call for %s failed: %s", what, detail)
    reason = problem_of(exc) or "other"  # plain words in the message; the errno stays in the log and `detail`
    return HubError("offline", f"Cannot reach {endpoint}: {REASON_TEXT[reason]}. Check the connection and try "
                               "again.", reason, detail)


def _date(value: Any) -> str:
    return value.date().isoformat() if hasattr(value, "date") else str(value or "")[:10]


def _license(info: Any) -> str:
    card = getattr(info, "card_data", None) or getattr(info, "cardData", None)
    found = card.get("license") if card is not None and hasattr(card, "get") else None
    if not found:
        found = next((t.removeprefix("license:") for t in (info.tags or []) if t.startswith("license:")), "")
    return str(found or "")
