"""What a chat keeps of its lore between turns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .lore_scan import TimedState


@dataclass
class ChatLore:
    """Stored with the chat: the timed effects and the books this chat has switched off."""

    timed: TimedState = field(default_factory=TimedState)
    off: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"timed": self.timed.to_json(), "off": list(self.off)}

    @classmethod
    def from_json(cls, data: Any) -> ChatLore:
        if not isinstance(data, dict):
            return cls()
        off = data.get("off")
        return cls(TimedState.from_json(data.get("timed")), [str(k) for k in off] if isinstance(off, list) else [])
