"""Issue 24, item 5: the settings dock shows the few settings that matter in plain words; everything
else is under "Advanced", grouped and searchable; no label or message speaks in variable names."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QWidget

from desktop.engine.config import LoadConfig
from desktop.engine.metadata import read_model_facts
from desktop.engine.validation import check_config
from desktop.monitor.shape import ModelShape
from desktop.storage import open_database
from desktop.ui.settings.fields import BASIC, FIELDS, OTHER_LABELS
from desktop.ui.settings.messages import plain_problem_text
from desktop.ui.settings.panel import SHOW_ADVANCED, SettingsPanel
from desktop.ui.settings.rows import FieldRow

RAW_NAME = re.compile(r"\b(" + "|".join(sorted({s.key for s in FIELDS if "_" in s.key} | set(OTHER_LABELS),
                                              key=len, reverse=True)) + r")\b")
REPETITION = {("sampler", k) for k in ("repeat_penalty", "repeat_last_n", "frequency_penalty", "presence_penalty")}
DRY = {("sampler", k) for k in ("dry_multiplier", "dry_base", "dry_allowed_length", "dry_last_n", "dry_breakers")}


@pytest.fixture
def db(tmp_path: Path):
    database, _ = open_database(tmp_path / "fireside.sqlite3")
    yield database
    database.close()


def model_data(path: str) -> tuple[dict, dict]:
    """(facts, shape) as the engine process sends them."""
    facts = read_model_facts(path)
    return ({k: v for k, v in asdict(facts).items() if k != "tensors"}, ModelShape.from_facts(facts).to_dict())


def make_panel(qtbot, db, model: str | None) -> SettingsPanel:
    panel = SettingsPanel(db)
    qtbot.addWidget(panel)
    panel.resize(300, 560)  # the dock at 1024x600
    panel.badge.set_resources([], 8 * 1024**3)
    if model:
        facts, shape = model_data(model)
        panel.set_model(facts, LoadConfig(model, n_ctx=2048).to_dict(), {"temperature": 0.8, "max_tokens": 512}, shape)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def shown_rows(panel: SettingsPanel) -> set[tuple[str, str]]:
    return {(row.spec.target, row.spec.key) for row in panel.findChildren(FieldRow) if row.isVisibleTo(panel)}


def shown_texts(panel: SettingsPanel) -> list[str]:
    """Every text the panel can show: labels, buttons, titles, list items, placeholders and tooltips."""
    texts = []
    for w in panel.findChildren(QWidget):
        texts.append(w.toolTip())
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
    return texts


def test_the_basic_view_shows_exactly_the_basic_fields(qtbot, db, sample_model: str) -> None:
    panel = make_panel(qtbot, db, sample_model)
    assert shown_rows(panel) == set(BASIC)
    assert not panel.advanced.isVisibleTo(panel) and not panel.search.isVisibleTo(panel)
    assert panel.badge.isVisibleTo(panel) and panel.badge.state() == "fits"
    # the badge sits in the Context length row, right under the field
    assert panel.basic.rows[("load", "n_ctx")].isAncestorOf(panel.badge)
    assert "trained on 8,192 tokens" in panel.status_label.text()


def test_gpu_use_is_a_plain_choice_over_the_layer_count(qtbot, db, sample_model: str) -> None:
    panel = make_panel(qtbot, db, sample_model)
    choice, layers = panel.basic.gpu_choice, panel.widget("n_gpu_layers")
    choice.setCurrentIndex(choice.findData("all"))
    assert layers.value() == -1 and not panel.basic.layers_line.isVisibleTo(panel)
    choice.setCurrentIndex(choice.findData("part"))
    assert layers.value() == 15 and panel.basic.layers_line.isVisibleTo(panel)  # half of the 30 layers
    choice.setCurrentIndex(choice.findData("cpu"))
    assert layers.value() == 0
    layers.setValue(31)  # what "Fit to my memory" sets for all layers plus the output
    assert choice.currentData() == "all"
    panel.basic.slider.setValue(35)
    assert panel.widget("temperature", "sampler").value() == pytest.approx(0.35)
    panel.widget("temperature", "sampler").setValue(1.5)
    assert panel.basic.slider.value() == 150


def test_advanced_shows_every_field_in_groups(qtbot, db, sample_model: str) -> None:
    panel = make_panel(qtbot, db, sample_model)
    qtbot.mouseClick(panel.show_advanced, Qt.MouseButton.LeftButton)
    assert panel.show_advanced.isChecked()
    assert shown_rows(panel) == {(spec.target, spec.key) for spec in FIELDS}
    titles = {box.title() for box in panel.findChildren(QGroupBox) if box.isVisibleTo(panel)}
    assert {"Model", "Long context (RoPE scaling)", "Memory && GPU", "Chat memory (K/V cache)", "Repetition",
            "Repeated phrases (DRY)", "Fresher wording (XTC)", "Steady surprise (Mirostat)"} <= titles
    for row in panel.findChildren(FieldRow):  # each with its one line under the label
        assert row.explanation.isVisibleTo(panel) and len(row.explanation.text()) > 20


def test_the_search_filters_by_label_and_explanation(qtbot, db, sample_model: str) -> None:
    panel = make_panel(qtbot, db, sample_model)
    panel.show_advanced.setChecked(True)
    qtbot.keyClicks(panel.search, "repeat")
    assert shown_rows(panel) == REPETITION | DRY  # "repeat" is in their explanations, not all labels
    panel.search.clear()
    qtbot.keyClicks(panel.search, "Mirostat")  # by label (and the group's title)
    assert shown_rows(panel) == {("sampler", k) for k in ("mirostat", "mirostat_tau", "mirostat_eta")}
    panel.search.setText("swaps")  # only in "Lock in RAM"'s explanation
    assert shown_rows(panel) == {("load", "use_mlock")}
    assert not panel.advanced.facts_box.isVisibleTo(panel)
    panel.search.setText("zebra")
    assert shown_rows(panel) == set() and "zebra" in panel.no_match.text() and panel.no_match.isVisibleTo(panel)
    panel.search.clear()
    assert len(shown_rows(panel)) == len(FIELDS) and not panel.no_match.isVisibleTo(panel)


def test_no_label_or_message_names_a_variable(qtbot, db, sample_model: str) -> None:
    panel = make_panel(qtbot, db, sample_model)
    panel.widget("type_v").setCurrentText("q4_0")  # needs flash attention
    panel.widget("n_ctx").setValue(16384)  # above the trained context
    panel.widget("n_ubatch").setValue(4096)  # above the batch size
    panel.widget("tensor_split").setText("3, x")
    panel.widget("max_tokens", "sampler").setValue(0)
    problems = panel.problems_label.text()
    assert "V cache type (advanced): a quantized V cache (q4_0) needs flash attention: turn on \"Flash attention\"" \
        in problems
    assert "Micro-batch size (advanced): cannot be larger than \"Batch size\" (512)" in problems
    assert "Context length: 16384 is above the model's trained context (8192)" in problems
    assert "Share per GPU (advanced): write numbers" in problems and "Reply length: must be" in problems
    for advanced in (False, True):
        panel.show_advanced.setChecked(advanced)
        offenders = [text for text in shown_texts(panel) if RAW_NAME.search(text)]
        assert offenders == []
    # Messages that reach the window from the engine (load warnings, refused configs) get labels too.
    config = LoadConfig(panel.model_path, n_ctx=16000, n_ubatch=1024, n_batch=512, type_v="q8_0", split_mode=3,
                        compress_pos_emb=-1.0, yarn_orig_ctx=-5, n_threads_batch=0, tensor_split=[-1.0])
    engine_problems = check_config(config, read_model_facts(sample_model))
    assert len(engine_problems) >= 8
    for problem in engine_problems:
        text = plain_problem_text(str(problem))
        assert RAW_NAME.search(str(problem)) and not RAW_NAME.search(text), text


def test_values_from_both_views_reach_apply(qtbot, db, sample_model: str) -> None:
    panel = make_panel(qtbot, db, sample_model)
    n_ctx = panel.widget("n_ctx")
    n_ctx.selectAll()
    qtbot.keyClicks(n_ctx, "3072")
    panel.basic.gpu_choice.setCurrentIndex(panel.basic.gpu_choice.findData("cpu"))
    panel.basic.slider.setValue(40)
    panel.widget("max_tokens", "sampler").setValue(300)
    qtbot.mouseClick(panel.show_advanced, Qt.MouseButton.LeftButton)
    panel.widget("top_k", "sampler").setValue(7)
    panel.widget("type_k").setCurrentText("q8_0")
    panel.widget("dry_multiplier", "sampler").setValue(0.8)
    panel.widget("stop", "sampler").setText("END, \\n\\n")
    with qtbot.waitSignal(panel.applied, timeout=2000) as blocker:
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    load, sampler = blocker.args
    assert (load["n_ctx"], load["n_gpu_layers"], load["type_k"], load["model_path"]) == (3072, 0, "q8_0", sample_model)
    assert sampler["temperature"] == pytest.approx(0.4) and sampler["max_tokens"] == 300
    assert sampler["top_k"] == 7 and sampler["dry_multiplier"] == pytest.approx(0.8)
    assert sampler["stop"] == ["END", "\n\n"]


def test_the_advanced_toggle_is_remembered(qtbot, tmp_path: Path, sample_model: str) -> None:
    db, _ = open_database(tmp_path / "fireside.sqlite3")
    panel = make_panel(qtbot, db, sample_model)
    assert not panel.show_advanced.isChecked()
    qtbot.mouseClick(panel.show_advanced, Qt.MouseButton.LeftButton)
    panel.close()
    db.close()
    again, _ = open_database(tmp_path / "fireside.sqlite3")  # a restart
    try:
        assert again.setting(SHOW_ADVANCED) is True
        reopened = make_panel(qtbot, again, sample_model)
        assert reopened.show_advanced.isChecked() and reopened.advanced.isVisibleTo(reopened)
        qtbot.mouseClick(reopened.show_advanced, Qt.MouseButton.LeftButton)
        assert again.setting(SHOW_ADVANCED) is False and shown_rows(reopened) == set(BASIC)
    finally:
        again.close()


def test_before_a_model_is_loaded_only_the_basic_fields_show(qtbot, db) -> None:
    db.set_setting(SHOW_ADVANCED, True)  # even with the advanced view remembered: no wall of grey fields
    panel = make_panel(qtbot, db, None)
    assert panel.status_label.text() == "Load a model to change its settings."
    assert shown_rows(panel) == set(BASIC)
    assert not panel.advanced.isVisibleTo(panel) and not panel.show_advanced.isEnabled()
    assert not panel.widget("n_ctx").isEnabled() and not panel.basic.gpu_choice.isEnabled()
    assert not panel.apply_button.isEnabled()
    assert panel.widget("n_ctx").value() == LoadConfig("").n_ctx  # what a first load uses, not the minimum
    assert panel.widget("max_tokens", "sampler").value() > 0


def test_nothing_is_cut_off_in_a_300_pixel_dock(qtbot, db, sample_model: str) -> None:
    panel = make_panel(qtbot, db, sample_model)
    panel.widget("type_v").setCurrentText("q4_0")
    panel.widget("n_ctx").setValue(16384)
    for advanced in (False, True):
        panel.show_advanced.setChecked(advanced)
        qtbot.wait(50)  # the layout settles
        viewport = panel.scroll_area.viewport()
        for row in panel.findChildren(FieldRow):
            if not row.isVisibleTo(panel):
                continue
            right = row.control.mapTo(viewport, row.control.rect().topRight()).x()
            assert right < viewport.width(), f"{row.spec.key} is cut off at {right} of {viewport.width()} px"
            for label in (row.label, row.explanation):
                assert label.heightForWidth(label.width()) <= label.height() + 1, f"{label.text()!r} is clipped"
        for label in (panel.problems_label, panel.status_label):
            assert label.heightForWidth(label.width()) <= label.height() + 1, f"{label.text()!r} is clipped"


def test_guess_ahead_without_flash_attention_is_a_warning_that_names_it(qtbot, db, sample_model: str) -> None:
    """Guesses are verified only with flash attention (engine/native.py): the panel says so, Apply stays."""
    panel = make_panel(qtbot, db, sample_model)
    panel.show_advanced.setChecked(True)
    panel.widget("flash_attn").setChecked(False)
    panel.widget("lookup_draft", "sampler").setValue(8)
    assert "Guess ahead: needs \"Flash attention\": without it replies come without guesses" \
        in panel.problems_label.text()
    assert panel.widget("lookup_draft", "sampler").property("invalid") == "warning" and panel.apply_button.isEnabled()
    panel.widget("flash_attn").setChecked(True)
    assert "Guess ahead" not in panel.problems_label.text()


def test_a_draft_model_is_chosen_from_the_models_folder_and_the_badge_counts_it(qtbot, db, sample_model: str,
                                                                               tmp_path: Path, monkeypatch) -> None:
    """The field lists the models folder (and none); a draft chosen counts in the memory badge; a file that is
    not a model is an error on the field before any load, and the panel keeps working."""
    import desktop.models

    folder = tmp_path / "models"
    folder.mkdir()
    draft = folder / "SmolLM2-draft.gguf"
    draft.write_bytes(Path(sample_model).read_bytes())
    junk = folder / "broken.gguf"
    junk.write_bytes(b"GGUF but not really" * 10)
    monkeypatch.setattr(desktop.models, "models_dir", lambda: folder)
    panel = make_panel(qtbot, db, sample_model)
    panel.show_advanced.setChecked(True)
    panel.widget("flash_attn").setChecked(True)
    combo = panel.widget("draft_model_path")
    assert isinstance(combo, QComboBox)
    assert [combo.itemData(i) for i in range(combo.count())] == ["", str(draft), str(junk)]
    alone = panel.badge.label.text()
    assert "draft" not in alone
    combo.setCurrentIndex(combo.findData(str(draft)))
    counted = panel.badge.label.text()
    needs = [int(n.replace(",", "")) for n in re.findall(r"needs ([\d,]+) MiB", counted + " " + alone)]
    assert "the draft model's" in counted and needs[0] > needs[1]
    assert panel.values()[0]["draft_model_path"] == str(draft) and panel.apply_button.isEnabled()
    combo.setCurrentIndex(combo.findData(str(junk)))
    assert "✖ Draft model" in panel.problems_label.text() and not panel.apply_button.isEnabled()
    combo.setCurrentIndex(0)
    assert panel.apply_button.isEnabled() and panel.values()[0]["draft_model_path"] == ""
