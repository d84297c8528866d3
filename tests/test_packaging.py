"""Packaging inputs that can be checked without building: icons, the .desktop entry, the spec."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from PySide6.QtGui import QImage, QImageReader

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"


def test_icon_pngs_have_the_sizes_their_names_say(qapp) -> None:
    sizes = []
    for png in sorted(ICONS.glob("fireside-*.png")):
        size = int(re.search(r"-(\d+)\.png$", png.name).group(1))
        image = QImage(str(png))
        assert image.width() == image.height() == size, png.name
        assert image.hasAlphaChannel()
        sizes.append(size)
    assert {16, 32, 48, 256, 512} <= set(sizes)


def test_ico_holds_several_sizes_and_icns_is_an_icns(qapp) -> None:
    reader = QImageReader(str(ICONS / "fireside.ico"))
    assert reader.imageCount() >= 6
    assert (ICONS / "fireside.icns").read_bytes()[:4] == b"icns"
    assert (ICONS / "fireside.svg").read_text().lstrip().startswith("<svg")


def test_desktop_entry_has_what_menus_need() -> None:
    parser = configparser.RawConfigParser(strict=True)
    parser.optionxform = str
    parser.read(ROOT / "packaging" / "linux" / "fireside.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Exec"].split()[0] == "fireside"
    assert entry["Icon"] == "fireside" and entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


def test_spec_and_hook_compile_and_name_the_bundle() -> None:
    spec = (ROOT / "packaging" / "pyinstaller" / "fireside.spec").read_text()
    compile(spec, "fireside.spec", "exec")
    assert 'name="fireside"' in spec and "BUNDLE(" in spec and "hookspath" in spec
    hook = (ROOT / "packaging" / "pyinstaller" / "hooks" / "hook-llama_cpp.py").read_text()
    compile(hook, "hook-llama_cpp.py", "exec")
    assert 'collect_dynamic_libs("llama_cpp"' in hook
