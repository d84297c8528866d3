"""Run by test_rpc_loopback in a fresh interpreter whose LLAMA_CPP_LIB_PATH points at the RPC build
(llama_cpp reads it when first imported): the sample model's greedy text loaded locally, then with
its offloaded layers split across the RPC servers given, and the devices ggml saw.

    python tests/rpc_child.py MODEL HOST:PORT [HOST:PORT ...]   (prints one JSON line)
    python tests/rpc_child.py --add-only HOST:PORT ...          (a server that is not there)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.engine import Engine, LoadConfig, SamplerSettings  # noqa: E402
from desktop.engine.devices import list_devices  # noqa: E402
from desktop.engine.native import LLAMA_LOG  # noqa: E402
from desktop.engine.rpc import RpcProblem, add_servers  # noqa: E402
from desktop.monitor.planner import GpuBackend, plan_memory  # noqa: E402
from desktop.monitor.reported import parse_llama_log, with_remote_names  # noqa: E402
from desktop.monitor.shape import ModelShape  # noqa: E402

PROMPT = "The capital of France is Paris. The capital of Italy is"


def greedy(config: LoadConfig) -> tuple[str, float, dict]:
    """The greedy reply, its speed, and the planner's figures per device beside llama.cpp's own."""
    engine = Engine.load(config)
    try:
        chat = engine.new_chat("You are a helpful assistant.")
        reply = chat.send(PROMPT, SamplerSettings(temperature=0.0, max_tokens=24, seed=1, ignore_eos=True))
        reply.run()
        return reply.text, reply.stats.gen_tps, planned_and_reported(engine)
    finally:
        engine.close()


def planned_and_reported(engine: Engine) -> dict:
    """{device: {part: [planned, reported]}} for weights, KV and compute, devices by their own names."""
    remote = [d.name for d in engine.remote_devices]
    plan = plan_memory(ModelShape.from_facts(engine.facts), engine.config, len(remote),
                       [d.free for d in engine.remote_devices] or None, GpuBackend.rpc() if remote else None)
    reported = parse_llama_log(engine.load_log, remote)
    planned = with_remote_names({n: {"weights": d.weights, "kv": d.kv, "compute": d.compute}
                                 for n, d in plan.devices.items()}, remote)
    measured = {part: with_remote_names(getattr(reported, part), remote) for part in ("weights", "kv", "compute")}
    return {name: {part: [parts[part], measured[part].get(name, 0)] for part in parts} for name, parts in planned.items()}


def main() -> int:
    model, endpoints = sys.argv[1], sys.argv[2:]
    if model == "--add-only":  # a server that is not there: named, and this process lives on
        try:
            add_servers(endpoints, timeout=2)
        except RpcProblem as problem:
            print(json.dumps({"problem": problem.kind, "endpoint": problem.endpoint, "devices": [d.name for d in list_devices()]}))
            return 0
        return 1
    local, local_tps, _ = greedy(LoadConfig(model, n_ctx=512, n_threads=1, n_gpu_layers=0))
    servers = add_servers(endpoints)
    mark = LLAMA_LOG.mark()
    split, split_tps, memory = greedy(LoadConfig(model, n_ctx=512, n_threads=1, n_gpu_layers=20,
                                                 tensor_split=[1.0] * len(servers), rpc_servers=endpoints))
    # every layer on the servers (the pipelined layout), with flash attention: the planner again
    _, _, memory_all = greedy(LoadConfig(model, n_ctx=1024, n_threads=1, n_gpu_layers=-1, flash_attn=True,
                                         rpc_servers=endpoints))
    print(json.dumps({"local": local, "split": split, "local_tps": local_tps, "split_tps": split_tps,
                      "memory": memory, "memory_all": memory_all,
                      "servers": [[s.endpoint, len(s.devices), s.devices[0].total] for s in servers],
                      "devices": [d.name for d in list_devices()],
                      # llama.cpp's own lines: "RPC0 model buffer size = … MiB" and the like
                      "buffers": [line.strip() for line in LLAMA_LOG.since(mark) if "buffer size" in line]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
