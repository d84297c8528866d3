"""The basic view: the four settings that matter, in plain words. Context length with the memory badge
under it, GPU use as a choice (the layer count only for "part"), reply length, and creativity as a
slider from focused to creative beside the number."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..plain import PlainLabel
from .fields import BASIC, spec_of
from .rows import CONTROL_WIDTH, FieldRow, hint_label

ALL, PART, CPU = "all", "part", "cpu"
SLIDER_STEPS = 100  # the slider moves in 0.01 steps of temperature ...
SLIDER_TOP = 2.0  # ... from 0 to 2 (the number goes up to 5)


class BasicView(QWidget):
    """The basic rows; the controls are the panel's (one widget per setting, in either view)."""

    def __init__(self, controls: dict[tuple[str, str], QWidget], below_context: list[QWidget]) -> None:
        super().__init__()
        self.layer_count = 0
        gpu_layers, temperature = controls[("load", "n_gpu_layers")], controls[("sampler", "temperature")]
        assert isinstance(gpu_layers, QSpinBox) and isinstance(temperature, QDoubleSpinBox)
        self.gpu_layers: QSpinBox = gpu_layers
        self.temperature: QDoubleSpinBox = temperature

        self.gpu_choice = QComboBox()
        self.gpu_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for text, value in ((self.tr("All on GPU"), ALL), (self.tr("Part on GPU"), PART), (self.tr("CPU only"), CPU)):
            self.gpu_choice.addItem(text, value)
        self.gpu_choice.setObjectName("gpu_choice")
        self.gpu_choice.currentIndexChanged.connect(self._choice_changed)
        self.gpu_layers.valueChanged.connect(self._layers_changed)

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("temperature_slider")
        self.slider.setRange(0, int(SLIDER_TOP * SLIDER_STEPS))
        self.slider.setPageStep(10)
        self.slider.setAccessibleName(self.tr("Creativity"))
        self.slider.valueChanged.connect(self._slider_moved)
        self.temperature.valueChanged.connect(self._temperature_changed)

        self.rows: dict[tuple[str, str], FieldRow] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for target, key in BASIC:
            spec = spec_of(key, target)
            if key == "n_gpu_layers":
                row = FieldRow(spec, self.gpu_choice, self.tr("GPU use"))
                row.add_below(self._layers_line())
            else:
                row = FieldRow(spec, controls[(target, key)])
            if key == "temperature":
                row.add_below(self._slider_line())
            if key == "n_ctx":
                for widget in below_context:
                    row.add_below(widget)
            self.rows[(target, key)] = row
            column.addWidget(row)
        self._layers_changed(self.gpu_layers.value())
        self._temperature_changed(self.temperature.value())

    def _layers_line(self) -> QWidget:
        """ "Layers on the GPU: [15] of 30", shown for "Part on GPU"."""
        self.layers_line = QWidget()
        line = QHBoxLayout(self.layers_line)
        line.setContentsMargins(12, 0, 0, 0)
        caption = PlainLabel(self.tr("Layers on the GPU"))
        caption.setWordWrap(True)
        caption.setBuddy(self.gpu_layers)
        self.gpu_layers.setFixedWidth(CONTROL_WIDTH * 2 // 3)
        self.layers_total = hint_label("")
        line.addWidget(caption, 1)
        line.addWidget(self.gpu_layers)
        line.addWidget(self.layers_total)
        return self.layers_line

    def _slider_line(self) -> QWidget:
        host = QWidget()
        line = QHBoxLayout(host)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(hint_label(self.tr("focused")))
        line.addWidget(self.slider, 1)
        line.addWidget(hint_label(self.tr("creative")))
        return host

    def set_layer_count(self, layers: int) -> None:
        """The model's layer count: "of 30" beside the spin box, and what "part" starts from."""
        self.layer_count = layers
        self.layers_total.setText(self.tr("of {0}").format(layers) if layers else "")
        self._layers_changed(self.gpu_layers.value())

    def set_editable(self, editable: bool) -> None:
        self.gpu_choice.setEnabled(editable)
        self.slider.setEnabled(editable)

    # --- keeping the choice, the slider and the numbers in step ---------------------------------

    def _choice_for(self, layers: int) -> str:
        if layers == 0:
            return CPU
        if layers < 0 or (self.layer_count and layers >= self.layer_count):
            return ALL
        return PART

    def _choice_changed(self) -> None:
        choice = self.gpu_choice.currentData()
        layers = self.gpu_layers.value()
        if choice == ALL and self._choice_for(layers) != ALL:
            self.gpu_layers.setValue(-1)
        elif choice == CPU:
            self.gpu_layers.setValue(0)
        elif choice == PART and self._choice_for(layers) != PART:
            self.gpu_layers.setValue(max(1, self.layer_count // 2) if self.layer_count else 16)
        self.layers_line.setVisible(self.gpu_choice.currentData() == PART)

    def _layers_changed(self, layers: int) -> None:
        choice = self._choice_for(layers)
        self.gpu_choice.blockSignals(True)
        self.gpu_choice.setCurrentIndex(self.gpu_choice.findData(choice))
        self.gpu_choice.blockSignals(False)
        self.layers_line.setVisible(choice == PART)

    def _slider_moved(self, position: int) -> None:
        if round(self.temperature.value() * SLIDER_STEPS) != position:
            self.temperature.setValue(position / SLIDER_STEPS)

    def _temperature_changed(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(min(value, SLIDER_TOP) * SLIDER_STEPS))
        self.slider.blockSignals(False)
