"""Logging for a double-clicked app: a rotating file, native crash traces, no console needed."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
from pathlib import Path
from typing import TextIO

from .paths import log_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_crash_file: TextIO | None = None


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to `fireside.log` (rotating, 3 x 1 MB) and enable faulthandler into `crash.log`.

    Returns the log folder. Safe to call more than once.
    """
    global _crash_file
    folder = log_dir()
    root = logging.getLogger()
    root.setLevel(level)
    target = folder / "fireside.log"
    if not any(getattr(h, "baseFilename", None) == str(target) for h in root.handlers):
        for old in [h for h in root.handlers if getattr(h, "fireside", False)]:
            root.removeHandler(old)
            old.close()
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.fireside = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    crash = folder / "crash.log"
    if _crash_file is None or _crash_file.name != str(crash):
        if _crash_file is not None:
            _crash_file.close()
        _crash_file = open(crash, "a", encoding="utf-8")  # noqa: SIM115 - faulthandler needs it open
        faulthandler.enable(file=_crash_file, all_threads=True)
    return folder
