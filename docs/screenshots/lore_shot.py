"""Lore and memory: SillyTavern's default card (Seraphina, with its embedded lorebook) and its
Eldoria world-info file, a chat where entries turned on, a memory with pinned facts; the dock, the
context map (memory in teal, entries in blue) and the lorebook editor.

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/lore_shot.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from shot_window import OUT, open_window

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sillytavern"


def main() -> int:
    _app, window, wait = open_window({"n_ctx": 2048})
    c = window.controller
    character = c.roleplay.import_card(str(FIXTURES / "default_Seraphina.json"))
    c.roleplay.new_character_chat(character)
    c.conv.memory.facts = ["The traveller's sister is called Elowen.", "The traveller fears deep water."]
    c.conv.memory.summary = ("The traveller woke in Seraphina's glade after a Shadowfang attack. She healed "
                             "their wounds and told them about the corruption spreading through Eldoria.")
    c.conv.memory.covered = 6
    c.db.save_chat_row(c.conv)
    window.lore_dock.show_chat(c.conv, window.lore_dock.card)
    c.conv.authors_note = ""
    c.sampler = {"max_tokens": 40, "seed": 3, "temperature": 0.7}
    for text in ("Where am I? Is this forest safe?", "What are the Shadowfangs?"):
        c.send(text)
        wait(lambda: not c.busy, 120)
    wait(lambda: False, 0.5)
    window.lore_dock.raise_()
    wait(lambda: False, 0.3)
    window.grab().save(str(OUT / "lore_memory.png"))
    from desktop.chat.library import stored_card
    from desktop.ui.lore.lorebook_editor import LorebookEditor
    editor = LorebookEditor(c.lore_memory, c.conv, stored_card(c.db, c.conv.character_id), window)
    editor.show()
    editor.entry_list.setCurrentRow(1)
    wait(lambda: False, 0.5)
    editor.grab().save(str(OUT / "lorebook_editor.png"))
    print("saved", OUT / "lore_memory.png", OUT / "lorebook_editor.png")
    editor.close()
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
