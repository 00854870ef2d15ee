"""Render the app icon's PNG, ICO and ICNS files from the SVG master, into ``resources/``.

Run it again whenever ``resources/netjournal.svg`` changes, and commit what it writes::

    .venv/bin/pip install pillow      # a tool for this script only, not a dependency of the app
    .venv/bin/python packaging/make_icons.py

Qt's SVG renderer (offscreen, no display needed) draws every size from the vector master, so
small sizes are drawn, not scaled down from a big bitmap; Pillow only packs those renderings
into the Windows ``.ico`` and macOS ``.icns`` containers.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

from icon_set import (
    APP_ICON_ICNS,
    APP_ICON_ICO,
    APP_ICON_SVG,
    ICO_SIZES,
    PNG_SIZES,
    REPO,
    RESOURCES,
    png_name,
)

ICNS_SIZES = (32, 64, 128, 256, 512, 1024)  # what Pillow's ICNS writer stores (16@2x … 512@2x)


def _missing(what: str, package: str) -> SystemExit:
    return SystemExit(
        f"make_icons: {what} is needed: install it with '.venv/bin/pip install {package}' "
        "(a tool for this script only, not a dependency of the app)."
    )


def render(svg: bytes, sizes: set[int]) -> dict[int, Image]:
    """The SVG drawn by Qt at each size (square, transparent background), as Pillow images."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import QByteArray, QRectF, Qt
        from PySide6.QtGui import QGuiApplication, QImage, QPainter
        from PySide6.QtSvg import QSvgRenderer
    except ImportError:
        raise _missing("PySide6", "-e .") from None
    try:
        from PIL import Image as PILImage
    except ImportError:
        raise _missing("Pillow", "pillow") from None

    app = QGuiApplication.instance() or QGuiApplication(["make_icons"])
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: Qt cannot read {APP_ICON_SVG} as SVG")
    images: dict[int, Image] = {}
    for size in sorted(sizes):
        canvas = QImage(size, size, QImage.Format.Format_RGBA8888)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        raw = bytes(canvas.constBits())
        images[size] = PILImage.frombuffer(
            "RGBA", (size, size), raw, "raw", "RGBA", canvas.bytesPerLine(), 1
        ).copy()
    del app
    return images


def write_icons(svg_path: Path, out: Path) -> list[Path]:
    """Write every PNG size, the .ico and the .icns for ``svg_path`` into ``out``; the files."""
    images = render(svg_path.read_bytes(), {*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES})
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for size in PNG_SIZES:
        path = out / png_name(size)
        images[size].save(path, "PNG", optimize=True)
        written.append(path)

    ico = out / APP_ICON_ICO
    largest = images[max(ICO_SIZES)]
    largest.save(
        ico,
        "ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )
    written.append(ico)

    icns = out / APP_ICON_ICNS
    images[max(ICNS_SIZES)].save(
        icns, "ICNS", append_images=[images[size] for size in ICNS_SIZES if size != max(ICNS_SIZES)]
    )
    written.append(icns)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``make_icons.py [--svg FILE] [--output DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=RESOURCES / APP_ICON_SVG, help="the SVG master")
    parser.add_argument("--output", type=Path, default=RESOURCES, help="where to write (default: resources/)")
    args = parser.parse_args(argv)
    if not args.svg.is_file():
        raise SystemExit(f"make_icons: no SVG master at {args.svg}")
    for path in write_icons(args.svg, args.output):
        print(
            f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path} "
            f"({path.stat().st_size:,} bytes)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
