"""The one place that knows where NetJournal's files live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "netjournal"
DATA_DIR_ENV = "NETJOURNAL_DATA_DIR"
JOURNAL_FILE = "journal.db"
BACKUP_DIR = "backups"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir`` if given, else ``$NETJOURNAL_DATA_DIR``, else the platform's."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def journal_path(folder: Path) -> Path:
    """The encrypted journal file inside a data folder."""
    return folder / JOURNAL_FILE


def backup_dir(folder: Path) -> Path:
    """Where automatic encrypted backups are kept."""
    return folder / BACKUP_DIR


def ensure_private_dir(folder: Path) -> Path:
    """Create ``folder`` (and parents) if needed and make it readable by its owner only (0700)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)
    return folder


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (0600), so SQLite's WAL/SHM inherit it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename or new file in ``folder`` durable (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
