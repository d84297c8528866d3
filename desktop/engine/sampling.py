"""Sampler settings and the llama.cpp sampler chain built from them."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from typing import Any

DRY_DEFAULT_BREAKERS = ("\n", ":", '"', "*")
MAX_LOOKUP_DRAFT = 32


@dataclass
class SamplerSettings:
    """Every sampler knob; the neutral value of each turns that sampler off."""

    temperature: float = 0.8
    top_k: int = 40  # 0 = off
    top_p: float = 0.95  # 1 = off
    min_p: float = 0.05  # 0 = off
    typical_p: float = 1.0  # 1 = off
    repeat_penalty: float = 1.1  # 1 = off
    repeat_last_n: int = 64  # -1 = whole context
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0
    dry_multiplier: float = 0.0  # 0 = off
    dry_base: float = 1.75
    dry_allowed_length: int = 2
    dry_last_n: int = -1  # -1 = whole context
    dry_breakers: list[str] = field(default_factory=lambda: list(DRY_DEFAULT_BREAKERS))
    xtc_probability: float = 0.0  # 0 = off
    xtc_threshold: float = 0.1
    mirostat: int = 0  # 0 off, 1 Mirostat, 2 Mirostat 2.0
    mirostat_tau: float = 5.0
    mirostat_eta: float = 0.1
    seed: int = -1  # -1 = a new random seed each reply
    max_tokens: int = 512  # -1 = until a stop (endless)
    ignore_eos: bool = False  # never end the reply on end-of-generation tokens (endless stories)
    stop: list[str] = field(default_factory=list)
    logit_bias: dict[int, float] = field(default_factory=dict)  # token id -> added to its logit (-inf bans it)
    # Prompt lookup (speculative decoding): up to this many next tokens guessed from the context and
    # verified in one batch; the text is what plain decoding gives (0 = off).
    lookup_draft: int = 0

    def replace(self, **changes: Any) -> SamplerSettings:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SamplerSettings:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for values llama.cpp would misbehave on."""
        out: list[tuple[str, str]] = []
        if self.temperature < 0:
            out.append(("temperature", "must be 0 or more (0 = always the most likely token)"))
        for name in ("top_p", "min_p", "typical_p", "xtc_probability", "xtc_threshold"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                out.append((name, "must be between 0 and 1"))
        if self.top_k < 0:
            out.append(("top_k", "must be 0 (off) or more"))
        if self.repeat_penalty <= 0:
            out.append(("repeat_penalty", "must be above 0 (1 = off)"))
        if self.mirostat not in (0, 1, 2):
            out.append(("mirostat", "must be 0, 1 or 2"))
        if self.max_tokens == 0 or self.max_tokens < -1:
            out.append(("max_tokens", "must be -1 (no limit) or above 0"))
        if not 0 <= self.lookup_draft <= MAX_LOOKUP_DRAFT:
            out.append(("lookup_draft", f"must be from 0 (off) to {MAX_LOOKUP_DRAFT}"))
        if self.seed < -1 or self.seed > 0xFFFFFFFE:
            out.append(("seed", "must be -1 (random) or from 0 to 4294967294"))
        if not isinstance(self.logit_bias, dict) or not all(
                isinstance(k, int) and isinstance(v, (int, float)) for k, v in self.logit_bias.items()):
            out.append(("logit_bias", "must map token ids to numbers"))
        return out


def pick_seed(seed: int) -> int:
    return seed if seed >= 0 else random.randrange(0, 0xFFFFFFFF)
