"""Issue 24, items 2, 3 and 10: notices that go away, a story chat that says it has read the story only
once it has, and a demo model that says it is one (with the real time from click to ready)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from qt_helpers import finish_reply, load_model
from test_app import open_window, type_and_send, user_dirs, window  # noqa: F401 - fixtures
from test_roleplay import fairy_tale

from desktop.ui import banner as banner_module
from desktop.ui.banner import Banner


def test_transient_notices_fade_and_errors_stay_until_dismissed(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(banner_module, "reading_ms", lambda text: 100)
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_message("info", "Imported Mira.")
    assert banner.isVisible() and banner.text() == "Imported Mira."
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3000)
    banner.show_message("error", "Could not load the model.")
    qtbot.wait(300)
    assert banner.isVisible()  # an error is a state: it stays
    qtbot.mouseClick(banner.close_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    banner.show_message("busy", "Wait for the reply to finish.")
    qtbot.wait(300)
    assert banner.isVisible() and banner.property("level") == "warning"
    banner.end_busy()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=2000)


def test_the_wait_notice_goes_when_the_reply_ends(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model, n_ctx=1024)

    def send_twice() -> None:
        type_and_send(qtbot, window, "Tell me a long story about a lantern.")
        window.controller.send("A second message while the first is running")

    finish_reply(qtbot, window, send_twice)
    assert "Wait for the reply" in window.banner.text()
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=3000)


def test_a_story_chat_shows_its_reading_then_says_it_has_read(qtbot, window, sample_model: str,
                                                             tmp_path: Path) -> None:
    load_model(qtbot, window, sample_model, n_ctx=1024)
    story = tmp_path / "The *Heron* Thimble.txt"
    story.write_text(fairy_tale(25), encoding="utf-8")
    during: list[str] = []

    def on_reading(done: int, total: int, finished: bool, cancelled: bool) -> None:
        bubble = window.chat_view.bubble_for(len(window.controller.conv.messages) - 1)
        if not finished and bubble is not None:
            during.append(bubble.body.toPlainText())

    window.controller.reading.connect(on_reading)
    finish_reply(qtbot, window, lambda: window.controller.roleplay.open_story(str(story)))
    assert during, "no progress was shown while reading"
    assert all("Reading “The *Heron* Thimble”" in text and "I have read “" not in text for text in during)
    assert any(" of " in text and "tokens" in text for text in during)
    last = window.chat_view.bubble_for(len(window.controller.conv.messages) - 1)
    assert "I have read" in last.body.toPlainText() and last.actions_bar.isVisibleTo(last)


def test_a_stopped_reading_says_where_it_stopped(qtbot, window, sample_model: str, tmp_path: Path) -> None:
    load_model(qtbot, window, sample_model, n_ctx=4096)
    story = tmp_path / "Long.txt"
    story.write_text(fairy_tale(120), encoding="utf-8")
    window.controller.reading.connect(lambda done, total, finished, cancelled:
                                      window.controller.stop() if not finished and done > 0 else None)
    finish_reply(qtbot, window, lambda: window.controller.roleplay.open_story(str(story)))
    last = window.chat_view.bubble_for(len(window.controller.conv.messages) - 1)
    assert "I stopped reading" in last.body.toPlainText()


def test_the_demo_model_says_it_is_one_and_the_ready_time_is_the_wait(qtbot, window, sample_model: str) -> None:
    assert "tiny demo model" in window.welcome.demo_note.text() and "Get models" in window.welcome.demo_note.text()
    info = load_model(qtbot, window, sample_model, n_ctx=1024)
    label = window.model_label.text()
    assert "tiny demo model" in label and "Get models" in label
    ready = window.controller.model_info["ready_seconds"]
    assert ready >= info["load_seconds"] and f"ready in {ready:.1f} s" in label
    names = [window.welcome.models.topLevelItem(i).text(0) for i in range(window.welcome.model_count())]
    assert any("tiny demo model" in name for name in names)
