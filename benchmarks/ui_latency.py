"""GUI event-loop stalls while the engine process streams a reply into the chat view.

A precise 4 ms timer measures its own lateness on the GUI thread while the real window (offscreen
unless QT_QPA_PLATFORM says otherwise), the real engine process and the real model stream at least
`--tokens` tokens. Prints JSON: tokens, p99_stall_ms, max_stall_ms (targets: < 16 and < 50).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time

from common import parser

TICK_MS = 4


def main() -> int:
    p = parser(__doc__, rounds=1)
    p.add_argument("--tokens", type=int, default=300, help="tokens to stream (at least 100)")
    args = p.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.models import fetch_sample, models_dir

    model = args.model or str(fetch_sample())
    os.environ.setdefault("FIRESIDE_MODELS_DIR", str(models_dir()))
    os.environ["FIRESIDE_DATA_DIR"] = tempfile.mkdtemp(prefix="fireside-bench-")
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.storage import database_path, open_database
    from desktop.ui.main_window import MainWindow

    app = QApplication([])
    db, _ = open_database(database_path())
    window = MainWindow(db)
    window.show()
    lateness: list[float] = []
    tokens = [0]
    state = {"last": 0.0, "measuring": False}

    def tick() -> None:
        now = time.perf_counter()
        if state["measuring"] and state["last"]:
            lateness.append(max(0.0, (now - state["last"]) * 1000 - TICK_MS))
        state["last"] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)

    def on_stream(_index: int) -> None:
        tokens[0] += 1
        if not state["measuring"]:
            state["measuring"] = True
            state["last"] = time.perf_counter()

    def on_model(info: dict) -> None:
        if info:
            timer.start()
            window.composer.setPlainText("Write a long story about a lighthouse keeper and a storm, with **bold** "
                                         "words, a list, and dialogue.")
            window.composer.submit()

    def on_finished(result: dict) -> None:
        state["measuring"] = False
        state["result"] = result
        QTimer.singleShot(0, app.quit)

    window.controller.message_streaming.connect(on_stream)
    window.controller.model_changed.connect(on_model)
    window.controller.reply_finished.connect(on_finished)
    sampler = {"max_tokens": max(args.tokens, 100), "ignore_eos": True, "seed": 1, "temperature": 0.8}
    window.controller.load_model(model, {"model_path": model, "n_ctx": args.n_ctx, "n_threads": args.threads},
                                 sampler)
    app.exec()
    window.close()
    result = state.get("result", {})
    lateness.sort()
    p99 = lateness[min(len(lateness) - 1, int(len(lateness) * 0.99))] if lateness else float("nan")
    out = {
        "tokens": result.get("data", {}).get("tokens_generated", 0),
        "pieces_streamed": tokens[0],
        "p99_stall_ms": round(p99, 2),
        "max_stall_ms": round(lateness[-1], 2) if lateness else None,
        "median_stall_ms": round(statistics.median(lateness), 3) if lateness else None,
        "ticks": len(lateness),
        "tick_ms": TICK_MS,
        "gen_tps": round(result.get("data", {}).get("gen_tps", 0.0), 1),
        "platform": os.environ["QT_QPA_PLATFORM"],
        "reply_chars": len(result.get("text", "")),
    }
    if not args.json:
        print(f"{out['tokens']} tokens streamed; GUI stalls p99 {out['p99_stall_ms']} ms, max "
              f"{out['max_stall_ms']} ms", file=sys.stderr)
    print(json.dumps(out))
    return 0 if out["tokens"] >= 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())
