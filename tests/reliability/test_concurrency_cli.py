"""The app open while the command line exports and imports the same journal.

A real ``netjournal import`` (a few thousand contacts, one long write transaction) and a real
``netjournal export csv`` run as other processes while the user keeps editing a contact card
in the main window. Nothing may say "database is locked" — no message box in the app, exit
status 0 and no error from the commands — every edit is stored, the import is complete, and
the window shows the imported people once it notices the other process's commit.
"""

from __future__ import annotations

import csv
import time

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from netjournal.services.journal import Journal
from netjournal.ui.main_window import MainWindow
from tests.reliability import gui_session
from tests.reliability.gui_session import OFFSCREEN_NOISE, ErrorBoxWatch, StallMeter
from tests.reliability.killing import write_google_csv

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)
# The fixtures this module uses (see gui_session.py).
box_watch, cli, gui_window = gui_session.box_watch, gui_session.cli, gui_session.gui_window

ROWS = 2500  # enough for an import whose write transaction outlasts many GUI edits


def test_gui_edits_while_the_cli_imports_and_exports(
    qtbot, journal: Journal, gui_window: MainWindow, box_watch: ErrorBoxWatch, cli
) -> None:
    window = gui_window
    tmp_path = journal.data_dir.parent
    people = [journal.contacts.create(f"Edited person {n}") for n in range(3)]
    qtbot.waitUntil(lambda: window.contact_list.model.total == 3)
    source = tmp_path / "contacts.csv"
    write_google_csv(source, ROWS, tag="cli")

    importing = cli(journal.data_dir, "import", str(source))
    exporting = cli(journal.data_dir, "export", "csv", str(tmp_path / "export"))
    stored: dict[str, str] = {}
    during = slowest = 0.0
    stalls = StallMeter()
    n = 0
    while importing.poll() is None or exporting.poll() is None or n < 5:
        n += 1
        uuid = people[n % len(people)]
        window.open_contact(uuid)
        text = f"typed while the command line worked, edit {n}"
        window.card.notes_edit.setPlainText(text)
        started = time.perf_counter()
        assert window.card.save_pending(), box_watch.poll()
        slowest = max(slowest, time.perf_counter() - started)
        stored[uuid] = text
        during += importing.poll() is None
        qtbot.wait(20)
        assert not box_watch.poll()

    out, err = importing.communicate(timeout=60)
    assert importing.returncode == 0, err
    assert "locked" not in err and "damaged" not in err
    assert f"{ROWS:,}" in out or str(ROWS) in out
    _, exported_err = exporting.communicate(timeout=60)
    assert exporting.returncode == 0, exported_err
    assert "locked" not in exported_err
    assert during > 0, "no edit overlapped the import"
    stalls.timer.stop()
    print(
        f"\n{n} GUI edits, {int(during)} during the import; slowest save {slowest * 1000:.0f} ms; "
        f"longest the window went unserved {stalls.longest * 1000:.0f} ms"
    )

    # Every edit is there, and the import is complete.
    for uuid, text in stored.items():
        assert journal.contacts.get(uuid).notes == text
    assert journal.stats()["contacts"] == 3 + ROWS
    # The export is a consistent snapshot: the people from before, with or without the import.
    with (tmp_path / "export" / "contacts.csv").open(newline="", encoding="utf-8") as handle:
        exported = len(list(csv.DictReader(handle)))
    assert exported in (3, 3 + ROWS)

    # The window notices the other process's commit (polling, or at once when activated).
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    qtbot.waitUntil(lambda: window.contact_list.model.total == 3 + ROWS, timeout=10_000)
    assert not box_watch.poll()


def test_activating_the_window_shows_what_the_cli_added(
    qtbot, journal: Journal, gui_window: MainWindow, cli
) -> None:
    window = gui_window
    window.external_changes.stop()  # only activation may notice it here
    journal.contacts.create("Already here")
    qtbot.waitUntil(lambda: window.contact_list.model.total == 1)
    added = cli(journal.data_dir, "add", "Added From A Script", "--org", "Elsewhere Ltd")
    _, err = added.communicate(timeout=60)
    assert added.returncode == 0, err
    qtbot.wait(50)
    assert window.contact_list.model.total == 1  # nothing has told the window yet
    window.activateWindow()
    qtbot.waitActive(window)
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    qtbot.waitUntil(lambda: window.contact_list.model.total == 2, timeout=5000)
    names = {window.contact_list.model.summary_at(row).name for row in range(2)}
    assert "Added From A Script" in names
    # Nothing new since: a second activation reloads nothing.
    assert not window.external_changes.check()
