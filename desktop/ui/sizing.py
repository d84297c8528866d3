"""Windows open no bigger than the screen they are on (a 1024x600 netbook, a 1366x768 laptop)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 40  # room for the desktop's panels and the window frame


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to width x height, or less to fit the free area of its screen."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width, height = min(width, free.width() - MARGIN), min(height, free.height() - MARGIN)
    widget.resize(max(width, 320), max(height, 240))
