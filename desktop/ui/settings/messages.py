"""Validation messages in the panel's words: the field's label, never the variable name.

The engine's messages (desktop/engine/validation.py, SamplerSettings.problems) are English and name
fields by their config keys, because the API and the terminal show them too. Here the known ones are
rewritten as translatable sentences with labels; any other keeps its text with every config key in
it replaced by the field's label.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication

from ...engine.validation import ConfigProblem
from .fields import CTX, FIELDS, OTHER_LABELS, QT_TRANSLATE_NOOP


class FieldProblem(NamedTuple):
    target: str  # "load" or "sampler": "seed" is in both
    problem: ConfigProblem


def _t(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def label_of(key: str, target: str = "load") -> str:
    """The translated label of a config key (the other target's field, then a few extra names)."""
    for wanted in (target, "sampler" if target == "load" else "load"):
        for spec in FIELDS:
            if spec.key == key and spec.target == wanted:
                return _t(spec.label)
    return _t(OTHER_LABELS.get(key, key))


# (pattern over the engine's message, translatable sentence). Names in braces are the pattern's groups
# or, for a config key, that field's label.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"a quantized V cache \((?P<type>[^)]+)\) needs flash attention"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "a quantized V cache ({type}) needs flash attention: turn on \"{flash_attn}\" or set "
        "\"{type_v}\" to f16")),
    (re.compile(r"(?P<n>\d+) is above the model's trained context \((?P<train>\d+)\) with no RoPE scaling.*?"
                r"×(?P<factor>[\d.]+)"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "{n} is above the model's trained context ({train}) with no long-context scaling, so replies "
        "get worse; the button below sets YaRN ×{factor}")),
    (re.compile(r"rounds the context up to a multiple of (?P<step>\d+): (?P<n>\d+) becomes (?P<m>\d+)"),
     QT_TRANSLATE_NOOP("SettingsPanel", "goes in steps of {step} tokens: {n} becomes {m}")),
    (re.compile(r"cannot be larger than n_batch \((?P<n>\d+)\)"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "cannot be larger than \"{n_batch}\" ({n})")),
    (re.compile(r"with flash attention the (?P<type>\S+) block size \((?P<block>\d+)\) must divide the model's head "
                r"size \((?P<head>\d+)\)"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "with \"{flash_attn}\" on, {type} does not suit this model (its head size {head} is not a "
        "multiple of {block}); pick f16 or another type")),
    (re.compile(r"tensor split needs flash attention"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "the tensor mode needs \"{flash_attn}\"")),
    (re.compile(r"guess ahead needs flash attention"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "needs \"{flash_attn}\": without it replies come without guesses")),
    (re.compile(r"the model itself as its draft"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "the model itself as its own draft guesses right, but costs as much as it saves: replies get "
        "slower. Choose a smaller model of the same family")),
    (re.compile(r"the draft model only guesses with flash attention on"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "guesses only with \"{flash_attn}\" on: without it replies come without guesses")),
    (re.compile(r"cannot guess for the model: it uses another kind of tokenizer"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "this draft model cannot guess for the model: it splits text into tokens another way. "
        "Choose a model of the same family")),
    (re.compile(r"cannot guess for the model: its vocabulary has (?P<n>[\d,]+) tokens, the model's (?P<m>[\d,]+)"),
     QT_TRANSLATE_NOOP("SettingsPanel", "this draft model cannot guess for the model: its vocabulary has {n} tokens, "
                       "the model's {m}. Choose a model of the same family")),
    (re.compile(r"cannot guess for the model: (token \d+ is spelt differently|its \w+-of-text token)"),
     QT_TRANSLATE_NOOP("SettingsPanel", "this draft model cannot guess for the model: their vocabularies differ. "
                       "Choose a model of the same family")),
    (re.compile(r"cannot guess for the model: it keeps a"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "this draft model keeps a sliding window or a recurrent state, which cannot take back wrong "
        "guesses or follow the chat's shifts: choose another")),
    (re.compile(r"a bf16 K cache cannot shift"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "a bf16 K cache cannot shift: when the context is full, the rest is read again. f16 or q8_0 "
        "shifts")),
    (re.compile(r"must be from (?P<low>\d+) to (?P<high>\d+)"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "must be from {low} to {high}")),
    (re.compile(r"must be a whole number above 0"), QT_TRANSLATE_NOOP("SettingsPanel", "must be a whole number above 0")),
    (re.compile(r"must be above 0 \(got [^)]*\); leave it empty"), QT_TRANSLATE_NOOP(
        "SettingsPanel", "must be above 0; leave it empty to use the model's value")),
)
_KEYS = sorted({spec.key for spec in FIELDS if "_" in spec.key} | set(OTHER_LABELS), key=len, reverse=True)
_KEY_PATTERN = re.compile(r"\b(" + "|".join(map(re.escape, _KEYS)) + r")\b")
_LABEL_NAMES = re.compile(r"\{([a-z]+_[a-z_]+)\}")


def plain_message(message: str, target: str = "load") -> str:
    """`message` with labels for config keys (a known message as a translated sentence)."""
    for pattern, sentence in _RULES:
        match = pattern.search(message)
        if match:
            text = _t(sentence)
            text = _LABEL_NAMES.sub(lambda m: label_of(m.group(1), target), text)
            return text.format(**match.groupdict())
    return _KEY_PATTERN.sub(lambda m: label_of(m.group(1), target), message)


def problem_line(item: FieldProblem, where: str = "") -> str:
    """"✖ Label: message" (an error) or "⚠ Label: message" (a warning); `where` after the label says
    where a field out of sight is ("Label (advanced): ...")."""
    mark = "✖ " if item.problem.severity == "error" else "⚠ "
    label = label_of(item.problem.field, item.target) + (f" ({where})" if where else "")
    return mark + f"{label}: {plain_message(item.problem.message, item.target)}"


def plain_problem_text(text: str) -> str:
    """An engine message "key: message" (as load warnings arrive, str(ConfigProblem)) in labels."""
    key, sep, rest = text.partition(": ")
    if sep and (key in OTHER_LABELS or any(spec.key == key for spec in FIELDS)):
        return f"{label_of(key)}: {plain_message(rest)}"
    return plain_message(text)
