"""A chat's lore: which lorebooks it reads (its character's, its own, the global ones), their timed
effects, and this turn's entries split by where they go."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .conversation import Conversation
from .lore_scan import PINNED, ScanResult, scan
from .lorebook import AFTER_CHAR, AT_DEPTH, BEFORE_CHAR, IN_CHAT, Lorebook

MAX_SCAN_MESSAGES = 100


@dataclass(frozen=True)
class TurnLore:
    """This turn's lore as the prompt takes it."""

    before_char: str = ""  # in the pinned block, before the character (re-reads the chat when it changes)
    after_char: str = ""  # in the pinned block, after the character (constant entries)
    in_chat: tuple[dict[str, Any], ...] = ()  # placed in the history (engine.lore_spans)
    scan: ScanResult = field(default_factory=ScanResult)


def estimate_tokens(text: str) -> int:
    """Tokens of `text` without a tokenizer: a CJK character is about one token, other text about four
    characters a token (good enough for the lorebook budget; the context map shows the real counts)."""
    cjk = sum(1 for c in text if "\u3040" <= c <= "\u9fff" or "\uff66" <= c <= "\uff9f")
    return cjk + max(0, len(text) - cjk) // 4 + (1 if text else 0)


def turn_lore(conv: Conversation, books: Sequence[tuple[str, Lorebook]], n_ctx: int, char: str, user: str,
              count_tokens: Callable[[str], int] = estimate_tokens, rng: random.Random | None = None) -> TurnLore:
    """Scan the chat's newest messages; updates the chat's timed effects (conv.lore.timed)."""
    chosen = [(key, book) for key, book in books if key not in conv.lore.off and book.enabled]
    if not chosen:
        return TurnLore()
    depth = min(MAX_SCAN_MESSAGES, max([b.scan_depth for _, b in chosen]
                                       + [e.scan_depth or 0 for _, b in chosen for e in b.entries]))
    total = len(conv.messages)
    tail = [m.text for m in conv.messages[max(0, total - depth):]] if depth else []
    assistant_turns = sum(1 for m in conv.messages[max(0, total - depth):] if m.role == "assistant") + max(0, total - depth) // 2
    result = scan(chosen, tail, total, n_ctx, conv.lore.timed, count_tokens, rng, char=char, user=user,
                  assistant_turns=assistant_turns)
    before = "\n".join(e.content for e in result.placed(BEFORE_CHAR))
    after = "\n".join(e.content for e in result.placed(PINNED, AFTER_CHAR))
    in_chat = tuple({"key": e.key, "text": e.content, "placement": e.placement, "depth": e.depth}
                    for e in result.placed(IN_CHAT, AT_DEPTH))
    return TurnLore(before, after, in_chat, result)
