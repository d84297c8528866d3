"""The "API server" dock: serve the loaded model to SillyTavern and other front ends.

Off by default. The options are remembered (and serving starts again with the app if it was on when
the app closed: the dock and the window's banner then say so). The live line says which client is being
answered, how fast, and what the prompt cost: tokens cut out of the cache, and re-processed.

When the port is taken (5001 is KoboldCpp's too), a button offers the next free port and starts on it.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...api.bridge import WorkerBackend
from ...api.server import ApiServer, ServerError, ServerOptions
from ...chat.api_lore import ApiLore
from ...engine.sampling import MAX_LOOKUP_DRAFT
from ...serve import PORT_IN_USE, next_free_port, port_is_free
from ...storage import Database
from ...storage.lore_store import global_books_reader
from ...worker import EngineClient
from ..plain import PlainLabel
from .gpu_share import GpuShare

log = logging.getLogger("fireside.ui.serve")
STORE_KEY = "api_server"


class _Relay(QObject):
    """Carries the server thread's activity reports to the GUI thread (a queued signal)."""

    activity = Signal(dict)


class ServeDock(QDockWidget):
    serving_changed = Signal(bool)
    notice = Signal(str, str)  # level, text: for the window's banner (serving started by itself, or could not)

    def __init__(self, db: Database, client: EngineClient, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("API server"), parent)
        self.setObjectName("serve_dock")
        self.db = db
        self.client = client
        self.server: ApiServer | None = None
        self.offered_port: int | None = None
        self.failure = ""  # why serving could not start, the last time it did not
        self.relay = _Relay()
        self.relay.activity.connect(self.show_activity)
        client.notice.connect(self._engine_notice)

        body = QWidget()
        layout = QVBoxLayout(body)
        self.toggle = QPushButton(self.tr("Serve API"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggled)
        layout.addWidget(self.toggle)
        self.started_by_itself = PlainLabel()  # shown while serving that began when the app started
        self.started_by_itself.setWordWrap(True)
        self.started_by_itself.setProperty("tone", "caution")
        self.started_by_itself.hide()
        layout.addWidget(self.started_by_itself)
        form = QFormLayout()
        self.port = QSpinBox()
        self.port.setRange(1024, 65535)
        self.port.setValue(5001)
        self.port.valueChanged.connect(lambda _port: self._offer_port(None))
        form.addRow(self.tr("Port"), self.port)
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.api_key.setPlaceholderText(self.tr("optional on this computer"))
        form.addRow(self.tr("API key"), self.api_key)
        self.remote = QCheckBox(self.tr("Allow other computers on the network"))
        self.remote.toggled.connect(self._update_warning)
        form.addRow(self.remote)
        self.origins = QLineEdit()
        self.origins.setPlaceholderText("https://lite.koboldai.net")
        self.origins.setToolTip(self.tr("Web pages that may call the API from a browser, separated by commas. "
                                        "Empty: none (programs such as SillyTavern do not need this)."))
        form.addRow(self.tr("Browser front ends"), self.origins)
        self.use_lore = QCheckBox(self.tr("Give chat requests my global lorebooks"))
        self.use_lore.setToolTip(self.tr("For clients that send no world info of their own (SillyTavern sends its "
                                         "own: leave this off for it). Entries are placed so the cache is kept."))
        form.addRow(self.use_lore)
        self.guess_ahead = QSpinBox()
        self.guess_ahead.setRange(0, MAX_LOOKUP_DRAFT)
        self.guess_ahead.setSpecialValueText(self.tr("off"))
        self.guess_ahead.setToolTip(self.tr("Prompt lookup for requests that do not ask for it themselves "
                                            "(SillyTavern does not): up to this many next tokens are guessed from "
                                            "the prompt and checked in one step. Needs flash attention; 8 is a "
                                            "good start."))
        form.addRow(self.tr("Guess ahead"), self.guess_ahead)
        layout.addLayout(form)
        self.warning = PlainLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020;")
        layout.addWidget(self.warning)
        url_row = QHBoxLayout()
        self.url = QLineEdit()
        self.url.setReadOnly(True)
        self.url.setPlaceholderText(self.tr("not serving"))
        self.copy = QPushButton(self.tr("Copy"))
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.url.text()))
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.copy)
        layout.addLayout(url_row)
        self.live = PlainLabel()
        self.live.setWordWrap(True)
        self.live.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.live)
        self.port_offer = QPushButton()  # "Use port 5002 instead": shown when the port is taken
        self.port_offer.setObjectName("port_offer")
        self.port_offer.clicked.connect(self.use_offered_port)
        self.port_offer.hide()
        layout.addWidget(self.port_offer)
        self.totals = PlainLabel()
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self._totals = {"requests": 0, "evaluated": 0, "cut": 0, "reprocessed": 0}
        self.hint = PlainLabel(self.tr("SillyTavern: API \u2192 Text Completion \u2192 KoboldCpp, and paste the URL "
                                       "above. OpenAI clients: the URL + /v1."))
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.gpu_share = GpuShare(db)  # (another server: the window's GPU for Fireside on other computers)
        layout.addWidget(self.gpu_share)
        layout.addStretch(1)
        # (it scrolls: with the GPU share below, it is taller than a 600-pixel screen leaves it)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        self.setWidget(self.scroll)
        self.status_label = PlainLabel()  # for the window's status bar: serving, and what for
        self.status_label.hide()
        self._restore()
        self._update_warning()

    def ensure_visible(self, widget: QWidget) -> None:
        self.scroll.ensureWidgetVisible(widget, 0, 20)

    # --- options ---------------------------------------------------------------------------------

    def options(self) -> ServerOptions:
        origins = [o.strip() for o in self.origins.text().split(",") if o.strip()]
        return ServerOptions(host="0.0.0.0" if self.remote.isChecked() else "127.0.0.1", port=self.port.value(),
                             api_key=self.api_key.text().strip(), allow_remote=self.remote.isChecked(),
                             cors_origins=origins, lore=self.use_lore.isChecked(),
                             guess_ahead=self.guess_ahead.value())

    def _restore(self) -> None:
        stored = self.db.setting(STORE_KEY) or {}
        if not isinstance(stored, dict):
            return
        try:
            self.port.setValue(int(stored.get("port", 5001)))
            self.api_key.setText(str(stored.get("api_key", "")))
            self.remote.setChecked(bool(stored.get("allow_remote", False)))
            self.origins.setText(", ".join(str(o) for o in stored.get("cors_origins", [])))
            self.use_lore.setChecked(bool(stored.get("lore", False)))
            self.guess_ahead.setValue(int(stored.get("guess_ahead", 0)))
        except (TypeError, ValueError):
            log.warning("the stored API server options are unusable; using the defaults")

    def _store(self) -> None:
        o = self.options()
        self.db.set_setting(STORE_KEY, {"port": o.port, "api_key": o.api_key, "allow_remote": o.allow_remote,
                                        "cors_origins": o.cors_origins, "lore": o.lore,
                                        "guess_ahead": o.guess_ahead, "enabled": self.server is not None})

    def start_if_it_was_on(self) -> None:
        """Serve again if serving was on when the app closed, and say so in the dock and the banner."""
        stored = self.db.setting(STORE_KEY) or {}
        if not (isinstance(stored, dict) and stored.get("enabled")) or self.server is not None:
            return
        self._set_toggle(True)
        if self.start():
            self.started_by_itself.setText(self.tr("Serving started by itself when Fireside opened, because it was "
                                                   "on when Fireside last closed. Stop serving turns it off."))
            self.started_by_itself.show()
            self.notice.emit("info", self.tr("The API server started by itself (it was on when Fireside last "
                                             "closed): serving on {0}. Turn it off in View > API server.").format(
                self.server.url))
        else:
            self.show()  # the reason and the offered port are in the dock: bring it forward
            self.raise_()
            self.notice.emit("error", self.tr("The API server was on when Fireside last closed, but it could not "
                                              "start again: {0} See the API server panel.").format(self.failure))

    def _update_warning(self) -> None:
        if self.remote.isChecked():
            self.warning.setText(self.tr("Other computers on your network will be able to use your model. "
                                         "An API key is required, and anyone who has it can use the model."))
        else:
            self.warning.setText("")

    # --- serving ---------------------------------------------------------------------------------

    def _toggled(self, on: bool) -> None:
        if on and self.server is None:
            self.start()
        elif not on and self.server is not None:
            self.stop()

    def start(self) -> bool:
        options = self.options()
        try:
            lore = ApiLore(global_books_reader(self.db.path)) if options.lore else None
            server = ApiServer(WorkerBackend(self.client), options, on_activity=self.relay.activity.emit, lore=lore)
            url = server.start()
        except ServerError as exc:
            log.error("API server: %s", exc)
            self._set_toggle(False)
            taken = self._port_taken(exc, options)
            free = next_free_port(options.host, options.port) if taken else None
            if taken:
                self.failure = self.tr("port {0} is already in use (by KoboldCpp or another server).").format(
                    options.port) + ("" if free else " " + self.tr("Choose another port above."))
            else:
                self.failure = str(exc)
            self.live.setText(self.tr("Could not start: {0}").format(self.failure))
            self._offer_port(free)
            return False
        self._offer_port(None)
        self.failure = ""
        self.server = server
        self.url.setText(url)
        self._totals = dict.fromkeys(self._totals, 0)
        self.totals.clear()
        self.toggle.setText(self.tr("Stop serving"))
        self.live.setText(self.tr("Serving on {0}; waiting for a client.").format(url))
        for w in (self.port, self.api_key, self.remote, self.origins, self.use_lore):
            w.setEnabled(False)
        self._store()
        self.status_label.setText(self.tr("API: serving on {0}").format(url))
        self.status_label.show()
        self.serving_changed.emit(True)
        return True

    def stop(self, remember: bool = True) -> None:
        if self.server is None:
            return
        self.server.stop()
        self.server = None
        self._set_toggle(False)
        self.url.clear()
        self.started_by_itself.hide()
        self.toggle.setText(self.tr("Serve API"))
        self.live.setText(self.tr("Not serving."))
        for w in (self.port, self.api_key, self.remote, self.origins, self.use_lore):
            w.setEnabled(True)
        if remember:
            self._store()
        self.status_label.hide()
        self.serving_changed.emit(False)

    def _set_toggle(self, on: bool) -> None:
        """The button's state without starting or stopping anything."""
        self.toggle.blockSignals(True)
        self.toggle.setChecked(on)
        self.toggle.blockSignals(False)

    @staticmethod
    def _port_taken(exc: ServerError, options: ServerOptions) -> bool:
        cause = exc.__cause__  # the bind's OSError (other failures, such as a missing API key, have none)
        if not isinstance(cause, OSError):
            return False
        return cause.errno in PORT_IN_USE or (options.port != 0 and not port_is_free(options.host, options.port))

    def _offer_port(self, port: int | None) -> None:
        self.offered_port = port
        self.port_offer.setVisible(port is not None)
        if port is not None:
            self.port_offer.setText(self.tr("Use port {0} instead").format(port))
            self.port_offer.setAccessibleName(self.tr("Use port {0} instead and start serving").format(port))

    def use_offered_port(self) -> bool:
        """Switch to the offered free port and start serving on it."""
        port = self.offered_port
        if port is None:
            return False
        self.port.setValue(port)  # (hides the offer)
        self.toggle.setChecked(True)
        return self.server is not None

    def _engine_notice(self, kind: str, event: object) -> None:
        if kind == "api" and isinstance(event, dict):
            self.show_activity(event)

    def show_activity(self, event: dict[str, Any]) -> None:
        """One line about the current client: who, what, how fast, and what the prompt cost."""
        text = describe_activity(event)
        if text:
            self.live.setText(text)
        if event.get("state") == "done":
            for key in ("evaluated", "cut", "reprocessed"):
                self._totals[key] += int(event.get(key, 0))
            self._totals["requests"] += 1
            t = self._totals
            self.totals.setText(self.tr("Since serving began: {0} replies; {1} prompt tokens evaluated, {2} cut out of "
                                        "the cache instead of read again, {3} re-processed").format(
                t["requests"], t["evaluated"], t["cut"], t["reprocessed"]))
        if self.server is not None:
            busy = event.get("state") in ("started", "prompt", "generating")
            self.status_label.setText(self.tr("API: answering {0}").format(event.get("client", "?")) if busy
                                      else self.tr("API: serving on {0}").format(self.server.url))


def describe_activity(event: dict[str, Any]) -> str:
    who = f"{event.get('client', '?')} {event.get('endpoint', '')}".strip()
    state = event.get("state")
    if state == "started":
        return QCoreApplication.translate("ServeDock", "{0}: reading the prompt...").format(who)
    if state == "prompt":
        return QCoreApplication.translate("ServeDock", "{0}: reading the prompt ({1} of {2} tokens)").format(
            who, event.get("done", 0), event.get("total", 0))
    if state == "generating":
        return QCoreApplication.translate("ServeDock", "{0}: {1} tokens, {2:.1f} tokens/s").format(
            who, event.get("tokens", 0), event.get("tps", 0.0))
    if state == "done":
        return QCoreApplication.translate(
            "ServeDock", "{0}: done, {1} tokens at {2:.1f} tokens/s; prompt {3} tokens, {4} evaluated, {5} cut out, "
            "{6} re-processed").format(who, event.get("tokens", 0), event.get("tps", 0.0), event.get("prompt_tokens", 0),
                                       event.get("evaluated", 0), event.get("cut", 0), event.get("reprocessed", 0))
    if state == "failed":
        return QCoreApplication.translate("ServeDock", "{0}: failed: {1}").format(who, event.get("message", ""))
    if state == "refused":
        return QCoreApplication.translate("ServeDock", "{0}: refused, busy with another request").format(who)
    if state == "disconnected":
        return QCoreApplication.translate("ServeDock", "{0}: the client went away; its reply was stopped").format(who)
    return ""
