"""Every screen of the app at three window sizes, light and dark, English and Japanese: the real window
on a fresh data folder with the sample model, SillyTavern's default card and a story read in.

    xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/gallery.py

Writes docs/screenshots/gallery/<screen>-<width>x<height>-<theme>-<language>.png and an index page
(gallery/README.md). `--screens`, `--sizes`, `--themes`, `--languages` take a subset.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
OUT = Path(__file__).resolve().parent / "gallery"
FIXTURES = ROOT / "tests" / "fixtures" / "sillytavern"
SIZES = ((1024, 600), (1366, 768), (1920, 1080))
THEMES = ("light", "dark")
LANGUAGES = ("en", "ja")
SCREENS = ("welcome", "chat", "story", "settings", "settings_advanced", "settings_draft", "gpu_servers", "check", "memory", "api",
           "gpu_share", "get_models_offline", "lorebook_editor", "characters")
MESSAGES = {"en": ("Where am I? Is this forest safe?", "What are the Shadowfangs?",
                   "What did the miller's daughter keep?"),
            "ja": ("ここはどこ?この森は安全なの?", "シャドウファングって何?", "粉屋の娘は何を持っていたの?")}


PEOPLE = ("the miller's daughter", "the old ferryman", "the weaver's twins", "the baker", "the shepherd boy",
          "the schoolmistress", "the blacksmith", "the widow by the mill pond")
DEEDS = ("mended the nets along the shore", "counted the geese on the green", "carried bread up to the chapel",
         "told the children about the bridge that had burned", "searched the reeds for the heron",
         "sang the song of the northern hills", "painted the boats blue and white", "kept watch on the dark water")
SEASONS = ("In the first frost", "When the river was high", "On the longest evening of summer", "In the grey rain",
           "At the harvest fair", "Under the new moon", "When the swallows came back", "On a windless morning")
HITO = ("粉屋の娘", "年老いた渡し守", "機織りの双子", "パン屋", "羊飼いの少年", "女先生", "鍛冶屋", "水車池のそばの未亡人")
WAZA = ("岸辺で網をつくろった", "広場のガチョウを数えた", "礼拝堂へパンを運んだ", "焼け落ちた橋の話を子どもたちに聞かせた",
        "葦の中に鷺を探した", "北の丘の歌を歌った", "舟を青と白に塗った", "暗い水面を見張った")
TOKI = ("初霜の朝", "川が増水したころ", "夏のいちばん長い夕暮れ", "灰色の雨の日", "収穫祭の日", "新月の夜", "燕が戻ってきたころ",
        "風のない朝")


def story_text(language: str) -> str:
    """A tale of some 2,500 tokens, every paragraph different, in the shot's language."""
    if language == "ja":
        first = "昔々、川のほとりの村に、鷺の形をした銀の指ぬきを持つ粉屋の娘がいました。娘はそれを誰にも触らせませんでした。"
        body = [f"{TOKI[i % 8]}、{HITO[(i * 3) % 8]}は{WAZA[(i * 5) % 8]}。村の人々はそれを{i + 1}日目の出来事として覚えています。"
                for i in range(48)]
        return "\n\n".join([first, *body, "これでこの物語はおしまいです。"])
    first = ("Once upon a time, in a village by the river, the miller's daughter kept a silver thimble shaped "
             "like a heron. She never let anyone touch it.")
    body = [f"{SEASONS[i % 8]}, {PEOPLE[(i * 3) % 8]} {DEEDS[(i * 5) % 8]}, and the village remembered it as the "
            f"story of day {i + 1}." for i in range(80)]
    return "\n\n".join([first, *body, "And that is the end of the tale."])


class Session:
    """One language: the window, its chats, and the dialogs made once and shown again."""

    def __init__(self, app, language: str, model: str) -> None:
        from desktop.i18n import install_translators
        from desktop.storage import database_path, open_database
        from desktop.ui.main_window import MainWindow

        os.environ["FIRESIDE_DATA_DIR"] = tempfile.mkdtemp(prefix=f"fireside-gallery-{language}-")
        os.environ["HF_ENDPOINT"] = "http://127.0.0.1:9"  # nothing listens there: Get models shows offline
        self.app, self.language, self.model = app, language, model
        install_translators(app, language)
        db, _ = open_database(database_path())
        self.window = MainWindow(db)
        self.window.show()
        self.dialogs: dict[str, object] = {}
        self.card_chat = self.story_chat = None

    def wait(self, condition: Callable[[], bool], seconds: float = 300) -> None:
        end = time.monotonic() + seconds
        while not condition() and time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def settle(self, seconds: float = 0.4) -> None:
        self.wait(lambda: False, seconds)

    def prepare(self) -> None:
        w, c = self.window, self.window.controller
        c.load_model(self.model, {"model_path": self.model, "n_ctx": 2048, "n_threads": 2},
                     {"max_tokens": 48, "seed": 3, "temperature": 0.7})
        self.wait(lambda: bool(c.model_info))
        character = c.roleplay.import_card(str(FIXTURES / "default_Seraphina.json"))
        c.roleplay.new_character_chat(character)
        w.sidebar.persona_name.setText("Ann")
        w.sidebar.flush()
        first, second, question = MESSAGES[self.language]
        for text in (first, second):
            c.send(text)
            self.wait(lambda: not c.busy)
        self.card_chat = c.conv.id

        story = Path(tempfile.mkdtemp()) / ("The Heron Thimble.txt" if self.language == "en" else "鷺の指ぬき.txt")
        story.write_text(story_text(self.language), encoding="utf-8")
        c.roleplay.open_story(str(story))
        self.wait(lambda: not c.busy)
        c.send(question)
        self.wait(lambda: not c.busy)
        self.story_chat = c.conv.id

    def open_chat(self, chat_id: int | None) -> None:
        c = self.window.controller
        if chat_id is not None and (c.conv is None or c.conv.id != chat_id):
            c.open_conversation(chat_id)
        self.window.stack.setCurrentWidget(self.window.chat_page)

    def screen(self, name: str):
        """Show screen `name`; return the widget to photograph (the window or a dialog)."""
        w = self.window
        w.banner.dismiss()  # the notices of the preparation: each screen as a user opens it
        for dialog in self.dialogs.values():
            dialog.hide()
        if name == "welcome":
            w.show_welcome()
            return w
        self.open_chat(self.story_chat if name == "story" else self.card_chat)
        context = w.settings.widgets[("load", "n_ctx")]
        # The settings shot asks for twice the trained length (not applied): the badge and the
        # long-context suggestion show; every other shot has the loaded window.
        context.setValue(16384 if name == "settings" else w.controller.model_info["n_ctx"])
        draft = w.settings.widgets[("load", "draft_model_path")]
        draft.setCurrentIndex(0)  # (only the draft shot chooses one; nothing is applied)
        if name == "settings_draft":
            w.settings_dock.raise_()
            w.settings.show_advanced.setChecked(True)
            w.settings.widgets[("load", "flash_attn")].setChecked(True)
            draft.setCurrentIndex(max(draft.findData(w.controller.model_info["config"]["model_path"]), 0))
            self.settle()
            w.settings.scroll_area.ensureWidgetVisible(draft, 0, 200)
            return w
        if name in ("chat", "story", "settings", "settings_advanced"):
            w.settings_dock.raise_()
            w.settings.show_advanced.setChecked(name == "settings_advanced")
            return w
        if name == "gpu_servers":
            self._gpu_servers()
            return w
        if name == "memory":
            w.memory_dock.raise_()
            return w
        if name in ("api", "gpu_share"):
            w.serve_dock.raise_()
            share = w.serve_dock.gpu_share
            if name == "api" and share.running:
                share.stop()
                share.network.setChecked(False)
            if name == "gpu_share" and not share.running:
                share.network.setChecked(True)  # (the warning shows)
                share.start()
                self.settle(1)
            w.serve_dock.ensure_visible(share if name == "gpu_share" else w.serve_dock.toggle)
            return w
        dialog = self.dialogs.get(name) or self._make_dialog(name)
        self.dialogs[name] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def _gpu_servers(self) -> None:
        """Other computers' GPUs after Test: a real rpc-server on loopback when the RPC build is here
        (packaging/rpc_build.sh), and an address where nothing listens."""
        import socket
        import subprocess

        from desktop.engine.rpc import rpc_build_dir

        w = self.window
        w.settings_dock.raise_()
        w.settings.show_advanced.setChecked(True)
        if not hasattr(self, "rpc_servers"):
            addresses = []
            for _ in range(2):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", 0))
                    addresses.append(f"127.0.0.1:{s.getsockname()[1]}")
            build = rpc_build_dir()
            if build is not None:
                self.rpc_process = subprocess.Popen(
                    [str(build / "bin" / "ggml-rpc-server"), "-H", "127.0.0.1", "-p", addresses[0].split(":")[1]],
                    env={**os.environ, "LD_LIBRARY_PATH": str(build / "lib")}, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)
                self.settle(2)
            self.rpc_servers = ", ".join(addresses)
        field = w.settings.widgets[("load", "rpc_servers")]
        field.setText(self.rpc_servers)
        w.settings.widgets[("load", "n_gpu_layers")].setValue(-1)
        check = w.settings.advanced.rpc_check
        check.test()
        self.wait(lambda: check.test_button.isEnabled(), 20)
        w.settings.scroll_area.ensureWidgetVisible(check.results, 0, 20)

    def _make_dialog(self, name: str):
        w = self.window
        if name == "check":
            load = dict(w.controller.model_info["config"])
            dialog = w.check_setting(load)
            self.wait(lambda: not dialog.running if hasattr(dialog, "running") else False, 900)
            return dialog
        if name == "get_models_offline":
            dialog = w.models.open_model_browser()
            self.settle(3)  # the offline answer comes within 2 s
            return dialog
        if name == "lorebook_editor":
            from desktop.chat.library import stored_card
            from desktop.ui.lore.lorebook_editor import LorebookEditor

            c = w.controller
            editor = LorebookEditor(c.lore_memory, c.conv, stored_card(c.db, c.conv.character_id), w)
            editor.entry_list.setCurrentRow(1)
            return editor
        if name == "characters":
            return w.show_characters()
        raise ValueError(name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--screens", nargs="*", default=list(SCREENS))
    parser.add_argument("--sizes", nargs="*", default=[f"{w}x{h}" for w, h in SIZES])
    parser.add_argument("--themes", nargs="*", default=list(THEMES))
    parser.add_argument("--languages", nargs="*", default=list(LANGUAGES))
    args = parser.parse_args()
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes]
    from PySide6.QtWidgets import QApplication

    from desktop.models import fetch_sample
    from desktop.ui.theme import apply_theme

    model = str(fetch_sample())
    os.environ["FIRESIDE_MODELS_DIR"] = str(Path(model).parent)
    app = QApplication(sys.argv[:1])
    OUT.mkdir(exist_ok=True)
    saved: list[str] = []
    for language in args.languages:
        session = Session(app, language, model)
        session.prepare()
        for theme in args.themes:
            apply_theme(app, theme)
            for width, height in sizes:
                session.window.resize(width, height)
                for name in args.screens:
                    widget = session.screen(name)
                    if widget is not session.window and name != "check":  # (the check sizes itself)
                        hint = widget.sizeHint()
                        widget.resize(min(max(hint.width(), 720), width - 40), min(max(hint.height(), 480), height - 40))
                    session.settle(2.5 if name == "memory" else 0.5)
                    path = OUT / f"{name}-{width}x{height}-{theme}-{language}.png"
                    widget.grab().save(str(path))
                    saved.append(path.name)
        session.window.shutdown()
        session.window.close()
        if hasattr(session, "rpc_process"):  # (the rpc-server the gpu_servers screen asked)
            session.rpc_process.kill()
            session.rpc_process.wait(10)
    write_index()
    print(f"saved {len(saved)} screenshots in {OUT}")
    return 0


def write_index() -> None:
    lines = ["# Screenshot gallery", "", "Made by `docs/screenshots/gallery.py` (see its docstring). Each row is one "
             "screen; the columns are the window sizes, light and dark, English and Japanese.", ""]
    for name in SCREENS:
        shots = sorted(OUT.glob(f"{name}-*.png"))
        if not shots:
            continue
        lines += [f"## {name.replace('_', ' ')}", ""]
        lines += [f"![{p.stem}]({p.name})" for p in shots]
        lines.append("")
    (OUT / "README.md").write_text("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
