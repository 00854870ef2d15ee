"""The card's give & take section and recording an introduction or something sent from it."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.services.journal import Journal
from netjournal.ui.dialogs.introduction_dialog import IntroductionDialog
from netjournal.ui.dialogs.sent_item_dialog import SentItemDialog
from netjournal.ui.main_window import MainWindow


@pytest.fixture
def trio(journal: Journal) -> dict[str, str]:
    return {
        "carla": journal.contacts.create("Carla Connector", organisation="Own Firm"),
        "dan": journal.contacts.create("Dan Client", organisation="Helios Energy"),
        "eva": journal.contacts.create("Eva Peer"),
    }


def test_card_shows_who_they_introduced_me_to_and_the_verdict(
    qtbot, window: MainWindow, journal: Journal, trio: dict[str, str]
) -> None:
    journal.introductions.record(
        direction="received", introducer=trio["carla"], introduced=trio["dan"], occurred_on=date(2025, 4, 1)
    )
    journal.introductions.record(
        direction="received",
        kind="referral",
        introducer=trio["carla"],
        introduced=None,
        introduced_to=trio["eva"],
        occurred_on=date(2026, 2, 1),
    )
    window.open_contact(trio["carla"])
    panel = window.card.give_take_panel
    assert "Dan Client" in panel.introduced_me_to_label.text()
    assert "Eva Peer" in panel.introduced_me_to_label.text()
    assert panel.verdict_label.text() == journal.give_take.for_contact(trio["carla"]).verdict
    assert (
        "taking more than giving" in panel.verdict_label.text() or "given none" in panel.verdict_label.text()
    )
    assert panel.chart.values == ((0, 1), (0, 1))  # 2025 and 2026: given 0, received 1
    # A linked name opens that person.
    with qtbot.waitSignal(window.contactShown, timeout=3000):
        panel.introduced_me_to_label.linkActivated.emit(trio["dan"])
    assert window.card.contact_uuid == trio["dan"]


def test_record_an_introduction_i_received_from_the_card(
    qtbot, window: MainWindow, journal: Journal, trio: dict[str, str]
) -> None:
    window.open_contact(trio["carla"])
    panel = window.card.give_take_panel
    panel.record_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, IntroductionDialog) and dialog.isVisible()
    assert dialog.introducer_field.uuid == trio["carla"]  # pre-filled with the card's person
    assert not dialog.save_button.isEnabled()  # nobody introduced yet
    dialog.introduced_field.set_uuid(trio["dan"])
    assert dialog.save_button.isEnabled()
    assert dialog.explanation.text() == "Carla Connector introduced Dan Client to me."
    dialog.outcome_edit.setText("Coffee; became a client")
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        dialog.save_button.click()
    [intro] = journal.introductions.for_contact(trio["carla"])
    assert intro.direction == "received" and intro.introduced.uuid == trio["dan"]
    assert intro.introduced_to is None and intro.outcome == "Coffee; became a client"
    assert "Dan Client" in panel.introduced_me_to_label.text()  # the card refreshed


def test_record_an_introduction_i_gave(
    qtbot, window: MainWindow, journal: Journal, trio: dict[str, str]
) -> None:
    dialog = IntroductionDialog(journal, window, direction="given")
    qtbot.addWidget(dialog)
    assert not dialog.introducer_field.isVisibleTo(dialog)  # I made it
    dialog.introduced_field.set_uuid(trio["eva"])
    dialog.introduced_to_field.set_uuid(trio["dan"])
    dialog.date_edit.set_value(date(2026, 3, 1))
    dialog.save()
    assert dialog.saved_uuid is not None
    [intro] = journal.introductions.for_contact(trio["eva"])
    assert (intro.direction, intro.introducer, intro.occurred_on) == ("given", None, date(2026, 3, 1))
    assert journal.give_take.for_contact(trio["dan"]).given.introductions == 1


def test_introduction_dialog_refuses_nonsense(journal: Journal, qtbot, trio: dict[str, str]) -> None:
    dialog = IntroductionDialog(journal)
    qtbot.addWidget(dialog)
    assert dialog.problem() == "Choose who made the introduction."
    dialog.introducer_field.set_uuid(trio["carla"])
    assert "Choose who was introduced" in dialog.problem()
    dialog.introduced_field.set_uuid(trio["carla"])
    assert "cannot also be one of the two" in dialog.problem()
    dialog.introduced_field.set_uuid(trio["dan"])
    dialog.introduced_to_field.set_uuid(trio["dan"])
    assert "themselves" in dialog.problem()
    assert not dialog.save_button.isEnabled()
    dialog.save()
    assert journal.introductions.all() == []


def test_record_sent_from_the_card(qtbot, window: MainWindow, journal: Journal, trio: dict[str, str]) -> None:
    window.open_contact(trio["dan"])
    panel = window.card.give_take_panel
    panel.sent_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, SentItemDialog)
    assert dialog.person_field.uuid == trio["dan"]
    dialog.what_combo.setCurrentIndex(dialog.what_combo.findData("day_rate"))
    assert "a day" in dialog.detail_edit.placeholderText()
    dialog.detail_edit.setText("€1,250")
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        dialog.save_button.click()
    [sent] = journal.intermediaries.sent_to(trio["dan"])
    assert (sent.what, sent.detail) == ("day_rate", "€1,250")


def test_sent_dialog_needs_a_person(qtbot, journal: Journal) -> None:
    dialog = SentItemDialog(journal)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.save()
    assert dialog.saved_uuid is None
