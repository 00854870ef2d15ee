"""Two starts of the app at once, as real processes: one becomes the app, the other hands over.

The journal is never opened by both, and neither says anything about a locked database. The
surviving instance is then asked (as a third start would) to show its window, and quits
cleanly on Ctrl+C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netjournal.services.journal import Journal
from netjournal.ui.single_instance import hand_over, server_name
from tests.reliability.gui_session import OFFSCREEN_NOISE, REPO, cli_env

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="uses SIGINT"),
    pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE),
]
ROUNDS = int(os.environ.get("NETJOURNAL_TEST_START_ROUNDS", "2"))


def start_app(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "netjournal", "--data-dir", str(data_dir)],
        cwd=REPO,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _first_to_exit(processes: list[subprocess.Popen[str]], timeout: float) -> subprocess.Popen[str] | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                return process
        time.sleep(0.05)
    return None


def test_two_starts_at_once_make_one_app(qapp, journal: Journal) -> None:
    journal.contacts.create("Someone")
    journal.close()  # the app processes open it themselves
    name = server_name(journal.data_dir)
    for _ in range(ROUNDS):
        pair = [start_app(journal.data_dir), start_app(journal.data_dir)]
        try:
            handed = _first_to_exit(pair, timeout=60)
            assert handed is not None, "both starts are still running: the journal is open twice"
            _, handed_err = handed.communicate(timeout=30)
            assert handed.returncode == 0, handed_err
            assert handed_err == "", handed_err
            app = pair[1] if handed is pair[0] else pair[0]
            assert app.poll() is None, f"the app itself ended: {app.communicate()[1]}"
            # The survivor is the one instance: a later start hands over to it.
            assert hand_over(name, "show", timeout_ms=10_000)
            app.send_signal(signal.SIGINT)
            _, app_err = app.communicate(timeout=60)
            assert app.returncode == 0, app_err
            assert "locked" not in app_err and "Traceback" not in app_err, app_err
        finally:
            for process in pair:
                if process.poll() is None:
                    process.kill()
                    process.communicate(timeout=30)
        assert not hand_over(name, "show", timeout_ms=500)  # gone, and no stale socket answers


def test_a_second_start_waits_for_a_first_that_is_still_starting_up(
    qtbot, journal: Journal, keystore, tmp_path: Path
) -> None:
    """The first instance listens, then spends a while opening the journal and building its
    window (its event loop not yet running): the second must still hand over, not open the
    journal itself."""
    from PySide6.QtCore import QSettings

    from netjournal.ui.app import NetJournalApp
    from netjournal.ui.settings import UiSettings

    settings = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    first = NetJournalApp(journal.data_dir, keystore=keystore, settings=settings, tray_available=False)
    requests: list[str] = []
    first.attach(journal)
    assert first.listen_for_other_starts()
    first.instance_server.requested.connect(requests.append)  # type: ignore[union-attr]
    second = start_app(journal.data_dir)
    try:
        time.sleep(2.5)  # a slow start-up: no events processed meanwhile
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
        _, err = second.communicate(timeout=30)
        assert second.returncode == 0, err
        # Its first, impatient try may be delivered too: "show" is the same request twice.
        assert requests and set(requests) == {"show"}
        assert first.main_window is not None and first.main_window.isVisible()
    finally:
        if second.poll() is None:
            second.kill()
            second.communicate(timeout=30)
        first.journal = None  # the journal fixture closes it
        first.shutdown()
