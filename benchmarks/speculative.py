"""Prompt lookup (speculative decoding) on story continuation: the model continues a story it has read.

    python benchmarks/speculative.py --json [--rounds 5] [--guesses 4 8]

Greedy, the same prompt, 200 tokens, EOS banned; interleaved rounds, medians. Every side runs with
flash attention (guesses need it: see desktop/engine/native.py), and plain decoding without it is
printed for reference. spec_speedup_K = generation tok/s with up to K guesses / plain's; same_text_K
says whether the text equals plain decoding's in every round; kept_K is the share of guessed tokens
the model confirmed.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import common

from desktop.engine import Engine, LoadConfig, SamplerSettings  # noqa: E402
from desktop.models import fetch_sample  # noqa: E402

STORY = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "story_continuation.txt"
SYSTEM = "You are a storyteller. Continue the story the user gives, in the same style."


def main() -> int:
    parser = common.parser(__doc__, rounds=5)
    parser.add_argument("--guesses", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--tokens", type=int, default=200)
    args = parser.parse_args()
    model = args.model or str(fetch_sample())
    story = STORY.read_text().strip()
    engines = {fa: Engine.load(LoadConfig(model, n_ctx=args.n_ctx, n_threads=args.threads, flash_attn=fa))
               for fa in (True, False)}
    sides = [("plain", True, 0), ("plain_no_flash", False, 0)] + [(f"lookup_{k}", True, k) for k in args.guesses]
    tps: dict[str, list[float]] = {name: [] for name, _, _ in sides}
    texts: dict[str, list[str]] = {name: [] for name, _, _ in sides}
    kept: dict[str, list[float]] = {name: [] for name, _, _ in sides}
    for round_no in range(args.rounds):
        order = sides if round_no % 2 == 0 else list(reversed(sides))
        for name, fa, k in order:
            engine = engines[fa]
            engine.kv.reset()
            gen = engine.new_chat(SYSTEM).send(story, SamplerSettings(
                temperature=0, repeat_penalty=1.0, max_tokens=args.tokens, ignore_eos=True, lookup_draft=k))
            gen.run()
            tps[name].append(gen.stats.gen_tps)
            texts[name].append(gen.text)
            if gen.stats.guessed:
                kept[name].append(gen.stats.guesses_kept / gen.stats.guessed)
    for engine in engines.values():
        engine.close()
    med = statistics.median
    result: dict = {"model": Path(model).name, "rounds": args.rounds, "tokens": args.tokens}
    for name, _, k in sides:
        result[f"{name}_gen_tps"] = round(med(tps[name]), 2)
        result[f"{name}_gen_tps_range"] = [round(min(tps[name]), 2), round(max(tps[name]), 2)]
        if k:
            result[f"spec_speedup_{k}"] = round(med(tps[name]) / med(tps["plain"]), 4)
            result[f"same_text_{k}"] = all(t == texts["plain"][0] for t in texts[name])
            result[f"kept_{k}"] = round(med(kept[name]), 3) if kept[name] else 0.0
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
