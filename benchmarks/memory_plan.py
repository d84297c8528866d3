"""The memory planner against llama.cpp's own load-time figures, and the monitor's CPU cost.

For f16, q8_0 and q4_0 K/V caches (and a mixed q8_0 K / f16 V) at two context sizes: the planned
and the reported weights, K, V and compute bytes, with the error in percent. Then the memory
monitor samples at its default rate (twice a second) for `--monitor-seconds`; its CPU share is its
sampling thread's CPU time over wall time. Prints JSON: configs, max_error_pct, monitor_cpu_pct.
Targets: max_error_pct <= 5, monitor_cpu_pct < 1.

`--device vulkan` (in the environment packaging/vulkan_env.sh builds; GGML_VK_VISIBLE_DEVICES=0 for
lavapipe) adds per-device rows for loads with 0 to all layers offloaded: weights, KV and compute
planned for each device ("CPU", "GPU0") against the buffers llama.cpp reports there, then the same
over two devices (lavapipe opened twice, in a process of its own with GGML_VK_VISIBLE_DEVICES=0,0);
`max_device_error_pct`. These loads use no mmap: with mmap llama.cpp reports the CPU weights as the
file's mapped span (the whole file once any layer stays on the CPU), which is address space, not RAM.
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
    from desktop.engine.devices import gpu_devices
    from desktop.monitor.gpu import gpu_backend
    from desktop.monitor.planner import plan_memory
    from desktop.monitor.reported import parse_llama_log
    from desktop.monitor.shape import ModelShape

    config = LoadConfig(model, n_ctx=n_ctx, type_k=type_k, type_v=type_v, flash_attn=fa, n_threads=threads)
    engine = Engine.load(config)
    reported = parse_llama_log(engine.load_log)
    engine.close()
    devices = gpu_devices()  # a GPU build lays out even a load with no layers offloaded its own way
    plan = plan_memory(ModelShape.from_facts(read_model_facts(model)), config, len(devices),
                       backend=gpu_backend(devices))
    row: dict = {"n_ctx": n_ctx, "type_k": type_k, "type_v": type_v, "flash_attn": fa}
    actual = {"weights": reported.total("weights"), "kv_k": reported.kv_k, "kv_v": reported.kv_v,
              "compute": reported.total("compute")}
    for part in PARTS:
        planned = plan.total(part)
        row[part] = {"planned": planned, "reported": actual[part],
                     "error_pct": round(abs(planned - actual[part]) / actual[part] * 100, 3)}
    return row


DEVICE_CONFIGS = [
    {"n_gpu_layers": 0}, {"n_gpu_layers": 1}, {"n_gpu_layers": 15}, {"n_gpu_layers": 31},
    {"n_gpu_layers": 31, "offload_kqv": False}, {"n_gpu_layers": 31, "type_k": "q8_0"},
    {"n_gpu_layers": 31, "type_k": "q8_0", "type_v": "q8_0", "flash_attn": True}, {"n_gpu_layers": 31, "n_ubatch": 256},
    {"n_gpu_layers": 20, "n_ctx": 4096}, {"n_gpu_layers": 31, "n_ctx": 8192}, {"n_gpu_layers": 15, "n_ctx": 8192},
    {"n_gpu_layers": 31, "n_ctx": 8192, "flash_attn": True},
]
TWO_DEVICE_CONFIGS = [
    {"n_gpu_layers": 31}, {"n_gpu_layers": 31, "tensor_split": [3, 1]}, {"n_gpu_layers": 15, "tensor_split": [1, 1]},
    {"n_gpu_layers": 30, "n_ctx": 4096}, {"n_gpu_layers": 31, "n_ctx": 4096, "flash_attn": True},
    {"n_gpu_layers": 31, "split_mode": 0, "main_gpu": 1}, {"n_gpu_layers": 31, "n_ctx": 8192},
]
DEVICE_PARTS = ("weights", "kv", "compute")


def compare(knobs: dict, plan: dict, reported: dict) -> dict:
    """Planned vs reported bytes of each part on each device."""
    row: dict = {"config": knobs, "devices": {}, "notes": plan["notes"]}
    for device in sorted(set(plan["devices"]) | set(reported["weights"]) | set(reported["compute"])):
        planned = plan["devices"].get(device, {})
        cells = {}
        for part in DEVICE_PARTS:
            want = planned.get("kv_k", 0) + planned.get("kv_v", 0) if part == "kv" else planned.get(part, 0)
            got = reported[part].get(device, 0)
            error = abs(want - got) / got * 100 if got else (0.0 if not want else 100.0)
            cells[part] = {"planned": want, "reported": got, "error_pct": round(error, 3)}
        row["devices"][device] = cells
    return row


def device_rows(model: str, knobs: dict, threads: int) -> dict:
    """One load with layers on the (one) GPU, compared device by device."""
    from desktop.engine import Engine, LoadConfig, read_model_facts
    from desktop.engine.devices import gpu_devices
    from desktop.monitor.gpu import gpu_backend
    from desktop.monitor.planner import plan_memory
    from desktop.monitor.reported import parse_llama_log
    from desktop.monitor.shape import ModelShape

    config = LoadConfig(model, **{"n_ctx": 2048, "n_threads": threads, "use_mmap": False, **knobs})
    engine = Engine.load(config)
    reported = parse_llama_log(engine.load_log)
    engine.close()
    devices = gpu_devices()
    plan = plan_memory(ModelShape.from_facts(read_model_facts(model)), config, len(devices),
                       backend=gpu_backend(devices))
    return compare(knobs, plan.to_dict(), reported.to_dict())


def two_device_rows(model: str, threads: int) -> list[dict]:
    """The two-device loads, in a process that sees lavapipe twice (tests/two_devices_probe.py)."""
    import subprocess
    from pathlib import Path

    probe = Path(__file__).resolve().parents[1] / "tests" / "two_devices_probe.py"
    configs = [{"n_ctx": 2048, "n_threads": threads, **k} for k in TWO_DEVICE_CONFIGS]
    done = subprocess.run([sys.executable, str(probe), model, json.dumps(configs)], capture_output=True, text=True,
                          env={**os.environ, "GGML_VK_VISIBLE_DEVICES": "0,0"}, timeout=1800, check=True)
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return [compare(k, r["plan"], r["reported"]) for k, r in zip(TWO_DEVICE_CONFIGS, rows) if "plan" in r]


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
        out["two_device_configs"] = two_device_rows(model, args.threads)
        rows = rows + out["two_device_configs"]
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
