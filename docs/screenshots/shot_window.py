"""What the one-picture screenshot scripts share: the real window on a fresh data folder, the sample
model loaded, and a wait that keeps the Qt loop turning."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
OUT = Path(__file__).resolve().parent


def open_window(load: dict) -> tuple[object, object, Callable[..., None]]:
    """(app, window, wait) with the sample model loaded with `load` (n_ctx and friends)."""
    os.environ["FIRESIDE_DATA_DIR"] = tempfile.mkdtemp(prefix="fireside-shot-")
    from PySide6.QtWidgets import QApplication

    from desktop.models import fetch_sample
    from desktop.storage import database_path, open_database
    from desktop.ui.main_window import MainWindow

    app = QApplication([])
    db, _ = open_database(database_path())
    window = MainWindow(db)
    window.resize(1280, 820)
    window.show()
    model = str(fetch_sample())

    def wait(condition: Callable[[], bool], seconds: float = 600) -> None:
        end = time.monotonic() + seconds
        while not condition() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    window.controller.load_model(model, {"model_path": model, "n_threads": 2, **load})
    wait(lambda: bool(window.controller.model_info))
    return app, window, wait
