"""The engine crash notice: the engine process segfaults at the 40th token of a reply (an injected
fault, worker/faults.py); the window stays, the reply is kept as far as it streamed, and the notice
says what happened and offers the actions that may help.

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/crash_shot.py
"""

from __future__ import annotations

import os
import sys

from shot_window import OUT, open_window


def main() -> int:
    os.environ["FIRESIDE_ENGINE_FAULT"] = "segv@token:40"  # (the first engine process only)
    _app, window, wait = open_window({"n_ctx": 1024})
    c = window.controller
    c.sampler = {"max_tokens": 200, "ignore_eos": True, "seed": 3, "temperature": 0.7}
    c.send("Tell me a story about a lighthouse keeper and a storm.")
    wait(lambda: window.engine_notice.isVisible(), 120)
    wait(lambda: False, 0.5)
    window.grab().save(str(OUT / "engine_crash.png"))
    print("saved", OUT / "engine_crash.png", "|", window.engine_notice.text.text())
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
