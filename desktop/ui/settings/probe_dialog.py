""""Check this setting": a window of its own, not modal (the chat stays usable while it measures),
with a progress bar, the time left, and a Cancel that answers at once. The result leads with a
verdict in plain words and what to try; the chart and the figures (nats, perplexity) wait under
Details. Results are kept per model file and setting and shown again at once.

The check runs in the engine's one job queue: a reply sent meanwhile waits for it (the window says
so, and the chat's notice line too), and a model load cancels it (the check is for the old model)."""

from __future__ import annotations

import time
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...worker.probe_job import setting_key
from ...worker.protocol import CANCELLED, JobError
from ..engine_text import setting_label
from ..plain import PlainLabel
from ..theme import set_tone

STORE_KEY = "probe_results"  # app setting: {model key: {setting key: result}}
COLORS = ("#c0672b", "#4f7cac")
WIDTH = 520
DETAILS_HEIGHT = 540  # with the chart shown (less on a short screen)


class ProbeDialog(QDialog):
    """Emits `apply_requested(rope fields)` when the user takes the better setting, and
    `notice(level, text)` for the chat's notice line (a reply that waits for the check)."""

    apply_requested = Signal(dict)
    notice = Signal(str, str)

    def __init__(self, client: Any, db: Any, model_key: str, load: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check this setting"))
        self.setModal(False)  # the chat stays usable: the check runs on a context of its own
        self.client, self.db, self.model_key, self.load = client, db, model_key, load
        self.request_id = 0
        # (shadows QDialog.result(), which nothing here uses; the name is what scripts and tests read)
        self.result: dict[str, Any] | None = None  # type: ignore[assignment]
        self.seconds_left: float | None = None
        self._estimated_at = 0.0
        # The engine's estimate comes with each decode (seconds apart on a long window): the label
        # counts down in between.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        self.reply_waiting = False
        self.cancel_note = ""  # why a cancel happened, when not the user's Cancel
        self.intro_label = PlainLabel(self.tr(
            "Does the model really read a whole {0:,}-token window with this setting? It reads a test text "
            "with facts planted in it, on a context of its own: your chat is untouched and stays usable."
        ).format(int(load.get("n_ctx") or 0)))
        self.intro_label.setWordWrap(True)
        set_tone(self.intro_label, "muted")
        self._build_running()
        self._build_result()
        self.rerun_button = QPushButton(self.tr("Run again"))
        self.rerun_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.rerun_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.running_box)
        layout.addWidget(self.result_box)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)
        self._connections: list[tuple[Any, Any]] = [
            (client.progress, self._on_progress), (client.finished, self._on_done), (client.failed, self._on_failed)]
        for signal, slot in self._connections:
            signal.connect(slot)
        self.resize(WIDTH, 200)
        self._placed = False
        self.key = setting_key(load, int(load.get("n_ctx") or 0))
        stored = (db.setting(STORE_KEY, {}) or {}).get(model_key, {}).get(self.key)
        if isinstance(stored, dict) and stored.get("results"):
            self.show_result(stored, from_store=True)
        else:
            self.start()

    def _build_running(self) -> None:
        self.running_box = QWidget()
        self.status_label = PlainLabel()
        self.status_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setFormat("%p%")
        self.progress.setAccessibleName(self.tr("Progress of the check"))
        self.eta_label = PlainLabel()
        set_tone(self.eta_label, "muted")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the check"))
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        box = QVBoxLayout(self.running_box)
        box.setContentsMargins(0, 6, 0, 0)
        box.addWidget(self.status_label)
        box.addLayout(row)
        box.addWidget(self.eta_label)

    def _build_result(self) -> None:
        self.result_box = QWidget()
        self.verdict_label = PlainLabel()
        self.verdict_label.setWordWrap(True)
        set_tone(self.verdict_label, "heading")
        self.advice_label = PlainLabel()
        self.advice_label.setWordWrap(True)
        self.stored_label = PlainLabel()
        self.stored_label.setWordWrap(True)
        set_tone(self.stored_label, "small")
        self.apply_button = QPushButton()
        self.apply_button.hide()
        self.apply_button.clicked.connect(self._apply)
        self.details_button = QToolButton()
        self.details_button.setText(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setAutoRaise(True)
        self.details_button.setAccessibleName(self.tr("Show the measured figures"))
        self.details_button.toggled.connect(self._show_details)
        row = QHBoxLayout()
        row.addWidget(self.apply_button)
        row.addStretch(1)
        row.addWidget(self.details_button)
        box = QVBoxLayout(self.result_box)
        box.setContentsMargins(0, 6, 0, 0)
        box.addWidget(self.verdict_label)
        box.addWidget(self.advice_label)
        box.addWidget(self.stored_label)
        box.addLayout(row)
        self.result_box.hide()
        self.details = QWidget()
        self.facts_label = PlainLabel()
        self.facts_label.setWordWrap(True)
        self.detail_label = PlainLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(180)
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.getPlotItem().invertX(True)  # the newest text on the right, as in the chat
        self.legend = self.plot.addLegend(offset=(10, 10))
        self._apply_colors()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.facts_label)
        details.addWidget(self.plot, 1)
        details.addWidget(self.detail_label)
        self.details.hide()

    def follow(self, reply_busy: SignalInstance, model_changed: SignalInstance) -> None:
        """Hear of the chat's replies (one sent now waits for the check) and loads (they cancel it)."""
        for signal, slot in ((reply_busy, self._reply_busy), (model_changed, self._model_changed)):
            signal.connect(slot)
            self._connections.append((signal, slot))

    # --- running ----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.request_id != 0

    def start(self) -> None:
        self.request_id = self.client.probe(self.load)
        self.result = None
        self.seconds_left = None
        self.progress.setRange(0, 0)  # (busy until the first progress says how much there is)
        self.status_label.setText(self.tr("Waiting for the engine to finish what it is doing…")
                                  if self.client.running_job else self.tr("Starting…"))
        self.eta_label.setText("")
        for w in (self.progress, self.eta_label, self.cancel_button):
            w.show()
        self.cancel_button.setEnabled(True)
        self.cancel_note = ""
        self.running_box.show()
        self.result_box.hide()
        self.details_button.setChecked(False)
        self.rerun_button.setEnabled(False)
        self._fit()

    def cancel(self) -> None:
        """Answers at once ("Cancelling…"); the engine's follows at once on the CPU (llama.cpp's abort
        callback stops the decode), else after the decode running (about a second)."""
        if not self.request_id:
            return
        self.client.cancel(self.request_id)
        self.status_label.setText(self.tr("Cancelling…"))
        for w in (self.progress, self.eta_label):
            w.hide()
        self.cancel_button.setEnabled(False)

    def _on_progress(self, rid: int, data: dict) -> None:
        if rid != self.request_id or data.get("stage") != "probe" or not self.cancel_button.isEnabled():
            return
        if data.get("steps", 1) > 1 and data.get("step", 1) > 1:
            self.status_label.setText(self.tr("Step 2 of 2: measuring an alternative, {0}…").format(setting_label(data["setting"])))
        elif data.get("steps", 1) > 1:
            self.status_label.setText(self.tr("Step 1 of 2: measuring this setting…"))
        else:
            self.status_label.setText(self.tr("Measuring this setting…"))
        if self.reply_waiting:
            self.status_label.setText(self.status_label.text() + " " + self.tr("A reply waits for the check."))
        if data.get("total"):
            self.progress.setRange(0, max(int(data["total"]), 1))
            self.progress.setValue(int(data["done"]))
        self.seconds_left = data.get("seconds_left")
        self._estimated_at = time.monotonic()
        self.eta_label.setText(self.time_left_text(self.seconds_left) if data.get("total") else "")
        if data.get("total") and not self._tick.isActive():
            self._tick.start()

    def _left_now(self) -> float | None:
        if self.seconds_left is None:
            return None
        return max(0.0, self.seconds_left - (time.monotonic() - self._estimated_at))

    def _count_down(self) -> None:
        if self.running and self.seconds_left is not None and self.cancel_button.isEnabled():
            self.eta_label.setText(self.time_left_text(self._left_now()))

    def time_left_text(self, seconds: float | None) -> str:
        if seconds is None:
            return self.tr("Estimating the time left…")
        if seconds < 10:
            return self.tr("A few seconds left")
        if seconds < 60:
            return self.tr("About {0} s left").format(int(round(seconds / 5) * 5))
        if seconds < 600:
            minutes, rest = divmod(int(round(seconds / 30) * 30), 60)
            return (self.tr("About {0} min {1} s left").format(minutes, rest) if rest
                    else self.tr("About {0} min left").format(minutes))
        return self.tr("About {0} min left").format(int(round(seconds / 60)))

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
        self.status_label.setText((self.cancel_note or self.tr("The check was cancelled.")) if error.code == CANCELLED
                                  else self.tr("The check could not run: {0}").format(error.message))
        self._fit()

    def _idle(self) -> None:
        self._tick.stop()
        for w in (self.progress, self.eta_label, self.cancel_button):
            w.hide()
        self.rerun_button.setEnabled(True)
        if self.reply_waiting:  # (the chat's notice said to wait: that no longer holds)
            self.notice.emit("info", self.tr("The setting check has ended: the reply is being written."))
        self.reply_waiting = False

    def _reply_busy(self, busy: bool) -> None:
        if busy and self.running:
            self.reply_waiting = True
            self.status_label.setText(self.tr("A reply waits for the check."))
            left = "" if self.seconds_left is None else " " + self.time_left_text(self._left_now()) + "."
            self.notice.emit("info", self.tr("A setting check is running: the reply starts when it ends.{0} Cancel "
                                             "the check in its window to reply now.").format(left))

    def _model_changed(self, info: dict) -> None:
        if not info and self.running:  # a load began: it waits for nobody, and the check was for the old model
            self.cancel()
            self.cancel_note = self.tr("The check was cancelled: a model is being loaded.")
            self.status_label.setText(self.cancel_note)

    # --- showing ----------------------------------------------------------------------------------

    def show_result(self, result: dict[str, Any], from_store: bool = False) -> None:
        self.result = result
        self._idle()
        self.running_box.hide()
        self.result_box.show()
        headline, advice = self.verdict_words(result)
        self.verdict_label.setText(headline)
        self.advice_label.setText(advice)
        self.advice_label.setVisible(bool(advice))
        self.stored_label.setText(self.tr("Measured earlier for this model and setting; Run again measures anew.")
                                  if from_store else "")
        self.stored_label.setVisible(from_store)
        best = result["results"][result["best"]]
        if result["best"] != 0:
            self.apply_button.setText(self.tr("Use {0}").format(setting_label(best["setting"])))
            self.apply_button.show()
        else:
            self.apply_button.hide()
        self._show_figures(result)
        self._fit()

    def verdict_words(self, result: dict[str, Any]) -> tuple[str, str]:
        """(the verdict in plain words, what to try), from the verdict and the window's facts."""
        verdict, n_ctx, trained = result["verdict"], int(result["n_ctx"]), int(result.get("n_ctx_train") or 0)
        better = setting_label(result["results"][result["best"]]["setting"]) if result["best"] != 0 else ""
        if verdict["kind"] == "reads":
            return (self.tr("This setting works well: the model remembers facts from anywhere in its {0:,}-token "
                            "window.").format(n_ctx), "")
        if verdict["kind"] == "weak":
            headline = self.tr("This setting works for recent text: facts more than about {0:,} tokens back are only "
                               "faintly remembered.").format(int(verdict["weak_beyond"]))
            advice = (self.tr("Try {0}: it remembered more.").format(better) if better else
                      self.tr("No other setting did better; small models often read the oldest part of a long "
                              "window weakly."))
            return headline, advice
        past = (self.tr("past about {0:,} tokens").format(trained) if trained and n_ctx > trained
                else self.tr("in long chats"))
        headline = self.tr("This setting hurts quality: the model does not read this window properly; expect "
                           "confused replies {0}.").format(past)
        if better:
            advice = self.tr("Try {0}: it read the window much better.").format(better)
        elif trained and n_ctx > trained:
            advice = self.tr("Try a context length of {0:,} tokens, what the model was trained for.").format(trained)
        else:
            advice = self.tr("Try a shorter context length, or leave the scaling settings on the model's own values.")
        return headline, advice

    def _show_figures(self, result: dict[str, Any]) -> None:
        """The chart and the numbers, for those who open Details."""
        self.facts_label.setText(self.tr("Model: {0}. Window: {1:,} tokens.").format(result["facts"], result["n_ctx"]))
        self.plot.clear()
        for i, row in enumerate(result["results"][:2]):
            back = [round((1 - d) * row["tokens"]) for d in row["depths"]]
            label = self.tr("this setting") if i == 0 else setting_label(row["setting"])
            self.plot.plot(back, row["needle_gain_nats"], name=label, symbol="o",
                           pen=pg.mkPen(COLORS[i], width=2, style=Qt.PenStyle.SolidLine if i == 0 else Qt.PenStyle.DashLine),
                           symbolBrush=COLORS[i])
        current = result["results"][0]
        lines = [
            self.tr("Recall strength: how much likelier a planted fact's answer is with the text read than without it "
                    "(above about 3 nats the fact was read; around 0 it was not)."),
            self.tr("Mean recall {0:+.1f} nats; last-chunk perplexity {1:.2f} with the whole window, {2:.2f} "
                    "with a short one (lower is better).").format(current["mean_gain"], current["ppl_last_chunk"],
                                                                  current["ppl_short_window"])]
        best = result["results"][result["best"]]
        if result["best"] != 0:
            lines.append(self.tr("{0} did better: {1:+.1f} nats on average.").format(setting_label(best["setting"]), best["mean_gain"]))
        elif len(result["results"]) > 1:
            other = result["results"][1]
            lines.append(self.tr("{0} was no better: {1:+.1f} nats.").format(setting_label(other["setting"]), other["mean_gain"]))
        lines.append(self.tr("Measured in {0:.0f} s.").format(sum(float(r.get("seconds", 0)) for r in result["results"])))
        self.detail_label.setText("\n".join(lines))

    def _show_details(self, shown: bool) -> None:
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.details.setVisible(shown)
        self._fit()

    def _fit(self) -> None:
        """As tall as what is shown (room for the chart under Details), and wholly on the screen."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        height = self.sizeHint().height()
        if self.details.isVisible():
            height = max(height, DETAILS_HEIGHT)
        area = self.screen().availableGeometry() if self.screen() is not None else None
        if area is not None:
            height = min(height, area.height() - 40)  # (a window manager's title bar)
        self.resize(max(self.width(), WIDTH), height)
        if area is not None and self.isVisible():
            frame = self.frameGeometry()
            self.move(min(max(frame.left(), area.left()), area.right() - frame.width()),
                      min(max(frame.top(), area.top()), area.bottom() - frame.height() - 40))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        parent = self.parentWidget()
        if not self._placed and parent is not None:
            # Over the right of the window, below its menu (where the Settings dock usually is):
            # the chat and its message box stay in view.
            self._placed = True
            frame = parent.frameGeometry()
            self.move(frame.right() - self.frameGeometry().width() - 12, frame.top() + 60)
        self._fit()

    def _ink(self) -> str:
        return QApplication.palette().color(QPalette.ColorRole.Text).name()

    def _apply_colors(self) -> None:
        palette = QApplication.palette()
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        for axis, label in (("left", self.tr("recall strength (nats)")),
                            ("bottom", self.tr("tokens back from the end of the window"))):
            self.plot.getAxis(axis).setTextPen(self._ink())
            self.plot.getAxis(axis).setPen(palette.color(QPalette.ColorRole.Mid).name())
            self.plot.setLabel(axis, label, color=self._ink())
        self.legend.setLabelTextColor(self._ink())
        base = palette.color(QPalette.ColorRole.Base)
        base.setAlpha(200)
        self.legend.setBrush(base)  # (the legend may sit over a curve)
        if self.result is not None:
            self._show_figures(self.result)  # the curves' labels take the new colour when drawn anew

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed
            self._apply_colors()

    def _apply(self) -> None:
        if self.result is not None:
            self.apply_requested.emit(dict(self.result["best_rope"]))
            self.accept()

    def done(self, code: int) -> None:  # noqa: D401 - Qt override: closing cancels a running check
        if self.request_id:
            self.client.cancel(self.request_id)
            self.request_id = 0
        for signal, slot in self._connections:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self._connections = []
        super().done(code)
