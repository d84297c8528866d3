"""Live memory graphs (pyqtgraph): RAM and each GPU over the last minutes, with the plan as reference.

Reference lines show the planner's prediction for the loaded model (weights, + KV cache,
+ compute buffers, stacked); after a real load llama.cpp's own figures replace them.
"""

from __future__ import annotations

import time
import unicodedata
from collections import deque
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from ..engine.config import LoadConfig
from ..monitor.planner import GpuBackend, plan_with_draft
from ..monitor.reported import with_remote_names
from ..monitor.sampler import GpuFactory, MemoryMonitor, MonitorThread
from ..monitor.shape import ModelShape
from .plain import PlainLabel, plain_tooltip

MIB = 1024 * 1024
HISTORY_S = 300  # the graphs show the last five minutes
REF_STYLES = (("weights", "#8e6c8a"), ("kv", "#c0672b"), ("compute", "#4f7cac"))
CURVE_NAMES = {"process": QT_TRANSLATE_NOOP("MemoryPanel", "Fireside"), "used": QT_TRANSLATE_NOOP("MemoryPanel", "all programs")}
# The reference lines in plain words (the line's own label is short: the plot is as narrow as the dock).
REF_LABELS = {"weights": QT_TRANSLATE_NOOP("MemoryPanel", "model"), "kv": QT_TRANSLATE_NOOP("MemoryPanel", "+ chat"),
              "compute": QT_TRANSLATE_NOOP("MemoryPanel", "+ work")}


def plain_gpu_reason(reason: str) -> str:
    """Why there is no GPU graph, in words a person can act on (the raw NVML text goes to the log and
    the tooltip): the usual case is a computer without NVIDIA's driver, which is nothing to fix."""
    lowered = reason.lower()
    if any(text in lowered for text in ("library not found", "driver not loaded", "no nvidia gpu", "pynvml",
                                        "driver not available", "sees no gpu")):
        return QCoreApplication.translate(
            "MemoryPanel", "No GPU found to measure: this computer has no NVIDIA driver, and this build of "
            "llama.cpp sees no other GPU, so models run on the CPU. RAM is measured below.")
    return QCoreApplication.translate("MemoryPanel", "The GPU cannot be measured right now; RAM is measured below. "
                                      "(Details in the tooltip and the log.)")


def padded(text: str, columns: int) -> str:
    """`text` padded to `columns` cells of a fixed-width font, where a CJK character takes two."""
    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, columns - width)


class DeviceGraph(QWidget):
    """One device: live curves (MiB over seconds ago), its capacity, and plan reference lines."""

    def __init__(self, title: str, curves: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ink = QApplication.palette().color(QPalette.ColorRole.Text).name()
        self.plot = pg.PlotWidget()
        self.title = title
        self._apply_colors()
        # The figures go in a label above the plot: it wraps, where a plot's title is cut at the dock's edge.
        self.caption = PlainLabel()
        self.caption.setWordWrap(True)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.legend = self.plot.addLegend(offset=(6, 6), labelTextColor=self.ink)
        self.plot.setMinimumHeight(150)
        self.plot.setMinimumWidth(120)
        self.plot.setMouseEnabled(x=False, y=False)
        self.times: deque[float] = deque()
        self.series: dict[str, deque[float]] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        for key, color in curves:
            self.series[key] = deque()
            self.curves[key] = self.plot.plot([], [], pen=pg.mkPen(color, width=2),
                                              name=QCoreApplication.translate("MemoryPanel", CURVE_NAMES.get(key, key)))
        self.capacity = pg.InfiniteLine(angle=0, pen=pg.mkPen("#999", style=Qt.PenStyle.DashLine),
                                        label=self.tr("total"), labelOpts={"position": 0.05, "color": "#888"})
        self.capacity.hide()
        self.plot.addItem(self.capacity)
        self.references: list[pg.InfiniteLine] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot)

    def _apply_colors(self) -> None:
        """The plot in the theme's colours (pyqtgraph paints its own: it does not read the palette)."""
        palette = QApplication.palette()
        self.ink = palette.color(QPalette.ColorRole.Text).name()
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base).name())
        self.plot.setTitle(self.title, color=self.ink, size="10pt")
        for axis, label in (("left", "MiB"), ("bottom", self.tr("seconds ago"))):
            self.plot.getAxis(axis).setTextPen(self.ink)
            self.plot.getAxis(axis).setPen(palette.color(QPalette.ColorRole.Mid).name())
            self.plot.setLabel(axis, label, color=self.ink)  # (pyqtgraph's default grey is faint on both themes)
        legend = getattr(self, "legend", None)
        if legend is not None:  # the curves' names, drawn anew in the theme's ink
            legend.setLabelTextColor(self.ink)
            for _sample, label in legend.items:
                label.setText(label.text, color=self.ink)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed
            self._apply_colors()

    def add(self, t: float, values: dict[str, float], capacity: float | None) -> None:
        self.times.append(t)
        for key, series in self.series.items():
            series.append(values.get(key, float("nan")))
        while self.times and t - self.times[0] > HISTORY_S:
            self.times.popleft()
            for series in self.series.values():
                series.popleft()
        x = [ti - t for ti in self.times]
        for key, curve in self.curves.items():
            curve.setData(x, list(self.series[key]), connect="finite")
        if capacity:
            self.capacity.setPos(capacity)
            self.capacity.show()

    def set_references(self, parts: dict[str, int], measured: bool) -> None:
        """Stacked lines: weights, weights + KV, weights + KV + compute (bytes)."""
        for line in self.references:
            self.plot.removeItem(line)
        self.references = []
        level = 0
        style = Qt.PenStyle.SolidLine if measured else Qt.PenStyle.DotLine
        kind = self.tr("measured") if measured else self.tr("planned")
        for position, (key, color) in zip((0.2, 0.5, 0.8), REF_STYLES):
            if not parts.get(key):
                continue
            level += parts[key]
            label = QCoreApplication.translate("MemoryPanel", REF_LABELS[key])
            line = pg.InfiniteLine(pos=level / MIB, angle=0, pen=pg.mkPen(color, style=style),
                                   label=label, labelOpts={"position": position, "color": color})
            line.setToolTip(f"{kind}: {label} {parts[key] / MIB:,.1f} MiB")
            self.plot.addItem(line)
            self.references.append(line)


class MemoryPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = PlainLabel(self.tr("Starting the memory monitor..."))
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        # The RAM graph shows this process against the plan; the system's use is in its title, since
        # on a 32 GB machine a system-wide curve would flatten the process to the bottom.
        self.ram = DeviceGraph(self.tr("RAM"), [("process", "#c0672b")])
        self.gpu_graphs: dict[int, DeviceGraph] = {}
        self.legend = PlainLabel(self.tr(
            "The lines across a graph are the loaded model's memory, stacked: “model” is its weights (about the "
            "file's size), “+ chat” adds the chat memory (the KV cache, which grows with the context length), "
            "“+ work” adds llama.cpp's working space. Dotted: what Fireside planned; solid: what llama.cpp "
            "reported after loading."))
        self.legend.setWordWrap(True)
        self.legend.setProperty("tone", "small")
        self.table = PlainLabel()
        self.table.setTextFormat(Qt.TextFormat.PlainText)
        self.table.setWordWrap(True)
        self.graphs = QVBoxLayout()
        self.graphs.addWidget(self.ram)
        host = QWidget()
        column = QVBoxLayout(host)
        column.addWidget(self.status)
        column.addLayout(self.graphs)
        column.addWidget(self.legend)
        column.addWidget(self.table)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(host)
        outer = QGridLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._parts: dict[str, tuple[dict[str, int], bool]] = {}

    # --- live samples ----------------------------------------------------------------------------

    def add_sample(self, data: dict[str, Any]) -> None:
        t = data.get("t", time.time())
        ram = data["ram"]
        self.ram.add(t, {"process": ram["process_rss"] / MIB}, None)
        self.ram.caption.setText(self.tr("Fireside uses {0:,.0f} MiB of RAM; the computer uses {1:,.1f} of {2:,.1f} GiB. "
                                         "CPU {3:.0f} %").format(
            ram["process_rss"] / MIB, ram["system_used"] / 1024 / MIB, ram["system_total"] / 1024 / MIB,
            ram["process_cpu_pct"]))
        for gpu in data.get("gpus", []):
            graph = self.gpu_graphs.get(gpu["index"])
            if graph is None:
                graph = DeviceGraph(f"GPU{gpu['index']}",
                                    [("process", "#c0672b"), ("used", "#4f7cac")])
                self.gpu_graphs[gpu["index"]] = graph
                self.graphs.addWidget(graph)
                self._apply_references()
            process = gpu["process_used"] / MIB if gpu["process_used"] is not None else float("nan")
            graph.add(t, {"used": gpu["used"] / MIB, "process": process}, gpu["total"] / MIB)
            load = f"{gpu['util_pct']:.0f} %" if gpu["util_pct"] is not None else "-"
            graph.caption.setText(self.tr("GPU{0}: {1}, {2:,.0f} of {3:,.0f} MiB used, load {4}").format(
                gpu["index"], gpu["name"], gpu["used"] / MIB, gpu["total"] / MIB, load))

    def set_gpu_status(self, reason: str) -> None:
        self.status.setText(plain_gpu_reason(reason) if reason else self.tr("Measuring the GPU and RAM twice a second."))
        self.status.setToolTip(plain_tooltip(reason))

    def set_gpu_error(self, message: str) -> None:
        self.status.setText(self.tr("The GPU stopped answering, so its graph stopped; RAM is still measured. "
                                    "(Details in the tooltip and the log.)"))
        self.status.setToolTip(plain_tooltip(message))

    # --- plan and measured sizes -----------------------------------------------------------------

    def set_memory(self, plan: dict[str, Any] | None, reported: dict[str, Any] | None) -> None:
        """Reference lines and table: llama.cpp's measured figures where it reported them, else the plan."""
        self._parts = {}
        rows = [self.tr("MiB: planned / reported by llama.cpp")]
        names = {"weights": self.tr("model"), "kv": self.tr("chat"), "compute": self.tr("work")}
        devices = set((plan or {}).get("devices", {})) | set((reported or {}).get("weights", {}))
        for name in sorted(devices):
            planned = (plan or {}).get("devices", {}).get(name, {})
            planned_parts = {"weights": planned.get("weights", 0),
                             "kv": planned.get("kv_k", 0) + planned.get("kv_v", 0),
                             "compute": planned.get("compute", 0)}
            measured = None
            if reported and (reported.get("weights") or reported.get("compute")):
                measured = {part: reported.get(part, {}).get(name, 0) for part in ("weights", "kv", "compute")}
            self._parts[name] = (measured or planned_parts, measured is not None)
            for part in ("weights", "kv", "compute"):
                got = f"{measured[part] / MIB:,.1f}" if measured else "-"
                rows.append(f"{name:4} {padded(names[part], 6)} {planned_parts[part] / MIB:8,.1f} / {got}")
        self.table.setText("\n".join(rows))
        self.table.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._apply_references()

    def _apply_references(self) -> None:
        for name, (parts, measured) in self._parts.items():
            if name != "CPU" and not name.startswith("GPU"):
                continue  # (another computer's device: in the table, no graph here)
            graph = self.ram if name == "CPU" else self.gpu_graphs.get(int(name.removeprefix("GPU")))
            if graph is not None:
                graph.set_references(parts, measured)


class MemoryDock(QDockWidget):
    """The dockable Memory panel with its own sampling thread; tells listeners what is free."""

    # free bytes per GPU, available RAM bytes (may exceed 32 bits), the GPUs' backend limits (GpuBackend or None)
    resources_changed = Signal(list, object, object)

    def __init__(self, gpu_factory: GpuFactory | None = None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Memory"), parent)
        self.setObjectName("memory_dock")
        self.panel = MemoryPanel()
        self.setWidget(self.panel)
        self.monitor = MemoryMonitor(gpu_factory) if gpu_factory else MemoryMonitor()
        self.monitor.sampled.connect(self._sampled)
        self.monitor.gpu_status.connect(self.panel.set_gpu_status)
        self.monitor.gpu_error.connect(self.panel.set_gpu_error)
        self.runner = MonitorThread(self.monitor, self)
        self.gpu_free: list[int] = []
        self.ram_available = 0
        self.model_on_gpu: dict[str, int] = {}  # "GPU0": bytes the loaded model holds there (llama.cpp's log)
        self.gpu_backend: GpuBackend | None = None

    def _sampled(self, data: dict[str, Any]) -> None:
        self.panel.add_sample(data)
        # What this process holds counts as free for planning (it is given back when a model is reloaded).
        # NVML says it per process; the backend's query does not, so the loaded model's own buffers stand in,
        # up to what the device reports used (lavapipe reports none at all: its free memory already has them).
        self.gpu_free = [g["total"] - g["used"] + (g["process_used"] if g["process_used"] is not None
                                                   else min(self.model_on_gpu.get(f"GPU{i}", 0), g["used"]))
                         for i, g in enumerate(data.get("gpus", []))]
        self.ram_available = data["ram"]["system_available"] + data["ram"]["process_rss"]
        self.gpu_backend = GpuBackend.from_samples(data.get("gpus", []))
        self.resources_changed.emit(self.gpu_free, self.ram_available, self.gpu_backend)

    def show_model(self, info: dict[str, Any]) -> None:
        """Plan the loaded model on this machine's GPUs and show it with llama.cpp's measured sizes."""
        reported = (info or {}).get("reported") or {}
        self.model_on_gpu = {dev: sum((reported.get(part) or {}).get(dev, 0) for part in ("weights", "kv", "compute"))
                             for dev in (reported.get("weights") or {}) if dev != "CPU"}
        if not info or "shape" not in info:
            self.panel.set_memory(None, None)
            return
        # Other computers' GPUs come first in llama.cpp's order; they are planned as devices too, with the
        # free memory their servers reported at load time.
        remote = info.get("remote_devices") or []
        names = [d["name"] for d in remote]
        free = [int(d["free"]) for d in remote] + self.gpu_free
        backend = self.gpu_backend
        if remote:
            backend = GpuBackend.with_remote(backend)
        draft = (info.get("draft") or {}).get("shape")
        plan = plan_with_draft(ModelShape.from_dict(info["shape"]), LoadConfig.from_dict(info["config"]),
                               ModelShape.from_dict(draft) if draft else None, len(free), free or None, backend).to_dict()
        reported = dict(info.get("reported") or {})
        if remote:
            plan["devices"] = with_remote_names(plan["devices"], names)
            for part in ("weights", "kv", "compute"):
                reported[part] = with_remote_names(reported.get(part) or {}, names)
        self.panel.set_memory(plan, reported or None)

    def stop(self) -> bool:
        return self.runner.stop()
