"""The app icon's file names and sizes, read from ``resources/__init__.py`` by its path.

Packaging scripts import this instead of ``netjournal.resources`` so they work in a fresh
clone where the project is not installed yet.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
RESOURCES = REPO / "resources"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_netjournal_resources", RESOURCES / "__init__.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot read {RESOURCES / '__init__.py'}: is this a NetJournal checkout?")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_resources = _load()
APP_ICON_SVG: str = _resources.APP_ICON_SVG
APP_ICON_ICO: str = _resources.APP_ICON_ICO
APP_ICON_ICNS: str = _resources.APP_ICON_ICNS
PNG_SIZES: tuple[int, ...] = _resources.PNG_SIZES
ICO_SIZES: tuple[int, ...] = _resources.ICO_SIZES


def png_name(size: int) -> str:
    """File name of the app icon rendered at ``size`` pixels."""
    name: str = _resources.png_name(size)
    return name


def icon_files() -> list[str]:
    """Every icon file the package must ship."""
    names: list[str] = _resources.icon_files()
    return names
