"""Running Qt's event loop until something happens, without pytest-qt (child processes, benchmarks)."""

from __future__ import annotations

import time
from collections.abc import Callable


def process_events_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Process events until `condition()` is true (True) or `seconds` have passed (False)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
    return True


def wait_for(condition: Callable[[], bool], seconds: float, what: str = "the app") -> None:
    """Like process_events_until, but a timeout is an error."""
    if not process_events_until(condition, seconds):
        raise TimeoutError(f"{what} did not get there within {seconds:g} s")
