"""Plain data the engine worker sends to the GUI: a reply's result, a loaded model's info, and
llama.cpp's reason for a failed load."""

from __future__ import annotations

import re
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
        "reported": parse_llama_log(engine.load_log, [d.name for d in engine.remote_devices]).to_dict(),
        # other computers' GPUs (rpc), as their servers reported them at load time, in llama.cpp's order
        "remote_devices": [{"name": d.name, "free": d.free, "total": d.total} for d in engine.remote_devices],
        # the draft model that guesses ahead (speculative decoding), or None
        "draft": None if engine.draft is None else {
            "name": engine.draft.name, "max_tokens": engine.draft.max_tokens,
            "shape": ModelShape.from_facts(engine.draft.facts).to_dict()},
    }


_REMOTE_ALLOC = re.compile(r"failed to allocate RPC\d+\[([^\]]+)\] buffer of size (\d+)")


def remote_memory_problem(lines: list[str]) -> str:
    """A GPU server on another computer that could not allocate a buffer (ggml-rpc only logs its device's
    name, "RPC0[host:port]"), in words naming the server; "" if none."""
    for line in reversed(lines):
        if found := _REMOTE_ALLOC.search(line):
            return (f"the GPU server {found.group(1)} ran out of memory (it could not allocate "
                    f"{int(found.group(2)) / 2**20:,.0f} MiB): use fewer GPU layers or a shorter context")
    return ""


def llama_error(lines: list[str]) -> str:
    """The last error-looking line llama.cpp logged (its reason for a failed load)."""
    remote = remote_memory_problem(lines)
    if remote:
        return remote
    for line in reversed(lines):
        low = line.lower()
        if "error" in low or "failed" in low:
            return line.strip()
    return ""
