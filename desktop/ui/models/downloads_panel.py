"""Downloads under way or unfinished: progress (bytes, speed, time left), pause, resume, discard, and
"Load" once a model has arrived."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ...worker.download_lane import DownloadJob, DownloadLane
from ..plain import PlainLabel

ID_ROLE = Qt.ItemDataRole.UserRole


def human_size(n: float) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}" if n < 10 * scale else f"{n / scale:,.0f} {unit}"
    return f"{int(n)} B"


def human_time(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds} s"


class DownloadsPanel(QWidget):
    load_requested = Signal(str)

    def __init__(self, lane: DownloadLane, token: Callable[[], str | None] = lambda: None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane = lane
        self.token = token  # the token typed now (a download resumed after a restart has none of its own)
        self.last_progress: dict[int, dict] = {}
        self.done_paths: dict[int, str] = {}
        self.title = PlainLabel(self.tr("Downloads"))
        self.title.setProperty("tone", "strong")
        self.list = QListWidget()
        self.list.setMaximumHeight(72)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.line = PlainLabel()
        self.line.setWordWrap(True)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Stop for now; the part downloaded is kept and the download resumes "
                                             "from there"))
        self.pause_button.clicked.connect(lambda: self._act("pause"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.clicked.connect(lambda: self._act("resume"))
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setToolTip(self.tr("Stop and delete the part downloaded"))
        self.discard_button.clicked.connect(lambda: self._act("discard"))
        self.load_button = QPushButton(self.tr("Load this model"))
        self.load_button.clicked.connect(lambda: self._act("load"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.bar, 1)
        for button in (self.pause_button, self.resume_button, self.discard_button, self.load_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.line)
        lane.progress.connect(self._progress)
        lane.changed.connect(self.refresh)
        lane.finished.connect(self._finished)
        lane.failed.connect(self._failed)
        self.refresh()

    def selected_id(self) -> int:
        item = self.list.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else 0

    def refresh(self) -> None:
        keep = self.selected_id()
        self.list.clear()
        for job in self.lane.jobs.values():
            item = QListWidgetItem(self._job_text(job))
            item.setData(ID_ROLE, job.id)
            self.list.addItem(item)
            if job.id == keep or (not keep and job.state == "running"):
                self.list.setCurrentItem(item)
        for job_id, path in self.done_paths.items():
            item = QListWidgetItem(self.tr("{0}: downloaded").format(path))
            item.setData(ID_ROLE, job_id)
            self.list.addItem(item)
            if job_id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.setVisible(self.list.count() > 0)
        self._update_buttons()

    def _job_text(self, job: DownloadJob) -> str:
        states = {"queued": self.tr("waiting"), "running": self.tr("downloading"), "paused": self.tr("paused"),
                  "failed": self.tr("stopped"), "damaged": self.tr("damaged")}
        done = self.last_progress.get(job.id, {}).get("done", job.spec.bytes_on_disk() if job.state != "running" else 0)
        text = self.tr("{0} ({1}) from {2}: {3}, {4} of {5}").format(
            job.spec.name, job.spec.quant or "?", job.spec.repo_id, states.get(job.state, job.state),
            human_size(done), human_size(job.spec.size))
        return text + (f" - {job.message}" if job.message and job.message != "cancelled" else "")

    def _progress(self, job_id: int, p: dict) -> None:
        self.last_progress[job_id] = p
        job = self.lane.jobs.get(job_id)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if job is not None and item.data(ID_ROLE) == job_id:
                item.setText(self._job_text(job))
        if job_id != self.selected_id():
            return
        total = max(int(p["total"]), 1)
        self.bar.setValue(int(int(p["done"]) * 1000 / total))
        if p["phase"] == "verify":
            self.line.setText(self.tr("Checking {0} against the hub's SHA-256...").format(p["file"]))
        else:
            self.line.setText(self.tr("{0}: {1} of {2}, {3}/s, {4} left").format(
                p["file"], human_size(p["done"]), human_size(p["total"]), human_size(p["bytes_per_s"]),
                human_time(p["seconds_left"])))

    def _finished(self, job_id: int, path: str) -> None:
        self.done_paths[job_id] = path
        self.last_progress.pop(job_id, None)
        self.refresh()
        self.bar.setValue(self.bar.maximum())
        self.line.setText(self.tr("Downloaded and checked: {0}").format(path))

    def _failed(self, job_id: int, message: str) -> None:
        self.refresh()
        self.line.setText(self.tr("Download paused; it resumes from where it stopped.") if message == "cancelled"
                          else message)

    def _update_buttons(self) -> None:
        job = self.lane.jobs.get(self.selected_id())
        active = job is not None and job.state in ("queued", "running")
        self.pause_button.setEnabled(active)
        self.resume_button.setEnabled(job is not None and not active)
        self.discard_button.setEnabled(job is not None)
        self.load_button.setEnabled(self.selected_id() in self.done_paths)

    def _act(self, action: str) -> None:
        job_id = self.selected_id()
        job = self.lane.jobs.get(job_id)
        if action == "load" and job_id in self.done_paths:
            self.load_requested.emit(self.done_paths[job_id])
        elif job is None:
            return
        elif action == "pause":
            self.lane.cancel(job_id)
        elif action == "discard":
            self.lane.cancel(job_id, discard=True)
        elif action == "resume":
            self.lane.start(job.spec, self.token() or job.token)
