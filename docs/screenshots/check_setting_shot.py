"""The Check this setting screenshot: the sample model with an unneeded linear ×2 scale at 2,048.

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/check_setting_shot.py
"""

from __future__ import annotations

import sys

from shot_window import OUT, open_window


def main() -> int:
    _app, window, wait = open_window({"n_ctx": 2048, "compress_pos_emb": 2.0})
    dialog = window.check_setting(window.settings.values()[0])
    wait(lambda: dialog.result is not None)
    wait(lambda: False, 0.5)
    dialog.grab().save(str(OUT / "check_setting.png"))
    print("saved", OUT / "check_setting.png")
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
