"""A strip beside the chat: what the context window holds right now.

From the top: the pinned block, then each message still in the KV cache (partly shifted out:
amber), then the free budget. The message that goes next when the window fills is outlined.
Evicted messages are counted in the caption. It redraws after every reply, read and shift.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from ..plain import PlainLabel

COLORS = {"pinned": "#8e6c8a", "memory": "#3f8f9c", "lore": "#4a78c0", "cached": "#5b9a5b", "partial": "#d9a441",
          "free": "#e6e6e6"}


@dataclass
class Segment:
    kind: str  # pinned | memory | lore | cached | partial | free
    index: int | None  # message index (for lore: the message it follows)
    tokens: int
    top: float = 0.0
    height: float = 0.0
    key: str = ""  # a lorebook entry's key


class ContextBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumWidth(26)
        self.segments: list[Segment] = []
        self.next_to_go: int | None = None
        self.n_ctx = 0
        self.titles: dict[str, str] = {}  # lorebook entry key -> title (from the last scan)
        self.history_tokens = 0  # what a change of the pinned block re-reads
        self.stale = False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(28, 300)

    def set_map(self, data: dict) -> None:
        self.n_ctx = data["n_ctx"]
        self.next_to_go = data.get("next_to_go")
        memory = min(int(data.get("memory") or 0), data["pinned"])
        segs = [Segment("pinned", None, data["pinned"] - memory)]
        if memory:
            segs.append(Segment("memory", None, memory))
        lore: dict[int, list[dict]] = {}
        for entry in data.get("lore", []):
            if entry.get("cached") and entry.get("after") is not None:
                lore.setdefault(entry["after"], []).append(entry)
        for m in data["messages"]:
            if m["cached"]:
                segs.append(Segment("partial" if m["state"] == "partial" else "cached", m["index"], m["cached"]))
            for entry in lore.get(m["index"], []):
                kind = "memory" if entry["key"] == "memory" else "lore"
                segs.append(Segment(kind, m["index"], entry["cached"], key=entry["key"]))
        self.history_tokens = max(0, data["used"] - data["pinned"])
        segs.append(Segment("free", None, max(self.n_ctx - data["used"], 0)))
        self.segments = segs
        self._layout()
        self.update()

    def _layout(self) -> None:
        top = 0.0
        height = float(self.height())
        for seg in self.segments:
            seg.top = top
            seg.height = height * seg.tokens / self.n_ctx if self.n_ctx else 0.0
            top += seg.height

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._layout()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        if self.stale:
            painter.setOpacity(0.45)  # what the chat held when it was last read, not the cache now
        width = self.width() - 2
        for seg in self.segments:
            rect = QRectF(1, seg.top, width, max(seg.height, 0.0))
            free = self.palette().color(QPalette.ColorRole.AlternateBase)  # the theme's, light or dark
            painter.fillRect(rect, free if seg.kind == "free" else QColor(COLORS[seg.kind]))
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Base), 1))
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            if seg.index is not None and seg.index == self.next_to_go:
                painter.setPen(QPen(QColor("#c0392b"), 2))
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.end()

    def segment_at(self, y: float) -> Segment | None:
        return next((s for s in self.segments if s.top <= y < s.top + s.height), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        seg = self.segment_at(event.position().y())
        if seg is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(seg), self)

    def describe(self, seg: Segment) -> str:
        if seg.kind == "pinned":
            return self.tr("Pinned block (system prompt, character, persona, constant lore): {0} tokens, never "
                           "shifted. A change here re-reads the {1:,} tokens after it.").format(seg.tokens, self.history_tokens)
        if seg.kind == "memory":
            return self.tr("Memory of earlier turns: {0} tokens, placed after message {1} when it last changed. "
                           "An update reads only these tokens.").format(seg.tokens, (seg.index or 0) + 1)
        if seg.kind == "lore":
            return self.tr("Lorebook entry “{0}”: {1} tokens, placed after message {2} when it turned on. Turning "
                           "it off re-reads nothing.").format(self.titles.get(seg.key, seg.key), seg.tokens,
                                                              (seg.index or 0) + 1)
        if seg.kind == "free":
            return self.tr("Free: {0} of {1} tokens").format(seg.tokens, self.n_ctx)
        text = self.tr("Message {0}: {1} tokens in the cache").format(seg.index + 1, seg.tokens)
        if seg.kind == "partial":
            text += self.tr(" (its beginning has shifted out)")
        if seg.index == self.next_to_go:
            text += self.tr("; it goes next when the window is full")
        return text


def evicted_count(data: dict) -> int:
    """Messages out of the window: those counted before the map's list, and those listed as evicted."""
    return data.get("evicted", 0) + sum(1 for m in data["messages"] if m["state"] == "evicted")


def compact_map(data: dict) -> dict:
    """The map without the messages that hold nothing in the cache (a long chat's map stays small to
    store: it is kept per chat so the map shows again after a restart)."""
    return {**data, "messages": [m for m in data["messages"] if m["cached"]], "evicted": evicted_count(data)}


class ContextMap(QWidget):
    """The bar and its caption (tokens used of the window, messages evicted). Hidden while it has
    nothing to show (no chat read yet with this model), so it takes no column of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = ContextBar()
        self.caption = PlainLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setProperty("tone", "small")
        self.setFixedWidth(68)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 8, 2, 8)
        layout.addWidget(self.bar, 1, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption)
        self.help = self.tr("Context map: pinned block, messages in the cache (amber: partly shifted out), the "
                            "memory (teal) and lorebook entries (blue) where they were placed, free space. "
                            "Outlined: what goes next.")
        self.setToolTip(self.help)
        self.evicted = 0

    def set_map(self, data: dict, stale: bool = False) -> None:
        """Show a map from the engine, or (`stale`) the one stored from the chat's last reading, drawn
        faded: the chat is read into the cache again with the next message."""
        self.bar.stale = stale
        self.bar.set_map(data)
        self.evicted = evicted_count(data)
        # Two lines, so "3,325" and "of 4,096" fit the strip's width.
        caption = self.tr("{0:,}\nof {1:,}").format(data["used"], data["n_ctx"])
        shifting = data.get("shifting", True)
        if stale:
            caption += "\n" + self.tr("last read")
        if not shifting:
            caption += "\n" + self.tr("no shifting")
        tip = self.help
        if stale:
            tip += "\n" + self.tr("Faded: what the window held when this chat was last read. It is read again "
                                   "with your next message.")
        if not shifting:
            tip += "\n" + self.tr("This model's memory cannot shift: when the window is full, old turns are "
                                   "dropped and the rest is read again.")
        self.setToolTip(tip)
        if self.evicted:
            caption += "\n" + self.tr("{0} out").format(self.evicted)
        self.caption.setText(caption)
        self.show()

    def clear(self) -> None:
        self.bar.segments = []
        self.bar.update()
        self.caption.setText("")
        self.hide()
