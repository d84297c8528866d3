"""Headless serving: `fireside --serve --model PATH [--port N]` loads the model and runs the local API
with no window (a QCoreApplication drives the same engine process the window uses). When the engine
process dies it is restarted with the same model, up to 3 times in 5 minutes; meanwhile the API
answers 503 with Retry-After.

The model loads with the settings saved for it in the app (context length, GPU layers, RoPE, ...);
`--n-ctx` overrides the context length. Ctrl+C (or SIGTERM) stops the server and the engine cleanly.
"""

from __future__ import annotations

import argparse
import errno
import logging
import signal
import socket
import sys
from typing import Any

log = logging.getLogger("fireside.serve")
PORT_IN_USE = {errno.EADDRINUSE, 48, 10048}  # Linux, macOS, Windows


def port_is_free(host: str, port: int) -> bool:
    """Can a server listen on host:port now? (A trial bind, without SO_REUSEADDR: stricter than the
    server's own bind, so a port said to be free is free.)"""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as trial:
            trial.bind((host, port))
    except OSError:
        return False
    return True


def next_free_port(host: str, taken: int, tries: int = 100) -> int | None:
    """The first port after `taken` that is free on `host` (KoboldCpp holds 5001: 5002 is the usual
    answer), or None when the next `tries` ports are all taken."""
    for port in range(taken + 1, min(taken + 1 + tries, 65536)):
        if port_is_free(host, port):
            return port
    return None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("serving the local API (with --serve)")
    group.add_argument("--serve", action="store_true", help="run only the local API server, with no window")
    group.add_argument("--port", type=int, default=5001, help="port to listen on (default 5001; 0 picks a free one)")
    group.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; others need --allow-remote and --api-key)")
    group.add_argument("--api-key", default="", help="require this key (Authorization: Bearer KEY)")
    group.add_argument("--allow-remote", action="store_true", help="allow listening on a non-loopback address")
    group.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                       help="a web front end's origin allowed to call the API from a browser ('*' for any)")
    group.add_argument("--lore", action="store_true",
                       help="give chat requests the app's global lorebooks (for clients that send no world info)")
    group.add_argument("--queue", type=int, default=2, help="requests that may wait while one generates (default 2)")
    group.add_argument("--n-ctx", type=int, default=0, help="context length (default: the app's setting for the model)")
    group.add_argument("--guess-ahead", type=int, default=0, metavar="N",
                       help="prompt lookup: guess up to N tokens from the context and verify them in one batch, for "
                            "requests that do not set lookup_draft (0: off; needs flash attention)")
    group.add_argument("--draft-model", default="", metavar="PATH",
                       help="a small model of the same vocabulary that guesses ahead for the model (speculative "
                            "decoding; needs flash attention)")
    group.add_argument("--draft-max", type=int, default=0, metavar="N",
                       help="tokens the draft model guesses at a time (default: the app's setting, else 8)")
    group.add_argument("--flash-attn", action="store_true", help="turn flash attention on for this run")


def saved_load_settings(model_path: str) -> dict[str, Any]:
    """The load settings the app saved for this model, or {} (a missing or busy database is fine)."""
    try:
        from .storage import database_path
        from .storage.database import Database
        from .ui.chat.controller import model_key

        path = database_path()
        if not path.is_file():
            return {}
        db = Database.attach(path)
        try:
            stored = db.model_settings(model_key(model_path))
        finally:
            db.close()
        return dict(stored[0]) if stored else {}
    except Exception as exc:  # noqa: BLE001 - defaults are a fine answer
        log.warning("could not read the saved settings for %s: %s", model_path, exc)
        return {}


def main(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QCoreApplication, QTimer

    from .api.bridge import WorkerBackend
    from .api.server import ApiServer, ServerError, ServerOptions, check_options
    from .storage.logs import setup_logging
    from .worker import EngineClient
    from .worker.protocol import ENGINE_DIED

    setup_logging()
    if not args.model:
        print("fireside --serve needs --model PATH (a GGUF file)", file=sys.stderr)
        return 2
    options = ServerOptions(host=args.host, port=args.port, api_key=args.api_key, allow_remote=args.allow_remote,
                            cors_origins=list(args.cors), queue_size=args.queue,
                            guess_ahead=args.guess_ahead)
    try:
        check_options(options)
    except ServerError as exc:
        print(f"fireside: {exc}", file=sys.stderr)
        return 2
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    client = EngineClient(auto_restart=True)  # a crash restarts it with the same model (up to a limit)
    config = {**saved_load_settings(args.model), "model_path": args.model}
    if args.n_ctx:
        config["n_ctx"] = args.n_ctx
    if args.draft_model:
        config["draft_model_path"] = args.draft_model
    if args.draft_max:
        config["draft_max"] = args.draft_max
    if args.flash_attn:
        config["flash_attn"] = True
    outcome: dict[str, Any] = {}
    client.last_load = dict(config)  # a crash during the first load restarts it too (up to the limit)
    load_id = [0]

    def failed(rid: int, error: Any) -> None:
        if rid == load_id[0] and error.code != ENGINE_DIED:  # (a crash is restarted: see `check`)
            outcome["error"] = error.message + "".join(f"\n  {field}: {text}" for field, text in error.problems)
            app.quit()

    def check() -> None:
        status = client.model_status()
        if status is not None and not outcome:
            outcome["status"] = status
            app.quit()
        elif client.gave_up and not outcome:
            outcome["error"] = f"the engine crashed {client.restart_guard.limit + 1} times while loading " \
                               f"({client.crash.cause if client.crash else 'no cause'})"
            app.quit()

    def died(report: Any) -> None:
        print(f"fireside: the engine stopped: {report.cause}; restarting it", file=sys.stderr, flush=True)

    def gave_up(report: Any) -> None:
        print(f"fireside: the engine keeps crashing ({report.cause}); it is not restarted again. The API "
              "answers 503 until fireside is restarted.", file=sys.stderr, flush=True)

    client.failed.connect(failed)
    client.died.connect(died)
    client.stopped_restarting.connect(gave_up)
    print(f"fireside: loading {args.model} ...", flush=True)
    load_id[0] = client.load(config, owner="background")
    _quit_on_signals(app)
    tick = QTimer()  # lets Python see Ctrl+C while Qt's loop runs (and watches the load)
    tick.start(100)
    tick.timeout.connect(lambda: None)
    tick.timeout.connect(check)
    app.exec()
    tick.timeout.disconnect(check)
    if "status" not in outcome:
        print(f"fireside: the model did not load: {outcome.get('error', 'stopped')}", file=sys.stderr)
        client.stop(5000)
        return 1
    lore = None
    if args.lore:
        from .chat.api_lore import ApiLore
        from .storage import database_path
        from .storage.lore_store import global_books_reader
        lore = ApiLore(global_books_reader(database_path()))
    server = ApiServer(WorkerBackend(client), options, on_activity=lambda e: log.info("API: %s", e), lore=lore)
    try:
        url = server.start()
    except ServerError as exc:
        print(f"fireside: {exc}", file=sys.stderr)
        client.stop(5000)
        return 1
    draft = outcome["status"].get("draft")
    print(f"fireside: serving {args.model} (context {outcome['status']['n_ctx']}"
          f"{', draft model ' + draft['name'] if draft else ''}) on {url}", flush=True)
    print(f"fireside: KoboldCpp API at {url}/api, OpenAI API at {url}/v1; Ctrl+C stops", flush=True)
    app.exec()
    print("fireside: stopping", flush=True)
    server.stop()
    client.stop(5000)
    return 0


def _quit_on_signals(app: Any) -> None:
    def handler(_signum: int, _frame: object) -> None:
        app.quit()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
