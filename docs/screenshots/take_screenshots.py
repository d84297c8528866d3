"""Take the README's screenshots of the real app (run under Xvfb, see docs/screenshots/README.md)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent


def make_card(path: Path) -> None:
    """A card PNG: a painted avatar with the V2 card JSON in a 'chara' text chunk."""
    import base64
    import json

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    card = {"spec": "chara_card_v2", "spec_version": "2.0", "data": {
        "name": "Ember", "description": "{{char}} is an old dragon who keeps a lantern shop under the hill.",
        "personality": "warm, proud, fond of riddles", "scenario": "{{user}} shelters in {{char}}'s shop from a storm.",
        "first_mes": "*The lanterns flicker as the door opens.* Come in out of the rain, {{user}}.",
        "alternate_greetings": ["Ah, {{user}}. The kettle is on."], "mes_example": "",
        "post_history_instructions": "", "system_prompt": ""}}
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(QColor("#2b1d14"))
    painter = QPainter(image)
    painter.setBrush(QColor("#c0672b"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(28, 28, 200, 200)
    painter.setPen(QColor("#fff3e0"))
    font = QFont()
    font.setPixelSize(120)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, "E")
    painter.end()
    image.setText("chara", base64.b64encode(json.dumps(card).encode()).decode())
    image.save(str(path), "PNG")


def story_text() -> str:
    first = ("Once upon a time, in a village by the river, the miller's daughter kept a silver thimble shaped "
             "like a heron. She never let anyone touch it.")
    body = [f"On day {i} the wind came down from the northern hills, and the villagers mended the nets and told "
            f"the story of the {i}th bridge to the children by the fire." for i in range(60)]
    return "\n\n".join([first, *body, "And that is the end of the tale."])


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

    # welcome.png: docs/screenshots/get_models_shot.py (it has downloaded models to list)

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

    # A character card (made here with Qt: a picture with the card in a tEXt chunk) and a chat with it.
    window = new_window("en")
    c = window.controller
    c.load_model(model, {"model_path": model, "n_ctx": 1024, "n_threads": 2},
                 {"max_tokens": 80, "seed": 7, "temperature": 0.7})
    wait(c.model_changed)
    card_path = Path(tempfile.mkdtemp()) / "ember.png"
    make_card(card_path)
    dialog = window.show_characters()
    dialog.import_file(str(card_path))
    settle()
    dialog.grab().save(str(OUT / "characters.png"))
    dialog.start_chat()
    window.sidebar.persona_name.setText("Ann")
    window.sidebar.persona_description.setText("A courier who carries letters across the marsh.")
    window.sidebar.authors_note.setPlainText("Ember speaks in short, warm sentences.")
    window.sidebar.flush()
    for text in ("Hello Ember! May I wait out the storm here?", "What is the oldest lantern in your shop?"):
        window.composer.setPlainText(text)
        window.composer.submit()
        wait(c.reply_finished, check=lambda r: True)
    settle()
    window.grab().save(str(OUT / "roleplay.png"))
    story_path = Path(tempfile.mkdtemp()) / "The Heron Thimble.txt"
    story_path.write_text(story_text(), encoding="utf-8")
    c.roleplay.open_story(str(story_path))
    wait(c.reply_finished, check=lambda r: True)
    window.composer.setPlainText("What did the miller's daughter keep?")
    window.composer.submit()
    wait(c.reply_finished, check=lambda r: True)
    settle()
    window.grab().save(str(OUT / "story.png"))
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
