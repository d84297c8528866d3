"""Engine throughput against a plain llama-cpp-python low-level loop, interleaved in one run, and
the same engine driven through the app's client across the process boundary.

    python benchmarks/throughput.py --model PATH --json

All three sides use the same model, the same context settings, the same prompt and the same sampler
chain (EOG tokens banned, greedy). The third side is what the window gets: a `reply` job in the
engine process, its tokens counted where the client receives them (the first batch arriving to
the job's end). The last line of stdout is JSON with engine_gen_tps, raw_gen_tps, gen_ratio,
engine_pp_tps, raw_pp_tps, pp_ratio, ipc_gen_tps and ipc_gen_ratio (client-side ÷ raw), and each
side's spread. Targets: every ratio >= 0.98.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import common  # noqa: E402  (puts the project on sys.path)
import llama_cpp as ll

from desktop.engine import Engine, SamplerSettings  # noqa: E402
from desktop.engine.native import NativeContext  # noqa: E402

STORY = ("The lighthouse keeper climbed the stairs every evening, counting the steps, listening to the sea "
         "below and the gulls above, and wondering who would read the letters he left in the lamp room. ")


def raw_round(model, native: NativeContext, prompt: list[int], n_gen: int) -> tuple[float, float]:
    """Prompt processing and generation with bare llama_decode / llama_sampler calls."""
    ctx = native.ptr
    ll.llama_memory_clear(ll.llama_get_memory(ctx), True)
    t0 = time.perf_counter()
    for i in range(0, len(prompt), native.n_batch):
        chunk = prompt[i:i + native.n_batch]
        arr = (ll.llama_token * len(chunk))(*chunk)
        if ll.llama_decode(ctx, ll.llama_batch_get_one(arr, len(chunk))) != 0:
            raise RuntimeError("decode failed")
    pp = time.perf_counter() - t0
    chain = ll.llama_sampler_chain_init(ll.llama_sampler_chain_default_params())
    eog = model.eog_tokens()
    biases = (ll.llama_logit_bias * len(eog))(*[ll.llama_logit_bias(t, float("-inf")) for t in eog])
    ll.llama_sampler_chain_add(chain, ll.llama_sampler_init_logit_bias(model.n_vocab, len(eog), biases))
    ll.llama_sampler_chain_add(chain, ll.llama_sampler_init_greedy())
    one = (ll.llama_token * 1)()
    t0 = time.perf_counter()
    for _ in range(n_gen):
        tok = ll.llama_sampler_sample(chain, ctx, -1)
        model.token_bytes(tok)  # the text of each token, as a chat shows it
        one[0] = tok
        if ll.llama_decode(ctx, ll.llama_batch_get_one(one, 1)) != 0:
            raise RuntimeError("decode failed")
    gen = time.perf_counter() - t0
    ll.llama_sampler_free(chain)
    return len(prompt) / pp, n_gen / gen


def engine_round(engine: Engine, text: str, n_gen: int) -> tuple[float, float, int]:
    engine.kv.reset()
    chat = engine.new_chat("")
    reply = chat.send(text, SamplerSettings(temperature=0, repeat_penalty=1.0, max_tokens=n_gen, ignore_eos=True))
    reply.run()
    s = reply.stats
    return s.prompt_tps, s.gen_tps, s.prompt_tokens


def ipc_round(client, text: str, n_gen: int) -> float:
    """Client-side generation speed of one reply job: tokens after the first, over the time from the
    first token's arrival to the result's (the engine process's own speed plus every crossing)."""
    import threading

    seen: dict[str, float] = {}
    box: list = []
    done = threading.Event()

    def sink(kind: str, data: object) -> None:
        now = time.perf_counter()
        if kind == "token":
            seen.setdefault("first", now)
        elif kind in ("done", "error"):
            seen["end"] = now
            box.append((kind, data))
            done.set()

    request = {"chat": "bench", "history": [("user", text)],
               "sampler": {"temperature": 0, "repeat_penalty": 1.0, "max_tokens": n_gen, "ignore_eos": True}}
    client.submit("reply", request, "background", sink)
    if not done.wait(600) or box[0][0] != "done":
        raise RuntimeError(f"the reply job failed: {box}")
    generated = box[0][1]["data"]["tokens_generated"]
    return (generated - 1) / (seen["end"] - seen["first"])


def spread(values: list[float]) -> list[float]:
    return [round(min(values), 2), round(max(values), 2)]


def main() -> int:
    parser = common.parser(__doc__, rounds=9)
    parser.add_argument("--prompt-tokens", type=int, default=480)
    parser.add_argument("--gen-tokens", type=int, default=128)
    args = parser.parse_args()
    engine = common.load_engine(args)
    model_path = engine.config.model_path
    words = (STORY * 100).split(" ")
    text = " ".join(words[: int(args.prompt_tokens * 0.75)])
    raw_ctx = common.second_context(engine)
    from PySide6.QtCore import QCoreApplication

    from desktop.worker import EngineClient

    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841 - the client is a QObject
    os.environ["FIRESIDE_CACHE_DIR"] = tempfile.mkdtemp(prefix="fireside-bench-")  # (its snapshot at the end)
    client = EngineClient()
    client.call("load", {**engine.config.to_dict()}, timeout=300)
    engine_pp, engine_gen, raw_pp, raw_gen, ipc_gen = [], [], [], [], []
    prompt: list[int] = []
    for round_no in range(args.rounds):
        # Alternate which side goes first, so that drifts in machine speed hit both alike.
        sides = ["engine", "raw", "ipc"] if round_no % 2 == 0 else ["ipc", "raw", "engine"]
        if round_no == 0:
            sides = ["engine", "raw", "ipc"]
        for side in sides:
            if side == "ipc":
                ipc_gen.append(ipc_round(client, text, args.gen_tokens))
                continue
            if side == "engine":
                pp, gen, n_prompt = engine_round(engine, text, args.gen_tokens)
                engine_pp.append(pp)
                engine_gen.append(gen)
                prompt = list(engine.kv.tokens[:n_prompt])  # exactly the tokens the engine evaluated
            else:  # round 0 runs the engine first, so `prompt` is set
                pp, gen = raw_round(engine.model, raw_ctx, prompt, args.gen_tokens)
                raw_pp.append(pp)
                raw_gen.append(gen)
        if not args.json:
            print(f"engine pp {engine_pp[-1]:.1f} gen {engine_gen[-1]:.1f} | "
                  f"raw pp {raw_pp[-1]:.1f} gen {raw_gen[-1]:.1f} | ipc gen {ipc_gen[-1]:.1f} tok/s")
    med = statistics.median
    result = {
        "model": Path(model_path).name,
        "n_ctx": engine.n_ctx,
        "prompt_tokens": len(prompt),
        "gen_tokens": args.gen_tokens,
        "rounds": args.rounds,
        "engine_gen_tps": round(med(engine_gen), 2),
        "raw_gen_tps": round(med(raw_gen), 2),
        "gen_ratio": round(med(engine_gen) / med(raw_gen), 4),
        "engine_pp_tps": round(med(engine_pp), 2),
        "raw_pp_tps": round(med(raw_pp), 2),
        "pp_ratio": round(med(engine_pp) / med(raw_pp), 4),
        "ipc_gen_tps": round(med(ipc_gen), 2),
        "ipc_gen_ratio": round(med(ipc_gen) / med(raw_gen), 4),
        "spread": {"engine_gen_tps": spread(engine_gen), "raw_gen_tps": spread(raw_gen),
                   "ipc_gen_tps": spread(ipc_gen)},
    }
    client.stop(5000)
    raw_ctx.close()
    engine.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
