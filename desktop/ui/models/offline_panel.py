"""What Get models shows when Hugging Face cannot be reached: the reason in plain words (the technical
cause in a tooltip), Retry, and the models already on this computer, any of which can be loaded."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...engine.metadata import split_part_names
from ...models import list_models, models_dir
from ..plain import PlainLabel, plain_tooltip
from .downloads_panel import human_size

PATH_ROLE = Qt.ItemDataRole.UserRole
RecentModels = Callable[[], list[tuple[str, float]]]  # (path, last used), newest first


def describe_problem(reason: str, host: str, seconds: float = 0.0) -> str:
    """A network failure (a hub.reach problem code) in words a person can act on."""
    # (each string spelled out in a translate() call, so lupdate finds it)
    words = {
        "dns": QCoreApplication.translate(
            "OfflinePanel", "The address {0} could not be looked up: this computer seems to have no internet "
            "connection (or its DNS server does not answer)."),
        "refused": QCoreApplication.translate("OfflinePanel", "{0} refused the connection: nothing answers there."),
        "timeout": QCoreApplication.translate(
            "OfflinePanel", "{0} did not answer within {1:.0f} s: no connection, or a firewall in the way."),
        "unreachable": QCoreApplication.translate(
            "OfflinePanel", "The network is unreachable: this computer is not connected."),
        "cut": QCoreApplication.translate("OfflinePanel", "The connection to {0} was cut off before the answer came."),
        "tls": QCoreApplication.translate(
            "OfflinePanel", "The secure connection to {0} failed: a proxy or firewall in between, or a wrong "
            "system clock."),
        "offline_mode": QCoreApplication.translate(
            "OfflinePanel", "Hugging Face is switched off on this computer (the HF_HUB_OFFLINE setting)."),
    }
    text = words.get(reason) or QCoreApplication.translate("OfflinePanel", "The connection to {0} failed.")
    return text.format(host, max(seconds, 1.0))


def local_models(recent: list[tuple[str, float]], folder: list[Path]) -> list[tuple[str, str, int, float]]:
    """(first file, name, bytes, last used or 0) for the recent models that still exist, then the models
    folder's; a split model once, by its first part, with the size of all its parts."""
    used = dict(recent)
    seen: set[str] = set()
    found = []
    for path in [*used, *(str(p) for p in folder)]:
        p = Path(path)
        names = split_part_names(p.name)
        first = str(p.with_name(names[0]))
        if first in seen or not Path(first).is_file():
            continue
        seen.add(first)
        size = sum(q.stat().st_size for q in (p.with_name(n) for n in names) if q.is_file())
        name = Path(first).name if len(names) == 1 else QCoreApplication.translate(
            "OfflinePanel", "{0} ({1} parts)").format(Path(first).name, len(names))
        found.append((first, name, size, used.get(path) or used.get(first) or 0.0))
    return found


class OfflinePanel(QWidget):
    retry_requested = Signal()
    load_requested = Signal(str)  # a model file's path

    def __init__(self, recent: RecentModels | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recent = recent or (lambda: [])
        self.heading = PlainLabel(self.tr("You are offline (or Hugging Face cannot be reached)."))
        self.heading.setObjectName("offline_heading")
        self.heading.setProperty("tone", "heading")  # (the look comes from the app's style sheet)
        self.heading.setWordWrap(True)
        self.reason = PlainLabel()
        self.reason.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setAccessibleName(self.tr("Retry connecting to Hugging Face"))
        self.retry_button.clicked.connect(self.retry_requested)
        self.local_title = PlainLabel(self.tr("Models already on this computer: load one to keep going."))
        self.local_title.setWordWrap(True)
        self.models = QTreeWidget()
        self.models.setAccessibleName(self.tr("Models on this computer"))
        self.models.setHeaderLabels([self.tr("Model file"), self.tr("Size"), self.tr("Last used")])
        self.models.setRootIsDecorated(False)
        self.models.setColumnWidth(0, 460)
        self.models.itemActivated.connect(lambda _item, _col: self.load_selected())  # double-click or Enter
        self.models.currentItemChanged.connect(lambda item, _old: self.load_button.setEnabled(item is not None))
        self.empty = PlainLabel()
        self.empty.setWordWrap(True)
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.setAccessibleName(self.tr("Load the selected model"))
        self.load_button.setEnabled(False)
        self.load_button.clicked.connect(self.load_selected)

        top = QHBoxLayout()
        top.addWidget(self.reason, 1)
        top.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.addWidget(self.empty, 1)
        bottom.addWidget(self.load_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(self.local_title)
        layout.addWidget(self.models, 1)
        layout.addLayout(bottom)

    def show_problem(self, reason: str, host: str, detail: str, seconds: float = 0.0) -> None:
        self.reason.setText(describe_problem(reason, host, seconds))
        self.reason.setToolTip(plain_tooltip(detail))  # the technical cause, for those who look
        self.refresh()

    def set_checking(self, checking: bool) -> None:
        self.retry_button.setEnabled(not checking)
        self.retry_button.setText(self.tr("Checking...") if checking else self.tr("Retry"))

    def refresh(self) -> None:
        self.models.clear()
        for path, name, size, used in local_models(self.recent(), list_models()):
            item = QTreeWidgetItem([name, human_size(size),
                                    time.strftime("%Y-%m-%d %H:%M", time.localtime(used)) if used else ""])
            item.setData(0, PATH_ROLE, path)
            item.setToolTip(0, plain_tooltip(path))
            self.models.addTopLevelItem(item)
        count = self.models.topLevelItemCount()
        if count:
            self.models.setCurrentItem(self.models.topLevelItem(0))
            self.empty.setText(self.tr("Models folder: {0}").format(models_dir()))
        else:
            self.empty.setText(self.tr("No models on this computer yet ({0}). Once you are online, search above "
                                       "and download one.").format(models_dir()))
        self.load_button.setEnabled(count > 0)

    def model_paths(self) -> list[str]:
        return [self.models.topLevelItem(i).data(0, PATH_ROLE) for i in range(self.models.topLevelItemCount())]

    def load_selected(self) -> None:
        item = self.models.currentItem()
        if item is not None:
            self.load_requested.emit(item.data(0, PATH_ROLE))
