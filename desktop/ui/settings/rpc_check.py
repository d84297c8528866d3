"""Under "Other computers' GPUs": the warning that the link is open, and a Test button that asks each
server listed what it offers (its devices and free memory, as the server reports them) without
llama.cpp, so a wrong address is found before a load."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...engine.rpc import RpcProblem, RpcServer, probe_server
from ..plain import PlainLabel
from .fields import split_list

PROBE_TIMEOUT_S = 3.0


def _gib(n: int) -> str:
    return f"{n / 2**30:,.1f}"


class _Answers(QObject):
    ready = Signal(int, list)  # generation, [(endpoint, RpcServer | RpcProblem)]


class RpcServersCheck(QWidget):
    """`field`: the servers' line edit (host:port, separated by commas)."""

    tested = Signal(list)  # [(endpoint, RpcServer | RpcProblem)], after each test

    def __init__(self, field: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.warning = PlainLabel(self.tr(
            "The connection to these computers is neither encrypted nor password-protected: anyone on the network "
            "can use their rpc-server. Use it on a trusted home network only, never over the internet."))
        self.warning.setWordWrap(True)
        self.warning.setProperty("tone", "caution")
        self.test_button = QPushButton(self.tr("Test"))
        self.test_button.setObjectName("rpc_test")
        self.test_button.setToolTip(self.tr("Ask each server what GPUs it offers and how much memory is free"))
        self.test_button.clicked.connect(self.test)
        self.results = PlainLabel()
        self.results.setWordWrap(True)
        self.results.setObjectName("rpc_results")
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.test_button)
        line.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.warning)
        column.addLayout(line)
        column.addWidget(self.results)
        self._generation = 0
        self._answers = _Answers()
        self._answers.ready.connect(self._show)
        field.textChanged.connect(self._edited)
        self._edited()

    def test(self) -> None:
        endpoints = split_list(self.field.text())
        if not endpoints:
            return
        self._generation += 1
        generation = self._generation
        self.test_button.setEnabled(False)
        self.results.setText(self.tr("Asking {0}...").format(", ".join(endpoints)))

        def ask() -> None:
            found: list[tuple[str, RpcServer | RpcProblem]] = []
            for endpoint in endpoints:
                try:
                    found.append((endpoint, probe_server(endpoint, PROBE_TIMEOUT_S)))
                except RpcProblem as problem:
                    found.append((endpoint, problem))
            self._answers.ready.emit(generation, found)

        threading.Thread(target=ask, name="rpc-test", daemon=True).start()

    def _edited(self) -> None:
        self._generation += 1  # (an answer for the old list is not shown)
        self.test_button.setEnabled(bool(split_list(self.field.text())))
        self.results.clear()

    def _show(self, generation: int, found: list) -> None:
        if generation != self._generation:
            return
        self.test_button.setEnabled(True)
        lines = []
        for _endpoint, answer in found:
            if isinstance(answer, RpcProblem):
                lines.append("\u2717 " + self.problem_text(answer))
                continue
            devices = "; ".join(self.tr("device {0}: {1} GiB free of {2} GiB").format(
                d.index, _gib(d.free), _gib(d.total)) for d in answer.devices)
            lines.append("\u2713 " + self.tr("{0} answers (rpc protocol {1}): {2}").format(
                answer.endpoint, ".".join(map(str, answer.version)), devices))
        self.results.setText("\n".join(lines))
        self.tested.emit(found)

    def problem_text(self, problem: RpcProblem) -> str:
        """RpcProblem.explain() in the UI's language (the detail stays as the system said it)."""
        texts = {
            "address": self.tr("{0} is not an address Fireside can use"),
            "refused": self.tr("The GPU server {0} refused the connection: is rpc-server running there, on that port?"),
            "timeout": self.tr("The GPU server {0} did not answer in time: is the computer on, is the port open in its "
                               "firewall, and is no other Fireside using it (a server serves one at a time)?"),
            "unreachable": self.tr("The GPU server {0} cannot be reached from this computer"),
            "protocol": self.tr("{0} answered, but not as llama.cpp's rpc-server does"),
            "version": self.tr("The GPU server {0} runs another version of llama.cpp's rpc-server"),
        }
        text = texts.get(problem.kind)
        if text is None:
            return problem.explain()
        return text.format(problem.endpoint) + (f" ({problem.detail})" if problem.detail else "")
