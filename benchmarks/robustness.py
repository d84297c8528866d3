"""Robustness: every case of the hostile-input corpus in its own child process, with a memory limit
and a time limit, through the code the window uses (tests/hostile_runner.py).

Counts `cases`, `clear_errors` (refused with a message naming the file and what is wrong),
`accepted` (taken, as the case expects, e.g. a card with markup shown as text), `crashes` (the
child died or printed no outcome), `hangs` (over the time limit), `partial_writes` (a refused
input changed the user's chats), `rich_text_labels` (labels that would render markup) and
`unclear` (any other outcome). Targets: 0 crashes, 0 hangs, 0 partial writes, 0 rich-text labels.

    python benchmarks/robustness.py --json [--memory-mb 3072] [--timeout 90]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from hostile_corpus import build_corpus  # noqa: E402
from tiny_gguf import write_tiny_model  # noqa: E402

RUNNER = ROOT / "tests" / "hostile_runner.py"


def run(memory_mb: int, timeout: float, only: str = "") -> dict:
    corpus = Path(tempfile.mkdtemp(prefix="fireside-corpus-"))
    tiny = write_tiny_model(corpus / "tiny-llama.gguf", "llama")
    cases = [c for c in build_corpus(corpus, tiny) if only in c.name]
    limit = memory_mb * 1024 * 1024

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    counts = {"cases": len(cases), "clear_errors": 0, "accepted": 0, "crashes": 0, "hangs": 0, "partial_writes": 0,
              "rich_text_labels": 0, "unclear": 0}
    rows = []
    started = time.perf_counter()
    for case in cases:
        data = Path(tempfile.mkdtemp(prefix="fireside-case-"))
        cmd = [sys.executable, str(RUNNER), case.name, "--corpus", str(corpus), "--model", str(tiny), "--data", str(data)]
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, preexec_fn=limits)
        except subprocess.TimeoutExpired:
            counts["hangs"] += 1
            rows.append({"name": case.name, "outcome": "hang"})
            continue
        try:
            outcome = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            outcome = None
        if proc.returncode != 0 or outcome is None:
            counts["crashes"] += 1
            rows.append({"name": case.name, "outcome": "crash", "returncode": proc.returncode,
                         "stderr": proc.stderr[-400:]})
            continue
        counts["rich_text_labels"] += outcome["rich_text_labels"]
        if outcome["expect"] == "refused" and outcome["db_changed"]:
            counts["partial_writes"] += 1
        if outcome["clear"]:
            counts["accepted" if outcome["result"] == "accepted" else "clear_errors"] += 1
        else:
            counts["unclear"] += 1
        rows.append({"name": case.name, "outcome": outcome["result"], "clear": outcome["clear"],
                     "seconds": round(time.perf_counter() - t0, 2), "message": outcome["message"][:160]})
    counts["seconds"] = round(time.perf_counter() - started, 1)
    counts["memory_limit_mb"] = memory_mb
    counts["time_limit_s"] = timeout
    return {"summary": counts, "rows": rows}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--memory-mb", type=int, default=3072)
    p.add_argument("--timeout", type=float, default=90)
    p.add_argument("--only", default="", help="run only the cases whose name contains this")
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    args = p.parse_args()
    result = run(args.memory_mb, args.timeout, args.only)
    if not args.json:
        for row in result["rows"]:
            print(row)
    print(json.dumps(result["summary"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
