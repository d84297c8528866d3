"""The character library as the screens use it: the stored cards, saving an edited or new one, and
a signal when one changed, so the gallery, the chat's "About" header and the lore dock show the same."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from ...chat.cards import Card, CardError, card_from_json, card_png
from ...storage.database import Database

log = logging.getLogger("fireside.ui")


class CharacterLibrary(QObject):
    changed = Signal(int)  # a character was stored, edited or deleted (its id)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db

    def rows(self) -> list[tuple[int, str, bytes]]:
        """(id, name, picture PNG or b"") of every character, in the order they were added."""
        return self.db.characters()

    def card(self, character_id: int | None) -> Card | None:
        """The stored card, or None (no such row, or a row that no longer reads: logged)."""
        if character_id is None:
            return None
        row = self.db.character(character_id)
        if row is None:
            return None
        try:
            card = card_from_json(row[0])
        except CardError as exc:
            log.error("character %d cannot be read (%s)", character_id, exc)
            return None
        card.avatar_png = row[1]
        return card

    def save(self, character_id: int | None, card: Card) -> int:
        """Store `card` (a new row when `character_id` is None); returns its id."""
        if character_id is None:
            character_id = self.db.add_character(card.name, card.to_json(), card.avatar_png)
            log.info("character %d (%s) created", character_id, card.name)
        else:
            self.db.update_character(character_id, card.name, card.to_json(), card.avatar_png)
            log.info("character %d (%s) saved", character_id, card.name)
        self.changed.emit(character_id)
        return character_id

    def delete(self, character_id: int) -> None:
        self.db.delete_character(character_id)
        log.info("character %d deleted", character_id)
        self.changed.emit(character_id)

    def export_png(self, card: Card, picture_png: bytes, path: str) -> None:
        """Write `card` as a V2 PNG card (CardError or OSError say why it could not be)."""
        data = card_png(card, picture_png)
        with open(path, "wb") as out:
            out.write(data)
        log.info("character %s exported to %s", card.name, path)
