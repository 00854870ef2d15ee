"""A long import in the app while the user keeps typing: in the search field and on a card.

The import (a few thousand contacts, one transaction) runs on a worker thread and holds the
journal's write lock for seconds. Meanwhile every keystroke must land (the search field holds
exactly what was typed and its results follow), card edits saved during the import must be
stored (they wait for the lock, they do not fail), and no error box may appear — only the
import's own report at the end. (The test types into the main window directly; a user, with
the import dialog in front, makes the same kind of write from the quick-entry window.)
"""

from __future__ import annotations

import time

import pytest

from netjournal.services.journal import Journal
from netjournal.ui.main_window import MainWindow
from tests.reliability import gui_session
from tests.reliability.gui_session import OFFSCREEN_NOISE, ErrorBoxWatch
from tests.reliability.killing import write_google_csv

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)
# The fixtures this module uses (see gui_session.py).
box_watch, gui_window = gui_session.box_watch, gui_session.gui_window

ROWS = 2500


def test_typing_and_editing_during_a_long_import(
    qtbot, journal: Journal, gui_window: MainWindow, box_watch: ErrorBoxWatch
) -> None:
    window = gui_window
    people = [journal.contacts.create(f"Typist {n}", organisation="Keyboard Works") for n in range(2)]
    qtbot.waitUntil(lambda: window.contact_list.model.total == 2)
    source = journal.data_dir.parent / "contacts.csv"
    write_google_csv(source, ROWS, tag="gui")

    dialog = window.transfers.open_import()
    dialog.set_source(source)
    with qtbot.waitSignal(dialog.previewReady, timeout=30_000):
        dialog.preview()
    dialog.import_now()
    task = dialog.task
    assert task is not None
    finished: list[bool] = []
    task.finished.connect(lambda: finished.append(True))

    typed = ""
    stored: dict[str, str] = {}
    keys_during = edits_during = 0
    slowest = 0.0
    word = "keyboard"
    n = 0
    while not finished or n < 25:
        n += 1
        # Typing into the search field, a letter at a time (starting over after each word).
        if len(typed) >= len(word):
            window.search_field.clear()
            typed = ""
        letter = word[len(typed)]
        qtbot.keyClicks(window.search_field, letter)
        typed += letter
        assert window.search_field.text() == typed
        keys_during += not finished
        if n % 20 == 10:
            # Now and then a card edit, saved (as when its field loses focus).
            uuid = people[n % 2]
            window.card.set_contact(uuid)
            text = f"noted while importing, edit {n}"
            window.card.notes_edit.setPlainText(text)
            started = time.perf_counter()
            assert window.card.save_pending(), box_watch.poll()
            slowest = max(slowest, time.perf_counter() - started)
            stored[uuid] = text
            edits_during += not finished
        qtbot.wait(20)
        assert not [b for b in box_watch.poll() if not b.startswith("Import finished")]

    assert edits_during > 0 and keys_during > 0, "the import ended before the user did anything"
    print(
        f"\n{keys_during} keystrokes and {edits_during} card saves during the import; "
        f"slowest save {slowest * 1000:.0f} ms"
    )
    assert journal.stats()["contacts"] == 2 + ROWS
    for uuid, text in stored.items():
        assert journal.contacts.get(uuid).notes == text
    # Every keystroke landed, and the results follow the text.
    window.search_field.clear()
    with qtbot.waitSignal(
        window.search.resultsReady, timeout=10_000, check_params_cb=lambda text, *_: text == word
    ) as shown:
        qtbot.keyClicks(window.search_field, word)
    assert window.search_field.text() == word
    hits = shown.args[1]
    assert [h.uuid for h in hits] == [h.uuid for h in journal.search.search(word)]
    assert {h.contact_uuid for h in hits if h.kind == "contact"} == set(people)
    qtbot.waitUntil(lambda: window.contact_list.model.total == 2 + ROWS, timeout=10_000)
    # The only box: the import's own report.
    seen = box_watch.poll()
    assert seen and all(b.startswith("Import finished") for b in seen), seen
