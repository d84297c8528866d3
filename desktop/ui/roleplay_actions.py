"""Characters, personas, author's notes and stories: the chat controller's roleplay side."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from ..chat.cards import CardError
from ..chat.library import (
    PromptParts,
    StoryError,
    character_conversation,
    import_card,
    prompt_parts,
    read_story,
    stored_card,
    story_conversation,
)
from ..chat.prompt import Persona

log = logging.getLogger("fireside.ui")


class RoleplayActions:
    """Mixed into ChatController (which provides db, conv, notify, stop, open_conversation, ...)."""

    db: Any
    conv: Any

    def parts(self) -> PromptParts:
        assert self.conv is not None
        return prompt_parts(self.conv, stored_card(self.db, self.conv.character_id))

    def set_chat_fields(self, **fields: str) -> None:
        """Persona name / description and author's note of the shown chat (saved at once)."""
        if self.conv is None:
            return
        changed = False
        for name, value in fields.items():
            if getattr(self.conv, name) != value:
                setattr(self.conv, name, value)
                changed = True
        if changed:
            self.conv.touch()
            self.db.save_chat(self.conv)
            parts = self.parts()
            self.names_changed.emit(parts.user_name, parts.character_name)

    def import_card(self, path: str) -> int | None:
        try:
            character_id, card = import_card(self.db, path)
        except CardError as exc:
            log.error("card %s refused: %s", path, exc)
            self.notify.emit("error", QCoreApplication.translate("RoleplayActions", "Could not import the character card {0}: {1}").format(
                Path(path).name, exc))
            return None
        self.notify.emit("info", QCoreApplication.translate("RoleplayActions", "Imported {0}.").format(card.name))
        return character_id

    def new_character_chat(self, character_id: int) -> None:
        card = stored_card(self.db, character_id)
        if card is None:
            return
        self.stop()
        persona = Persona(self.conv.persona_name, self.conv.persona_description) if self.conv else Persona()
        conv = character_conversation(card, character_id, persona)
        conv.model_path = self.load_config.get("model_path", "")
        self.db.save_chat(conv)
        self.open_conversation(conv)
        self.conversations_changed.emit()

    def open_story(self, path: str) -> bool:
        """A new chat holding the story; it is read into the context at once (with progress, cancellable)."""
        try:
            title, text = read_story(path)
        except StoryError as exc:
            self.notify.emit("error", QCoreApplication.translate("RoleplayActions", "Could not open the story: {0}").format(exc))
            return False
        if not self.can_generate():
            return False
        self.stop()
        conv = story_conversation(title, text)
        conv.model_path = self.load_config.get("model_path", "")
        self.db.save_chat(conv)
        self.open_conversation(conv)
        self.conversations_changed.emit()
        self.streaming, self.stream_conv = None, conv
        self._send_request("read", conv.history())
        return True

    def adopt_conversation(self, conv: Any) -> None:
        """Store an imported chat and show it."""
        self.stop()
        conv.model_path = self.load_config.get("model_path", "")
        self.db.save_chat(conv)
        self.open_conversation(conv)
        self.conversations_changed.emit()

    def report_reading(self, data: dict, cancelled: bool) -> None:
        """Say how far the story got: tokens read, and the bookmark (where the window now starts)."""
        total, dropped = data["document_tokens"], data["document_dropped"]
        if cancelled:
            text = QCoreApplication.translate("RoleplayActions", "Reading stopped: {0:,} of {1:,} tokens are in the context.").format(data["document_cached"], total)
        elif dropped:
            text = QCoreApplication.translate("RoleplayActions", "Read {0:,} tokens in {1:.1f} s. The story is longer than the window: the first {2:,} "
                           "tokens ({3:.0%}) have shifted out; the bookmark is there.").format(
                total, data["prompt_seconds"], dropped, dropped / total)
        else:
            text = QCoreApplication.translate("RoleplayActions", "Read {0:,} tokens in {1:.1f} s; the whole story is in the context.").format(
                total, data["prompt_seconds"])
        self.notify.emit("info", text)

    def _on_context_map(self, key: object, data: dict) -> None:
        if isinstance(key, int):
            self.last_map[key] = data
        if self.conv is not None and key == self.conv.id:
            self.context_map.emit(data)

