"""What the installed app ships: icons in the package, desktop entry, AppStream metadata."""

from __future__ import annotations

import fnmatch
import os
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import netjournal
from netjournal import resources

REPO = Path(__file__).resolve().parents[2]
LINUX = REPO / "packaging" / "linux"
APP_ID = "org.netjournal.NetJournal"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
SCREENSHOT_BASE = "https://netjournal.invalid/screenshots/"


def _tool(name: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(shutil.which(name) is None, reason=f"{name} is not installed")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# -- icons ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", resources.PNG_SIZES)
def test_png_icons_are_in_the_package_at_their_size(size: int) -> None:
    data = resources.resource(resources.png_name(size)).read_bytes()
    assert png_size(data) == (size, size)
    colour_type = data[25]
    assert colour_type == 6, "RGBA, so the rounded corners stay transparent"


def test_png_sizes_are_the_ones_each_platform_asks_for() -> None:
    assert resources.PNG_SIZES == (16, 24, 32, 48, 64, 128, 256, 512)


def test_ico_holds_every_windows_size_as_png() -> None:
    data = resources.resource(resources.APP_ICON_ICO).read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, height, _colours, _reserved, _planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        assert width == height
        assert bits == 32
        size = width or 256
        assert png_size(data[offset : offset + length]) == (size, size)
        sizes.append(size)
    assert sorted(sizes) == list(resources.ICO_SIZES)


def test_icns_holds_the_retina_sizes_up_to_1024() -> None:
    data = resources.resource(resources.APP_ICON_ICNS).read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    found: dict[bytes, tuple[int, int]] = {}
    position = 8
    while position < len(data):
        kind = data[position : position + 4]
        length = struct.unpack(">I", data[position + 4 : position + 8])[0]
        if kind != b"TOC ":
            found[kind] = png_size(data[position + 8 : position + length])
        position += length
    expected = {b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024, b"ic11": 32, b"ic12": 64,
                b"ic13": 256, b"ic14": 512}  # fmt: skip
    assert found == {kind: (size, size) for kind, size in expected.items()}


def test_svg_master_is_in_the_package() -> None:
    text = resources.resource(resources.APP_ICON_SVG).read_text(encoding="utf-8")
    assert ET.fromstring(text).tag == "{http://www.w3.org/2000/svg}svg"


def test_package_data_globs_ship_every_resource_file() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["netjournal.resources"]
    files = [p.name for p in (REPO / "resources").iterdir() if p.is_file() and p.suffix != ".py"]
    assert set(resources.icon_files()) <= set(files)
    unshipped = [name for name in files if not any(fnmatch.fnmatch(name, g) for g in globs)]
    assert unshipped == []


def test_every_package_of_the_source_tree_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "netjournal").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages or the wheel lacks them"


# -- desktop entry and AppStream metadata --------------------------------------------------------
@_tool("desktop-file-validate")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@_tool("appstreamcli")
def test_metainfo_validates() -> None:
    # --no-net: the screenshots' placeholder URLs are replaced at release time (packaging/README.md).
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def test_metainfo_names_the_desktop_entry_and_the_current_version() -> None:
    root = _metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    releases = root.findall("releases/release")
    assert releases, "at least the current release"
    assert releases[0].get("version") == netjournal.__version__, "bump the metainfo with the version"


def test_metainfo_screenshots_are_the_committed_images() -> None:
    images = [image.text or "" for image in _metainfo().iter("image")]
    assert images
    for url in images:
        assert url.startswith(SCREENSHOT_BASE), url
        assert (REPO / "packaging" / "screenshots" / url.removeprefix(SCREENSHOT_BASE)).is_file(), url


# -- the per-user installer --------------------------------------------------------------------------
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="installs a Linux desktop entry")
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_install_desktop_entry_installs_and_uninstalls(tmp_path: Path) -> None:
    app = tmp_path / "my apps" / "netjournal-app"  # a space, as in real home folders
    app.parent.mkdir()
    app.write_text("#!/bin/sh\n")
    app.chmod(0o755)
    data_home = tmp_path / "share"
    env = os.environ | {"XDG_DATA_HOME": str(data_home)}
    script = LINUX / "install-desktop-entry.sh"

    subprocess.run(["bash", str(script), "--exec", str(app)], env=env, check=True, capture_output=True)

    entry = (data_home / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f'\nExec="{app}"\n' in entry
    assert f'\nExec="{app}" --quick\n' in entry
    assert "Exec=netjournal-app" not in entry
    assert (data_home / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == METAINFO.read_bytes()
    svg = data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_bytes() == resources.resource(resources.APP_ICON_SVG).read_bytes()
    for size in resources.PNG_SIZES:
        png = data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(png.read_bytes()) == (size, size)

    subprocess.run(["bash", str(script), "--uninstall"], env=env, check=True, capture_output=True)
    left = [p for p in data_home.rglob("*") if p.is_file() and "org.netjournal" in p.name]
    assert left == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="installs a Linux desktop entry")
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_install_desktop_entry_says_what_is_missing(tmp_path: Path) -> None:
    env = os.environ | {"XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run(
        ["bash", str(LINUX / "install-desktop-entry.sh"), "--exec", str(tmp_path / "nowhere")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "no executable" in result.stderr
    assert not (tmp_path / "applications").exists()
