"""A reasoning model's thinking, told apart from its answer.

DeepSeek-R1 distills, Qwen3, QwQ and friends write their thinking first, between `<think>` and
`</think>` (Open-Thoughts style models: `<|begin_of_thought|>` ... `<|end_of_thought|>`), then the
answer. The rule, the one llama.cpp's server applies with `--reasoning-format deepseek`:

* Only a block at the very start of the reply counts (whitespace before the opener is allowed).
  A marker anywhere later, a `<think>` after other text, or a `<think>` the model quotes in its
  answer is ordinary text of the answer.
* The first closing marker ends the block; markers are not counted for nesting
  (`<think>a<think>b</think>c</think>` thinks "a<think>b" and answers "c</think>").
  A block opened by `<think>` is closed only by `</think>` (and the thought pair by its own end).
* A block that is never closed (the reply was cut off while thinking) is all thinking, no answer.
* Some chat templates open the block in the generation prompt: the reply then starts inside it and
  only the closing marker appears (`starts_in_reasoning=True`; either closing marker ends it, and a
  repeated opener at the start is dropped). Where that is not known (a stored message), `None`
  guesses it: a closing marker with no opener anywhere before it means the reply began inside.
* The thinking is stripped of surrounding whitespace, and the answer of the whitespace right after
  the closing marker. Text without a block comes back unchanged as the answer.

`ReasoningStream` does the same for text arriving in pieces (a marker may be split across pieces:
"<th" + "ink>"): it holds back what may still turn out to be a marker, or whitespace that may
still turn out to be trailing, and never lets a partial marker out as answer. Feeding a text in
any pieces yields the same thinking and answer as `split_reasoning` of the whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

THINK = ("<think>", "</think>")
THOUGHT = ("<|begin_of_thought|>", "<|end_of_thought|>")
PAIRS = (THINK, THOUGHT)
OPENERS = tuple(opener for opener, _ in PAIRS)
CLOSERS = tuple(closer for _, closer in PAIRS)

Kind = Literal["reasoning", "content"]
Delta = tuple[Kind, str]

_START, _REASONING, _AFTER, _CONTENT = "start", "reasoning", "after", "content"


class ReasoningStream:
    """Splits a reply as it streams: `feed(piece)` and, at the end, `finish()` return deltas,
    ("reasoning", text) or ("content", text), in order (adjacent deltas of one kind merged).

    `reasoning_pieces` counts the pieces that were thinking (the markers included): with one piece
    per token, the thinking's token count."""

    def __init__(self, starts_in_reasoning: bool = False) -> None:
        self.starts_in_reasoning = starts_in_reasoning
        self.state = _START
        self.closers: tuple[str, ...] = CLOSERS
        self.found_block = False  # a reasoning block was opened (by a marker or by the prompt)
        self.closed = False  # ... and its closing marker has come
        self.reasoning_pieces = 0
        self._pending = ""  # text held back
        self._emitted_reasoning = False  # some thinking went out (later leading whitespace is kept)
        self._start_pieces = 0  # pieces held at the start, thinking if the start turns out to open a block

    @property
    def thinking(self) -> bool:
        """Inside an open reasoning block (more thinking may come)."""
        return self.state == _REASONING

    def feed(self, piece: str) -> list[Delta]:
        out: list[Delta] = []
        if not piece:
            return out
        state = self.state
        if state == _CONTENT:
            return [("content", piece)]
        self._pending += piece
        if state == _START:
            self._start_pieces += 1
        elif state == _REASONING:
            self.reasoning_pieces += 1
        self._run(out, final=False)
        return _merged(out)

    def finish(self) -> list[Delta]:
        """The end of the reply: what was held back goes out."""
        out: list[Delta] = []
        self._run(out, final=True)
        return _merged(out)

    def _run(self, out: list[Delta], final: bool) -> None:
        while True:
            state = self.state
            if state == _START:
                if not self._start(out, final):
                    return
            elif state == _REASONING:
                if not self._reason(out, final):
                    return
            elif state == _AFTER:
                text = self._pending.lstrip()
                if text:
                    out.append(("content", text))
                    self.state = _CONTENT
                self._pending = ""
                return
            else:
                if self._pending:
                    out.append(("content", self._pending))
                    self._pending = ""
                return

    def _start(self, out: list[Delta], final: bool) -> bool:
        """Decide whether the reply opens with a block; False while undecided."""
        text = self._pending.lstrip()
        for opener, closer in PAIRS:
            if text.startswith(opener):
                self._enter(text[len(opener):], (closer,) if not self.starts_in_reasoning else CLOSERS)
                return True
        if not final and (not text or any(opener.startswith(text) for opener in OPENERS)):
            return False  # whitespace, or what may still become an opener
        if self.starts_in_reasoning:
            self._enter(text, CLOSERS)
        else:
            self.state = _CONTENT
            self._start_pieces = 0
        return True

    def _enter(self, rest: str, closers: tuple[str, ...]) -> None:
        self.state = _REASONING
        self.closers = closers
        self.found_block = True
        self.reasoning_pieces += self._start_pieces
        self._start_pieces = 0
        self._pending = rest

    def _reason(self, out: list[Delta], final: bool) -> bool:
        """Thinking until a closing marker; True when the marker came (the rest is the answer)."""
        buf = self._pending
        hits = [(i, closer) for closer in self.closers if (i := buf.find(closer)) >= 0]
        if hits:
            at, closer = min(hits)
            self._emit_reasoning(out, buf[:at], ending=True)
            self._pending = buf[at + len(closer):]
            self.state = _AFTER
            self.closed = True
            return True
        keep = 0 if final else _partial_marker(buf, self.closers)
        body, self._pending = buf[:len(buf) - keep], buf[len(buf) - keep:]
        if final:
            self._emit_reasoning(out, body, ending=True)
            self._pending = ""
        else:
            trimmed = body.rstrip()  # whitespace may still turn out to be trailing: held
            self._emit_reasoning(out, trimmed, ending=False)
            self._pending = body[len(trimmed):] + self._pending
        return False

    def _emit_reasoning(self, out: list[Delta], text: str, ending: bool) -> None:
        if not self._emitted_reasoning:
            text = text.lstrip()
        if ending:
            text = text.rstrip()
        if text:
            out.append(("reasoning", text))
            self._emitted_reasoning = True


def _partial_marker(text: str, markers: tuple[str, ...]) -> int:
    """Length of the longest end of `text` that is the start of a marker (held back)."""
    longest = 0
    for marker in markers:
        for n in range(min(len(marker) - 1, len(text)), longest, -1):
            if text.endswith(marker[:n]):
                longest = n
                break
    return longest


def _merged(deltas: list[Delta]) -> list[Delta]:
    out: list[Delta] = []
    for kind, text in deltas:
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + text)
        else:
            out.append((kind, text))
    return out


@dataclass(frozen=True)
class Split:
    reasoning: str
    answer: str
    found: bool  # the reply has a reasoning block (perhaps empty)
    thinking: bool  # the block is still open: cut off, or (final=False) still streaming


def split_message(text: str, starts_in_reasoning: bool | None = None, final: bool = True) -> Split:
    """Split a reply (see the module's rules). `final=False` for a reply still streaming: what may
    still become a marker is left out of both parts instead of showing as answer."""
    if final and not starts_in_reasoning and not any(marker in text for marker in OPENERS + CLOSERS):
        return Split("", text, False, False)  # most messages: no copy, no stream
    if starts_in_reasoning is None:
        starts_in_reasoning = opened_by_prompt(text)
    stream = ReasoningStream(starts_in_reasoning)
    deltas = stream.feed(text) + (stream.finish() if final else [])
    reasoning = "".join(t for kind, t in deltas if kind == "reasoning")
    answer = "".join(t for kind, t in deltas if kind == "content")
    return Split(reasoning, answer, stream.found_block, stream.found_block and not stream.closed)


def split_reasoning(text: str, starts_in_reasoning: bool | None = None) -> tuple[str, str]:
    """(thinking, answer) of a finished reply; ("", text) when it has no reasoning block."""
    split = split_message(text, starts_in_reasoning)
    return split.reasoning, split.answer


def opened_by_prompt(text: str) -> bool:
    """A guess for a reply whose prompt is not known: it began inside a block the generation prompt
    opened when it has a closing marker with no opening marker anywhere before it."""
    if text.lstrip().startswith(OPENERS):
        return False
    ends = [i for closer in CLOSERS if (i := text.find(closer)) >= 0]
    return bool(ends) and not any(opener in text[:min(ends)] for opener in OPENERS)


def without_reasoning(text: str) -> str:
    """A reply as it goes back to the model in later turns: the answer only (these models are
    trained without their earlier thinking in the history). Text without a block is unchanged."""
    if not any(marker in text for marker in CLOSERS + OPENERS):
        return text  # the common case, without copying the text
    split = split_message(text)
    return split.answer if split.found else text


def prompt_opens_reasoning(generation_prompt: str) -> bool:
    """Whether a template's generation prompt (the text that opens the assistant's turn) already
    opens the thinking block, as DeepSeek-R1 distills' and QwQ's templates do."""
    return generation_prompt.rstrip().endswith(OPENERS)


def template_opens_reasoning(template: str, bos_token: str = "", eos_token: str = "") -> bool:
    """`prompt_opens_reasoning` for a GGUF chat template (rendered in the engine's bounded sandbox);
    False for a template the engine would not use (it falls back to a plain format)."""
    from ..engine.template import GgufTemplateFormat, TemplateError

    if not template or not any(opener in template for opener in OPENERS):
        return False
    try:
        fmt = GgufTemplateFormat(template, bos_token, eos_token)
        fmt.check()  # as the engine does: how the template takes a system prompt; unsuitable ones raise
        history = [{"role": "system", "content": "You are helpful."}, {"role": "user", "content": "Hello"}]
        return prompt_opens_reasoning(fmt.generation_prompt(history))
    except TemplateError:
        return False


def model_opens_reasoning(path: str) -> bool:
    """`template_opens_reasoning` for a model file (its header is cached once the model is loaded)."""
    from ..engine.metadata import read_model_facts

    try:
        facts = read_model_facts(path)
    except (OSError, ValueError):
        return False
    return _cached_template_opens(facts.chat_template, facts.bos_token, facts.eos_token)


_template_cache: dict[tuple[str, str, str], bool] = {}


def _cached_template_opens(template: str, bos: str, eos: str) -> bool:
    key = (template, bos, eos)
    if key not in _template_cache:
        if len(_template_cache) > 16:
            _template_cache.clear()
        _template_cache[key] = template_opens_reasoning(template, bos, eos)
    return _template_cache[key]


_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_SEP = "\\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"  # spaces, CJK and full-width punctuation
_WORD = re.compile(f"[{_CJK}]|[^{_SEP}{_CJK}]*[^\\W{_CJK}][^{_SEP}{_CJK}]*")


def count_words(text: str) -> int:
    """Words of a text, each Chinese/Japanese/Korean character counting as one (punctuation
    on its own is no word)."""
    return len(_WORD.findall(text))


_TOKENS = re.compile(r"\b(\d+) tokens(?=[,)])")


def with_thinking_count(stats: str, thinking_tokens: int) -> str:
    """The engine's stats line with how many of the reply's tokens were thinking:
    "..., 60 tokens (41 thinking), ...". The line is the engine's, in English."""
    if thinking_tokens <= 0 or not stats:
        return stats
    match = _TOKENS.search(stats)
    if match is None:
        return f"{stats} ({thinking_tokens} thinking tokens)"
    total = int(match.group(1))
    n = min(thinking_tokens, total)
    return f"{stats[:match.end()]} ({n} thinking){stats[match.end():]}"
