"""Encrypted backups of the journal file, made while it may be in use, and their rotation.

A backup is ``VACUUM INTO`` a private temporary file next to the destination: SQLite writes a
consistent copy of the database as of one read transaction (never a raw copy of a file that a
transaction may be changing), and SQLCipher writes it with the journal's own key and salt. So
the backup opens with the same passphrase or recovery key, and it is as safe in a cloud folder
as the journal itself. The copy is checked (quick_check through the same key) before it is
renamed into place.

Restore: with the app closed, copy the backup over ``journal.db`` in the data folder (and
delete any ``journal.db-wal`` / ``journal.db-shm`` left beside it); it opens with the same
passphrase or recovery key.

Automatic backups live in ``paths.backup_dir(data_dir)`` (0700) as ``journal-<UTC time>.db``
(0600): :func:`auto_backup` makes at most one per local calendar day and keeps the newest
``keep``; :func:`list_backups` lists them, newest first.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import peewee
import sqlcipher3

from netjournal.errors import ExportError
from netjournal.importexport.destinations import atomic_file, check_destination
from netjournal.paths import backup_dir, ensure_private_dir

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

DEFAULT_KEEP = 7
_NAME = re.compile(r"journal-(\d{8}T\d{6}Z)\.db")
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One automatic backup file."""

    path: Path
    created_at: datetime  # UTC, from the file name (cloud sync tools change mtimes)
    size: int


def backup_name(when: datetime) -> str:
    """The file name of an automatic backup made at ``when``."""
    return f"journal-{when.astimezone(UTC).strftime(_STAMP)}.db"


def backup_journal(journal: Journal, dest: Path | str, *, overwrite: bool = False) -> Path:
    """Write an encrypted, consistent copy of the open journal to ``dest``; returns its path.

    ``dest`` may be a folder: the copy is then named like an automatic backup inside it. A
    string ending in a path separator (``~/Dropbox/netjournal/``) names a folder, created if
    its parent exists. The copy opens with the journal's passphrase or recovery key. Raises
    :class:`ExportError` when the destination exists (unless ``overwrite``) or cannot be written.
    """
    if isinstance(dest, str) and dest.endswith(("/", os.sep)):
        folder = Path(dest).expanduser()
        if not folder.parent.is_dir():
            raise ExportError(f"Cannot write to {folder}: the folder {folder.parent} does not exist.")
        try:
            folder.mkdir(exist_ok=True)
        except OSError as error:
            raise ExportError(f"Cannot create the folder {folder}: {error.strerror or error}.") from None
    dest = Path(dest).expanduser()
    if dest.is_dir():
        dest = dest / backup_name(journal.clock())
    dest = check_destination(dest, folder=False, overwrite=overwrite)
    if dest.resolve() == journal.path.resolve():
        raise ExportError(f"{dest} is the journal itself: choose another place for the backup.")
    db = journal.db
    with atomic_file(dest) as temporary:
        try:
            # VACUUM INTO needs an empty or missing target; atomic_file made an empty 0600 one.
            db.execute_sql("VACUUM INTO ?", (str(temporary),))
            _verify(db, temporary)
        except (peewee.DatabaseError, sqlcipher3.DatabaseError, peewee.OperationalError) as exc:
            raise ExportError(f"Could not back up the journal to {dest}: {exc}.") from None
    return dest


def _verify(db: peewee.Database, copy: Path) -> None:
    """Open the copy through the journal's connection (ATTACH uses the same key) and check it."""
    db.execute_sql("ATTACH DATABASE ? AS netjournal_backup_check", (str(copy),))
    try:
        rows = [r[0] for r in db.execute_sql("PRAGMA netjournal_backup_check.quick_check").fetchall()]
    finally:
        db.execute_sql("DETACH DATABASE netjournal_backup_check")
    if rows != ["ok"]:
        raise ExportError(f"The backup copy failed its integrity check: {'; '.join(map(str, rows[:3]))}.")


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The automatic backups in ``data_dir``, newest first (an empty list if there are none)."""
    folder = backup_dir(data_dir)
    found = []
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return []
    for path in entries:
        match = _NAME.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        created = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
        found.append(BackupInfo(path, created, path.stat().st_size))
    return sorted(found, key=lambda info: info.created_at, reverse=True)


def prune_backups(data_dir: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups; returns what was deleted."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    removed = []
    for info in list_backups(data_dir)[keep:]:
        info.path.unlink(missing_ok=True)
        removed.append(info.path)
    return removed


def auto_backup(
    journal: Journal, *, keep: int = DEFAULT_KEEP, now: datetime | None = None, skip_empty: bool = False
) -> Path | None:
    """Make today's automatic backup unless there is one; keep the newest ``keep``.

    Returns the new backup's path, or None when today's backup already existed (or, with
    ``skip_empty``, when the journal holds nothing yet: a first run's backup of an empty
    journal would count as the day's and protect nothing entered that day). "Today" is the
    user's local calendar day. Meant for the app, at start and then hourly (on a worker
    thread: it takes ~1 s for a journal with 100k conversations).
    """
    if keep < 1:
        raise ValueError("keep at least one backup")
    when = now or journal.clock()
    ensure_private_dir(backup_dir(journal.data_dir))
    today = when.astimezone().date()
    if any(info.created_at.astimezone().date() == today for info in list_backups(journal.data_dir)):
        prune_backups(journal.data_dir, keep)
        return None
    # (After the check above: it is what the hourly call nearly always stops at, and cheaper
    # than counting every table.)
    if skip_empty and journal.is_empty():
        return None
    path = backup_journal(journal, backup_dir(journal.data_dir) / backup_name(when))
    prune_backups(journal.data_dir, keep)
    return path
