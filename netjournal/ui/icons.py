"""The application icon (``resources/netjournal.svg``) and a few small line icons.

Icons are rendered from SVG at several sizes, so they stay crisp on high-DPI screens; the
line icons take the palette's text colour, so they read in light and dark themes alike.
"""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

APP_ICON_FILE = "netjournal.svg"
_SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128, 256)

# 24x24 line icons in the style of the app icon; "{c}" is replaced by the colour.
_LINE_ICONS: dict[str, str] = {
    "add-person": (
        '<circle cx="10" cy="8" r="4" fill="none" stroke="{c}" stroke-width="2"/>'
        '<path d="M3 20c0-3.9 3.1-6.5 7-6.5s7 2.6 7 6.5" fill="none" stroke="{c}" stroke-width="2" '
        'stroke-linecap="round"/>'
        '<path d="M19 7v6M16 10h6" stroke="{c}" stroke-width="2" stroke-linecap="round"/>'
    ),
    "conversation": (
        '<path d="M4 5h16v10H10l-5 4v-4H4z" fill="none" stroke="{c}" stroke-width="2" '
        'stroke-linejoin="round"/>'
        '<path d="M8 9h8M8 12h5" stroke="{c}" stroke-width="2" stroke-linecap="round"/>'
    ),
    "search": (
        '<circle cx="10.5" cy="10.5" r="6" fill="none" stroke="{c}" stroke-width="2"/>'
        '<path d="M15 15l5 5" stroke="{c}" stroke-width="2.2" stroke-linecap="round"/>'
    ),
    "people": (
        '<circle cx="9" cy="8" r="3.5" fill="none" stroke="{c}" stroke-width="2"/>'
        '<path d="M2.5 19c0-3.4 2.9-5.6 6.5-5.6s6.5 2.2 6.5 5.6" fill="none" stroke="{c}" '
        'stroke-width="2" stroke-linecap="round"/>'
        '<circle cx="16.5" cy="8.5" r="2.8" fill="none" stroke="{c}" stroke-width="1.8"/>'
        '<path d="M17 13.6c2.6.3 4.5 2.2 4.5 5" fill="none" stroke="{c}" stroke-width="1.8" '
        'stroke-linecap="round"/>'
    ),
    "organisation": (
        '<path d="M4 20V5h10v15M14 10h6v10M2.5 20h19" fill="none" stroke="{c}" stroke-width="2" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
        '<path d="M7.5 8.5h3M7.5 12h3M7.5 15.5h3M17 13.5v.01M17 16.5v.01" stroke="{c}" '
        'stroke-width="2" stroke-linecap="round"/>'
    ),
    "archive": (
        '<rect x="3" y="4" width="18" height="5" rx="1" fill="none" stroke="{c}" stroke-width="2"/>'
        '<path d="M5 9v10h14V9M10 13h4" fill="none" stroke="{c}" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    ),
    "merge": (
        '<path d="M6 4v5c0 3 6 4 6 8v3M18 4v5c0 3-6 4-6 8" fill="none" stroke="{c}" '
        'stroke-width="2" stroke-linecap="round"/>'
    ),
    "delete": (
        '<path d="M4 7h16M9 7V4.5h6V7M6.5 7l1 13h9l1-13" fill="none" stroke="{c}" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    ),
    "edit": (
        '<path d="M4 20l1-4.5L15.5 5l3.5 3.5L8.5 19z" fill="none" stroke="{c}" stroke-width="2" '
        'stroke-linejoin="round"/>'
    ),
    "brief": (
        '<path d="M6 3h9l4 4v14H6z" fill="none" stroke="{c}" stroke-width="2" stroke-linejoin="round"/>'
        '<path d="M9.5 11h6M9.5 14.5h6M9.5 18h3.5" stroke="{c}" stroke-width="2" stroke-linecap="round"/>'
    ),
    "done": (
        '<path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="{c}" stroke-width="2.4" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    ),
}


@functools.cache
def _app_icon_svg() -> bytes:
    return resources.files("netjournal.resources").joinpath(APP_ICON_FILE).read_bytes()


def _render(svg: bytes, size: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return QPixmap.fromImage(image)


def app_icon() -> QIcon:
    """The NetJournal icon at every common size."""
    icon = QIcon()
    svg = _app_icon_svg()
    for size in _SIZES:
        icon.addPixmap(_render(svg, size))
    return icon


def app_pixmap(size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """The app icon as one pixmap of ``size`` logical pixels (crisp at ``device_pixel_ratio``)."""
    pixmap = _render(_app_icon_svg(), max(1, round(size * device_pixel_ratio)))
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def line_icon(name: str, palette: QPalette | None = None, colour: QColor | None = None) -> QIcon:
    """One of the small line icons, drawn in ``colour`` (default: the palette's button text)."""
    if colour is None:
        role = QPalette.ColorRole.ButtonText
        colour = palette.color(role) if palette is not None else QColor("#444444")
    return _line_icon(name, colour.name())


@functools.cache
def _line_icon(name: str, colour: str) -> QIcon:
    body = _LINE_ICONS[name].replace("{c}", colour)
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">{body}</svg>'.encode()
    icon = QIcon()
    for size in (16, 20, 24, 32, 48, 64):
        icon.addPixmap(_render(svg, size))
    return icon
