"""Per-reply statistics, printed the way text-generation-webui users know them."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class GenerationStats:
    seconds: float = 0.0
    tokens_generated: int = 0
    gen_seconds: float = 0.0
    prompt_tokens: int = 0  # tokens evaluated before the first new token
    prompt_seconds: float = 0.0
    context_used: int = 0
    n_ctx: int = 0
    seed: int = 0
    shifts: int = 0
    tokens_discarded: int = 0
    tokens_reprocessed: int = 0
    stop_reason: str = ""  # "eos", "stop string", "max tokens", "cancelled", "error"
    guessed: int = 0  # prompt lookup: tokens guessed and verified
    guesses_kept: int = 0  # of those, the ones the model confirmed

    @property
    def gen_tps(self) -> float:
        return self.tokens_generated / self.gen_seconds if self.gen_seconds > 0 else 0.0

    @property
    def prompt_tps(self) -> float:
        return self.prompt_tokens / self.prompt_seconds if self.prompt_seconds > 0 else 0.0

    def __str__(self) -> str:
        tps = self.tokens_generated / self.seconds if self.seconds > 0 else 0.0
        return (f"Output generated in {self.seconds:.2f} seconds ({tps:.2f} tokens/s, "
                f"{self.tokens_generated} tokens, context {self.context_used}, seed {self.seed})")

    def shift_notice(self) -> str:
        """The line shown under a reply when the window moved, or empty."""
        if not self.tokens_discarded:
            return ""
        return (f"context shifted: {self.tokens_discarded} tokens dropped, "
                f"{self.tokens_reprocessed} re-processed")

    def to_dict(self) -> dict[str, float | int | str]:
        data = asdict(self)
        data["gen_tps"] = self.gen_tps
        data["prompt_tps"] = self.prompt_tps
        return data
