"""Damaged or foreign journal files: one clear line, nothing touched, the latest backup offered.

Every case runs the real command line (in this process, for speed) against a copy of one
prepared journal that has an automatic backup, and compares file digests before and after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netjournal import cli
from netjournal.errors import DamagedJournalError, JournalExistsError, NotFoundError
from netjournal.importexport.encrypted_backup import auto_backup
from netjournal.security.keystore import KeyStore
from netjournal.services.integrity import backup_hint, latest_backup, restore_backup
from netjournal.services.journal import create_journal, journal_exists, open_with_secret
from tests.conftest import PASSPHRASE

BACKUP_TIME = datetime(2026, 3, 9, 8, 15, tzinfo=UTC)
PAGE = 4096


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed journal of ~60 pages with one automatic backup beside it."""
    folder = tmp_path_factory.mktemp("template") / "data"
    journal = create_journal(folder, PASSPHRASE, KeyStore())
    for n in range(60):
        uuid = journal.contacts.create(f"Person {n}", notes="long notes " * 200)
        journal.conversations.log([uuid], f"talked about project {n} " * 20)
    assert auto_backup(journal, now=BACKUP_TIME) is not None
    journal.close()
    return folder


@pytest.fixture
def folder(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(template, copy)
    return copy


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], folder: Path, *args: str):
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE", PASSPHRASE)
    status = cli.main(["--data-dir", str(folder), *args])
    out, err = capsys.readouterr()
    return status, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def damage(folder: Path, how: str) -> None:
    path = folder / "journal.db"
    data = bytearray(path.read_bytes())
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2 + 100])
    elif how == "truncated-on-page":
        path.write_bytes(data[: PAGE * 3])
    elif how == "flipped":
        middle = (len(data) // PAGE // 2) * PAGE + 1000
        data[middle : middle + 64] = bytes(b ^ 0x5A for b in data[middle : middle + 64])
        path.write_bytes(bytes(data))
    elif how == "random":
        path.write_bytes(os.urandom(len(data)))
    elif how == "plain-sqlite":
        path.unlink()
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE contact(name)")
        conn.execute("INSERT INTO contact VALUES ('someone')")
        conn.commit()
        conn.close()
    elif how == "empty":
        path.write_bytes(b"")
    else:  # pragma: no cover - a typo in a parameter
        raise AssertionError(how)


@pytest.mark.parametrize(
    ("how", "phrase"),
    [
        ("truncated", "truncated"),
        ("truncated-on-page", "damaged"),
        ("random", "not a NetJournal journal"),
        ("plain-sqlite", "plain, unencrypted SQLite"),
        ("empty", "empty"),
    ],
)
@pytest.mark.parametrize("command", ["stats", "check"])
def test_damaged_file_one_line_untouched_backup_offered(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    how: str,
    phrase: str,
    command: str,
) -> None:
    damage(folder, how)
    before = digests(folder)
    status, out, err = run_cli(monkeypatch, capsys, folder, command)
    assert status == 1
    line = one_line(err)
    assert phrase in line
    if how == "random":
        # Random bytes cannot be told apart from a journal under another key.
        assert "Wrong passphrase" in line
    else:
        assert "automatic backup from" in line and "netjournal restore-backup" in line
    assert digests(folder) == before
    assert out == ""


def test_flipped_bytes_fail_the_check_with_the_backup_offered(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(folder, "flipped")
    before = digests(folder)
    status, out, err = run_cli(monkeypatch, capsys, folder, "check")
    assert status == 1
    line = one_line(err)
    assert "netjournal restore-backup" in line
    if out:  # the page was not needed to open: the report names what failed
        assert "FAIL" in out
    assert digests(folder)["journal.db"] == before["journal.db"]


def test_newer_schema_says_update_and_offers_no_older_backup(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = open_with_secret(folder, PASSPHRASE)
    journal.db.execute_sql("PRAGMA user_version = 99")
    journal.close()
    before = digests(folder)
    status, _, err = run_cli(monkeypatch, capsys, folder, "stats")
    assert status == 1
    line = one_line(err)
    assert "newer NetJournal" in line and "restore-backup" not in line
    assert digests(folder) == before


def test_wrong_passphrase_is_not_called_damage(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digests(folder)
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE", "not the passphrase at all")
    status = cli.main(["--data-dir", str(folder), "stats"])
    line = one_line(capsys.readouterr().err)
    assert status == 1 and "Wrong passphrase" in line and "backup" not in line
    assert digests(folder) == before


def _copy_while_open(source: Path, dest: Path, *, wal: bool, shm: bool) -> list[str]:
    """Write records without a checkpoint and copy the files as a crash would leave them."""
    journal = open_with_secret(source, PASSPHRASE)
    journal.db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    journal.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    fresh = [journal.contacts.create(f"After checkpoint {n}") for n in range(5)]
    dest.mkdir()
    shutil.copy2(source / "journal.db", dest / "journal.db")
    if wal:
        shutil.copy2(source / "journal.db-wal", dest / "journal.db-wal")
    if shm:
        shutil.copy2(source / "journal.db-shm", dest / "journal.db-shm")
    journal.close()
    return fresh


def test_missing_shm_is_rebuilt_and_nothing_is_lost(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "no-shm"
    fresh = _copy_while_open(folder, copy, wal=True, shm=False)
    journal = open_with_secret(copy, PASSPHRASE)
    try:
        assert journal.check().ok
        assert {journal.contacts.get(uuid).name for uuid in fresh} == {
            f"After checkpoint {n}" for n in range(5)
        }
        assert journal.stats()["contacts"] == 65
    finally:
        journal.close()


def test_missing_wal_opens_as_of_the_last_checkpoint(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "no-wal"
    _copy_while_open(folder, copy, wal=False, shm=False)
    journal = open_with_secret(copy, PASSPHRASE)
    try:
        # The file alone is a consistent journal: what the lost WAL held is gone, nothing else.
        assert journal.check().ok
        assert journal.stats()["contacts"] == 60
    finally:
        journal.close()


def test_orphaned_wal_refuses_open_and_init(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    copy = tmp_path / "orphan"
    _copy_while_open(folder, copy, wal=True, shm=False)
    (copy / "journal.db").unlink()
    before = digests(copy)
    assert journal_exists(copy)  # no front end offers a fresh journal here
    status, _, err = run_cli(monkeypatch, capsys, copy, "stats")
    assert status == 1 and "without its journal" in one_line(err)
    status, _, err = run_cli(monkeypatch, capsys, copy, "init")
    assert status == 1 and "without its journal" in one_line(err)
    with pytest.raises(DamagedJournalError, match="without its journal"):
        create_journal(copy, PASSPHRASE)
    assert digests(copy) == before


def test_restore_backup_keeps_the_damaged_files_and_opens(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(folder, "truncated")
    Path(f"{folder / 'journal.db'}-wal").write_bytes(b"stale wal")
    damaged = (folder / "journal.db").read_bytes()
    status, out, err = run_cli(monkeypatch, capsys, folder, "restore-backup")
    assert status == 0, err
    assert "Restored journal-20260309T081500Z.db" in out
    kept = [p for p in folder.iterdir() if p.name.startswith("damaged-")]
    assert len(kept) == 1
    assert (kept[0] / "journal.db").read_bytes() == damaged
    assert (kept[0] / "journal.db-wal").read_bytes() == b"stale wal"
    assert not Path(f"{folder / 'journal.db'}-wal").exists()
    assert (folder / "journal.db").stat().st_mode & 0o777 == 0o600
    status, out, _ = run_cli(monkeypatch, capsys, folder, "check")
    assert status == 0 and "The journal is intact." in out
    journal = open_with_secret(folder, PASSPHRASE)
    try:
        assert journal.stats()["contacts"] == 60
    finally:
        journal.close()


def test_restore_without_backup_or_from_a_bad_one_moves_nothing(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a journal")
    before = digests(folder)
    with pytest.raises(DamagedJournalError):
        restore_backup(folder, bad)
    assert digests(folder) == before
    shutil.rmtree(folder / "backups")
    assert latest_backup(folder) is None and backup_hint(folder) == ""
    with pytest.raises(NotFoundError, match="no automatic backup"):
        restore_backup(folder)
    assert (folder / "journal.db").exists()


def test_latest_backup_skips_a_damaged_newest_backup(folder: Path) -> None:
    newest = folder / "backups" / "journal-20260310T080000Z.db"
    newest.write_bytes(b"\0" * 100)
    info = latest_backup(folder)
    assert info is not None and info.path.name == "journal-20260309T081500Z.db"


def test_init_still_refuses_an_existing_journal(folder: Path) -> None:
    with pytest.raises(JournalExistsError):
        create_journal(folder, PASSPHRASE)
