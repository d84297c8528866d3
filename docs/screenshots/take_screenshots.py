"""Take the README's screenshots of the real app (run under Xvfb, see docs/screenshots/README.md)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent


def main() -> int:
    from desktop.models import fetch_sample, models_dir

    model = str(fetch_sample())
    os.environ["FIRESIDE_MODELS_DIR"] = str(models_dir())
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from desktop.i18n import install_translators
    from desktop.storage import database_path, open_database
    from desktop.ui.main_window import MainWindow

    def wait(signal, check=bool, timeout_ms: int = 120000):
        loop = QEventLoop()
        got: list[object] = []

        def on(*args):
            if check(args[0] if args else None):
                got.append(args)
                loop.quit()

        signal.connect(on)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(on)
        if not got:
            raise RuntimeError("timed out")
        return got[0]

    def settle(ms: int = 400) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def new_window(language: str) -> MainWindow:
        os.environ["FIRESIDE_DATA_DIR"] = tempfile.mkdtemp(prefix="fireside-shots-")
        install_translators(app, language)
        db, _ = open_database(database_path())
        window = MainWindow(db)
        window.resize(1360, 860)
        window.show()
        settle()
        return window

    def chat(window: MainWindow, turns: list[tuple[str, int]]) -> None:
        c = window.controller
        c.load_model(model, {"model_path": model, "n_ctx": 512, "n_threads": 2},
                     {"max_tokens": 60, "seed": 42, "temperature": 0.7})
        wait(c.model_changed)
        window.system_prompt.setPlainText("You are Ember, an old dragon who tells stories by the fire.")
        for text, max_tokens in turns:
            c.sampler = {**c.sampler, "max_tokens": max_tokens}
            window.composer.setPlainText(text)
            window.composer.submit()
            wait(c.reply_finished, check=lambda r: True)
        c.sampler = {**c.sampler, "max_tokens": 40}
        c.regenerate()
        wait(c.reply_finished, check=lambda r: True)
        settle()

    window = new_window("en")
    window.welcome.set_models([], [])
    window.grab().save(str(OUT / "welcome.png"))
    window.close()

    window = new_window("en")
    # The long reply overflows the 512-token window: its notice shows the shift.
    chat(window, [("Tell me the **whole** legend of the winter star.", 460),
                  ("Thank you! What is your cave like?", 60)])
    window.grab().save(str(OUT / "chat.png"))
    window.memory_dock.raise_()
    settle(2500)
    window.grab().save(str(OUT / "memory.png"))
    window.settings_dock.raise_()
    panel = window.settings
    panel.widget("n_ctx").setValue(16384)
    panel.widget("type_v").setCurrentText("q4_0")
    settle()
    window.grab().save(str(OUT / "settings.png"))
    window.close()

    window = new_window("ja")
    chat(window, [("こんにちは、エンバー!洞窟の話をして。", 60), ("冬の星の伝説を教えて。", 80)])
    window.grab().save(str(OUT / "japanese.png"))
    window.close()
    install_translators(app, "en")
    print("saved", sorted(p.name for p in OUT.glob("*.png")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
