"""Issue 24's design: light and dark themes from one palette and one style sheet, with text contrast
of at least 4.5:1 (WCAG AA) measured from the palette the app really installs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
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


def edge_contrast(box, window: QColor) -> float:
    """The best contrast against the window along the edge of the check box's indicator (its text apart)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    edge = [(x, y) for x in range(rect.left(), rect.right() + 1) for y in (rect.top(), rect.top() + 1, rect.bottom() - 1, rect.bottom())]
    edge += [(x, y) for y in range(rect.top(), rect.bottom() + 1) for x in (rect.left(), rect.left() + 1, rect.right() - 1, rect.right())]
    return max(contrast(image.pixelColor(x, y), window) for x, y in edge)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_an_unchecked_box_is_outlined_where_it_can_be_seen(qtbot, themed, name: str) -> None:
    """Fusion outlines check boxes in the window colour darkened: nearly invisible on a dark window.
    The theme's style outlines them in the muted text colour; WCAG asks 3:1 of a control's edge."""
    from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QStyle

    colors = apply_theme(themed, name)
    box = QCheckBox("Lock in RAM")
    qtbot.addWidget(box)
    box.resize(160, 30)
    assert edge_contrast(box, QColor(colors.window)) >= 3, name
    assert not QApplication.style().styleHint(QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Close).icon().isNull()


def test_plain_fusion_loses_the_box_on_the_dark_window(qtbot, themed) -> None:
    """What the theme's style mends (so the test above can fail)."""
    from PySide6.QtWidgets import QCheckBox, QStyleFactory

    apply_theme(themed, "dark")
    box = QCheckBox("Lock in RAM")
    qtbot.addWidget(box)
    fusion = QStyleFactory.create("Fusion")  # (kept here: a widget does not own the style it is given)
    box.setStyle(fusion)
    box.resize(160, 30)
    assert edge_contrast(box, QColor(DARK.window)) < 3
    box.setStyle(None)


def test_the_memory_graph_redraws_its_words_in_the_new_theme(qtbot, themed) -> None:
    """pyqtgraph paints its own text: the legend and the axis titles follow a theme change."""
    from desktop.ui.memory_panel import DeviceGraph

    apply_theme(themed, "light")
    graph = DeviceGraph("RAM", [("process", "#c0672b")])
    qtbot.addWidget(graph)
    (_sample, label), = graph.legend.items
    assert label.text == "Fireside" and label.opts["color"] == LIGHT.text
    apply_theme(themed, "dark")
    graph.changeEvent(QEvent(QEvent.Type.PaletteChange))  # (what Qt sends the shown panel)
    assert label.opts["color"] == DARK.text
    assert graph.plot.getAxis("left").labelStyle["color"] == DARK.text


@pytest.mark.parametrize("name", ["light", "dark"])
def test_a_field_with_a_problem_is_framed_and_keeps_its_arrows(qtbot, themed, name: str) -> None:
    """The settings mark a field with a problem by a frame in the warning colour; the spin box is
    still drawn by the style, arrows included (a style sheet border dropped them)."""
    from PySide6.QtWidgets import QSpinBox

    colors = apply_theme(themed, name)
    plain, marked = QSpinBox(), QSpinBox()
    for box in (plain, marked):
        qtbot.addWidget(box)
        box.setRange(0, 100000)
        box.setValue(16384)
        box.resize(120, 28)
    marked.setProperty("invalid", "warning")
    a, b = plain.grab().toImage(), marked.grab().toImage()
    inside = [(x, y) for x in range(4, a.width() - 4) for y in range(4, a.height() - 4)]
    assert all(a.pixelColor(x, y) == b.pixelColor(x, y) for x, y in inside)  # the same box and arrows
    ring = [(x, 1) for x in range(4, b.width() - 4)] + [(1, y) for y in range(4, b.height() - 4)]
    assert any(b.pixelColor(x, y).name() == colors.warning_text for x, y in ring)
    assert not any(a.pixelColor(x, y).name() == colors.warning_text for x, y in ring)


def test_a_field_is_framed_in_the_new_theme_after_a_switch(qtbot, themed) -> None:
    """The switch the user makes in the menu: the style's own colours follow the theme too (once a sheet
    is set, app.style() is Qt's sheet style around the theme's, so that style is kept, not looked up)."""
    from PySide6.QtWidgets import QSpinBox

    apply_theme(themed, "light")
    colors = apply_theme(themed, "dark")
    assert colors.warning_text != LIGHT.warning_text
    box = QSpinBox()
    qtbot.addWidget(box)
    box.resize(120, 28)
    box.setProperty("invalid", "warning")
    image = box.grab().toImage()
    assert any(image.pixelColor(x, 1).name() == colors.warning_text for x in range(4, image.width() - 4))


def test_applying_the_same_theme_again_leaves_every_widget_alone(qtbot, themed) -> None:
    """A new window applies the saved theme: with the same sheet, no widget is styled again (that
    re-polished every widget alive, seconds once a few windows had been opened)."""
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QLabel

    class StyleChanges(QObject):
        count = 0

        def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.StyleChange:
                self.count += 1
            return False

    apply_theme(themed, "dark")
    label = QLabel("Fireside")
    qtbot.addWidget(label)
    changes = StyleChanges()
    label.installEventFilter(changes)
    apply_theme(themed, "dark")
    assert changes.count == 0
    apply_theme(themed, "light")
    assert changes.count > 0
