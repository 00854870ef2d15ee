"""Where exports and backups go: checked before any work, written atomically, owner-only.

Output is written to a hidden temporary sibling and renamed into place at the end, so a
cancelled or failed export leaves nothing behind and a reader never sees half a file. Files
are created 0600 and folders 0700: CSV and vCard exports are plaintext by the user's choice, but
nobody else on the machine needs to read them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from netjournal.errors import ExportError
from netjournal.paths import fsync_dir


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: where, and how many records of each kind."""

    path: Path
    counts: dict[str, int] = field(default_factory=dict)


def plaintext_warning(path: Path) -> str:
    """The one-line warning every plaintext export shows (the CLI prints it, the GUI shows it)."""
    return (
        f"{path} is not encrypted: anyone who can read it can read what it contains; "
        "keep it somewhere safe and delete it when you no longer need it."
    )


def check_destination(dest: Path, *, folder: bool, overwrite: bool = False) -> Path:
    """Refuse a destination we must not or cannot write, before doing any work."""
    dest = dest.expanduser()
    parent = dest.parent
    if not parent.is_dir():
        raise ExportError(f"Cannot write {dest}: the folder {parent} does not exist.")
    if folder:
        if dest.exists() and not dest.is_dir():
            raise ExportError(f"Cannot write {dest}: it exists and is not a folder.")
        if dest.is_dir() and any(dest.iterdir()) and not overwrite:
            raise ExportError(f"{dest} already exists and is not empty: choose a new folder name.")
    else:
        if dest.is_dir():
            raise ExportError(f"Cannot write {dest}: it is a folder; give a file name.")
        if dest.exists() and not overwrite:
            raise ExportError(f"{dest} already exists: choose another name or delete it first.")
    return dest


def private_opener(path: str, flags: int) -> int:
    """``open(..., opener=private_opener)`` creates the file readable by its owner only."""
    return os.open(path, flags, 0o600)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


@contextmanager
def atomic_file(dest: Path) -> Iterator[Path]:
    """An empty private temporary file next to ``dest``; it replaces ``dest`` on success."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
    except OSError as exc:
        raise ExportError(f"Cannot write {dest}: {exc.strerror or exc}.") from None
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, dest)
        fsync_dir(dest.parent)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"Cannot write {dest}: {exc.strerror or exc}.") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(dest: Path) -> Iterator[Path]:
    """A private temporary folder next to ``dest``; its files move into ``dest`` on success."""
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent))
    except OSError as exc:
        raise ExportError(f"Cannot write {dest}: {exc.strerror or exc}.") from None
    try:
        yield temporary
        if dest.is_dir():  # an empty folder the user made, or overwrite=True
            for item in temporary.iterdir():
                os.replace(item, dest / item.name)
            temporary.rmdir()
        else:
            os.replace(temporary, dest)
        fsync_dir(dest.parent)
    except OSError as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        raise ExportError(f"Cannot write {dest}: {exc.strerror or exc}.") from None
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
