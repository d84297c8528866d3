"""A chat's long-term memory: a summary of the turns the window let go of, and facts the user pinned
(a summary may never drop them). Stored with the chat, exported in its JSONL metadata, and carried
into a new chat on request."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_SUMMARY_CHARS = 6_000
MAX_FACTS = 50
MAX_FACT_CHARS = 500
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


@dataclass
class ChatMemory:
    summary: str = ""
    facts: list[str] = field(default_factory=list)
    covered: int = 0  # the chat's first `covered` messages are in the summary
    enabled: bool = True

    def text(self) -> str:
        """What the model reads (empty when off or empty)."""
        if not self.enabled:
            return ""
        parts = [self.summary.strip()] if self.summary.strip() else []
        facts = [f.strip() for f in self.facts if f.strip()]
        if facts:
            parts.append("\n".join(f"- {f}" for f in facts))
        return "\n".join(parts)

    def problems(self) -> list[str]:
        out = []
        if len(self.summary) > MAX_SUMMARY_CHARS:
            out.append(f"the memory is {len(self.summary):,} characters; keep it under {MAX_SUMMARY_CHARS:,}")
        if len(self.facts) > MAX_FACTS:
            out.append(f"{len(self.facts)} pinned facts; the limit is {MAX_FACTS}")
        if any(len(f) > MAX_FACT_CHARS for f in self.facts):
            out.append(f"a pinned fact is over {MAX_FACT_CHARS} characters")
        return out

    def to_json(self) -> dict[str, Any]:
        return {"summary": self.summary, "facts": list(self.facts), "covered": self.covered, "enabled": self.enabled}

    @classmethod
    def from_json(cls, data: Any) -> ChatMemory:
        if not isinstance(data, dict):
            return cls()
        facts = data.get("facts")
        covered = data.get("covered")
        return cls(summary=str(data.get("summary") or "")[:MAX_SUMMARY_CHARS * 2],
                   facts=[str(f) for f in facts][:MAX_FACTS * 2] if isinstance(facts, list) else [],
                   covered=covered if isinstance(covered, int) and covered >= 0 else 0,
                   enabled=bool(data.get("enabled", True)))

    def carried(self) -> ChatMemory:
        """The memory a new chat starts with: everything known, nothing of this chat's messages covered."""
        return ChatMemory(self.summary, list(self.facts), 0, self.enabled)


def is_japanese(texts: list[str]) -> bool:
    """Whether these messages are mostly Japanese (the summary is then asked for in Japanese)."""
    sample = "".join(texts)[-4000:]
    letters = sum(1 for c in sample if c.isalpha())
    return letters > 0 and len(_CJK.findall(sample)) / letters > 0.3


def summary_instruction(old_summary: str, facts: list[str], turns: list[tuple[str, str]], japanese: bool,
                        max_words: int = 120) -> str:
    """The request the model answers with the new memory: the old memory, the turns that are leaving
    the window (given in full: they may be gone from the cache already), the facts to keep."""
    lines = "\n".join(f"{name}: {text.strip()}" for name, text in turns if text.strip())
    kept = "\n".join(f"- {f}" for f in facts if f.strip())
    if japanese:
        out = "これまでの物語の要約を書き直してください。"
        if old_summary.strip():
            out += f"\n\n今までの要約:\n{old_summary.strip()}"
        out += f"\n\n新しい出来事:\n{lines}"
        if kept:
            out += f"\n\n必ず残す事実:\n{kept}"
        return out + f"\n\n日本語で、{max_words * 2}字以内の一段落で、要約だけを書いてください。"
    out = "Rewrite the summary of the story so far."
    if old_summary.strip():
        out += f"\n\nThe summary until now:\n{old_summary.strip()}"
    out += f"\n\nWhat happened next:\n{lines}"
    if kept:
        out += f"\n\nFacts to keep:\n{kept}"
    return out + f"\n\nWrite only the new summary, one paragraph of at most {max_words} words, in English."


SUMMARY_WHEN_FULL = 0.75  # the window this full: its oldest turns leave soon
LOOKAHEAD = 4  # summarize the messages that will leave within this many
MAX_BATCH_MESSAGES = 16
MAX_BATCH_CHARS = 6_000


def summary_due(memory: ChatMemory, context_map: dict[str, Any], total_messages: int) -> tuple[int, int] | None:
    """(first, end): the messages to fold into the memory now, or None. Due when the window is nearly
    full and messages that have left it, or are about to, are not in the memory yet; the newest two
    messages are never taken (they are the turn being played)."""
    if not memory.enabled or not context_map:
        return None
    n_ctx, used = int(context_map.get("n_ctx") or 0), int(context_map.get("used") or 0)
    if not n_ctx or used < SUMMARY_WHEN_FULL * n_ctx:
        return None
    oldest_live = context_map.get("next_to_go")
    if oldest_live is None:
        oldest_live = int(context_map.get("evicted") or 0)
    end = min(total_messages - 2, int(oldest_live) + LOOKAHEAD, memory.covered + MAX_BATCH_MESSAGES)
    if end - memory.covered < 2:
        return None
    return memory.covered, end
