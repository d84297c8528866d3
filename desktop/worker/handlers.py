"""Every kind of job the engine process runs, and which of them answer at once.

A new kind of job is a handler module (a function `handler(ctx: JobContext, args) -> result`) and one
line here; the app submits it with `EngineClient.submit(kind, args, owner)`."""

from __future__ import annotations

from typing import Any

from . import api_run, audit_job, chat_job, load_job, probe_job, read_job, summary_job
from .jobs import Handler, JobContext


def tokenize(ctx: JobContext, args: dict[str, Any]) -> list[int]:
    """The API's token counts: args {"text", "special"}."""
    with ctx.state.lock:
        engine = ctx.state.require_engine()
        return list(engine.model.tokenize(str(args["text"]), parse_special=bool(args.get("special", True))))


def inspect(ctx: JobContext, args: dict[str, Any]) -> dict[str, Any]:
    """Diagnostics (the log's "copy debug info", tests): what the cache holds and whether its mirror
    holds together. args {"text": True} adds the cache detokenized."""
    engine = ctx.state.require_engine()
    kv = engine.kv
    problem = ""
    try:
        kv.check_invariant()
    except AssertionError as exc:
        problem = str(exc) or "the token mirror and the cache disagree"
    out: dict[str, Any] = {"kv_tokens": len(kv.tokens), "invariant": problem or "ok", "active": ctx.state.active,
                           "stops": {str(k): list(chat.format.stop) for k, chat in ctx.state.sessions.items()},
                           "counters": dict(kv.counters.__dict__)}
    if args.get("text"):
        out["text"] = engine.model.detokenize(kv.tokens)
    return out


HANDLERS: dict[str, Handler] = {
    "load": load_job.load,
    "unload": load_job.unload,
    "reply": chat_job.reply,
    "summarize": summary_job.summarize,
    "read": read_job.read,
    "probe": probe_job.check,
    "complete": api_run.complete,
    "tokenize": tokenize,
    "inspect": inspect,
    "audit": audit_job.audit,
}

# Kinds that run beside the queue, in the engine process's reader thread (they only read the
# loaded model, under the state's lock): a token count never waits behind a long reply.
IMMEDIATE = frozenset({"tokenize"})
