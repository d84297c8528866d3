"""The Japanese translation covers every string in the code, and the compiled file is current."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "fireside_ja.ts"
QM = ROOT / "resources" / "i18n" / "fireside_ja.qm"
TOOLS = Path(PySide6.__file__).parent


def messages(path: Path) -> dict[tuple[str, str], str | None]:
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for msg in context.iter("message"):
            tr = msg.find("translation")
            finished = tr is not None and tr.get("type") not in ("unfinished", "vanished", "obsolete")
            out[(name, msg.findtext("source"))] = tr.text if finished else None
    return out


def test_every_string_in_the_code_is_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "desktop" / "ui").rglob("*.py")) + [str(ROOT / "desktop" / "app.py")]
    subprocess.run([str(TOOLS / "lupdate"), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    in_code = set(messages(fresh))
    translated = {key for key, text in messages(TS).items() if text}
    assert len(in_code) > 150
    assert in_code - translated == set()


def test_compiled_translation_matches_its_source(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    subprocess.run([str(TOOLS / "lrelease"), str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert QM.read_bytes() == fresh.read_bytes(), "run lrelease (see resources/i18n/README.md)"
