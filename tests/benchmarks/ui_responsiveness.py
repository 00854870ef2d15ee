"""How responsive the main window is on a big journal (offscreen; prints medians, asserts nothing).

Make the journal once (10,000 contacts, 100,000 conversations)::

    NETJOURNAL_PASSPHRASE='demo passphrase 1' .venv/bin/python -m netjournal \\
        --data-dir /tmp/nj-big demo --contacts 10000 --conversations 100000

then measure::

    QT_QPA_PLATFORM=offscreen NETJOURNAL_PASSPHRASE='demo passphrase 1' \\
        .venv/bin/python -m tests.benchmarks.ui_responsiveness /tmp/nj-big

Figures: opening the journal; building and showing the main window until its first paint;
selecting the contact with the most conversations (card + timeline, painted); the time the
GUI thread is busy per keystroke in the search field, and keystroke → results shown; loading
the next page of the contact list deep in the list; switching the sort to "most overdue".
Finer-grained than ``bench.py`` (which measures the budgets, cold start included) and meant
for finding where time goes in the window.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QModelIndex, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

import netjournal.ui  # noqa: F401  (the PySide6 reference-leak guard first)
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import open_with_secret
from netjournal.ui.changes import ChangeSignal
from netjournal.ui.main_window import MainWindow
from netjournal.ui.settings import UiSettings
from tests.benchmarks.queries import QUERIES, keystrokes
from tests.benchmarks.service_bench import busiest_contact


def ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def type_char(widget: QWidget, char: str) -> None:
    """One keystroke (QTest.keyClicks only knows ASCII; queries have ü, é, ...)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def settle(app: QApplication) -> None:
    """Deliver queued signals and paint what is pending."""
    for _ in range(3):
        app.processEvents()


def report(label: str, values: list[float]) -> None:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    print(f"{label:<52} median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms   n={len(values)}")


def main(folder: str) -> None:
    secret = os.environ.get("NETJOURNAL_PASSPHRASE", "demo passphrase 1")
    app = QApplication.instance() or QApplication([])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    settings = UiSettings(QSettings(str(Path(tempfile.mkdtemp()) / "ui.ini"), QSettings.Format.IniFormat))

    from netjournal.ui.qtcompat import guard_singleton_refcounts

    print(f"PySide6 None/True reference-leak guard active: {guard_singleton_refcounts()}")
    started = time.perf_counter()
    journal = open_with_secret(Path(folder), secret)
    opened = (time.perf_counter() - started) * 1000
    print(f"{'open the journal (passphrase: key derivation)':<52} {opened:7.1f} ms")
    counts = journal.stats()
    print(f"journal: {counts['contacts']:,} contacts, {counts['conversations']:,} conversations")

    changes = ChangeSignal(journal.changes)
    started = time.perf_counter()
    window = MainWindow(journal, changes, settings, KeyStore())
    window.resize(1280, 800)
    window.show()
    settle(app)
    shown = (time.perf_counter() - started) * 1000
    print(f"{'build + show the main window (first paint)':<52} {shown:7.1f} ms")

    uuid, conversations = busiest_contact(journal)
    other = journal.contacts.list(sort="name", limit=1)[0].uuid

    def select(target: str) -> None:
        window.open_contact(target)
        settle(app)

    select_times = []
    for _ in range(10):
        select(other)
        select_times.append(ms(lambda: select(uuid)))
    report(f"select a contact with {conversations} conversations", select_times)

    # Search: time the GUI thread spends per keystroke, and keystroke -> results on screen.
    field = window.search_field
    busy, latency = [], []
    for query in QUERIES:
        field.clear()
        settle(app)
        for text in keystrokes(query):
            char = text[-1]
            started = time.perf_counter()
            type_char(field, char)
            busy.append((time.perf_counter() - started) * 1000)
            deadline = time.perf_counter() + 5
            while window.search_results.model.text != field.text() and time.perf_counter() < deadline:
                app.processEvents()
                time.sleep(0.0005)
            app.processEvents()  # paint
            latency.append((time.perf_counter() - started) * 1000)
    report("search: GUI thread busy per keystroke", busy)
    report("search: keystroke -> results shown", latency)
    window.end_search()
    settle(app)

    # Scrolling: the next page of 300 rows, deep in the list (what scrolling down costs).
    model = window.contact_list.model
    fetch_times = []
    while model.canFetchMore(QModelIndex()) and model.rowCount() < 9000:
        fetch_times.append(ms(lambda: model.fetchMore(QModelIndex())))
    report("contact list: next page of 300 (up to row 9,000)", fetch_times)
    scroll_times = []
    bar = window.contact_list.view.verticalScrollBar()
    for step in range(40):
        value = bar.maximum() * step // 40

        def scroll(v: int = value) -> None:
            bar.setValue(v)
            window.contact_list.view.viewport().repaint()

        scroll_times.append(ms(scroll))
    report("contact list: jump-scroll + repaint", scroll_times)

    sort_times = []
    combo = window.contact_list.sort_combo
    for sort in ("overdue", "last_contact", "name") * 3:

        def change(s: str = sort) -> None:
            combo.setCurrentIndex(combo.findData(s))
            settle(app)

        sort_times.append(ms(change))
    report("contact list: change sort order (reload + paint)", sort_times)

    key_times = []
    view = window.contact_list.view
    view.setFocus()
    for _ in range(60):
        key_times.append(ms(lambda: (QTest.keyClick(view, Qt.Key.Key_Down), settle(app))))
    report("contact list: arrow down (select next + card + timeline)", key_times)

    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory of this whole run':<52} {peak:7.0f} MB")
    window.shutdown()
    window.close()
    changes.close()
    journal.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/nj-big")
