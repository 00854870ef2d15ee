"""Build NetJournal's wheel, check what it ships, install it in a clean venv and smoke-test it.

    python3 packaging/build_check.py          # the wheel check (CI runs this; ~30 s with a warm cache)
    python3 packaging/build_check.py --app    # then also the PyInstaller one-folder app (release step)

The wheel check builds from a clean copy of the source tree (stale ``build/`` folders cannot
leak in), checks that the wheel holds every package and every icon (valid PNGs of the right
sizes, the .ico and .icns), installs it with its dependencies in a fresh virtual environment,
and runs ``netjournal --version``, ``init``, ``demo``, ``stats --json`` and ``check`` against a
temporary journal. The GUI is started offscreen with ``NETJOURNAL_SMOKE_TEST=1`` (the app quits
with status 0 once its main window is shown) when the installed app supports that variable.

``--app`` installs the same wheel and PyInstaller in another throwaway venv, builds
``packaging/netjournal.spec`` into ``dist/``, and runs the same smoke test on the frozen app.
Nothing touches your own journal, settings or keyring: everything runs with temporary
folders and keyring's ``fail`` backend.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

from icon_set import PNG_SIZES, REPO, icon_files, png_name

PASSPHRASE = "build check passphrase"  # a throwaway journal in a temporary folder
SMOKE_ENV = "NETJOURNAL_SMOKE_TEST"
DEMO_CONTACTS, DEMO_CONVERSATIONS = 20, 50
COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "*.pyc",
)
WINDOWS = sys.platform == "win32"


class CheckFailed(Exception):
    """A check did not pass; the message says which and why."""


def step(title: str) -> None:
    print(f"== {title}", flush=True)


def run(
    command: Sequence[str | os.PathLike[str]],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 600,
    quiet: bool = False,
) -> str:
    """Run ``command``; its stdout. Raise :class:`CheckFailed` with its output when it fails."""
    args = [str(part) for part in command]
    try:
        result = subprocess.run(
            args, env=env, cwd=cwd, timeout=timeout, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise CheckFailed(f"cannot run {args[0]}: not found") from None
    except subprocess.TimeoutExpired:
        raise CheckFailed(f"timed out after {timeout:.0f} s: {' '.join(args)}") from None
    if result.returncode != 0:
        raise CheckFailed(
            f"exit status {result.returncode}: {' '.join(args)}\n{result.stdout}{result.stderr}".rstrip()
        )
    if not quiet and result.stdout.strip():
        print(result.stdout.rstrip())
    return result.stdout


def venv_bin(venv: Path, name: str) -> Path:
    """A program inside a virtual environment (``bin/`` or ``Scripts\\``)."""
    return venv / ("Scripts" if WINDOWS else "bin") / (f"{name}.exe" if WINDOWS else name)


def make_venv(path: Path) -> Path:
    """A fresh virtual environment at ``path`` with an up-to-date pip; its python."""
    try:
        run([sys.executable, "-m", "venv", path])
    except CheckFailed as error:
        raise CheckFailed(
            f"{error}\nCannot create a virtual environment: on Debian/Ubuntu install python3-venv."
        ) from None
    return venv_bin(path, "python")


# -- the wheel -------------------------------------------------------------------------------
def build_wheel(python: Path, work: Path) -> Path:
    """Build the wheel from a clean copy of the source tree; the wheel's path."""
    source = work / "source"
    shutil.copytree(REPO, source, ignore=COPY_IGNORE)
    out = work / "wheel"
    run([python, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", out, source], timeout=900)
    wheels = sorted(out.glob("netjournal-*.whl"))
    if len(wheels) != 1:
        raise CheckFailed(f"expected one netjournal wheel in {out}, found {[w.name for w in wheels]}")
    return wheels[0]


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG file's bytes; CheckFailed if it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise CheckFailed("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def ico_sizes(data: bytes) -> list[int]:
    """The square sizes listed in a Windows .ico file's directory."""
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    if reserved != 0 or kind != 1 or count == 0:
        raise CheckFailed("not an .ico file")
    return [(data[6 + 16 * i] or 256) for i in range(count)]


def check_wheel(wheel: Path) -> None:
    """The wheel holds every package of the source tree, every icon, and both commands."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        packages = sorted(
            str(init.parent.relative_to(REPO)).replace(os.sep, "/")
            for init in (REPO / "netjournal").rglob("__init__.py")
            if "__pycache__" not in init.parts
        )
        missing = [f"{p}/__init__.py" for p in packages if f"{p}/__init__.py" not in names]
        icons = [f"netjournal/resources/{name}" for name in icon_files()]
        missing += [icon for icon in icons if icon not in names]
        if missing:
            raise CheckFailed(
                "the wheel lacks: "
                + ", ".join(missing)
                + "\n(packages go in [tool.setuptools] packages, icons in package-data, pyproject.toml)"
            )
        for size in PNG_SIZES:
            name = f"netjournal/resources/{png_name(size)}"
            if png_size(archive.read(name)) != (size, size):
                raise CheckFailed(f"{name} is {png_size(archive.read(name))}, not {size}x{size}")
        if ico_sizes(archive.read("netjournal/resources/netjournal.ico"))[-1] != 256:
            raise CheckFailed("netjournal.ico has no 256x256 image")
        if archive.read("netjournal/resources/netjournal.icns")[:4] != b"icns":
            raise CheckFailed("netjournal.icns is not an .icns file")
        entry_points = next((n for n in names if n.endswith(".dist-info/entry_points.txt")), None)
        text = archive.read(entry_points).decode() if entry_points else ""
        for script in ("netjournal = netjournal.cli:main", "netjournal-app = netjournal.cli:gui_main"):
            if script not in text:
                raise CheckFailed(f"the wheel's entry points lack '{script}'")
        resources = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("netjournal/resources/"))
    print(f"{wheel.name}: {len(names)} files, {len(packages)} packages, resources: {', '.join(resources)}")


# -- smoke tests -------------------------------------------------------------------------------
def isolated_env(work: Path) -> dict[str, str]:
    """An environment that keeps the app away from the user's journal, settings and keyring."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETJOURNAL_", "PYTHON"))}
    home = work / "home"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    env.update(
        QT_QPA_PLATFORM="offscreen",
        NETJOURNAL_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONIOENCODING="utf-8",
    )
    return env


def smoke_cli(
    netjournal: Sequence[str | os.PathLike[str]], work: Path, data: Path, version: str | None
) -> None:
    """``--version``, then ``init``, ``demo``, ``stats --json`` and ``check`` on a new journal in ``data``."""
    env = isolated_env(work)
    if version is not None:
        shown = run([*netjournal, "--version"], env=env, cwd=work).strip()
        if shown != f"netjournal {version}":
            raise CheckFailed(f"--version printed {shown!r}, expected 'netjournal {version}'")
    run([*netjournal, "--data-dir", data, "init"], env=env, cwd=work, quiet=True)
    demo = ["demo", "--contacts", str(DEMO_CONTACTS), "--conversations", str(DEMO_CONVERSATIONS)]
    run([*netjournal, "--data-dir", data, *demo], env=env, cwd=work)
    counts = json.loads(run([*netjournal, "--data-dir", data, "stats", "--json"], env=env, cwd=work))
    if counts.get("contacts") != DEMO_CONTACTS or counts.get("conversations") != DEMO_CONVERSATIONS:
        raise CheckFailed(f"stats --json after the demo: {counts}")
    run([*netjournal, "--data-dir", data, "check"], env=env, cwd=work, quiet=True)


def smoke_gui(app: Sequence[str | os.PathLike[str]], work: Path, data: Path, supported: bool) -> bool:
    """Start the app offscreen on the journal in ``data``, ``NETJOURNAL_SMOKE_TEST=1``; False if skipped."""
    if not supported:
        print(
            f"SKIPPED: GUI smoke test: this build of the app does not handle {SMOKE_ENV} yet "
            "(it should quit with status 0 once the main window is shown)."
        )
        return False
    env = isolated_env(work) | {SMOKE_ENV: "1"}
    started = time.perf_counter()
    run([*app, "--data-dir", data], env=env, cwd=work, timeout=120)
    print(f"the main window opened and the app quit cleanly in {time.perf_counter() - started:.1f} s")
    return True


def mentions_smoke_test(package_dir: Path) -> bool:
    """Whether the installed ``netjournal`` package's code handles ``NETJOURNAL_SMOKE_TEST``."""
    return any(SMOKE_ENV in p.read_text(encoding="utf-8") for p in package_dir.rglob("*.py"))


def installed_package(python: Path, work: Path) -> Path:
    """Where ``python`` imports netjournal from; fails if the icons are not readable there."""
    code = (
        "import importlib.resources as r, netjournal, netjournal.resources as res, pathlib;"
        "assert all(r.files(res).joinpath(n).is_file() for n in res.icon_files());"
        "print(pathlib.Path(netjournal.__file__).parent)"
    )
    # Run from the work folder: from the repository, "-c" would import the source tree instead.
    return Path(run([python, "-c", code], cwd=work, quiet=True).strip())


# -- the checks ----------------------------------------------------------------------------------
def wheel_check(work: Path) -> tuple[Path, bool]:
    """Build, inspect, install and smoke-test the wheel; the wheel and whether the GUI ran."""
    step("building the wheel in a clean virtual environment")
    started = time.perf_counter()
    python = make_venv(work / "venv")
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], timeout=300)
    wheel = build_wheel(python, work)
    step("checking the wheel's contents")
    check_wheel(wheel)
    step("installing the wheel and its dependencies")
    run([python, "-m", "pip", "install", "--quiet", wheel], timeout=900)
    package = installed_package(python, work)
    if not package.is_relative_to(work):
        raise CheckFailed(f"netjournal was imported from {package}, not from the clean venv")
    print(f"installed in a fresh venv in {time.perf_counter() - started:.0f} s")
    step("smoke test: --version, init, demo, stats --json, check")
    version = wheel.name.split("-")[1]
    smoke_cli([venv_bin(work / "venv", "netjournal")], work, work / "wheel-journal", version)
    step("GUI import check (offscreen)")
    run([python, "-c", "import netjournal.ui.app"], env=isolated_env(work), cwd=work)
    step(f"GUI smoke test ({SMOKE_ENV}=1, offscreen)")
    app = [venv_bin(work / "venv", "netjournal-app")]
    ran = smoke_gui(app, work, work / "wheel-journal", mentions_smoke_test(package))
    return wheel, ran


def folder_size(folder: Path) -> int:
    """Bytes in the regular files under ``folder`` (symbolic links not followed)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def app_check(wheel: Path, work: Path) -> None:
    """Build the PyInstaller one-folder app from ``wheel`` into dist/ and smoke-test it."""
    step("installing the wheel and PyInstaller in a throwaway venv")
    python = make_venv(work / "pyinstaller-venv")
    run([python, "-m", "pip", "install", "--quiet", wheel, "pyinstaller>=6.10"], timeout=900)
    step("PyInstaller: packaging/netjournal.spec")
    dist = REPO / "dist"
    started = time.perf_counter()
    spec = REPO / "packaging" / "netjournal.spec"
    run(
        [python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", dist, "--workpath", work / "pyinstaller-build", spec],
        cwd=work, timeout=1800,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    folder = dist / "NetJournal"
    executable = folder / ("NetJournal.exe" if WINDOWS else "NetJournal")
    if sys.platform == "darwin":
        folder = dist / "NetJournal.app"
        executable = folder / "Contents" / "MacOS" / "NetJournal"
    if not executable.is_file():
        raise CheckFailed(f"PyInstaller made no {executable}")
    print(f"built {folder.relative_to(REPO)} in {elapsed:.0f} s: {folder_size(folder) / 2**20:.0f} MiB")
    step("smoke test of the frozen app")
    if WINDOWS:
        # A windowed .exe has no console to print to: the command line is checked through
        # the wheel on Windows, and the frozen app by the GUI smoke test.
        print("SKIPPED on Windows: command-line checks of a windowed executable")
    else:
        smoke_cli([executable], work, work / "app-journal", wheel.name.split("-")[1])
    smoke_gui([executable], work, work / "app-journal", mentions_smoke_test(installed_package(python, work)))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the checks; 0 when everything passed (skipped steps say so), 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", action="store_true", help="also build and check the PyInstaller app")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="netjournal-build-check-")).resolve()
    try:
        wheel, _gui_ran = wheel_check(work)
        if args.app:
            app_check(wheel, work)
    except CheckFailed as failure:
        print(f"build check FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"build check passed in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
