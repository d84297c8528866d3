"""The long-term memory's update: the `summarize` job (owner background). The loaded model writes the
new summary after the chat's cached history, and the cache is then cut back to the chat: nothing of
the chat is evaluated again, and the user's next send cancels it (the job stops at the next token)."""

from __future__ import annotations

from typing import Any

from . import chat_job
from .jobs import JobContext, JobFailed
from .protocol import REFUSED

MAX_SUMMARY_TOKENS = 400


def summarize(ctx: JobContext, request: dict[str, Any]) -> dict[str, Any]:
    """request: the chat as for `reply` (so the session and cache are the chat's), plus `instruction`
    (chat.memory.summary_instruction) and `max_tokens`. Result: text, stop reason, evaluated tokens."""
    instruction = request.get("instruction")
    if not isinstance(instruction, str) or not instruction.strip():
        raise JobFailed("a summary needs an instruction", REFUSED)
    # The chat's sampler (its penalties, its banned tokens), but a summary's own length and a low temperature.
    settings = chat_job.sampler_of({"sampler": {**(request.get("sampler") or {}), "temperature": 0.3, "max_tokens": min(
        MAX_SUMMARY_TOKENS, int(request.get("max_tokens") or 200))}})
    ctx.cancel.check()
    key = request.get("chat")
    with chat_job.cache_reset_on_failure(ctx, key):
        key, chat = chat_job.prepare(ctx, {**request, "mode": "reply"})
        span, gen = chat.side_reply(instruction, settings)
        ctx.cancel.on_cancel(gen.cancel)
        try:
            for _piece in gen:
                pass
        finally:
            chat.drop_span(span)  # the chat's cache as it was: its next turn reads only what is new
    st = gen.stats
    return {"text": gen.text.strip(), "reason": st.stop_reason, "prompt_tokens": st.prompt_tokens,
            "tokens": st.tokens_generated}
