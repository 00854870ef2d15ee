"""The contact list's pages (built from a few columns) agree with the full per-contact summary."""

from __future__ import annotations

from datetime import datetime, timedelta

from netjournal.services.journal import Journal
from tests.conftest import FakeClock


def test_list_pages_match_summaries_field_for_field(journal: Journal, clock: FakeClock) -> None:
    org = "Atlas Chemicals"
    anna = journal.contacts.create("Anna Berg", organisation=org, role="CFO", kind="client")
    bob = journal.contacts.create("bob Åkesson", kind="intermediary", keep_in_touch_days=30)
    journal.contacts.create("Cleo Dupont", kind="other")
    journal.conversations.log([anna], "Budget review", occurred_at=clock() - timedelta(days=40))
    journal.reminders.snooze_contact(bob, 60)
    archived = journal.contacts.create("Dora Archived")
    journal.contacts.set_archived(archived, True)

    for sort in ("name", "last_contact", "overdue"):
        page = journal.contacts.list(sort=sort)
        assert [s.uuid for s in page] and archived not in [s.uuid for s in page]
        assert page == [journal.contacts.summary(s.uuid) for s in page], sort

    by_name = journal.contacts.list(sort="name")
    assert [s.name for s in by_name] == ["Anna Berg", "bob Åkesson", "Cleo Dupont"]  # case-blind
    first = by_name[0]
    assert first.organisation == org and first.role == "CFO" and first.kind == "client"
    assert isinstance(first.last_contact_at, datetime) and first.last_contact_at.tzinfo is not None
    assert by_name[2].organisation == ""  # no organisation: empty text, never None
    assert by_name[1].keep_in_touch_days == 30 and by_name[1].cadence_days == 30
    assert by_name[1].overdue_days is not None and by_name[1].overdue_days < 0  # snoozed
    # Paging: offset/limit slices the same order; past the end is empty, not an error.
    assert journal.contacts.list(sort="name", offset=1, limit=1) == by_name[1:2]
    assert journal.contacts.list(sort="name", offset=10, limit=5) == []
    everyone = journal.contacts.list(sort="name", include_archived=True)
    assert [s.uuid for s in everyone if s.archived] == [archived]
