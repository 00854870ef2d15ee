"""When a journal cannot be trusted: point at the latest automatic backup and restore it safely.

Restoring never deletes anything: the damaged journal and its WAL/SHM companions move into a
private ``damaged-<UTC time>`` folder inside the data folder, then a copy of the backup takes
the journal's place (written to a temporary file and renamed, so a crash leaves either the old
state or the new one). The companions must move too: a WAL left beside the restored file would
be replayed over it. The backup opens with the passphrase and recovery key that opened the
journal on the day it was made.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from netjournal.errors import NetJournalError, NotFoundError
from netjournal.importexport.encrypted_backup import BackupInfo, list_backups
from netjournal.paths import ensure_private_dir, fsync_dir, journal_path
from netjournal.storage import database

_STAMP = "%Y%m%dT%H%M%SZ"
RESTORE_COMMAND = "netjournal restore-backup"


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What :func:`restore_backup` did."""

    restored_from: Path
    kept_in: Path | None  # where the damaged files went (None if there were none)


def latest_backup(data_dir: Path) -> BackupInfo | None:
    """The newest automatic backup in ``data_dir`` that looks like a journal, or None."""
    for info in list_backups(data_dir):
        try:
            database.check_file_shape(info.path)
        except NetJournalError:
            continue  # a damaged backup is no help; try the one before
        return info
    return None


def describe_backup(info: BackupInfo) -> str:
    """When a backup was made, in the user's local time (e.g. "Tue 10 Mar 2026, 10:30")."""
    return f"{info.created_at.astimezone():%a %d %b %Y, %H:%M}"


def backup_hint(data_dir: Path) -> str:
    """A sentence offering the latest automatic backup for the command line, or ""."""
    info = latest_backup(data_dir)
    if info is None:
        return ""
    return (
        f"An automatic backup from {describe_backup(info)} exists: '{RESTORE_COMMAND}' puts it "
        "in place (the damaged file is kept)."
    )


def restore_backup(
    data_dir: Path, backup: Path | None = None, *, now: datetime | None = None
) -> RestoreResult:
    """Put ``backup`` (default: the latest automatic one) in place of the journal in ``data_dir``.

    Call it only while no process has the journal open. Raises :class:`NotFoundError` when
    there is no backup and :class:`~netjournal.errors.DamagedJournalError` when the backup
    itself is not a journal; in both cases nothing is moved.
    """
    if backup is None:
        info = latest_backup(data_dir)
        if info is None:
            raise NotFoundError(f"There is no automatic backup in {data_dir} to restore.")
        backup = info.path
    backup = Path(backup).expanduser()
    database.check_file_shape(backup)
    target = journal_path(data_dir)
    ensure_private_dir(data_dir)
    # Copy first, so a failure here (disk full) leaves the damaged journal where it was.
    fd, name = tempfile.mkstemp(prefix=".journal.", suffix=".restoring", dir=data_dir)
    os.close(fd)
    temporary = Path(name)
    try:
        with backup.open("rb") as source, temporary.open("wb") as copy:
            shutil.copyfileobj(source, copy)
            copy.flush()
            os.fsync(copy.fileno())
        kept_in = _move_aside(target, now or datetime.now(UTC))
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise NetJournalError(f"Could not restore {backup.name}: {exc.strerror or exc}.") from None
    database.tighten_permissions(target)
    fsync_dir(data_dir)
    return RestoreResult(backup, kept_in)


def _move_aside(target: Path, when: datetime) -> Path | None:
    """Move the journal and its companions into a private ``damaged-<time>`` folder."""
    present = database.sidecar_files(target)
    if not present:
        return None
    folder = target.parent / f"damaged-{when.astimezone(UTC).strftime(_STAMP)}"
    counter = 1
    while folder.exists():
        counter += 1
        folder = target.parent / f"damaged-{when.astimezone(UTC).strftime(_STAMP)}-{counter}"
    ensure_private_dir(folder)
    # The main file goes last: until then the WAL still sits beside its own database.
    for path in sorted(present, key=lambda p: p == target):
        os.replace(path, folder / path.name)
    return folder
