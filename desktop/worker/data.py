"""Plain data the engine worker sends to the GUI: a reply's result, a loaded model's info, and
llama.cpp's reason for a failed load."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..engine import Engine, Generation
from ..monitor.reported import parse_llama_log
from ..monitor.shape import ModelShape


def result(gen: Generation) -> dict[str, Any]:
    st = gen.stats
    return {"text": gen.text, "stats": str(st), "notice": st.shift_notice(), "reason": st.stop_reason,
            "data": st.to_dict()}


def model_info(engine: Engine) -> dict[str, Any]:
    facts = asdict(engine.facts)
    facts.pop("tensors")
    facts.pop("chat_template")
    return {
        "facts": facts,
        "config": engine.config.to_dict(),
        "n_ctx": engine.n_ctx,
        "load_seconds": engine.load_seconds,
        "warnings": [str(w) for w in engine.warnings],
        "format_notice": engine.chat_format.notice,
        "shift_notice": engine.shift_notice(),
        "shape": ModelShape.from_facts(engine.facts).to_dict(),
        "reported": parse_llama_log(engine.load_log).to_dict(),
    }


def llama_error(lines: list[str]) -> str:
    """The last error-looking line llama.cpp logged (its reason for a failed load)."""
    for line in reversed(lines):
        low = line.lower()
        if "error" in low or "failed" in low:
            return line.strip()
    return ""
