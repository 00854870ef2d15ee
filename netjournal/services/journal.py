"""An open journal, and the ways to open one (remembered key, passphrase, recovery key).

Order of secrets when opening: ``NETJOURNAL_PASSPHRASE`` (automation), then the key the OS
keyring remembers, then asking the user. A remembered key that no longer works is ignored
(and replaced once the user's passphrase works); a damaged file is reported, never "fixed"
by creating a new empty journal over it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee
import sqlcipher3

from netjournal.errors import (
    JournalExistsError,
    PassphraseRequiredError,
    WrongPassphraseError,
)
from netjournal.paths import ensure_private_dir, journal_path
from netjournal.security.keys import (
    RawKey,
    check_new_passphrase,
    derive_key,
    new_salt,
    parse_recovery_key,
    read_salt,
)
from netjournal.security.keystore import KeyStore
from netjournal.services.base import Clock, system_clock
from netjournal.services.brief import BriefService
from netjournal.services.changes import ChangeHub
from netjournal.services.contacts import ContactService, OrganisationService, TagService
from netjournal.services.conversations import ConversationService, FollowUpService
from netjournal.services.give_take import GiveTakeService
from netjournal.services.insights import InsightsService
from netjournal.services.intermediaries import IntermediaryService
from netjournal.services.intro_paths import IntroPathService
from netjournal.services.network import IntroductionService, OpportunityService
from netjournal.services.reminders import ReminderService
from netjournal.services.search import SearchService
from netjournal.services.stats import record_counts
from netjournal.services.work_sources import WorkSourceService
from netjournal.storage import database
from netjournal.storage.migrations import SCHEMA_VERSION

log = logging.getLogger(__name__)

PASSPHRASE_ENV = "NETJOURNAL_PASSPHRASE"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The result of :meth:`Journal.check`: one line per check, and whether all passed."""

    lines: tuple[tuple[str, bool, str], ...]  # (check, ok, detail)

    @property
    def ok(self) -> bool:
        return all(ok for _, ok, _ in self.lines)


class Journal:
    """The use cases over one open, unlocked journal file."""

    def __init__(self, path: Path, db: peewee.Database, key: RawKey, clock: Clock = system_clock) -> None:
        self.path = path
        self.db = db
        self._key = key
        self.clock = clock
        self.changes = ChangeHub(db)
        self.reminders = ReminderService(self.changes, clock)
        defaults = self.reminders.kind_cadences
        self.organisations = OrganisationService(self.changes, clock, defaults)
        self.contacts = ContactService(
            self.changes, clock, self.organisations, defaults, self.reminders.effective_cadence_sql
        )
        self.tags = TagService(self.changes, clock)
        self.conversations = ConversationService(self.changes, clock)
        self.follow_ups = FollowUpService(self.changes, clock)
        self.introductions = IntroductionService(self.changes, clock)
        self.opportunities = OpportunityService(self.changes, clock, self.organisations)
        self.search = SearchService(self.changes, clock, db)
        # Networking intelligence (read-only analyses, plus what I sent intermediaries).
        self.give_take = GiveTakeService(self.changes, clock)
        self.work = WorkSourceService(self.changes, clock)
        self.intermediaries = IntermediaryService(self.changes, clock)
        self.intro_paths = IntroPathService(self.changes, clock)
        self.insights = InsightsService(self.changes, clock, self.reminders, self.work)
        self.briefs = BriefService(
            self.changes,
            clock,
            contacts=self.contacts,
            conversations=self.conversations,
            follow_ups=self.follow_ups,
            introductions=self.introductions,
            opportunities=self.opportunities,
            give_take=self.give_take,
            intermediaries=self.intermediaries,
        )
        database.tighten_permissions(path)

    @property
    def data_dir(self) -> Path:
        return self.path.parent

    def stats(self) -> dict[str, int]:
        return record_counts()

    def set_write_waiter(self, waiter: database.WriteWaiter | None) -> None:
        """Let ``waiter`` run while a write on the calling thread waits for another writer.

        Without one, a write waits inside SQLite (up to the busy timeout), and the thread
        does nothing else meanwhile; the app installs one so its window stays alive.
        """
        db = self.db
        if isinstance(db, database.JournalDatabase):
            db.set_write_waiter(waiter)

    def data_version(self) -> int | None:
        """A number that changes whenever another connection (another process too) commits.

        Read on the calling thread's connection; its own commits do not change it. Front ends
        poll it to notice writes made behind their back (``netjournal import`` from a script).
        None when it cannot be read just now (the journal busy or closing): poll again later.
        """
        try:
            row = self.db.execute_sql("PRAGMA data_version").fetchone()
        except (peewee.DatabaseError, sqlcipher3.DatabaseError) as error:
            log.debug("data_version not readable: %s", error)
            return None
        return int(row[0])

    def is_empty(self) -> bool:
        return not any(record_counts().values())

    def recovery_key(self) -> str:
        """The printable recovery key: opens this journal even without the passphrase."""
        return self._key.recovery_key()

    def change_passphrase(self, new_passphrase: str, keystore: KeyStore | None = None) -> None:
        """Re-encrypt the journal for ``new_passphrase`` (the recovery key changes with it)."""
        check_new_passphrase(new_passphrase)
        salt = read_salt(database.read_header(self.path))
        new_key = derive_key(new_passphrase, salt)
        self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.rekey(new_key.pragma_value())
        self._key = new_key
        if keystore is not None:
            keystore.save(self.path, new_key)
        log.info("journal re-encrypted with a new passphrase")

    def check(self) -> CheckReport:
        """SQLite and SQLCipher integrity checks, foreign keys and the search index."""
        lines: list[tuple[str, bool, str]] = []

        def run(name: str, sql: str, judge: Callable[[list[Any]], tuple[bool, str]]) -> None:
            try:
                rows = [r[0] for r in self.db.execute_sql(sql).fetchall()]
            except (peewee.DatabaseError, sqlcipher3.DatabaseError) as exc:
                lines.append((name, False, str(exc)))
                return
            lines.append((name, *judge(rows)))

        run(
            "SQLite integrity",
            "PRAGMA integrity_check",
            lambda rows: (rows == ["ok"], "; ".join(str(r) for r in rows[:5])),
        )
        # cipher_integrity_check reads the main file only, not the WAL: pages committed but
        # not yet copied back (a passphrase change cut short by a crash leaves all of them)
        # would fail it falsely. So copy them back first; integrity_check above has already
        # read every current page through SQLCipher, checking each one's HMAC.
        if self._checkpoint():
            run(
                "SQLCipher page authentication",
                "PRAGMA cipher_integrity_check",
                lambda rows: (not rows, "; ".join(str(r) for r in rows[:5]) or "ok"),
            )
        else:
            lines.append(
                (
                    "SQLCipher page authentication",
                    True,
                    "pages read above; the file-level check needs the journal closed elsewhere",
                )
            )
        run(
            "References between records",
            "PRAGMA foreign_key_check",
            lambda rows: (not rows, f"{len(rows)} broken" if rows else "ok"),
        )
        for table, source in (
            ("contact_fts", "contact"),
            ("conversation_fts", "conversation"),
            ("organisation_fts", "organisation"),
        ):
            run(
                f"Search index ({source}s)",
                f"INSERT INTO {table}({table}) VALUES ('integrity-check') RETURNING 0",
                lambda rows: (True, "ok"),
            )
            if lines[-1][1]:
                lines.pop()
                run(
                    f"Search index ({source}s)",
                    f"SELECT (SELECT count(*) FROM {table}) - (SELECT count(*) FROM {source})",
                    lambda rows: (rows == [0], "ok" if rows == [0] else "out of step with records"),
                )
        run(
            "Schema version",
            "PRAGMA user_version",
            lambda rows: (rows == [SCHEMA_VERSION], str(rows[0] if rows else "?")),
        )
        return CheckReport(tuple(lines))

    def _checkpoint(self) -> bool:
        """Copy the WAL back into the main file; False when another connection prevents it."""
        try:
            busy, log_frames, copied = self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except (peewee.DatabaseError, sqlcipher3.DatabaseError):
            return False
        return not busy and log_frames == copied

    def close(self) -> None:
        self.db.close()

    def close_thread_connection(self) -> None:
        """Close the calling thread's own connection; worker threads call this before ending.

        Each thread that reads or writes gets its own connection on first use (WAL lets them
        work side by side); closing it explicitly means none outlives its thread.
        """
        self.db.close()


def journal_exists(data_dir: Path) -> bool:
    """True when ``data_dir`` holds a journal, or what is left of one (an orphaned WAL).

    Leftovers count so that no front end offers to create a new journal over them: opening
    reports them instead (:func:`database.refuse_orphan_companions`).
    """
    path = journal_path(data_dir)
    if path.exists() and path.stat().st_size > 0:
        return True
    return database.wal_size(path) > 0


def env_passphrase() -> str | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value if value else None


def create_journal(
    data_dir: Path, passphrase: str, keystore: KeyStore | None = None, clock: Clock = system_clock
) -> Journal:
    """Create a new, empty journal protected by ``passphrase``; remember its key if we can."""
    path = journal_path(data_dir)
    database.refuse_orphan_companions(path)
    if journal_exists(data_dir):
        raise JournalExistsError(f"A journal already exists at {path}.")
    check_new_passphrase(passphrase)
    ensure_private_dir(data_dir)
    salt = new_salt()
    key = derive_key(passphrase, salt)
    db = database.create_database(path, key, salt)
    if keystore is not None:
        keystore.save(path, key)
    return Journal(path, db, key, clock)


def key_for_secret(path: Path, secret: str) -> RawKey:
    """The raw key a secret stands for: a recovery key as written, or a derived passphrase."""
    recovery = parse_recovery_key(secret)
    if recovery is not None:
        try:
            database.probe_key(path, recovery)
            return recovery
        except WrongPassphraseError:
            pass  # a passphrase that merely looks like a recovery key
    database.check_file_shape(path)
    return derive_key(secret, read_salt(database.read_header(path)))


def open_with_secret(
    data_dir: Path,
    secret: str,
    keystore: KeyStore | None = None,
    clock: Clock = system_clock,
) -> Journal:
    """Open with a passphrase or recovery key; on success the keyring remembers the key."""
    path = journal_path(data_dir)
    key = key_for_secret(path, secret)
    db = database.open_database(path, key)
    if keystore is not None:
        keystore.save(path, key)
    return Journal(path, db, key, clock)


def open_remembered(data_dir: Path, keystore: KeyStore, clock: Clock = system_clock) -> Journal | None:
    """Open with the key the keyring remembers; None when there is none or it no longer fits."""
    return _open_remembered(data_dir, keystore, clock)[0]


def _open_remembered(data_dir: Path, keystore: KeyStore, clock: Clock) -> tuple[Journal | None, str]:
    """:func:`open_remembered`, plus why the keyring could not open it ("" when it did)."""
    path = journal_path(data_dir)
    database.check_file_shape(path)
    if not keystore.available():
        return None, "there is no OS keyring to remember its key"
    key = keystore.load(path)
    if key is None:
        # Locked, unreadable, or no (usable) entry: KeyStore.load tells these apart only in the log.
        return None, (
            f"the OS keyring ({keystore.describe()}) did not give its key; it may be locked, "
            "or have lost the entry for this journal"
        )
    try:
        db = database.open_database(path, key)
    except WrongPassphraseError:
        log.warning("the remembered key does not open this journal; asking instead")
        return None, f"the key the OS keyring ({keystore.describe()}) remembers no longer opens it"
    return Journal(path, db, key, clock), ""


def open_journal(
    data_dir: Path,
    keystore: KeyStore,
    ask: Callable[[], str | None] | None = None,
    clock: Clock = system_clock,
) -> Journal:
    """Open the journal without the user's help if possible, else ask once via ``ask``."""
    from_env = env_passphrase()
    if from_env is not None:
        return open_with_secret(data_dir, from_env, keystore, clock)
    journal, why = _open_remembered(data_dir, keystore, clock)
    if journal is not None:
        return journal
    secret = ask() if ask is not None else None
    if not secret:
        raise PassphraseRequiredError(
            f"The journal needs its passphrase: {why}. Run this in a terminal to be asked "
            f"for it, or set {PASSPHRASE_ENV}."
        )
    return open_with_secret(data_dir, secret, keystore, clock)
