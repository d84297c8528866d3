"""Starting the desktop app: logging, crash handling, translations, the database, the window.

`python -m desktop --smoke [--model PATH]` runs the real window offscreen with the real worker: it
loads the model, sends one prompt through the composer (the path a typed message takes), prints
the reply's stats line and exits 0, or prints the error and exits 1.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import TracebackType

log = logging.getLogger("fireside")
SMOKE_PROMPT = "Say hello to the reader in one short sentence."
SMOKE_TIMEOUT_S = 300


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fireside", description="Local GGUF models for roleplay and stories.")
    parser.add_argument("--model", help="GGUF file to load at start")
    parser.add_argument("--smoke", action="store_true",
                        help="offscreen self-test: load, send one prompt, print the stats line, exit")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cli", action="store_true", help="terminal chat instead of the window")
    from .serve import add_arguments

    add_arguments(parser)
    return parser.parse_known_args(argv)[0]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.cli or "--say" in argv:
        from .cli import main as cli_main

        return cli_main([a for a in argv if a != "--cli"])
    if args.serve:
        from .serve import main as serve_main

        return serve_main(args)
    if args.smoke or args.startup_probe:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _isolate_user_data()
    from .storage.logs import setup_logging

    folder = setup_logging()
    log.info("Fireside starting (logs in %s)", folder)
    from .preflight import run as preflight

    # Before Qt loads: missing system libraries (or no screen) get a message that says what to install,
    # not Qt's "could not load the Qt platform plugin" abort.
    refused = preflight()
    if refused is not None:
        return refused
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from .ui.main_thread_gc import collect_in_main_thread

    collect_in_main_thread(app)  # never in the monitor's or the engine link's threads (see the module)
    app.setApplicationName("Fireside")
    app.setOrganizationName("Fireside")
    from .ui.about import app_icon

    app.setWindowIcon(app_icon())
    sys.excepthook = _excepthook(exit_on_error=args.smoke)
    _route_qt_messages()

    window = create_window(restore_geometry=not args.smoke)
    if window is None:
        return 1
    db = window.db
    if args.startup_probe:
        window.shown.connect(lambda: _report_startup(app))
    window.show()
    if args.smoke:
        _run_smoke(app, window, args.model)
    elif args.model:
        window.controller.load_model(args.model)
    else:
        last = db.setting("last_model")
        if last and Path(last).is_file():
            window.controller.load_model(last)
    app.aboutToQuit.connect(window.shutdown)
    code = app.exec()
    window.shutdown()
    db.close()
    if window.restart_requested:
        restart_process()
    return code


def restart_process() -> None:
    """Replace this process with a new Fireside (after the window closed and saved everything): the
    same command, or the bundle's own executable when frozen by PyInstaller."""
    log.info("restarting Fireside")
    logging.shutdown()
    if getattr(sys, "frozen", False):
        os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
    os.execv(sys.executable, [sys.executable, "-m", "desktop", *sys.argv[1:]])


def create_window(restore_geometry: bool = True, ask_retry=None):
    """Open the database (moving a corrupt one aside, and saying so), set the language, build the window.

    A database that is locked, read-only or on a full disk is never moved: `ask_retry(message)` (a
    dialog by default) says why and returns whether to try again; None when the user gives up.
    """
    from PySide6.QtCore import QByteArray, QCoreApplication
    from PySide6.QtWidgets import QApplication

    from .i18n import install_translators
    from .storage import DatabaseUnavailable, database_path, open_database
    from .ui.main_window import MainWindow
    from .ui.theme import apply_theme

    while True:
        try:
            db, recovery = open_database(database_path())
            break
        except DatabaseUnavailable as exc:
            message = QCoreApplication.translate(
                "MainWindow", "Fireside cannot open your chats in {0}: {1}. Nothing was changed. Close other copies "
                "of Fireside, check the disk space and the folder's permissions, then try again.").format(
                exc.path, exc.reason)
            log.error("%s", message)
            if not (ask_retry or _ask_retry)(message):
                return None
    install_translators(QApplication.instance(), db.setting("language", "auto"))
    apply_theme(QApplication.instance(), db.setting("theme", "system"))
    window = MainWindow(db)
    if recovery is not None:
        window.show_banner("error", QCoreApplication.translate(
            "MainWindow", "The chat database could not be read ({0}). It was moved to {1} and a new, empty one was "
            "created.").format(recovery.reason, recovery.moved_to))
    geometry = db.setting("window_geometry")
    if geometry and restore_geometry:
        window.restoreGeometry(QByteArray.fromHex(geometry.encode()))
    return window


def _ask_retry(message: str) -> bool:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "Fireside", message,
                      QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box.exec() == QMessageBox.StandardButton.Retry


def _route_qt_messages() -> None:
    """Qt's own warnings go to the log file (a double-clicked app has no console to print them on)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("fireside.qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            print(message, file=sys.stderr, flush=True)

    qInstallMessageHandler(handler)


def _isolate_user_data() -> None:
    """Smoke runs use a throwaway data folder (chats, settings, logs) but the real models folder."""
    from .models import models_dir

    os.environ.setdefault("FIRESIDE_MODELS_DIR", str(models_dir()))
    os.environ["FIRESIDE_DATA_DIR"] = tempfile.mkdtemp(prefix="fireside-smoke-")


def _report_startup(app) -> None:
    import psutil

    elapsed = time.time() - psutil.Process().create_time()
    print(f"window shown {elapsed:.3f} s after the process started", flush=True)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, app.quit)


def _smoke_get_models(window, model: str) -> str:
    """Open Get models (huggingface_hub is imported then) and read the model's header the remote way
    (from its first bytes), offline."""
    from .hub.client import HubClient
    from .hub.files import GgufEntry, RemoteFile
    from .hub.remote_header import facts_from_ranges

    browser = window.models.open_model_browser()
    HubClient(endpoint="http://127.0.0.1:9")  # the hub client builds without the network
    size = Path(model).stat().st_size

    def read(_name: str, start: int, end: int) -> bytes:
        with open(model, "rb") as fh:
            fh.seek(start)
            return fh.read(end - start + 1)

    entry = GgufEntry(Path(model).name, "", (RemoteFile(Path(model).name, size, ""),))
    remote = facts_from_ranges(read, entry)
    browser.close()
    return f"Get models ready; header of {remote.facts.n_layers} layers read from its first {remote.bytes_read:,} bytes"


def _run_smoke(app, window, model: str | None) -> None:
    from PySide6.QtCore import QTimer

    from .models import FetchError, fetch_sample

    failed: list[str] = []

    def fail(message: str) -> None:
        if not failed:
            failed.append(message)
            print(f"smoke: FAILED: {message}", file=sys.stderr, flush=True)
        app.exit(1)

    try:
        path = model or str(fetch_sample())
    except FetchError as exc:
        message = str(exc)
        QTimer.singleShot(0, lambda: fail(message))
        return
    controller = window.controller

    def on_model(info: dict) -> None:
        if info:
            print(f"smoke: loaded {Path(path).name} (context {info['n_ctx']}) in {info['load_seconds']:.2f} s",
                  flush=True)
            window.composer.setPlainText(SMOKE_PROMPT)
            window.composer.submit()

    def on_reply(result: dict) -> None:
        if result.get("reason") in ("error", "cancelled") or not result.get("text"):
            fail(f"no reply ({result.get('reason')})")
            return
        print(f"smoke: reply: {result['text'].strip()[:200]}", flush=True)
        print(result["stats"], flush=True)
        try:
            print(f"smoke: {_smoke_get_models(window, path)}", flush=True)
        except Exception as exc:  # noqa: BLE001 - a bundle missing a module fails here, not in a user's hands
            fail(f"Get models: {type(exc).__name__}: {exc}")
            return
        app.exit(0)

    controller.model_changed.connect(on_model)
    controller.model_failed.connect(lambda message: fail(f"could not load the model: {message}"))
    controller.reply_finished.connect(on_reply)
    controller.notify.connect(lambda level, text: fail(text) if level == "error" else None)
    QTimer.singleShot(SMOKE_TIMEOUT_S * 1000, lambda: fail(f"no reply within {SMOKE_TIMEOUT_S} s"))
    controller.load_model(path, None, {"max_tokens": 48, "seed": 1, "temperature": 0.7})


def _excepthook(exit_on_error: bool):
    """Log unexpected errors and show them: a double-clicked app has no console."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        log.critical("unexpected error:\n%s", text)
        if exit_on_error:
            print(text, file=sys.stderr, flush=True)
            from PySide6.QtWidgets import QApplication

            app = QApplication.instance()
            if app is not None:
                app.exit(1)
            return
        show_error_dialog(text)

    return hook


def show_error_dialog(details: str) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    from .storage.paths import log_dir

    box = QMessageBox(QMessageBox.Icon.Critical, "Fireside",
                      QCoreApplication.translate("ErrorDialog", "Something went wrong. Your chats are saved; you can "
                                                 "keep working. The details are in the log folder: {0}").format(
                          log_dir()))
    box.setTextFormat(__import__("PySide6.QtCore").QtCore.Qt.TextFormat.PlainText)
    box.setDetailedText(details)
    box.setAttribute(__import__("PySide6.QtCore").QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    show_error_dialog.last = box  # type: ignore[attr-defined]  # for tests
