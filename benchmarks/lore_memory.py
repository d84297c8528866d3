"""Lorebooks and long-term memory over a long scripted roleplay: what the cache re-reads.

    python benchmarks/lore_memory.py --model PATH --json [--turns 300] [--n-ctx 2048]

Plays tests/lore_roleplay.py's roleplay (a 40-entry lorebook whose entries flicker on and off, facts
planted in early turns that shift out of the window) three times on the real engine:
- Fireside's placement with the memory on: lore_reprocessed_per_turn_median/_max (tokens evaluated per
  turn beyond the new messages, the reply opener and newly placed entries' own tokens; target 0 median
  and max <= the largest entry), memory_update_reprocessed (beyond the memory's own tokens; target 0),
  reply_delay_ms (added to the next reply by a background summary, median over every turn and over the
  turns whose send found one running: the send cancels it);
- the naive placement (active entries in the pinned block after the card, SillyTavern's default),
  memory off: naive_reprocessed_per_turn_median;
- evicted_fact_recall at the end of the first run: for each planted fact whose turn left the window,
  the teacher-forced log-likelihood gain of its answer with the memory as the cache holds it (placed
  in the chat, as the app does), and with the memory evaluated fresh at the top, each against the
  history without memory (placement_fidelity = kept gain / fresh gain; target >= 0.9);
- with --splice-turns N, the same with the memory spliced in after the pinned block instead.
The last line of stdout is the JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from lore_roleplay import Roleplay, evicted_fact_recall  # noqa: E402


def main() -> None:
    p = common.parser(__doc__ or "", rounds=1)
    p.add_argument("--turns", type=int, default=300)
    p.add_argument("--naive-turns", type=int, default=None, help="turns of the naive run (default: --turns; 0: skip)")
    p.add_argument("--splice-turns", type=int, default=0,
                   help="also play this many turns with the memory spliced in after the pinned block, for comparison")
    args = p.parse_args()
    out: dict = {"turns": args.turns, "n_ctx": args.n_ctx}
    engine = common.load_engine(args)
    started = time.perf_counter()
    play = Roleplay(engine, args.turns, naive=False, memory=True)
    run = play.play().summary()
    out.update({"lore_reprocessed_per_turn_median": run["reprocessed_per_turn_median"],
                "lore_reprocessed_per_turn_max": run["reprocessed_per_turn_max"],
                "largest_entry_tokens": run["largest_entry_tokens"],
                "memory_update_reprocessed": run["memory_update_reprocessed_max"],
                "reply_delay_ms_median": run["reply_delay_ms_median"], "reply_delay_ms_max": run["reply_delay_ms_max"],
                "reply_delay_ms_median_when_summarizing": run["delay_when_running_ms_median"],
                "fireside": run, "fireside_seconds": time.perf_counter() - started})
    recall = evicted_fact_recall(play)
    out["evicted_fact_recall"] = recall
    out["memory_text"] = play.conv.memory.text()
    if args.splice_turns:
        engine.kv.reset()
        spliced = Roleplay(engine, args.splice_turns, memory_in_chat=False)
        run = spliced.play().summary()
        out["memory_spliced_at_top"] = {"run": run, "evicted_fact_recall": evicted_fact_recall(spliced)}
    naive_turns = args.turns if args.naive_turns is None else args.naive_turns
    if naive_turns:
        engine.kv.reset()
        started = time.perf_counter()
        naive = Roleplay(engine, naive_turns, naive=True, memory=False).play().summary()
        out.update({"naive_reprocessed_per_turn_median": naive["reprocessed_per_turn_median"], "naive": naive,
                    "naive_seconds": time.perf_counter() - started})
    engine.close()
    if not args.json:
        print(json.dumps(out, indent=2))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
