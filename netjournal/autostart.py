"""Start NetJournal in the tray at login, the way each platform expects. Qt-free.

- Linux (and other XDG desktops): an autostart entry,
  ``$XDG_CONFIG_HOME/autostart/org.netjournal.NetJournal.desktop``.
- macOS: a LaunchAgent, ``~/Library/LaunchAgents/org.netjournal.NetJournal.plist`` with
  ``RunAtLoad``.
- Windows: the ``NetJournal`` value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``.

The platform's own entry is the setting: nothing is stored elsewhere, it is off until
:func:`enable` is called, and turning it off in the desktop's own tool (GNOME Tweaks, System
Settings, Task Manager) is reflected by :func:`is_enabled`.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

APP_ID = "org.netjournal.NetJournal"
WINDOWS_RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
WINDOWS_VALUE_NAME = "NetJournal"
BACKGROUND_FLAG = "--background"  # start with the tray icon only, no window
GUI_SCRIPT = "netjournal-app"  # the gui-script of pyproject.toml (no console window on Windows)


# -- what to run ----------------------------------------------------------------------------
def launch_command() -> list[str]:
    """The command that starts this installation of NetJournal in the tray, as an argv list.

    A frozen app (PyInstaller) runs its own executable; an installed package runs the
    ``netjournal-app`` script next to the interpreter (a virtual environment's ``bin`` or
    ``Scripts``), else the one on ``PATH``, else ``python -m netjournal``.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, BACKGROUND_FLAG]
    scripts = Path(sys.executable).parent
    for name in (f"{GUI_SCRIPT}.exe", GUI_SCRIPT) if sys.platform == "win32" else (GUI_SCRIPT,):
        candidate = scripts / name
        if candidate.is_file():
            return [str(candidate), BACKGROUND_FLAG]
    found = shutil.which(GUI_SCRIPT)
    if found:
        return [str(Path(found).absolute()), BACKGROUND_FLAG]
    python = Path(sys.executable)
    if sys.platform == "win32" and (python.parent / "pythonw.exe").is_file():
        python = python.parent / "pythonw.exe"  # no console window at login
    return [str(python), "-m", "netjournal", BACKGROUND_FLAG]


# -- Linux / XDG ------------------------------------------------------------------------------
def xdg_autostart_path() -> Path:
    """Where the XDG autostart entry lives (``$XDG_CONFIG_HOME``, absolute, else ``~/.config``)."""
    config = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if config and Path(config).is_absolute() else Path.home() / ".config"
    return base / "autostart" / f"{APP_ID}.desktop"


def _desktop_exec_argument(argument: str) -> str:
    """One argument of a desktop entry's ``Exec`` key, quoted as the Desktop Entry spec says."""
    # Field codes start with %, so a literal % is doubled, quoted or not.
    if "\n" in argument or "\r" in argument:
        raise ValueError(f"a line break cannot be part of a desktop entry's Exec: {argument!r}")
    argument = argument.replace("%", "%%")
    reserved = set(" \t\"'\\><~|&;$*?#()`")
    if argument and not reserved & set(argument):
        return argument
    # Inside double quotes, ", `, $ and \ take a backslash; then the whole value is a desktop
    # entry string, whose own escaping doubles every backslash once more.
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return '"' + quoted.replace("\\", "\\\\") + '"'


def desktop_exec(argv: Sequence[str]) -> str:
    """The ``Exec`` value that runs ``argv``."""
    return " ".join(_desktop_exec_argument(arg) for arg in argv)


def xdg_autostart_entry(argv: Sequence[str]) -> str:
    """The text of the XDG autostart desktop entry that runs ``argv`` at login."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=NetJournal\n"
        "Comment=Start NetJournal in the system tray at login\n"
        f"Exec={desktop_exec(argv)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "NoDisplay=true\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _xdg_is_enabled(path: Path) -> bool:
    if not path.is_file():
        return False
    values: dict[str, str] = {}
    section = ""
    for raw_line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw_line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Desktop Entry]" and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    # Desktops switch an entry off without deleting it: GNOME with this key, the spec with Hidden.
    return values.get("Hidden", "false") != "true" and values.get("X-GNOME-Autostart-enabled") != "false"


# -- macOS --------------------------------------------------------------------------------------
def launch_agent_path() -> Path:
    """Where the macOS LaunchAgent lives."""
    return Path.home() / "Library" / "LaunchAgents" / f"{APP_ID}.plist"


def launch_agent_plist(argv: Sequence[str]) -> bytes:
    """The LaunchAgent property list that runs ``argv`` once at login (XML plist)."""
    agent = {
        "Label": APP_ID,
        "ProgramArguments": list(argv),
        "RunAtLoad": True,
        "KeepAlive": False,  # quitting from the tray must not make launchd start it again
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",  # a graphical login, not an ssh session
    }
    return plistlib.dumps(agent, fmt=plistlib.FMT_XML, sort_keys=True)


# -- Windows ------------------------------------------------------------------------------------
def windows_run_value(argv: Sequence[str]) -> str:
    """The command line stored in the ``Run`` registry value (Windows quoting rules)."""
    return subprocess.list2cmdline(list(argv))


if sys.platform == "win32":
    import winreg

    def _windows_is_enabled() -> bool:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, WINDOWS_VALUE_NAME)
        except FileNotFoundError:
            return False
        return bool(value)

    def _windows_enable(argv: Sequence[str]) -> None:
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY) as key:
            winreg.SetValueEx(key, WINDOWS_VALUE_NAME, 0, winreg.REG_SZ, windows_run_value(argv))

    def _windows_disable() -> None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, WINDOWS_VALUE_NAME)
        except FileNotFoundError:
            pass


# -- the public switch ------------------------------------------------------------------------------
def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` atomically (a temp file renamed over ``path``), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    temp.chmod(0o644)
    temp.replace(path)


def is_enabled() -> bool:
    """Whether NetJournal starts at login for this user."""
    if sys.platform == "win32":
        return _windows_is_enabled()
    if sys.platform == "darwin":
        return launch_agent_path().is_file()
    return _xdg_is_enabled(xdg_autostart_path())


def enable(argv: Sequence[str] | None = None) -> None:
    """Start NetJournal in the tray at login (``argv`` defaults to :func:`launch_command`)."""
    command = list(argv) if argv is not None else launch_command()
    if sys.platform == "win32":
        _windows_enable(command)
    elif sys.platform == "darwin":
        _write_atomically(launch_agent_path(), launch_agent_plist(command))
    else:
        _write_atomically(xdg_autostart_path(), xdg_autostart_entry(command).encode("utf-8"))


def disable() -> None:
    """Stop starting NetJournal at login. Doing it when it is off is not an error."""
    if sys.platform == "win32":
        _windows_disable()
    elif sys.platform == "darwin":
        launch_agent_path().unlink(missing_ok=True)
    else:
        xdg_autostart_path().unlink(missing_ok=True)
