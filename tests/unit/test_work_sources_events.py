"""Where work comes from, events: provenance is no event, and no verdict on thin evidence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from netjournal.importexport.importer import import_file
from netjournal.services.journal import Journal
from netjournal.services.work_sources import is_provenance
from tests.conftest import FakeClock
from tests.unit.io_support import DATA


def outcomes(journal: Journal) -> dict[str, tuple[int, bool]]:
    return {e.event: (e.new_contacts, e.waste_of_time) for e in journal.work.events()}


def test_a_linkedin_import_is_not_an_event(journal: Journal, clock: FakeClock) -> None:
    import_file(journal, DATA / "linkedin-connections.csv")
    assert {journal.contacts.get(c.uuid).how_we_met for c in journal.contacts.list()} == {"LinkedIn"}
    clock.advance(days=3 * 365)  # old connections: still no event, let alone a wasted one
    assert journal.work.events() == []
    assert journal.work.report().events == ()


@pytest.mark.parametrize(
    "label", ["LinkedIn", "linkedin", "Imported from Outlook", "via Xing", "Google Contacts", "e-mail"]
)
def test_provenance_labels(label: str) -> None:
    assert is_provenance(label)


@pytest.mark.parametrize(
    "label", ["CFO Forum Berlin", "LinkedIn Local Hamburg", "Alumni dinner", "Former colleague", "", "  "]
)
def test_events_and_places_are_not_provenance(label: str) -> None:
    assert not is_provenance(label)


def test_provenance_beside_real_events(journal: Journal, clock: FakeClock) -> None:
    old = clock().date() - timedelta(days=800)
    for n in range(4):
        journal.contacts.create(f"Online {n}", how_we_met="via LinkedIn", met_on=old)
        journal.contacts.create(f"Local {n}", how_we_met="LinkedIn Local Hamburg", met_on=old)
    assert outcomes(journal) == {"LinkedIn Local Hamburg": (4, True)}


def test_an_event_the_user_logged_counts_whatever_its_name(journal: Journal, clock: FakeClock) -> None:
    # Someone may really have met people at an event they logged as "Xing".
    met = [journal.contacts.create(f"Guest {n}", how_we_met="Xing") for n in range(3)]
    journal.conversations.log(
        met, "Evening", occurred_at=clock() - timedelta(days=500), channel="event", place="XING"
    )
    assert outcomes(journal) == {"XING": (3, True)}


def test_no_waste_verdict_on_too_few_or_too_recent_relationships(journal: Journal, clock: FakeClock) -> None:
    today = clock().date()
    for n in range(2):  # long ago, but too few to judge
        journal.contacts.create(f"Few {n}", how_we_met="Small Meetup", met_on=today - timedelta(days=900))
    for n in range(5):  # many, but too recent
        journal.contacts.create(f"Recent {n}", how_we_met="Big Summit", met_on=today - timedelta(days=60))
    assert outcomes(journal) == {"Big Summit": (5, False), "Small Meetup": (2, False)}
    summit = next(e for e in journal.work.events() if e.event == "Big Summit")
    assert summit.judged_contacts == 0

    clock.advance(days=400)  # a year later, still no work from the summit: now it is a verdict
    assert outcomes(journal) == {"Big Summit": (5, True), "Small Meetup": (2, False)}
    assert [e.event for e in journal.work.events()][-1] == "Big Summit"  # wastes last


def test_undated_relationships_are_dated_by_their_first_conversation(
    journal: Journal, clock: FakeClock
) -> None:
    # Typed in today without a "met on", but the timeline shows they go back years.
    people = [journal.contacts.create(f"Old friend {n}", how_we_met="Rotary Club") for n in range(3)]
    for who in people:
        journal.conversations.log([who], "Lunch", occurred_at=clock() - timedelta(days=1000))
    event = journal.work.events()[0]
    assert (event.event, event.judged_contacts, event.waste_of_time) == ("Rotary Club", 3, True)
    # Without conversations and typed in today: too soon to say.
    for n in range(3):
        journal.contacts.create(f"New {n}", how_we_met="Startup Night")
    startup = next(e for e in journal.work.events() if e.event == "Startup Night")
    assert (startup.new_contacts, startup.judged_contacts, startup.waste_of_time) == (3, 0, False)


def test_won_work_is_never_a_waste(journal: Journal) -> None:
    met = [
        journal.contacts.create(f"Forum {n}", how_we_met="CFO Forum", met_on=date(2020, 5, 1))
        for n in range(4)
    ]
    journal.opportunities.create("Interim CFO", status="won", people=[("client", met[2])])
    forum = journal.work.events()[0]
    assert (forum.won, forum.judged_contacts, forum.waste_of_time) == (1, 4, False)
