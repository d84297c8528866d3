"""KoboldAI / KoboldCpp-compatible endpoints, the ones SillyTavern's KoboldCpp connection uses.

Field names follow KoboldCpp's `koboldcpp.py` (genparams) and SillyTavern's request builder.
Samplers Fireside does not have (top_a, tfs, rep_pen_slope, smoothing, dynamic temperature) are
accepted and listed under `ignored` in the response, never silently dropped.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from .. import __version__
from .fields import ApiError, Body, guess_ahead, read_json
from .responses import collect, event_stream, json_response, model_name, reuse_headers, usage_counts

KOBOLD_API_VERSION = "1.2.5"
KOBOLDCPP_COMPAT = "1.80.0"  # the KoboldCpp version whose API this matches (clients gate features on it)
DEFAULT_MAX_LENGTH = 180  # KoboldCpp's default max_length
UNSUPPORTED = ("top_a", "tfs", "rep_pen_slope", "smoothing_factor", "dynatemp_range", "grammar", "images")


def kobold_job(body: Body, n_ctx: int, client: str, endpoint: str,
               guess_default: int = 0) -> tuple[dict[str, Any], list[str]]:
    """The worker's job fields from a KoboldAI generate body, and the fields that were ignored
    (`guess_default`: the server's guess ahead, for a body without `lookup_draft`)."""
    max_length = body.integer("max_length", DEFAULT_MAX_LENGTH, 1, 1 << 20)
    max_context = body.integer("max_context_length", n_ctx, 1, 1 << 24)
    sampler = {
        "max_tokens": max_length,
        "temperature": body.number("temperature", 0.7, 0.0),
        "top_k": body.integer("top_k", 100, 0),
        "top_p": body.number("top_p", 0.92, 0.0, 1.0),
        "min_p": body.number("min_p", 0.0, 0.0, 1.0),
        "typical_p": body.number("typical", 1.0, 0.0, 1.0),
        "repeat_penalty": body.number("rep_pen", 1.0, 0.0),
        "repeat_last_n": max(-1, body.integer("rep_pen_range", 320)),
        "presence_penalty": body.number("presence_penalty", 0.0),
        "dry_multiplier": body.number("dry_multiplier", 0.0, 0.0),
        "dry_base": body.number("dry_base", 1.75, 1.0),
        "dry_allowed_length": body.integer("dry_allowed_length", 2, 0),
        "dry_last_n": _whole_if_off(body.integer("dry_penalty_last_n", 320)),
        "xtc_threshold": body.number("xtc_threshold", 0.2, 0.0, 1.0),
        "xtc_probability": body.number("xtc_probability", 0.0, 0.0, 1.0),
        "mirostat": body.integer("mirostat", 0, 0, 2),
        "mirostat_tau": body.number("mirostat_tau", 5.0, 0.0),
        "mirostat_eta": body.number("mirostat_eta", 0.1, 0.0),
        "seed": body.integer("sampler_seed", -1, -1, 0xFFFFFFFE),
        "stop": body.strings("stop_sequence"),
        "ignore_eos": body.boolean("ban_eos_token", False) or body.boolean("bypass_eos", False),
        "logit_bias": body.bias("logit_bias"),
        "lookup_draft": guess_ahead(body, guess_default),
    }
    if body.has("dry_sequence_breakers"):
        sampler["dry_breakers"] = body.strings("dry_sequence_breakers")
    banned = body.strings("banned_tokens") or body.strings("banned_strings")
    job = {"kind": "text", "prompt": body.text("prompt"), "memory": body.text("memory"), "sampler": sampler,
           "max_context": max_context, "banned": banned, "client": client, "endpoint": endpoint}
    ignored = [name for name in UNSUPPORTED if body.has(name)]
    return job, ignored


def _whole_if_off(value: int) -> int:
    return -1 if value <= 0 else value


def _finish_reason(reason: str) -> str:
    return "length" if reason == "max tokens" else "stop"


def add_routes(app: web.Application, server: Any) -> None:
    """`server` gives `gate`, `client_name(request)` and `api_key` (see server.ApiServer)."""
    gate = server.gate

    async def model(_request: web.Request) -> web.Response:
        status = gate.backend.model_status()
        return json_response({"result": model_name(status) if status else "inactive"})

    async def info_version(_request: web.Request) -> web.Response:
        return json_response({"result": KOBOLD_API_VERSION})

    async def extra_version(_request: web.Request) -> web.Response:
        return json_response({"result": "KoboldCpp", "version": KOBOLDCPP_COMPAT, "protected": bool(server.api_key),
                              "txt2img": False, "vision": False, "transcribe": False, "multiplayer": False,
                              "websearch": False, "tts": False, "embeddings": False,
                              "server": "Fireside", "fireside_version": __version__})

    async def max_context_length(_request: web.Request) -> web.Response:
        return json_response({"value": gate.require_model()["n_ctx"]})

    async def max_length(_request: web.Request) -> web.Response:
        return json_response({"value": DEFAULT_MAX_LENGTH})

    async def generate(request: web.Request) -> web.StreamResponse:
        body = Body(await read_json(request))
        status = gate.require_model()
        job, ignored = kobold_job(body, status["n_ctx"], server.client_name(request), request.path,
                               server.options.guess_ahead)
        genkey = body.text("genkey")
        async with gate.admit(job["client"], job["endpoint"]):
            text, result = await collect(gate.events(job, genkey))
        entry = {"text": text, "finish_reason": _finish_reason(result["reason"]),
                 "prompt_tokens": result["reuse"]["prompt_tokens"], "completion_tokens": result["completion_tokens"]}
        return json_response({"results": [entry], "usage": _usage(result), "ignored": ignored,
                              "banned_unmapped": result["banned_unmapped"]},
                             headers=reuse_headers(result["reuse"]))

    async def generate_stream(request: web.Request) -> web.StreamResponse:
        body = Body(await read_json(request))
        status = gate.require_model()
        job, _ignored = kobold_job(body, status["n_ctx"], server.client_name(request), request.path,
                                   server.options.guess_ahead)
        async with gate.admit(job["client"], job["endpoint"]):
            return await event_stream(request, gate.events(job, body.text("genkey")), _KoboldEvents())

    async def abort(request: web.Request) -> web.Response:
        hit = gate.abort(await _genkey(request))
        return json_response({"success": "true" if hit else "false", "done": "true"})

    async def check(request: web.Request) -> web.Response:
        return json_response({"results": [{"text": gate.pending_text(await _genkey(request))}]})

    async def tokencount(request: web.Request) -> web.Response:
        body = Body(await read_json(request))
        gate.require_model()
        text = body.text("prompt")
        try:
            ids = await asyncio.get_running_loop().run_in_executor(
                None, gate.backend.tokenize, text, body.boolean("special", True))
        except RuntimeError as exc:  # the model went away meanwhile
            raise ApiError(503, str(exc), "model_not_loaded") from exc
        return json_response({"value": len(ids), "ids": ids})

    r = app.router
    for prefix in ("/api/v1", "/api/latest"):
        r.add_get(f"{prefix}/model", model)
        r.add_get(f"{prefix}/info/version", info_version)
        r.add_get(f"{prefix}/config/max_context_length", max_context_length)
        r.add_get(f"{prefix}/config/max_length", max_length)
        r.add_post(f"{prefix}/generate", generate)
    r.add_get("/api/extra/version", extra_version)
    r.add_get("/api/extra/true_max_context_length", max_context_length)
    r.add_post("/api/extra/generate/stream", generate_stream)
    r.add_post("/api/extra/generate/check", check)
    r.add_get("/api/extra/generate/check", check)
    r.add_post("/api/extra/abort", abort)
    r.add_post("/api/extra/tokencount", tokencount)


async def _genkey(request: web.Request) -> str:
    """KoboldCpp's optional `genkey` (which of several clients' generations); a body that is not
    JSON means none, as in KoboldCpp."""
    if not request.can_read_body:
        return ""
    try:
        data = json.loads(await request.read() or b"{}")
    except ValueError:
        return ""
    key = data.get("genkey", "") if isinstance(data, dict) else ""
    return key if isinstance(key, str) else ""


def _usage(result: dict[str, Any]) -> dict[str, Any]:
    return {**usage_counts(result), "cached_tokens": result["reuse"]["cached_tokens"]}


class _KoboldEvents:
    """KoboldCpp's stream: `event: message` + `data: {"token": ..., "finish_reason": ...}`."""

    def token(self, text: str) -> bytes:
        return _event({"token": text, "finish_reason": "null"})

    def done(self, result: dict[str, Any]) -> bytes:
        return _event({"token": "", "finish_reason": _finish_reason(result["reason"]), "usage": _usage(result)})

    def error(self, status: int, message: str) -> bytes:
        return _event({"token": "", "finish_reason": "error", "error": {"message": message, "code": status}})


def _event(data: dict[str, Any]) -> bytes:
    return b"event: message\ndata: " + json.dumps(data, ensure_ascii=False).encode() + b"\n\n"
