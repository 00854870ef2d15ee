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


@pytest.fixture
def lock_holder(journal: Journal, worker: list[threading.Thread]) -> Iterator[threading.Event]:
    """Another connection (a worker thread) holds the write lock until the event is set."""
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
    yield release
    release.set()


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
    journal: Journal, lock_holder: threading.Event, worker: list[threading.Thread]
) -> None:
    journal.db.execute_sql("PRAGMA busy_timeout = 50")  # this thread's connection only
    try:
        with pytest.raises(JournalBusyError) as caught:
            journal.contacts.create("Never written")
    finally:
        journal.db.execute_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        lock_holder.set()
    assert isinstance(caught.value, NetJournalError)  # shown as a message, not as a bug
    message = str(caught.value)
    assert "busy" in message and "Nothing was changed" in message and "locked" not in message
    worker[0].join(30)
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


class RecordingWaiter:
    """A write waiter that notes its calls; ``during`` runs on its first ``waiting`` call."""

    def __init__(self, during: object = None) -> None:
        self.calls: list[float] = []
        self.done_calls = 0
        self.during = during

    def waiting(self, seconds: float) -> None:
        self.calls.append(seconds)
        if len(self.calls) == 1 and callable(self.during):
            self.during()

    def done(self) -> None:
        self.done_calls += 1


def release_after(event: threading.Event, seconds: float, worker: list[threading.Thread]) -> None:
    timer = threading.Timer(seconds, event.set)
    worker.append(timer)
    timer.start()


def busy_timeout(journal: Journal) -> int:
    return int(journal.db.execute_sql("PRAGMA busy_timeout").fetchone()[0])


def test_a_waiting_write_hands_control_to_the_waiter_between_short_waits(
    journal: Journal, lock_holder: threading.Event, worker: list[threading.Thread]
) -> None:
    waiter = RecordingWaiter()
    journal.set_write_waiter(waiter)
    release_after(lock_holder, 0.6, worker)
    uuid = journal.contacts.create("Saved after the wait")
    # Control came back every slice (50 ms) while the other connection held the lock...
    assert len(waiter.calls) >= 4, waiter.calls
    assert waiter.calls == sorted(waiter.calls) and waiter.calls[-1] >= 0.4
    # ...the wait was closed once, the write stored, and the normal timeout is back.
    assert waiter.done_calls == 1
    assert journal.contacts.get(uuid).name == "Saved after the wait"
    assert busy_timeout(journal) == BUSY_TIMEOUT_MS
    journal.contacts.create("No wait this time")
    assert len(waiter.calls) >= 4 and waiter.done_calls == 1  # an uncontended write never waits


def test_a_waiter_serves_only_the_thread_that_installed_it(
    journal: Journal, lock_holder: threading.Event, worker: list[threading.Thread]
) -> None:
    waiter = RecordingWaiter()
    installed = threading.Thread(target=lambda: journal.set_write_waiter(waiter))
    installed.start()
    installed.join(10)
    release_after(lock_holder, 0.3, worker)
    journal.contacts.create("Waited inside SQLite")  # this thread has no waiter: plain wait
    assert waiter.calls == [] and waiter.done_calls == 0
    assert [c.name for c in journal.contacts.list()] == ["Waited inside SQLite"]


def test_a_write_started_by_the_waiter_is_a_whole_write_of_its_own(
    journal: Journal, lock_holder: threading.Event, worker: list[threading.Thread]
) -> None:
    # As when a window repaints during the wait and a timer's auto-save fires: the nested
    # write waits its own turn, commits, and the outer one still commits afterwards.
    nested: list[str] = []
    waiter = RecordingWaiter(during=lambda: nested.append(journal.contacts.create("Nested save")))
    journal.set_write_waiter(waiter)
    release_after(lock_holder, 0.4, worker)
    with journal.changes.write():
        outer = journal.contacts.create("Outer save")
        journal.contacts.update(outer, notes="in the same transaction")
    assert waiter.done_calls == 2  # the nested wait and the outer one
    assert journal.contacts.get(nested[0]).name == "Nested save"
    assert journal.contacts.get(outer).notes == "in the same transaction"
    assert busy_timeout(journal) == BUSY_TIMEOUT_MS


def test_a_waiter_does_not_wait_past_the_busy_timeout(
    journal: Journal, lock_holder: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netjournal.storage import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    waiter = RecordingWaiter()
    journal.set_write_waiter(waiter)
    with pytest.raises(JournalBusyError):
        journal.contacts.create("Never written")
    assert waiter.calls and waiter.calls[-1] < 1.0
    assert waiter.done_calls == 1
    assert busy_timeout(journal) == 300
    lock_holder.set()
    assert journal.contacts.list() == []
