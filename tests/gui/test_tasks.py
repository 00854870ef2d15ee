"""The background task runner: progress, result, errors and cancellation, off the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from netjournal.errors import OperationCancelled, ValidationError
from netjournal.ui.tasks import Task, run_with_progress


def test_task_reports_progress_and_result_from_a_worker_thread(qtbot) -> None:
    threads: list[int] = []

    def work(progress, is_cancelled):
        threads.append(threading.get_ident())
        for i in range(1, 4):
            progress(i, 3)
        return "done"

    task = Task(work)
    seen: list[tuple[int, int]] = []
    task.progressed.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(task.succeeded, timeout=3000) as blocker:
        task.start()
    assert blocker.args == ["done"]
    assert seen[-1] == (3, 3)
    assert threads and threads[0] != threading.get_ident()


def test_task_cancel_stops_at_next_progress(qtbot) -> None:
    started = threading.Event()
    release = threading.Event()

    def work(progress, is_cancelled):
        started.set()
        release.wait(5)
        progress(1, 10)  # raises TaskCancelled: the task was cancelled meanwhile
        raise AssertionError("not reached")

    task = Task(work)
    with qtbot.waitSignal(task.cancelled, timeout=3000):
        task.start()
        started.wait(5)
        task.cancel()
        release.set()


def test_cancel_after_the_work_finished_still_reports_success(qtbot) -> None:
    # The user presses Cancel after the last progress() call: the work (say, an import that
    # committed) is done, so the task must say so rather than "cancelled".
    finishing = threading.Event()
    release = threading.Event()

    def work(progress, is_cancelled):
        progress(10, 10)
        finishing.set()
        release.wait(5)
        return "committed"

    task = Task(work)
    outcomes: list[str] = []
    task.cancelled.connect(lambda: outcomes.append("cancelled"))
    with qtbot.waitSignal(task.succeeded, timeout=3000) as blocker:
        task.start()
        finishing.wait(5)
        task.cancel()
        release.set()
    assert blocker.args == ["committed"] and outcomes == []


def test_operation_cancelled_from_a_service_counts_as_cancelled(qtbot) -> None:
    def work(progress, is_cancelled):
        raise OperationCancelled("Import cancelled; nothing was changed.")

    task = Task(work)
    failures: list[object] = []
    task.failed.connect(failures.append)
    with qtbot.waitSignal(task.cancelled, timeout=3000):
        task.start()
    assert failures == []


def test_run_with_progress_shows_user_errors(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(progress, is_cancelled):
        raise ValidationError("Row 17 has no name.")

    task = run_with_progress(parent, "Import", "Importing…", work, doing="import")
    assert parent.findChild(QProgressDialog, "taskProgress") is not None
    with qtbot.waitSignal(task.finished, timeout=3000):
        pass
    box = parent.findChild(QMessageBox, "errorMessage")
    assert box is not None and box.text() == "Row 17 has no name."
    assert box.windowTitle() == "Could not import"
    box.close()


def test_run_with_progress_logs_bugs(qtbot, caplog) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    results: list[object] = []

    def work(progress, is_cancelled):
        raise KeyError("bug")

    task = run_with_progress(parent, "Export", "Exporting…", work, on_success=results.append)
    with qtbot.waitSignal(task.finished, timeout=3000):
        pass
    box = parent.findChild(QMessageBox, "errorMessage")
    assert box is not None and box.windowTitle() == "Unexpected error"
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)
    assert results == []
    box.close()


def test_cancelled_demo_generation_writes_nothing(qtbot, journal) -> None:
    from netjournal.services.demo import generate_demo

    holder: list[Task] = []

    def work(progress, is_cancelled):
        def report(done: int, total: int) -> None:
            holder[0].cancel()  # the user presses Cancel as soon as progress shows
            progress(done, total)

        return generate_demo(journal, 40, 200, progress=report)

    task = Task(work, journal=journal)
    holder.append(task)
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        task.start()
    assert journal.is_empty()  # the demo's single transaction was rolled back
