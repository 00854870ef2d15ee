"""Writers that meet: they queue up for the write lock instead of failing with "database is locked".

Each thread (and each process) has its own connection. A default SQLite transaction reads
first and asks for the write lock at its first write; if someone else committed in between,
it fails at once whatever the busy timeout. The journal begins every transaction with the
write lock (``BEGIN IMMEDIATE``), so the second writer waits instead; and when it has waited
longer than the busy timeout, the user gets one clear "busy" message, not a database error.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from netjournal.errors import NetJournalError
from netjournal.services.journal import Journal
from netjournal.storage.database import BUSY_TIMEOUT_MS, PRAGMAS, JournalBusyError


def test_busy_timeout_is_set_before_anything_may_need_a_lock() -> None:
    names = [name for name, _ in PRAGMAS]
    assert names.index("busy_timeout") < names.index("journal_mode")
    assert BUSY_TIMEOUT_MS >= 20_000  # a full re-import (the longest write) is budgeted under 20 s


@pytest.fixture
def worker() -> Iterator[list[threading.Thread]]:
    threads: list[threading.Thread] = []
    yield threads
    for thread in threads:
        thread.join(30)
        assert not thread.is_alive()


def test_a_read_then_write_transaction_waits_for_a_writer_that_committed_meanwhile(
    journal: Journal, worker: list[threading.Thread]
) -> None:
    first = journal.contacts.create("First")
    second = journal.contacts.create("Second")
    has_read, done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def read_then_write() -> None:
        try:
            with journal.changes.write():
                before = journal.contacts.get(first).notes  # the transaction reads first...
                has_read.set()
                done.wait(0.3)  # ...the other writer tries to commit meanwhile...
                journal.contacts.update(first, notes=f"{before}worker wrote this")  # ...then writes
        except BaseException as error:
            errors.append(error)
        finally:
            has_read.set()
            journal.close_thread_connection()

    thread = threading.Thread(target=read_then_write)
    worker.append(thread)
    thread.start()
    assert has_read.wait(10)
    journal.contacts.update(second, notes="main thread wrote this")  # waits for the worker's commit
    done.set()
    thread.join(30)
    assert errors == []
    assert journal.contacts.get(first).notes == "worker wrote this"
    assert journal.contacts.get(second).notes == "main thread wrote this"


def test_a_writer_kept_waiting_too_long_gets_one_clear_message(
    journal: Journal, worker: list[threading.Thread]
) -> None:
    holding, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        try:
            with journal.db.atomic():
                holding.set()
                release.wait(30)
        finally:
            holding.set()
            journal.close_thread_connection()

    thread = threading.Thread(target=hold_the_write_lock)
    worker.append(thread)
    thread.start()
    assert holding.wait(10)
    journal.db.execute_sql("PRAGMA busy_timeout = 50")  # this thread's connection only
    try:
        with pytest.raises(JournalBusyError) as caught:
            journal.contacts.create("Never written")
    finally:
        journal.db.execute_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        release.set()
    assert isinstance(caught.value, NetJournalError)  # shown as a message, not as a bug
    message = str(caught.value)
    assert "busy" in message and "Nothing was changed" in message and "locked" not in message
    thread.join(30)
    assert [c.name for c in journal.contacts.list()] == []  # nothing half-written
    journal.contacts.create("Written afterwards")
    assert [c.name for c in journal.contacts.list()] == ["Written afterwards"]


def test_an_export_does_not_hold_up_writers(
    journal: Journal, worker: list[threading.Thread], tmp_path: Path
) -> None:
    from netjournal.importexport.backup_csv import export_csv

    for n in range(3):
        journal.contacts.create(f"Before {n}")
    exporting, release = threading.Event(), threading.Event()
    results: list[object] = []

    def progress(done: int, total: int) -> None:
        if not exporting.is_set():
            exporting.set()  # inside the export's read snapshot: keep it open a while
            release.wait(30)

    def export() -> None:
        try:
            results.append(export_csv(journal, tmp_path / "export", progress=progress))
        except BaseException as error:
            results.append(error)
        finally:
            exporting.set()
            journal.close_thread_connection()

    thread = threading.Thread(target=export)
    worker.append(thread)
    thread.start()
    assert exporting.wait(10)
    journal.db.execute_sql("PRAGMA busy_timeout = 50")  # a writer that cannot wait long
    try:
        journal.contacts.create("Written during the export")
    finally:
        journal.db.execute_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        release.set()
    thread.join(30)
    assert not isinstance(results[0], BaseException), results
    # The export is the snapshot from before the write: every file agrees with the others.
    with (tmp_path / "export" / "contacts.csv").open(newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 3
    assert journal.stats()["contacts"] == 4
