"""Prompt assembly that the cache likes: everything stable in the pinned block at the top, history
after it, and the author's note / post-history instructions just before each reply, so changing
them re-processes only the tail, never the history."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cards import Card, apply_macros

DEFAULT_SYSTEM = ("Write {{char}}'s next reply in a fictional chat between {{char}} and {{user}}. Stay in character, "
                  "write vividly, and never speak for {{user}}.")


NO_CARD_NAME = "Assistant"  # {{char}} in a chat without a character card


@dataclass
class Persona:
    """The user as the story sees them."""

    name: str = "You"
    description: str = ""


def pinned_block(card: Card | None, persona: Persona, system_prompt: str = "", lore_before: str = "",
                 lore_after: str = "") -> str:
    """The system text: instructions, the character, the scenario, the persona, example dialogue, and
    the lorebook entries that belong there (constant ones after the character; before it only when the
    user asked for that: a change there re-reads the whole chat)."""
    if card is None:
        parts = [p for p in (lore_before.strip(), system_prompt.strip(), _about(persona) if persona.description.strip() else "",
                             lore_after.strip()) if p]
        text = "\n\n".join(parts) if (lore_before.strip() or lore_after.strip()) else _plain(system_prompt, persona)
        return apply_macros(text, NO_CARD_NAME, persona.name)
    base = system_prompt.strip() or DEFAULT_SYSTEM
    instructions = card.system_prompt.replace("{{original}}", base) if card.system_prompt.strip() else base
    parts = [instructions]
    if lore_before.strip():
        parts.append(lore_before.strip())
    if card.description.strip():
        parts.append(card.description.strip())
    if card.personality.strip():
        parts.append(f"{{{{char}}}}'s personality: {card.personality.strip()}")
    if card.scenario.strip():
        parts.append(f"Scenario: {card.scenario.strip()}")
    if persona.description.strip():
        parts.append(_about(persona))
    if lore_after.strip():
        parts.append(lore_after.strip())
    examples = example_dialogue(card.mes_example)
    if examples:
        parts.append("Example dialogue:\n" + examples)
    return apply_macros("\n\n".join(parts), card.name, persona.name)


def _plain(system_prompt: str, persona: Persona) -> str:
    if persona.description.strip():
        return f"{system_prompt.rstrip()}\n\n{_about(persona)}" if system_prompt.strip() else _about(persona)
    return system_prompt


def _about(persona: Persona) -> str:
    """The persona's line in the pinned block (with or without a card)."""
    return f"About {{{{user}}}}: {persona.description.strip()}"


def example_dialogue(text: str) -> str:
    """mes_example without its <START> separators."""
    blocks = [b.strip() for b in re.split(r"<START>", text, flags=re.IGNORECASE) if b.strip()]
    return "\n\n".join(blocks)


def greetings(card: Card, persona: Persona) -> list[str]:
    """The first message and the alternate greetings (shown as swipes of the first reply)."""
    texts = [card.first_mes] + list(card.alternate_greetings)
    return [apply_macros(t, card.name, persona.name) for t in texts if t.strip()]


def post_history(card: Card | None, persona: Persona, authors_note: str = "") -> str:
    """Text placed right before each reply: the card's post-history instructions and the author's note."""
    parts = []
    if card is not None and card.post_history_instructions.strip():
        parts.append(card.post_history_instructions.strip().replace("{{original}}", ""))
    if authors_note.strip():
        parts.append(authors_note.strip())
    name = card.name if card else NO_CARD_NAME
    return apply_macros("\n".join(parts), name, persona.name)
