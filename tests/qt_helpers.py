"""Helpers for driving the real window with pytest-qt."""

from __future__ import annotations

from desktop.ui.main_window import MainWindow

FAST = {"max_tokens": 24, "seed": 11, "temperature": 0.7}
ENDLESS = {"max_tokens": -1, "ignore_eos": True, "seed": 5}


def load_model(qtbot, window: MainWindow, path: str, sampler: dict | None = None, **load: object) -> dict:
    config = {"model_path": path, "n_ctx": 1024, "n_threads": 2, **load}
    with qtbot.waitSignal(window.controller.model_changed, timeout=60000, check_params_cb=bool) as blocker:
        window.controller.load_model(path, config, dict(sampler or FAST))
    return blocker.args[0]


def finish_reply(qtbot, window: MainWindow, action) -> dict:
    """Run `action` (which starts a reply) and wait for the reply to end; return the worker's result."""
    with qtbot.waitSignal(window.controller.reply_finished, timeout=120000) as blocker:
        action()
    return blocker.args[0]


def finish_job(qtbot, window: MainWindow, start, timeout: int = 120000) -> tuple[str, object]:
    """Run `start` (an import, export or delete that runs in the background) and wait until the
    window has handled its end; returns ("finished", result) or ("failed", message)."""
    outcome: list[tuple[str, object]] = []
    on_finished = lambda _kind, result: outcome.append(("finished", result))  # noqa: E731
    on_failed = lambda _kind, message: outcome.append(("failed", message))  # noqa: E731
    window.chat_files.jobs.finished.connect(on_finished)
    window.chat_files.jobs.failed.connect(on_failed)
    try:
        if not start():
            return ("not started", None)
        qtbot.waitUntil(lambda: bool(outcome) and not window.chat_files.jobs.running and window.chat_files.job_bar.isHidden(),
                        timeout=timeout)
        return outcome[0]
    finally:
        window.chat_files.jobs.finished.disconnect(on_finished)
        window.chat_files.jobs.failed.disconnect(on_failed)
