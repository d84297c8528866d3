"""The window's model library: Get models (the Hugging Face browser), downloads that outlive the app,
and deleting a model file."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import psutil
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from ...engine.config import LoadConfig
from ...engine.metadata import split_part_names
from ...monitor.planner import GpuBackend
from ...storage.database import Database
from ...worker.download_lane import DownloadLane
from .downloads_panel import human_size

if TYPE_CHECKING:  # the browser brings huggingface_hub (tenths of a second to import): opened on demand
    from ..chat.controller import ChatController
    from ..memory_panel import MemoryDock
    from ..settings.panel import SettingsPanel
    from .model_browser import ModelBrowser

log = logging.getLogger("fireside.ui")
DOWNLOADS_KEY = "downloads"  # app setting: the unfinished downloads (DownloadSpec dicts)


class ModelLibrary(QObject):
    """Built with what it reads (the settings' values and the memory free, for the fit check before a
    download); says `models_changed` when a file came or went, and `notice(level, text)`."""

    notice = Signal(str, str)  # level, text (see ui.banner)
    models_changed = Signal()

    def __init__(self, db: Database, controller: ChatController, settings: SettingsPanel, memory: MemoryDock,
                 status_bar: QStatusBar, dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.db, self.controller, self.settings, self.memory = db, controller, settings, memory
        self.status_bar, self.dialog_parent = status_bar, dialog_parent
        self.downloads = DownloadLane(store=self._save_downloads, parent=self)
        self.downloads.finished.connect(self._download_finished)
        self.downloads.failed.connect(self._download_failed)
        self.model_browser: ModelBrowser | None = None

    def _save_downloads(self, items: list[dict]) -> None:
        self.db.set_setting(DOWNLOADS_KEY, items)

    def resume_downloads(self) -> list[int]:
        """Downloads cut off when the app last closed start again where they stopped."""
        saved = self.db.setting(DOWNLOADS_KEY, [])
        if not isinstance(saved, list) or not saved:
            return []
        ids = self.downloads.resume_saved([s for s in saved if isinstance(s, dict)])
        if ids:
            self.status_bar.showMessage(QCoreApplication.translate("ModelLibrary", "Resuming {0} unfinished download(s); see File > Get models.").format(len(ids)), 10000)
        return ids

    def open_model_browser(self) -> ModelBrowser:
        from .model_browser import ModelBrowser

        if self.model_browser is None:
            self.model_browser = ModelBrowser(self.downloads, self._fit_inputs, self.dialog_parent, recent=self.db.recent_model_rows)
            self.model_browser.load_requested.connect(self._load_downloaded)
        self.model_browser.show()
        self.model_browser.raise_()
        return self.model_browser

    def _fit_inputs(self) -> tuple[LoadConfig, list[int], int, GpuBackend | None]:
        """The settings in the panel, and the memory free for a model (what the loaded one uses counts as free)."""
        load, _sampler, _problems = self.settings.values()
        try:
            config = LoadConfig.from_dict({**load, "model_path": ""})
        except (TypeError, ValueError):
            config = LoadConfig("")
        ram = self.memory.ram_available or psutil.virtual_memory().available
        return config, list(self.memory.gpu_free), ram, self.memory.gpu_backend

    def _load_downloaded(self, path: str) -> None:
        self.controller.load_model(path)
        if self.model_browser is not None:
            self.model_browser.hide()

    def _download_finished(self, _job_id: int, path: str) -> None:
        self.models_changed.emit()
        self.notice.emit("info", QCoreApplication.translate("ModelLibrary", "Downloaded {0}. Load it from Get models or from the list of models.").format(Path(path).name))

    def _download_failed(self, _job_id: int, message: str) -> None:
        if message != "cancelled":
            self.notice.emit("warning", QCoreApplication.translate("ModelLibrary", "Download stopped: {0}").format(message))

    def delete_model(self, path: str) -> bool:
        """Delete a model file (every part of a split model) after asking; not the loaded one."""
        p = Path(path)
        parts = [p.with_name(n) for n in split_part_names(p.name) if p.with_name(n).exists()]
        loaded = (self.controller.load_config or {}).get("model_path", "")
        if loaded and Path(loaded).resolve() in {q.resolve() for q in parts}:
            QMessageBox.information(self.dialog_parent, QCoreApplication.translate("ModelLibrary", "Delete model"), QCoreApplication.translate("ModelLibrary", "{0} is loaded. Load another model first.").format(p.name))
            return False
        size = sum(q.stat().st_size for q in parts)
        box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("ModelLibrary", "Delete model"),
                          QCoreApplication.translate("ModelLibrary", "Delete {0} ({1}) from the disk?\n\n{2}").format(p.name, human_size(size),
                                                                            "\n".join(str(q) for q in parts)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.dialog_parent)
        box.setObjectName("delete_model_box")
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        try:
            for q in parts:
                q.unlink()
        except OSError as exc:
            log.warning("could not delete %s: %s", path, exc)
            self.notice.emit("error", QCoreApplication.translate("ModelLibrary", "Could not delete {0}: {1}").format(p.name, exc.strerror or exc))
            return False
        self.db.forget_recent_model(path)
        log.info("deleted model %s (%d file(s), %d bytes)", path, len(parts), size)
        self.models_changed.emit()
        return True
