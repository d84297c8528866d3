"""The memory planner against llama.cpp's own load-time figures, and the monitor's CPU cost.

For f16, q8_0 and q4_0 K/V caches (and a mixed q8_0 K / f16 V) at two context sizes: the planned
and the reported weights, K, V and compute bytes, with the error in percent. Then the memory
monitor samples at its default rate (twice a second) for `--monitor-seconds`; its CPU share is its
sampling thread's CPU time over wall time. Prints JSON: configs, max_error_pct, monitor_cpu_pct.
Targets: max_error_pct <= 5, monitor_cpu_pct < 1.

`--device vulkan` (in the environment packaging/vulkan_env.sh builds; GGML_VK_VISIBLE_DEVICES=0 for
lavapipe) adds per-device rows for loads with layers offloaded: weights, KV and compute planned for
each device ("CPU", "GPU0") against the buffers llama.cpp reports there; `max_device_error_pct`.
"""

from __future__ import annotations

import json
import os
import sys
import time

from common import parser

KV_CONFIGS = [("f16", "f16", False), ("q8_0", "q8_0", True), ("q4_0", "q4_0", True), ("q8_0", "f16", False)]
PARTS = ("weights", "kv_k", "kv_v", "compute")


def plan_vs_reported(model: str, n_ctx: int, type_k: str, type_v: str, fa: bool, threads: int) -> dict:
    from desktop.engine import Engine, LoadConfig, read_model_facts
    from desktop.monitor.planner import plan_memory
    from desktop.monitor.reported import parse_llama_log
    from desktop.monitor.shape import ModelShape

    config = LoadConfig(model, n_ctx=n_ctx, type_k=type_k, type_v=type_v, flash_attn=fa, n_threads=threads)
    engine = Engine.load(config)
    reported = parse_llama_log(engine.load_log)
    engine.close()
    plan = plan_memory(ModelShape.from_facts(read_model_facts(model)), config)
    row: dict = {"n_ctx": n_ctx, "type_k": type_k, "type_v": type_v, "flash_attn": fa}
    actual = {"weights": reported.total("weights"), "kv_k": reported.kv_k, "kv_v": reported.kv_v,
              "compute": reported.total("compute")}
    for part in PARTS:
        planned = plan.total(part)
        row[part] = {"planned": planned, "reported": actual[part],
                     "error_pct": round(abs(planned - actual[part]) / actual[part] * 100, 3)}
    return row


DEVICE_CONFIGS = [
    {"n_gpu_layers": 15}, {"n_gpu_layers": 31}, {"n_gpu_layers": 31, "offload_kqv": False},
    {"n_gpu_layers": 31, "type_k": "q8_0"}, {"n_gpu_layers": 31, "type_k": "q8_0", "type_v": "q8_0", "flash_attn": True},
    {"n_gpu_layers": 20, "n_ctx": 4096}, {"n_gpu_layers": 31, "n_ctx": 8192},
]
DEVICE_PARTS = ("weights", "kv", "compute")


def device_rows(model: str, knobs: dict, threads: int) -> dict:
    """Planned vs reported bytes per device for one load with layers on the GPU."""
    from desktop.engine import Engine, LoadConfig, read_model_facts
    from desktop.engine.devices import gpu_devices
    from desktop.monitor.planner import plan_memory
    from desktop.monitor.reported import parse_llama_log
    from desktop.monitor.shape import ModelShape

    config = LoadConfig(model, **{"n_ctx": 2048, "n_threads": threads, **knobs})
    engine = Engine.load(config)
    reported = parse_llama_log(engine.load_log)
    engine.close()
    plan = plan_memory(ModelShape.from_facts(read_model_facts(model)), config, n_gpus=len(gpu_devices()))
    row: dict = {"config": knobs, "devices": {}}
    for device in sorted(set(plan.devices) | set(reported.weights) | set(reported.compute)):
        planned = plan.devices.get(device)
        cells = {}
        for part in DEVICE_PARTS:
            want = getattr(planned, part) if planned else 0
            got = getattr(reported, part).get(device, 0)
            error = abs(want - got) / got * 100 if got else (0.0 if not want else 100.0)
            cells[part] = {"planned": want, "reported": got, "error_pct": round(error, 3)}
        row["devices"][device] = cells
    return row


def monitor_cpu_pct(seconds: float) -> tuple[float, int]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QTimer

    from desktop.monitor.sampler import MemoryMonitor, MonitorThread

    app = QCoreApplication.instance() or QCoreApplication([])
    monitor = MemoryMonitor()
    runner = MonitorThread(monitor)
    started = time.perf_counter()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    wall = time.perf_counter() - started
    runner.stop()
    return monitor.cpu_seconds / wall * 100, monitor.samples


def main() -> int:
    p = parser(__doc__, rounds=1)
    p.add_argument("--contexts", default="2048,8192")
    p.add_argument("--monitor-seconds", type=float, default=20.0)
    p.add_argument("--device", choices=["cpu", "vulkan"], default="cpu",
                   help="vulkan: also plan loads with layers on the GPU and compare per device")
    args = p.parse_args()
    from desktop.models import fetch_sample

    model = args.model or str(fetch_sample())
    configs = [plan_vs_reported(model, int(n), k, v, fa, args.threads)
               for n in args.contexts.split(",") for k, v, fa in KV_CONFIGS]
    cpu_pct, samples = monitor_cpu_pct(args.monitor_seconds)
    out = {"configs": configs, "max_error_pct": max(c[part]["error_pct"] for c in configs for part in PARTS),
           "monitor_cpu_pct": round(cpu_pct, 4), "monitor_samples": samples,
           "monitor_seconds": args.monitor_seconds}
    if args.device == "vulkan":
        rows = [device_rows(model, knobs, args.threads) for knobs in DEVICE_CONFIGS]
        out["device_configs"] = rows
        out["max_device_error_pct"] = max(cell["error_pct"] for r in rows for dev in r["devices"].values()
                                          for cell in dev.values())
        out["max_device_error_pct_by_part"] = {part: max(dev[part]["error_pct"] for r in rows for dev in r["devices"].values())
                                               for part in DEVICE_PARTS}
    if not args.json:
        for c in configs:
            print(f"n_ctx {c['n_ctx']} K {c['type_k']} V {c['type_v']} fa {int(c['flash_attn'])}: " + ", ".join(
                f"{part} {c[part]['error_pct']}%" for part in PARTS), file=sys.stderr)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
