""""Check this setting": the probe's progress, a chart of recall strength by distance from the end of
the window for the setting in the fields and the best alternative, a one-line verdict, and a button
to use the better setting. Results are kept per model file and setting and shown again at once."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..worker.probe_job import setting_key
from ..worker.protocol import CANCELLED, JobError
from .plain import PlainLabel

STORE_KEY = "probe_results"  # app setting: {model key: {setting key: result}}
COLORS = ("#c0672b", "#4f7cac")


class ProbeDialog(QDialog):
    """Emits `apply_requested(rope fields)` when the user takes the better setting."""

    apply_requested = Signal(dict)

    def __init__(self, client: Any, db: Any, model_key: str, load: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check this setting"))
        self.resize(620, 480)
        self.client, self.db, self.model_key, self.load = client, db, model_key, load
        self.request_id = 0
        self.result: dict[str, Any] | None = None
        self.facts_label = PlainLabel()
        self.facts_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("Reading a test text with planted facts: %p%"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("bottom", self.tr("tokens back from the end of the window"))
        self.plot.setLabel("left", self.tr("recall strength (nats)"))
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.plot.addLegend(offset=(10, 10))
        self.plot.getPlotItem().invertX(True)  # the newest text on the right, as in the chat
        self.verdict_label = PlainLabel()
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setStyleSheet("font-weight: bold;")
        self.detail_label = PlainLabel()
        self.detail_label.setWordWrap(True)
        self.apply_button = QPushButton()
        self.apply_button.hide()
        self.apply_button.clicked.connect(self._apply)
        self.rerun_button = QPushButton(self.tr("Run again"))
        self.rerun_button.clicked.connect(self.start)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        buttons.addWidget(self.rerun_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts_label)
        layout.addLayout(row)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.detail_label)
        layout.addLayout(buttons)
        self._connections = ((client.progress, self._on_progress), (client.finished, self._on_done),
                             (client.failed, self._on_failed))
        for signal, slot in self._connections:
            signal.connect(slot)
        self.key = setting_key(load, int(load.get("n_ctx") or 0))
        stored = (db.setting(STORE_KEY, {}) or {}).get(model_key, {}).get(self.key)
        if isinstance(stored, dict) and stored.get("results"):
            self.show_result(stored, from_store=True)
        else:
            self.start()

    # --- running ----------------------------------------------------------------------------------

    def start(self) -> None:
        self.request_id = self.client.probe(self.load)
        self.progress.setValue(0)
        for w in (self.progress, self.cancel_button):
            w.show()
        self.rerun_button.setEnabled(False)
        self.apply_button.hide()
        self.verdict_label.setText(self.tr("Measuring… (a context of its own; the chat is untouched)"))
        self.detail_label.setText("")

    def cancel(self) -> None:
        if self.request_id:
            self.client.cancel(self.request_id)

    def _on_progress(self, rid: int, data: dict) -> None:
        if rid == self.request_id:
            self.progress.setRange(0, max(data["total"], 1))
            self.progress.setValue(data["done"])

    def _on_done(self, rid: int, result: dict) -> None:
        if rid != self.request_id:
            return
        self.request_id = 0
        stored = self.db.setting(STORE_KEY, {}) or {}
        stored.setdefault(self.model_key, {})[self.key] = result
        self.db.set_setting(STORE_KEY, stored)
        self.show_result(result)

    def _on_failed(self, rid: int, error: JobError) -> None:
        if rid != self.request_id:
            return
        self.request_id = 0
        self._idle()
        self.verdict_label.setText(self.tr("The check was cancelled.") if error.code == CANCELLED
                                   else self.tr("The check could not run: {0}").format(error.message))

    def _idle(self) -> None:
        for w in (self.progress, self.cancel_button):
            w.hide()
        self.rerun_button.setEnabled(True)

    # --- showing ----------------------------------------------------------------------------------

    def show_result(self, result: dict[str, Any], from_store: bool = False) -> None:
        self.result = result
        self._idle()
        self.facts_label.setText(self.tr("Model: {0}. Window: {1:,} tokens.").format(result["facts"], result["n_ctx"]))
        self.plot.clear()
        for i, row in enumerate(result["results"][:2]):
            back = [round((1 - d) * row["tokens"]) for d in row["depths"]]
            label = self.tr("this setting") if i == 0 else row["setting"]
            self.plot.plot(back, row["needle_gain_nats"], name=label, symbol="o",
                           pen=pg.mkPen(COLORS[i], width=2, style=Qt.PenStyle.SolidLine if i == 0 else Qt.PenStyle.DashLine),
                           symbolBrush=COLORS[i])
        self.verdict_label.setText(self._verdict_text(result["verdict"]))
        current = result["results"][0]
        lines = [self.tr("Mean recall {0:+.1f} nats; last-chunk perplexity {1:.2f} with the whole window, {2:.2f} "
                         "with a short one.").format(current["mean_gain"], current["ppl_last_chunk"],
                                                     current["ppl_short_window"])]
        best = result["results"][result["best"]]
        if result["best"] != 0:
            lines.append(self.tr("{0} did better: {1:+.1f} nats on average.").format(best["setting"], best["mean_gain"]))
            self.apply_button.setText(self.tr("Use {0}").format(best["setting"]))
            self.apply_button.show()
        elif len(result["results"]) > 1:
            other = result["results"][1]
            lines.append(self.tr("{0} was no better: {1:+.1f} nats.").format(other["setting"], other["mean_gain"]))
        if from_store:
            lines.append(self.tr("(Measured earlier for this model and setting; Run again to measure anew.)"))
        self.detail_label.setText("\n".join(lines))

    def _verdict_text(self, verdict: dict[str, Any]) -> str:
        if verdict["kind"] == "reads":
            return self.tr("Reads the whole window: facts planted anywhere in it are recalled.")
        if verdict["kind"] == "weak":
            return self.tr("Weak beyond {0:,} tokens back: older facts are barely recalled.").format(verdict["weak_beyond"])
        return self.tr("Broken: the model does not read this window (planted facts are not recalled).")

    def _apply(self) -> None:
        if self.result is not None:
            self.apply_requested.emit(dict(self.result["best_rope"]))
            self.accept()

    def done(self, code: int) -> None:  # noqa: D401 - Qt override: closing cancels a running check
        self.cancel()
        for signal, slot in self._connections:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        super().done(code)
