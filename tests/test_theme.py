"""Issue 24's design: light and dark themes from one palette and one style sheet, with text contrast
of at least 4.5:1 (WCAG AA) measured from the palette the app really installs."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from test_app import open_window, user_dirs  # noqa: F401 - fixture

from desktop.ui.theme import DARK, LIGHT, apply_theme, contrast

ROLE = QPalette.ColorRole
TEXT_PAIRS = [(ROLE.WindowText, ROLE.Window), (ROLE.Text, ROLE.Base), (ROLE.Text, ROLE.AlternateBase),
              (ROLE.ButtonText, ROLE.Button), (ROLE.HighlightedText, ROLE.Highlight), (ROLE.PlaceholderText, ROLE.Base),
              (ROLE.PlaceholderText, ROLE.Window), (ROLE.Link, ROLE.Base), (ROLE.ToolTipText, ROLE.ToolTipBase)]


@pytest.fixture
def themed(qapp):
    yield qapp
    qapp.setStyleSheet("")
    qapp.setPalette(QApplication.style().standardPalette())


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_installed_palette_has_readable_contrast(themed, name: str) -> None:
    colors = apply_theme(themed, name)
    palette = QApplication.palette()
    assert palette.color(ROLE.Window).name() == colors.window
    for fg, bg in TEXT_PAIRS:
        ratio = contrast(palette.color(fg), palette.color(bg))
        assert ratio >= 4.5, f"{name}: {fg.name} on {bg.name} is {ratio:.2f}:1"
    # The colours the style sheet uses: notices, warnings and errors on the window, the user's bubble.
    pairs = {"info": colors.info, "warning": colors.warning, "error": colors.error, "good": colors.good,
             "warning text": (colors.window, colors.warning_text), "error text": (colors.window, colors.error_text),
             "warning on base": (colors.base, colors.warning_text), "error on base": (colors.base, colors.error_text),
             "user bubble": (colors.bubble_user, colors.text), "muted on bubble": (colors.bubble_user, colors.muted)}
    for what, (bg, fg) in pairs.items():
        assert contrast(fg, bg) >= 4.5, f"{name}: {what} is {contrast(fg, bg):.2f}:1"
    assert "#banner" in themed.styleSheet() and colors.info[0] in themed.styleSheet()


def test_the_two_themes_differ_and_dark_is_dark() -> None:
    assert contrast(LIGHT.window, DARK.window) > 10
    assert contrast("#000000", DARK.base) < contrast("#ffffff", DARK.base)


def test_the_theme_is_chosen_in_the_window_and_remembered(qtbot, themed, user_dirs) -> None:  # noqa: F811
    window = open_window(qtbot)
    try:
        dark = next(a for a in window.app_menus.theme_menu.actions() if a.text() == "Dark")
        dark.trigger()
        assert window.db.setting("theme") == "dark"
        assert QApplication.palette().color(ROLE.Window).name() == DARK.window
    finally:
        window.close()
        window.db.close()


def test_the_main_controls_have_accessible_names(qtbot, user_dirs) -> None:  # noqa: F811
    window = open_window(qtbot)
    try:
        for widget in (window.composer, window.send_button, window.stop_button, window.chat_view, window.context_map,
                       window.new_chat_button, window.chat_list, window.banner.close_button):
            assert widget.accessibleName(), f"{type(widget).__name__} has no accessible name"
    finally:
        window.close()
        window.db.close()
