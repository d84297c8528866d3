"""Check this setting, in the window: a window that is not modal (the chat stays usable, a reply sent
meanwhile waits for the check and says so), progress with the time left, Cancel that answers at
once and leaves the engine free, a load cancelling it, the verdict in plain words with the figures
under Details, the stored result, the better setting applied."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from qt_helpers import finish_reply, load_model
from test_app import user_dirs, window  # noqa: F401 - fixtures

from desktop.ui.settings.probe_dialog import STORE_KEY, ProbeDialog

TIME_LEFT = re.compile(r"^(About \d+ s left|About \d+ min( \d+ s)? left|A few seconds left)$")


def finish_check(qtbot, window, timeout: int = 600000):  # (minutes when other work shares the cores)
    dialog = window.check_setting(window.settings.values()[0])
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=timeout)
    return dialog


def start_check(qtbot, window, n_ctx: int) -> ProbeDialog:
    """A check of a window size not measured yet, waited for until it shows the time left."""
    window.settings.widget("n_ctx").setValue(n_ctx)
    dialog = window.check_setting(window.settings.values()[0])
    assert dialog.running
    qtbot.waitUntil(lambda: bool(TIME_LEFT.match(dialog.eta_label.text())), timeout=300000)
    return dialog


def through_the_window(window, widget: QWidget, keys: tuple[Qt.Key, ...] = ()) -> None:
    """Type `keys` into `widget`, or click it, as the window system delivers input: unlike events
    sent to a widget directly, these are refused while a modal window blocks the main window."""
    handle = window.windowHandle()
    if keys:
        widget.setFocus()
        for key in keys:
            QTest.keyClick(handle, key)
    else:
        QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         widget.mapTo(window, widget.rect().center()))


def test_check_this_setting_measures_shows_and_remembers(qtbot, window, sample_model) -> None:  # noqa: F811
    load_model(qtbot, window, sample_model)
    assert window.settings.check_button.isEnabled()
    dialog = finish_check(qtbot, window)
    result = dialog.result
    assert [r["setting"] for r in result["results"]] == ["this setting", "linear ×2 (not needed here)"]
    assert result["best"] == 0 and not dialog.apply_button.isVisible()
    # the verdict in plain words leads; the figures wait, folded, under Details
    assert dialog.verdict_label.text().startswith("This setting works"), dialog.verdict_label.text()
    shown = " ".join(w.text() for w in (dialog.verdict_label, dialog.advice_label, dialog.stored_label, dialog.intro_label))
    assert "nats" not in shown and "perplexity" not in shown
    assert not dialog.details.isVisible() and not dialog.running_box.isVisible()
    dialog.details_button.click()
    assert dialog.details.isVisible() and dialog.plot.isVisible()
    assert len(dialog.plot.getPlotItem().listDataItems()) == 2
    assert "Mean recall" in dialog.detail_label.text() and "nats" in dialog.detail_label.text()
    assert "was no better" in dialog.detail_label.text()
    stored = window.db.setting(STORE_KEY)
    assert list(stored.values())[0][dialog.key]["results"] == result["results"]
    dialog.reject()
    # shown again from the store, without running
    again = window.check_setting(window.settings.values()[0])
    assert again.request_id == 0 and again.result["results"] == result["results"]
    assert "Measured earlier" in again.stored_label.text() and again.stored_label.isVisible()
    again.reject()


def test_the_check_leaves_the_chat_usable_and_a_reply_waits_for_it(qtbot, window, sample_model) -> None:  # noqa: F811
    load_model(qtbot, window, sample_model)
    dialog = start_check(qtbot, window, 1024)
    assert not dialog.isModal() and dialog.windowModality() == Qt.WindowModality.NonModal
    assert dialog.isVisible() and dialog.progress.isVisible() and dialog.progress.maximum() > 0
    assert QApplication.activeModalWidget() is None
    # the chat takes input while it runs: typing into the composer, clicking Send
    through_the_window(window, window.composer, (Qt.Key.Key_H, Qt.Key.Key_I))
    assert window.composer.toPlainText() == "hi"
    with qtbot.waitSignal(window.controller.reply_finished, timeout=600000) as reply:
        through_the_window(window, window.send_button)
        # the reply is queued behind the check, and both the chat and the check's window say so
        assert window.controller.busy
        assert "A setting check is running" in window.banner.text()
        assert "A reply waits for the check." in dialog.status_label.text()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=600000)
        assert window.client.running_job != dialog.request_id  # the check ended first; the reply runs
        assert window.banner.text() == "The setting check has ended: the reply is being written."
    assert reply.args[0]["text"]
    # another check while one runs brings that one to the front instead of starting a second
    window.settings.widget("n_ctx").setValue(768)
    running = window.check_setting(window.settings.values()[0])
    assert window.check_setting(window.settings.values()[0]) is running
    running.reject()


def test_cancel_answers_at_once_and_leaves_the_engine_free(qtbot, window, sample_model) -> None:  # noqa: F811
    load_model(qtbot, window, sample_model)
    dialog = start_check(qtbot, window, 4096)  # (a 512-token decode there takes 1.6-4 s: once, Cancel waited for it)
    dialog.cancel_button.click()
    assert dialog.status_label.text() == "Cancelling…" and not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.status_label.text() == "The check was cancelled.", timeout=1000)
    assert not dialog.running and dialog.rerun_button.isEnabled() and not dialog.progress.isVisible()
    assert dialog.key not in (window.db.setting(STORE_KEY) or {}).get(dialog.model_key, {})
    qtbot.waitUntil(lambda: window.client.running_job == 0, timeout=1000)
    assert window.client.alive  # answered, not stopped as hung
    # the engine is free: a reply runs at once
    result = finish_reply(qtbot, window, lambda: window.controller.send("Are you there?"))
    assert result["text"]
    # closing the window while it runs cancels the check too, and the window goes at once
    dialog.rerun_button.click()
    qtbot.waitUntil(lambda: dialog.progress.maximum() > 0, timeout=300000)
    rid = dialog.request_id
    dialog.close_button.click()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: window.client.running_job not in (rid,), timeout=1000)


def test_a_model_load_cancels_the_check(qtbot, window, sample_model) -> None:  # noqa: F811
    load_model(qtbot, window, sample_model)
    dialog = start_check(qtbot, window, 1024)
    load_model(qtbot, window, sample_model, n_ctx=768)  # loads at once: the check does not hold it up
    assert dialog.status_label.text() == "The check was cancelled: a model is being loaded."
    assert not dialog.running and window.controller.model_info["n_ctx"] == 768
    dialog.reject()


def test_the_verdict_in_plain_words(qtbot, window) -> None:  # noqa: F811
    """Each verdict's words, on a stored result (no engine needed: it is shown without running)."""
    def row(setting: str, gains: list[float]) -> dict:
        return {"setting": setting, "tokens": 4000, "depths": [0.1, 0.5, 0.9], "needle_gain_nats": gains,
                "mean_gain": sum(gains) / 3, "ppl_last_chunk": 90.0, "ppl_short_window": 6.0, "seconds": 30.0}

    broken = {"n_ctx": 16384, "n_ctx_train": 8192, "facts": "llama, trained for 8,192 tokens",
              "results": [row("this setting", [-5.0, -4.0, -6.0]), row("YaRN ×2 (recommended)", [4.0, 13.0, 15.0])],
              "verdict": {"kind": "broken", "weak_beyond": 0}, "best": 1, "best_rope": {"rope_scaling": 2}}
    load = {"n_ctx": 16384}
    key = "16384|"
    window.db.set_setting(STORE_KEY, {"model": {key: broken}})
    dialog = ProbeDialog(window.client, window.db, "model", load, window)
    qtbot.addWidget(dialog)
    assert not dialog.running
    assert dialog.verdict_label.text() == ("This setting hurts quality: the model does not read this window properly; "
                                           "expect confused replies past about 8,192 tokens.")
    assert dialog.advice_label.text() == "Try YaRN ×2 (recommended): it read the window much better."
    assert dialog.apply_button.text() == "Use YaRN ×2 (recommended)"
    assert "nats" in dialog.detail_label.text() and "perplexity" in dialog.detail_label.text()
    weak = {**broken, "n_ctx": 4096, "verdict": {"kind": "weak", "weak_beyond": 3600}, "best": 0}
    dialog.show_result(weak)
    assert dialog.verdict_label.text().startswith("This setting works for recent text: facts more than about 3,600 "
                                                  "tokens back")
    assert not dialog.apply_button.isVisible() and "No other setting did better" in dialog.advice_label.text()
    reads = {**weak, "verdict": {"kind": "reads", "weak_beyond": 0}}
    dialog.show_result(reads)
    assert dialog.verdict_label.text() == ("This setting works well: the model remembers facts from anywhere in its "
                                           "4,096-token window.")
    assert dialog.advice_label.isHidden()
    assert dialog.time_left_text(None) == "Estimating the time left…"
    assert [dialog.time_left_text(s) for s in (4, 41, 95, 700)] == [
        "A few seconds left", "About 40 s left", "About 1 min 30 s left", "About 12 min left"]
    dialog.reject()


def test_the_better_setting_is_applied(qtbot, window, sample_model) -> None:  # noqa: F811
    load_model(qtbot, window, sample_model)
    panel = window.settings
    panel.widget("compress_pos_emb").setValue(2.0)  # an unneeded linear scale: the check finds it weak
    with qtbot.waitSignal(window.controller.model_changed, timeout=60000, check_params_cb=bool):
        assert panel.apply()
    dialog = finish_check(qtbot, window)
    assert dialog.result["best"] == 1 and dialog.apply_button.isVisible()
    assert dialog.apply_button.text() == "Use no scaling (within the trained length)"
    assert dialog.verdict_label.text().startswith("This setting hurts quality") or "Try no scaling" in \
        dialog.advice_label.text()
    with qtbot.waitSignal(window.controller.model_changed, timeout=60000, check_params_cb=bool):
        dialog.apply_button.click()
    assert window.controller.model_info["config"]["compress_pos_emb"] is None
    assert panel.values()[0]["compress_pos_emb"] is None
