"""One field on screen: its control (spin box, check box, list, text), and the row that shows it with
its label and one-line explanation, narrow enough for a 300-pixel dock (everything wraps)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...models import list_models
from ..plain import PlainLabel, plain_tooltip
from .explanations import explanation
from .fields import CTX, MODEL_VALUE, NONE_VALUE, FieldSpec, join_list, split_list

CONTROL_WIDTH = 118  # spin boxes and lists: wide enough for "1048576" and "whole context"


def _t(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def make_control(spec: FieldSpec, changed: Callable[[], object]) -> QWidget:
    """The editing widget for `spec`; `changed` is called on every edit."""
    widget: QWidget
    if spec.kind == "int":
        widget = QSpinBox()
        widget.setRange(int(spec.minimum), int(min(spec.maximum, 2**31 - 1)))
        widget.setSingleStep(int(spec.step))
        widget.valueChanged.connect(changed)
    elif spec.kind == "float":
        widget = QDoubleSpinBox()
        widget.setDecimals(spec.decimals)
        widget.setRange(spec.minimum, spec.maximum)
        widget.setSingleStep(spec.step)
        widget.valueChanged.connect(changed)
    elif spec.kind == "bool":
        widget = QCheckBox()
        widget.toggled.connect(changed)
    elif spec.kind == "choice":
        widget = QComboBox()
        widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(6)
        for text, value in spec.choices:
            widget.addItem(_t(text), value)
        widget.currentIndexChanged.connect(changed)
    elif spec.kind == "model":
        widget = QComboBox()
        widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(10)
        fill_models(widget)
        widget.currentIndexChanged.connect(changed)
    else:
        widget = QLineEdit()
        widget.textChanged.connect(changed)
    if isinstance(widget, QAbstractSpinBox):
        if spec.optional or spec.empty_text:  # the minimum stands for "the model's" / "off" / "all"...
            widget.setSpecialValueText(_t(spec.empty_text or MODEL_VALUE))
        widget.setAccelerated(True)
    widget.setObjectName(f"{spec.target}.{spec.key}")
    return widget


def fill_models(widget: QComboBox) -> None:
    """None, then every model in the models folder (listed again: a download since shows up), keeping the
    choice."""
    current = widget.currentData()
    blocked = widget.blockSignals(True)
    widget.clear()
    widget.addItem(_t(NONE_VALUE), "")
    for path in list_models():
        widget.addItem(path.stem, str(path))
        widget.setItemData(widget.count() - 1, str(path), Qt.ItemDataRole.ToolTipRole)
    choose_model(widget, current or "")
    widget.blockSignals(blocked)


def choose_model(widget: QComboBox, path: str) -> None:
    """Select `path`; a file outside the models folder (chosen before, or stored by an older version) is
    added to the list."""
    index = widget.findData(path)
    if index < 0:
        widget.addItem(Path(path).stem, path)
        index = widget.count() - 1
    widget.setCurrentIndex(index)


def set_control(spec: FieldSpec, widget: QWidget, value: Any) -> None:
    """Show `value` in the control (raises TypeError / ValueError for a value of the wrong kind)."""
    if isinstance(widget, QSpinBox):
        widget.setValue(int(spec.minimum) if value is None else value)
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(spec.minimum if value is None else value)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox) and spec.kind == "model":
        if not isinstance(value, str):
            raise TypeError(f"a model path, not {value!r}")
        choose_model(widget, value)
    elif isinstance(widget, QComboBox):
        index = widget.findData(int(value) if spec.key not in ("type_k", "type_v") else value)
        widget.setCurrentIndex(max(index, 0))
    elif isinstance(widget, QLineEdit):
        if spec.key == "tensor_split":
            widget.setText(", ".join(f"{v:g}" for v in value))
        else:
            widget.setText(join_list(value))


def control_value(spec: FieldSpec, widget: QWidget) -> Any:
    """The value in the control (raises ValueError for a share list that is not numbers)."""
    if isinstance(widget, QSpinBox):
        return None if spec.optional and widget.value() == spec.minimum else widget.value()
    if isinstance(widget, QDoubleSpinBox):
        return None if spec.optional and widget.value() <= spec.minimum else widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    assert isinstance(widget, QLineEdit)
    if spec.key == "tensor_split":
        return [float(part) for part in widget.text().replace(";", ",").split(",") if part.strip()]
    return split_list(widget.text())


def hint_label(text: str) -> PlainLabel:
    """Small grey wrapped text (the palette's placeholder colour, so it follows light and dark themes)."""
    label = PlainLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    font = label.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    label.setFont(font)
    label.setProperty("hint", True)  # for the app's style sheet
    return label


class FieldRow(QWidget):
    """Label and control on one line (a text field goes under its label), the explanation under them,
    and room for more below (the memory badge under Context length)."""

    def __init__(self, spec: FieldSpec, control: QWidget, label: str = "") -> None:
        super().__init__()
        self.spec = spec
        self.control = control
        self.label = PlainLabel(label or _t(spec.label))
        self.label.setWordWrap(True)
        self.label.setBuddy(control)
        self.explanation = hint_label(explanation(spec))
        self.label.setToolTip(plain_tooltip(_t(spec.tip)))
        control.setAccessibleName(self.label.text())
        control.setAccessibleDescription(self.explanation.text())
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 3, 0, 3)
        self.column.setSpacing(2)
        if spec.kind in ("text", "model"):
            self.column.addWidget(self.label)
            self.column.addWidget(control)
        else:
            line = QHBoxLayout()
            line.setSpacing(6)
            line.addWidget(self.label, 1)
            if not isinstance(control, QCheckBox):
                control.setFixedWidth(CONTROL_WIDTH)
            control.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            line.addWidget(control)
            self.column.addLayout(line)
        self.column.addWidget(self.explanation)

    def add_below(self, widget: QWidget) -> None:
        self.column.addWidget(widget)

    def matches(self, query: str) -> bool:
        """Whether every word of `query` is in the label or the explanation (case-insensitive)."""
        text = f"{self.label.text()} {self.explanation.text()}".casefold()
        return all(word in text for word in query.casefold().split())
