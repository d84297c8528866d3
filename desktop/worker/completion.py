"""One local-API request as plain data (no engine, no llama.cpp: the app process builds these)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Sink = Callable[[str, Any], None]


@dataclass
class Completion:
    """One API request, as plain data plus the sink its events go to."""

    kind: str  # "text": memory + prompt as given; "chat": messages, rendered with the model's template
    sink: Sink
    prompt: str = ""
    memory: str = ""
    messages: list[dict[str, str]] = field(default_factory=list)
    sampler: dict[str, Any] = field(default_factory=dict)
    max_context: int = 0  # the client's window (0: the model's)
    banned: list[str] = field(default_factory=list)  # strings never to generate (each must be one token)
    client: str = ""
    endpoint: str = ""
