"""The networking views' loader: off the GUI thread, and current without loading while hidden."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from netjournal.services.changes import CONTACTS
from netjournal.services.journal import Journal
from netjournal.ui.changes import ChangeSignal
from netjournal.ui.network.loading import BackgroundLoader


def test_follow_loads_when_shown_and_after_relevant_changes_only(
    qtbot, journal: Journal, changes: ChangeSignal
) -> None:
    view = QWidget()
    qtbot.addWidget(view)
    shown: list[int] = []
    loader = BackgroundLoader(
        journal, lambda: journal.stats()["contacts"], shown.append, view, doing="count contacts"
    )
    loader.follow(changes, CONTACTS)

    journal.contacts.create("Hidden Change")  # the view is hidden: nothing is loaded yet
    qtbot.wait(200)
    assert shown == [] and not loader.busy

    with qtbot.waitSignal(loader.loaded, timeout=5000):
        view.show()  # first show: loads
    assert shown == [1]

    with qtbot.waitSignal(loader.loaded, timeout=5000):
        journal.contacts.create("Visible Change")  # shown: reloads at once
    assert shown == [1, 2]

    journal.opportunities.create("Interim CFO")  # not a kind it follows
    qtbot.wait(200)
    assert shown == [1, 2]

    view.hide()
    journal.contacts.create("While Hidden")
    qtbot.wait(200)
    assert shown == [1, 2]  # waits for the view to be shown again
    with qtbot.waitSignal(loader.loaded, timeout=5000):
        view.show()
    assert shown == [1, 2, 3]
    view.hide()
    view.show()  # nothing changed meanwhile: no reload
    qtbot.wait(200)
    assert shown == [1, 2, 3]
    loader.shutdown()
