"""Hub lookups (the reach check, search, a repo's files, a remote header) on threads, so the window never
waits for the network. Each kind keeps only its newest request: an answer to an older one is dropped.
A failure arrives as a NetFailure: the message to show, and for network failures the reason code
(hub.reach) and the technical detail, which go to the log and a tooltip, never into the message."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from ...engine.metadata import ModelFileError
from ...hub.client import HubError

log = logging.getLogger("fireside.hub")


@dataclass(frozen=True)
class NetFailure:
    message: str  # plain words (HubError's, or a generic one for an unexpected error)
    reason: str = ""  # a hub.reach problem code when the network failed ("dns", "refused", ...), else ""
    detail: str = ""  # the technical cause


class NetTasks(QObject):
    done = Signal(str, object)  # kind, result (of the newest request of that kind)
    failed = Signal(str, object)  # kind, NetFailure

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tickets: dict[str, int] = {}
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def run(self, kind: str, call: Callable[[], Any]) -> None:
        with self._lock:
            ticket = self._tickets.get(kind, 0) + 1
            self._tickets[kind] = ticket
        thread = threading.Thread(target=self._run, args=(kind, ticket, call), name=f"fireside-hub-{kind}", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def forget(self, kind: str) -> None:
        """Drop whatever answer is still coming for `kind`."""
        with self._lock:
            self._tickets[kind] = self._tickets.get(kind, 0) + 1

    def busy(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def wait(self, timeout: float) -> None:
        for thread in self._threads:
            thread.join(timeout)

    def _current(self, kind: str, ticket: int) -> bool:
        with self._lock:
            return self._tickets.get(kind) == ticket

    def _run(self, kind: str, ticket: int, call: Callable[[], Any]) -> None:
        try:
            result = call()
        except HubError as exc:
            log.info("%s failed: %s %s", kind, exc, exc.detail)
            self._answer(kind, ticket, self.failed, NetFailure(str(exc), exc.reason, exc.detail))
        except ModelFileError as exc:
            message = str(exc).removeprefix("model_path: ")
            log.info("%s failed: %s", kind, message)
            self._answer(kind, ticket, self.failed, NetFailure(message))
        except Exception as exc:  # noqa: BLE001 - every failure reaches the window as a message
            log.exception("%s failed", kind)
            self._answer(kind, ticket, self.failed, NetFailure(
                self.tr("Something unexpected went wrong; the log has the details."), "",
                f"{type(exc).__name__}: {exc}"))
        else:
            self._answer(kind, ticket, self.done, result)

    def _answer(self, kind: str, ticket: int, signal: Any, value: Any) -> None:
        if not self._current(kind, ticket):
            return
        try:
            signal.emit(kind, value)
        except RuntimeError:  # the window closed while the hub answered
            log.info("%s answered after its window closed", kind)
