""""Get models": search Hugging Face for GGUF repos, list a repo's models by quantization, check a
model's fit from its remote header before downloading it, and download it (see downloads_panel).

On opening, a quick reach check (hub.reach, under 2 s) decides what shows: the most downloaded GGUF
repos, or, offline, the reason in plain words with Retry and the models already on disk (offline_panel)."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...engine.config import LoadConfig
from ...hub.client import HubClient, RepoDetails, RepoSummary, hub_endpoint
from ...hub.download import DownloadSpec
from ...hub.files import GgufEntry
from ...hub.reach import PATIENT_TIMEOUT, QUICK_TIMEOUT, Reach, check_hub
from ...hub.remote_header import RemoteFacts, read_remote_facts
from ...models import models_dir
from ...monitor.fit import AutoFit, FitVerdict, auto_fit, fit_verdict, usable_context
from ...monitor.planner import GpuBackend
from ...monitor.shape import ModelShape
from ...worker.download_lane import DownloadLane
from ..plain import PlainLabel, plain_tooltip
from ..settings.fit_badge import TONES
from ..sizing import resize_within_screen
from ..theme import set_tone
from .downloads_panel import DownloadsPanel, human_size
from .net_tasks import NetFailure, NetTasks
from .offline_panel import OfflinePanel, RecentModels, describe_problem

# current settings, free VRAM per GPU, available RAM, what the GPUs' backend cannot run (None: nothing known)
FitInputs = Callable[[], tuple[LoadConfig, list[int], int, GpuBackend | None]]
ENTRY_ROLE = Qt.ItemDataRole.UserRole
log = logging.getLogger("fireside.hub")


class ModelBrowser(QDialog):
    load_requested = Signal(str)  # a downloaded model's path

    def __init__(self, lane: DownloadLane, fit_inputs: FitInputs, parent: QWidget | None = None,
                 recent: RecentModels | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Get models"))
        resize_within_screen(self, 1100, 720)
        self.lane = lane
        self.fit_inputs = fit_inputs
        self.tasks = NetTasks(self)
        self.tasks.done.connect(self._task_done)
        self.tasks.failed.connect(self._task_failed)
        self.details: RepoDetails | None = None
        self.remote: RemoteFacts | None = None
        self.fit: tuple[FitVerdict, AutoFit] | None = None
        self.online: bool | None = None  # None: not checked yet
        self.searched = False  # a search was asked for (the automatic first one is then not needed)

        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search Hugging Face for GGUF models (e.g. Mistral, Llama 3 8B, roleplay)"))
        self.query.returnPressed.connect(self.search)
        self.sort = QComboBox()
        for key, label in (("downloads", self.tr("Most downloaded")), ("last_modified", self.tr("Recently updated")),
                           ("likes", self.tr("Most liked"))):
            self.sort.addItem(label, key)
        self.sort.currentIndexChanged.connect(self.search)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.search)
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("Hugging Face token (only for gated or private repos; not saved)"))
        self.status = PlainLabel()
        self.status.setWordWrap(True)

        self.results = QListWidget()
        self.results.currentItemChanged.connect(self._repo_chosen)
        self.repo_title = PlainLabel()
        self.repo_title.setProperty("tone", "heading")
        self.repo_title.setWordWrap(True)
        self.summary = PlainLabel()
        self.summary.setWordWrap(True)
        self.files = QTreeWidget()
        self.files.setHeaderLabels([self.tr("Model file"), self.tr("Size")])
        self.files.setColumnWidth(0, 560)
        self.files.currentItemChanged.connect(self._file_chosen)
        self.fit_label = PlainLabel()
        self.fit_label.setWordWrap(True)
        self.fit_label.setContentsMargins(6, 4, 6, 4)
        self.facts_label = PlainLabel()
        self.facts_label.setWordWrap(True)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setEnabled(False)
        self.download_button.clicked.connect(self.download)
        self.downloads = DownloadsPanel(lane, lambda: self.token.text().strip() or None)
        self.downloads.load_requested.connect(self.load_requested)

        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.sort)
        top.addWidget(self.search_button)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.repo_title, self.summary):
            column.addWidget(widget)
        column.addWidget(self.files, 1)
        column.addWidget(self.fit_label)
        column.addWidget(self.facts_label)
        column.addWidget(self.download_button)
        split = QSplitter()
        split.addWidget(self.results)
        split.addWidget(right)
        split.setSizes([380, 720])
        self.offline = OfflinePanel(recent)
        self.offline.retry_requested.connect(self.retry)
        self.offline.load_requested.connect(self.load_requested)
        self.pages = QStackedWidget()
        self.pages.addWidget(split)
        self.pages.addWidget(self.offline)
        self.browse_page = split
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.token)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.downloads, 0)
        self._show_repo(None)

    # --- the three lookups ------------------------------------------------------------------------

    def client(self) -> HubClient:
        return HubClient(self.token.text().strip() or None)

    def check_connection(self, patient: bool = False) -> None:
        """Is the hub reachable? Answers within QUICK_TIMEOUT (PATIENT_TIMEOUT when `patient`)."""
        endpoint = hub_endpoint()
        self.offline.set_checking(True)
        if self.online is not True:
            self.status.setText(self.tr("Checking the connection to {0}...").format(endpoint))
        timeout = PATIENT_TIMEOUT if patient else QUICK_TIMEOUT
        self.tasks.run("reach", lambda: (patient, check_hub(endpoint, timeout)))

    def retry(self) -> None:
        self.searched = False  # when the hub answers, the search the user wanted runs
        self.check_connection()

    def search(self) -> None:
        if self.online is False:  # offline: check first; the search follows when the hub answers
            self.retry()
            return
        self.searched = True
        client, text, sort = self.client(), self.query.text(), self.sort.currentData()
        self.status.setText(self.tr("Searching {0}...").format(hub_endpoint()))
        self.search_button.setEnabled(False)
        self.tasks.forget("repo")
        self.results.clear()  # (an answer still coming for an older search is dropped)
        self.tasks.run("search", lambda: client.search(text, sort))

    def _reached(self, patient: bool, reach: Reach) -> None:
        self.offline.set_checking(False)
        if reach.ok:
            self.online = True
            self.pages.setCurrentWidget(self.browse_page)
            if not self.searched:  # the most downloaded GGUF repos (or the search typed while offline)
                self.search()
            return
        self._show_offline(reach.problem, reach.host, reach.detail, reach.seconds, reach.via_proxy)
        if reach.problem == "timeout" and not patient:  # maybe only slow: look again with more patience
            self.check_connection(patient=True)
            self.status.setText(self.tr("Still trying, with a longer wait..."))

    def _show_offline(self, reason: str, host: str, detail: str, seconds: float = 0.0, via_proxy: bool = False) -> None:
        log.info("Get models offline: %s (%s)", reason, detail)
        self.online = False
        self.search_button.setEnabled(True)
        self.offline.show_problem(reason, host, detail, seconds)
        if via_proxy:
            self.offline.reason.setText(self.offline.reason.text() + " " + self.tr(
                "(Fireside connects through the proxy {0}, set in the environment.)").format(host))
        self.pages.setCurrentWidget(self.offline)
        self.status.setText("")
        self.status.setToolTip("")

    def _repo_chosen(self, item: QListWidgetItem | None) -> None:
        self._show_repo(None)
        if item is None:
            return
        repo: RepoSummary = item.data(ENTRY_ROLE)
        client = self.client()
        self.repo_title.setText(repo.repo_id)
        self.status.setText(self.tr("Reading the file list of {0}...").format(repo.repo_id))
        self.tasks.forget("header")
        self.tasks.run("repo", lambda: client.repo(repo.repo_id))

    def _file_chosen(self, item: QTreeWidgetItem | None) -> None:
        self.remote, self.fit = None, None
        entry = item.data(0, ENTRY_ROLE) if item is not None else None
        self.download_button.setEnabled(False)
        self.tasks.forget("header")
        if not isinstance(entry, GgufEntry) or self.details is None:
            self.fit_label.setText("")
            set_tone(self.fit_label, "")
            self.facts_label.setText("")
            return
        if not entry.complete:
            self.fit_label.setText(self.tr("Parts of this model are missing from the repo: {0}").format(", ".join(entry.missing)))
            return
        client, details = self.client(), self.details
        set_tone(self.fit_label, "")
        self.fit_label.setText(self.tr("Reading the model's header to check the fit..."))
        self.facts_label.setText("")
        self.tasks.run("header", lambda: (entry, read_remote_facts(client, details.repo_id, details.revision, entry)))

    def _task_done(self, kind: str, result: Any) -> None:
        if kind == "reach":
            self._reached(*result)
            return
        self.status.setToolTip("")
        if kind == "search":
            self.search_button.setEnabled(True)
            self.online = True  # (a reach check still under way cannot say otherwise now)
            self.tasks.forget("reach")
            self.offline.set_checking(False)
            self.pages.setCurrentWidget(self.browse_page)
            self._show_results(result)
        elif kind == "repo":
            self.status.setText("")
            self._show_repo(result)
        elif kind == "header":
            entry, remote = result
            if self.selected_entry() == entry:
                self._show_fit(entry, remote)

    def _task_failed(self, kind: str, failure: NetFailure) -> None:
        if kind == "search":
            self.search_button.setEnabled(True)
        message = failure.message
        if failure.reason:  # the network failed: plain words, the technical cause in the tooltip and the log
            message = self.tr("Hugging Face did not answer: {0} Try again.").format(
                describe_problem(failure.reason, urlsplit(hub_endpoint()).hostname or hub_endpoint()))
            if kind == "search":
                self.check_connection()  # offline after all? then the offline page says so
        if kind == "header":
            set_tone(self.fit_label, TONES["does not fit"])
            self.fit_label.setText(self.tr("Cannot check this file: {0}").format(message))
        self.status.setText(message)
        self.status.setToolTip(plain_tooltip(failure.detail) if failure.detail else "")

    # --- showing results -------------------------------------------------------------------------

    def _show_results(self, repos: list[RepoSummary]) -> None:
        self.results.clear()
        for repo in repos:
            line = self.tr("{0}\n{1} downloads · {2} likes · {3}").format(repo.repo_id, f"{repo.downloads:,}",
                                                                          f"{repo.likes:,}", repo.updated)
            if repo.license:
                line += " · " + repo.license
            if repo.gated:
                line += " · " + self.tr("gated (needs a token)")
            item = QListWidgetItem(line)
            item.setData(ENTRY_ROLE, repo)
            self.results.addItem(item)
        self.status.setText(self.tr("{0} repositories found.").format(len(repos)) if repos
                            else self.tr("No GGUF repositories found for this search."))

    def _show_repo(self, details: RepoDetails | None) -> None:
        self.details = details
        self.files.clear()
        self._file_chosen(None)
        if details is None:
            self.summary.setText("")
            return
        license_text = self.tr("License: {0}").format(details.license or self.tr("not stated"))
        self.summary.setText(f"{details.summary}\n{license_text}" if details.summary else license_text)
        groups: dict[str, QTreeWidgetItem] = {}
        for entry in details.entries:
            group = groups.get(entry.quant)
            if group is None:
                group = groups[entry.quant] = QTreeWidgetItem(self.files, [entry.quant, ""])
            name = entry.name if len(entry.parts) == 1 else self.tr("{0} ({1} parts)").format(entry.name, len(entry.parts) + len(entry.missing))
            item = QTreeWidgetItem(group, [name, human_size(entry.size)])
            item.setData(0, ENTRY_ROLE, entry)
            item.setToolTip(0, html.escape("\n".join(p.filename for p in entry.parts)))
        self.files.expandAll()
        if not details.entries:
            self.status.setText(self.tr("This repository has no GGUF model files."))

    def selected_entry(self) -> GgufEntry | None:
        item = self.files.currentItem()
        entry = item.data(0, ENTRY_ROLE) if item is not None else None
        return entry if isinstance(entry, GgufEntry) else None

    def _show_fit(self, entry: GgufEntry, remote: RemoteFacts) -> None:
        self.remote = remote
        config, gpu_free, ram, backend = self.fit_inputs()
        shape = ModelShape.from_facts(remote.facts)
        verdict_ = fit_verdict(shape, config, gpu_free, ram, backend=backend)
        fit = auto_fit(shape, config, gpu_free, ram, usable_context(remote.facts.n_ctx_train, config),
                       backend=backend)
        self.fit = (verdict_, fit)
        names = {"fits": self.tr("fits"), "tight": self.tr("tight"), "does not fit": self.tr("does not fit")}
        set_tone(self.fit_label, TONES[verdict_.state])
        self.fit_label.setText(self.tr("With your settings ({0} context): {1} ({2}). Best fit: {3}.").format(
            f"{config.n_ctx:,}", names[verdict_.state], "; ".join(verdict_.details), self.describe_fit(fit)))
        f = remote.facts
        self.facts_label.setText(self.tr("{0}. {1} layers, trained context {2}, {3}. Header read: {4} of {5}.").format(
            f.name or f.architecture, f.n_layers, f"{f.n_ctx_train:,}", f.file_type, human_size(remote.bytes_read),
            human_size(entry.size)))
        self.download_button.setEnabled(True)

    def describe_fit(self, fit: AutoFit) -> str:
        if not fit.n_ctx:
            return self.tr("does not fit in this computer's memory, even on the CPU")
        ctx = f"{fit.n_ctx:,}"
        if fit.all_on_gpu:
            return self.tr("all {0} layers on the GPU at {1} context").format(fit.n_layers, ctx)
        if fit.gpu_layers == 0:
            return self.tr("CPU only at {0} context").format(ctx)
        return self.tr("{0} of {1} layers on the GPU at {2} context").format(min(fit.gpu_layers, fit.n_layers),
                                                                              fit.n_layers, ctx)

    # --- download --------------------------------------------------------------------------------

    def download(self) -> int:
        entry = self.selected_entry()
        if entry is None or self.details is None or not entry.complete:
            return 0
        spec = DownloadSpec(self.details.repo_id, self.details.revision, list(entry.parts), str(models_dir()),
                            entry.quant)
        job_id = self.lane.start(spec, self.token.text().strip() or None)
        self.status.setText(self.tr("Downloading {0} into {1}").format(spec.name, spec.dest_dir))
        return job_id

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.online is not True:  # first opened, or offline last time: look again
            self.check_connection()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        for kind in ("reach", "search", "repo", "header"):
            self.tasks.forget(kind)
        super().closeEvent(event)
