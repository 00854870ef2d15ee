"""Colours and fonts derived from the current palette, so light and dark themes both work.

Nothing here hard-codes a light-only colour: every colour is either a palette role or one of
a pair chosen by :func:`is_dark`. Widgets read these at paint time, so a theme switch while
the app runs repaints correctly.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` (0..1) of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        1.0,
    )


def secondary_text(palette: QPalette) -> QColor:
    """Text that should recede (subtitles, dates): between text and background."""
    return blend(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.42)


def accent(palette: QPalette) -> QColor:
    """The accent colour (the palette's highlight)."""
    return palette.color(QPalette.ColorRole.Highlight)


def accent_text(palette: QPalette) -> QColor:
    """The accent colour, adjusted to read well as text on the base colour."""
    colour = accent(palette)
    if is_dark(palette):
        return colour.lighter(150) if colour.lightnessF() < 0.6 else colour
    return colour.darker(125) if colour.lightnessF() > 0.45 else colour


def tint(palette: QPalette, amount: float = 0.08) -> QColor:
    """A panel background: the base colour with a touch of the accent."""
    return blend(palette.color(QPalette.ColorRole.Base), accent(palette), amount)


def overdue_colour(palette: QPalette) -> QColor:
    return QColor("#ff7b72") if is_dark(palette) else QColor("#c62828")


def due_soon_colour(palette: QPalette) -> QColor:
    return QColor("#e3b341") if is_dark(palette) else QColor("#9a6700")


def ok_colour(palette: QPalette) -> QColor:
    return QColor("#56d364") if is_dark(palette) else QColor("#2e7d32")


def warm_accent(palette: QPalette) -> QColor:
    """The warm colour of *common ground* (the icon's amber lens)."""
    return QColor("#f2b45a") if is_dark(palette) else QColor("#c46b12")


def person_colour(key: str, palette: QPalette) -> QColor:
    """A stable, readable avatar colour for one person (from their UUID, never their name)."""
    hue = (sum(key.encode("ascii", "ignore")) * 37) % 360
    if is_dark(palette):
        return QColor.fromHsl(hue, 110, 95)
    return QColor.fromHsl(hue, 120, 150)


def scaled_font(
    base: QFont, factor: float, *, bold: bool = False, weight: QFont.Weight | None = None
) -> QFont:
    """``base`` scaled by ``factor`` (point or pixel sized), optionally bold."""
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    if weight is not None:
        font.setWeight(weight)
    elif bold:
        font.setBold(True)
    return font


def set_text_colour(widget: QWidget, colour: QColor) -> None:
    """Draw ``widget``'s text in ``colour`` whichever background role it sits on."""
    palette = widget.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, colour)
    widget.setPalette(palette)


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (used when the platform asks for dark but the
    style has no dark palette of its own, and to render dark screenshots)."""
    p = QPalette()
    window, base, text = QColor("#1f2327"), QColor("#171a1d"), QColor("#e6e8ea")
    colours = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#23272b"),
        QPalette.ColorRole.ToolTipBase: QColor("#2b3035"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#8b949e"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#2a2f34"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ffffff"),
        QPalette.ColorRole.Light: QColor("#3a4046"),
        QPalette.ColorRole.Midlight: QColor("#30363c"),
        QPalette.ColorRole.Mid: QColor("#262b30"),
        QPalette.ColorRole.Dark: QColor("#121417"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
        QPalette.ColorRole.Highlight: QColor("#3d8fa3"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#6cc4d8"),
        QPalette.ColorRole.LinkVisited: QColor("#a99ee0"),
    }
    for role, colour in colours.items():
        p.setColor(role, colour)
    disabled = QColor("#6e7681")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def light_palette() -> QPalette:
    """Fusion's light palette with NetJournal's teal accent."""
    p = QPalette(QApplication.style().standardPalette()) if QApplication.instance() else QPalette()
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2b7a8c"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.Link, QColor("#1f6b7c"))
    return p


def follow_system_scheme(app: QApplication) -> None:
    """Use a dark palette when the system asks for dark and the style has none, and follow
    later switches between light and dark."""

    def apply() -> None:
        scheme = QGuiApplication.styleHints().colorScheme()
        if scheme == Qt.ColorScheme.Dark and not is_dark(app.palette()):
            app.setPalette(dark_palette())
        elif scheme == Qt.ColorScheme.Light and is_dark(app.palette()):
            app.setPalette(light_palette())

    apply()
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply())


class VisibleCheckBoxes(QProxyStyle):
    """Fusion with check boxes that can be seen on a dark palette.

    Fusion outlines a check box in the window colour made darker, which on a dark window is
    near-black on a near-black field: an unticked box all but disappears. On a dark palette
    this draws the outline again in the placeholder-text grey. Everything else is Fusion's.
    """

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element == QStyle.PrimitiveElement.PE_IndicatorCheckBox and is_dark(option.palette):
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()


def use_visible_check_boxes(app: QApplication) -> None:
    """Install :class:`VisibleCheckBoxes` over Fusion (native styles draw their own)."""
    if app.style().name().lower() == "fusion" and not isinstance(app.style(), VisibleCheckBoxes):
        app.setStyle(VisibleCheckBoxes("Fusion"))
