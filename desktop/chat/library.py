"""Characters and stories as the app stores them, and the prompt parts a chat turns into."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .cards import Card, card_from_json, read_card
from .conversation import Conversation
from .lore_chat import TurnLore
from .prompt import NO_CARD_NAME, Persona, greetings, pinned_block, post_history
from .story_text import NotText, decode_story_bytes

log = logging.getLogger(__name__)

MAX_STORY_BYTES = 8 * 1024 * 1024
STORY_SUFFIXES = (".txt", ".md", ".markdown", ".text")


STORY_PROBLEMS = {  # kind -> the message (the window shows its own words for each kind)
    "suffix": "{name}: Fireside reads stories from .txt and .md files",
    "unreadable": "cannot read {name}: {detail}",
    "too_big": "{name} is {detail} MB; the limit is {limit} MB",
    "binary": "{name} is not a text file ({detail})",
    "empty": "{name} is empty",
}


class StoryError(ValueError):
    """A file that cannot be a story: `kind` (a key of STORY_PROBLEMS), the file's name, a detail."""

    def __init__(self, kind: str, name: str, detail: str = "") -> None:
        self.kind, self.name, self.detail = kind, name, detail
        super().__init__(STORY_PROBLEMS[kind].format(name=name, detail=detail, limit=MAX_STORY_BYTES // 2**20))


@dataclass(frozen=True)
class StoryWords:
    """What a story chat says around the story (the window gives them in the user's language)."""

    system_prompt: str = ("You are a careful reader. Answer questions about the story the user shares, "
                          "quoting it where it helps.")
    request: str = "Please read this story, “{title}”:"  # one line; the story follows after a blank line
    greeting: str = "I have read “{title}”. Ask me anything about it."


@dataclass(frozen=True)
class PromptParts:
    system_prompt: str  # the pinned block
    note: str  # placed just before each reply
    user_name: str
    character_name: str
    lore: tuple[dict, ...] = ()  # this turn's lorebook entries placed in the chat (engine.lore_spans)
    memory: str = ""  # the long-term memory, right after the pinned block


def prompt_parts(conv: Conversation, card: Card | None, lore: TurnLore | None = None) -> PromptParts:
    persona = Persona(conv.persona_name or "You", conv.persona_description)
    lore = lore or TurnLore()
    return PromptParts(pinned_block(card, persona, conv.system_prompt, lore.before_char, lore.after_char),
                       post_history(card, persona, conv.authors_note), persona.name,
                       card.name if card else NO_CARD_NAME, lore.in_chat, conv.memory.text())


def import_card(db, path: str | Path) -> tuple[int, Card]:
    """Read a card file (CardError says what is wrong) and store it; returns (id, card)."""
    card = read_card(path)
    return db.add_character(card.name, card.to_json(), card.avatar_png), card


def stored_card(db, character_id: int | None) -> Card | None:
    if character_id is None:
        return None
    row = db.character(character_id)
    if row is None:
        return None
    card = card_from_json(row[0])
    card.avatar_png = row[1]
    return card


def character_conversation(card: Card, character_id: int, persona: Persona) -> Conversation:
    """A new chat with a character: it opens with the greeting, the alternate greetings as swipes."""
    conv = Conversation(title=card.name, character_id=character_id, persona_name=persona.name,
                        persona_description=persona.description)
    texts = greetings(card, persona)
    if texts:
        msg = conv.add("assistant", texts[0])
        for text in texts[1:]:
            msg.add_swipe().text = text
        msg.swipe = 0
    return conv


def read_story(path: str | Path) -> tuple[str, str]:
    """(title, text) of a .txt or .md file in any encoding it was saved in (see story_text: UTF-8, UTF-16,
    Shift_JIS, EUC-JP, cp1252, ...); binary data is refused."""
    p = Path(path)
    if p.suffix.lower() not in STORY_SUFFIXES:
        raise StoryError("suffix", p.name)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise StoryError("unreadable", p.name, str(exc.strerror or exc)) from exc
    if len(raw) > MAX_STORY_BYTES:
        raise StoryError("too_big", p.name, f"{len(raw) / 1e6:.0f}")
    try:
        text, encoding = decode_story_bytes(raw)
    except NotText as exc:
        raise StoryError("binary", p.name, str(exc)) from exc
    log.info("story %s read as %s", p.name, encoding)
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise StoryError("empty", p.name)
    return p.stem, text


def story_conversation(title: str, text: str, words: StoryWords = StoryWords()) -> Conversation:
    conv = Conversation(title=title, system_prompt=words.system_prompt)
    request = " ".join(words.request.format(title=title).split())  # (one line: the reader finds the story after it)
    conv.add("user", f"{request}\n\n{text}", document=True)
    conv.add("assistant", words.greeting.format(title=title))
    return conv


def story_start(message_text: str) -> int:
    """Where the story begins in its message: after the request's line and a blank line."""
    at = message_text.find("\n\n")
    return at + 2 if at != -1 and "\n" not in message_text[:at] else 0
