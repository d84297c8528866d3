"""The settings dock: the basic view (context length with its memory fit, GPU use, reply length,
creativity), "Show advanced settings" for every other knob (grouped, searchable), validation before
Apply, and the one-click RoPE scaling above the trained context."""

from __future__ import annotations

import logging
import math
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...engine.config import LoadConfig
from ...engine.metadata import ModelFacts, ModelFileError, read_model_facts
from ...engine.probe import ROPE_FIELDS
from ...engine.rope_advice import recommended, ships_scaling
from ...engine.rpc import RpcServer
from ...engine.sampling import SamplerSettings
from ...engine.validation import ConfigProblem, check_config
from ...monitor.shape import ModelShape
from ..engine_text import setting_label
from ..plain import PlainLabel, plain_tooltip
from ..theme import set_tone
from .advanced import AdvancedView
from .basic import BasicView
from .fields import CTX, FIELDS, spec_of
from .fit_badge import FitBadge
from .messages import FieldProblem, problem_line
from .rows import control_value, fill_models, hint_label, make_control, set_control

log = logging.getLogger("fireside.ui")

SHOW_ADVANCED = "settings_show_advanced"  # app setting: the toggle as the user left it


class SettingStore(Protocol):
    """Where the toggle is remembered (the Database's app settings)."""

    def setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


def _t(text: str) -> str:
    """Translate a string marked with QT_TRANSLATE_NOOP in fields.py."""
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

    def __init__(self, store: SettingStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.facts: ModelFacts | None = None
        self.model_path = ""
        self.problems: list[ConfigProblem] = []
        self.field_problems: list[FieldProblem] = []
        self.widgets: dict[tuple[str, str], QWidget] = {}
        self._draft_shapes: dict[str, ModelShape | str] = {}  # path -> its shape, or why it is not a model
        for spec in FIELDS:
            control = make_control(spec, self.revalidate)
            control.setToolTip(plain_tooltip(_t(spec.tip)))
            self.widgets[(spec.target, spec.key)] = control

        self.status_label = PlainLabel()
        self.status_label.setWordWrap(True)
        self.facts_label = PlainLabel(self.tr("Load a model to see its facts and change its settings."))
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = FitBadge()
        self.badge.fit_chosen.connect(self._use_fit)
        self.check_button = QPushButton(self.tr("Check this setting..."))
        self.check_button.setToolTip(self.tr("Measure whether the model reads its whole window with this context "
                                             "length and RoPE scaling (on the loaded model, in its own context; "
                                             "your chat is untouched)"))
        self.check_button.clicked.connect(lambda: self.check_requested.emit(self.values()[0]))
        check_line = QWidget()
        check_row = QHBoxLayout(check_line)
        check_row.setContentsMargins(0, 4, 0, 0)  # (a gap below the memory badge)
        check_row.addWidget(self.check_button)
        check_row.addStretch(1)
        self.basic = BasicView(self.widgets, [self.badge, check_line])
        self.advanced = AdvancedView(self.widgets, self.facts_label)
        self.advanced.rpc_check.tested.connect(self._remote_tested)

        self.show_advanced = QCheckBox(self.tr("Show advanced settings"))
        self.show_advanced.setToolTip(self.tr("Every llama.cpp setting, grouped, with a search box"))
        self.show_advanced.setChecked(bool(store.setting(SHOW_ADVANCED, False)) if store else False)
        self.show_advanced.toggled.connect(self._advanced_toggled)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search settings (e.g. repeat, GPU, memory)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search settings"))
        self.search.textChanged.connect(self._update_views)
        self.no_match = hint_label("")

        host = QWidget()
        column = QVBoxLayout(host)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.basic)
        column.addWidget(self.advanced)
        column.addWidget(self.no_match)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps instead
        self.scroll_area.setWidget(host)

        self.problems_label = PlainLabel()
        self.problems_label.setWordWrap(True)
        self.suggest_button = QPushButton()
        self.suggest_button.hide()
        self.suggest_button.clicked.connect(self._use_suggestion)
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
        layout.addWidget(self.status_label)
        layout.addWidget(self.show_advanced)
        layout.addWidget(self.search)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.suggest_button)
        layout.addLayout(buttons)
        self.set_values(LoadConfig("").to_dict(), SamplerSettings().to_dict())  # what a first load would use
        self.set_enabled_for_model(False)

    def widget(self, key: str, target: str = "load") -> QWidget:
        return self.widgets[(target, key)]

    # --- the views -------------------------------------------------------------------------------

    def _advanced_toggled(self, checked: bool) -> None:
        if self.store is not None:
            self.store.set_setting(SHOW_ADVANCED, checked)
        self._update_views()
        self.revalidate()  # a problem's line says "advanced" only while that view is hidden

    def advanced_shown(self) -> bool:
        return self.facts is not None and self.show_advanced.isChecked()

    def _update_views(self) -> None:
        """Basic rows always (before a model is loaded, disabled under the line that says why); the
        advanced groups and the search box when asked for; the search filters both."""
        advanced = self.advanced_shown()
        self.show_advanced.setEnabled(self.facts is not None)
        self.advanced.setVisible(advanced)
        self.search.setVisible(advanced)
        query = self.search.text().strip() if advanced else ""
        shown = self.advanced.filter(query) if advanced else 0
        for row in self.basic.rows.values():
            row.setVisible(row.matches(query))
            shown += not row.isHidden()
        self.no_match.setText(self.tr("No setting matches \u201c{0}\u201d.").format(query) if query and not shown else "")
        self.no_match.setVisible(bool(self.no_match.text()))

    def _status_text(self) -> str:
        if self.facts is None:
            return self.tr("Load a model to change its settings.")
        return self.tr("{0}: trained on {1:,} tokens of context").format(
            self.facts.name or self.facts.architecture, self.facts.n_ctx_train)

    def _remote_tested(self, found: list) -> None:
        """What the servers answered (Test) is what the badge plans their devices with."""
        remote = dict(self.badge.remote)
        for _typed, answer in found:
            if isinstance(answer, RpcServer):
                remote[answer.endpoint] = [(d.name, d.free) for d in answer.devices]
        self.badge.set_remote(remote)

    # --- model and values ------------------------------------------------------------------------

    def set_model(self, facts: dict[str, Any] | None, load: dict[str, Any], sampler: dict[str, Any],
                  shape: dict[str, Any] | None = None, remote_devices: list[dict[str, Any]] | None = None) -> None:
        """Show a loaded model's facts and the settings it was loaded with (`remote_devices`: the GPU servers'
        devices it was loaded on, with the free memory they reported then, for the badge)."""
        if remote_devices:
            remote = dict(self.badge.remote)
            for device in remote_devices:
                server = str(device["name"]).partition("[")[2].removesuffix("]")
                remote.setdefault(server, [])
                remote[server] = [d for d in remote[server] if d[0] != device["name"]] + [(device["name"], device["free"])]
            self.badge.set_remote(remote)
        self.facts = facts_from_dict(facts) if facts else None
        self.badge.setProperty("n_ctx_train", self.facts.n_ctx_train if self.facts else 0)
        self.badge.set_shape(ModelShape.from_dict(shape) if shape else None)
        self.basic.set_layer_count(self.facts.n_layers if self.facts else 0)
        self.model_path = load.get("model_path", "")
        drafts = self.widgets[("load", "draft_model_path")]
        if isinstance(drafts, QComboBox):
            fill_models(drafts)  # (a model downloaded since is listed)
        self._draft_shapes.clear()
        self.facts_label.setText(self._facts_text() if self.facts else "")
        self.set_values(load, sampler)
        self.set_enabled_for_model(self.facts is not None)

    def set_values(self, load: dict[str, Any], sampler: dict[str, Any]) -> None:
        """Show these settings; a value of the wrong type (a damaged settings row) shows the default."""
        defaults = {"load": LoadConfig(self.model_path or "").to_dict(), "sampler": SamplerSettings().to_dict()}
        for spec in FIELDS:
            source = load if spec.target == "load" else sampler
            if spec.key in source:
                widget = self.widgets[(spec.target, spec.key)]
                try:
                    set_control(spec, widget, source[spec.key])
                except (TypeError, ValueError, OverflowError):
                    log.warning("setting %s has an unusable value %r; showing the default", spec.key, source[spec.key])
                    set_control(spec, widget, defaults[spec.target].get(spec.key))
        self.revalidate()

    def reset_to_defaults(self) -> None:
        self.set_values(LoadConfig(self.model_path).to_dict(), SamplerSettings().to_dict())

    def set_enabled_for_model(self, enabled: bool) -> None:
        for w in self.widgets.values():
            w.setEnabled(enabled)
        self.basic.set_editable(enabled)
        self.reset_button.setEnabled(enabled)
        self.check_button.setEnabled(enabled)
        self.status_label.setText(self._status_text())
        self._update_views()
        self.revalidate()

    def _facts_text(self) -> str:
        f = self.facts
        assert f is not None
        size_mb = f.file_size / 1e6
        params = f"{f.n_params / 1e6:.0f}M" if f.n_params < 1e9 else f"{f.n_params / 1e9:.1f}B"
        lines = [
            self.tr("{0} ({1}, {2} parameters)").format(f.name or f.architecture, f.architecture, params),
            self.tr("File: {0:.0f} MB, {1}").format(size_mb, f.file_type),
            self.tr("Trained context: {0:,} tokens").format(f.n_ctx_train),
            self.tr("Layers: {0}; attention heads {1} (KV heads {2}); head size K {3} / V {4}").format(
                f.n_layers, f.n_head, f.n_head_kv, f.head_dim_k, f.head_dim_v),
            self.tr("RoPE: base {0:g}, dimension {1}, scaling {2} x{3:g}").format(
                f.rope_freq_base, f.rope_dim, f.rope_scaling_type if f.rope_scaling_type not in ("", "none") else self.tr("none"),
                f.rope_scaling_factor or 1),
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
        load, sampler, problems = self._values()
        return load, sampler, [item.problem for item in problems]

    def _values(self) -> tuple[dict[str, Any], dict[str, Any], list[FieldProblem]]:
        load: dict[str, Any] = {"model_path": self.model_path}
        sampler: dict[str, Any] = {}
        problems: list[FieldProblem] = []
        for spec in FIELDS:
            try:
                value = control_value(spec, self.widgets[(spec.target, spec.key)])
            except ValueError:
                problems.append(FieldProblem(spec.target, ConfigProblem(spec.key, QCoreApplication.translate(
                    "SettingsPanel", "write numbers separated by commas, e.g. 3, 1"))))
                continue
            (load if spec.target == "load" else sampler)[spec.key] = value
        return load, sampler, problems

    # --- validation ------------------------------------------------------------------------------

    def revalidate(self) -> list[ConfigProblem]:
        """Check the fields as they are now; Apply is possible only without errors."""
        if self.facts is None:
            self.problems, self.field_problems = [], []
            self.apply_button.setEnabled(False)
            self.problems_label.setText("")
            self.problems_label.hide()
            self.suggest_button.hide()
            return []
        load, sampler, problems = self._values()
        try:
            config = LoadConfig.from_dict(load)
        except (TypeError, ValueError) as exc:
            problems.append(FieldProblem("load", ConfigProblem("model_path", str(exc))))
        else:
            problems += [FieldProblem("load", p) for p in check_config(config, self.facts) if p.field != "model_path"]
        problems += [FieldProblem("sampler", ConfigProblem(name, msg))
                     for name, msg in SamplerSettings.from_dict(sampler).problems()]
        problems += self._draft_problems(load.get("draft_model_path") or "")
        if sampler.get("lookup_draft") and not load.get("flash_attn"):  # (guesses are verified only with it)
            problems.append(FieldProblem("sampler", ConfigProblem(
                "lookup_draft", "guess ahead needs flash attention: without it replies are decoded without guesses",
                "warning")))
        self.field_problems = problems
        self.problems = [item.problem for item in problems]
        self._show_problems(problems, load)
        self.badge.set_config(load)
        return self.problems

    def _draft_problems(self, path: str) -> list[FieldProblem]:
        """Read the chosen draft model's header (once per file): its shape goes to the memory badge; a file
        that is not a model is an error on the field, before a load finds it. Whether its vocabulary
        matches is known only when both are loaded."""
        if not path:
            self.badge.set_draft(None)
            return []
        if path not in self._draft_shapes:
            try:
                self._draft_shapes[path] = ModelShape.from_facts(read_model_facts(path))
            except ModelFileError as exc:
                self._draft_shapes[path] = str(exc).removeprefix("model_path: ")
        found = self._draft_shapes[path]
        if isinstance(found, str):
            self.badge.set_draft(None)
            return [FieldProblem("load", ConfigProblem("draft_model_path", found))]
        self.badge.set_draft(found)
        return []

    def _show_problems(self, problems: list[FieldProblem], load: dict[str, Any]) -> None:
        # errors last, so an error wins over a warning on the same field
        by_field = {(item.target, item.problem.field): item for item in
                    sorted(problems, key=lambda item: item.problem.severity == "error")}
        for (target, key), w in self.widgets.items():
            item = by_field.get((target, key))
            # The app's style (ui.theme) draws the frame of an [invalid] field, in both themes.
            w.setProperty("invalid", "" if item is None else item.problem.severity)
            w.style().unpolish(w)
            w.style().polish(w)
            tip = _t(spec_of(key, target).tip)
            w.setToolTip(plain_tooltip(tip if item is None else tip + "\n\n" + problem_line(item)))
        errors = [item for item in problems if item.problem.severity == "error"]
        self.problems_label.setText("\n".join(problem_line(item, self._where(item)) for item in problems))
        self.problems_label.setVisible(bool(problems))
        set_tone(self.problems_label, "error" if errors else "warning")
        self.apply_button.setEnabled(not errors)
        self._offer_scale(load)

    def _where(self, item: FieldProblem) -> str:
        """ "advanced" for a field the basic view does not show while the advanced one is hidden."""
        key = (item.target, item.problem.field)
        hidden = key in self.widgets and key not in self.basic.rows and not self.advanced_shown()
        return self.tr("advanced") if hidden else ""

    def _offer_scale(self, load: dict[str, Any]) -> None:
        """Above the trained context with no scaling: one click sets the recommended scaling (YaRN for
        a model without scaling keys; see rope_advice)."""
        f = self.facts
        n_ctx = load.get("n_ctx") or 0
        unscaled = load.get("compress_pos_emb") is None and load.get("rope_freq_scale") is None \
            and load.get("ntk_alpha") is None and load.get("rope_scaling") in (-1, 0)
        if f is not None and f.n_ctx_train and n_ctx > f.n_ctx_train and unscaled and not ships_scaling(f):
            self._suggested = recommended(f, n_ctx)
            self.suggest_button.setText(self.tr("Use long-context scaling: {0}").format(setting_label(self._suggested.label)))
            self.suggest_button.show()
        else:
            self.suggest_button.hide()

    def _use_suggestion(self) -> None:
        self.set_rope(self._suggested.overrides)

    def set_rope(self, overrides: dict[str, Any]) -> None:
        """Put a RoPE setting into the fields (every RoPE field; the ones not named go to the model's)."""
        for key in ROPE_FIELDS:
            set_control(spec_of(key), self.widgets[("load", key)],
                        overrides.get(key, -1 if key == "rope_scaling" else None))

    def _use_fit(self, n_gpu_layers: int, n_ctx: int) -> None:
        for key, value in (("n_gpu_layers", n_gpu_layers), ("n_ctx", n_ctx)):
            set_control(spec_of(key), self.widgets[("load", key)], value)

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
