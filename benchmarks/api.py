"""The local API: its generation speed against the engine's own, and a SillyTavern-style session.

    python benchmarks/api.py --model PATH --json

The server runs as `fireside --serve` in its own process (as a user runs it); the client is this
process, with httpx, like a front end.

- api_gen_tps: tokens/s a client receives over the KoboldCpp stream (first token to last), against
  engine_gen_tps, the engine alone in this process (same model, prompt, greedy sampler, EOS banned);
  api_ratio = api / engine (target >= 0.95). Interleaved rounds, medians.
- The replay: 40 turns at n_ctx 1024. Like SillyTavern, the client keeps the chat, counts tokens with
  /api/extra/tokencount, drops the oldest messages after the character block to fit max_context_length
  minus max_length, and sends the whole prompt each turn. turns, shifts (turns whose prompt was served
  by cutting the dropped piece out of the cache), tokens_reprocessed_total, reprocess_ratio = tokens
  evaluated / genuinely new tokens over turns 2..40 (target <= 1.05; a back end without shifting
  evaluates the whole window, window_tokens_median, every turn), first_token_ms_median.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import common  # noqa: E402  (puts the project on sys.path)
import httpx

from desktop.engine import SamplerSettings  # noqa: E402
from desktop.models import fetch_sample  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CARD = ("Bob is the old miller of Elder Ford. He speaks slowly, loves his grey cat Mist, distrusts the river "
        "in spring and remembers every flood since he was a boy. He answers Alice, the new schoolteacher, "
        "kindly but briefly, and always mentions the mill.\n")
QUESTIONS = [
    "Good morning, Bob. How is the mill today?", "Is the river high this spring?", "Tell me about your cat.",
    "What was the worst flood you remember?", "Who built the mill?", "Do the children ever visit you?",
    "What do you grind besides wheat?", "Is the wheel hard to repair?", "Where does Mist sleep?",
    "What did your father teach you?", "Are you ever lonely out here?", "What is your favourite season?",
    "How do you know when a flood is coming?", "Can I see the millstones?", "What happened to the old bridge?",
    "Do you still fish in the pond?", "Who will run the mill after you?", "What do you think of the new school?",
    "Have you ever left Elder Ford?", "What is the secret of good flour?", "Why do you distrust the river?",
    "Does Mist catch the mice?", "What songs did the millers sing?", "Is there a ghost in the mill?",
    "What is in the locked shed?", "How old is the oak by the door?", "Did you know my grandmother?",
    "What do you eat for supper?", "Why is the wheel painted red?", "Will you teach the children about grain?",
    "What was the village like long ago?", "Do you keep a diary?", "What scares you most?",
    "How many sacks can you grind a day?", "Which bird sings first in the morning?", "What did the flood take?",
    "Can you read the clouds?", "Why did the baker leave?", "What makes you laugh?", "Shall I come again tomorrow?",
]


def start_server(model: str, n_ctx: int) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "--serve", "--model", model, "--port", "0",
                             "--n-ctx", str(n_ctx)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        found = re.search(r" on (http://127\.0\.0\.1:\d+)", line)
        if found:
            return proc, found.group(1)
    raise RuntimeError("the server did not start")


def stream(client: httpx.Client, body: dict) -> tuple[str, dict, float, list[float]]:
    """(text, usage, seconds to the first token, arrival times of the token events)."""
    sent = time.perf_counter()
    text, usage, arrivals = [], {}, []
    with client.stream("POST", "/api/extra/generate/stream", json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data:"):
                continue
            data = json.loads(line[5:])
            if data.get("token"):
                arrivals.append(time.perf_counter())
                text.append(data["token"])
            if data.get("usage"):
                usage = data["usage"]
    return "".join(text), usage, (arrivals[0] - sent) if arrivals else 0.0, arrivals


def throughput(client: httpx.Client, engine, rounds: int, gen_tokens: int) -> dict:
    prompt = "The lighthouse keeper climbed the stairs every evening, counting the steps, and"
    api, own, served = [], [], []
    for round_no in range(rounds):
        for side in (["engine", "api"] if round_no % 2 == 0 else ["api", "engine"]):
            if side == "engine":
                engine.kv.reset()
                chat = engine.new_chat("")
                gen = chat.send(prompt, SamplerSettings(temperature=0, repeat_penalty=1.0, max_tokens=gen_tokens,
                                                        ignore_eos=True))
                gen.run()
                own.append(gen.stats.gen_tps)
            else:
                _, usage, _, arrivals = stream(client, {"prompt": prompt, "max_length": gen_tokens, "temperature": 0,
                                                        "rep_pen": 1.0, "ban_eos_token": True})
                # Tokens after the first, over the time from the first to the last (events may carry several).
                api.append((usage["completion_tokens"] - 1) / (arrivals[-1] - arrivals[0]))
                served.append(usage["gen_tps"])
    med = statistics.median
    return {"engine_gen_tps": round(med(own), 2), "api_gen_tps": round(med(api), 2),
            "api_ratio": round(med(api) / med(own), 4), "server_gen_tps": round(med(served), 2),
            "api_gen_tps_range": [round(min(api), 2), round(max(api), 2)],
            "engine_gen_tps_range": [round(min(own), 2), round(max(own), 2)]}


def replay(client: httpx.Client, turns: int, n_ctx: int, max_length: int) -> dict:
    count_cache: dict[str, int] = {}

    def count(text: str) -> int:
        if text not in count_cache:
            count_cache[text] = client.post("/api/extra/tokencount", json={"prompt": text}).json()["value"]
        return count_cache[text]

    lines: list[str] = []
    budget = n_ctx - max_length
    shifts = reprocessed = evaluated_after_first = new_after_first = 0
    first_token_ms, windows = [], []
    for turn in range(turns):
        question = QUESTIONS[turn % len(QUESTIONS)]
        lines.append(f"\nAlice: {question}")
        opener = "\nBob:"
        while count(CARD) + sum(count(line) for line in lines) + count(opener) > budget:
            lines.pop(0)  # the oldest message leaves; the card stays
        prompt = CARD + "".join(lines) + opener  # one string, as SillyTavern sends it
        body = {"prompt": prompt, "max_length": max_length, "max_context_length": n_ctx,
                "temperature": 0.7, "sampler_seed": turn, "rep_pen": 1.05, "stop_sequence": ["\nAlice:", "\nBob:"]}
        text, usage, first, _ = stream(client, body)
        lines.append(f"\nBob:{text}" if text.startswith(" ") else f"\nBob: {text}")
        first_token_ms.append(first * 1000)
        windows.append(usage["prompt_tokens"])
        shifts += usage["tokens_cut"] > 0
        reprocessed += usage["tokens_reprocessed"]
        if turn > 0:
            evaluated_after_first += usage["tokens_evaluated"]
            new_after_first += count(f"\nAlice: {question}\nBob:")
    return {"turns": turns, "n_ctx": n_ctx, "shifts": shifts, "tokens_reprocessed_total": reprocessed,
            "tokens_evaluated_after_first": evaluated_after_first, "new_tokens_after_first": new_after_first,
            "reprocess_ratio": round(evaluated_after_first / new_after_first, 4),
            "window_tokens_median": statistics.median(windows),
            "first_token_ms_median": round(statistics.median(first_token_ms), 1),
            "first_token_ms_range": [round(min(first_token_ms), 1), round(max(first_token_ms), 1)]}


def main() -> int:
    parser = common.parser(__doc__, rounds=9)
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--gen-tokens", type=int, default=200)
    args = parser.parse_args()
    model = args.model or str(fetch_sample())
    args.model = model
    args.n_ctx = 1024
    proc, url = start_server(model, args.n_ctx)
    try:
        engine = common.load_engine(args)
        with httpx.Client(base_url=url, timeout=600) as client:
            speed = throughput(client, engine, args.rounds, args.gen_tokens)
            engine.close()
            session = replay(client, args.turns, args.n_ctx, max_length=60)
    finally:
        proc.send_signal(2)
        proc.wait(30)
    result = {"model": Path(model).name, "rounds": args.rounds, "gen_tokens": args.gen_tokens, **speed, **session}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
