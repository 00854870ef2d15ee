"""Journal-wide preferences (backup rotation, reminder time) and changing the passphrase."""

from __future__ import annotations

import threading
from datetime import time
from pathlib import Path

import pytest

from netjournal.errors import ValidationError, WeakPassphraseError, WrongPassphraseError
from netjournal.importexport.encrypted_backup import DEFAULT_KEEP
from netjournal.security.keystore import KeyStore
from netjournal.services import passphrase
from netjournal.services.journal import Journal, open_remembered, open_with_secret
from netjournal.services.preferences import PreferenceService
from netjournal.storage.models import Setting
from tests.conftest import PASSPHRASE

NEW = "a different and longer passphrase"


@pytest.fixture
def prefs(journal: Journal) -> PreferenceService:
    return PreferenceService(journal.changes, journal.clock)


def test_defaults(prefs: PreferenceService) -> None:
    assert prefs.backup_keep() == DEFAULT_KEEP
    assert prefs.reminder_time() == time(9, 0)


def test_values_are_stored_in_the_journal(prefs: PreferenceService, journal: Journal, data_dir: Path) -> None:
    prefs.set_backup_keep(12)
    prefs.set_reminder_time(time(17, 45, 30))
    journal.close()
    reopened = open_with_secret(data_dir, PASSPHRASE)
    try:
        again = PreferenceService(reopened.changes, reopened.clock)
        assert again.backup_keep() == 12
        assert again.reminder_time() == time(17, 45)
    finally:
        reopened.close()


@pytest.mark.parametrize("keep", [0, -3, 366])
def test_bad_backup_counts_are_refused(prefs: PreferenceService, keep: int) -> None:
    with pytest.raises(ValidationError):
        prefs.set_backup_keep(keep)
    assert prefs.backup_keep() == DEFAULT_KEEP


def test_reminder_time_must_be_local(prefs: PreferenceService) -> None:
    from datetime import UTC

    with pytest.raises(ValidationError):
        prefs.set_reminder_time(time(8, 0, tzinfo=UTC))


@pytest.mark.parametrize("stored", ["banana", "0", "99999", ""])
def test_damaged_stored_values_fall_back_to_defaults(prefs: PreferenceService, stored: str) -> None:
    Setting.insert(key="backup_keep", value=stored).on_conflict_replace().execute()
    Setting.insert(key="daily_reminder_time", value=stored).on_conflict_replace().execute()
    assert prefs.backup_keep() == DEFAULT_KEEP
    assert prefs.reminder_time() == time(9, 0)


def test_verify_secret_accepts_passphrase_and_recovery_key(journal: Journal) -> None:
    assert passphrase.verify_secret(journal, PASSPHRASE)
    assert passphrase.verify_secret(journal, journal.recovery_key())
    assert passphrase.verify_secret(journal, journal.recovery_key().replace("-", " ").lower())
    assert not passphrase.verify_secret(journal, "")
    assert not passphrase.verify_secret(journal, PASSPHRASE + "x")
    assert not passphrase.verify_secret(journal, "0" * 64)


@pytest.mark.parametrize(
    ("current", "new", "repeat", "error"),
    [
        ("wrong passphrase here", NEW, NEW, WrongPassphraseError),
        (PASSPHRASE, NEW, NEW + "!", ValidationError),
        (PASSPHRASE, "short", "short", WeakPassphraseError),
        (PASSPHRASE, PASSPHRASE, PASSPHRASE, ValidationError),
    ],
)
def test_refused_changes_leave_the_journal_as_it_was(
    journal: Journal, data_dir: Path, *, current: str, new: str, repeat: str, error: type[Exception]
) -> None:
    before = (data_dir / "journal.db").read_bytes()
    key = journal.recovery_key()
    with pytest.raises(error):
        passphrase.change_passphrase(journal, current, new, repeat)
    assert journal.recovery_key() == key
    assert (data_dir / "journal.db").read_bytes() == before


def test_change_on_a_worker_thread_then_reconnect(
    journal: Journal, data_dir: Path, keystore: KeyStore
) -> None:
    journal.contacts.create(name="Ada Lovelace")
    old_key = journal.recovery_key()
    result: list[str] = []

    def work() -> None:
        try:
            result.append(passphrase.change_passphrase(journal, PASSPHRASE, NEW, NEW, keystore))
        finally:
            journal.close_thread_connection()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert result and result[0] != old_key and result[0] == journal.recovery_key()
    passphrase.reconnect(journal)  # this thread's connection still had the old key
    assert journal.stats()["contacts"] == 1
    journal.close()

    with pytest.raises(WrongPassphraseError):
        open_with_secret(data_dir, PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        open_with_secret(data_dir, old_key)
    remembered = open_remembered(data_dir, keystore)  # the keyring holds the new key
    assert remembered is not None
    try:
        assert remembered.stats()["contacts"] == 1
        assert remembered.recovery_key() == result[0]
    finally:
        remembered.close()
    reopened = open_with_secret(data_dir, NEW)
    reopened.close()
