"""The settings panel: every load and sampler knob, the model's facts, validation before Apply."""

from __future__ import annotations

import logging
import math
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..engine.config import LoadConfig
from ..engine.metadata import ModelFacts
from ..engine.probe import ROPE_FIELDS
from ..engine.rope_advice import recommended, ships_scaling
from ..engine.sampling import SamplerSettings
from ..engine.validation import ConfigProblem, check_config
from ..monitor.shape import ModelShape
from .fit_badge import FitBadge
from .plain import PlainLabel, plain_tooltip
from .settings_fields import CTX, FIELDS, GROUPS, MODEL_VALUE, FieldSpec, join_list, split_list

log = logging.getLogger("fireside.ui")

ERROR_STYLE = "border: 1px solid #d9534f;"
WARNING_STYLE = "border: 1px solid #e0a800;"


def _t(text: str) -> str:
    """Translate a string marked with QT_TRANSLATE_NOOP in settings_fields."""
    return QCoreApplication.translate(CTX, text)


def facts_from_dict(data: dict[str, Any]) -> ModelFacts:
    """Rebuild the facts the worker sent (as plain data) for validation in the GUI thread."""
    known = {k: v for k, v in data.items() if k in ModelFacts.__dataclass_fields__}
    known.setdefault("chat_template", "")
    known.setdefault("tensors", ())
    return ModelFacts(**known)


class SettingsPanel(QWidget):
    """Emits `applied(load_config_dict, sampler_dict)` when the user applies valid settings."""

    applied = Signal(dict, dict)
    check_requested = Signal(dict)  # the load settings as they are in the fields (not applied yet)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts: ModelFacts | None = None
        self.model_path = ""
        self.widgets: dict[tuple[str, str], QWidget] = {}
        self.problems: list[ConfigProblem] = []

        self.facts_label = PlainLabel(self.tr("Load a model to see its facts and change its settings."))
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        facts_box = QGroupBox(self.tr("Model"))
        QVBoxLayout(facts_box).addWidget(self.facts_label)

        form_host = QWidget()
        column = QVBoxLayout(form_host)
        column.addWidget(facts_box)
        for group in GROUPS:
            box = QGroupBox(_t(group).replace("&", "&&"))
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for spec in (f for f in FIELDS if f.group == group):
                widget = self._make_widget(spec)
                label = PlainLabel(_t(spec.label))
                label.setToolTip(_t(spec.tip))
                widget.setToolTip(_t(spec.tip))
                form.addRow(label, widget)
                self.widgets[(spec.target, spec.key)] = widget
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)

        self.problems_label = PlainLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.badge = FitBadge()
        self.badge.fit_chosen.connect(self._use_fit)
        self.suggest_button = QPushButton()
        self.suggest_button.hide()
        self.suggest_button.clicked.connect(self._use_suggestion)
        self.check_button = QPushButton(self.tr("Check this setting..."))
        self.check_button.setToolTip(self.tr("Measure whether the model reads its whole window with this context "
                                             "length and RoPE scaling (on the loaded model, in its own context; "
                                             "your chat is untouched)"))
        self.check_button.clicked.connect(lambda: self.check_requested.emit(self.values()[0]))
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setToolTip(self.tr("Use these settings; load settings reload the model"))
        self.apply_button.clicked.connect(self.apply)
        self.reset_button = QPushButton(self.tr("Defaults"))
        self.reset_button.setToolTip(self.tr("Put every field back to Fireside's defaults (not applied yet)"))
        self.reset_button.clicked.connect(self.reset_to_defaults)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.badge)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.suggest_button)
        layout.addWidget(self.check_button)
        layout.addLayout(buttons)
        self.set_enabled_for_model(False)

    # --- widgets ---------------------------------------------------------------------------------

    def _make_widget(self, spec: FieldSpec) -> QWidget:
        widget: QWidget
        if spec.kind == "int":
            widget = QSpinBox()
            widget.setRange(int(spec.minimum), int(min(spec.maximum, 2**31 - 1)))
            widget.setSingleStep(int(spec.step))
            widget.valueChanged.connect(self.revalidate)
        elif spec.kind == "float":
            widget = QDoubleSpinBox()
            widget.setDecimals(spec.decimals)
            widget.setRange(spec.minimum, spec.maximum)
            widget.setSingleStep(spec.step)
            widget.valueChanged.connect(self.revalidate)
        elif spec.kind == "bool":
            widget = QCheckBox()
            widget.toggled.connect(self.revalidate)
        elif spec.kind == "choice":
            widget = QComboBox()
            for text, value in spec.choices:
                widget.addItem(_t(text), value)
            widget.currentIndexChanged.connect(self.revalidate)
        else:
            widget = QLineEdit()
            widget.textChanged.connect(self.revalidate)
        if spec.optional and isinstance(widget, QAbstractSpinBox):
            widget.setSpecialValueText(_t(spec.empty_text or MODEL_VALUE))
        widget.setObjectName(f"{spec.target}.{spec.key}")
        return widget

    def widget(self, key: str, target: str = "load") -> QWidget:
        return self.widgets[(target, key)]

    def _set_value(self, spec: FieldSpec, value: Any) -> None:
        w = self.widgets[(spec.target, spec.key)]
        if isinstance(w, (QSpinBox, QDoubleSpinBox)):
            w.setValue(spec.minimum if value is None else value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            index = w.findData(int(value) if spec.key not in ("type_k", "type_v") else value)
            w.setCurrentIndex(max(index, 0))
        elif isinstance(w, QLineEdit):
            if spec.key == "tensor_split":
                w.setText(", ".join(f"{v:g}" for v in value))
            else:
                w.setText(join_list(value))

    def _value(self, spec: FieldSpec) -> Any:
        w = self.widgets[(spec.target, spec.key)]
        if isinstance(w, QSpinBox):
            return None if spec.optional and w.value() == spec.minimum else w.value()
        if isinstance(w, QDoubleSpinBox):
            return None if spec.optional and w.value() <= spec.minimum else w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        assert isinstance(w, QLineEdit)
        if spec.key == "tensor_split":
            return [float(part) for part in w.text().replace(";", ",").split(",") if part.strip()]
        return split_list(w.text())

    # --- model and values ------------------------------------------------------------------------

    def set_model(self, facts: dict[str, Any] | None, load: dict[str, Any], sampler: dict[str, Any],
                  shape: dict[str, Any] | None = None) -> None:
        """Show a loaded model's facts and the settings it was loaded with."""
        self.facts = facts_from_dict(facts) if facts else None
        self.badge.setProperty("n_ctx_train", self.facts.n_ctx_train if self.facts else 0)
        self.badge.set_shape(ModelShape.from_dict(shape) if shape else None)
        self.model_path = load.get("model_path", "")
        self.facts_label.setText(self._facts_text() if self.facts else "")
        self.set_values(load, sampler)
        self.set_enabled_for_model(self.facts is not None)

    def set_values(self, load: dict[str, Any], sampler: dict[str, Any]) -> None:
        """Show these settings; a value of the wrong type (a damaged settings row) shows the default."""
        defaults = {"load": LoadConfig(self.model_path or "").to_dict(), "sampler": SamplerSettings().to_dict()}
        for spec in FIELDS:
            source = load if spec.target == "load" else sampler
            if spec.key in source:
                try:
                    self._set_value(spec, source[spec.key])
                except (TypeError, ValueError, OverflowError):
                    log.warning("setting %s has an unusable value %r; showing the default", spec.key, source[spec.key])
                    self._set_value(spec, defaults[spec.target].get(spec.key))
        self.revalidate()

    def reset_to_defaults(self) -> None:
        self.set_values(LoadConfig(self.model_path).to_dict(), SamplerSettings().to_dict())

    def set_enabled_for_model(self, enabled: bool) -> None:
        for w in self.widgets.values():
            w.setEnabled(enabled)
        self.reset_button.setEnabled(enabled)
        self.check_button.setEnabled(enabled)
        self.revalidate()

    def _facts_text(self) -> str:
        f = self.facts
        assert f is not None
        size_mb = f.file_size / 1e6
        lines = [
            f.summary(),
            self.tr("File: {0:.0f} MB, {1}").format(size_mb, f.file_type),
            self.tr("Trained context: {0} tokens").format(f.n_ctx_train),
            self.tr("Layers: {0}; attention heads {1} (KV heads {2}); head size K {3} / V {4}").format(
                f.n_layers, f.n_head, f.n_head_kv, f.head_dim_k, f.head_dim_v),
            self.tr("RoPE: base {0:g}, dimension {1}, scaling {2} x{3:g}").format(
                f.rope_freq_base, f.rope_dim, f.rope_scaling_type or self.tr("none"), f.rope_scaling_factor or 1),
        ]
        if f.swa_pattern:
            base = f.rope_freq_base_swa
            lines.append(self.tr("Sliding window: {0} tokens on {1} of {2} layers, SWA RoPE base {3}").format(
                f.sliding_window, f.swa_layers, f.n_layers, f"{base:,.0f}" if base == int(base) else f"{base:,g}"))
        elif f.sliding_window:  # a window key, but no known layer pattern for this architecture
            lines.append(self.tr("Sliding window: {0} tokens").format(f.sliding_window))
        if f.is_recurrent:
            lines.append(self.tr("Recurrent state: no context shifting (a full window drops old turns and reads "
                                 "the rest again); regenerating or editing the last turns goes back to a saved "
                                 "state of the turn"))
        return "\n".join(lines)

    def values(self) -> tuple[dict[str, Any], dict[str, Any], list[ConfigProblem]]:
        """(load dict, sampler dict, problems in the text fields themselves)."""
        load: dict[str, Any] = {"model_path": self.model_path}
        sampler: dict[str, Any] = {}
        problems: list[ConfigProblem] = []
        for spec in FIELDS:
            try:
                value = self._value(spec)
            except ValueError:
                problems.append(ConfigProblem(spec.key, QCoreApplication.translate("SettingsPanel", "write numbers separated by commas, e.g. 3, 1")))
                continue
            (load if spec.target == "load" else sampler)[spec.key] = value
        return load, sampler, problems

    # --- validation ------------------------------------------------------------------------------

    def revalidate(self) -> list[ConfigProblem]:
        """Check the fields as they are now; Apply is possible only without errors."""
        if self.facts is None:
            self.problems = []
            self.apply_button.setEnabled(False)
            self.problems_label.setText("")
            self.suggest_button.hide()
            return []
        load, sampler, problems = self.values()
        try:
            config = LoadConfig.from_dict(load)
        except (TypeError, ValueError) as exc:
            problems.append(ConfigProblem("model_path", str(exc)))
        else:
            problems += [p for p in check_config(config, self.facts) if p.field != "model_path"]
        problems += [ConfigProblem(name, msg) for name, msg in SamplerSettings.from_dict(sampler).problems()]
        self.problems = problems
        self._show_problems(problems, load)
        self.badge.set_config(load)
        return problems

    def _show_problems(self, problems: list[ConfigProblem], load: dict[str, Any]) -> None:
        by_field = {p.field: p for p in sorted(problems, key=lambda p: p.severity == "error")}
        for (target, key), w in self.widgets.items():
            spec = next(s for s in FIELDS if s.key == key and s.target == target)
            problem = by_field.get(key)
            w.setStyleSheet("" if problem is None else ERROR_STYLE if problem.severity == "error" else WARNING_STYLE)
            w.setToolTip(plain_tooltip(_t(spec.tip) + ("" if problem is None else "\n\n" + problem.message)))
        errors = [p for p in problems if p.severity == "error"]
        lines = [("✖ " if p.severity == "error" else "⚠ ") + f"{p.field}: {p.message}" for p in problems]
        self.problems_label.setText("\n".join(lines))
        self.problems_label.setStyleSheet("color: #d9534f;" if errors else "color: #b8860b;")
        self.apply_button.setEnabled(not errors)
        self._offer_scale(load)

    def _offer_scale(self, load: dict[str, Any]) -> None:
        """Above the trained context with no scaling: one click sets the recommended scaling (YaRN for
        a model without scaling keys; see rope_advice)."""
        f = self.facts
        n_ctx = load.get("n_ctx") or 0
        unscaled = load.get("compress_pos_emb") is None and load.get("rope_freq_scale") is None \
            and load.get("ntk_alpha") is None and load.get("rope_scaling") in (-1, 0)
        if f is not None and f.n_ctx_train and n_ctx > f.n_ctx_train and unscaled and not ships_scaling(f):
            self._suggested = recommended(f, n_ctx)
            self.suggest_button.setText(self.tr("Use RoPE scaling: {0}").format(self._suggested.label))
            self.suggest_button.show()
        else:
            self.suggest_button.hide()

    def _use_suggestion(self) -> None:
        self.set_rope(self._suggested.overrides)

    def set_rope(self, overrides: dict[str, Any]) -> None:
        """Put a RoPE setting into the fields (every RoPE field; the ones not named go to the model's)."""
        for key in ROPE_FIELDS:
            spec = next((s for s in FIELDS if s.key == key and s.target == "load"), None)
            if spec is not None:
                self._set_value(spec, overrides.get(key, -1 if key == "rope_scaling" else None))

    def _use_fit(self, n_gpu_layers: int, n_ctx: int) -> None:
        for key, value in (("n_gpu_layers", n_gpu_layers), ("n_ctx", n_ctx)):
            self._set_value(next(s for s in FIELDS if s.key == key and s.target == "load"), value)

    def apply(self) -> bool:
        problems = self.revalidate()
        if self.facts is None or any(p.severity == "error" for p in problems):
            return False
        load, sampler, _ = self.values()
        self.applied.emit(load, sampler)
        return True


def same_load_settings(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two load configs would load the same way (floats compared loosely)."""
    for key in set(a) | set(b):
        x, y = a.get(key), b.get(key)
        if isinstance(x, float) and isinstance(y, float):
            if not math.isclose(x, y, rel_tol=1e-9):
                return False
        elif x != y:
            return False
    return True
