"""File > Export / Import chat and deleting a chat: run as background jobs with a progress bar and
Cancel in the status bar, so a chat of 100,000 messages never freezes the window."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QProgressBar, QPushButton, QStatusBar, QWidget

from ...storage import chat_files
from ...storage.database import Database
from ..jobs import BackgroundJobs, Job

if TYPE_CHECKING:
    from .controller import ChatController

log = logging.getLogger("fireside.ui")

SMALL_CHAT = 5000  # chats up to this many messages are deleted at once, larger ones in the background


class ChatFiles(QObject):
    """The window's chat files. Its progress bar and Cancel sit in `status_bar`; file dialogs open
    over `dialog_parent`; what the user should read goes out as `notice(level, text)`."""

    notice = Signal(str, str)  # level, text (see ui.banner)
    chats_changed = Signal()  # a chat was deleted in the background: the list is out of date

    def __init__(self, db: Database, controller: ChatController, status_bar: QStatusBar, dialog_parent: QWidget) -> None:
        super().__init__(dialog_parent)
        self.db, self.controller, self.dialog_parent = db, controller, dialog_parent
        self._import_name = ""
        self.jobs = BackgroundJobs(self)
        self.job_bar = QProgressBar()
        self.job_bar.setMaximumWidth(260)
        self.job_bar.hide()
        self.job_cancel = QPushButton(QCoreApplication.translate("ChatFiles", "Cancel"))
        self.job_cancel.hide()
        self.job_cancel.clicked.connect(self.jobs.cancel)
        status_bar.addPermanentWidget(self.job_bar)
        status_bar.addPermanentWidget(self.job_cancel)
        self.jobs.progress.connect(self._job_progress)
        self.jobs.finished.connect(self._job_finished)
        self.jobs.failed.connect(self._job_failed)

    def finish_leftovers(self) -> None:
        """At start, once the window listens: finish removing what a crash left half imported or deleted."""
        leftovers = self.db.hidden_chats()
        if leftovers:  # an import or delete cut short by a crash: finish removing it
            log.info("removing %d unfinished chat(s) left by an interrupted import or delete", len(leftovers))
            self._run("cleanup", lambda progress, cancelled: [
                chat_files.delete_chat(self.db.path, chat_id, progress, cancelled) for chat_id in leftovers])

    def _say_busy(self) -> None:
        self.notice.emit("warning", QCoreApplication.translate("ChatFiles", "Wait for the current import, export or delete to finish (or cancel it)."))

    def _run(self, kind: str, job: Job) -> bool:
        if not self.jobs.start(kind, job):
            self._say_busy()
            return False
        self.job_bar.setRange(0, 0)
        self.job_bar.setFormat({"import": QCoreApplication.translate("ChatFiles", "Importing %p%"), "export": QCoreApplication.translate("ChatFiles", "Exporting %p%")}.get(kind, QCoreApplication.translate("ChatFiles", "Deleting %p%")))
        self.job_bar.show()
        self.job_cancel.setVisible(kind in ("import", "export"))
        return True

    def export_chat(self, path: str = "") -> bool:
        conv = self.controller.conv
        if conv is None or conv.id is None:
            return False
        if not path:
            path, _ = QFileDialog.getSaveFileName(self.dialog_parent, QCoreApplication.translate("ChatFiles", "Export chat"), f"{conv.title}.jsonl",
                                                  QCoreApplication.translate("ChatFiles", "SillyTavern chats (*.jsonl)"))
        if not path:
            return False
        self.controller.flush()  # a reply still streaming is exported as shown
        name = self.controller.parts().character_name
        return self._run("export", partial(chat_files.export_chat, self.db.path, conv.id, name, path))

    def import_chat(self, path: str = "") -> bool:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self.dialog_parent, QCoreApplication.translate("ChatFiles", "Import chat"), "", QCoreApplication.translate("ChatFiles", "SillyTavern chats (*.jsonl)"))
        if not path:
            return False
        model = self.controller.load_config.get("model_path", "")
        self._import_name = Path(path).name
        return self._run("import", partial(chat_files.import_chat, self.db.path, path, model))

    def delete_chat(self, chat_id: int) -> bool:
        """Delete a chat: at once when small, in the background (hidden first) when large."""
        if self.db.message_counts().get(chat_id, 0) <= SMALL_CHAT:
            self.controller.delete_conversation(chat_id)
            return True
        if self.jobs.running:  # checked before the chat is hidden: hidden with no job to delete it, it would linger
            self._say_busy()
            return False
        self.controller.delete_conversation(chat_id, rows=False)
        return self._run("delete", partial(chat_files.delete_chat, self.db.path, chat_id))

    def _job_progress(self, kind: str, done: int, total: int) -> None:
        if kind == self.jobs.kind and total > 0:
            self.job_bar.setRange(0, total)
            self.job_bar.setValue(done)

    def _job_ended(self) -> None:
        self.job_bar.hide()
        self.job_cancel.hide()

    def _job_finished(self, kind: str, result: object) -> None:
        self._job_ended()
        if kind == "export":
            self.notice.emit("info", QCoreApplication.translate("ChatFiles", "Exported to {0}.").format(result))
        elif kind == "import" and isinstance(result, int):
            self.controller.stop()
            self.controller.open_conversation(result)
            self.controller.conversations_changed.emit()
        elif kind in ("delete", "cleanup"):
            self.chats_changed.emit()

    def _job_failed(self, kind: str, message: str) -> None:
        self._job_ended()
        if message == "cancelled":
            self.notice.emit("info", QCoreApplication.translate("ChatFiles", "Import cancelled; nothing was added.") if kind == "import"
                             else QCoreApplication.translate("ChatFiles", "Export cancelled; no file was written."))
        elif kind == "import":
            self.notice.emit("error", QCoreApplication.translate("ChatFiles", "Could not import {0}: {1}").format(self._import_name, message))
        elif kind == "export":
            self.notice.emit("error", QCoreApplication.translate("ChatFiles", "Could not export the chat: {0}").format(message))
        else:
            self.notice.emit("error", QCoreApplication.translate("ChatFiles", "Could not delete the chat: {0}").format(message))
