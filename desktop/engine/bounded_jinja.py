"""Chat templates rendered with a bound on time and size.

A GGUF file carries its chat template, and a hostile or broken one can loop for hours
(`{% for a in range(100000) %}{% for b in range(100000) %}`) or build a string of gigabytes. Jinja's
sandbox stops templates from touching Python internals, not from running forever, so this
environment checks a deadline (and a cancel flag) at every call, attribute and item access, binary
operator and `range` step, and refuses values and output larger than the budget allows.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

RENDER_SECONDS = 5.0  # a real template renders a long chat in milliseconds
MIN_VALUE_CHARS = 1_000_000  # any value or the output may be this long, plus a few times the input
MAX_RANGE = 100_000
MAX_NUMBER = 10_000_000  # integer arguments to filters (widths, counts) above this are refused


class TemplateLimit(RuntimeError):
    """The template ran out of time or built something too large."""


class _Budget:
    def __init__(self, seconds: float, max_chars: int, cancelled: Callable[[], bool] | None) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.max_chars = max_chars
        self.cancelled = cancelled

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"the chat template took longer than {self.seconds:g} s to render")
        if self.cancelled is not None and self.cancelled():
            raise TemplateLimit("cancelled while rendering the chat template")

    def check_value(self, value: Any) -> Any:
        if isinstance(value, (str, bytes, list, tuple, dict)) and len(value) > self.max_chars:
            raise TemplateLimit(f"the chat template built a value of {len(value):,} items "
                                f"(the limit is {self.max_chars:,})")
        return value


_local = threading.local()


def _budget() -> _Budget:
    budget = getattr(_local, "budget", None)
    if budget is None:
        raise TemplateLimit("a chat template was rendered outside a budget")
    return budget


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict)) else 1


def _check_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    budget = _budget()
    budget.check()
    for value in (*args, *kwargs.values()):
        budget.check_value(value)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise TemplateLimit(f"the chat template passed the number {value} to a filter")


def _guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _check_args(args, kwargs)
        return _budget().check_value(fn(*args, **kwargs))

    return wrapper


def _bounded_range(*args: int) -> Iterator[int]:
    items = range(*args)
    if len(items) > MAX_RANGE:
        raise TemplateLimit(f"the chat template asked for a range of {len(items):,} numbers")
    budget = _budget()
    for i in items:
        budget.check()
        yield i


_LARGE_FORMAT = re.compile(r"%[-+ #0]*\d{6,}")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "+", "%", "//", "/"])

    def __init__(self) -> None:
        super().__init__(loader=jinja2.BaseLoader(), trim_blocks=True, lstrip_blocks=True)
        self.filters = {name: _guarded(fn) for name, fn in self.filters.items()}
        self.tests = {name: _guarded(fn) for name, fn in self.tests.items()}  # type: ignore[arg-type]  # (jinja types tests loosely)
        self.globals["range"] = _bounded_range

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        budget.check()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > budget.max_chars:
                    raise TemplateLimit("the chat template multiplies a text or list past the size limit")
        elif operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise TemplateLimit(f"the chat template raises a number to the power {right}")
        elif operator == "+":
            if _size(left) + _size(right) > budget.max_chars:
                raise TemplateLimit("the chat template joins values past the size limit")
        elif operator == "%" and isinstance(left, str) and _LARGE_FORMAT.search(left):
            raise TemplateLimit("the chat template formats a text with a huge width")
        return budget.check_value(super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        budget = _budget()
        budget.check()
        return budget.check_value(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        budget = _budget()
        budget.check()
        return budget.check_value(super().getitem(obj, argument))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_args(args, kwargs)
        return _budget().check_value(super().call(__context, __obj, *args, **kwargs))


def _raise_exception(message: str) -> None:
    raise ValueError(message)


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


class BoundedTemplate:
    """A compiled chat template; `render(**variables)` enforces time, size and cancel."""

    def __init__(self, source: str, cancelled: Callable[[], bool] | None = None,
                 seconds: float = RENDER_SECONDS) -> None:
        self._template = BoundedEnvironment().from_string(source)
        self.cancelled = cancelled
        self.seconds = seconds

    def render(self, **variables: Any) -> str:
        input_chars = sum(len(m.get("content") or "") for m in variables.get("messages", []) if isinstance(m, dict))
        budget = _Budget(self.seconds, MIN_VALUE_CHARS + 4 * input_chars, self.cancelled)
        variables.setdefault("raise_exception", _raise_exception)
        variables.setdefault("strftime_now", _strftime_now)
        previous = getattr(_local, "budget", None)
        _local.budget = budget
        try:
            parts: list[str] = []
            size = 0
            for chunk in self._template.generate(**variables):
                size += len(chunk)
                if size > budget.max_chars:
                    raise TemplateLimit(f"the chat template wrote more than {budget.max_chars:,} characters")
                budget.check()
                parts.append(chunk)
            return "".join(parts)
        finally:
            _local.budget = previous
