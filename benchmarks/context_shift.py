"""Next-token latency when the window overflows: context shifting against truncate-and-re-evaluate.

    python benchmarks/context_shift.py --model PATH --n-ctx 2048 --json

A chat of many turns fills the window. Each round generates tokens until the window is full, then
times the next token: the engine shifts the oldest turns out (shift_ms). The same step done the
old way, truncating after the pinned prefix and evaluating the kept tokens again on a second
context, gives reprocess_ms, and also a fresh evaluation whose top-1 token is compared with the
shifted cache's (top1_agreement). The last line of stdout is JSON. Target: speedup >= 50 and
0 tokens re-processed by shifting.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import common  # noqa: E402  (puts the project on sys.path)
import llama_cpp as ll
import numpy as np

from desktop.engine.kv import MirrorMismatch  # noqa: E402

SYSTEM = "You are the narrator of a long sea story. Keep every detail consistent."
LINES = [
    "The ship left the harbour at dawn with twelve sailors and a cat named Pepper.",
    "By noon the wind turned, and the captain ordered the sails reefed.",
    "Pepper found a hidden map rolled inside a barrel of salted fish.",
    "The map showed an island shaped like a crescent moon, far to the south.",
    "A storm chased them for three nights; the mast cracked but held.",
    "On the fourth morning they saw the island, green and silent.",
]


def argmax_logits(ctx_ptr, n_vocab: int) -> int:
    return int(np.argmax(np.ctypeslib.as_array(ll.llama_get_logits_ith(ctx_ptr, -1), shape=(n_vocab,))))


def main() -> int:
    parser = common.parser(__doc__, rounds=6)
    args = parser.parse_args()
    engine = common.load_engine(args)
    model_path = engine.config.model_path
    kv = engine.kv
    n_vocab = engine.model.n_vocab
    ref = common.second_context(engine)
    chat = engine.new_chat(SYSTEM)
    pinned = chat.pinned_tokens
    shift_ms, reprocess_ms, agree = [], [], []
    consistent = True
    line = 0
    for round_no in range(args.rounds):
        # Fill the window with turns (each a cache span), then with "generated" tokens up to the brim.
        while kv.free > 120:
            chat.add_message("user", f"Part {line}: {LINES[line % len(LINES)]}")
            chat.add_message("assistant", f"Noted, part {line}.")
            line += 1
            kv.load(pinned, chat.spans(), chat.timeline)
        key = chat.messages[-1].id
        while kv.free > 0:
            kv.append(key, argmax_logits(kv.native.ptr, n_vocab))
        next_token = argmax_logits(kv.native.ptr, n_vocab)
        before = len(kv.events)

        t0 = time.perf_counter()
        kv.append(key, next_token)  # overflows: shifts the oldest turns out, then decodes
        shift_ms.append((time.perf_counter() - t0) * 1000)
        event = kv.events[before]
        try:
            kv.check_invariant()
        except MirrorMismatch:
            consistent = False
        consistent = consistent and kv.tokens[: len(pinned)] == pinned
        shifted_top1 = argmax_logits(kv.native.ptr, n_vocab)

        # The same step without shifting: keep the pinned prefix, evaluate everything kept again.
        ref.clear()
        for i in range(0, len(pinned), ref.n_batch):
            ref.decode(pinned[i:i + ref.n_batch], i)
        kept = kv.tokens[len(pinned):]
        t0 = time.perf_counter()
        for i in range(0, len(kept), ref.n_batch):
            ref.decode(kept[i:i + ref.n_batch], len(pinned) + i)
        reprocess_ms.append((time.perf_counter() - t0) * 1000)
        agree.append(shifted_top1 == argmax_logits(ref.ptr, n_vocab))
        if not args.json:
            print(f"round {round_no}: dropped {event.count} tokens, shift {shift_ms[-1]:.1f} ms, "
                  f"re-process {reprocess_ms[-1]:.0f} ms ({len(kept)} tokens), top-1 same: {agree[-1]}")
    med = statistics.median
    result = {
        "model": Path(model_path).name,
        "n_ctx": engine.n_ctx,
        "shifts": kv.counters.shifts,
        "tokens_discarded": kv.counters.tokens_discarded,
        "shift_ms": round(med(shift_ms), 2),
        "reprocess_ms": round(med(reprocess_ms), 2),
        "speedup": round(med(reprocess_ms) / med(shift_ms), 1),
        "tokens_reprocessed_by_shift": kv.counters.tokens_reprocessed,
        "top1_agreement": round(sum(agree) / len(agree), 3),
        "mirror_consistent": consistent,
    }
    ref.close()
    engine.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
