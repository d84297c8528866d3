"""Chats that start from something: a character card, a story file, an imported or carried-over chat;
and the chat's roleplay fields (persona, author's note). A part of the chat controller, built with it
(as its copies are), that goes through its public methods only."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from ...chat.cards import CardError
from ...chat.library import (
    MAX_STORY_BYTES,
    StoryError,
    StoryWords,
    character_conversation,
    import_card,
    read_story,
    stored_card,
    story_conversation,
)
from ...chat.prompt import Persona
from ...storage.database import Database

if TYPE_CHECKING:
    from .controller import ChatController

log = logging.getLogger("fireside.ui")


def story_words() -> StoryWords:
    """A story chat's words in the UI's language (the model then answers in it too)."""
    return StoryWords(
        system_prompt=QCoreApplication.translate("RoleplayActions", "You are a careful reader. Answer questions about the story the user "
                                           "shares, quoting it where it helps."),
        request=QCoreApplication.translate("RoleplayActions", "Please read this story, “{title}”:"),
        greeting=QCoreApplication.translate("RoleplayActions", "I have read “{title}”. Ask me anything about it."))


def story_problem(exc: StoryError) -> str:
    words = {"suffix": QCoreApplication.translate("RoleplayActions", "{name}: Fireside reads stories from .txt and .md files"),
             "unreadable": QCoreApplication.translate("RoleplayActions", "cannot read {name}: {detail}"),
             "too_big": QCoreApplication.translate("RoleplayActions", "{name} is {detail} MB; the limit is {limit} MB"),
             "binary": QCoreApplication.translate("RoleplayActions", "{name} is not a text file ({detail})"),
             "empty": QCoreApplication.translate("RoleplayActions", "{name} is empty")}.get(exc.kind)
    return words.format(name=exc.name, detail=exc.detail, limit=MAX_STORY_BYTES // 2**20) if words else str(exc)


class Roleplay(QObject):
    def __init__(self, db: Database, controller: ChatController) -> None:
        super().__init__(controller)
        self.db, self.controller = db, controller

    def set_chat_fields(self, **fields: str) -> None:
        """Persona name / description and author's note of the shown chat (saved at once)."""
        c = self.controller
        if c.conv is None:
            return
        changed = False
        for name, value in fields.items():
            if getattr(c.conv, name) != value:
                setattr(c.conv, name, value)
                changed = True
        if changed:
            c.conv.touch()
            self.db.save_chat(c.conv)
            parts = c.parts()
            c.names_changed.emit(parts.user_name, parts.character_name)

    def import_card(self, path: str) -> int | None:
        try:
            character_id, card = import_card(self.db, path)
        except CardError as exc:
            log.error("card %s refused: %s", path, exc)
            self.controller.notify.emit("error", QCoreApplication.translate(
                "RoleplayActions", "Could not import the character card {0}: {1}").format(Path(path).name, exc))
            return None
        self.controller.notify.emit("info", QCoreApplication.translate("RoleplayActions", "Imported {0}.").format(card.name))
        return character_id

    def new_character_chat(self, character_id: int) -> None:
        card = stored_card(self.db, character_id)
        if card is None:
            return
        conv = self.controller.conv
        persona = Persona(conv.persona_name, conv.persona_description) if conv else Persona()
        self.controller.adopt_conversation(character_conversation(card, character_id, persona))

    def open_story(self, path: str) -> bool:
        """A new chat holding the story; it is read into the context at once (with progress, cancellable)."""
        try:
            title, text = read_story(path)
        except StoryError as exc:
            self.controller.notify.emit("error", QCoreApplication.translate(
                "RoleplayActions", "Could not open the story: {0}").format(story_problem(exc)))
            return False
        if not self.controller.can_generate():
            return False
        self.controller.adopt_conversation(story_conversation(title, text, story_words()))
        self.controller.read_in()
        return True
