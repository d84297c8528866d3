"""Instant resume: reopen a ~1,800-token chat from its snapshot vs. processing it again.

`resume_ms`: a fresh engine, restore the snapshot, send a new message, up to its first new token.
`reprocess_ms`: the same without a snapshot (the history is evaluated again). Also the tokens of
history evaluated again after the restore (target 0) and the largest logit difference after one
probe token on top of the restored cache vs. the original one (target < 1e-3). Prints JSON.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import load_engine, parser

SYSTEM = "You are Ember, an old dragon who tells stories."
QUESTION = "And who lit the last lantern?"


def history(turns: int) -> list[tuple[str, str]]:
    out = []
    for i in range(turns):
        out.append(("user", f"Tell me about the {i}th lantern of the harbour and who lit it."))
        out.append(("assistant", " ".join(f"The lantern number {i} glowed over wave {j}." for j in range(12))))
    return out


def logits_after(engine, token: int) -> np.ndarray:
    import llama_cpp as ll

    engine.native.decode([token], len(engine.kv.tokens))
    values = np.ctypeslib.as_array(ll.llama_get_logits_ith(engine.native.ptr, -1), shape=(engine.model.n_vocab,)).copy()
    engine.native.seq_rm(len(engine.kv.tokens), -1)
    return values


def first_token_ms(engine, chat) -> tuple[float, int]:
    from desktop.engine import SamplerSettings

    started = time.perf_counter()
    reply = chat.send(QUESTION, SamplerSettings(max_tokens=1, seed=1))
    reply.run()
    return (time.perf_counter() - started) * 1000, reply.stats.prompt_tokens


def main() -> int:
    p = parser(__doc__, rounds=3)
    p.add_argument("--turns", type=int, default=11)
    args = p.parse_args()
    from desktop.engine import SamplerSettings
    from desktop.engine.snapshot import SnapshotStore

    store = SnapshotStore(Path(tempfile.mkdtemp(prefix="fireside-resume-")))
    engine = load_engine(args)
    chat = engine.new_chat(SYSTEM)
    chat.sync(SYSTEM, history(args.turns))
    chat.reply(SamplerSettings(max_tokens=8, seed=1)).run()
    full = [(m.role, m.content) for m in chat.messages]
    cached = len(engine.kv.tokens)
    saved = store.save(engine, chat, "bench")
    probe = engine.model.tokenize(" lantern")[0]
    reference = logits_after(engine, probe)
    engine.close()

    resume, reprocess, diffs, new_tokens, reprocessed = [], [], [], [], []
    for _ in range(args.rounds):
        eng = load_engine(args)
        c = eng.new_chat(SYSTEM)
        started = time.perf_counter()
        c.sync(SYSTEM, full)
        result = store.restore(eng, c, "bench")
        if not result.ok:
            print(f"restore refused: {result.reason}", file=sys.stderr)
            return 1
        diffs.append(float(np.max(np.abs(logits_after(eng, probe) - reference))))
        restore_ms = (time.perf_counter() - started) * 1000
        ms, prompt_tokens = first_token_ms(eng, c)
        resume.append(restore_ms + ms)
        turn = len(c.messages[-2].tokens)
        new_tokens.append(prompt_tokens)
        reprocessed.append(max(0, prompt_tokens - turn - 8))  # beyond the new turn and the reply opener
        eng.close()

        eng = load_engine(args)
        c = eng.new_chat(SYSTEM)
        c.sync(SYSTEM, full)
        ms, _ = first_token_ms(eng, c)
        reprocess.append(ms)
        eng.close()

    out = {
        "resume_ms": round(sorted(resume)[len(resume) // 2], 1),
        "reprocess_ms": round(sorted(reprocess)[len(reprocess) // 2], 1),
        "speedup": round(sorted(reprocess)[len(reprocess) // 2] / sorted(resume)[len(resume) // 2], 1),
        "tokens_reprocessed": max(reprocessed),
        "prompt_tokens_after_resume": max(new_tokens),
        "logits_max_abs_diff": max(diffs),
        "chat_tokens": cached,
        "snapshot_bytes": saved.size,
        "rounds": args.rounds,
    }
    if not args.json:
        print(f"resume {out['resume_ms']} ms vs re-process {out['reprocess_ms']} ms ({out['speedup']}x)",
              file=sys.stderr)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
