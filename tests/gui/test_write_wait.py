"""A save that waits for another writer keeps the app alive: repaints, timers, a busy cursor.

The other writer here is a worker thread holding the journal's write lock (as the app's own
import does); ``netjournal import`` in another process holds the same lock the same way
(tests/reliability/test_concurrency_cli.py runs that against the main window).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from netjournal.services.journal import Journal
from netjournal.ui.write_wait import SHOW_AFTER_S, WAITING_TEXT, GuiWriteWaiter

HOLD_S = 0.8


class LockHolder:
    """A worker thread that, once started, holds the journal's write lock for HOLD_S seconds."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self._go, self._holding = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold)
        self.thread.start()

    def _hold(self) -> None:
        self._go.wait(30)
        try:
            with self._journal.db.atomic():
                self._holding.set()
                time.sleep(HOLD_S)
        finally:
            self._holding.set()
            self._journal.close_thread_connection()

    def start(self) -> None:
        """Returns once the lock is taken."""
        self._go.set()
        assert self._holding.wait(10)


@pytest.fixture
def held_lock(journal: Journal) -> Iterator[LockHolder]:
    holder = LockHolder(journal)
    yield holder
    holder.start()  # (a no-op if the test started it)
    holder.thread.join(30)
    assert not holder.thread.is_alive()


class Ticks:
    """A 20 ms timer noting, at each tick, the override cursor's shape (None when none)."""

    def __init__(self) -> None:
        self.cursors: list[Qt.CursorShape | None] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        cursor = QApplication.overrideCursor()
        self.cursors.append(cursor.shape() if cursor is not None else None)


def test_the_event_loop_runs_while_a_save_waits(qtbot, journal: Journal, held_lock) -> None:
    said: list[str] = []
    waiter = GuiWriteWaiter(said.append)
    journal.set_write_waiter(waiter)
    ticks = Ticks()
    ticks.timer.start()
    held_lock.start()
    started = time.perf_counter()
    uuid = journal.contacts.create("Saved once the lock was free")
    waited = time.perf_counter() - started
    ticks.timer.stop()
    assert waited >= HOLD_S * 0.5, "the save did not wait: the test proves nothing"
    # Timers kept firing during the wait (a frozen thread would give none), with the busy
    # cursor once the wait was long enough to notice; afterwards everything is put back.
    assert len(ticks.cursors) >= 10, ticks.cursors
    assert Qt.CursorShape.WaitCursor in ticks.cursors
    assert QApplication.overrideCursor() is None
    assert said == [WAITING_TEXT, ""]
    assert waiter.waits == 1
    assert journal.contacts.get(uuid).name == "Saved once the lock was free"


def test_a_short_wait_shows_nothing(qtbot) -> None:
    said: list[str] = []
    waiter = GuiWriteWaiter(said.append)
    waiter.waiting(0.05)
    waiter.waiting(SHOW_AFTER_S / 2)
    waiter.done()
    assert said == [] and waiter.waits == 0 and QApplication.overrideCursor() is None


def test_nested_waits_each_restore_their_cursor(qtbot) -> None:
    said: list[str] = []
    waiter = GuiWriteWaiter(said.append)
    depth_seen: list[int] = []

    def nested_wait() -> None:  # runs inside the outer wait's event processing
        waiter.waiting(SHOW_AFTER_S + 0.1)
        depth_seen.append(cursor_depth())
        waiter.done()

    QTimer.singleShot(0, nested_wait)
    waiter.waiting(SHOW_AFTER_S + 0.1)  # outer wait, shown; processes the timer above
    assert depth_seen == [2]
    assert said == [WAITING_TEXT, WAITING_TEXT]  # the outer message stays until the outer ends
    waiter.waiting(SHOW_AFTER_S + 0.2)  # the outer wait goes on
    waiter.done()
    assert said[-1] == "" and QApplication.overrideCursor() is None and waiter.waits == 2


def cursor_depth() -> int:
    depth = 0
    while QApplication.overrideCursor() is not None:
        QApplication.restoreOverrideCursor()
        depth += 1
    for _ in range(depth):
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    return depth


def test_the_app_keeps_its_window_alive_while_a_save_waits(qtbot, controller, journal, held_lock) -> None:
    app = controller()
    window = app.show_main_window()
    qtbot.waitExposed(window)
    uuid = journal.contacts.create("Card being edited")
    window.open_contact(uuid)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.card.notes_edit.setPlainText("typed just before the import took the lock")
    held_lock.start()
    assert window.card.save_pending()
    assert WAITING_TEXT in messages  # said in the window while it waited
    assert window.statusBar().currentMessage() != WAITING_TEXT  # and taken back afterwards
    assert QApplication.overrideCursor() is None
    assert journal.contacts.get(uuid).notes == "typed just before the import took the lock"
