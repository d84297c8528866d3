"""Chat formatting with the model's own GGUF chat template.

The template is rendered in a Jinja sandbox with a bound on time and size (`bounded_jinja`): a
template from a downloaded file may loop forever or build gigabytes. The engine needs the prompt split by message, so that each message
is one span of the KV cache: message i's text is render(messages[:i+1]) minus render(messages[:i]).
That only works for templates whose output for a conversation starts with their output for any
earlier part of it, and that keep the system prompt at the top; every other case (no template, a
template that fails to render, a template that is not prefix-stable) uses a plain built-in format
and says why in `notice`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from collections.abc import Callable

from .bounded_jinja import BoundedTemplate

log = logging.getLogger("fireside.template")

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": str}


class TemplateError(ValueError):
    pass


class TurnFormat:
    """What a formatter must give the engine."""

    def system(self, content: str) -> str:
        raise NotImplementedError

    def message(self, history: list[Message], message: Message) -> str:
        """Text of `message` following `history` (which starts with the system message)."""
        raise NotImplementedError

    def generation_prompt(self, history: list[Message]) -> str:
        """Text that opens the assistant's reply after `history`."""
        raise NotImplementedError

    @property
    def stop(self) -> list[str]:
        return []


class GgufTemplateFormat(TurnFormat):
    def __init__(self, template: str, bos_token: str, eos_token: str, strip_bos: bool = True,
                 cancelled: Callable[[], bool] | None = None) -> None:
        try:
            self._template = BoundedTemplate(template, cancelled)
        except Exception as exc:  # jinja2 syntax errors, recursion in the parser and friends
            raise TemplateError(f"the model's chat template does not compile: {exc}") from exc
        self.bos_token = bos_token
        self.eos_token = eos_token
        # Only a model that adds BOS itself needs a BOS written by the template taken away.
        self.strip_bos = bos_token if strip_bos else ""

    def render(self, messages: list[Message], add_generation_prompt: bool = False) -> str:
        try:
            text = self._template.render(messages=messages, bos_token=self.bos_token, eos_token=self.eos_token,
                                         add_generation_prompt=add_generation_prompt)
        except Exception as exc:  # anything the template raises, its limits included
            raise TemplateError(f"the model's chat template failed to render: {exc}") from exc
        if self.strip_bos and text.startswith(self.strip_bos):
            text = text[len(self.strip_bos):]
        return text

    def system(self, content: str) -> str:
        return self.render([{"role": "system", "content": content}])

    def message(self, history: list[Message], message: Message) -> str:
        before = self.render(history)
        after = self.render(history + [message])
        if not after.startswith(before):
            raise TemplateError("the chat template rewrites earlier messages when a new one is added")
        return after[len(before):]

    def generation_prompt(self, history: list[Message]) -> str:
        without = self.render(history)
        with_prompt = self.render(history, add_generation_prompt=True)
        if not with_prompt.startswith(without):
            raise TemplateError("the chat template's generation prompt rewrites the conversation")
        return with_prompt[len(without):]

    def check(self) -> None:
        """Render a probe conversation; raise TemplateError unless the template suits the engine."""
        probe_system = "SYSTEM-PROBE-7"
        history: list[Message] = [{"role": "system", "content": probe_system}]
        if probe_system not in self.system(probe_system):
            raise TemplateError("the chat template does not put the system prompt at the top")
        for role, text in (("user", "hello"), ("assistant", "hi"), ("user", "again")):
            msg = {"role": role, "content": text}
            if text not in self.message(history, msg):
                raise TemplateError("the chat template drops message text")
            history.append(msg)
        self.generation_prompt(history)


class PlainFormat(TurnFormat):
    """Built-in fallback: the system text, then `Name: text` lines."""

    def __init__(self, user_name: str = "User", assistant_name: str = "Assistant") -> None:
        self.user_name = user_name
        self.assistant_name = assistant_name

    def system(self, content: str) -> str:
        return f"{content.strip()}\n\n" if content.strip() else ""

    def message(self, history: list[Message], message: Message) -> str:
        name = self.user_name if message["role"] == "user" else self.assistant_name
        if message["role"] == "system":
            return f"{message['content']}\n"
        return f"{name}: {message['content'].strip()}\n"

    def generation_prompt(self, history: list[Message]) -> str:
        return f"{self.assistant_name}:"

    @property
    def stop(self) -> list[str]:
        return [f"\n{self.user_name}:", f"\n{self.assistant_name}:"]


@dataclass(frozen=True)
class ChosenFormat:
    format: TurnFormat
    notice: str  # empty when the model's own template is used


def choose_format(template: str, bos_token: str, eos_token: str, add_bos: bool = True,
                  cancelled: Callable[[], bool] | None = None) -> ChosenFormat:
    """The model's template when it suits the engine, else PlainFormat with the reason.

    add_bos: whether the model adds BOS itself (then a BOS the template writes is removed).
    cancelled: checked while rendering (loading stays cancellable).
    """
    if not template:
        return ChosenFormat(PlainFormat(), "the model has no chat template; using a plain 'User:/Assistant:' format")
    try:
        fmt = GgufTemplateFormat(template, bos_token, eos_token, strip_bos=add_bos, cancelled=cancelled)
        fmt.check()
        return ChosenFormat(fmt, "")
    except TemplateError as exc:
        log.warning("falling back to the plain chat format: %s", exc)
        return ChosenFormat(PlainFormat(), f"{exc}; using a plain 'User:/Assistant:' format")
