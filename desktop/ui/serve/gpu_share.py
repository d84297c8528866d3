""""Share this computer's GPU": start and stop the llama.cpp rpc-server Fireside ships, so Fireside on
another computer can put part of a model on this computer's GPU ("Other computers' GPUs" there).

It listens on 127.0.0.1 unless the user chooses the network, which shows the warning: llama.cpp's RPC
protocol is neither encrypted nor authenticated. The server is a child process of the window: closing
the window stops it, unless the user ticked "Keep sharing after Fireside closes": then it is started
detached, its process id is remembered, and the next Fireside shows it as running and can stop it.
It is never started by itself when the app starts.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys

import psutil
from PySide6.QtCore import QProcess, QProcessEnvironment
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ...engine.rpc import DEFAULT_PORT, SERVER_NAME, rpc_build_dir
from ...storage import Database
from ..plain import PlainLabel

log = logging.getLogger("fireside.ui.gpu_share")
STORE_KEY = "gpu_share"
LOOPBACK = "127.0.0.1"
STOP_GRACE_MS = 2000
LIBRARY_PATH_VAR = "LD_LIBRARY_PATH"
# A kept server leaves the window's process group (POSIX) or console (Windows), so closing either spares it.
_DETACHED: dict = ({"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
                   if sys.platform == "win32" else {"start_new_session": True})


def network_address() -> str:
    """This computer's address on its local network (the one a route out would use; nothing is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # (TEST-NET-1: a UDP connect only picks the route)
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostname()


class GpuShare(QGroupBox):
    def __init__(self, db: Database) -> None:
        super().__init__(self.tr("Share this computer's GPU"))
        self.setObjectName("gpu_share")
        self.db = db
        self.process: QProcess | None = None
        self.stopping = False
        stored = db.setting(STORE_KEY, {}) or {}
        about = PlainLabel(self.tr("Let Fireside on another computer put part of a model on this computer's GPU "
                                   "(llama.cpp's rpc-server). There, add the address below under Settings \u2192 "
                                   "Other computers' GPUs."))
        about.setWordWrap(True)
        self.port = QSpinBox()
        self.port.setRange(1024, 65535)
        self.port.setValue(int(stored.get("port", DEFAULT_PORT)))
        self.network = QCheckBox(self.tr("Allow other computers on the network"))
        self.network.setChecked(bool(stored.get("network", False)))
        self.network.toggled.connect(self._update)
        self.keep = QCheckBox(self.tr("Keep sharing after Fireside closes"))
        self.keep.setToolTip(self.tr("The server then runs on its own until you stop it here (or restart the "
                                     "computer)"))
        self.keep.setChecked(bool(stored.get("keep", False)))
        form = QFormLayout()
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.network)
        form.addRow(self.keep)
        self.warning = PlainLabel(self.tr(
            "Anyone who can reach this port can run work on this computer's GPU and read what it holds: the link "
            "is neither encrypted nor password-protected. Only on a trusted home network, never on public Wi-Fi or "
            "the internet."))
        self.warning.setWordWrap(True)
        self.warning.setProperty("tone", "caution")
        self.toggle = QPushButton(self.tr("Share"))
        self.toggle.setObjectName("gpu_share_toggle")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggled)
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setPlaceholderText(self.tr("not shared"))
        copy = QPushButton(self.tr("Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.address.text()))
        address_row = QHBoxLayout()
        address_row.addWidget(self.address, 1)
        address_row.addWidget(copy)
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("gpu_share_status")
        column = QVBoxLayout(self)
        column.addWidget(about)
        column.addLayout(form)
        column.addWidget(self.warning)
        column.addWidget(self.toggle)
        column.addLayout(address_row)
        column.addWidget(self.status)
        self.kept_pid = self._kept_server(stored)  # a server a former Fireside left sharing, if it still runs
        if self.kept_pid:
            self._show_running(self.kept_pid, kept=True)
        self._update()

    @property
    def running(self) -> bool:
        if self.kept_pid:
            return psutil.pid_exists(self.kept_pid)
        return self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning

    def host(self) -> str:
        return "0.0.0.0" if self.network.isChecked() else LOOPBACK

    def start(self) -> bool:
        """Start the server; False with the reason in `status` when it cannot."""
        if self.running:
            return True
        build = rpc_build_dir()
        if build is None:
            self._stopped(self.tr("This Fireside has no rpc-server (a build with llama.cpp's RPC backend: "
                                  "packaging/rpc_build.sh makes one)."))
            return False
        self._remember()
        self.stopping = False
        program, args = str(build / "bin" / SERVER_NAME), ["-H", self.host(), "-p", str(self.port.value())]
        libraries = str(build / "lib")  # (LD_LIBRARY_PATH: Linux; the libraries sit beside it elsewhere)
        log.info("starting %s %s%s", program, " ".join(args), " (kept after Fireside closes)" if self.keep.isChecked()
                 else "")
        if self.keep.isChecked():  # its own process (a session of its own), not the window's: it outlives it
            try:
                kept = subprocess.Popen([program, *args], env={**os.environ, LIBRARY_PATH_VAR: libraries},
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        **_DETACHED)
            except OSError as exc:
                self._stopped(self.tr("rpc-server did not start: {0}").format(exc.strerror or str(exc)))
                return False
            self.kept_pid = kept.pid
            self._remember()
            self._show_running(self.kept_pid, kept=True)
            return True
        process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert(LIBRARY_PATH_VAR, libraries)
        process.setProcessEnvironment(env)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        process.readyReadStandardOutput.connect(lambda: self._log_output(process))
        process.finished.connect(lambda code, _status: self._finished(process, code))
        self.process = process
        process.start(program, args)
        if not process.waitForStarted(5000):
            self.process = None
            self._stopped(self.tr("rpc-server did not start: {0}").format(process.errorString()))
            return False
        self._show_running(process.processId(), kept=False)
        return True

    def stop_with_window(self) -> None:
        """The window closes: the server goes too, unless it was started to be kept."""
        if not self.kept_pid:
            self.stop()

    def _show_running(self, pid: int, kept: bool) -> None:
        shown = network_address() if self.network.isChecked() else LOOPBACK
        self.address.setText(f"{shown}:{self.port.value()}")
        if kept:
            self.status.setText(self.tr("Sharing: rpc-server runs (process {0}) and keeps running after Fireside "
                                        "closes, until you stop it here.").format(pid))
        else:
            self.status.setText(self.tr("Sharing: rpc-server runs (process {0}). It stops when Fireside closes.").format(
                pid))
        self._set_toggle(True)
        self._update()

    def _remember(self) -> None:
        self.db.set_setting(STORE_KEY, {"port": self.port.value(), "network": self.network.isChecked(),
                                        "keep": self.keep.isChecked(), "pid": self.kept_pid or 0})

    @staticmethod
    def _kept_server(stored: dict) -> int:
        """The remembered kept server's pid, if that process still runs and is an rpc-server (not a
        process that took the number since)."""
        pid = int(stored.get("pid") or 0)
        if not pid:
            return 0
        try:
            return pid if "rpc-server" in psutil.Process(pid).name() else 0
        except (psutil.Error, OSError):
            return 0

    def stop(self) -> None:
        if self.kept_pid:
            pid, self.kept_pid = self.kept_pid, 0
            try:
                server = psutil.Process(pid)
                server.terminate()
                try:
                    server.wait(STOP_GRACE_MS / 1000)
                except psutil.TimeoutExpired:
                    server.kill()
            except (psutil.Error, OSError):
                pass  # (it had ended already)
            self._remember()
            self._stopped(self.tr("Not shared."))
            return
        process = self.process
        if process is None:
            return
        self.stopping = True
        process.terminate()
        if not process.waitForFinished(STOP_GRACE_MS):
            process.kill()
            process.waitForFinished(STOP_GRACE_MS)
        self.process = None
        self._stopped(self.tr("Not shared."))

    def _toggled(self, on: bool) -> None:
        if on and not self.running and not self.start():
            self._set_toggle(False)
        elif not on and self.running:
            self.stop()

    def _finished(self, process: QProcess, code: int) -> None:
        if process is not self.process or self.stopping:
            return
        self.process = None
        log.error("rpc-server ended by itself (exit code %s)", code)
        self._stopped(self.tr("rpc-server stopped by itself (exit code {0}): is port {1} taken? See the log.").format(
            code, self.port.value()))

    def _log_output(self, process: QProcess) -> None:
        text = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        for line in text.splitlines():
            if line.strip():
                log.info("rpc-server: %s", line.strip())

    def _stopped(self, why: str) -> None:
        self.address.clear()
        self.status.setText(why)
        self._set_toggle(False)
        self._update()

    def _set_toggle(self, on: bool) -> None:
        self.toggle.blockSignals(True)
        self.toggle.setChecked(on)
        self.toggle.setText(self.tr("Stop sharing") if on else self.tr("Share"))
        self.toggle.blockSignals(False)

    def _update(self) -> None:
        self.warning.setVisible(self.network.isChecked())
        for option in (self.port, self.network, self.keep):
            option.setEnabled(not self.running)
