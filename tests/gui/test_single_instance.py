"""Single instance: a second start hands over to the running one; a stale socket never blocks."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QProcess, QProcessEnvironment, QSysInfo

from netjournal.services.journal import Journal
from netjournal.ui.app import NetJournalApp
from netjournal.ui.single_instance import InstanceServer, hand_over, server_name

REPO = Path(__file__).resolve().parents[2]


def start_netjournal(*args: str) -> QProcess:
    """``python -m netjournal ARGS`` as a second process (inherits the test's environment)."""
    process = QProcess()
    env = QProcessEnvironment.systemEnvironment()
    env.insert("PYTHONPATH", str(REPO))
    process.setProcessEnvironment(env)
    process.setWorkingDirectory(str(REPO))
    process.start(sys.executable, ["-m", "netjournal", *args])
    return process


def finish(qtbot, process: QProcess) -> int:
    qtbot.waitUntil(lambda: process.state() == QProcess.ProcessState.NotRunning, timeout=30_000)
    return process.exitCode()


@pytest.fixture
def running(qtbot, journal: Journal, ui_settings, keystore):
    """A running app on the test journal, listening for later starts."""
    controller = NetJournalApp(
        journal.data_dir, keystore=keystore, settings=ui_settings, tray_available=False
    )
    controller.attach(journal)
    assert controller.listen_for_other_starts()
    yield controller
    if controller.quick_entry is not None:
        controller.quick_entry.reset()
    controller.journal = None  # the journal fixture closes it
    controller.shutdown()


def test_names_are_per_data_folder_and_reveal_no_path(tmp_path: Path) -> None:
    first = server_name(tmp_path / "a")
    assert first == server_name(tmp_path / "a" / ".." / "a")
    assert first != server_name(tmp_path / "b")
    assert "a" not in first.removeprefix("netjournal-").strip("0123456789abcdef")
    assert str(tmp_path) not in first


def test_second_quick_start_opens_quick_entry_in_the_first(qtbot, running: NetJournalApp) -> None:
    with qtbot.waitSignal(running.quickEntryShown, timeout=30_000):
        process = start_netjournal("--data-dir", str(running.data_dir), "--quick")
    assert finish(qtbot, process) == 0, bytes(process.readAllStandardError().data()).decode()
    window = running.quick_entry
    assert window is not None and window.isVisible() and "Quick entry" in window.windowTitle()
    assert running.main_window is None  # only what was asked for


def test_second_plain_start_raises_the_main_window(qtbot, running: NetJournalApp) -> None:
    with qtbot.waitSignal(running.mainWindowShown, timeout=30_000):
        process = start_netjournal("--data-dir", str(running.data_dir))
    assert finish(qtbot, process) == 0
    assert running.main_window is not None and running.main_window.isVisible()


def test_requests_wait_while_the_journal_is_locked(qtbot, tmp_path: Path, ui_settings, keystore) -> None:
    controller = NetJournalApp(tmp_path / "locked", keystore=keystore, settings=ui_settings)
    controller.handle_request("quick")
    assert controller.quick_entry is None and controller._pending == ["quick"]


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets: Windows named pipes leave no file")
def test_stale_socket_from_a_crash_is_recovered(qtbot, tmp_path: Path) -> None:
    name = server_name(tmp_path / "crashed")
    path = Path(QDir.tempPath()) / name
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))  # a socket file nobody listens on, as a crashed instance leaves it
    stale.close()
    assert path.exists()
    assert not hand_over(name, "show", timeout_ms=300)  # nobody answers: start normally

    server = InstanceServer(name)
    try:
        assert server.listen()
        assert server.is_listening()
        second = InstanceServer(name)
        assert not second.listen()  # a live instance is never taken over
        with qtbot.waitSignal(server.requested) as got:
            process = QProcess()
            code = (
                "import sys; from netjournal.ui.single_instance import hand_over;"
                f"sys.exit(0 if hand_over({name!r}, 'quick') else 3)"
            )
            env = QProcessEnvironment.systemEnvironment()
            env.insert("PYTHONPATH", str(REPO))
            process.setProcessEnvironment(env)
            process.start(sys.executable, ["-c", code])
        assert got.args == ["quick"]
        assert finish(qtbot, process) == 0
    finally:
        server.close()
    assert not path.exists()


def test_unknown_requests_are_refused(qtbot, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown request"):
        hand_over(server_name(tmp_path), "delete-everything")
    server = InstanceServer(server_name(tmp_path / "x"))
    try:
        assert server.listen()
        received: list[str] = []
        server.requested.connect(received.append)
        process = QProcess()
        code = (
            "from PySide6.QtNetwork import QLocalSocket; s = QLocalSocket();"
            f"s.connectToServer({server.name!r}); s.waitForConnected(3000);"
            "s.write(b'rm -rf\\n'); s.waitForBytesWritten(3000); s.waitForDisconnected(3000)"
        )
        process.start(sys.executable, ["-c", code])
        assert finish(qtbot, process) == 0
        qtbot.wait(50)
        assert received == []
    finally:
        server.close()


def test_start_up_lock_left_by_a_crash_is_taken_over_and_released(qtbot, tmp_path: Path) -> None:
    name = server_name(tmp_path / "crashed-lock")
    lock_path = Path(QDir.tempPath()) / f"{name}.lock"
    # A lock file as a start killed between its check and its listen leaves it: a dead process.
    lock_path.write_text(f"999999999\nnetjournal\n{QSysInfo.machineHostName()}\n", encoding="utf-8")
    server = InstanceServer(name)
    try:
        assert server.listen()
        assert not lock_path.exists()  # held only around the check, never while running
        assert not InstanceServer(name).listen()
    finally:
        server.close()
