"""Chat formatting with the model's own GGUF chat template.

The template is rendered in a Jinja sandbox with a bound on time and size (`bounded_jinja`): a
template from a downloaded file may loop forever or build gigabytes. The engine needs the prompt
split by message, so that each message is one span of the KV cache: message i's text is
render(messages[:i+1]) minus render(messages[:i]). That only works for templates whose output for a conversation starts with their output for any
earlier part of it, and that keep the system prompt at the top; every other case (no template, a
template that fails to render, a template that is not prefix-stable) uses a plain built-in format
and says why in `notice`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

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
    def signature(self) -> str:
        """What, besides the messages, decides the rendered text (for caching tokens per engine)."""
        return type(self).__name__

    def context_length(self, count: int) -> int:
        """How many of the last `count` messages a message after them needs (besides the system
        message) to render as it would after all of them."""
        return count

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
        # Whether a message may be rendered after a short context instead of the whole history
        # (verified by `check` for this template); without it every message costs O(history).
        self.short_context = False

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

    def context(self, history: list[Message]) -> list[Message]:
        """What a message after `history` is rendered after: the system message and the last one or
        two messages (keeping the new message's position even or odd, for templates that check
        that roles alternate), when `check` found that this gives the same text as the whole history."""
        tail = self.context_length(len(history) - 1)
        return history if tail >= len(history) - 1 else history[:1] + history[len(history) - tail:]

    def context_length(self, count: int) -> int:
        if not self.short_context or count <= 2:
            return count
        return 2 if count % 2 == 0 else 1

    def message(self, history: list[Message], message: Message) -> str:
        return self._message_after(self.context(history), message)

    def _message_after(self, history: list[Message], message: Message) -> str:
        before = self.render(history)
        after = self.render(history + [message])
        if not after.startswith(before):
            raise TemplateError("the chat template rewrites earlier messages when a new one is added")
        return after[len(before):]

    def generation_prompt(self, history: list[Message]) -> str:
        return self._generation_prompt_after(self.context(history))

    def _generation_prompt_after(self, history: list[Message]) -> str:
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
        self.short_context = self._short_context_matches()

    def _short_context_matches(self) -> bool:
        """Whether every message and reply opener of a probe chat renders the same after a short
        context as after the whole history (then formatting a chat is linear in its length)."""
        history: list[Message] = [{"role": "system", "content": "SYSTEM-PROBE-7"}]
        turns = [("user", "first question"), ("assistant", "first answer"), ("user", "second question"),
                 ("assistant", "second answer"), ("user", "third question"), ("assistant", "third answer"),
                 ("user", "fourth question")]
        self.short_context = True
        try:
            for role, text in turns:
                msg = {"role": role, "content": text}
                if self._message_after(history, msg) != self.message(history, msg):
                    return False
                if self._generation_prompt_after(history) != self.generation_prompt(history):
                    return False
                history.append(msg)
            return True
        except TemplateError:
            return False
        finally:
            self.short_context = False


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

    def context_length(self, count: int) -> int:
        return 0  # a line per message, whatever came before

    @property
    def signature(self) -> str:
        return f"plain\0{self.user_name}\0{self.assistant_name}"

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
