"""Unlock when the keyring fails, and the restore offer when the journal file is damaged."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import keyring.errors
import pytest
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QWidget

from netjournal.errors import DamagedJournalError
from netjournal.importexport.encrypted_backup import auto_backup
from netjournal.paths import journal_path
from netjournal.security.keystore import SERVICE, KeyStore, journal_account
from netjournal.services.journal import create_journal
from netjournal.ui import unlock as unlock_module
from netjournal.ui.app import NetJournalApp
from netjournal.ui.dialogs.preferences import PreferencesDialog
from netjournal.ui.unlock import RestoreBackupDialog, UnlockDialog, offer_restore
from tests.conftest import PASSPHRASE, MemoryKeyring

BACKUP_TIME = datetime(2026, 3, 9, 8, 15, tzinfo=UTC)


def make_journal(data_dir: Path, keystore: KeyStore, *, backup: bool) -> None:
    journal = create_journal(data_dir, PASSPHRASE, keystore)
    for n in range(30):
        journal.contacts.create(f"Person {n}", notes="notes " * 300)
    if backup:
        auto_backup(journal, now=BACKUP_TIME)
    journal.close()


def truncate(data_dir: Path) -> bytes:
    path = journal_path(data_dir)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 100])
    return path.read_bytes()


def accept_by_restoring(self: RestoreBackupDialog) -> int:
    """Stands in for exec(): the user clicks "Restore backup"."""
    self.restore_button.click()
    return self.result()


def type_passphrase(secret: str):
    def exec_(self: UnlockDialog) -> int:
        self.secret_edit.setText(secret)
        self.open_button.click()
        return self.result()

    return exec_


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.mark.parametrize("failure", ["locked", "wrong secret", "deleted"])
def test_keyring_failure_leads_to_the_passphrase_prompt(
    qtbot, data_dir: Path, memory_keyring: MemoryKeyring, ui_settings, monkeypatch, *, failure: str
) -> None:
    make_journal(data_dir, KeyStore(), backup=False)
    path = journal_path(data_dir)
    salt = path.read_bytes()[:16]
    if failure == "locked":
        keystore = KeyStore(LockedKeyring())
    elif failure == "wrong secret":
        memory_keyring.store[(SERVICE, journal_account(path))] = "ab" * 32
        keystore = KeyStore()
    else:
        memory_keyring.store.clear()
        keystore = KeyStore()
    shown: list[UnlockDialog] = []

    def exec_(self: UnlockDialog) -> int:
        shown.append(self)
        return type_passphrase(PASSPHRASE)(self)

    monkeypatch.setattr(UnlockDialog, "exec", exec_)
    controller = NetJournalApp(data_dir, keystore=keystore, settings=ui_settings)
    assert controller.open_journal()
    assert len(shown) == 1  # asked exactly once, and nothing else went wrong
    assert controller.journal is not None and controller.journal.stats()["contacts"] == 30
    controller.shutdown()
    # The same journal (same salt), not a new empty one made in its place.
    assert path.read_bytes()[:16] == salt


def test_damaged_journal_offers_the_backup_and_opens_it(
    qtbot, data_dir: Path, keystore: KeyStore, ui_settings, monkeypatch
) -> None:
    make_journal(data_dir, keystore, backup=True)
    damaged = truncate(data_dir)
    monkeypatch.setattr(RestoreBackupDialog, "exec", accept_by_restoring)
    controller = NetJournalApp(data_dir, keystore=keystore, settings=ui_settings)
    assert controller.open_journal()  # restored, then opened with the remembered key
    assert controller.journal is not None and controller.journal.stats()["contacts"] == 30
    controller.shutdown()
    [kept] = [p for p in data_dir.iterdir() if p.name.startswith("damaged-")]
    assert (kept / "journal.db").read_bytes() == damaged


def test_declining_the_restore_changes_nothing(
    qtbot, data_dir: Path, keystore: KeyStore, monkeypatch
) -> None:
    make_journal(data_dir, keystore, backup=True)
    damaged = truncate(data_dir)
    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    error = DamagedJournalError("journal.db is damaged.")
    assert not offer_restore(data_dir, error)
    assert journal_path(data_dir).read_bytes() == damaged
    assert not [p for p in data_dir.iterdir() if p.name.startswith("damaged-")]


def test_no_backup_means_no_offer(qtbot, data_dir: Path, keystore: KeyStore, monkeypatch) -> None:
    make_journal(data_dir, keystore, backup=False)
    truncate(data_dir)
    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda self: pytest.fail("offered without a backup"))
    assert not offer_restore(data_dir, DamagedJournalError("damaged"))


def test_unlock_dialog_offers_the_backup_then_opens_it(qtbot, data_dir: Path, monkeypatch) -> None:
    keystore = KeyStore(MemoryKeyring())  # remembers nothing: the passphrase is asked
    make_journal(data_dir, KeyStore(MemoryKeyring()), backup=True)
    truncate(data_dir)
    dialog = UnlockDialog(data_dir, keystore)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.secret_edit, PASSPHRASE)
    dialog.open_button.click()
    assert dialog.journal is None and "truncated" in dialog.error_label.text()
    assert dialog.restore_button.isVisible() and not dialog.secret_edit.isEnabled()
    monkeypatch.setattr(unlock_module.RestoreBackupDialog, "exec", accept_by_restoring)
    dialog.restore_button.click()
    assert dialog.secret_edit.isEnabled() and not dialog.restore_button.isVisible()
    assert "backup is in place" in dialog.error_label.text()
    qtbot.keyClicks(dialog.secret_edit, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted):
        dialog.open_button.click()
    assert dialog.journal is not None and dialog.journal.stats()["contacts"] == 30
    dialog.journal.close()


def test_restore_dialog_says_when_and_what_is_kept(qtbot, data_dir: Path, keystore: KeyStore) -> None:
    make_journal(data_dir, keystore, backup=True)
    truncate(data_dir)
    dialog = RestoreBackupDialog(data_dir, f"{journal_path(data_dir)} is damaged (truncated?).")
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.offer_label.text()
    assert "automatic backup on" in text and "2026" in text and "kept" in text
    assert dialog.restore_button.isEnabled() and dialog.restore_button.isDefault()
    # The backup vanishing meanwhile is reported inline, not as a crash.
    for info in (data_dir / "backups").iterdir():
        info.unlink()
    dialog.restore_button.click()
    assert dialog.isVisible() and "no automatic backup" in dialog.error_label.text()


def test_the_unlock_field_can_show_what_is_typed(qtbot, data_dir: Path, keystore: KeyStore) -> None:
    make_journal(data_dir, keystore, backup=False)
    dialog = UnlockDialog(data_dir, keystore)
    qtbot.addWidget(dialog)
    assert dialog.secret_edit.echoMode() == QLineEdit.EchoMode.Password
    dialog.show_check.setChecked(True)
    assert dialog.secret_edit.echoMode() == QLineEdit.EchoMode.Normal
    dialog.show_check.setChecked(False)
    assert dialog.secret_edit.echoMode() == QLineEdit.EchoMode.Password


def suggestions(window: QWidget) -> list[QMessageBox]:
    """The "set a new passphrase" boxes on screen over ``window``."""
    found = window.findChildren(QMessageBox)
    return [b for b in found if b.objectName() == "suggestNewPassphrase" and b.isVisible()]


@pytest.mark.parametrize("with_recovery_key", [True, False], ids=["recovery key", "passphrase"])
def test_opening_with_the_recovery_key_suggests_a_new_passphrase(
    qtbot, data_dir: Path, ui_settings, monkeypatch, *, with_recovery_key: bool
) -> None:
    journal = create_journal(data_dir, PASSPHRASE, KeyStore())
    recovery = journal.recovery_key()
    journal.close()
    keystore = KeyStore(LockedKeyring())  # nothing remembered: the unlock dialog asks
    monkeypatch.setattr(UnlockDialog, "exec", type_passphrase(recovery if with_recovery_key else PASSPHRASE))
    controller = NetJournalApp(data_dir, keystore=keystore, settings=ui_settings)
    try:
        assert controller.open_journal()
        window = controller.show_main_window()
        qtbot.wait(50)
        boxes = suggestions(window)
        if not with_recovery_key:
            assert boxes == []  # the passphrase is known: nothing to suggest
            return
        [box] = boxes
        assert "recovery key" in box.text()
        change = box.defaultButton()
        assert change is not None and "new passphrase" in change.text()
        change.click()
        qtbot.waitUntil(lambda: isinstance(window._dialog, PreferencesDialog), timeout=3000)
        preferences = window._dialog
        assert isinstance(preferences, PreferencesDialog)
        assert preferences.tabs.currentWidget() is preferences.security_page
        preferences.reject()
        # Once only: showing the window again does not ask again.
        controller.show_main_window()
        qtbot.wait(50)
        assert suggestions(window) == []
    finally:
        if controller.main_window is not None:
            controller.main_window.card.save_pending()
        controller.shutdown()
