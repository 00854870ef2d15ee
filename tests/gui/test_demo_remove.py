"""Help → Remove demo data…: asks first, says what goes and what stays, works in the background."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QMenu, QMessageBox

from netjournal.services.demo import generate_demo, has_demo
from netjournal.services.journal import Journal
from netjournal.ui import messages
from netjournal.ui.main_window import MainWindow

WHEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def open_help_menu(window: MainWindow) -> QMenu:
    """What opening the Help menu does to its actions (the offscreen platform shows no popups)."""
    menu = next(m for m in window.findChildren(QMenu) if m.title() == "&Help")
    menu.aboutToShow.emit()
    return menu


def test_the_menu_item_is_offered_only_with_demo_data(window: MainWindow, journal: Journal) -> None:
    menu = open_help_menu(window)
    assert window.remove_demo_action in menu.actions()
    assert window.remove_demo_action.text() == "&Remove demo data…"
    assert not window.remove_demo_action.isEnabled()  # an empty journal has none
    generate_demo(journal, contacts=10, conversations=30)
    open_help_menu(window)
    assert window.remove_demo_action.isEnabled()


def test_remove_demo_data_keeps_the_users_records(
    qtbot, window: MainWindow, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_demo(journal, contacts=30, conversations=120)
    made_up = journal.contacts.list()[0]
    own = journal.contacts.create("Rita Realperson")
    journal.conversations.log([own, made_up.uuid], "Lunch with a made-up person", occurred_at=WHEN)
    shown = len(journal.contacts.list())  # the archived made-up people are not listed
    qtbot.waitUntil(lambda: window.contact_list.model.rowCount() == shown > 1)
    window.open_contact(made_up.uuid)
    asked: list[str] = []
    monkeypatch.setattr(
        messages, "confirm", lambda parent, title, text, action, **k: asked.append(text) or True
    )

    open_help_menu(window)
    window.remove_demo_action.trigger()
    task = window._task
    assert task is not None
    assert not window.remove_demo_action.isEnabled() and not window.demo_action.isEnabled()  # one at a time
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass

    (question,) = asked
    assert "30 made-up people go" in question and "120 conversations" in question
    assert "Your own records stay: 1 contact and 1 conversation" in question
    assert [p.name for p in journal.contacts.list()] == ["Rita Realperson"]
    # The views follow the change signal: the list shows only the user's person, and the card
    # no longer shows the made-up one.
    qtbot.waitUntil(lambda: window.contact_list.model.rowCount() == 1)
    qtbot.waitUntil(lambda: window.card.contact_uuid == own)
    assert [c.summary for c in journal.conversations.timeline(own)] == ["Lunch with a made-up person"]
    assert "Demo data removed: 30 people, 120 conversations" in window.statusBar().currentMessage()
    open_help_menu(window)
    assert not window.remove_demo_action.isEnabled()


def test_an_empty_journal_can_load_demo_data_again(
    qtbot, window: MainWindow, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_demo(journal, contacts=10, conversations=30)
    asked: list[str] = []
    monkeypatch.setattr(
        messages, "confirm", lambda parent, title, text, action, **k: asked.append(text) or True
    )
    window.remove_demo_action.trigger()  # not offered until the Help menu has looked
    assert window._task is None
    open_help_menu(window)
    window.remove_demo_action.trigger()
    assert window._task is not None
    with qtbot.waitSignal(window._task.finished, timeout=20_000):
        pass
    assert "You have no records of your own yet" in asked[0]
    assert journal.is_empty()
    qtbot.waitUntil(lambda: window.contact_list.model.rowCount() == 0)
    window.demo_action.trigger()
    assert window._task is not None
    with qtbot.waitSignal(window._task.finished, timeout=20_000):
        pass
    assert journal.contacts.count() > 100 and has_demo(journal)


def test_cancelling_the_question_changes_nothing(
    window: MainWindow, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_demo(journal, contacts=10, conversations=30)
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    open_help_menu(window)
    window.remove_demo_action.trigger()
    assert window._task is None
    assert journal.contacts.count() == 10 and has_demo(journal)


def test_no_demo_data_left_says_so(qtbot, window: MainWindow, journal: Journal) -> None:
    """The menu was opened while there was demo data; a script removed it before the click."""
    journal.contacts.create("Kim Keeper")
    window.remove_demo_action.setEnabled(True)
    window.remove_demo_action.trigger()
    box = window.findChild(QMessageBox, "errorMessage")
    assert box is not None and "no demo data to remove" in box.text()
    box.close()
    assert not window.remove_demo_action.isEnabled()
    assert journal.contacts.count() == 1


def test_load_demo_points_at_remove_when_the_demo_is_there(window: MainWindow, journal: Journal) -> None:
    generate_demo(journal, contacts=10, conversations=30)
    window.demo_action.trigger()
    box = window.findChild(QMessageBox, "errorMessage")
    assert box is not None and "Help → Remove demo data…" in box.text()
    box.close()
