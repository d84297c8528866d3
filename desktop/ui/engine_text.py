"""The engine's lines (Qt-free, in English, stored with each reply) in the UI's language.

The stats line and the shift notice are stored as the engine wrote them (SillyTavern's and
KoboldCpp's form, and what the logs and the API show); the window shows them translated. A line of
another form is shown as it is.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

_STATS = re.compile(r"Output generated in (?P<seconds>[\d.]+) seconds \((?P<tps>[\d.]+) tokens/s, (?P<tokens>\d+) tokens"
                    r"(?: \((?P<thinking>\d+) thinking\))?, context (?P<context>\d+), seed (?P<seed>-?\d+)\)(?P<rest>.*)",
                    re.DOTALL)
_SHIFT = re.compile(r"context shifted: (?P<dropped>\d+) tokens dropped, (?P<again>\d+) re-processed")
_FIT = re.compile(r"(?P<device>\S+) (?P<need>[\d,]+) of (?P<free>[\d,]+) MiB free")
_DRAFT_NOTE = re.compile(r"the draft model's (?P<need>[\d,]+) MiB included")



def shown_stats(line: str) -> str:
    match = _STATS.fullmatch(line.strip())
    if match is None:
        return line
    g = match.groupdict()
    tokens = g["tokens"] if not g["thinking"] else QCoreApplication.translate("EngineText", "{0} ({1} thinking)").format(g["tokens"], g["thinking"])
    return QCoreApplication.translate("EngineText", "{0} s · {1} tokens/s · {2} tokens · context {3} · seed {4}").format(
        g["seconds"], g["tps"], tokens, f"{int(g['context']):,}", g["seed"]) + g["rest"]


def shown_notice(line: str) -> str:
    match = _SHIFT.fullmatch(line.strip())
    if match is None:
        return line
    return QCoreApplication.translate("EngineText", "The window moved: {0} old tokens left it, {1} were read again.").format(
        match["dropped"], match["again"])


def shown_fit_detail(line: str) -> str:
    """"CPU 282 of 23,642 MiB free" (monitor.fit's per-device line) in the UI's words."""
    match = _FIT.fullmatch(line.strip())
    if match is None:
        if draft := _DRAFT_NOTE.fullmatch(line.strip()):
            return QCoreApplication.translate("EngineText", "the draft model's {0} MiB included").format(draft["need"])
        return line
    device = QCoreApplication.translate("EngineText", "RAM") if match["device"] == "CPU" else match["device"]
    return QCoreApplication.translate("EngineText", "{0}: needs {1} MiB, {2} MiB free").format(device, match["need"], match["free"])


def reading_report(data: dict, cancelled: bool) -> str:
    """How far a story's reading got: tokens read, and the bookmark (where the window now starts)."""
    total, dropped = data["document_tokens"], data["document_dropped"]
    if cancelled:
        return QCoreApplication.translate("RoleplayActions", "Reading stopped: {0:,} of {1:,} tokens are in the context.").format(
            data["document_cached"], total)
    if dropped:
        return QCoreApplication.translate(
            "RoleplayActions", "Read {0:,} tokens in {1:.1f} s. The story is longer than the window: the first {2:,} "
            "tokens ({3:.0%}) have shifted out; the bookmark is there.").format(total, data["prompt_seconds"], dropped,
                                                                               dropped / total)
    return QCoreApplication.translate("RoleplayActions", "Read {0:,} tokens in {1:.1f} s; the whole story is in the context.").format(
        total, data["prompt_seconds"])


_OWN = re.compile(r"the model's own (?P<kind>\w+) ×(?P<factor>[\d.]+)")
_LINEAR = re.compile(r"linear ×(?P<factor>[\d.]+)(?P<rest>.*)")


def setting_label(label: str) -> str:
    """A RoPE setting's name from the engine (engine.rope_advice) in the UI's language; the method
    names (YaRN, NTK, SuperHOT) are the same in every language."""
    if label == "no scaling":
        return QCoreApplication.translate("EngineText", "no scaling")
    if label == "no scaling (within the trained length)":
        return QCoreApplication.translate("EngineText", "no scaling (within the trained length)")
    if m := _OWN.fullmatch(label):
        return QCoreApplication.translate("EngineText", "the model's own {0} ×{1}").format(m["kind"], m["factor"])
    if m := _LINEAR.fullmatch(label):
        rest = {" (SuperHOT)": " (SuperHOT)", " (not needed here)": QCoreApplication.translate("EngineText", " (not needed here)")}.get(m["rest"])
        if rest is not None:
            return QCoreApplication.translate("EngineText", "linear ×{0}").format(m["factor"]) + rest
    return label  # YaRN ×f, NTK α=f: the same words in every language
