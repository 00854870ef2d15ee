"""Start at login: the XDG autostart entry, the macOS LaunchAgent, the Windows Run value."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netjournal import autostart

APP = "/opt/Net Journal/bin/netjournal-app"
ARGV = [APP, "--background"]

needs_desktop_file_validate = pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-validate is not installed"
)
linux_only = pytest.mark.skipif(
    sys.platform in {"win32", "darwin"}, reason="the XDG autostart path is the Linux/BSD one"
)


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


# -- Linux -------------------------------------------------------------------------------------
@linux_only
def test_off_until_enabled(config_home: Path) -> None:
    assert not autostart.is_enabled()
    assert not (config_home / "autostart").exists()


@linux_only
def test_enable_writes_an_xdg_autostart_entry(config_home: Path) -> None:
    autostart.enable(ARGV)

    entry = config_home / "autostart" / "org.netjournal.NetJournal.desktop"
    assert autostart.xdg_autostart_path() == entry
    assert entry.read_text(encoding="utf-8") == (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=NetJournal\n"
        "Comment=Start NetJournal in the system tray at login\n"
        'Exec="/opt/Net Journal/bin/netjournal-app" --background\n'
        "Icon=org.netjournal.NetJournal\n"
        "Terminal=false\n"
        "NoDisplay=true\n"
        "X-GNOME-Autostart-enabled=true\n"
    )
    assert autostart.is_enabled()
    assert not list(entry.parent.glob(".*.tmp")), "the temporary file is renamed, not left behind"


@linux_only
@needs_desktop_file_validate
def test_autostart_entry_is_a_valid_desktop_entry(config_home: Path) -> None:
    autostart.enable([r"/home/a b/$weird\dir/netjournal-app", "--background", "50%"])
    result = subprocess.run(
        ["desktop-file-validate", str(autostart.xdg_autostart_path())],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout


@linux_only
def test_disable_removes_the_entry_and_is_idempotent(config_home: Path) -> None:
    autostart.enable(ARGV)
    autostart.disable()
    assert not autostart.xdg_autostart_path().exists()
    assert not autostart.is_enabled()
    autostart.disable()  # already off: nothing to do, no error


@linux_only
def test_enable_replaces_an_older_entry(config_home: Path) -> None:
    autostart.enable(["/old/place/netjournal-app", "--background"])
    autostart.enable(ARGV)
    assert '"/opt/Net Journal/bin/netjournal-app"' in autostart.xdg_autostart_path().read_text()
    assert "/old/place" not in autostart.xdg_autostart_path().read_text()


@linux_only
@pytest.mark.parametrize("switch", ["X-GNOME-Autostart-enabled=false", "Hidden=true"])
def test_an_entry_switched_off_by_the_desktop_counts_as_off(config_home: Path, switch: str) -> None:
    autostart.enable(ARGV)
    path = autostart.xdg_autostart_path()
    text = path.read_text().replace("X-GNOME-Autostart-enabled=true\n", f"{switch}\n")
    path.write_text(text)
    assert not autostart.is_enabled()


@linux_only
def test_default_command_starts_this_installation_in_the_background(config_home: Path) -> None:
    autostart.enable()
    text = autostart.xdg_autostart_path().read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" --background")
    command = autostart.launch_command()
    assert command[-1] == "--background"
    assert Path(command[0]).is_absolute() and Path(command[0]).exists()


def test_relative_xdg_config_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert autostart.xdg_autostart_path() == (
        tmp_path / ".config" / "autostart" / "org.netjournal.NetJournal.desktop"
    )


@pytest.mark.parametrize(
    ("argument", "exec_text"),
    [
        ("/usr/bin/netjournal-app", "/usr/bin/netjournal-app"),
        ("--background", "--background"),
        ("/home/a b/app", '"/home/a b/app"'),
        ("50%", "50%%"),
        ("/a$b", r'"/a\\$b"'),
        ("/a\\b", r'"/a\\\\b"'),
        ('/a"b', r'"/a\\"b"'),
        ("", '""'),
    ],
)
def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_says(argument: str, exec_text: str) -> None:
    assert autostart.desktop_exec([argument]) == exec_text


def test_a_line_break_cannot_go_into_exec() -> None:
    with pytest.raises(ValueError, match="line break"):
        autostart.desktop_exec(["/a\nb"])


def test_frozen_app_starts_its_own_executable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/Applications/NetJournal.app/Contents/MacOS/NetJournal")
    assert autostart.launch_command() == [
        "/Applications/NetJournal.app/Contents/MacOS/NetJournal",
        "--background",
    ]


# -- macOS -------------------------------------------------------------------------------------
def test_launch_agent_plist_runs_the_app_once_at_login() -> None:
    agent = plistlib.loads(autostart.launch_agent_plist(ARGV))
    assert agent == {
        "Label": "org.netjournal.NetJournal",
        "ProgramArguments": ARGV,
        "RunAtLoad": True,
        "KeepAlive": False,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }


def test_launch_agent_plist_is_an_xml_property_list() -> None:
    data = autostart.launch_agent_plist(ARGV)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist')
    assert b"<string>/opt/Net Journal/bin/netjournal-app</string>" in data


@pytest.mark.skipif(sys.platform == "win32", reason="Path.home() follows HOME on POSIX only")
def test_macos_enable_and_disable_manage_the_launch_agent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "darwin")
    agent = tmp_path / "Library" / "LaunchAgents" / "org.netjournal.NetJournal.plist"

    assert not autostart.is_enabled()
    autostart.enable(ARGV)
    assert plistlib.loads(agent.read_bytes())["ProgramArguments"] == ARGV
    assert autostart.is_enabled()
    autostart.disable()
    assert not agent.exists()
    assert not autostart.is_enabled()


# -- Windows -----------------------------------------------------------------------------------
def test_windows_run_value_quotes_paths_with_spaces() -> None:
    value = autostart.windows_run_value([r"C:\Program Files\NetJournal\NetJournal.exe", "--background"])
    assert value == r'"C:\Program Files\NetJournal\NetJournal.exe" --background'


@pytest.mark.skipif(sys.platform != "win32", reason="the registry exists on Windows only")
def test_windows_enable_and_disable_manage_the_run_value() -> None:  # pragma: no cover - Windows
    was_enabled = autostart.is_enabled()
    try:
        autostart.enable(ARGV)
        assert autostart.is_enabled()
        autostart.disable()
        assert not autostart.is_enabled()
    finally:
        if was_enabled:
            autostart.enable()
