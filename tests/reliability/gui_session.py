"""Helpers for the concurrency tests: a main window in this process, the real command line
in others, and a watch for error boxes.

Import the fixtures into a test module (``from tests.reliability.gui_session import ...``);
they build on the shared ``journal`` and ``keystore`` fixtures of ``tests/conftest.py``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import netjournal.ui  # noqa: F401  (applies the PySide6 reference-leak guard first)
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import Journal
from netjournal.ui.changes import ChangeSignal
from netjournal.ui.main_window import MainWindow
from netjournal.ui.settings import UiSettings
from netjournal.ui.write_wait import GuiWriteWaiter
from tests.conftest import PASSPHRASE

REPO = Path(__file__).resolve().parents[2]
# The offscreen platform cannot do everything a window asks for and says so as a warning.
OFFSCREEN_NOISE = (r"This plugin does not support (propagateSizeHints|raise|setParent)\(\)",)


def cli_env(**extra: str) -> dict[str, str]:
    """The test's environment (private XDG folders, no keyring) plus the journal's passphrase."""
    env = dict(os.environ)
    env.update(
        NETJOURNAL_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=str(REPO),
        QT_QPA_PLATFORM="offscreen",
        **extra,
    )
    return env


def start_cli(data_dir: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    """``netjournal --data-dir DATA_DIR ARGS`` as a real process (not waited for)."""
    return subprocess.Popen(
        [sys.executable, "-m", "netjournal", "--data-dir", str(data_dir), *args],
        cwd=REPO,
        env=cli_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def cli() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """:func:`start_cli`, with every process it started ended and reaped at teardown."""
    started: list[subprocess.Popen[str]] = []

    def start(data_dir: Path, *args: str, **env: str) -> subprocess.Popen[str]:
        process = start_cli(data_dir, *args, **env)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


class ErrorBoxWatch:
    """Records every message box that has appeared (shown or merely created) since it began."""

    def __init__(self) -> None:
        self._before = {id(w) for w in QApplication.topLevelWidgets()}
        self.seen: list[str] = []

    def poll(self) -> list[str]:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and id(widget) not in self._before:
                self._before.add(id(widget))
                self.seen.append(f"{widget.windowTitle()}: {widget.text()}")
        return self.seen


@pytest.fixture
def box_watch(qapp: QApplication) -> ErrorBoxWatch:
    return ErrorBoxWatch()


@pytest.fixture
def gui_window(qtbot, tmp_path: Path, journal: Journal, keystore: KeyStore) -> Iterator[MainWindow]:
    """A shown main window over the test journal (settings in tmp_path)."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    settings = UiSettings(QSettings(str(tmp_path / "ui-settings.ini"), QSettings.Format.IniFormat))
    changes = ChangeSignal(journal.changes)
    window = MainWindow(journal, changes, settings, keystore)
    # As the app does (NetJournalApp.attach): a save that waits keeps the window alive.
    journal.set_write_waiter(GuiWriteWaiter(window.statusBar().showMessage))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    journal.set_write_waiter(None)
    window.shutdown()
    changes.close()


class StallMeter:
    """The longest the event loop went without running a 10 ms timer (a frozen window's time)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
