"""The engine process dies at every point, of every death, and the app survives it.

    python benchmarks/crash_recovery.py --model PATH --json [--modes window,serve] [--kinds ...] [--points ...]

Each fault of desktop/worker/faults.py (abort, segv, exit, hang, oom) is injected at each point
(load, prompt, token, snapshot, api), in the real window (offscreen, a fresh data folder per case)
and in `fireside --serve` (a subprocess; the snapshot and token points are the window's). A hang is
ended the way a user ends it: Cancel / Stop in the window, an API client that gives up after 5 s.

Per case: the app is alive, every message sent and every reply character shown is in the
database, the notice names the cause, and the time from the engine's death to the next reply's
first streamed token (restart and model reload included). Prints JSON: cases, app_alive,
messages_lost, partial_reply_chars_lost, cause_named, recover_s_median (and max), api_hung_requests,
quit_s_max (also with the engine hung in C code), and each case's line.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import parser

KINDS = ("abort", "segv", "exit", "hang", "oom")
POINTS = ("load", "prompt", "token", "snapshot", "api")
SERVE_POINTS = ("load", "prompt", "api")
CAUSE_WORDS = {"abort": "abort", "segv": "segmentation fault", "exit": "exited with code 3",
               "oom": "out of memory", "hang": "stuck in llama.cpp"}
FAST = {"max_tokens": 16, "seed": 1, "temperature": 0.7}
ENDLESS = {"max_tokens": 400, "ignore_eos": True, "seed": 5}
LONG_MESSAGE = " ".join(f"Line {i}: the keeper wrote the weather down, as every night." for i in range(60))


# --- the window ---------------------------------------------------------------------------------------

class WindowCase:
    def __init__(self, app, model: str, kind: str, point: str) -> None:
        from desktop.storage import database_path, open_database
        from desktop.ui.main_window import MainWindow
        from desktop.worker import EngineClient

        self.app, self.model, self.kind, self.point = app, model, kind, point
        os.environ["FIRESIDE_DATA_DIR"] = tempfile.mkdtemp(prefix="fireside-crash-")
        db, _ = open_database(database_path())
        self.window = MainWindow(db, client=EngineClient(fault=f"{kind}@{point}:{12 if point in ('token', 'api') else 1}"))
        self.window.show()
        self.c = self.window.controller
        self.dead_at = 0.0
        self.banners: list[str] = []
        self.c.notify.connect(lambda _level, text: self.banners.append(text))
        self.c.client.died.connect(lambda _report: setattr(self, "dead_at", time.monotonic()))
        self.hung_requests = 0

    def pump(self, condition, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.app.processEvents()
            if condition():
                return True
            time.sleep(0.01)
        return condition()

    def load(self, sampler: dict) -> bool:
        self.c.load_model(self.model, {"model_path": self.model, "n_ctx": 1024, "n_threads": 2}, dict(sampler))
        return self.pump(lambda: bool(self.c.model_info) or bool(self.dead_at), 120)

    def run(self) -> dict:
        shown_at_death = ""
        sent: list[str] = []
        if self.point == "load":
            self.load(FAST)
            if self.kind == "hang":
                self.pump(lambda: False, 1.5)
                self.c.cancel_load()
        else:
            self.load(ENDLESS if self.point == "token" else FAST)
            if self.point == "snapshot":
                sent.append("The first chat.")
                self.c.send(sent[-1])
                self.pump(lambda: not self.c.busy, 60)
                self.c.new_conversation("")
            if self.point == "api":
                self._api_request()
            else:
                sent.append(LONG_MESSAGE if self.point == "prompt" else "Tell me about the lighthouse.")
                self.c.send(sent[-1])
            if self.kind == "hang":
                self.pump(lambda: False, 2.5 if self.point == "token" else 1.5)
                self.c.stop()
        streaming = self.c.streaming
        self.pump(lambda: bool(self.dead_at), 60)
        if streaming is not None:
            shown_at_death = streaming.text
        notice = self.window.engine_notice.text.text() if self.window.engine_notice.isVisible() else ""
        said = notice or " ".join(self.banners)
        lost, chars_lost = self._lost(sent, shown_at_death)
        recover = self._recover()
        alive = self.window.isVisible() and self.pump(lambda: True, 0.1)
        quit_s = self._quit()
        return {"mode": "window", "kind": self.kind, "point": self.point, "died": bool(self.dead_at),
                "app_alive": alive, "messages_lost": lost, "partial_reply_chars_lost": chars_lost,
                "cause_named": CAUSE_WORDS[self.kind] in said, "notice": said[:160], "recover_s": recover,
                "api_hung_requests": self.hung_requests, "quit_s": quit_s}

    def _api_request(self) -> None:
        import httpx

        from desktop.api.bridge import WorkerBackend
        from desktop.api.server import ApiServer, ServerOptions

        self.server = ApiServer(WorkerBackend(self.c.client), ServerOptions(port=0))
        url = self.server.start()

        def ask() -> None:
            try:
                httpx.post(url + "/api/v1/generate", json={"prompt": "Once upon a time", "max_length": 80},
                           timeout=5 if self.kind == "hang" else 30)
            except httpx.TimeoutException:
                if self.kind != "hang":  # (a client that gives up on a hang is how a hang is ended)
                    self.hung_requests += 1

        threading.Thread(target=ask, daemon=True).start()

    def _lost(self, sent: list[str], shown: str) -> tuple[int, int]:
        db = self.window.db
        stored = [m for chat_id, _t, _ in db.list_chats() for m in db.load_chat(chat_id).messages]
        texts = [m.text for m in stored]
        lost = sum(1 for text in sent if text not in texts)
        replies = [m.text for m in stored if m.role == "assistant"]
        kept = max((len(r) for r in replies if shown.startswith(r)), default=0) if shown else 0
        return lost, len(shown) - kept

    def _recover(self) -> float | None:
        if not self.dead_at:
            return None
        notice = self.window.engine_notice
        if notice.isVisible():
            restart = notice.findChild(type(self.window.send_button), "engine_action_restart")
            restart.click()
        if not self.pump(lambda: bool(self.c.model_info), 120):
            return None
        first = [0.0]
        self.c.message_streaming.connect(lambda _i: first.__setitem__(0, first[0] or time.monotonic()))
        self.c.sampler = dict(FAST)
        self.c.send("And then?")
        if not self.pump(lambda: bool(first[0]), 120):
            return None
        self.pump(lambda: not self.c.busy, 60)
        return round(first[0] - self.dead_at, 2)

    def _quit(self) -> float:
        if self.kind == "hang" and self.point == "load":  # quit while the engine is stuck in C code
            self.c.client.restart(fault="hang@load")
            self.c.load_model(self.model, {"model_path": self.model, "n_ctx": 1024, "n_threads": 2})
            self.pump(lambda: False, 1.5)
        if getattr(self, "server", None) is not None:
            self.server.stop()
        started = time.monotonic()
        self.window.close()
        elapsed = time.monotonic() - started
        self.window.db.close()
        return round(elapsed, 2)


# --- fireside --serve ---------------------------------------------------------------------------------

def serve_case(model: str, kind: str, point: str) -> dict:
    import httpx

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, FIRESIDE_DATA_DIR=tempfile.mkdtemp(prefix="fireside-crash-"),
               FIRESIDE_ENGINE_FAULT=f"{kind}@{point}:{12 if point == 'api' else 1}")
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "--serve", "--model", model, "--port", "0",
                             "--n-ctx", "1024"], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    lines: list[tuple[float, str]] = []  # (when it arrived, the stderr line)
    threading.Thread(target=lambda: lines.extend((time.monotonic(), x) for x in proc.stderr), daemon=True).start()
    url = ""
    hung = 0
    first_status = None
    out: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [out.put(x) for x in proc.stdout], daemon=True).start()
    deadline = time.monotonic() + 180  # (a load hung in C code is stopped by the 60 s stall watchdog)
    while time.monotonic() < deadline and not url:
        try:
            found = re.search(r"on (http://\S+)", out.get(timeout=1))
        except queue.Empty:
            continue
        if found:
            url = found.group(1)
    body = {"prompt": LONG_MESSAGE if point == "prompt" else "Once upon a time", "max_length": 60}
    if point != "load" and url:
        try:
            first = httpx.post(url + "/api/v1/generate", json=body, timeout=5 if kind == "hang" else 30)
            first_status = f"{first.status_code} Retry-After {first.headers.get('Retry-After')}"
        except httpx.TimeoutException:
            if kind != "hang":  # (a client that gives up on a hang is how a hang is ended)
                hung += 1
    recover = None
    deadline = time.monotonic() + 120
    while url and time.monotonic() < deadline:
        try:
            with httpx.stream("POST", url + "/api/extra/generate/stream", json={"prompt": "Hello", "max_length": 8},
                              timeout=30) as response:
                if response.status_code == 200:
                    for raw in response.iter_lines():
                        if raw.startswith("data:") and json.loads(raw[5:]).get("token"):
                            dead_at = _line_time(lines, "the engine stopped")
                            recover = round(time.monotonic() - dead_at, 2) if dead_at else None
                            break
                    if recover is not None:
                        break
                elif response.status_code != 503:
                    break
        except httpx.TimeoutException:
            hung += 1
        time.sleep(0.3)
    alive = proc.poll() is None
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    quit_s = round(time.monotonic() - started, 2)
    notice = next((x.strip() for _t, x in lines if "engine stopped" in x), "")
    return {"mode": "serve", "kind": kind, "point": point, "died": bool(notice), "app_alive": alive,
            "messages_lost": 0, "partial_reply_chars_lost": 0, "cause_named": CAUSE_WORDS[kind] in notice,
            "notice": notice[:160], "first_answer": first_status, "recover_s": recover, "api_hung_requests": hung,
            "quit_s": quit_s}


def _line_time(lines: list[tuple[float, str]], text: str) -> float:
    """When the serve process printed the first line with `text` (0: never)."""
    return next((t for t, x in lines if text in x), 0.0)


# --- the run ---------------------------------------------------------------------------------------------

def main() -> int:
    p = parser(__doc__, rounds=1)
    p.add_argument("--modes", default="window,serve")
    p.add_argument("--kinds", default=",".join(KINDS))
    p.add_argument("--points", default=",".join(POINTS))
    args = p.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.models import fetch_sample, models_dir

    model = args.model or str(fetch_sample())
    os.environ.setdefault("FIRESIDE_MODELS_DIR", str(models_dir()))
    kinds, points, modes = args.kinds.split(","), args.points.split(","), args.modes.split(",")
    cases: list[dict] = []
    if "window" in modes:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        for kind in kinds:
            for point in points:
                case = WindowCase(app, model, kind, point).run()
                cases.append(case)
                if not args.json:
                    print(json.dumps(case), file=sys.stderr, flush=True)
    if "serve" in modes:
        for kind in kinds:
            for point in [x for x in points if x in SERVE_POINTS]:
                case = serve_case(model, kind, point)
                cases.append(case)
                if not args.json:
                    print(json.dumps(case), file=sys.stderr, flush=True)
    recovers = [c["recover_s"] for c in cases if c["recover_s"] is not None]
    result = {
        "cases": len(cases),
        "died": sum(c["died"] for c in cases),
        "app_alive": sum(c["app_alive"] for c in cases),
        "messages_lost": sum(c["messages_lost"] for c in cases),
        "partial_reply_chars_lost": sum(c["partial_reply_chars_lost"] for c in cases),
        "cause_named": sum(c["cause_named"] for c in cases),
        "recovered": len(recovers),
        "recover_s_median": round(statistics.median(recovers), 2) if recovers else None,
        "recover_s_max": max(recovers) if recovers else None,
        "api_hung_requests": sum(c["api_hung_requests"] for c in cases),
        "quit_s_max": max(c["quit_s"] for c in cases) if cases else None,
        "case_list": cases,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
