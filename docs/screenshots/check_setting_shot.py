"""The Check this setting screenshot: the sample model with an unneeded linear ×2 scale at 2,048.

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/check_setting_shot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
OUT = Path(__file__).resolve().parent


def main() -> int:
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

    def wait(condition, seconds: float = 600) -> None:
        end = time.monotonic() + seconds
        while not condition() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    window.controller.load_model(model, {"model_path": model, "n_ctx": 2048, "n_threads": 2, "compress_pos_emb": 2.0})
    wait(lambda: bool(window.controller.model_info))
    dialog = window.check_setting(window.settings.values()[0])
    wait(lambda: dialog.result is not None)
    wait(lambda: False, 0.5)
    dialog.grab().save(str(OUT / "check_setting.png"))
    print("saved", OUT / "check_setting.png")
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
