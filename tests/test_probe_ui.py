"""Check this setting, in the window: progress, chart, verdict, the stored result, the better setting
applied, cancel."""

from __future__ import annotations

from qt_helpers import load_model
from test_app import user_dirs, window  # noqa: F401 - fixtures

from desktop.ui.probe_dialog import STORE_KEY


def finish_check(qtbot, window, timeout: int = 120000):
    dialog = None

    def start() -> None:
        nonlocal dialog
        dialog = window.check_setting(window.settings.values()[0])

    start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=timeout)
    return dialog


def test_check_this_setting_measures_shows_and_remembers(qtbot, window, sample_model) -> None:  # noqa: F811
    load_model(qtbot, window, sample_model)
    assert window.settings.check_button.isEnabled()
    dialog = finish_check(qtbot, window)
    result = dialog.result
    assert [r["setting"] for r in result["results"]] == ["this setting", "linear ×2 (not needed here)"]
    assert result["best"] == 0 and not dialog.apply_button.isVisible()
    assert dialog.verdict_label.text().startswith(("Reads the whole window", "Weak beyond"))
    assert len(dialog.plot.getPlotItem().listDataItems()) == 2
    assert "Mean recall" in dialog.detail_label.text() and "was no better" in dialog.detail_label.text()
    stored = window.db.setting(STORE_KEY)
    assert list(stored.values())[0][dialog.key]["results"] == result["results"]
    dialog.reject()
    # shown again from the store, without running
    again = window.check_setting(window.settings.values()[0])
    assert again.request_id == 0 and again.result["results"] == result["results"]
    assert "Measured earlier" in again.detail_label.text()
    again.reject()


def test_the_better_setting_is_applied_and_a_check_can_be_cancelled(qtbot, window, sample_model) -> None:  # noqa: F811
    load_model(qtbot, window, sample_model)
    panel = window.settings
    panel.widget("compress_pos_emb").setValue(2.0)  # an unneeded linear scale: the check finds it weak
    with qtbot.waitSignal(window.controller.model_changed, timeout=60000, check_params_cb=bool):
        assert panel.apply()
    dialog = finish_check(qtbot, window)
    assert dialog.result["best"] == 1 and dialog.apply_button.isVisible()
    assert dialog.apply_button.text() == "Use no scaling (within the trained length)"
    with qtbot.waitSignal(window.controller.model_changed, timeout=60000, check_params_cb=bool):
        dialog.apply_button.click()
    assert window.controller.model_info["config"]["compress_pos_emb"] is None
    assert panel.values()[0]["compress_pos_emb"] is None
    # cancel: the dialog says so and nothing is stored for that setting
    panel.widget("n_ctx").setValue(768)
    running = window.check_setting(panel.values()[0])
    assert running.request_id
    running.cancel_button.click()
    qtbot.waitUntil(lambda: running.verdict_label.text() == "The check was cancelled.", timeout=30000)
    assert running.key not in list(window.db.setting(STORE_KEY).values())[0]
    running.reject()
