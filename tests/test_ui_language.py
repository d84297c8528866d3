"""Issue 24, item 11: a language change offers "Restart now" (and the restart is real); the engine's
lines, the default names and the memory figures are shown in the UI's language."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from test_app import open_window, user_dirs, window  # noqa: F401 - fixtures

from desktop.engine.stats import GenerationStats
from desktop.i18n import install_translators
from desktop.ui.engine_text import shown_fit_detail, shown_notice, shown_stats


@pytest.fixture
def japanese(qapp):
    yield install_translators(qapp, "ja") == "ja"
    install_translators(qapp, "en")  # takes the Japanese translators out again


def stats_line(**kw: object) -> str:
    stats = GenerationStats(seconds=1.49, tokens_generated=113, context_used=138, seed=3961007732,
                            tokens_discarded=64, tokens_reprocessed=0, **kw)
    return str(stats)


def test_the_engine_lines_are_shown_in_the_ui_words() -> None:
    line = stats_line()
    shown = shown_stats(line)
    assert shown.startswith("1.49 s · ") and "113 tokens" in shown and "context 138" in shown and "seed 3961007732" in shown
    assert "(41 thinking)" in shown_stats(line.replace("113 tokens", "113 tokens (41 thinking)"))
    assert shown_stats("something else") == "something else"
    notice = GenerationStats(tokens_discarded=64, tokens_reprocessed=3).shift_notice()
    assert shown_notice(notice) == "The window moved: 64 old tokens left it, 3 were read again."
    assert shown_fit_detail("CPU 282 of 23,642 MiB free") == "RAM: needs 282 MiB, 23,642 MiB free"


def test_in_japanese_the_engine_lines_and_names_are_japanese(qtbot, japanese) -> None:
    assert japanese, "the Japanese translation did not load"
    shown = shown_stats(stats_line())
    assert "トークン" in shown and "Output" not in shown
    assert "MiB" in shown_fit_detail("CPU 282 of 23,642 MiB free") and "free" not in shown_fit_detail(
        "CPU 282 of 23,642 MiB free")
    from desktop.ui.chat.chat_view import ChatView

    view = ChatView()
    qtbot.addWidget(view)
    view.set_names("You", "Assistant")
    assert view.names["user"] != "You" and view.names["assistant"] != "Assistant"
    view.set_names("Ann", "Ember")  # names the user chose are theirs
    assert view.names == {"user": "Ann", "assistant": "Ember"}


def test_a_language_change_offers_a_restart_that_closes_and_is_flagged(qtbot, window) -> None:
    ja = next(a for a in window.app_menus.language_menu.actions() if a.text() == "日本語")
    ja.trigger()
    assert window.db.setting("language") == "ja"
    banner = window.banner
    assert banner.isVisible() and banner.action_button.isVisible() and banner.action_button.text() == "Restart now"
    qtbot.wait(200)
    assert banner.isVisible()  # it offers something to do: it does not fade
    qtbot.mouseClick(banner.action_button, Qt.MouseButton.LeftButton)
    assert window.restart_requested and not window.isVisible()


def test_the_restart_runs_fireside_again_with_the_same_arguments() -> None:
    """restart_process replaces the process with `python -m desktop` and the same arguments."""
    code = "import sys; sys.argv = ['fireside', '--help']; from desktop.app import restart_process; restart_process()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "usage" in done.stdout.lower() and "--serve" in done.stdout


def test_in_japanese_a_story_chat_speaks_japanese_and_its_errors_too(qtbot, japanese, tmp_path) -> None:
    """The story chat's prompt and greeting are the UI's (so the model answers in it), the reader still
    finds where the story starts, and a refused file says why in Japanese; a RoPE setting's name too."""
    from desktop.chat.library import StoryError, story_conversation, story_start
    from desktop.ui.chat.roleplay import story_problem, story_words
    from desktop.ui.engine_text import setting_label

    assert japanese
    conv = story_conversation("鷺の指ぬき", "昔々、ある村に。\n\n二段落目。", story_words())
    request, greeting = conv.messages[0].text, conv.messages[1].text
    assert "鷺の指ぬき" in request and "Please" not in request and "読んで" in request
    assert greeting == "「鷺の指ぬき」を読みました。何でも聞いてください。"
    assert "注意深い" in conv.system_prompt
    assert request[story_start(request):] == "昔々、ある村に。\n\n二段落目。"
    assert story_problem(StoryError("empty", "空.txt")) == "空.txt は空です"
    assert story_problem(StoryError("too_big", "長い.txt", "70")) == "長い.txt は 70 MB です。上限は 8 MB です"
    assert setting_label("linear ×2 (SuperHOT)") == "線形 ×2 (SuperHOT)"
    assert setting_label("the model's own yarn ×4") == "モデル自身の yarn ×4"
    assert setting_label("YaRN ×2") == "YaRN ×2"


def test_in_english_the_words_are_the_engines_own() -> None:
    from desktop.chat.library import StoryError, StoryWords, story_conversation
    from desktop.ui.chat.roleplay import story_problem, story_words
    from desktop.ui.engine_text import setting_label

    assert story_words() == StoryWords()  # (the chat stores the same words as before this change)
    assert story_conversation("A {title} tale", "Text.").messages[1].text == "I have read “A {title} tale”. Ask me anything about it."
    error = StoryError("suffix", "story.pdf")
    assert story_problem(error) == str(error) == "story.pdf: Fireside reads stories from .txt and .md files"
    assert setting_label("no scaling (within the trained length)") == "no scaling (within the trained length)"


def test_the_memory_table_lines_up_japanese_words_in_its_fixed_width_font() -> None:
    from desktop.ui.memory_panel import padded

    assert padded("model", 6) == "model " and padded("モデル", 6) == "モデル" and padded("作業", 6) == "作業  "
