"""Model families through the whole engine path: load, a chat past the window, delete / edit back after shifts,
snapshot resume, the API's trimmed replays (Kobold text and OpenAI chat), the memory planner. Prints JSON.

Models: the sample SmolLM2-135M (ChatML template), Gemma 3 270M base (sliding window 512, no template: plain
format), the same Gemma with Gemma 3's template written in (tests/gemma_model.py fetch_gemma_it), and the tiny
generated GGUFs of tests/tiny_gguf.py: a Mamba (recurrent: no shifting) and an M-RoPE qwen2vl (cannot shift).
Gemma runs with n_ctx 1024, so that its 512 window is smaller than the context; SmolLM2 with 1024, the tiny
models with 512. The scenarios are in tests/family_matrix.py (tests/test_families.py runs them small).

Per model:
- `cut_back_top1_agreement`: the step-by-step top-1 agreement (`teacher_forced_top1` below) of the lower of
  two cut backs; `greedy_agreement` the free-running one. A chat past the window (blocks of 8 scripted messages, each followed by an 8-token
  reply that stays in the chat, 10 blocks: about twice the window, so the window has shifted, or dropped and
  re-read where it cannot shift), then the last 16 messages deleted (chat.sync with the shorter history) and a
  greedy reply of 64 tokens (temperature 0, ignore_eos, repeat_penalty 1.0, the format's stop strings off)
  compared token by token with fresh_greedy on the same prompt tokens (the KV mirror minus the reply) on a
  second context. fresh_greedy decodes the prompt in the batches the engine decoded it in during that turn
  (after n_batch chunks of what was cached before): on Gemma 3 two fresh evaluations of the same 554 tokens
  split 512 + 42 and 512 + 41 + 1 gave greedy replies agreeing on only 81 % of 32 tokens, which says nothing
  about the cache; `agreement_n_batch_chunks` is the comparison with plain n_batch chunks. Then the chat is
  grown past the window again (the 16 messages back and 8 more, shifting again), the fewest newest messages
  that leave room for the reply are deleted, the message four from the new end is edited, and the same
  comparison is made. The figure is the lower of the two. Details also give `first_difference` (the first
  token where the two replies part) and `teacher_forced_top1` (the fresh context fed the engine's reply: the
  share of steps where its argmax is the engine's token, which a single early difference does not drag down).
- `template`: "model's own" when the chat uses the model's GGUF template, "plain" for the built-in format;
  the target is "model's own" for every model that ships a template, else "plain".
- `reprocess_ratio` per API: a chat of 40 turns replayed through the worker's run_completion (as
  tests/test_api_trim.py does), replies of 20 tokens, greedy. `kobold`: a SillyTavern-style text client builds
  the prompt itself: the system text as its story string, then the newest `User:` / `Assistant:` lines that fit
  max_context_length - max_length by its own count (the backend's tokenizer, line by line), then `Assistant:`,
  all in `prompt` as ST sends it; the cut is the client's, and the cache must find the dropped piece
  (prompt_reuse.find_cuts). `openai`: the client sends the system message and the newest messages that fit
  n_ctx - max_tokens by its count, which takes each message (and the system part and reply opener) as 2 %
  shorter than it is, so the prompt it sends is a little over and Fireside's fit_messages trims the rest.
  Per turn, evaluated = prompt tokens evaluated + tokens re-processed (the KV counters over run_completion);
  new = the prompt tokens that neither continue the cache's common prefix with the previous turn's cache
  (previous prompt + reply) nor belong to the longest run of the prompt found again in that cache after it
  (the dropped messages cut out; a piece of up to 64 tokens inserted before the run, such as the empty turn an
  alternating template puts before a new first message, counts as new), at least 1. That is the newly added
  message, the reply opener and the previous reply's closing tokens. ratio = sum(evaluated) / sum(new) over the
  turns where the window is full (the client or Fireside dropped messages), the first request left out. The
  Kobold client's stop sequences are `\nUser:` and `\nAssistant:`; a reply that ends on one has its tokens
  taken out of the cache again. Target <= 1.05 on both APIs; not applicable (null) where the memory cannot
  shift (every trim re-reads the window there).
- `planner_error_pct`: desktop/monitor/planner.py's plan for the load against the buffers llama.cpp logs
  (desktop/monitor/reported.py), as benchmarks/memory_plan.py compares them: the largest error of weights,
  KV (K + V) and compute, in percent of the reported size. Target <= 5. Null, with `planner_null_reason`, for
  the recurrent model: the planner does not model a recurrent state (nor its graph's compute buffer).
- `resume_top1_same`: a chat past the window with an author's note (24 scripted pairs, a 16-token reply and three
  more turns on the full window), saved with SnapshotStore, restored into a freshly loaded engine: true when
  the restored cache equals the saved one token for token, nothing was evaluated again to restore it, and the
  argmax of the next-token logits after one probe token is the same as on the original engine.
- `targets_met`: every target above that applies; `window_moved_before_cut_back` and
  `window_moved_before_snapshot` (shifts happened, or drops where the memory cannot shift) are checked too,
  since without them those figures mean nothing.

Threads: 1 by default. On a 2-core machine shared with other work, two threads' barrier waits dominated (a
tiny model's decode took 190 ms with 2 threads and 0.07 ms with 1; Gemma 3 270M generated 0.5 tokens/s with 2
and 18 with 1 while another test run was going).

Run: .venv/bin/python benchmarks/families.py --json  (about 6-10 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from family_matrix import Family, Sizes, run_family  # noqa: E402

HEADLINE = ("cut_back_top1_agreement", "template", "reprocess_ratio", "planner_error_pct", "resume_top1_same")
NAMES = ("smollm2", "gemma3-base", "gemma3-template", "mamba-tiny", "qwen2vl-tiny")


def families(names: list[str], tiny_dir: Path) -> list[Family]:
    from gemma_model import fetch_gemma, fetch_gemma_it
    from tiny_gguf import write_tiny_model

    from desktop.models import fetch_sample

    out = []
    for name in names:
        if name == "smollm2":
            out.append(Family(name, str(fetch_sample()), 1024))
        elif name == "gemma3-base":
            out.append(Family(name, str(fetch_gemma()), 1024))
        elif name == "gemma3-template":
            out.append(Family(name, str(fetch_gemma_it()), 1024))
        elif name == "mamba-tiny":
            out.append(Family(name, str(write_tiny_model(tiny_dir / "tiny-mamba.gguf", "mamba")), 512, tiny=True))
        elif name == "qwen2vl-tiny":
            out.append(Family(name, str(write_tiny_model(tiny_dir / "tiny-qwen2vl.gguf", "qwen2vl")), 512, tiny=True))
        else:
            raise SystemExit(f"unknown family {name!r} (one of {', '.join(NAMES)})")
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--families", default=",".join(NAMES), help="comma-separated, of: " + ", ".join(NAMES))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    args = p.parse_args()
    sizes = Sizes()
    started = time.perf_counter()
    models = {}
    with tempfile.TemporaryDirectory(prefix="fireside-families-") as tmp:
        for fam in families(args.families.split(","), Path(tmp)):
            row = run_family(fam, sizes, threads=args.threads, folder=Path(tmp))
            models[fam.name] = {**{k: row[k] for k in HEADLINE}, "targets": row["targets"],
                                "targets_met": row["targets_met"],
                                "details": {k: v for k, v in row.items() if k not in HEADLINE + ("targets", "targets_met")}}
            if not args.json:
                print(f"{fam.name}: " + ", ".join(f"{k} {row[k]}" for k in HEADLINE)
                      + f", targets_met {row['targets_met']} ({row['seconds']} s)", file=sys.stderr)
    out = {"models": models, "targets_met": all(m["targets_met"] for m in models.values()),
           "threads": args.threads, "sizes": sizes.__dict__, "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
