"""A GGUF's header read over HTTP Range requests: the same ModelFacts as for a local file, from the
first megabytes only (every part's header for a split model), before anything big is downloaded."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..engine.metadata import ModelFacts, ModelFileError, NeedMoreBytes, Part, facts_from_prefix, merge_split_facts
from .client import HubClient
from .files import GgufEntry

# Most headers (vocabulary included) end within the first 2-16 MB. Every try parses the header again
# (seconds for a large vocabulary), so the first read is generous and each further one grows fourfold.
FIRST_READ = 2 << 20
LATER_PART_READ = 256 << 10  # later split parts hold only their tensor table
MAX_HEADER = 96 << 20  # a header larger than this is refused (a hostile or broken file)

RangeReader = Callable[[str, int, int], bytes]  # (file name, first byte, last byte) -> bytes


@dataclass(frozen=True)
class RemoteFacts:
    facts: ModelFacts
    bytes_read: int  # over the network, all parts together
    requests: int


def read_remote_facts(client: HubClient, repo_id: str, revision: str, entry: GgufEntry) -> RemoteFacts:
    """Facts of a repo's model (all split parts) from their headers."""
    if not entry.complete:
        raise ModelFileError(entry.name, f"parts of this split model are missing from the repo: {', '.join(entry.missing)}")

    def read(filename: str, start: int, end: int) -> bytes:
        return client.read_range(repo_id, filename, revision, start, end)

    return facts_from_ranges(read, entry)


def facts_from_ranges(read: RangeReader, entry: GgufEntry) -> RemoteFacts:
    total_bytes = total_requests = 0
    first: ModelFacts | None = None
    later: list[Part] = []
    for index, part in enumerate(entry.parts):
        result, used, requests = _read_header(read, part.filename, part.size, index == 0)
        total_bytes += used
        total_requests += requests
        if index == 0:
            assert isinstance(result, ModelFacts)
            first = result
        else:
            assert isinstance(result, tuple)
            later.append(result)
    assert first is not None
    facts = merge_split_facts(first, later) if later else first
    return RemoteFacts(facts, total_bytes, total_requests)


def _read_header(read: RangeReader, filename: str, size: int, first_part: bool) -> tuple[ModelFacts | Part, int, int]:
    """Fetch a growing prefix until the header parses: each step asks only for the bytes not yet read."""
    name = PurePosixPath(filename).name
    data = bytearray()
    want = min(FIRST_READ if first_part else LATER_PART_READ, size)
    requests = 0
    with tempfile.TemporaryDirectory(prefix="fireside-header-", ignore_cleanup_errors=True) as tmp:
        prefix = Path(tmp) / "prefix.gguf"
        while True:
            chunk = read(filename, len(data), want - 1)
            requests += 1
            if len(chunk) != want - len(data):
                raise ModelFileError(name, f"the hub sent {len(chunk)} bytes where {want - len(data)} were asked for")
            data += chunk
            prefix.write_bytes(data)
            try:
                return facts_from_prefix(str(prefix), name, size, first_part), len(data), requests
            except NeedMoreBytes as more:
                if more.end > size:
                    raise ModelFileError(name, "the GGUF header runs past the end of the file") from None
                want = min(size, max(more.end, 4 * len(data)))
                if want > MAX_HEADER:
                    raise ModelFileError(name, f"the GGUF header is larger than {MAX_HEADER >> 20} MB") from None
