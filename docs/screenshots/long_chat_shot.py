"""The long-chat screenshot: a 20,000-message chat, Find in chat jumped to an old message.

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/long_chat_shot.py
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

    from desktop.chat import Conversation
    from desktop.storage import database_path, open_database
    from desktop.ui.main_window import MainWindow

    app = QApplication([])
    db, _ = open_database(database_path())
    for title, count in (("Harbour stories", 20_000), ("A short one", 12)):
        conv = Conversation(title=title)
        for i in range(count):
            if i % 2 == 0:
                conv.add("user", f"({i}) What did the keeper see from the lighthouse tonight?")
            else:
                conv.add("assistant", f"({i}) The lantern glowed over the harbour; a ship with red sails "
                                      "came in on the tide, and the keeper wrote its name in the log.")
        db.save_chat(conv)
    window = MainWindow(db)
    window.resize(1280, 820)
    window.show()
    window.stack.setCurrentWidget(window.chat_page)
    big = db.list_chats()[-1][0]
    window.controller.open_conversation(big)

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    settle(1.0)
    window.chat_search.open_search()
    window.chat_search.box.setText("(1235)")
    window.chat_search.step(-1)
    settle(1.0)
    window.grab().save(str(OUT / "long_chat.png"))
    print("saved", OUT / "long_chat.png")
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
