"""The pictures of who speaks: each character's card picture (in the chat and the chat list) and the
user's own picture, chosen once for every chat. Decoded once and kept; a saved card is decoded again."""

from __future__ import annotations

import base64
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon, QPixmap

from ...storage.database import Database
from ..characters.picture import PictureError, load_picture
from .bubble import picture_avatar
from .chat_list import LIST_ICON

log = logging.getLogger("fireside.ui")
PERSONA_KEY = "persona_picture"  # app setting: the user's picture, a PNG in base64
PERSONA_SIDE = 256  # pixels: the stored picture's longest side (a photo is scaled down to this)



class Avatars(QObject):
    changed = Signal()  # the user's picture or a character's changed

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._characters: dict[tuple[int, int], QPixmap | None] = {}  # (character id, size) -> avatar
        self._persona: dict[int, QPixmap | None] = {}  # size -> avatar

    def character(self, character_id: int | None, size: int = 32) -> QPixmap | None:
        if character_id is None:
            return None
        key = (character_id, size)
        if key not in self._characters:
            data = self.db.character_avatar(character_id)
            self._characters[key] = picture_avatar(data, size) if data else None
        return self._characters[key]

    def chat_icons(self) -> dict[int, QIcon]:
        """Each character chat's icon for the chat list (the card's picture)."""
        icons = {}
        for chat_id, character_id in self.db.chat_characters().items():
            picture = self.character(character_id, LIST_ICON)
            if picture is not None:
                icons[chat_id] = QIcon(picture)
        return icons

    def forget_character(self, character_id: int) -> None:
        """A card was saved or deleted: its picture is read again when next shown."""
        self._characters = {k: v for k, v in self._characters.items() if k[0] != character_id}
        self.changed.emit()

    # --- the user's picture --------------------------------------------------------------------------

    def persona(self, size: int = 32) -> QPixmap | None:
        if size not in self._persona:
            stored = self.db.setting(PERSONA_KEY, "")
            data = b""
            if isinstance(stored, str) and stored:
                try:
                    data = base64.b64decode(stored, validate=True)
                except ValueError:
                    log.warning("the stored persona picture is not base64: ignored")
            self._persona[size] = picture_avatar(data, size) if data else None
        return self._persona[size]

    def set_persona_picture(self, path: str) -> None:
        """Keep `path`'s picture (scaled to PERSONA_SIDE) as the user's; PictureError says why not
        (the same checks as a character's picture: size on disk, pixels, a real picture)."""
        png = load_picture(path, PERSONA_SIDE)
        self.db.set_setting(PERSONA_KEY, base64.b64encode(png).decode("ascii"))
        self._persona.clear()
        self.changed.emit()

    def clear_persona_picture(self) -> None:
        self.db.set_setting(PERSONA_KEY, "")
        self._persona.clear()
        self.changed.emit()

__all__ = ["Avatars", "PictureError", "PERSONA_KEY"]
