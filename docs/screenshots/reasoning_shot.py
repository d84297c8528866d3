"""docs/screenshots/reasoning.png: replies of a reasoning model, their thinking folded above the answer.

The sample model does not think, so the chat is written into the database as a DeepSeek-R1 distill
would have answered (the stored text keeps its <think> block; no stats line, as nothing generated
it); the last reply's thinking is then continued by the real sample model (Continue sends the open
block whole), shown unfolded with its real stats line.

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/reasoning_shot.py
"""

from __future__ import annotations

import sys

from shot_window import OUT, open_window

FIRST = ("<think>\nThe user asks for 17 × 24. Split it: 17 × 20 = 340 and 17 × 4 = 68, so 340 + 68 = 408.\n"
         "Check the other way: 24 × 17 = 240 + 168 = 408. Both agree.\n</think>\n\n"
         "**17 × 24 = 408**\n\n(17 × 20 = 340, plus 17 × 4 = 68.)")
SECOND = "<think>\nA short poem about rain, four lines. Start with the sound of it on the roof"


def main() -> int:
    app, window, wait = open_window({"n_ctx": 2048})
    from desktop.chat import Conversation

    c = window.controller
    conv = Conversation(title="Sums and rain")
    conv.add("user", "What is 17 × 24?")
    conv.add("assistant", FIRST)
    conv.add("user", "Thanks! Now a short poem about rain, please.")
    conv.add("assistant", SECOND)
    window.db.save_chat(conv)
    window.refresh_chat_list()
    c.open_conversation(conv.id)
    c.sampler = {**c.sampler, "max_tokens": 48, "seed": 3, "temperature": 0.7}
    done: list[dict] = []
    c.reply_finished.connect(done.append)
    c.continue_last()
    wait(lambda: bool(done))
    wait(lambda: False, 0.5)
    view = window.chat_view
    last = view.bubbles[-1]
    assert last.thinking is not None
    last.thinking.set_open(True)
    wait(lambda: False, 0.5)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    wait(lambda: False, 0.5)
    window.grab().save(str(OUT / "reasoning.png"))
    print("saved", OUT / "reasoning.png", "|", c.conv.messages[-1].current.stats)
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
