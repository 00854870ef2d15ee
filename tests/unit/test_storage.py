"""The encrypted file: no plaintext at rest, untouched on bad secrets, damage reported, FTS sync."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import peewee
import pytest

from netjournal.errors import (
    DamagedJournalError,
    JournalExistsError,
    JournalNotFoundError,
    NewerSchemaError,
    WrongPassphraseError,
)
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import Journal, create_journal, open_with_secret
from netjournal.storage import migrations
from tests.conftest import PASSPHRASE

MARKER = "Zebulon-Quartzwhistle-7731"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the digest of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_no_plaintext(folder: Path, *markers: str) -> int:
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        for marker in markers:
            for encoded in (marker.encode("utf-8"), marker.encode("utf-16-le")):
                assert encoded not in data, f"{marker!r} in plaintext in {path.name}"
    return len(files)


def write_markers(journal: Journal) -> None:
    uuid = journal.contacts.create(
        f"Name {MARKER}",
        organisation=f"Org {MARKER}",
        common_ground=f"cg {MARKER}",
        their_world=f"tw {MARKER}",
        notes=f"notes {MARKER}",
        emails=[f"{MARKER}@example.com"],
        tags=[f"tag{MARKER}"],
    )
    journal.conversations.log([uuid], f"said {MARKER}", place=f"at {MARKER}", follow_up=f"promise {MARKER}")


def test_no_plaintext_anywhere_in_the_data_folder(journal: Journal, data_dir: Path) -> None:
    write_markers(journal)
    # While open: the WAL holds the fresh pages.
    assert Path(f"{journal.path}-wal").exists()
    assert_no_plaintext(data_dir, MARKER)
    journal.close()
    assert_no_plaintext(data_dir, MARKER)


def test_folder_and_files_are_private(journal: Journal, data_dir: Path) -> None:
    write_markers(journal)
    assert (data_dir.stat().st_mode & 0o777) == 0o700
    for path in data_dir.iterdir():
        assert (path.stat().st_mode & 0o777) == 0o600, path.name


def test_wrong_passphrase_leaves_files_untouched(journal: Journal, data_dir: Path) -> None:
    write_markers(journal)
    journal.close()
    before = snapshot(data_dir)
    with pytest.raises(WrongPassphraseError):
        open_with_secret(data_dir, "definitely not it")
    assert snapshot(data_dir) == before


def test_journal_missing(data_dir: Path) -> None:
    with pytest.raises(JournalNotFoundError, match="No journal"):
        open_with_secret(data_dir, PASSPHRASE)
    assert not data_dir.exists()


def test_init_refuses_to_overwrite(journal: Journal, data_dir: Path, keystore: KeyStore) -> None:
    journal.contacts.create("Precious")
    with pytest.raises(JournalExistsError):
        create_journal(data_dir, PASSPHRASE, keystore)
    assert [c.name for c in journal.contacts.list()] == ["Precious"]


def _closed_journal(data_dir: Path, keystore: KeyStore) -> Path:
    journal = create_journal(data_dir, PASSPHRASE, keystore)
    write_markers(journal)
    for _ in range(40):
        journal.contacts.create("filler " * 50)
    journal.close()
    return journal.path


def test_truncated_file(data_dir: Path, keystore: KeyStore) -> None:
    path = _closed_journal(data_dir, keystore)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    before = snapshot(data_dir)
    with pytest.raises(DamagedJournalError, match="truncated"):
        open_with_secret(data_dir, PASSPHRASE)
    assert snapshot(data_dir) == before


def test_truncated_on_a_page_boundary(data_dir: Path, keystore: KeyStore) -> None:
    path = _closed_journal(data_dir, keystore)
    data = path.read_bytes()
    path.write_bytes(data[: 4096 * 3])
    with pytest.raises(DamagedJournalError):
        open_with_secret(data_dir, PASSPHRASE)


def test_flipped_bytes_in_the_middle(data_dir: Path, keystore: KeyStore) -> None:
    path = _closed_journal(data_dir, keystore)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(b ^ 0xFF for b in data[middle : middle + 16])
    path.write_bytes(bytes(data))
    before = snapshot(data_dir)
    try:
        journal = open_with_secret(data_dir, PASSPHRASE)
    except DamagedJournalError:
        pass
    else:
        # Damage in a page not read at open shows at the latest in the integrity check.
        report = journal.check()
        journal.close()
        assert not report.ok
    assert snapshot(data_dir)["journal.db"] == before["journal.db"]


def test_plain_sqlite_file(data_dir: Path) -> None:
    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / "journal.db")
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    before = snapshot(data_dir)
    with pytest.raises(DamagedJournalError, match="plain, unencrypted SQLite"):
        open_with_secret(data_dir, PASSPHRASE)
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("size", [0, 1000, 4096 * 4])
def test_random_or_empty_file(data_dir: Path, size: int) -> None:
    data_dir.mkdir()
    (data_dir / "journal.db").write_bytes(os.urandom(size))
    before = snapshot(data_dir)
    with pytest.raises((DamagedJournalError, WrongPassphraseError)):
        open_with_secret(data_dir, PASSPHRASE)
    assert snapshot(data_dir) == before


def test_migrations_from_empty_and_idempotent(journal: Journal) -> None:
    assert migrations.current_version(journal.db) == migrations.SCHEMA_VERSION
    assert migrations.upgrade(journal.db) == 0
    tables = {r[0] for r in journal.db.execute_sql("SELECT name FROM sqlite_master").fetchall()}
    assert {
        "contact",
        "conversation",
        "participant",
        "follow_up",
        "introduction",
        "opportunity",
        "opportunity_person",
        "contact_fts",
        "conversation_fts",
    } <= tables


def test_failed_migration_rolls_back(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(db: peewee.Database, migrator: object) -> None:
        db.execute_sql("CREATE TABLE half_done(x)")
        raise RuntimeError("boom")

    before = migrations.current_version(journal.db)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    with pytest.raises(RuntimeError):
        migrations.upgrade(journal.db)
    assert migrations.current_version(journal.db) == before
    assert not journal.db.table_exists("half_done")


def test_newer_schema_is_refused_and_untouched(journal: Journal, data_dir: Path) -> None:
    journal.db.execute_sql("PRAGMA user_version = 99")
    journal.close()
    before = snapshot(data_dir)
    with pytest.raises(NewerSchemaError, match="newer NetJournal"):
        open_with_secret(data_dir, PASSPHRASE)
    assert snapshot(data_dir) == before


def fts_names(journal: Journal, table: str, column: str) -> list[str]:
    return [r[0] for r in journal.db.execute_sql(f"SELECT {column} FROM {table}").fetchall()]


def test_fts_follows_edits_and_deletes(journal: Journal) -> None:
    uuid = journal.contacts.create(
        "Astrid Lindqvist", organisation="Fjord Seafood", common_ground="cello in an amateur orchestra"
    )
    assert [h.title for h in journal.search.search("cello")] == ["Astrid Lindqvist"]
    journal.contacts.update(uuid, common_ground="marathon runner")
    assert journal.search.search("cello") == []
    assert [h.uuid for h in journal.search.search("marathon")] == [uuid]
    org = journal.contacts.get(uuid).organisation_uuid
    assert org is not None
    journal.organisations.update(org, name="Nordic Catch")
    assert [h.uuid for h in journal.search.search("nordic") if h.kind == "contact"] == [uuid]
    assert [h for h in journal.search.search("fjord") if h.kind == "contact"] == []
    journal.contacts.update(uuid, tags=["sailing"])
    assert [h.uuid for h in journal.search.search("sailing")] == [uuid]
    journal.tags.rename("sailing", "regatta")
    assert [h.uuid for h in journal.search.search("regatta")] == [uuid]
    conv = journal.conversations.log([uuid], "talked about the herring quota")
    assert [h.uuid for h in journal.search.search("herring")] == [conv]
    journal.conversations.update(conv, summary="talked about salmon")
    assert journal.search.search("herring") == []
    journal.conversations.delete(conv)
    assert journal.search.search("salmon") == []
    journal.contacts.delete(uuid)
    assert journal.search.search("marathon") == []
    assert journal.check().ok


def test_last_contact_follows_conversations(journal: Journal, clock: object) -> None:
    from datetime import UTC, datetime

    uuid = journal.contacts.create("Kwame Mensah")
    assert journal.contacts.get(uuid).last_contact_at is None
    old = datetime(2025, 1, 5, 10, tzinfo=UTC)
    new = datetime(2026, 2, 1, 10, tzinfo=UTC)
    first = journal.conversations.log([uuid], "old", occurred_at=old)
    second = journal.conversations.log([uuid], "new", occurred_at=new)
    assert journal.contacts.get(uuid).last_contact_at == new
    journal.conversations.delete(second)
    assert journal.contacts.get(uuid).last_contact_at == old
    journal.conversations.update(first, occurred_at=new)
    assert journal.contacts.get(uuid).last_contact_at == new


def test_upgrade_from_schema_1_keeps_everything(
    data_dir: Path, keystore: KeyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal written by the first release opens, upgrades, and loses nothing."""
    with monkeypatch.context() as patched:
        patched.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        patched.setattr(migrations, "SCHEMA_VERSION", 1)
        old = create_journal(data_dir, PASSPHRASE, keystore)
        assert migrations.current_version(old.db) == 1
        stamp = "2025-01-02 03:04:05.000000"
        old.db.execute_sql(
            "INSERT INTO contact (uuid, created_at, updated_at, name, role, emails, phones, links, "
            "location, kind, how_we_met, common_ground, their_world, how_i_can_help, notes, "
            "keep_in_touch_days, archived) VALUES ('c-1', ?, ?, 'Old Timer', '', '', '', '', '', "
            "'peer', '', 'vintage sailing boats', '', '', '', 30, 0)",
            (stamp, stamp),
        )
        old.db.execute_sql(
            "INSERT INTO conversation (uuid, created_at, updated_at, occurred_at, channel, place, "
            "summary) VALUES ('v-1', ?, ?, ?, 'call', '', 'talked about the regatta')",
            (stamp, stamp, stamp),
        )
        old.db.execute_sql("INSERT INTO participant (conversation_id, contact_id) VALUES (1, 1)")
        old.close()
    journal = open_with_secret(data_dir, PASSPHRASE)
    try:
        assert migrations.current_version(journal.db) == migrations.SCHEMA_VERSION
        record = journal.contacts.get("c-1")
        assert record.common_ground == "vintage sailing boats"
        assert record.last_contact_at is not None
        assert [c.summary for c in journal.conversations.timeline("c-1")] == ["talked about the regatta"]
        assert [h.uuid for h in journal.search.search("regatta")] == ["v-1"]
        assert journal.db.table_exists("setting")
        assert journal.check().ok
    finally:
        journal.close()
