"""Opening and creating the SQLCipher journal file.

A key is always checked on a separate read-only connection before the journal is opened for
writing, so a wrong passphrase or a foreign file is reported without creating WAL/SHM files
or changing a byte on disk.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Protocol

import peewee
import sqlcipher3
from playhouse.sqlcipher_ext import SqlCipherDatabase

from netjournal.errors import (
    DamagedJournalError,
    JournalExistsError,
    JournalNotFoundError,
    NetJournalError,
    WrongPassphraseError,
)
from netjournal.paths import create_private_file, ensure_private_dir
from netjournal.security.keys import SALT_BYTES, RawKey, read_salt
from netjournal.storage import migrations
from netjournal.storage.models import MODELS

log = logging.getLogger(__name__)

PAGE_SIZE = 4096
_SQLITE_MAGIC = b"SQLite format 3\x00"

# How long a write waits for another one (another process's import, say) before giving up.
# The longest write the budgets allow is a full re-import (under 20 s, one transaction); the
# app and the command line wait that out rather than fail. Measured: see
# tests/reliability/test_concurrency_cli.py.
BUSY_TIMEOUT_MS = 30_000

# Order matters: silence SQLCipher's own stderr logging before the first read, and wait for
# locks from the first statement that may need one (switching to WAL does).
PRAGMAS: list[tuple[str, object]] = [
    ("cipher_log_level", "NONE"),
    ("busy_timeout", BUSY_TIMEOUT_MS),  # sqlcipher_ext ignores `timeout=`; this one counts
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", "NORMAL"),  # WAL + NORMAL: durable against process crashes, fast commits
    ("temp_store", "MEMORY"),
    ("cache_size", -16_000),
]


# While a write waits for the lock with a waiter installed, each attempt waits this long
# inside SQLite before the waiter gets control back (to let a window repaint, say).
WAIT_SLICE_MS = 50


class JournalBusyError(NetJournalError):
    """Another connection kept the journal's write lock longer than :data:`BUSY_TIMEOUT_MS`."""


class WriteWaiter(Protocol):
    """Told when a write on its thread has to wait for another connection's write lock.

    ``waiting`` is called every :data:`WAIT_SLICE_MS` or so while the lock is held elsewhere
    (with the seconds waited so far); ``done`` once the wait is over, taken or given up. A front
    end uses it to keep its window alive. ``waiting`` may itself start a write on the same
    thread (a timer firing while the window repaints): that write waits its own turn first.
    """

    def waiting(self, seconds: float) -> None: ...

    def done(self) -> None: ...


def _busy_message() -> str:
    return (
        f"The journal is busy: another write (an import, perhaps from another window or "
        f"the command line) has held it for over {BUSY_TIMEOUT_MS // 1000} s. Nothing was "
        "changed; try again once it has finished."
    )


def _is_busy(exc: Exception) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class JournalDatabase(SqlCipherDatabase):
    """The journal's connection(s): every transaction takes the write lock when it begins.

    SQLite's default (deferred) transaction starts as a reader and asks for the write lock at
    its first write. If another process committed in between, SQLite cannot wait for it: the
    transaction's snapshot is stale, and it fails at once with "database is locked" whatever
    the busy timeout. ``BEGIN IMMEDIATE`` waits for the lock (up to the busy timeout) before
    reading anything, so concurrent writers from the app, its worker threads and the command
    line queue up instead of failing. Readers are never blocked (WAL).

    On the thread given a :class:`WriteWaiter` (the app's GUI thread) the wait is cut into
    slices, and the waiter runs between them instead of the thread sleeping for seconds.
    """

    def __init__(self, database: str, **kwargs: object) -> None:
        kwargs.setdefault("lock_type", "IMMEDIATE")
        super().__init__(database, **kwargs)
        self._waiter: tuple[int, WriteWaiter] | None = None

    def set_write_waiter(self, waiter: WriteWaiter | None) -> None:
        """Install ``waiter`` for writes begun on the calling thread (None removes it)."""
        self._waiter = (threading.get_ident(), waiter) if waiter is not None else None

    def begin(self, lock_type: str | None = None) -> None:
        installed = self._waiter
        if installed is not None and installed[0] == threading.get_ident():
            self._begin_in_slices(lock_type, installed[1])
            return
        try:
            super().begin(lock_type)
        except peewee.OperationalError as exc:
            if not _is_busy(exc):
                raise
            raise JournalBusyError(_busy_message()) from None

    def _begin_in_slices(self, lock_type: str | None, waiter: WriteWaiter) -> None:
        started = time.monotonic()
        waited = False
        try:
            while True:
                # Set on every attempt: a write the waiter started may have restored it.
                self.execute_sql(f"PRAGMA busy_timeout = {WAIT_SLICE_MS}")
                try:
                    super().begin(lock_type)
                    return
                except peewee.OperationalError as exc:
                    if not _is_busy(exc):
                        raise
                elapsed = time.monotonic() - started
                if elapsed * 1000 >= BUSY_TIMEOUT_MS:
                    raise JournalBusyError(_busy_message()) from None
                waited = True
                waiter.waiting(elapsed)
        finally:
            self.execute_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if waited:
                waiter.done()


def read_header(path: Path) -> bytes:
    """The first 16 bytes of ``path`` (the salt of a SQLCipher file)."""
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


def check_file_shape(path: Path) -> None:
    """Refuse what cannot be a journal before trying any key: missing, empty, plain, truncated."""
    refuse_orphan_companions(path)
    if not path.exists():
        raise JournalNotFoundError(
            f"No journal at {path}: create one with 'netjournal init' (or start the app)."
        )
    size = path.stat().st_size
    if size == 0 and wal_size(path) > 0:
        return  # a new journal whose pages are all still in its WAL
    if size == 0:
        raise DamagedJournalError(f"{path} is empty: it is not a NetJournal journal.")
    header = read_header(path)
    if header == _SQLITE_MAGIC:
        raise DamagedJournalError(f"{path} is a plain, unencrypted SQLite file, not a NetJournal journal.")
    if size % PAGE_SIZE != 0:
        raise DamagedJournalError(f"{path} is damaged (its size is not a whole number of pages: truncated?).")


def refuse_orphan_companions(path: Path) -> None:
    """Refuse a WAL without its journal: its committed writes belong to a file that is gone.

    A new journal created beside it would have that WAL replayed over it, so the only safe
    move is to stop and say so.
    """
    if path.exists() or wal_size(path) == 0:
        return
    wal = Path(f"{path}-wal")
    raise DamagedJournalError(
        f"{wal.name} is in {path.parent} without its journal {path.name} (moved or deleted?): "
        "put the journal back, or move both away to start afresh; nothing was changed."
    )


def wal_size(path: Path) -> int:
    """Bytes in the write-ahead log beside the journal at ``path`` (0 when there is none)."""
    try:
        return Path(f"{path}-wal").stat().st_size
    except FileNotFoundError:
        return 0


def probe_key(path: Path, key: RawKey) -> None:
    """Check that ``key`` opens ``path``, read-only; raise a clear error if not."""
    check_file_shape(path)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    existed = set(sidecar_files(path))
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None)
    except sqlcipher3.Error as exc:
        raise DamagedJournalError(f"{path} cannot be opened: {exc}.") from None
    failed: NetJournalError | None = None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{key.pragma_value()}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        message = str(exc)
        if "not a database" in message:
            failed = WrongPassphraseError(
                f"Wrong passphrase or recovery key for {path} (or the file is not a NetJournal journal)."
            )
        else:
            failed = DamagedJournalError(f"{path} is damaged: {message}.")
    finally:
        conn.close()
    if failed is not None:
        # Even a read-only connection makes WAL/SHM files once it has read a WAL-mode header.
        _remove_new_companions(path, existed)
        raise failed


def _connect(path: Path, passphrase_value: str) -> SqlCipherDatabase:
    db = JournalDatabase(str(path), passphrase=passphrase_value, pragmas=PRAGMAS, autoconnect=True)
    db.bind(MODELS, bind_refs=False, bind_backrefs=False)
    return db


def open_database(path: Path, key: RawKey) -> SqlCipherDatabase:
    """Open an existing journal with ``key``, upgrade its schema, bind the models to it."""
    probe_key(path, key)
    existed = set(sidecar_files(path))
    db = _connect(path, key.pragma_value())
    try:
        db.connect(reuse_if_open=True)
        migrations.upgrade(db)
    except (peewee.DatabaseError, sqlcipher3.DatabaseError) as exc:
        db.close()
        _remove_new_companions(path, existed)
        raise DamagedJournalError(f"{path} is damaged: {exc}.") from None
    except BaseException:
        db.close()
        _remove_new_companions(path, existed)
        raise
    return db


def _remove_new_companions(path: Path, existed: set[Path]) -> None:
    """After a failed open, remove the empty WAL and the SHM our connection created.

    Damage that the read-only probe cannot see (a file cut on a page boundary) shows only on
    the writing connection, which has made WAL/SHM files by then. Nothing was written through
    it, so the WAL is empty and the SHM is a rebuildable index: removing what was not there
    before leaves the folder exactly as it was.
    """
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if wal not in existed and wal.exists() and wal.stat().st_size == 0:
        wal.unlink(missing_ok=True)
    if shm not in existed and not wal.exists():
        shm.unlink(missing_ok=True)


def create_database(path: Path, key: RawKey, salt: bytes) -> SqlCipherDatabase:
    """Create a new, empty journal at ``path`` encrypted with ``key`` and ``salt``."""
    if path.exists() and path.stat().st_size > 0:
        raise JournalExistsError(f"A journal already exists at {path}.")
    refuse_orphan_companions(path)
    ensure_private_dir(path.parent)
    if not path.exists():
        create_private_file(path)
    db = _connect(path, key.pragma_value(salt))
    try:
        db.connect(reuse_if_open=True)
        migrations.upgrade(db)
    except BaseException:
        db.close()
        path.unlink(missing_ok=True)
        raise
    if read_salt(read_header(path)) != salt:  # pragma: no cover - SQLCipher contract
        raise RuntimeError("SQLCipher did not use the salt it was given")
    return db


def rekey_database(db: SqlCipherDatabase, new_key: RawKey) -> None:
    """Re-encrypt the open journal in place with ``new_key`` (the salt stays the same)."""
    db.execute_sql(f'PRAGMA rekey = "{new_key.pragma_value()}"')


def sidecar_files(path: Path) -> list[Path]:
    """The journal file and its WAL/SHM companions that exist."""
    candidates = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return [p for p in candidates if p.exists()]


def tighten_permissions(path: Path) -> None:
    """Make the journal and its companions owner-only (0600)."""
    if os.name != "posix":
        return
    for file in sidecar_files(path):
        file.chmod(0o600)
