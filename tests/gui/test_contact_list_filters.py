"""The contact list's filters: what an empty result says, and the selection when the contact
on the card is filtered out of the list (and back in)."""

from __future__ import annotations

import pytest

from netjournal.services.journal import Journal
from netjournal.ui.contact_list import ContactQuery, no_match_text
from netjournal.ui.main_window import MainWindow


@pytest.fixture
def crew(journal: Journal) -> dict[str, str]:
    return {
        "carla": journal.contacts.create("Carla Client", kind="client", tags=["board"]),
        "dan": journal.contacts.create("Dan Peer", kind="peer"),
        "eva": journal.contacts.create("Eva Peer", kind="peer", tags=["board"]),
    }


def _choose(combo, value: str | None) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_no_match_text_names_the_filters_set() -> None:
    assert no_match_text(ContactQuery(kind="friend", tag="board")) == "No contact has this kind and tag."
    assert no_match_text(ContactQuery(kind="friend")) == "No contact has this kind."
    assert no_match_text(ContactQuery(tag="board")) == "No contact has this tag."


def test_an_empty_filtered_list_says_which_filters_hide_everyone(
    window: MainWindow, crew: dict[str, str]
) -> None:
    pane = window.contact_list
    _choose(pane.kind_combo, "friend")
    assert pane.stack.currentWidget() is pane.empty
    assert pane.empty.text.text() == "No contact has this kind."
    _choose(pane.kind_combo, "client")
    assert pane.stack.currentWidget() is pane.view and pane.model.total == 1
    _choose(pane.kind_combo, "peer")
    _choose(pane.tag_combo, "board")
    assert pane.model.total == 1  # Eva
    _choose(pane.kind_combo, "friend")
    assert pane.empty.title.text() == "No one matches"
    assert pane.empty.text.text() == "No contact has this kind and tag."
    pane.clear_filters()
    assert pane.stack.currentWidget() is pane.view and pane.model.total == 3


def test_showing_archived_contacts_in_an_empty_journal_is_still_an_empty_journal(window: MainWindow) -> None:
    pane = window.contact_list
    pane.archived_check.setChecked(True)
    assert pane.stack.currentWidget() is pane.empty
    assert pane.empty.title.text() == "No contacts yet"  # not "No one matches": nothing is hidden


def test_the_card_stays_and_the_list_selects_them_again_when_they_are_back(
    window: MainWindow, crew: dict[str, str]
) -> None:
    pane = window.contact_list
    window.open_contact(crew["dan"])
    assert pane.current_uuid() == crew["dan"]
    _choose(pane.kind_combo, "client")  # Dan is a peer: out of the list
    assert pane.current_uuid() is None and not pane.view.selectionModel().hasSelection()
    assert window.card.contact_uuid == crew["dan"]  # still on the card, the list selects no one else
    _choose(pane.tag_combo, "board")
    assert pane.current_uuid() is None
    pane.clear_filters()  # Dan is back: the list shows who is on the card
    assert pane.current_uuid() == crew["dan"]
    assert window.card.contact_uuid == crew["dan"]


def test_a_contact_picked_in_the_filtered_list_is_the_one_kept(
    window: MainWindow, crew: dict[str, str]
) -> None:
    pane = window.contact_list
    window.open_contact(crew["dan"])
    _choose(pane.kind_combo, "client")
    pane.view.setCurrentIndex(pane.model.index(0, 0))  # the user picks Carla
    assert window.card.contact_uuid == crew["carla"]
    pane.clear_filters()
    assert pane.current_uuid() == crew["carla"]


def test_archiving_the_shown_contact_and_then_showing_archived_selects_them_again(
    qtbot, window: MainWindow, crew: dict[str, str]
) -> None:
    pane = window.contact_list
    window.open_contact(crew["eva"])
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        window.archive_action.trigger()
    assert pane.current_uuid() is None  # hidden with the archived
    assert window.card.contact_uuid == crew["eva"]  # still there, to restore
    pane.archived_check.setChecked(True)
    assert pane.current_uuid() == crew["eva"]
