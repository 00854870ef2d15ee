"""Start-up: first run creates a journal, unlock retries, the app opens with what it has."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from netjournal.paths import journal_path
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import create_journal, open_with_secret
from netjournal.ui import app as app_module
from netjournal.ui.app import NetJournalApp, run_app
from netjournal.ui.unlock import UnlockDialog
from netjournal.ui.welcome import WelcomeDialog
from tests.conftest import PASSPHRASE

NEW = "lantern otter quiet tram"


def test_first_run_creates_the_journal_and_shows_the_recovery_key(qtbot, data_dir: Path, keystore) -> None:
    dialog = WelcomeDialog(data_dir, keystore)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.create_button.isEnabled()
    qtbot.keyClicks(dialog.passphrase_edit, "short")
    qtbot.keyClicks(dialog.repeat_edit, "short")
    assert dialog.strength_bar.value() == 1  # weak, but visibly something
    dialog.create_button.click()
    assert dialog.error_label.isVisible() and "too short" in dialog.error_label.text()
    assert not journal_path(data_dir).exists()

    dialog.passphrase_edit.clear()
    dialog.repeat_edit.clear()
    qtbot.keyClicks(dialog.passphrase_edit, NEW)
    qtbot.keyClicks(dialog.repeat_edit, NEW[:-1] + "X")
    assert not dialog.create_button.isEnabled() and "differ" in dialog.error_label.text()
    dialog.repeat_edit.setText(NEW)
    assert dialog.strength_bar.value() >= 3
    dialog.create_button.click()
    journal = dialog.journal
    assert journal is not None and journal_path(data_dir).exists()
    try:
        assert dialog.pages.currentIndex() == 1
        assert dialog.recovery_key == journal.recovery_key()
        assert dialog.recovery_label.text().replace("\n", "") == journal.recovery_key()
        assert dialog.passphrase_edit.text() == ""  # the passphrase does not linger in the widget
        dialog.copy_button.click()
        assert QApplication.clipboard().text() == journal.recovery_key()
        QApplication.clipboard().clear()
        assert not dialog.start_button.isEnabled()
        dialog.kept_check.setChecked(True)
        with qtbot.waitSignal(dialog.accepted):
            dialog.start_button.click()
        assert keystore.load(journal.path) is not None  # the keyring remembers it
    finally:
        journal.close()
    open_with_secret(data_dir, NEW).close()  # and the passphrase opens it


def test_enter_creates_the_journal_then_starts(qtbot, data_dir: Path, keystore) -> None:
    dialog = WelcomeDialog(data_dir, keystore)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.passphrase_edit, NEW)
    qtbot.keyClicks(dialog.repeat_edit, NEW)
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)  # the visible default: Create journal
    journal = dialog.journal
    assert journal is not None and dialog.pages.currentIndex() == 1
    try:
        dialog.kept_check.setChecked(True)
        dialog.kept_check.setFocus()
        with qtbot.waitSignal(dialog.accepted):
            qtbot.keyClick(dialog.kept_check, Qt.Key.Key_Return)  # now: Start using NetJournal
        assert dialog.next_step == ""
    finally:
        journal.close()


def test_unlock_wrong_then_right_passphrase(qtbot, data_dir: Path, keystore, memory_keyring) -> None:
    create_journal(data_dir, PASSPHRASE).close()  # nothing remembered in the keyring
    dialog = UnlockDialog(data_dir, keystore)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.secret_edit, "not the passphrase")
    dialog.open_button.click()
    assert dialog.journal is None and dialog.isVisible()
    assert dialog.error_label.isVisible() and "does not open" in dialog.error_label.text()
    assert dialog.secret_edit.text() == ""
    qtbot.keyClicks(dialog.secret_edit, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted):
        dialog.open_button.click()
    assert dialog.journal is not None and dialog.attempts == 2
    dialog.journal.close()
    assert memory_keyring.store  # remembered for next time


def test_unlock_with_recovery_key(qtbot, data_dir: Path, keystore) -> None:
    journal = create_journal(data_dir, PASSPHRASE)
    recovery = journal.recovery_key()
    journal.close()
    dialog = UnlockDialog(data_dir, KeyStore())
    qtbot.addWidget(dialog)
    dialog.secret_edit.setText(recovery.lower())
    dialog.try_open()
    assert dialog.journal is not None
    dialog.journal.close()


def test_damaged_file_is_explained_not_retried(qtbot, data_dir: Path, keystore) -> None:
    create_journal(data_dir, PASSPHRASE).close()
    path = journal_path(data_dir)
    before = path.read_bytes()
    path.write_bytes(before[: len(before) - 100])  # truncated
    controller = NetJournalApp(data_dir, keystore=keystore)
    with pytest.raises(Exception, match="damaged"):
        controller.open_without_asking()
    dialog = UnlockDialog(data_dir, keystore)
    qtbot.addWidget(dialog)
    dialog.secret_edit.setText(PASSPHRASE)
    dialog.try_open()
    assert dialog.journal is None and "damaged" in dialog.error_label.text()
    assert not dialog.secret_edit.isEnabled()


def test_controller_opens_remembered_journal_and_shows_window(
    qtbot, data_dir: Path, keystore, ui_settings
) -> None:
    create_journal(data_dir, PASSPHRASE, keystore).close()
    controller = NetJournalApp(data_dir, keystore=keystore, settings=ui_settings)
    assert controller.open_journal()  # no dialog: the keyring had the key
    window = controller.show_main_window()
    qtbot.addWidget(window)
    assert "NetJournal" in window.windowTitle() and window.isVisible()
    assert controller.show_main_window() is window
    controller.shutdown()
    assert controller.journal is None
    controller.shutdown()  # twice is fine


def test_run_app_with_passphrase_from_environment(
    qtbot, qapp, data_dir: Path, memory_keyring, monkeypatch
) -> None:
    create_journal(data_dir, PASSPHRASE).close()
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(signal, "signal", lambda *args: None)
    shown: list[str] = []

    def close_when_shown() -> None:
        windows = [
            w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()
        ]
        if windows:
            shown.append(windows[0].windowTitle())
            windows[0].close()
            qapp.exit(0)
        else:
            QTimer.singleShot(20, close_when_shown)

    quit_on_close = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)  # quit once, explicitly (a second quit would linger)
    QTimer.singleShot(0, close_when_shown)
    try:
        status = run_app(argparse.Namespace(data_dir=str(data_dir), quick=False, command=None))
    finally:
        qapp.setQuitOnLastWindowClosed(quit_on_close)
    assert status == 0 and shown == ["NetJournal"]


def test_run_app_with_damaged_journal_exits_with_error(qapp, data_dir: Path, monkeypatch) -> None:
    data_dir.mkdir(parents=True)
    journal_path(data_dir).write_bytes(b"SQLite format 3\x00" + b"\x00" * 4080)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(signal, "signal", lambda *args: None)
    fatal: list[str] = []
    monkeypatch.setattr(NetJournalApp, "_fatal", lambda self, parent, title, text: fatal.append(text))
    assert run_app(argparse.Namespace(data_dir=str(data_dir), quick=False)) == app_module.EXIT_ERROR
    assert fatal and "unencrypted" in fatal[0]
