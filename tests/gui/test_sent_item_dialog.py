"""Sent availability: the detail starts as the day I am free again, when the journal knows it."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.services.demo import generate_demo
from netjournal.services.journal import Journal
from netjournal.ui.dialogs.sent_item_dialog import SentItemDialog, availability_detail
from netjournal.ui.main_window import MainWindow


@pytest.fixture
def demo(journal: Journal) -> Journal:
    generate_demo(journal, 80, 500)
    return journal


def test_availability_detail_names_the_day() -> None:
    assert availability_detail(date(2026, 12, 27), date(2026, 3, 10)) == "Available from 27 Dec"
    assert availability_detail(date(2027, 1, 4), date(2026, 3, 10)) == "Available from 4 Jan 2027"


def test_sent_availability_from_the_intermediaries_tab_is_prefilled(
    qtbot, make_window, demo: Journal
) -> None:
    window: MainWindow = make_window()
    view = window.network.intermediaries
    with qtbot.waitSignal(view.loaded, timeout=10000):
        window.show_network("intermediaries")
    plan = view.refresh_plan
    assert plan is not None and plan.people
    assert view.select(plan.people[0].contact.uuid)
    view.availability_button.click()
    dialog = view.dialog
    assert isinstance(dialog, SentItemDialog)
    expected = availability_detail(plan.available_from, plan.today)
    assert dialog.detail_edit.text() == expected
    # Selected, with the focus: Enter records it as it is, typing replaces it.
    assert dialog.detail_edit.selectedText() == expected
    assert dialog.focusWidget() is dialog.detail_edit
    qtbot.keyClicks(dialog.detail_edit, "Four days a week from January")
    assert dialog.detail_edit.text() == "Four days a week from January"
    with qtbot.waitSignal(view.loaded, timeout=10000):
        dialog.save_button.click()
    sent = demo.intermediaries.sent_to(plan.people[0].contact.uuid)
    assert (sent[0].what, sent[0].detail) == ("availability", "Four days a week from January")


def test_the_prefill_follows_the_kind_until_edited(qtbot, journal: Journal) -> None:
    dialog = SentItemDialog(journal, what="cv", available_from=date(2026, 12, 27))
    qtbot.addWidget(dialog)
    assert dialog.detail_edit.text() == ""  # a CV: nothing to say about dates
    availability = dialog.what_combo.findData("availability")
    dialog.what_combo.setCurrentIndex(availability)
    assert dialog.detail_edit.text() == "Available from 27 Dec"
    assert dialog.detail_edit.selectedText() == "Available from 27 Dec"
    dialog.what_combo.setCurrentIndex(dialog.what_combo.findData("day_rate"))
    assert dialog.detail_edit.text() == ""  # not a day rate: it goes again
    dialog.detail_edit.setText("€1,250")
    dialog.what_combo.setCurrentIndex(availability)
    assert dialog.detail_edit.text() == "€1,250"  # what the user typed stays


def test_without_a_known_end_the_detail_stays_empty(qtbot, journal: Journal) -> None:
    dialog = SentItemDialog(journal, what="availability")
    qtbot.addWidget(dialog)
    assert dialog.detail_edit.text() == ""
    assert "Available from" in dialog.detail_edit.placeholderText()


def test_sent_from_the_card_prefills_availability(qtbot, make_window, demo: Journal) -> None:
    plan = demo.intermediaries.availability_refresh()
    assert plan is not None
    window: MainWindow = make_window()
    window.open_contact(plan.people[0].contact.uuid)
    panel = window.card.give_take_panel
    panel.sent_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, SentItemDialog)
    assert dialog.detail_edit.text() == ""  # a CV by default
    dialog.what_combo.setCurrentIndex(dialog.what_combo.findData("availability"))
    assert dialog.detail_edit.text() == availability_detail(plan.available_from, plan.today)
    dialog.reject()


def test_editing_keeps_the_stored_detail_even_for_availability(qtbot, journal: Journal) -> None:
    ines = journal.contacts.create("Ines Broker", kind="intermediary")
    uuid = journal.intermediaries.record_sent(
        ines, "availability", sent_on=date(2026, 2, 1), detail="Three days a week from May"
    )
    [record] = journal.intermediaries.sent_to(ines)
    # Even with a known end of assignment, the edit shows what was sent, not the prefill.
    dialog = SentItemDialog(journal, record=record, available_from=date(2026, 12, 27))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit what you sent" and dialog.save_button.text() == "Save"
    assert dialog.what_combo.currentData() == "availability"
    assert dialog.detail_edit.text() == "Three days a week from May"
    assert dialog.detail_edit.selectedText() == ""  # fixing a typo does not wipe it
    assert dialog.date_edit.value() == date(2026, 2, 1)
    # Switching kinds and back keeps it too.
    dialog.what_combo.setCurrentIndex(dialog.what_combo.findData("cv"))
    dialog.what_combo.setCurrentIndex(dialog.what_combo.findData("availability"))
    assert dialog.detail_edit.text() == "Three days a week from May"
    # An edit keeps a day: "Not set" cannot be saved.
    dialog.date_edit.set_value(None)
    assert not dialog.save_button.isEnabled()
    dialog.date_edit.set_value(date(2026, 2, 2))
    assert dialog.save_button.isEnabled()
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.saved_uuid == uuid
    [stored] = journal.intermediaries.sent_to(ines)
    assert (stored.what, stored.sent_on, stored.detail) == ("availability", date(2026, 2, 2), record.detail)


def test_editing_an_empty_availability_detail_stays_empty(qtbot, journal: Journal) -> None:
    ines = journal.contacts.create("Ines Broker", kind="intermediary")
    journal.intermediaries.record_sent(ines, "availability", sent_on=date(2026, 2, 1))
    [record] = journal.intermediaries.sent_to(ines)
    dialog = SentItemDialog(journal, record=record, available_from=date(2026, 12, 27))
    qtbot.addWidget(dialog)
    assert dialog.detail_edit.text() == ""  # no prefill slipped in
    dialog.save()
    assert journal.intermediaries.sent_to(ines)[0].detail == ""
