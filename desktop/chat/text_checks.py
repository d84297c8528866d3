"""Checks shared by every file Fireside reads text from (cards, lorebooks)."""

from __future__ import annotations


def is_storable_text(text: str) -> bool:
    """False for text that is not valid Unicode (a lone surrogate from a JSON escape such as
    "\\ud800"): it cannot be written as UTF-8, so SQLite and files would refuse it later."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
