"""Icons and other files the app ships (installed as ``netjournal.resources``).

``netjournal.svg`` is the master icon; ``packaging/make_icons.py`` renders the PNG, ICO and
ICNS files from it. This module is Qt-free so packaging scripts and tests can use it too.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

APP_ICON_SVG = "netjournal.svg"
APP_ICON_ICO = "netjournal.ico"  # Windows: executable and shortcut icon
APP_ICON_ICNS = "netjournal.icns"  # macOS: application bundle icon
# Sizes the Linux icon theme (hicolor), Windows and macOS ask for.
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest size an .ico entry can declare


def png_name(size: int) -> str:
    """File name of the app icon rendered at ``size`` × ``size`` pixels."""
    return f"netjournal-{size}.png"


def icon_files() -> list[str]:
    """Every generated or master icon file name, in a stable order."""
    return [APP_ICON_SVG, *(png_name(size) for size in PNG_SIZES), APP_ICON_ICO, APP_ICON_ICNS]


def resource(name: str) -> Traversable:
    """A file shipped in ``netjournal.resources`` (use ``importlib.resources.as_file`` for a path)."""
    return resources.files(__name__).joinpath(name)
