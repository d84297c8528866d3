"""What the window shows when the engine process died: the cause in plain words, that the chats are
kept, and the actions most likely to help as buttons (settings changes, or a plain restart)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton, QVBoxLayout, QWidget

from ..storage.paths import log_dir
from ..worker.crash_report import adjusted_config
from ..worker.protocol import CrashReport
from .plain import PlainLabel, plain_tooltip

LABELS = {  # (the keys of worker.crash_report.ACTIONS)
    "fewer_gpu_layers": QT_TRANSLATE_NOOP("EngineNotice", "Use fewer GPU layers"),
    "shorter_context": QT_TRANSLATE_NOOP("EngineNotice", "Use a shorter context"),
    "quantized_kv": QT_TRANSLATE_NOOP("EngineNotice", "Use a smaller KV cache (8-bit)"),
    "flash_attn_off": QT_TRANSLATE_NOOP("EngineNotice", "Turn flash attention off"),
    "without_gone_servers": QT_TRANSLATE_NOOP("EngineNotice", "Go on without that computer"),
    "restart": QT_TRANSLATE_NOOP("EngineNotice", "Restart the engine"),
}


def _label(action: str) -> str:
    return QCoreApplication.translate("EngineNotice", LABELS[action])


class EngineNotice(QFrame):
    action_chosen = Signal(str, dict)  # action key, the load settings it asks for ({} without a model)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EngineNotice")
        self.text = PlainLabel()
        self.text.setWordWrap(True)
        close = QToolButton()
        close.setText("×")
        close.setToolTip(self.tr("Hide this notice"))
        close.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.addWidget(self.text, 1)
        top.addWidget(close)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addLayout(self.buttons)
        self.report: CrashReport | None = None
        self.hide()

    def show_report(self, report: CrashReport, config: dict[str, Any], n_layers: int = 0) -> None:
        self.report = report
        kept = self.tr("Your chats are kept; a reply that was streaming is kept as far as it got.")
        self.text.setText(self.tr("The engine stopped: {0}. {1}").format(report.cause, kept))
        self.setToolTip(plain_tooltip("\n".join(report.log_tail[-15:])))
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for action in self.actions_for(report, config, n_layers):
            settings = adjusted_config(action, config, n_layers, report.gone_servers) if config else {}
            button = QPushButton(_label(action))
            button.setObjectName(f"engine_action_{action}")
            button.clicked.connect(lambda _=False, a=action, s=settings: self._choose(a, s or {}))
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        logs = QPushButton(self.tr("Open the logs folder"))
        logs.setToolTip(self.tr("The engine's log (engine-*.log) has the lines before it stopped."))
        logs.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir()))))
        self.buttons.addWidget(logs)
        self.show()

    @staticmethod
    def actions_for(report: CrashReport, config: dict[str, Any], n_layers: int) -> list[str]:
        """The report's actions that can help with these settings; "restart" always, last."""
        helpful = [a for a in report.actions
                   if a != "restart" and config and adjusted_config(a, config, n_layers, report.gone_servers)]
        return helpful + ["restart"]

    def _choose(self, action: str, settings: dict[str, Any]) -> None:
        self.hide()
        self.action_chosen.emit(action, settings)
