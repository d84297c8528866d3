"""Choosing and installing the UI language (English source strings, Japanese translation)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from .resources_path import resources_dir

log = logging.getLogger("fireside.i18n")
LANGUAGES = ("en", "ja")
_installed: list[QTranslator] = []


def pick_language(setting: str, system: QLocale | None = None) -> str:
    """'auto' follows the system locale; anything we do not ship falls back to English."""
    if setting in LANGUAGES:
        return setting
    name = (system or QLocale.system()).name()  # e.g. "ja_JP"
    code = name.split("_")[0]
    return code if code in LANGUAGES else "en"


def install_translators(app: QApplication, setting: str) -> str:
    """Install Fireside's and Qt's own translations for the chosen language; return its code."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    code = pick_language(setting)
    if code == "en":
        return code
    ours = QTranslator(app)
    if ours.load(str(resources_dir() / "i18n" / f"fireside_{code}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no %s translation found in %s", code, resources_dir() / "i18n")
    qt = QTranslator(app)
    if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return code
