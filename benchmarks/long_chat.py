"""Long chats: what opening, scrolling and replying cost in chats of 1,000, 10,000 and 100,000 messages.

Each size runs in a fresh process on a real database and the real window (offscreen unless
QT_QPA_PLATFORM says otherwise) with the real model and worker. Per size: `open_ms` (open the chat
to the first paint of its newest messages), `gui_max_stall_ms` (the longest the GUI thread did not
answer a 4 ms timer while opening, scrolling up 40 steps and jumping to the first message),
`rss_mb` after opening, `first_token_ms` for a new message (its window evaluated from scratch),
`second_turn_prompt_ms`; then `growth` = the 100,000 figure / the 1,000 figure for open_ms, rss_mb
and first_token_ms. Targets: open_ms < 500 and gui_max_stall_ms < 100 at every size, rss growth < 1.5,
first_token growth < 1.5. Prints JSON.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

from common import parser

SIZES = (1_000, 10_000, 100_000)
TICK_MS = 4
WORDS = ("lantern harbour keeper storm rope tide gull lamp night sea wave cliff door key ship oar salt "
         "song bell stone fire smoke wind rain moon star road cart bread cup coat boot mast sail").split()


def make_chat(db, count: int) -> int:
    """A chat of `count` varied messages (~300 characters each), written straight into the database."""
    from desktop.chat import Conversation

    rng = random.Random(count)
    conv = Conversation(title=f"{count:,} messages")
    db.save_chat(conv)
    rows = []
    for i in range(count):
        text = f"({i}) " + " ".join(rng.choice(WORDS) for _ in range(55)) + "."
        rows.append((conv.id, i, "user" if i % 2 == 0 else "assistant", 0,
                     json.dumps([{"text": text, "stats": "", "notice": ""}])))
    with db.transaction():
        db.conn.executemany("INSERT INTO messages (chat_id, position, role, swipe, swipes) VALUES (?, ?, ?, ?, ?)", rows)
    return int(conv.id)


def measure(size: int, model: str, n_ctx: int, threads: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["FIRESIDE_DATA_DIR"] = tempfile.mkdtemp(prefix="fireside-longchat-")
    import psutil
    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
    from PySide6.QtWidgets import QAbstractSlider, QApplication

    from desktop.storage import database_path, open_database
    from desktop.ui.main_window import MainWindow

    app = QApplication([])
    db, _ = open_database(database_path())
    chat_id = make_chat(db, size)
    other = make_chat(db, 3)
    window = MainWindow(db)
    window.resize(1280, 820)
    window.show()
    c = window.controller

    def spin(condition, timeout: float = 600.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the window did not answer")
            app.processEvents()
            time.sleep(0.001)

    c.load_model(model, {"model_path": model, "n_ctx": n_ctx, "n_threads": threads}, {"max_tokens": 8, "seed": 1})
    spin(lambda: bool(c.model_info))
    c.open_conversation(other)
    spin(lambda: True)

    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(TICK_MS)
    last = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    ticker.timeout.connect(tick)

    class PaintWatch(QObject):
        painted = 0.0

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = time.perf_counter()
            return False

    watch = PaintWatch()
    clock.start()
    ticker.start()
    started = time.perf_counter()
    c.open_conversation(chat_id)  # what clicking the chat in the list does
    window.chat_view.bubbles[-1].installEventFilter(watch)  # made by now, painted by the event loop
    spin(lambda: watch.painted > 0)
    open_ms = (watch.painted - started) * 1000
    rss_mb = psutil.Process().memory_info().rss / 2**20
    view = window.chat_view
    bar = view.verticalScrollBar()
    for _ in range(40):  # scrolling up through the chat, as far as 40 wheel-flicks to the top take it
        first = view.first
        bar.triggerAction(QAbstractSlider.SliderAction.SliderToMinimum)
        spin(lambda: view.first < first or first == 0, 10)
        spin(lambda: True)
    view.scroll_to(0)  # and the very first message (search or Home)
    deadline = time.monotonic() + 0.3
    spin(lambda: time.monotonic() > deadline)
    ticker.stop()
    stall = max(gaps[1:]) if len(gaps) > 1 else 0.0

    first_token: list[float] = []
    c.message_streaming.connect(lambda _i: first_token.append(time.perf_counter()) if not first_token else None)
    results: list[dict] = []
    c.reply_finished.connect(results.append)
    started = time.perf_counter()
    c.send("Where did the keeper hide the key?")
    spin(lambda: bool(results))
    first_token_ms = ((first_token[0] if first_token else time.perf_counter()) - started) * 1000
    c.send("And then?")
    spin(lambda: len(results) == 2)
    second_prompt_ms = results[1]["data"]["prompt_seconds"] * 1000
    window.shutdown()
    return {"messages": size, "open_ms": round(open_ms, 1), "gui_max_stall_ms": round(stall, 1),
            "rss_mb": round(rss_mb, 1), "first_token_ms": round(first_token_ms, 1),
            "first_prompt_tokens": results[0]["data"]["prompt_tokens"],
            "second_turn_prompt_ms": round(second_prompt_ms, 1),
            "second_turn_prompt_tokens": results[1]["data"]["prompt_tokens"],
            "bubbles_alive": len(view.bubbles)}


def main() -> int:
    p = parser(__doc__, rounds=3)
    p.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    p.add_argument("--one", type=int, help=argparse_hidden())
    args = p.parse_args()
    from desktop.models import fetch_sample

    model = args.model or str(fetch_sample())
    if args.one:
        print(json.dumps(measure(args.one, model, args.n_ctx, args.threads)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    rounds: dict[int, list[dict]] = {s: [] for s in sizes}
    for _ in range(args.rounds):
        for size in sizes:
            out = subprocess.run([sys.executable, __file__, "--one", str(size), "--model", model,
                                  "--n-ctx", str(args.n_ctx), "--threads", str(args.threads)],
                                 capture_output=True, text=True, check=True)
            rounds[size].append(json.loads(out.stdout.strip().splitlines()[-1]))
            if not args.json:
                print(rounds[size][-1], file=sys.stderr)
    keys = ("open_ms", "gui_max_stall_ms", "rss_mb", "first_token_ms", "second_turn_prompt_ms")
    per_size = {}
    for size, runs in rounds.items():
        row = {k: statistics.median(r[k] for r in runs) for k in keys}
        row["spread"] = {k: [min(r[k] for r in runs), max(r[k] for r in runs)] for k in keys}
        row["first_prompt_tokens"] = runs[0]["first_prompt_tokens"]
        row["second_turn_prompt_tokens"] = runs[0]["second_turn_prompt_tokens"]
        per_size[str(size)] = row
    result: dict = {"n_ctx": args.n_ctx, "rounds": args.rounds, "sizes": per_size}
    small, large = str(min(sizes)), str(max(sizes))
    if small != large:
        result["growth"] = {k: round(per_size[large][k] / per_size[small][k], 3)
                            for k in ("open_ms", "rss_mb", "first_token_ms")}
    result["targets_met"] = {
        "open_ms < 500": all(r["open_ms"] < 500 for r in per_size.values()),
        "gui_max_stall_ms < 100": all(r["gui_max_stall_ms"] < 100 for r in per_size.values()),
        "rss growth < 1.5": result.get("growth", {}).get("rss_mb", 1.0) < 1.5,
        "first_token growth < 1.5": result.get("growth", {}).get("first_token_ms", 1.0) < 1.5,
    }
    print(json.dumps(result))
    return 0


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    sys.exit(main())
