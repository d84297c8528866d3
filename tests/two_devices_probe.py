"""Loads the model over two Vulkan devices and prints, per config, llama.cpp's reported buffers, the
planner's plan and a greedy reply, as JSON lines. Run by tests/test_gpu_vulkan.py in a process of
its own with GGML_VK_VISIBLE_DEVICES=0,0 (lavapipe twice: ggml picks its devices once, at start).

Usage: python tests/two_devices_probe.py MODEL 'JSON list of LoadConfig knobs'
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.engine import Engine, LoadConfig, SamplerSettings, read_model_facts  # noqa: E402
from desktop.engine.devices import gpu_devices  # noqa: E402
from desktop.engine.native import LoadFailed  # noqa: E402
from desktop.monitor.gpu import gpu_backend  # noqa: E402
from desktop.monitor.planner import plan_memory  # noqa: E402
from desktop.monitor.reported import parse_llama_log  # noqa: E402
from desktop.monitor.shape import ModelShape  # noqa: E402


def main() -> int:
    model, knobs_list = sys.argv[1], json.loads(sys.argv[2])
    devices = gpu_devices()
    backend = gpu_backend(devices)
    shape = ModelShape.from_facts(read_model_facts(model))
    for knobs in knobs_list:
        config = LoadConfig(model, **{"n_ctx": 1024, "n_threads": 2, "use_mmap": False, **knobs})
        row: dict = {"knobs": knobs, "devices": [d.name for d in devices]}
        try:
            engine = Engine.load(config)
        except LoadFailed as exc:
            row["load_failed"] = str(exc)
            print(json.dumps(row), flush=True)
            continue
        try:
            row["reported"] = parse_llama_log(engine.load_log).to_dict()
            row["pipeline_parallel"] = any("pipeline parallelism enabled" in line for line in engine.load_log)
            chat = engine.new_chat("You are a helpful assistant who answers in one or two sentences.")
            row["text"] = chat.send("Name three colours of the sky at dusk.",
                                    SamplerSettings(max_tokens=24, temperature=0)).run()
        finally:
            engine.close()
        row["plan"] = plan_memory(shape, config, len(devices), backend=backend).to_dict()
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
