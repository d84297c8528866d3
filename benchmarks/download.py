"""Get models against the loopback hub (tests/fake_hub.py): bytes read for the remote fit check,
resuming a dropped and a cancelled download, and download speed next to a plain copy and a plain HTTP GET.

    python benchmarks/download.py --json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fake_hub import SAMPLE_REPO, FakeHub, sample_repos  # noqa: E402

from desktop.models import fetch_sample  # noqa: E402

SAMPLE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SPLIT_FIRST = "SmolLM2-135M-Instruct.Q4_1-split-00001-of-00003.gguf"


def spread(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1), "max": round(max(values), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    sample = str(fetch_sample())
    work = Path(tempfile.mkdtemp(prefix="fireside-bench-download-"))
    hub = FakeHub(sample_repos(sample, work / "hub"))
    os.environ["HF_ENDPOINT"] = hub.endpoint
    import huggingface_hub.constants

    huggingface_hub.constants.HF_HUB_CACHE = str(work / "hf-cache")  # an empty cache: really download
    from desktop.hub.client import HubClient
    from desktop.hub.download import DownloadCancelled, DownloadSpec, run_download
    from desktop.hub.remote_header import read_remote_facts

    client = HubClient()
    details = client.repo(SAMPLE_REPO)
    entries = {e.name: e for e in details.entries}
    out: dict = {"model": SAMPLE, "model_bytes": entries[SAMPLE].size, "rounds": args.rounds}
    try:
        for key, name in (("header", SAMPLE), ("split_header", SPLIT_FIRST)):
            hub.reset_counts()
            started = time.perf_counter()
            remote = read_remote_facts(client, SAMPLE_REPO, details.revision, entries[name])
            out[f"{key}_bytes_read"] = remote.bytes_read
            out[f"{key}_requests"] = remote.requests
            out[f"{key}_seconds"] = round(time.perf_counter() - started, 2)
            out[f"{key}_bytes_served"] = sum(hub.bytes_served.values())
        out["header_bytes_target_met"] = out["header_bytes_read"] < 4 * 1024 * 1024

        def spec(dest: Path) -> DownloadSpec:
            return DownloadSpec(SAMPLE_REPO, details.revision, list(entries[SAMPLE].parts), str(dest))

        expected = hashlib.sha256(Path(sample).read_bytes()).hexdigest()
        size = entries[SAMPLE].size
        # a connection dropped halfway: huggingface_hub resumes it with a Range request
        dest = work / "dropped"
        hub.reset_counts()
        hub.drop_after[SAMPLE] = size // 2
        path = run_download(spec(dest), client, lambda p: None, lambda: False)
        dropped_ok = hashlib.sha256(path.read_bytes()).hexdigest() == expected
        out["dropped_bytes_served_ratio"] = round(hub.served(SAMPLE) / size, 3)
        # cancelled at 40%, then a new run (as after a restart) from the .part file
        dest = work / "cancelled"
        seen = [0]
        try:
            run_download(spec(dest), client, lambda p: seen.__setitem__(0, p.done), lambda: seen[0] > 0.4 * size)
        except DownloadCancelled:
            pass
        kept = spec(dest).bytes_on_disk()
        hub.reset_counts()
        path = run_download(DownloadSpec.from_dict(spec(dest).to_dict()), HubClient(), lambda p: None, lambda: False)
        resumed_ok = hashlib.sha256(path.read_bytes()).hexdigest() == expected and hub.served(SAMPLE) == size - kept
        out["resume_kept_bytes"] = kept
        out["resume_ok"] = dropped_ok and resumed_ok

        import httpx

        download, download_only, plain_http, copy = [], [], [], []
        for i in range(args.rounds):
            dest = work / f"round{i}"
            marks: dict[str, float] = {}
            started = time.perf_counter()
            run_download(spec(dest), client, lambda p: marks.setdefault(p.phase, time.perf_counter()), lambda: False)
            ended = time.perf_counter()
            download.append(size / 1e6 / (ended - started))
            download_only.append(size / 1e6 / (marks["verify"] - started))
            shutil.rmtree(dest)
            target = work / f"plain{i}.gguf"
            started = time.perf_counter()
            with httpx.stream("GET", client.file_url(SAMPLE_REPO, SAMPLE, details.revision)) as resp, target.open("wb") as fh:
                for chunk in resp.iter_bytes(1 << 20):
                    fh.write(chunk)
            plain_http.append(size / 1e6 / (time.perf_counter() - started))
            target.unlink()
            started = time.perf_counter()
            shutil.copyfile(sample, target)
            copy.append(size / 1e6 / (time.perf_counter() - started))
            target.unlink()
        out["mb_per_s"] = spread(download)  # download + SHA-256 check, through huggingface_hub
        out["mb_per_s_before_checksum"] = spread(download_only)
        out["plain_http_mb_per_s"] = spread(plain_http)
        out["plain_copy_mb_per_s"] = spread(copy)
        out["vs_plain_http"] = round(statistics.median(download_only) / statistics.median(plain_http), 2)
        out["vs_plain_copy"] = round(statistics.median(download) / statistics.median(copy), 2)
    finally:
        hub.close()
        shutil.rmtree(work, ignore_errors=True)
    if not args.json:
        for key, value in out.items():
            print(f"{key}: {value}")
    print(json.dumps(out))
    return 0 if out["resume_ok"] and out["header_bytes_target_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
