"""The API server screenshot: Fireside serving, after a SillyTavern-style client's turns (the live line
shows the last one: tokens, speed, and the piece of the prompt cut out of the cache).

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/serve_shot.py
"""

from __future__ import annotations

import sys
import threading

from shot_window import OUT, open_window

CARD = "Bob is the old miller of Elder Ford. He answers Alice kindly and always mentions the mill.\n"


def client(url: str, done: list[bool]) -> None:
    """Turns like SillyTavern's at a 1,024 window: the oldest lines leave, the whole prompt is re-sent."""
    import httpx

    lines: list[str] = []
    with httpx.Client(base_url=url, timeout=300, headers={"User-Agent": "SillyTavern/1.13"}) as http:
        for turn in range(24):
            lines.append(f"\nAlice: Tell me more about the mill and the river, part {turn}.")
            while len(CARD) + sum(len(line) for line in lines) > 2600:
                lines.pop(0)
            reply = http.post("/api/v1/generate", json={
                "prompt": CARD + "".join(lines) + "\nBob:", "max_length": 48, "max_context_length": 1024,
                "temperature": 0.7, "sampler_seed": turn, "stop_sequence": ["\nAlice:"]}).json()
            lines.append("\nBob:" + reply["results"][0]["text"])
    done.append(True)


def main() -> int:
    _app, window, wait = open_window({"n_ctx": 1024})
    window.serve_dock.raise_()
    window.serve_dock.toggle.setChecked(True)
    done: list[bool] = []
    threading.Thread(target=client, args=(window.serve_dock.url.text(), done), daemon=True).start()
    wait(lambda: bool(done))
    wait(lambda: False, 0.5)
    window.grab().save(str(OUT / "serve.png"))
    print("saved", OUT / "serve.png", "|", window.serve_dock.live.text())
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
