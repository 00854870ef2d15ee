"""Preferences: journal settings through services, look and autostart per computer, passphrase."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTime
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication

from netjournal import autostart
from netjournal.importexport.encrypted_backup import backup_journal, backup_name
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import Journal, open_remembered, open_with_secret
from netjournal.services.preferences import PreferenceService
from netjournal.ui import theme
from netjournal.ui.dialogs.passphrase_dialog import ChangePassphraseDialog, RecoveryKeyDialog
from netjournal.ui.dialogs.preferences import THEME_KEY, PreferencesDialog, apply_theme
from netjournal.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE

NEW = "violet harbour under snow"


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def dialog(qtbot, journal: Journal, keystore: KeyStore, store: QSettings) -> PreferencesDialog:
    made = PreferencesDialog(journal, keystore, store=store)
    qtbot.addWidget(made)
    made.show()
    return made


@pytest.fixture
def restore_palette(qapp: QApplication):
    palette = qapp.palette()
    yield
    QGuiApplication.styleHints().unsetColorScheme()
    qapp.setPalette(palette)


def test_saves_journal_settings_and_computer_settings(
    qtbot, dialog: PreferencesDialog, journal: Journal, store: QSettings, restore_palette
) -> None:
    assert dialog.data_dir_label.text() == str(journal.data_dir)
    assert not dialog.autostart_check.isChecked()  # off by default
    dialog.spins["client"].setValue(21)
    dialog.spins["friend"].setValue(0)
    dialog.keep_spin.setValue(14)
    dialog.reminder_time_edit.setTime(QTime(7, 45))
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.autostart_check.setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        dialog._save()
    prefs = PreferenceService(journal.changes, journal.clock)
    assert journal.reminders.kind_cadences()["client"] == 21
    assert journal.reminders.kind_cadences()["friend"] is None
    assert prefs.backup_keep() == 14 and prefs.reminder_time() == time(7, 45)
    assert store.value(THEME_KEY) == "dark"
    assert theme.is_dark(QApplication.palette())
    assert autostart.is_enabled() and autostart.xdg_autostart_path().is_file()
    # Nothing from the journal in the plaintext settings file.
    store.sync()
    assert set(store.allKeys()) == {THEME_KEY}

    again = PreferencesDialog(journal, dialog._keystore, store=store)
    qtbot.addWidget(again)
    assert again.keep_spin.value() == 14 and again.reminder_time_edit.time() == QTime(7, 45)
    assert again.autostart_check.isChecked()
    assert again.theme_combo.currentData() == "dark"
    again.autostart_check.setChecked(False)
    again.theme_combo.setCurrentIndex(again.theme_combo.findData("light"))
    again._save()
    assert not autostart.is_enabled()
    assert not theme.is_dark(QApplication.palette())


def test_cancel_changes_nothing(dialog: PreferencesDialog, journal: Journal, store: QSettings) -> None:
    dialog.keep_spin.setValue(30)
    dialog.autostart_check.setChecked(True)
    dialog.reject()
    assert PreferenceService(journal.changes, journal.clock).backup_keep() == 7
    assert not autostart.is_enabled()
    assert store.value(THEME_KEY) is None


def test_apply_theme_system_follows_the_platform(qapp: QApplication, restore_palette) -> None:
    apply_theme("dark")
    assert theme.is_dark(qapp.palette())
    apply_theme("system")  # offscreen reports no preference: light
    assert not theme.is_dark(qapp.palette())


def test_backups_are_listed(qtbot, journal: Journal, keystore: KeyStore, store: QSettings) -> None:
    folder = journal.data_dir / "backups"
    folder.mkdir(mode=0o700)
    backup_journal(journal, folder / backup_name(journal.clock()))
    dialog = PreferencesDialog(journal, keystore, store=store)
    qtbot.addWidget(dialog)
    rows = dialog.backups_model.stringList()
    assert len(rows) == 1 and ("KB" in rows[0] or "MB" in rows[0])
    assert dialog.open_backups_button.isEnabled()


def test_no_backups_yet_says_so(dialog: PreferencesDialog) -> None:
    assert "No automatic backup yet" in dialog.backups_model.stringList()[0]
    assert not dialog.open_backups_button.isEnabled()


def test_open_folder(dialog: PreferencesDialog, journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog.open_folder_button.click()
    assert opened == [str(journal.data_dir)]
    assert not dialog.open_folder(journal.data_dir / "missing")
    assert dialog.error_label.isVisible() and "Could not open" in dialog.error_label.text()


def test_recovery_key_needs_the_passphrase(qtbot, journal: Journal) -> None:
    dialog = RecoveryKeyDialog(journal)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.key_label is None
    qtbot.keyClicks(dialog.passphrase_edit, "not my passphrase")
    dialog.show_button.click()
    assert dialog.key_label is None and dialog.error_label.isVisible()
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.show_button.click()
    assert dialog.key_label is not None
    assert dialog.key_label.text().replace("\n", "") == journal.recovery_key()
    assert dialog.passphrase_edit.text() == ""


def test_change_passphrase_end_to_end(
    qtbot, dialog: PreferencesDialog, journal: Journal, keystore: KeyStore, data_dir: Path
) -> None:
    journal.contacts.create(name="Ada Lovelace")
    old_recovery = journal.recovery_key()
    dialog.change_button.click()
    change = dialog.child
    assert isinstance(change, ChangePassphraseDialog)
    qtbot.keyClicks(change.current_edit, "wrong passphrase!")
    qtbot.keyClicks(change.new_edit, NEW)
    assert change.meter.bar.value() >= 3
    qtbot.keyClicks(change.repeat_edit, NEW[:-1] + "X")
    assert not change.change_button.isEnabled() and "differ" in change.error_label.text()
    change.repeat_edit.setText(NEW)
    change.change_button.click()
    assert change.task is None and "not right" in change.error_label.text()

    change.current_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.passphraseChanged, timeout=20_000):
        change.change_button.click()
    # The new recovery key is shown at once.
    shown = dialog.child
    assert isinstance(shown, RecoveryKeyDialog) and shown.key_label is not None
    new_recovery = journal.recovery_key()
    assert new_recovery != old_recovery
    assert shown.key_label.text().replace("\n", "") == new_recovery
    assert journal.stats()["contacts"] == 1  # this thread reads again with the new key
    journal.close()
    with pytest.raises(Exception, match="Wrong passphrase"):
        open_with_secret(data_dir, PASSPHRASE)
    remembered = open_remembered(data_dir, keystore)
    assert remembered is not None
    remembered.close()
    open_with_secret(data_dir, NEW).close()


def test_window_search_works_after_a_passphrase_change(qtbot, window: MainWindow, journal: Journal) -> None:
    journal.contacts.create(name="Hedy Lamarr")
    window.search_field.setText("Hedy")
    qtbot.waitUntil(lambda: window.search_results.model.rowCount() == 1)
    window.search_field.clear()
    controller = window.search
    window.preferences_action.trigger()
    prefs = window._dialog
    prefs.change_button.click()
    change = prefs.child
    change.current_edit.setText(PASSPHRASE)
    change.new_edit.setText(NEW)
    change.repeat_edit.setText(NEW)
    with qtbot.waitSignal(prefs.passphraseChanged, timeout=20_000):
        change.change_button.click()
    with qtbot.waitSignal(window.searchShown, timeout=5000) as blocker:
        window.search_field.setText("Lamarr")
    assert blocker.args == [1]
    assert window.search is controller  # the same controller, its worker restarted (no copy left)
