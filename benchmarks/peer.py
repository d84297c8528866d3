"""Fireside's API server against llama.cpp's own llama-server, side by side on a trimmed chat.

    python benchmarks/peer.py --model PATH --llama-server BIN --json

(`packaging/llama_server_build.sh` builds BIN from the llama.cpp that llama-cpp-python 0.3.36 vendors,
with the flags of pip's wheel, so both sides run the same kernels.)

Three servers run at once on the same model and context (n_ctx 1,024, one slot, the same threads and
flash-attention setting): `fireside --serve`, `llama-server` (its prefix cache) and `llama-server
--cache-reuse 64` (chunk reuse). Each plays the same SillyTavern-style chat: the client keeps its own
transcript with that server's replies, drops the oldest messages after the character card to fit
n_ctx minus max_length, and sends the whole prompt each turn, with the same samplers and seed. By
default EOS is banned and no stop strings are sent, so every reply is max_length tokens and every
server's context has the same length at each turn (generation compared on equal work); --stops ends
replies as a front end does (then the servers' replies, and so their work, differ). The
turns are interleaved (turn t goes to every server before turn t+1, the order rotating), so a busy
moment of the machine hits all alike; only one server computes at a time.

Per server: prompt tokens it evaluated per turn (its own count: median, max, total), time per turn as
the client sees it (median), the whole chat (sum of turns), generation tok/s (the server's own
figure, median of turns, and the client's: tokens after the first over the first-to-last arrival).
Ratios: gen_ratio_vs_llama_server (Fireside's generation tok/s / the faster llama-server's, medians
of turns), whole_chat_vs_cache_reuse (Fireside's whole chat / llama-server --cache-reuse's).
"""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)
import httpx
from api import CARD, QUESTIONS

from desktop.engine.native import use_extra_buffers  # noqa: E402
from desktop.models import fetch_sample  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLER = {"temperature": 0.7, "top_k": 40, "top_p": 0.95, "min_p": 0.05, "repeat_penalty": 1.05,
           "repeat_last_n": 64}
CHAT_STOPS = ["\nAlice:", "\nBob:"]


@dataclass
class Turn:
    evaluated: int  # prompt tokens the server evaluated (not served from its cache)
    seconds: float  # request sent to the last byte
    gen_tps: float  # the server's own figure
    client_gen_tps: float | None  # tokens after the first / first-to-last arrival (None under 3 tokens)
    tokens: int


@dataclass
class Peer:
    name: str
    url: str
    proc: subprocess.Popen
    stops: list[str] = field(default_factory=list)  # none: every reply is max_length tokens (EOS banned)
    lines: list[str] = field(default_factory=list)  # this server's transcript after the card
    turns: list[Turn] = field(default_factory=list)

    def generate(self, client: httpx.Client, prompt: str, max_length: int, seed: int) -> tuple[str, Turn]:
        raise NotImplementedError

    def summary(self) -> dict:
        ev = [t.evaluated for t in self.turns]
        gen = [t.gen_tps for t in self.turns if t.tokens > 1]
        seen = [t.client_gen_tps for t in self.turns if t.client_gen_tps]
        med = statistics.median
        return {"evaluated_median": med(ev), "evaluated_max": max(ev), "evaluated_total": sum(ev),
                "turn_seconds_median": round(med(t.seconds for t in self.turns), 3),
                "whole_chat_seconds": round(sum(t.seconds for t in self.turns), 2),
                "gen_tps_median": round(med(gen), 2), "gen_tps_range": [round(min(gen), 2), round(max(gen), 2)],
                "client_gen_tps_median": round(med(seen), 2) if seen else None,
                "tokens_generated": sum(t.tokens for t in self.turns)}


def _stream(client: httpx.Client, url: str, body: dict, piece: str,
            last: str) -> tuple[str, dict, float, list[float]]:
    """Send a streaming request; (text, the event carrying `last`, seconds to the last byte, the client's
    tok/s from the arrivals of the events carrying `piece`)."""
    sent = time.perf_counter()
    text, final, arrivals = [], {}, []
    with client.stream("POST", url, json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data:") or line[5:].strip() in ("", "[DONE]"):
                continue
            data = json.loads(line[5:])
            if data.get(piece):
                arrivals.append(time.perf_counter())
                text.append(data[piece])
            if data.get(last):
                final = data
    return "".join(text), final, time.perf_counter() - sent, arrivals


def _client_tps(tokens: int, arrivals: list[float]) -> float | None:
    if tokens < 3 or len(arrivals) < 2 or arrivals[-1] <= arrivals[0]:
        return None
    return (tokens - 1) / (arrivals[-1] - arrivals[0])


class FiresidePeer(Peer):
    def generate(self, client: httpx.Client, prompt: str, max_length: int, seed: int) -> tuple[str, Turn]:
        s = SAMPLER
        body = {"prompt": prompt, "max_length": max_length, "max_context_length": 1 << 20,
                "temperature": s["temperature"], "top_k": s["top_k"], "top_p": s["top_p"], "min_p": s["min_p"],
                "rep_pen": s["repeat_penalty"], "rep_pen_range": s["repeat_last_n"], "sampler_seed": seed,
                "stop_sequence": self.stops, "ban_eos_token": not self.stops}
        text, final, seconds, arrivals = _stream(client, f"{self.url}/api/extra/generate/stream", body, "token", "usage")
        usage = final["usage"]
        n = usage["completion_tokens"]
        return text, Turn(usage["tokens_evaluated"], seconds, usage["gen_tps"], _client_tps(n, arrivals), n)


class LlamaServerPeer(Peer):
    def generate(self, client: httpx.Client, prompt: str, max_length: int, seed: int) -> tuple[str, Turn]:
        body = {"prompt": prompt, "n_predict": max_length, **SAMPLER, "seed": seed, "stop": self.stops,
                "ignore_eos": not self.stops, "stream": True, "cache_prompt": True}
        text, final, seconds, arrivals = _stream(client, f"{self.url}/completion", body, "content", "stop")
        timings = final["timings"]
        n = timings["predicted_n"]
        return text, Turn(timings["prompt_n"], seconds, timings["predicted_per_second"], _client_tps(n, arrivals), n)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, path: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server at {url} exited with code {proc.returncode}")
        try:
            if httpx.get(f"{url}{path}", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server at {url} did not become ready")


def start_fireside(model: str, n_ctx: int, flash_attn: bool, data_dir: Path, stops: list[str]) -> FiresidePeer:
    """`fireside --serve` with a data folder of its own (no saved settings of the user's), so the load is
    the defaults plus what is set here."""
    from desktop.storage.database import Database
    from desktop.ui.chat.controller import model_key

    db = Database(data_dir / "fireside.sqlite3")
    db.set_model_settings(model_key(model), {"model_path": model, "n_ctx": n_ctx, "flash_attn": flash_attn,
                                              "n_threads": 2}, {})
    db.close()
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "FIRESIDE_DATA_DIR": str(data_dir),
           "FIRESIDE_LOG_DIR": str(data_dir / "logs")}
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "--serve", "--model", model, "--port", str(port),
                             "--n-ctx", str(n_ctx)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    _wait_ready(url, proc, "/api/v1/model")
    deadline = time.monotonic() + 180
    while httpx.get(f"{url}/api/v1/model").json()["result"] == "inactive":
        if time.monotonic() > deadline or proc.poll() is not None:
            raise RuntimeError("fireside --serve did not load the model")
        time.sleep(0.3)
    return FiresidePeer("fireside", url, proc, stops)


def start_llama_server(binary: str, model: str, n_ctx: int, flash_attn: bool, cache_reuse: int,
                       stops: list[str]) -> LlamaServerPeer:
    port = _free_port()
    cmd = [binary, "-m", model, "-c", str(n_ctx), "-np", "1", "-t", "2", "-tb", "2", "-b", "512", "-ub", "512",
           "-fa", "on" if flash_attn else "off", "--port", str(port), "--host", "127.0.0.1", "--no-webui"]
    if cache_reuse:
        cmd += ["--cache-reuse", str(cache_reuse)]
    if not use_extra_buffers():  # as Fireside loads it: ggml's AMX buffer segfaults in this llama.cpp (native.py)
        cmd.append("--no-repack")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    _wait_ready(url, proc, "/health")
    name = f"llama-server --cache-reuse {cache_reuse}" if cache_reuse else "llama-server"
    return LlamaServerPeer(name, url, proc, stops)


def play(peers: list[Peer], counter: httpx.Client, turns: int, n_ctx: int, max_length: int) -> None:
    cache: dict[str, int] = {}

    def count(text: str) -> int:
        if text not in cache:
            cache[text] = counter.post("/api/extra/tokencount", json={"prompt": text}).json()["value"]
        return cache[text]

    budget = n_ctx - max_length
    with httpx.Client(timeout=600) as client:
        for turn in range(turns):
            question = QUESTIONS[turn % len(QUESTIONS)]
            order = peers[turn % len(peers):] + peers[:turn % len(peers)]
            for peer in order:
                peer.lines.append(f"\nAlice: {question}")
                opener = "\nBob:"
                while count(CARD) + sum(count(line) for line in peer.lines) + count(opener) > budget:
                    peer.lines.pop(0)  # the oldest message leaves; the card stays
                text, result = peer.generate(client, CARD + "".join(peer.lines) + opener, max_length, turn)
                peer.lines.append(f"\nBob:{text}" if text.startswith(" ") else f"\nBob: {text}")
                peer.turns.append(result)


def main() -> int:
    parser = common.parser(__doc__, rounds=1)
    parser.add_argument("--llama-server", required=True, help="llama-server binary (packaging/llama_server_build.sh)")
    parser.add_argument("--turns", type=int, default=24)
    parser.add_argument("--max-length", type=int, default=60)
    parser.add_argument("--flash-attn", choices=["on", "off"], default="off")
    parser.add_argument("--stops", action="store_true",
                        help="end replies at the chat's stop strings and EOS, as a front end does (the default bans "
                             "EOS and sends no stops, so every server writes max_length tokens a turn and the "
                             "contexts stay the same length: generation speed is compared on equal work)")
    parser.set_defaults(n_ctx=1024)
    args = parser.parse_args()
    model = args.model or str(fetch_sample())
    fa = args.flash_attn == "on"
    stops = list(CHAT_STOPS) if args.stops else []
    peers: list[Peer] = []
    with tempfile.TemporaryDirectory() as data:
        try:
            peers.append(start_fireside(model, args.n_ctx, fa, Path(data), stops))
            peers.append(start_llama_server(args.llama_server, model, args.n_ctx, fa, 0, stops))
            peers.append(start_llama_server(args.llama_server, model, args.n_ctx, fa, 64, stops))
            with httpx.Client(base_url=peers[0].url, timeout=60) as counter:
                play(peers, counter, args.turns, args.n_ctx, args.max_length)
        finally:
            for peer in peers:
                peer.proc.send_signal(2)
            for peer in peers:
                try:
                    peer.proc.wait(30)
                except subprocess.TimeoutExpired:
                    peer.proc.kill()
    summaries = {p.name: p.summary() for p in peers}
    ours, prefix, reuse = (summaries[p.name] for p in peers)
    fastest = max(prefix["gen_tps_median"], reuse["gen_tps_median"])
    result = {"model": Path(model).name, "n_ctx": args.n_ctx, "turns": args.turns, "max_length": args.max_length,
              "flash_attn": args.flash_attn, "stops": args.stops, "llama_server": _version(args.llama_server),
              "servers": summaries,
              "gen_ratio_vs_llama_server": round(ours["gen_tps_median"] / fastest, 4),
              "whole_chat_vs_cache_reuse": round(ours["whole_chat_seconds"] / reuse["whole_chat_seconds"], 4)}
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))
    return 0


def _version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    found = re.search(r"version: (.+)", out.stdout + out.stderr)
    return found.group(1) if found else "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
