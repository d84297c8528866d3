"""The real window, offscreen, with the real worker thread and the real sample model."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QGroupBox
from qt_helpers import ENDLESS, FAST, finish_reply, load_model

from desktop.storage import database_path, open_database
from desktop.ui.main_window import MainWindow


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_model: str) -> Path:
    monkeypatch.setenv("FIRESIDE_MODELS_DIR", str(Path(sample_model).parent))
    monkeypatch.setenv("FIRESIDE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def open_window(qtbot) -> MainWindow:
    db, _ = open_database(database_path())
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def window(qtbot, user_dirs):
    w = open_window(qtbot)
    yield w
    w.close()
    w.db.close()


def type_and_send(qtbot, window: MainWindow, text: str) -> None:
    qtbot.keyClicks(window.composer, text)
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)


def test_welcome_view_without_a_model(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.welcome
    assert "SmolLM2-135M" in window.welcome.fetch_button.text()
    assert not window.settings.apply_button.isEnabled()


def test_sample_model_from_the_welcome_view(qtbot, window: MainWindow) -> None:
    """The button fetches the sample (already in the models folder here) and loads it."""
    with qtbot.waitSignal(window.controller.model_changed, timeout=60000, check_params_cb=bool):
        qtbot.mouseClick(window.welcome.fetch_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.chat_page
    assert window.welcome.model_count() >= 1


def test_typed_message_streams_a_reply_with_stats(qtbot, window: MainWindow, sample_model: str) -> None:
    load_model(qtbot, window, sample_model)
    streamed = []
    window.controller.message_streaming.connect(streamed.append)
    result = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Hello! Who are you?"))
    assert window.composer.toPlainText() == ""
    assert len(streamed) > 1  # tokens arrived one by one
    conv = window.controller.conv
    assert [m.role for m in conv.messages] == ["user", "assistant"]
    assert conv.messages[0].text == "Hello! Who are you?"
    assert conv.messages[1].text == result["text"]
    bubble = window.chat_view.bubbles[1]
    qtbot.waitUntil(lambda: bubble.body.markdown() == result["text"])
    assert bubble.stats.toolTip().startswith("Output generated in ")  # the engine's line; shown in the UI's words
    assert " tokens/s · " in bubble.stats.text() and f"context {result['data']['context_used']}" in bubble.stats.text()
    stored = window.db.load_chat(conv.id)
    assert stored.messages[1].text == result["text"]
    assert stored.messages[1].current.stats == result["stats"]


def test_shift_enter_is_a_newline_and_ime_text_is_sent_whole(qtbot, window: MainWindow, sample_model: str) -> None:
    load_model(qtbot, window, sample_model)
    qtbot.keyClicks(window.composer, "first")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(window.composer, "second")
    assert window.composer.toPlainText() == "first\nsecond"
    assert window.controller.conv is None or not window.controller.conv.messages
    window.composer.clear()
    # Japanese input method: a preedit (composition) first, then the committed conversion.
    QApplication.sendEvent(window.composer, QInputMethodEvent("にほんご", []))
    assert window.composer.toPlainText() == ""  # preedit is not text yet
    commit = QInputMethodEvent()
    commit.setCommitString("日本語")
    QApplication.sendEvent(window.composer, commit)
    assert window.composer.toPlainText() == "日本語"
    finish_reply(qtbot, window, lambda: qtbot.keyClick(window.composer, Qt.Key.Key_Return))
    assert window.controller.conv.messages[0].text == "日本語"


def test_escape_stops_an_endless_reply(qtbot, window: MainWindow, sample_model: str) -> None:
    load_model(qtbot, window, sample_model, ENDLESS)
    streamed = []
    window.controller.message_streaming.connect(streamed.append)
    with qtbot.waitSignal(window.controller.reply_finished, timeout=60000) as blocker:
        type_and_send(qtbot, window, "Tell me a very long story.")
        qtbot.waitUntil(lambda: len(streamed) >= 10, timeout=30000)
        qtbot.keyClick(window.composer, Qt.Key.Key_Escape)
    assert blocker.args[0]["reason"] == "cancelled"
    reply = window.controller.conv.messages[-1]
    assert reply.text and reply.current.stats  # the partial reply is kept, with its stats
    assert not window.controller.busy
    assert window.send_button.isVisible()


def test_regenerate_keeps_swipes_and_arrows_browse_them(qtbot, window: MainWindow, sample_model: str) -> None:
    load_model(qtbot, window, sample_model, {**FAST, "seed": -1, "temperature": 1.5})
    first = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Name an animal."))["text"]
    bubble = window.chat_view.bubbles[1]
    second = finish_reply(qtbot, window, lambda: qtbot.mouseClick(bubble.buttons["regenerate"],
                                                                    Qt.MouseButton.LeftButton))["text"]
    reply = window.controller.conv.messages[1]
    assert [s.text for s in reply.swipes] == [first, second]
    assert reply.swipe == 1
    assert bubble.swipe_label.text() == "2/2"
    qtbot.keyClick(window.composer, Qt.Key.Key_Left)  # empty composer: arrows browse
    assert reply.swipe == 0
    assert bubble.body.markdown() == first
    assert window.db.load_chat(window.controller.conv.id).messages[1].swipe == 0
    qtbot.mouseClick(bubble.next_button, Qt.MouseButton.LeftButton)
    assert reply.swipe == 1
    # The next turn is built on the shown swipe.
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Another."))
    assert window.controller.conv.history()[1] == ("assistant", second, False)


def test_edit_then_continue_from_there(qtbot, window: MainWindow, sample_model: str) -> None:
    load_model(qtbot, window, sample_model)
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Name a fruit."))
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Name a tree."))
    first_user = window.chat_view.bubbles[0]
    first_user.start_edit()
    first_user.editor.setPlainText("Name a river.")
    finish_reply(qtbot, window, lambda: qtbot.mouseClick(first_user.save_continue_button, Qt.MouseButton.LeftButton))
    conv = window.controller.conv
    assert [m.role for m in conv.messages] == ["user", "assistant"]
    assert conv.messages[0].text == "Name a river."
    assert len(window.chat_view.bubbles) == 2
    # Edit the reply itself, then continue it: the new text follows the edited one.
    reply_bubble = window.chat_view.bubbles[1]
    reply_bubble.start_edit()
    reply_bubble.editor.setPlainText("The longest river is")
    finish_reply(qtbot, window, lambda: qtbot.mouseClick(reply_bubble.save_continue_button,
                                                         Qt.MouseButton.LeftButton))
    assert conv.messages[1].text.startswith("The longest river is")
    assert len(conv.messages[1].text) > len("The longest river is")
    stored = window.db.load_chat(conv.id)
    assert [m.text for m in stored.messages] == [m.text for m in conv.messages]


def test_copy_and_delete(qtbot, window: MainWindow, sample_model: str) -> None:
    load_model(qtbot, window, sample_model)
    result = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Hi"))
    qtbot.mouseClick(window.chat_view.bubbles[1].buttons["copy"], Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == result["text"]
    qtbot.mouseClick(window.chat_view.bubbles[0].buttons["delete"], Qt.MouseButton.LeftButton)
    conv = window.controller.conv
    assert [m.role for m in conv.messages] == ["assistant"]
    assert len(window.chat_view.bubbles) == 1
    assert [m.role for m in window.db.load_chat(conv.id).messages] == ["assistant"]


def test_settings_validation_and_apply_reloads(qtbot, window: MainWindow, sample_model: str) -> None:
    load_model(qtbot, window, sample_model)
    panel = window.settings
    panel.widget("type_v").setCurrentText("q4_0")
    assert not panel.apply_button.isEnabled()
    assert "flash attention" in panel.problems_label.text()
    panel.widget("flash_attn").setChecked(True)
    assert panel.apply_button.isEnabled()
    panel.widget("n_ctx").setValue(16384)
    assert "trained context (8192)" in panel.problems_label.text()
    assert panel.suggest_button.isVisible()
    assert "YaRN ×2" in panel.suggest_button.text()
    qtbot.mouseClick(panel.suggest_button, Qt.MouseButton.LeftButton)
    assert panel.widget("rope_scaling").currentData() == 2 and panel.widget("rope_freq_scale").value() == 0.5
    assert panel.widget("yarn_orig_ctx").value() == 8192
    assert "trained context" not in panel.problems_label.text()
    panel.widget("tensor_split").setText("3, x")
    assert not panel.apply_button.isEnabled()
    panel.widget("tensor_split").setText("")
    panel.widget("n_ctx").setValue(2048)
    panel.widget("temperature", "sampler").setValue(0.3)
    with qtbot.waitSignal(window.controller.model_changed, timeout=60000, check_params_cb=bool) as blocker:
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    info = blocker.args[0]
    assert info["n_ctx"] == 2048
    assert info["config"]["type_v"] == "q4_0" and info["config"]["flash_attn"]
    assert info["config"]["rope_scaling"] == 2 and info["config"]["rope_freq_scale"] == 0.5  # the YaRN suggestion
    assert window.controller.sampler["temperature"] == pytest.approx(0.3)
    # A sampler-only change is saved without reloading the model.
    reloads = []
    window.controller.model_changed.connect(reloads.append)
    panel.widget("top_k", "sampler").setValue(7)
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert reloads == [] and not window.controller.loading
    assert window.controller.sampler["top_k"] == 7
    assert window.db.model_settings(f"{Path(sample_model).name}:{Path(sample_model).stat().st_size}")[1]["top_k"] == 7


def test_chat_and_settings_survive_a_restart(qtbot, user_dirs, sample_model: str) -> None:
    first = open_window(qtbot)
    load_model(qtbot, first, sample_model, n_ctx=2048, type_k="q8_0")
    result = finish_reply(qtbot, first, lambda: type_and_send(qtbot, first, "Remember me."))
    chat_id = first.controller.conv.id
    first.close()
    first.db.close()

    second = open_window(qtbot)
    with qtbot.waitSignal(second.controller.model_changed, timeout=60000, check_params_cb=bool) as blocker:
        second.controller.load_model(sample_model)  # no settings given: the remembered ones
    assert blocker.args[0]["n_ctx"] == 2048 and blocker.args[0]["config"]["type_k"] == "q8_0"
    assert second.controller.conv.id == chat_id
    assert [m.text for m in second.controller.conv.messages] == ["Remember me.", result["text"]]
    assert second.chat_list.count() == 1 and second.chat_list.item(0).text() == "Remember me."
    second.close()
    second.db.close()


def test_closing_during_generation_is_quick_and_keeps_the_partial_reply(qtbot, user_dirs, sample_model: str) -> None:
    window = open_window(qtbot)
    load_model(qtbot, window, sample_model, ENDLESS)
    streamed = []
    window.controller.message_streaming.connect(streamed.append)
    type_and_send(qtbot, window, "Tell me an endless story.")
    qtbot.waitUntil(lambda: len(streamed) >= 8, timeout=30000)
    started = time.perf_counter()
    window.close()
    assert time.perf_counter() - started < 2.0
    assert not window.client.alive and window.client.crash is None
    partial = window.controller.conv.messages[-1].text
    stored = window.db.load_chat(window.controller.conv.id)
    assert stored.messages[-1].text == partial and partial
    window.db.close()


def test_switching_model_mid_generation_cancels_first(qtbot, window: MainWindow, sample_model: str) -> None:
    load_model(qtbot, window, sample_model, ENDLESS)
    streamed = []
    window.controller.message_streaming.connect(streamed.append)
    type_and_send(qtbot, window, "Tell me an endless story.")
    qtbot.waitUntil(lambda: len(streamed) >= 5, timeout=30000)
    with qtbot.waitSignal(window.controller.reply_finished, timeout=30000) as finished:
        with qtbot.waitSignal(window.controller.model_changed, timeout=60000, check_params_cb=bool):
            window.controller.load_model(sample_model, {"model_path": sample_model, "n_ctx": 512, "n_threads": 2})
    assert finished.args[0]["reason"] == "cancelled"
    assert window.controller.model_info["n_ctx"] == 512


def test_bad_model_shows_a_message_and_the_app_stays_usable(qtbot, window: MainWindow, tmp_path: Path,
                                                             sample_model: str) -> None:
    bad = tmp_path / "notes.gguf"
    bad.write_text("just text")
    with qtbot.waitSignal(window.controller.model_failed, timeout=30000):
        window.controller.load_model(str(bad))
    assert window.banner.isVisible() and "Could not load the model" in window.banner.text()
    assert window.stack.currentWidget() is window.welcome
    window.composer.setPlainText("kept")
    window.composer.submit()  # no model: refused, the text stays
    assert window.composer.toPlainText() == "kept"
    load_model(qtbot, window, sample_model)
    assert window.stack.currentWidget() is window.chat_page


def test_corrupt_database_is_moved_aside_with_a_message(qtbot, user_dirs) -> None:
    from desktop.app import create_window

    path = database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage" * 1000)
    window = create_window()
    qtbot.addWidget(window)
    assert "moved to" in window.banner.text()
    assert list(path.parent.glob("fireside.sqlite3.corrupt-*"))
    assert window.db.list_chats() == []
    window.close()
    window.db.close()


def test_japanese_translation_is_used(qtbot, user_dirs) -> None:
    from PySide6.QtCore import QLocale

    from desktop.i18n import install_translators, pick_language

    assert pick_language("auto", QLocale("ja_JP")) == "ja"
    assert pick_language("auto", QLocale("de_DE")) == "en"
    app = QApplication.instance()
    assert install_translators(app, "ja") == "ja"
    try:
        window = open_window(qtbot)
        assert window.menuBar().actions()[0].text() == "ファイル(&F)"
        assert window.send_button.text() == "送信"
        assert "トークン" in window.settings.widget("n_ctx").toolTip()
        titles = [box.title() for box in window.settings.findChildren(QGroupBox)]
        assert "モデルとコンテキスト" in titles
        assert window.welcome.fetch_button.text() == "サンプルモデルを入手 (SmolLM2-135M、98 MB)"
        window.close()
        window.db.close()
    finally:
        install_translators(app, "en")


def test_excepthook_logs_and_shows_a_dialog(qtbot, user_dirs) -> None:
    from desktop import app as app_module
    from desktop.storage.logs import setup_logging

    folder = setup_logging()
    hook = app_module._excepthook(exit_on_error=False)
    try:
        raise RuntimeError("boom for the test")
    except RuntimeError as exc:
        hook(RuntimeError, exc, exc.__traceback__)
    box = app_module.show_error_dialog.last
    assert box.isVisible()
    assert "boom for the test" in box.detailedText()
    box.close()
    import logging
    for h in logging.getLogger().handlers:
        h.flush()
    assert "boom for the test" in (folder / "fireside.log").read_text()


def test_smoke_mode(sample_model: str) -> None:
    run = subprocess.run([sys.executable, "-m", "desktop", "--smoke", "--model", sample_model],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Output generated in" in run.stdout
    bad = subprocess.run([sys.executable, "-m", "desktop", "--smoke", "--model", "/nonexistent.gguf"],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1
    assert "FAILED" in bad.stderr


def test_shift_notice_under_a_reply_that_overflowed_the_window(qtbot, window: MainWindow, sample_model: str) -> None:
    load_model(qtbot, window, sample_model, {"max_tokens": 400, "ignore_eos": True, "seed": 3}, n_ctx=256)
    result = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Tell me a story."))
    assert result["data"]["tokens_discarded"] > 0
    assert result["data"]["tokens_reprocessed"] == 0
    bubble = window.chat_view.bubbles[-1]
    assert bubble.notice.isVisible()
    assert bubble.notice.toolTip() == (f"context shifted: {result['data']['tokens_discarded']} tokens dropped, "
                                       "0 re-processed")  # the engine's line; shown in the UI's words
    assert bubble.notice.text() == (f"The window moved: {result['data']['tokens_discarded']} old tokens left it, "
                                    "0 were read again.")


def test_a_pasted_chapter_shows_prompt_progress_and_esc_cancels_it(qtbot, window: MainWindow,
                                                                   sample_model: str) -> None:
    load_model(qtbot, window, sample_model, n_ctx=4096, n_batch=64, n_ubatch=64)
    chapter = " ".join(f"The lighthouse keeper counted wave number {i} and wrote it down." for i in range(200))
    progress: list[tuple[int, int]] = []
    window.controller.prompt_progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(window.controller.reply_finished, timeout=120000) as blocker:
        window.composer.setPlainText(chapter)
        window.composer.submit()
        qtbot.waitUntil(lambda: window.prompt_bar.isVisible(), timeout=30000)
        qtbot.keyClick(window.composer, Qt.Key.Key_Escape)
    assert blocker.args[0]["reason"] == "cancelled"
    totals = {total for _, total in progress if total}
    assert totals and min(totals) > 1500
    assert not window.prompt_bar.isVisible()
    conv = window.controller.conv
    assert [m.role for m in conv.messages] == ["user"]  # the chapter is kept; the empty reply is not
    assert conv.messages[0].text == chapter


def test_switching_chat_mid_reply_keeps_the_reply_in_its_own_chat(qtbot, window: MainWindow,
                                                                   sample_model: str) -> None:
    load_model(qtbot, window, sample_model, ENDLESS)
    streamed = []
    window.controller.message_streaming.connect(streamed.append)
    type_and_send(qtbot, window, "Tell me an endless story.")
    first = window.controller.conv
    qtbot.waitUntil(lambda: len(streamed) >= 5, timeout=30000)
    with qtbot.waitSignal(window.controller.reply_finished, timeout=30000) as blocker:
        qtbot.mouseClick(window.new_chat_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0]["reason"] == "cancelled"
    assert window.controller.conv is not first and window.controller.conv.messages == []
    assert window.chat_view.bubbles == []
    stored = window.db.load_chat(first.id)
    assert stored.messages[1].text == first.messages[1].text != ""
    assert stored.messages[1].current.stats.startswith("Output generated in")
    assert window.chat_list.count() == 2


def test_memory_panel_graphs_a_fake_gpu_and_the_badge_fits(qtbot, user_dirs, sample_model: str) -> None:
    from fake_gpu import GIB, ScriptedGpus

    gpus = ScriptedGpus([GIB // 2, GIB, GIB + GIB // 2], total=2 * GIB)
    db, _ = open_database(database_path())
    window = MainWindow(db, gpu_factory=lambda: (gpus, ""))
    qtbot.addWidget(window)
    window.show()
    panel = window.memory_dock.panel
    qtbot.waitUntil(lambda: 0 in panel.gpu_graphs and len(panel.gpu_graphs[0].times) >= 3, timeout=10000)
    used = list(panel.gpu_graphs[0].series["used"])
    assert "Fake RTX" in panel.gpu_graphs[0].caption.text() and "load 50 %" in panel.gpu_graphs[0].caption.text()
    assert used[:3] == [512.0, 1024.0, 1536.0]  # MiB, as the source reported them
    assert panel.ram.series["process"][-1] > 10  # this process's RSS in MiB
    assert "Fireside uses" in panel.ram.caption.text()
    info = load_model(qtbot, window, sample_model)
    assert "planned / reported" in panel.table.text() and "CPU  model" in panel.table.text()
    badge = window.settings.badge
    settings = window.settings
    settings.widget("n_gpu_layers").setValue(-1)
    settings.widget("n_ctx").setValue(131072)
    assert badge.isVisible() and badge.state() == "does not fit"
    qtbot.mouseClick(badge.fit_button, Qt.MouseButton.LeftButton)
    assert settings.widget("n_gpu_layers").value() == 31
    assert 0 < settings.widget("n_ctx").value() <= info["facts"]["n_ctx_train"]
    assert badge.state() in ("fits", "tight")
    window.close()
    assert not window.memory_dock.runner.thread.isRunning()
    db.close()


def test_window_icon_and_about_box_with_licenses(qtbot, window: MainWindow) -> None:
    icon = window.windowIcon()
    assert not icon.isNull() and len(icon.availableSizes()) >= 6
    window.app_menus.show_about()
    box = window.app_menus.about_box
    assert box.isVisible() and not box.iconPixmap().isNull()
    text = box.text()
    for needle in ("Fireside 0.1.0", "llama.cpp", "MIT", "LGPL-3.0", "Apache-2.0"):
        assert needle in text
    box.close()
