"""Speculative decoding on story continuation (prompt lookup, draft models): the model continues a story it has read.

    python benchmarks/speculative.py --json [--rounds 5] [--guesses 4 8] [--draft PATH ...] [--draft-layers 8 ...]
    [--draft-max 4] [--kv q8_0]

Greedy, the same prompt, 200 tokens, EOS banned; interleaved rounds, medians. Every side runs with
flash attention (guesses need it: see desktop/engine/native.py), and plain decoding without it is
printed for reference. spec_speedup_K = generation tok/s with up to K guesses / plain's; same_text_K
says whether the text equals plain decoding's in every round; kept_K is the share of guessed tokens
the model confirmed. A draft model (`--draft PATH`, the model itself with `--draft-self`, or the model's
first N layers with `--draft-layers N`, see layer_draft.py) adds `draft_<name>` sides: spec_speedup_<name>,
same_text_<name>, kept_<name>. `--kv q8_0`: a q8_0 K/V cache on every side (the guessed text is then
exactly plain decoding's, see NativeContext.verifies_guesses).
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path

import common
from layer_draft import write_layer_draft

from desktop.engine import Engine, LoadConfig, SamplerSettings  # noqa: E402
from desktop.models import fetch_sample  # noqa: E402

STORY = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "story_continuation.txt"
SYSTEM = "You are a storyteller. Continue the story the user gives, in the same style."


def main() -> int:
    parser = common.parser(__doc__, rounds=5)
    parser.add_argument("--guesses", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--draft", nargs="*", default=[], metavar="PATH", help="draft models to try")
    parser.add_argument("--draft-self", action="store_true", help="the model as its own draft")
    parser.add_argument("--draft-layers", type=int, nargs="*", default=[], metavar="N",
                        help="drafts cut from the model: its first N layers")
    parser.add_argument("--draft-max", type=int, default=4)
    parser.add_argument("--kv", default="f16", help="K and V cache type on every side")
    args = parser.parse_args()
    model = args.model or str(fetch_sample())
    story = STORY.read_text().strip()
    base = LoadConfig(model, n_ctx=args.n_ctx, n_threads=args.threads, type_k=args.kv, type_v=args.kv)
    # (without flash attention a quantized V cache cannot load: that side keeps an f16 V cache)
    engines: dict[object, Engine] = {True: Engine.load(base.replace(flash_attn=True)),
                                     False: Engine.load(base.replace(flash_attn=False, type_v="f16"))}
    sides = [("plain", True, 0), ("plain_no_flash", False, 0)] + [(f"lookup_{k}", True, k) for k in args.guesses]
    scratch = tempfile.TemporaryDirectory()
    drafts = [(Path(p).stem, p) for p in args.draft] + ([("self", model)] if args.draft_self else []) + [
        (f"first{n}", str(write_layer_draft(model, Path(scratch.name) / f"first{n}.gguf", n))) for n in args.draft_layers]
    for name, path in drafts:
        engines[name] = Engine.load(base.replace(flash_attn=True, draft_model_path=path, draft_max=args.draft_max))
        sides.append((f"draft_{name}", name, 0))
    tps: dict[str, list[float]] = {name: [] for name, _, _ in sides}
    texts: dict[str, list[str]] = {name: [] for name, _, _ in sides}
    kept: dict[str, list[float]] = {name: [] for name, _, _ in sides}
    for round_no in range(args.rounds):
        order = sides if round_no % 2 == 0 else list(reversed(sides))
        for name, key, k in order:
            engine = engines[key]
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
    scratch.cleanup()
    med = statistics.median
    result: dict = {"model": Path(model).name, "rounds": args.rounds, "tokens": args.tokens, "kv": args.kv,
                    "draft_max": args.draft_max}
    for name, _, k in sides:
        result[f"{name}_gen_tps"] = round(med(tps[name]), 2)
        result[f"{name}_gen_tps_range"] = [round(min(tps[name]), 2), round(max(tps[name]), 2)]
        label = str(k) if k else name.removeprefix("draft_") if name.startswith("draft_") else ""
        if label:
            result[f"spec_speedup_{label}"] = round(med(tps[name]) / med(tps["plain"]), 4)
            result[f"same_text_{label}"] = all(t == texts["plain"][0] for t in texts[name])
            result[f"kept_{label}"] = round(med(kept[name]), 3) if kept[name] else 0.0
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
