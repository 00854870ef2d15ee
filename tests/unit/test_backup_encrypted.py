"""Encrypted backups: same key, consistent while in use, private files, daily rotation."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from netjournal.errors import ExportError, WrongPassphraseError
from netjournal.importexport.encrypted_backup import (
    auto_backup,
    backup_journal,
    backup_name,
    list_backups,
)
from netjournal.paths import backup_dir
from netjournal.services.demo import generate_demo
from netjournal.services.journal import Journal, open_with_secret
from netjournal.storage.models import Contact
from tests.conftest import PASSPHRASE, FakeClock
from tests.unit.io_support import journal_contents, use

MARKER = "PLAINTEXT-MARKER-7f3a9c"


def open_copy(backup: Path, folder: Path, secret: str) -> Journal:
    """Restore as the README says: the backup becomes journal.db in a data folder."""
    folder.mkdir()
    shutil.copy(backup, folder / "journal.db")
    return open_with_secret(folder, secret)


def test_backup_opens_with_the_same_secrets_and_holds_the_same_data(journal: Journal, tmp_path: Path) -> None:
    generate_demo(journal, 30, 120)
    journal.contacts.create("Marker Person", notes=MARKER)
    expected = journal_contents(journal)
    recovery = journal.recovery_key()
    out = tmp_path / "out"
    out.mkdir()
    path = backup_journal(journal, out / "netjournal.db")
    assert path == out / "netjournal.db"
    assert os.listdir(out) == ["netjournal.db"]  # no -wal, -shm or temporary file beside it
    data = path.read_bytes()
    assert MARKER.encode() not in data and b"Marker Person" not in data
    assert not data.startswith(b"SQLite format 3")
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600

    restored = open_copy(path, tmp_path / "restored", PASSPHRASE)
    try:
        assert journal_contents(use(restored)) == expected
        assert restored.check().ok
    finally:
        restored.close()
    by_key = open_copy(path, tmp_path / "by-recovery-key", recovery)
    by_key.close()
    with pytest.raises(WrongPassphraseError):
        open_copy(path, tmp_path / "wrong", "not the passphrase at all")


def test_backup_is_consistent_while_another_thread_writes(journal: Journal, tmp_path: Path) -> None:
    journal.contacts.create("Committed Before")
    started, finish = threading.Event(), threading.Event()

    def writer() -> None:
        with journal.changes.write():
            Contact.create(name="Not Yet Committed", created_at=journal.clock(), updated_at=journal.clock())
            started.set()
            finish.wait(10)
        journal.close_thread_connection()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert started.wait(10)
        path = backup_journal(journal, tmp_path / "during.db")
    finally:
        finish.set()
        thread.join()
    restored = open_copy(path, tmp_path / "restored", PASSPHRASE)
    try:
        names = [c.name for c in use(restored).contacts.list()]
    finally:
        restored.close()
    assert names == ["Committed Before"]  # the open transaction is not half in the copy
    assert [c.name for c in use(journal).contacts.list()] == ["Committed Before", "Not Yet Committed"]


def test_backup_destination_rules(journal: Journal, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "taken.db").write_text("mine")
    with pytest.raises(ExportError, match="already exists"):
        backup_journal(journal, out / "taken.db")
    assert (out / "taken.db").read_text() == "mine"
    with pytest.raises(ExportError, match="is the journal itself"):
        backup_journal(journal, journal.path, overwrite=True)
    with pytest.raises(ExportError, match="does not exist"):
        backup_journal(journal, tmp_path / "missing" / "copy.db")
    # A folder gets a dated file inside it.
    inside = backup_journal(journal, out)
    assert inside.parent == out and inside.name == backup_name(journal.clock())
    assert backup_journal(journal, out / "taken.db", overwrite=True).stat().st_size > 4


def test_a_trailing_separator_names_a_new_folder(journal: Journal, tmp_path: Path) -> None:
    # `netjournal backup ~/Dropbox/netjournal/` on first use: a folder, not a file called "netjournal".
    made = backup_journal(journal, f"{tmp_path / 'cloud'}{os.sep}")
    assert (tmp_path / "cloud").is_dir() and made.parent == tmp_path / "cloud"
    assert made.name == backup_name(journal.clock())
    with pytest.raises(ExportError, match="does not exist"):
        backup_journal(journal, f"{tmp_path / 'no' / 'such'}{os.sep}")
    assert not (tmp_path / "no").exists()


def test_automatic_backups_one_a_day_keep_the_newest(journal: Journal, clock: FakeClock) -> None:
    folder = backup_dir(journal.data_dir)
    first = auto_backup(journal)
    assert first is not None and first.parent == folder
    assert auto_backup(journal) is None  # one a day
    clock.advance(hours=1)
    assert auto_backup(journal) is None
    (folder / "my-notes.txt").write_text("not a backup")
    made = [first]
    for _ in range(9):
        clock.advance(days=1)
        journal.contacts.create(f"Person {len(made)}")
        made.append(auto_backup(journal, keep=4))
    listed = list_backups(journal.data_dir)
    assert [b.path for b in listed] == list(reversed(made))[:4]  # newest first
    assert [b.created_at for b in listed] == sorted((b.created_at for b in listed), reverse=True)
    assert listed[0].created_at == clock()
    assert (folder / "my-notes.txt").exists()
    if os.name == "posix":
        assert folder.stat().st_mode & 0o777 == 0o700
        assert {b.path.stat().st_mode & 0o777 for b in listed} == {0o600}
    with pytest.raises(ValueError, match="at least one"):
        auto_backup(journal, keep=0)


def test_newest_automatic_backup_restores_the_latest_data(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    journal.contacts.create("Day One")
    auto_backup(journal)
    clock.advance(days=1)
    journal.contacts.create("Day Two")
    auto_backup(journal)
    clock.advance(days=1)
    journal.contacts.create("Day Three, not backed up yet")
    newest = list_backups(journal.data_dir)[0]
    restored = open_copy(newest.path, tmp_path / "restored", PASSPHRASE)
    try:
        assert [c.name for c in use(restored).contacts.list()] == ["Day One", "Day Two"]
    finally:
        restored.close()


def test_no_backups_yet(tmp_path: Path) -> None:
    assert list_backups(tmp_path / "nothing-here") == []


def test_backup_names_sort_by_time(clock: FakeClock) -> None:
    earlier = backup_name(clock())
    later = backup_name(clock() + timedelta(seconds=1))
    assert earlier < later
    assert earlier == "journal-20260310T093000Z.db"
