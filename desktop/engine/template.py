"""Chat formatting with the model's own GGUF chat template.

The template is rendered in a Jinja sandbox with a bound on time and size (`bounded_jinja`): a
template from a downloaded file may loop forever or build gigabytes. The engine needs the prompt
split by message, so that each message is one span of the KV cache: message i's text is
render(messages[:i+1]) minus render(messages[:i]). That only works for templates whose output for a
conversation starts with their output for any earlier part of it; templates that fold the system
prompt into the first user turn, refuse a system role or demand alternating roles are adapted (see
GgufTemplateFormat). Every other case (no template, a template that fails to render, one that is not
prefix-stable) uses a plain built-in format and says why in `notice`.
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
    """The model's own template, made to fit a chat of any shape.

    Templates disagree on the system prompt and on turn order, and a roleplay breaks both rules: it opens
    with the character's greeting (an assistant turn before any user turn) and may have two turns of one
    role in a row. `check` finds how this template takes the system text (`lead`):
      - "system": as a system message rendered at the top (ChatML, Llama 3);
      - "folded": the template folds it into the first user turn (Gemma): the pinned block is that
        first user turn with no text of its own, so it stays whole when the window lets turns go;
      - "user": the template refuses a system role (old Mistral): the text becomes the first user turn;
    and whether roles must alternate. Where they must, an empty turn of the other role is put before a
    message that follows one of its own role (or that opens the chat as an assistant turn); that filler
    belongs to the message's span, so it leaves the window with it. A system message after the first
    (the author's note) is a user turn for templates that do not take a system role in the middle.
    """

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
        self.lead = "system"  # how the system text is rendered: "system", "folded" or "user"
        self.alternate = False  # roles must alternate (fillers are inserted)
        self.mid_system = True  # a system message after the first renders as one

    def render(self, messages: list[Message], add_generation_prompt: bool = False) -> str:
        """The template's text for `messages` exactly as given (no lead, no fillers)."""
        try:
            text = self._template.render(messages=messages, bos_token=self.bos_token, eos_token=self.eos_token,
                                         add_generation_prompt=add_generation_prompt)
        except Exception as exc:  # anything the template raises, its limits included
            raise TemplateError(f"the model's chat template failed to render: {exc}") from exc
        if self.strip_bos and text.startswith(self.strip_bos):
            text = text[len(self.strip_bos):]
        return text

    def prepare(self, history: list[Message]) -> list[Message]:
        """What the template is given for a chat: the system message as `lead` says, then the turns,
        with fillers where roles must alternate. Prefix-stable: preparing a longer history only adds."""
        out: list[Message] = []
        rest = history
        if history and history[0]["role"] == "system":
            out = self._lead(history[0]["content"])
            rest = history[1:]
        previous = out[-1]["role"] if out else ""
        for message in rest:
            role = message["role"]
            if role == "system" and not self.mid_system:
                message, role = {"role": "user", "content": message["content"]}, "user"
            if self.alternate and role in ("user", "assistant"):
                if role == previous or (role == "assistant" and previous in ("", "system")):
                    out.append({"role": "assistant" if role == "user" else "user", "content": ""})
            out.append(message)
            previous = role
        return out

    def _lead(self, content: str) -> list[Message]:
        if self.lead == "folded":
            return [{"role": "system", "content": content}, {"role": "user", "content": ""}]
        if self.lead == "user":
            return [{"role": "user", "content": content}]
        return [{"role": "system", "content": content}]

    def render_chat(self, history: list[Message], add_generation_prompt: bool = False) -> str:
        """The whole chat as the template renders it (prepared), with the reply opener if asked."""
        prepared = self.prepare(history)
        if add_generation_prompt:
            prepared = self._before_reply(prepared)
        return self._render_prepared(prepared, add_generation_prompt)

    def _render_prepared(self, prepared: list[Message], add_generation_prompt: bool = False) -> str:
        if not prepared and not add_generation_prompt:
            return ""  # (many templates read messages[0])
        return self.render(prepared, add_generation_prompt)

    def _before_reply(self, prepared: list[Message]) -> list[Message]:
        """A reply after an assistant turn needs a user filler where roles must alternate."""
        if self.alternate and (not prepared or prepared[-1]["role"] != "user"):
            return prepared + [{"role": "user", "content": ""}]
        return prepared

    def system(self, content: str) -> str:
        return self._render_prepared(self._lead(content))

    def context(self, history: list[Message]) -> list[Message]:
        """What a message after `history` is rendered after: the system message and the last one or
        two messages (keeping the new message's position even or odd, for templates that check
        that roles alternate), when `check` found that this gives the same text as the whole history."""
        if not history or history[0]["role"] != "system":
            return history  # (a client's chat without a system message: rendered whole)
        tail = self.context_length(len(history) - 1)
        return history if tail >= len(history) - 1 else history[:1] + history[len(history) - tail:]

    def context_length(self, count: int) -> int:
        if not self.short_context or count <= 2:
            return count
        return 2 if count % 2 == 0 else 1

    def message(self, history: list[Message], message: Message) -> str:
        return self._message_after(self.context(history), message)

    def _message_after(self, history: list[Message], message: Message) -> str:
        before = self._render_prepared(self.prepare(history))
        after = self._render_prepared(self.prepare(history + [message]))
        if not after.startswith(before):
            raise TemplateError("the chat template rewrites earlier messages when a new one is added")
        return after[len(before):]

    def generation_prompt(self, history: list[Message]) -> str:
        return self._generation_prompt_after(self.context(history))

    def _generation_prompt_after(self, history: list[Message]) -> str:
        prepared = self.prepare(history)
        without = self._render_prepared(prepared)
        with_prompt = self._render_prepared(self._before_reply(prepared), add_generation_prompt=True)
        if not with_prompt.startswith(without):
            raise TemplateError("the chat template's generation prompt rewrites the conversation")
        return with_prompt[len(without):]

    def check(self) -> None:
        """Find how the template takes the system text and whether roles must alternate, then render
        probe chats (a greeting first, two user turns in a row); raise TemplateError unless every
        message keeps its text and the pinned block renders first."""
        probe_system = "SYSTEM-PROBE-7"
        self.lead = self._find_lead(probe_system)
        self.alternate = self._refuses([{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]) or \
            self._refuses([{"role": "assistant", "content": "a"}])
        self.mid_system = self.lead == "system" and not self._refuses(
            [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "system", "content": "c"}])
        pinned = self.system(probe_system)
        for turns in (("user", "assistant", "user"), ("assistant", "user", "user", "assistant", "assistant", "user")):
            history: list[Message] = [{"role": "system", "content": probe_system}]
            for i, role in enumerate(turns):
                msg = {"role": role, "content": f"turn{i}-{role}"}
                if msg["content"] not in self.message(history, msg):
                    raise TemplateError("the chat template drops message text")
                history.append(msg)
            self.generation_prompt(history)
            if not self.render_chat(history, add_generation_prompt=True).startswith(pinned):
                raise TemplateError("the chat template does not keep the system prompt at the top")
        self.short_context = self._short_context_matches()

    def _find_lead(self, probe: str) -> str:
        errors: list[TemplateError] = []
        for lead in ("system", "folded", "user"):
            self.lead = lead
            try:
                text = self.system(probe)
                follow = {"role": "assistant" if lead in ("user", "folded") else "user", "content": "x"}
                if probe in text and self._render_prepared(self._lead(probe) + [follow]).startswith(text):
                    return lead
            except TemplateError as exc:
                errors.append(exc)
        if len(errors) == 3:
            raise errors[0]  # the template's own words (e.g. "System role not supported")
        raise TemplateError("the chat template does not put the system prompt at the top")

    def _refuses(self, turns: list[Message]) -> bool:
        """Whether the template raises on these turns after the lead (no fillers)."""
        try:
            self.render(self._lead("s") + turns)
            return False
        except TemplateError:
            return True

    def _short_context_matches(self) -> bool:
        """Whether every message and reply opener of a probe chat renders the same after a short
        context as after the whole history (then formatting a chat is linear in its length)."""
        history: list[Message] = [{"role": "system", "content": "SYSTEM-PROBE-7"}]
        turns = [("assistant", "a greeting"), ("user", "first question"), ("assistant", "first answer"),
                 ("user", "second question"), ("user", "more of it"), ("assistant", "second answer"),
                 ("assistant", "and more"), ("user", "third question"), ("assistant", "third answer"),
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
