"""OpenAI-compatible endpoints: /v1/models, /v1/completions, /v1/chat/completions.

Chat messages are rendered with the model's own chat template (the one the window uses). Besides
OpenAI's fields, the llama.cpp-style sampler fields (top_k, min_p, repeat_penalty, ...) are read
too, as SillyTavern's text-completion presets send them. `usage` also says what the prompt cost:
cached, evaluated, cut out and re-processed tokens.

A reasoning model's thinking (a leading `<think>` ... `</think>` block, see `chat.reasoning`) comes
apart from the answer on /v1/chat/completions, as llama.cpp's server does with
`--reasoning-format deepseek`: `message.reasoning_content` beside `message.content`, and
`delta.reasoning_content` chunks when streaming. `"reasoning_format": "none"` in the request keeps it
all in `content`. /v1/completions returns the text as generated.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Sequence
from typing import Any

from aiohttp import web

from ..chat.reasoning import ReasoningStream, model_opens_reasoning, split_reasoning
from .fields import ApiError, Body, guess_ahead, read_json
from .responses import collect, event_stream, json_response, model_name, reuse_headers, usage_counts

DEFAULT_MAX_TOKENS = 512
ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
REASONING_FORMATS = ("auto", "deepseek", "none")  # llama.cpp's names; auto and deepseek split alike


def sampler(body: Body) -> dict[str, Any]:
    max_tokens = body.integer("max_completion_tokens", body.integer("max_tokens", DEFAULT_MAX_TOKENS, -1), -1)
    if max_tokens == 0:
        raise ApiError(400, "'max_tokens' must be at least 1 (or -1 for no limit)")
    if body.integer("n", 1) != 1:
        raise ApiError(400, "'n' must be 1: Fireside generates one choice per request")
    out: dict[str, Any] = {
        "max_tokens": max_tokens,
        "temperature": body.number("temperature", 0.8, 0.0, 2.0),
        "top_p": body.number("top_p", 1.0, 0.0, 1.0),
        "top_k": body.integer("top_k", 0, 0),
        "min_p": body.number("min_p", 0.0, 0.0, 1.0),
        "typical_p": body.number("typical_p", 1.0, 0.0, 1.0),
        "presence_penalty": body.number("presence_penalty", 0.0, -2.0, 2.0),
        "frequency_penalty": body.number("frequency_penalty", 0.0, -2.0, 2.0),
        "repeat_penalty": body.number("repeat_penalty", body.number("repetition_penalty", 1.0, 0.0), 0.0),
        "repeat_last_n": body.integer("repeat_last_n", 64, -1),
        "seed": body.integer("seed", -1, -1, 0xFFFFFFFE),
        "stop": body.strings("stop"),
        "logit_bias": body.bias("logit_bias"),
        "mirostat": body.integer("mirostat", body.integer("mirostat_mode", 0, 0, 2), 0, 2),
        "mirostat_tau": body.number("mirostat_tau", 5.0, 0.0),
        "mirostat_eta": body.number("mirostat_eta", 0.1, 0.0),
        "dry_multiplier": body.number("dry_multiplier", 0.0, 0.0),
        "xtc_probability": body.number("xtc_probability", 0.0, 0.0, 1.0),
        "xtc_threshold": body.number("xtc_threshold", 0.1, 0.0, 1.0),
        "ignore_eos": body.boolean("ignore_eos", False),
    }
    if len(out["stop"]) > 16:
        raise ApiError(400, "'stop' takes at most 16 strings")
    return out


def chat_messages(body: Body) -> list[dict[str, str]]:
    raw = body.data.get("messages")
    if not isinstance(raw, list) or not raw:
        raise ApiError(400, "'messages' must be a non-empty list of {role, content} objects")
    out: list[dict[str, str]] = []
    for i, message in enumerate(raw):
        if not isinstance(message, dict):
            raise ApiError(400, f"messages[{i}] must be an object")
        role = ROLES.get(message.get("role"))  # type: ignore[arg-type]
        if role is None:
            raise ApiError(400, f"messages[{i}].role must be one of {', '.join(ROLES)}")
        out.append({"role": role, "content": _content(message.get("content"), i)})
    return out


def _content(value: Any, index: int) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, list):
        parts = []
        for part in value:
            if not isinstance(part, dict) or part.get("type") != "text" or not isinstance(part.get("text"), str):
                raise ApiError(400, f"messages[{index}].content: only text parts are supported")
            parts.append(part["text"])
        return "".join(parts)
    raise ApiError(400, f"messages[{index}].content must be a string or a list of text parts")


async def reasoning_split(body: Body, status: dict[str, Any]) -> bool | None:
    """None to keep the thinking in `content`; else whether the reply starts inside the block (the
    model's generation prompt opens it)."""
    fmt = body.text("reasoning_format", "auto")
    if fmt not in REASONING_FORMATS:
        raise ApiError(400, f"'reasoning_format' must be one of {', '.join(REASONING_FORMATS)}, not {fmt[:40]!r}")
    if fmt == "none":
        return None
    return await asyncio.to_thread(model_opens_reasoning, str(status["path"]))  # reads the (cached) header


def _finish_reason(reason: str) -> str:
    return "length" if reason == "max tokens" else "stop"


def usage(result: dict[str, Any]) -> dict[str, Any]:
    return {**usage_counts(result), "prompt_tokens_details": {"cached_tokens": result["reuse"]["cached_tokens"]}}


def add_routes(app: web.Application, server: Any) -> None:
    gate = server.gate

    def request_sampler(body: Body) -> dict[str, Any]:
        return {**sampler(body), "lookup_draft": guess_ahead(body, server.options.guess_ahead)}

    async def models(_request: web.Request) -> web.Response:
        status = gate.backend.model_status()
        data = [{"id": model_name(status), "object": "model", "created": int(status["loaded_at"]),
                 "owned_by": "fireside"}] if status else []
        return json_response({"object": "list", "data": data})

    async def completions(request: web.Request) -> web.StreamResponse:
        body = Body(await read_json(request))
        prompt = body.data.get("prompt")
        if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
            prompt = prompt[0]
        if not isinstance(prompt, str):
            raise ApiError(400, "'prompt' must be a string (one prompt per request)")
        job = {"kind": "text", "prompt": prompt, "sampler": request_sampler(body)}
        return await _run(request, body, job, chat=False)

    async def chat_completions(request: web.Request) -> web.StreamResponse:
        body = Body(await read_json(request))
        messages = chat_messages(body)
        if server.lore is not None:  # the user's global lorebooks, placed so the cache is kept (chat.api_lore)
            status = gate.require_model()
            messages = await asyncio.to_thread(server.lore.apply, messages, int(status.get("n_ctx") or 4096))
        job = {"kind": "chat", "messages": messages, "sampler": request_sampler(body)}
        return await _run(request, body, job, chat=True)

    async def _run(request: web.Request, body: Body, job: dict[str, Any], chat: bool) -> web.StreamResponse:
        status = gate.require_model()
        name = model_name(status)
        split = await reasoning_split(body, status) if chat else None
        job.update(client=server.client_name(request), endpoint=request.path)
        stream = body.boolean("stream", False)
        options = body.data.get("stream_options")
        include_usage = isinstance(options, dict) and options.get("include_usage") is True
        ident = ("chatcmpl-" if chat else "cmpl-") + uuid.uuid4().hex[:24]
        async with gate.admit(job["client"], job["endpoint"]):
            if stream:
                return await event_stream(request, gate.events(job),
                                          _OpenAIEvents(ident, name, chat, include_usage, split))
            text, result = await collect(gate.events(job))
        choice: dict[str, Any] = {"index": 0, "finish_reason": _finish_reason(result["reason"]), "logprobs": None}
        if chat:
            choice["message"] = {"role": "assistant", "content": text}
            if split is not None:
                reasoning, choice["message"]["content"] = split_reasoning(text, split)
                if reasoning:
                    choice["message"]["reasoning_content"] = reasoning
        else:
            choice["text"] = text
        return json_response({"id": ident, "object": "chat.completion" if chat else "text_completion",
                              "created": int(time.time()), "model": name, "choices": [choice],
                              "usage": usage(result), "system_fingerprint": "fireside"},
                             headers=reuse_headers(result["reuse"]))

    r = app.router
    r.add_get("/v1/models", models)
    r.add_post("/v1/completions", completions)
    r.add_post("/v1/chat/completions", chat_completions)


class _OpenAIEvents:
    """OpenAI's stream: `data: {chunk}` lines, then `data: [DONE]`.

    `reasoning` (chat only): None sends every piece as `content`; else pieces go through a
    `ReasoningStream` (True: the reply starts inside the thinking block) and the thinking goes out as
    `reasoning_content` deltas. Text that may still be a marker waits for the next piece (or the end)."""

    def __init__(self, ident: str, model: str, chat: bool, include_usage: bool,
                 reasoning: bool | None = None) -> None:
        self.ident = ident
        self.model = model
        self.chat = chat
        self.include_usage = include_usage
        self.first = True
        self.splitter = ReasoningStream(reasoning) if chat and reasoning is not None else None

    def _chunk(self, choice: dict[str, Any] | None, extra: dict[str, Any] | None = None) -> bytes:
        data = {"id": self.ident, "object": "chat.completion.chunk" if self.chat else "text_completion",
                "created": int(time.time()), "model": self.model, "choices": [choice] if choice else [],
                **(extra or {})}
        return b"data: " + json.dumps(data, ensure_ascii=False).encode() + b"\n\n"

    def _choice(self, text: str, finish: str | None, field: str = "content") -> dict[str, Any]:
        if not self.chat:
            return {"index": 0, "text": text, "finish_reason": finish, "logprobs": None}
        delta: dict[str, Any] = {field: text}
        if self.first:
            delta["role"] = "assistant"
            self.first = False
        return {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}

    def _deltas(self, deltas: Sequence[tuple[str, str]]) -> bytes:
        return b"".join(self._chunk(self._choice(text, None, "reasoning_content" if kind == "reasoning" else "content"))
                        for kind, text in deltas)

    def token(self, text: str) -> bytes:
        if self.splitter is not None:
            return self._deltas(self.splitter.feed(text))
        return self._chunk(self._choice(text, None))

    def done(self, result: dict[str, Any]) -> bytes:
        out = self._deltas(self.splitter.finish()) if self.splitter is not None else b""
        out += self._chunk(self._choice("", _finish_reason(result["reason"])))
        if self.include_usage:
            out += self._chunk(None, {"usage": usage(result)})
        return out + b"data: [DONE]\n\n"

    def error(self, status: int, message: str) -> bytes:
        return (b"data: " + json.dumps({"error": {"message": message, "code": status}}).encode() + b"\n\n"
                + b"data: [DONE]\n\n")
