"""The app's look in one place: a light and a dark palette (warm, like the name) on the Fusion style,
and one style sheet for the whole app.

Widgets never carry colours of their own: they say what they are with a `tone` property ("muted",
"warning", "error", "good", "title", "heading", "small") or an object name (the bubbles, the banner),
and the sheet below gives each its look in both themes. The theme follows the system (Qt's colour
scheme) unless the user chose one (View > Theme).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleHintReturn,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Colors:
    window: str
    base: str
    alternate: str
    text: str
    button: str
    muted: str  # placeholder and secondary text
    accent: str  # selection, focus, the assistant's avatar
    accent_text: str  # text on the accent
    link: str
    mid: str
    tooltip: str
    bubble_user: str
    info: tuple[str, str]  # (background, text) of a notice
    warning: tuple[str, str]
    error: tuple[str, str]
    good: tuple[str, str]
    warning_text: str  # on the window or base
    error_text: str


LIGHT = Colors(window="#f5f1ec", base="#ffffff", alternate="#f0e9e1", text="#211c17", button="#ebe4db",
               muted="#625950", accent="#a4461d", accent_text="#ffffff", link="#8f3a14", mid="#c9bfb3",
               tooltip="#fffaf3", bubble_user="#f3ebe2",
               info=("#e4edf8", "#1b4a73"), warning=("#fdf0cc", "#5a4100"), error=("#fbe0de", "#86201a"),
               good=("#dff0dc", "#1f5a1f"), warning_text="#7a4a00", error_text="#a3231a")
DARK = Colors(window="#1d1a17", base="#25211d", alternate="#2f2924", text="#ede6de", button="#312b26",
              muted="#b0a59a", accent="#e0874f", accent_text="#1a120d", link="#f2a673", mid="#4a423b",
              tooltip="#2f2924", bubble_user="#2d2722",
              info=("#1e3246", "#d0e4f7"), warning=("#43371a", "#f6e2ae"), error=("#4a2320", "#f8d2cd"),
              good=("#1f3a22", "#cdebc9"), warning_text="#f0c674", error_text="#ff9b8f")


def colors_for(theme: str) -> Colors:
    """The colours of "light", "dark" or "system" (what the desktop asks for; light if it says nothing)."""
    if theme == "system":
        hints = QGuiApplication.styleHints()
        theme = "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"
    return DARK if theme == "dark" else LIGHT


class ThemeStyle(QProxyStyle):
    """Fusion, with two changes that the palette cannot make:
    - check boxes and radio buttons are outlined in the muted text colour: Fusion outlines them in the
      window colour darkened, which all but vanishes on a dark window;
    - dialog buttons carry no icons: the desktop's icon theme draws a dark ✕ on a dark button;
    - a spin box or combo box with an `invalid` property ("warning", "error") gets a frame in that
      colour: a style sheet border would make Qt draw the whole box itself, without its arrows."""

    OUTLINED = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    FRAMED = (QStyle.ComplexControl.CC_SpinBox, QStyle.ComplexControl.CC_ComboBox)

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.colors = LIGHT

    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex,  # noqa: N802
                           painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        invalid = widget.property("invalid") if widget is not None and control in self.FRAMED else None
        if invalid in ("warning", "error"):
            painter.save()
            color = self.colors.error_text if invalid == "error" else self.colors.warning_text
            painter.setPen(QPen(QColor(color), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(option.rect.adjusted(1, 1, -1, -1), 3, 3)  # type: ignore[attr-defined]
            painter.restore()

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,  # noqa: N802
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in self.OUTLINED:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.PlaceholderText), 1))  # type: ignore[attr-defined]
            painter.setBrush(Qt.BrushStyle.NoBrush)
            box = option.rect.adjusted(0, 0, -1, -1)  # type: ignore[attr-defined]
            if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
                painter.drawEllipse(box)
            else:
                painter.drawRoundedRect(box, 2, 2)
            painter.restore()

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,  # noqa: N802
                  widget: QWidget | None = None, returned: QStyleHintReturn | None = None) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 0
        return super().styleHint(hint, option, widget, returned)


def palette_for(c: Colors) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window, QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.base, QPalette.ColorRole.AlternateBase: c.alternate,
        QPalette.ColorRole.Text: c.text, QPalette.ColorRole.Button: c.button,
        QPalette.ColorRole.ButtonText: c.text, QPalette.ColorRole.BrightText: c.error_text,
        QPalette.ColorRole.Highlight: c.accent, QPalette.ColorRole.HighlightedText: c.accent_text,
        QPalette.ColorRole.Link: c.link, QPalette.ColorRole.LinkVisited: c.link,
        QPalette.ColorRole.PlaceholderText: c.muted, QPalette.ColorRole.ToolTipBase: c.tooltip,
        QPalette.ColorRole.ToolTipText: c.text, QPalette.ColorRole.Mid: c.mid,
        QPalette.ColorRole.Midlight: c.alternate, QPalette.ColorRole.Dark: c.mid,
        QPalette.ColorRole.Light: c.base, QPalette.ColorRole.Accent: c.accent,
    }
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted))
    return p


def style_sheet(c: Colors) -> str:
    return f"""
QToolTip {{ color: {c.text}; background: {c.tooltip}; border: 1px solid {c.mid}; padding: 4px; }}
*[tone="muted"] {{ color: {c.muted}; }}
*[tone="small"] {{ color: {c.muted}; font-size: 11px; }}
*[tone="warning"] {{ color: {c.warning_text}; }}
*[tone="error"] {{ color: {c.error_text}; }}
*[tone="good"] {{ color: {c.good[1]}; background: {c.good[0]}; border-radius: 4px; padding: 4px; }}
*[tone="bad"] {{ color: {c.error[1]}; background: {c.error[0]}; border-radius: 4px; padding: 4px; }}
*[tone="caution"] {{ color: {c.warning[1]}; background: {c.warning[0]}; border-radius: 4px; padding: 4px; }}
*[tone="title"] {{ font-size: 22px; font-weight: bold; }}
*[tone="heading"] {{ font-size: 15px; font-weight: bold; }}
*[tone="strong"] {{ font-weight: bold; }}
QLineEdit[invalid="error"] {{ border: 2px solid {c.error_text}; border-radius: 3px; }}
QLineEdit[invalid="warning"] {{ border: 2px solid {c.warning_text}; border-radius: 3px; }}
#banner {{ border-radius: 6px; margin: 4px 6px 0 6px; }}
#banner[level="info"] {{ background: {c.info[0]}; }}
#banner[level="warning"] {{ background: {c.warning[0]}; }}
#banner[level="error"] {{ background: {c.error[0]}; }}
#banner[level="info"] QLabel, #banner[level="info"] QToolButton {{ color: {c.info[1]}; }}
#banner[level="warning"] QLabel, #banner[level="warning"] QToolButton {{ color: {c.warning[1]}; }}
#banner[level="error"] QLabel, #banner[level="error"] QToolButton {{ color: {c.error[1]}; }}
#EngineNotice {{ background: {c.error[0]}; border: 1px solid {c.error_text}; border-radius: 6px; }}
#EngineNotice QLabel {{ color: {c.error[1]}; }}
#bubble_user {{ background: {c.bubble_user}; border: 1px solid {c.mid}; border-radius: 12px; }}
#bubble_assistant, #bubble_system {{ background: {c.base}; border: 1px solid {c.mid}; border-radius: 12px; }}
#bubble_user[highlighted="true"], #bubble_assistant[highlighted="true"], #bubble_system[highlighted="true"]
    {{ border: 2px solid {c.accent}; }}
#bubble_name {{ font-weight: bold; }}
#message_body {{ background: transparent; }}
#thinking_frame {{ border: none; border-left: 3px solid {c.mid}; }}
#thinking_body {{ background: transparent; color: {c.muted}; }}
#chat_view, #chat_container {{ background: {c.window}; border: none; }}
*:focus {{ outline: none; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {c.accent}; border-radius: 4px; }}
QPushButton {{ padding: 4px 10px; }}
QToolButton[popupMode="2"] {{ padding-right: 14px; }}
"""


def apply_theme(app: QApplication, theme: str) -> Colors:
    """Fusion (the same on every desktop, and it honours the palette fully), the palette, the sheet."""
    colors = colors_for(theme if theme in THEMES else "system")
    style = theme_style(app)
    sheet = style_sheet(colors)
    if style.colors == colors and app.styleSheet() == sheet:
        return colors  # (setting the sheet again re-polishes every widget alive: seconds with many windows)
    style.colors = colors
    app.setPalette(palette_for(colors))
    app.setStyleSheet(sheet)
    return colors


def theme_style(app: QApplication) -> ThemeStyle:
    """The app's one ThemeStyle. Once a sheet is set, `app.style()` is Qt's sheet style wrapped around
    it, so it is kept here: asking `app.style()` would make a new one (in light colours) at each switch."""
    style = getattr(app, "_fireside_style", None)
    if not isinstance(style, ThemeStyle):
        style = ThemeStyle()
        app.setStyle(style)
        app._fireside_style = style  # type: ignore[attr-defined]
    return style


def set_tone(widget: QWidget, tone: str) -> None:
    """Give a widget its look from the app's sheet (re-polished, so a change shows at once)."""
    widget.setProperty("tone", tone)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def relative_luminance(color: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: str | QColor, b: str | QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21; 4.5 is the floor for body text)."""
    la, lb = sorted((relative_luminance(QColor(a)), relative_luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)
