"""Other computers' GPUs on loopback: generation and prompt speed with the model's offloaded layers
split across two llama.cpp rpc-servers on 127.0.0.1, against the same model loaded locally.

    python benchmarks/rpc.py [--model PATH] [--rounds 5] --json

Needs packaging/rpc_build.sh's build (made here if missing: about 2 minutes). Each server serves
the CPU with one thread, as does the local load, so the ratio shows what the RPC link costs, not a
faster device. Interleaved rounds, medians:
- gen_tps_local / gen_tps_split and rpc_gen_ratio = split / local, added_ms_per_token (the time per token the
  split adds); the same for the prompt (a
  400-token prompt evaluated from an empty cache);
- bytes_per_token: what crossed the two servers' connections (both ways, the kernel's tcp_info
  counters) per token of the reply and its prompt, and model_upload_mb, what loading the model sent.
- planner_error_pct_per_device: the planner's weights + KV + compute per device (each server's device
  by its own name, and the CPU) against what llama.cpp reported allocating there, in percent.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import common  # noqa: F401  (puts the project on sys.path)

from desktop.engine.rpc import RpcProblem, probe_server

ROOT = Path(__file__).resolve().parents[1]
CHILD_MODE = "--child"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def link_bytes(ports: list[int]) -> int:
    """Bytes that crossed the servers' TCP connections so far, both ways (the kernel's tcp_info
    counters, as `ss -ti` prints them; ggml-rpc's send/recv do not show in /proc/<pid>/io)."""
    total = 0
    for port in ports:
        out = subprocess.run(["ss", "-tinH", "state", "established", f"( sport = :{port} )"], capture_output=True,
                             text=True, check=True).stdout
        for field in out.split():
            name, _, value = field.partition(":")
            if name in ("bytes_received", "bytes_acked") and value.isdigit():
                total += int(value)
    return total


def child(model: str, rounds: int, endpoints: list[str], ports: list[int]) -> dict:
    """In the interpreter that loaded the RPC build: local and split loads, measured in turn."""
    from desktop.engine import Engine, LoadConfig, SamplerSettings
    from desktop.engine.rpc import add_servers

    prompt = " ".join(f"Item {i} is a lantern of colour {i % 7}." for i in range(48))
    settings = SamplerSettings(temperature=0.0, max_tokens=64, seed=1, ignore_eos=True)

    def measure(config: LoadConfig, count_io: bool) -> tuple[float, float, float]:
        engine = Engine.load(config)
        try:
            chat = engine.new_chat("You are a helpful assistant.")
            chat.send("Hello.", SamplerSettings(temperature=0.0, max_tokens=4, seed=1)).run()  # (warm up)
            chat = engine.new_chat("You are a helpful assistant.")
            before = link_bytes(ports) if count_io else 0
            reply = chat.send(prompt, settings)
            reply.run()
            after = link_bytes(ports) if count_io else 0
            per_token = (after - before) / max(1, reply.stats.tokens_generated + reply.stats.prompt_tokens)
            return reply.stats.gen_tps, reply.stats.prompt_tps, per_token
        finally:
            engine.close()

    # (the servers stay registered in this process, so the local load names them too: no layer goes there)
    local_config = LoadConfig(model, n_ctx=1024, n_threads=1, n_gpu_layers=0, rpc_servers=endpoints)
    before_load = link_bytes(ports)
    servers = add_servers(endpoints)
    split_config = LoadConfig(model, n_ctx=1024, n_threads=1, n_gpu_layers=20, tensor_split=[1.0] * len(servers),
                              rpc_servers=endpoints)
    engine = Engine.load(split_config)
    upload = link_bytes(ports) - before_load
    planner_error = planner_errors(engine)
    engine.close()
    local, split = [], []
    for _ in range(rounds):
        local.append(measure(local_config, False))
        split.append(measure(split_config, True))
    med = lambda rows, i: statistics.median(r[i] for r in rows)  # noqa: E731
    return {"rounds": rounds, "layers_offloaded": 20, "servers": len(servers),
            "gen_tps_local": round(med(local, 0), 1), "gen_tps_split": round(med(split, 0), 1),
            "rpc_gen_ratio": round(med(split, 0) / med(local, 0), 3),
            # what the links add to each token (on loopback; a real network adds its round trips on top)
            "added_ms_per_token": round(1000 / med(split, 0) - 1000 / med(local, 0), 2),
            "gen_tps_split_range": [round(min(r[0] for r in split), 1), round(max(r[0] for r in split), 1)],
            "prompt_tps_local": round(med(local, 1), 1), "prompt_tps_split": round(med(split, 1), 1),
            "rpc_prompt_ratio": round(med(split, 1) / med(local, 1), 3),
            "bytes_per_token": round(med(split, 2)), "model_upload_mb": round(upload / 1e6, 1),
            "planner_error_pct_per_device": planner_error}


def planner_errors(engine) -> dict[str, float]:
    """(planned - reported) / reported per device, weights + KV + compute, in percent."""
    from desktop.monitor.planner import GpuBackend, plan_memory
    from desktop.monitor.reported import parse_llama_log, with_remote_names
    from desktop.monitor.shape import ModelShape

    remote = [d.name for d in engine.remote_devices]
    plan = plan_memory(ModelShape.from_facts(engine.facts), engine.config, len(remote),
                       [d.free for d in engine.remote_devices], GpuBackend.rpc())
    reported = parse_llama_log(engine.load_log, remote)
    planned = with_remote_names({n: d.weights + d.kv + d.compute for n, d in plan.devices.items()}, remote)
    measured: dict[str, int] = {}
    for part in ("weights", "kv", "compute"):
        for name, size in with_remote_names(getattr(reported, part), remote).items():
            measured[name] = measured.get(name, 0) + size
    return {name: round(100 * (planned.get(name, 0) - size) / size, 2) for name, size in measured.items() if size}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == CHILD_MODE:
        model, rounds, endpoints = sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")
        print(json.dumps(child(model, rounds, endpoints, [int(e.rsplit(":", 1)[1]) for e in endpoints])))
        return 0
    args = common.parser(__doc__, rounds=5).parse_args()
    model = args.model or str(common.fetch_sample())
    build = Path(subprocess.run(["bash", str(ROOT / "packaging" / "rpc_build.sh")], capture_output=True, text=True,
                                check=True).stdout.strip().splitlines()[-1])
    ports = [free_port(), free_port()]
    servers = [subprocess.Popen([str(build / "bin" / "ggml-rpc-server"), "-H", "127.0.0.1", "-p", str(port), "-t", "1"],
                                env={**os.environ, "LD_LIBRARY_PATH": str(build / "lib")},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
    try:
        endpoints = [f"127.0.0.1:{port}" for port in ports]
        for endpoint in endpoints:
            deadline = time.monotonic() + 30
            while True:
                try:
                    probe_server(endpoint)
                    break
                except RpcProblem:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        out = subprocess.run([sys.executable, __file__, CHILD_MODE, model, str(args.rounds), ",".join(endpoints)],
                             env={**os.environ, "LLAMA_CPP_LIB_PATH": str(build / "lib")},
                             capture_output=True, text=True, timeout=3600)
        if out.returncode != 0:
            print(out.stderr[-3000:], file=sys.stderr)
            return 1
        print(out.stdout.strip().splitlines()[-1])
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
