"""Long operations off the GUI thread, with progress, cancellation and a progress dialog.

The work is a plain, Qt-free callable::

    def work(progress: Progress, is_cancelled: IsCancelled) -> Result:
        for i, item in enumerate(items):
            progress(i, len(items))      # raises TaskCancelled once the user cancelled
            ...
        return result

Run it with :func:`run_with_progress` (shows a cancellable QProgressDialog and calls
``on_success(result)`` on the GUI thread), or with :class:`Task` directly for full control::

    run_with_progress(window, "Import", "Importing contacts…", work,
                      on_success=show_summary, journal=journal, doing="import the file")

Errors the user can act on (``NetJournalError``) are shown as their message; anything else
is logged with its traceback and reported as a bug. Cancelling makes the next ``progress()``
raise :class:`TaskCancelled`, so a write running inside one service transaction is rolled
back whole; a work polling ``is_cancelled()`` stops by raising :class:`TaskCancelled` or
:class:`~netjournal.errors.OperationCancelled`. A work that returns has done its job: a cancel
pressed after its last ``progress()`` call comes too late and the task still succeeds (an
import that committed is never reported as cancelled).

The callable may use the journal: it gets its own database connection on the worker thread;
pass ``journal`` so that connection is closed when the work ends. Writes it makes reach the
views through the change signal, as any other write does.

A running task is kept alive by this module until it has finished; do not give a Task a
QObject parent (it is released on the GUI thread once its worker has let go of it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from netjournal.errors import OperationCancelled
from netjournal.ui.messages import show_error

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
Work = Callable[[Progress, IsCancelled], Any]

_PROGRESS_INTERVAL = 0.05  # seconds between progress signals (the GUI needs no more)
_running: set[Task] = set()  # keeps running tasks alive until they finish


class TaskCancelled(Exception):
    """Raised inside the work by ``progress()`` once the user cancelled; ends the task quietly."""


class Task(QObject):
    """One callable run on its own worker thread.

    A plain Python thread, not a QRunnable: the task object is only ever released on the
    GUI thread, after the worker has let go of it (see ``_on_done``).

    Signals (all emitted on the GUI thread):
        progressed(int done, int total): at most every 50 ms while running.
        succeeded(object result): the callable returned.
        failed(object exception): the callable raised (other than by cancellation).
        cancelled(): the user cancelled and the callable stopped.
        finished(): after exactly one of the three above.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    _worker_progress = Signal(int, int)
    _worker_done = Signal(str, object)

    def __init__(self, work: Work, *, journal: Journal | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._journal = journal
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._last_progress = 0.0
        self._thread: threading.Thread | None = None
        self._worker_progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker_done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    # -- GUI thread -------------------------------------------------------------------------
    def start(self) -> None:
        """Start the work on a new worker thread."""
        if self._thread is not None:
            raise RuntimeError("a task runs once")
        _running.add(self)
        self._thread = threading.Thread(target=self._run_in_worker, name="netjournal-task", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop; it ends at its next ``progress()`` or ``is_cancelled()``."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker has finished (for shutdown); True if it did."""
        return self._done.wait(timeout)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    @Slot(str, object)
    def _on_done(self, outcome: str, value: object) -> None:
        if self._thread is not None:
            self._thread.join()  # the worker's last act was to signal us: this is immediate
        _running.discard(self)
        if outcome == "ok":
            self.succeeded.emit(value)
        elif outcome == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(value)
        self.finished.emit()

    # -- worker thread ----------------------------------------------------------------------
    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise TaskCancelled
        now = time.monotonic()
        if now - self._last_progress >= _PROGRESS_INTERVAL or done >= total:
            self._last_progress = now
            self._worker_progress.emit(done, total)

    def _run_in_worker(self) -> None:
        outcome, value = "ok", None
        try:
            value = self._work(self._progress, self._cancel.is_set)
        except (TaskCancelled, OperationCancelled):
            outcome = "cancelled"
        except BaseException as error:
            outcome, value = "error", error
        finally:
            if self._journal is not None:
                try:
                    self._journal.close_thread_connection()
                except Exception as error:
                    if outcome == "ok":
                        outcome, value = "error", error
            self._done.set()
        self._worker_done.emit(outcome, value)


def run_with_progress(
    parent: QWidget | None,
    title: str,
    label: str,
    work: Work,
    *,
    on_success: Callable[[Any], None] | None = None,
    journal: Journal | None = None,
    doing: str = "",
    show_after_ms: int = 300,
) -> Task:
    """Run ``work`` off the GUI thread behind a cancellable progress dialog.

    The dialog appears only if the work takes longer than ``show_after_ms``. ``on_success``
    gets the result on the GUI thread; errors are shown (see :mod:`netjournal.ui.messages`).
    """
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setObjectName("taskProgress")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(show_after_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    task = Task(work, journal=journal)

    def progressed(done: int, total: int) -> None:
        if dialog.maximum() != total:
            dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)

    def finished() -> None:
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    task.progressed.connect(progressed)
    dialog.canceled.connect(task.cancel)
    if on_success is not None:
        task.succeeded.connect(on_success)
    task.failed.connect(lambda error: show_error(parent, error, doing=doing))
    task.finished.connect(finished)
    task.start()
    return task
