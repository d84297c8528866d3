"""The fits / tight / does-not-fit badge under the settings, updated as fields change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ...engine.config import LoadConfig
from ...engine.rpc import listed_servers
from ...monitor.fit import auto_fit, fit_verdict, usable_context
from ...monitor.planner import GpuBackend
from ...monitor.shape import ModelShape
from ..engine_text import shown_fit_detail
from ..plain import PlainLabel
from ..theme import set_tone

MIB = 1024 * 1024
# The look of each verdict: a tone of the app's style sheet (ui.theme), so both themes have it.
TONES = {"fits": "good", "tight": "caution", "does not fit": "bad"}


class FitBadge(QWidget):
    """Shows whether the fields' config fits the free memory; "Fit" picks GPU layers and context."""

    fit_chosen = Signal(int, int)  # n_gpu_layers, n_ctx

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shape: ModelShape | None = None
        self.gpu_free: list[int] = []
        self.ram_available = 0
        self.gpu_backend: GpuBackend | None = None
        self.config: LoadConfig | None = None
        self.draft: ModelShape | None = None  # the chosen draft model's shape (counted when the config has one)
        self.remote: dict[str, list[tuple[str, int]]] = {}  # server -> its devices (name, free bytes), as tested
        self.label = PlainLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setContentsMargins(6, 3, 6, 3)
        self.fit_button = QPushButton(self.tr("Fit to my memory"))
        self.fit_button.setToolTip(self.tr("Set the most GPU layers, then the longest context (up to the model's "
                                           "trained length), that fit the free memory with a margin"))
        self.fit_button.clicked.connect(self._fit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.fit_button)
        self.setVisible(False)

    def set_resources(self, gpu_free: list[int], ram_available: int, backend: GpuBackend | None = None) -> None:
        self.gpu_free = gpu_free
        self.ram_available = ram_available
        self.gpu_backend = backend
        self._refresh()

    def set_remote(self, remote: dict[str, list[tuple[str, int]]]) -> None:
        """Other computers' devices, per server, with the free memory they reported (Test)."""
        self.remote = dict(remote)
        self._refresh()

    def devices(self) -> tuple[list[int], list[str] | None, GpuBackend | None]:
        """Free bytes per GPU in llama.cpp's order (the config's servers' devices first), their names, and the
        backend rules; a server not tested yet counts as nothing free."""
        servers = listed_servers(self.config.rpc_servers) if self.config is not None else ()
        if not servers:
            return self.gpu_free, None, self.gpu_backend
        remote = [device for server in servers for device in self.remote.get(server, [(f"RPC0[{server}]", 0)])]
        backend = GpuBackend.with_remote(self.gpu_backend)
        return ([free for _name, free in remote] + self.gpu_free,
                [name for name, _free in remote] + [f"GPU{i}" for i in range(len(self.gpu_free))], backend)

    def set_shape(self, shape: ModelShape | None) -> None:
        self.shape = shape
        self._refresh()

    def set_draft(self, shape: ModelShape | None) -> None:
        if shape != self.draft:
            self.draft = shape
            self._refresh()

    def set_config(self, load: dict[str, Any]) -> None:
        try:
            self.config = LoadConfig.from_dict(load)
        except (TypeError, ValueError):
            self.config = None
        self._refresh()

    def state(self) -> str:
        return self.property("state") or ""

    def _refresh(self) -> None:
        if self.shape is None or self.config is None or not self.ram_available or self.config.n_ctx <= 0:
            self.setVisible(False)
            return
        gpu_free, devices, backend = self.devices()
        result = fit_verdict(self.shape, self.config, gpu_free, self.ram_available, backend=backend, names=devices,
                             draft=self.draft)
        names = {"fits": self.tr("fits"), "tight": self.tr("tight"), "does not fit": self.tr("does not fit")}
        self.setProperty("state", result.state)
        details = "; ".join(shown_fit_detail(line) for line in result.details)
        text = self.tr("Memory: {0} ({1})").format(names[result.state], details)
        untested = [s for s in listed_servers(self.config.rpc_servers) if s not in self.remote]
        if untested:  # (counted as nothing free until they say what they have)
            text += " " + self.tr("Press Test under \"Other computers' GPUs\" to plan {0} too.").format(", ".join(untested))
        self.label.setText(text)
        set_tone(self.label, TONES[result.state])
        self.setVisible(True)

    def _fit(self) -> None:
        if self.shape is None or self.config is None:
            return
        limit = usable_context(int(self.property("n_ctx_train") or 0), self.config)
        gpu_free, _names, backend = self.devices()
        fit = auto_fit(self.shape, self.config, gpu_free, self.ram_available, limit, backend=backend, draft=self.draft)
        if fit.n_ctx:
            self.fit_chosen.emit(fit.gpu_layers, fit.n_ctx)
