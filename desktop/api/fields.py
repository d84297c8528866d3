"""Reading a client's JSON body: typed fields with clear errors (HTTP 400), never a traceback."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from ..engine.sampling import MAX_LOOKUP_DRAFT


class ApiError(Exception):
    """An error the client gets as JSON with this status."""

    def __init__(self, status: int, message: str, kind: str = "invalid_request_error", retry_after: int = 0) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.retry_after = retry_after  # seconds, sent as Retry-After (a 503 while the engine restarts)


def error_body(status: int, message: str, kind: str) -> dict[str, Any]:
    """One body both kinds of client understand: OpenAI's `error` and KoboldCpp's `detail`."""
    return {"error": {"message": message, "type": kind, "code": status},
            "detail": {"msg": message, "type": kind}}


async def read_json(request: web.Request) -> dict[str, Any]:
    """The request's body as a JSON object (size-limited by the server)."""
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge as exc:
        raise ApiError(413, f"the request body is too large ({exc.text})", "request_too_large") from exc
    if not raw.strip():
        raise ApiError(400, "the request body is empty; send a JSON object")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"the request body is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ApiError(400, "the request body must be a JSON object")
    return data


class Body:
    """Typed access to a JSON object's fields; a wrong type names the field."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def number(self, name: str, default: float, low: float | None = None, high: float | None = None) -> float:
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise ApiError(400, f"'{name}' must be a number, not {json.dumps(value)[:40]}")
        _check_range(name, value, low, high)
        return float(value)

    def integer(self, name: str, default: int, low: int | None = None, high: int | None = None) -> int:
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ApiError(400, f"'{name}' must be a whole number, not {json.dumps(value)[:40]}")
        _check_range(name, value, low, high)
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise ApiError(400, f"'{name}' must be true or false")
        return value

    def text(self, name: str, default: str = "") -> str:
        value = self.data.get(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise ApiError(400, f"'{name}' must be a string")
        return value

    def strings(self, name: str) -> list[str]:
        """A string or a list of strings (stop sequences and friends); a JSON-encoded list is accepted too."""
        value = self.data.get(name)
        if value is None:
            return []
        if isinstance(value, str):
            if value.startswith("["):
                try:
                    decoded = json.loads(value)
                except ValueError:
                    decoded = None
                if isinstance(decoded, list) and all(isinstance(v, str) for v in decoded):
                    return decoded
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ApiError(400, f"'{name}' must be a string or a list of strings")
        return value

    def bias(self, name: str) -> dict[int, float]:
        """OpenAI / KoboldCpp logit_bias: {"token id": bias}."""
        value = self.data.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ApiError(400, f"'{name}' must be an object mapping token ids to numbers")
        out: dict[int, float] = {}
        for key, bias in value.items():
            try:
                token = int(key)
            except ValueError:
                raise ApiError(400, f"'{name}': {key!r} is not a token id") from None
            if isinstance(bias, bool) or not isinstance(bias, (int, float)):
                raise ApiError(400, f"'{name}': the bias of token {token} must be a number")
            out[token] = float("-inf") if bias <= -100 else float(bias)
        return out


def _check_range(name: str, value: float, low: float | None, high: float | None) -> None:
    if low is not None and value < low:
        raise ApiError(400, f"'{name}' must be at least {low}, not {value}")
    if high is not None and value > high:
        raise ApiError(400, f"'{name}' must be at most {high}, not {value}")


def guess_ahead(body: Body, default: int) -> int:
    """`lookup_draft` (Fireside's own field, in KoboldCpp and OpenAI bodies alike): prompt lookup's
    guesses for this request, else the server's setting."""
    return body.integer("lookup_draft", default, 0, MAX_LOOKUP_DRAFT)
