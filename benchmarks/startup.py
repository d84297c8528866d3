"""Time from process start to the main window being shown (`python -m desktop --startup-probe`).

Each round is a fresh process (offscreen, a throwaway data folder). Prints JSON: rounds,
median_s, max_s (target: shown in under 1.5 s).
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

from common import parser

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    args = parser(__doc__, rounds=5).parse_args()
    times = []
    for _ in range(args.rounds):
        run = subprocess.run([sys.executable, "-m", "desktop", "--startup-probe"], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
        found = re.search(r"window shown ([\d.]+) s", run.stdout)
        if run.returncode != 0 or not found:
            print(run.stdout, run.stderr, file=sys.stderr)
            return 1
        times.append(float(found.group(1)))
    out = {"rounds": len(times), "median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3),
           "all_s": times}
    if not args.json:
        print(f"window shown after {out['median_s']} s (median of {len(times)})", file=sys.stderr)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
