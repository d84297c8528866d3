"""Answers shared by the KoboldAI and OpenAI endpoints: JSON, collected replies, event streams."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Protocol

from aiohttp import web

from .fields import ApiError

REPROCESSED_HEADER = "X-Fireside-Tokens-Reprocessed"
CACHED_HEADER = "X-Fireside-Tokens-Cached"
CUT_HEADER = "X-Fireside-Tokens-Cut"


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(text=json.dumps(data, ensure_ascii=False), status=status, headers=headers,
                        content_type="application/json")


def model_name(status: dict[str, Any]) -> str:
    return Path(str(status["path"])).stem


def reuse_headers(reuse: dict[str, Any]) -> dict[str, str]:
    """What the prompt cost, for any client: re-processed, reused and cut-out token counts."""
    return {REPROCESSED_HEADER: str(reuse["reprocessed"]), CACHED_HEADER: str(reuse["cached_tokens"]),
            CUT_HEADER: str(reuse["cut_tokens"])}


def usage_counts(result: dict[str, Any]) -> dict[str, Any]:
    """The usage figures both APIs report: the tokens, and what the prompt cost (cached, evaluated,
    cut out, re-processed, truncated) and how the generation went."""
    reuse = result["reuse"]
    return {"prompt_tokens": reuse["prompt_tokens"], "completion_tokens": result["completion_tokens"],
            "total_tokens": reuse["prompt_tokens"] + result["completion_tokens"],
            "tokens_evaluated": reuse["evaluated"], "tokens_cut": reuse["cut_tokens"],
            "tokens_reprocessed": reuse["reprocessed"], "prompt_truncated": reuse["truncated"],
            "context_shift": reuse["shift"], "gen_tps": round(result["gen_tps"], 2), "context_shifts": result["shifts"],
            "tokens_guessed": result.get("guessed", 0), "guesses_kept": result.get("guesses_kept", 0)}


async def collect(events: AsyncIterator[tuple[str, Any]]) -> tuple[str, dict[str, Any]]:
    """Run a job to its end: (text, result); an engine error is raised (an ApiError, see bridge)."""
    parts: list[str] = []
    async with contextlib.aclosing(events):  # type: ignore[type-var]
        async for kind, data in events:
            if kind == "token":
                parts.append(data)
            elif kind == "error":
                raise data
            elif kind == "done":
                return "".join(parts), data
    raise ApiError(500, "the job ended without a result", "engine_error")


class StreamFormat(Protocol):
    def token(self, text: str) -> bytes: ...

    def done(self, result: dict[str, Any]) -> bytes: ...

    def error(self, status: int, message: str) -> bytes: ...


async def event_stream(request: web.Request, events: AsyncIterator[tuple[str, Any]],
                       fmt: StreamFormat) -> web.StreamResponse:
    """Server-sent events. The headers go out once the prompt is loaded (so they can say what it
    cost); an error before that is a plain JSON error with its status."""
    response: web.StreamResponse | None = None
    try:
        async for kind, data in events:
            if kind == "error" and response is None:
                raise data
            if response is None:
                headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
                if kind == "prompt":
                    headers.update(reuse_headers(data))
                response = web.StreamResponse(headers=headers)
                response.content_type = "text/event-stream"
                response.charset = "utf-8"
                await response.prepare(request)
            if kind == "token":
                chunk = fmt.token(data)
                if chunk:  # (a piece held back, e.g. what may be the start of a marker, writes nothing)
                    await response.write(chunk)
            elif kind == "done":
                await response.write(fmt.done(data))
            elif kind == "error":
                await response.write(fmt.error(data.status, data.message))
        if response is None:
            raise ApiError(500, "the job ended without a result", "engine_error")
        await response.write_eof()
    except ConnectionResetError:  # the client went away mid-stream: its job is cancelled on the way out
        pass
    finally:
        await events.aclose()  # type: ignore[attr-defined]
    assert response is not None
    return response
