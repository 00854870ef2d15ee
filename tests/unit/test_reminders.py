"""What is due: follow-ups and keep-in-touch, across date boundaries, with an injected clock."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from netjournal.errors import ValidationError
from netjournal.services.journal import Journal
from tests.conftest import FakeClock


def names(items: object) -> list[str]:
    return [i.contact.name for i in items]  # type: ignore[attr-defined]


def test_follow_ups_turn_overdue_at_midnight(journal: Journal, clock: FakeClock) -> None:
    clock.value = datetime(2026, 3, 10, 12, 0).astimezone()  # local noon
    uuid = journal.contacts.create("Promise Keeper", kind="other")
    journal.follow_ups.create(uuid, "Send CV", due_on=date(2026, 3, 10))
    journal.follow_ups.create(uuid, "Book lunch", due_on=date(2026, 3, 14))
    journal.follow_ups.create(uuid, "Someday", due_on=None)
    report = journal.reminders.due()
    assert [f.what for f in report.follow_ups_due_today] == ["Send CV"]
    assert report.overdue_follow_ups == ()
    assert [f.what for f in report.upcoming_follow_ups] == ["Book lunch"]
    clock.value = datetime(2026, 3, 10, 23, 59).astimezone()
    assert [f.what for f in journal.reminders.due().follow_ups_due_today] == ["Send CV"]
    clock.value = datetime(2026, 3, 11, 0, 1).astimezone()  # just past local midnight
    report = journal.reminders.due()
    assert [f.what for f in report.overdue_follow_ups] == ["Send CV"]
    assert report.follow_ups_due_today == ()
    assert report.due_now == 1


def test_done_follow_ups_and_archived_people_are_not_due(journal: Journal, clock: FakeClock) -> None:
    a = journal.contacts.create("Done Deal", kind="other")
    b = journal.contacts.create("Gone Away", kind="other")
    item = journal.follow_ups.create(a, "x", due_on=clock().date() - timedelta(days=3))
    journal.follow_ups.create(b, "y", due_on=clock().date() - timedelta(days=3))
    journal.contacts.set_archived(b, True)
    journal.follow_ups.set_done(item)
    assert journal.reminders.due().overdue_follow_ups == ()


def test_keep_in_touch_longest_overdue_first(journal: Journal, clock: FakeClock) -> None:
    now = clock()
    long_ago = journal.contacts.create("Long Ago", kind="other", keep_in_touch_days=30)
    a_bit = journal.contacts.create("A Bit", kind="other", keep_in_touch_days=30)
    fresh = journal.contacts.create("Fresh", kind="other", keep_in_touch_days=30)
    soon = journal.contacts.create("Soon", kind="other", keep_in_touch_days=30)
    journal.contacts.create("No Cadence", kind="other")
    journal.conversations.log([long_ago], "x", occurred_at=now - timedelta(days=200))
    journal.conversations.log([a_bit], "x", occurred_at=now - timedelta(days=31))
    journal.conversations.log([fresh], "x", occurred_at=now - timedelta(days=1))
    journal.conversations.log([soon], "x", occurred_at=now - timedelta(days=27))
    report = journal.reminders.due()
    assert names(report.overdue_contacts) == ["Long Ago", "A Bit"]
    assert report.overdue_contacts[0].overdue_days == 170
    assert names(report.upcoming_contacts) == ["Soon"]
    assert report.upcoming_contacts[0].overdue_days == -3
    # Logging a conversation clears the reminder.
    journal.conversations.log([long_ago], "caught up")
    assert names(journal.reminders.due().overdue_contacts) == ["A Bit"]


def test_kind_default_cadence_and_own_cadence_wins(journal: Journal, clock: FakeClock) -> None:
    client = journal.contacts.create("Kind Default", kind="client")
    own = journal.contacts.create("Own Cadence", kind="client", keep_in_touch_days=200)
    for uuid in (client, own):
        journal.conversations.log([uuid], "x", occurred_at=clock() - timedelta(days=50))
    assert names(journal.reminders.due().overdue_contacts) == ["Kind Default"]  # clients: 45 days
    journal.reminders.set_kind_cadence("client", 90)
    assert journal.reminders.kind_cadences()["client"] == 90
    assert journal.reminders.due().overdue_contacts == ()
    assert journal.contacts.summary(client).cadence_days == 90
    journal.reminders.set_kind_cadence("client", None)
    assert journal.contacts.summary(client).overdue_days is None
    with pytest.raises(ValidationError):
        journal.reminders.set_kind_cadence("enemy", 10)


def test_people_without_a_rhythm_are_counted_never_due(journal: Journal, clock: FakeClock) -> None:
    imported = [journal.contacts.create(f"Imported {n}") for n in range(3)]  # kind "other"
    journal.contacts.create("Own Rhythm", keep_in_touch_days=30)
    journal.contacts.create("A Client", kind="client")
    archived = journal.contacts.create("Archived Other")
    journal.contacts.set_archived(archived, True)
    clock.advance(days=400)
    report = journal.reminders.due()
    assert sorted(names(report.overdue_contacts)) == ["A Client", "Own Rhythm"]
    assert report.without_rhythm == 3  # not the archived one, nor anyone with a rhythm
    journal.reminders.set_kind_cadence("other", 365)  # a default for "Other" brings them in
    report = journal.reminders.due()
    assert report.without_rhythm == 0
    assert {c.contact.uuid for c in report.overdue_contacts} >= set(imported)


def test_never_contacted_is_due_one_cadence_after_joining(journal: Journal, clock: FakeClock) -> None:
    journal.contacts.create("New Face", kind="other", keep_in_touch_days=10)
    assert journal.reminders.due().overdue_contacts == ()
    clock.advance(days=10)
    assert names(journal.reminders.due().overdue_contacts) == ["New Face"]


def test_snooze_contact(journal: Journal, clock: FakeClock) -> None:
    uuid = journal.contacts.create("Snoozy", kind="other", keep_in_touch_days=30)
    journal.conversations.log([uuid], "x", occurred_at=clock() - timedelta(days=60))
    assert names(journal.reminders.due().overdue_contacts) == ["Snoozy"]
    journal.reminders.snooze_contact(uuid, 14)
    report = journal.reminders.due(upcoming_days=7)
    assert report.overdue_contacts == ()
    assert report.upcoming_contacts == ()
    assert journal.contacts.summary(uuid).overdue_days == -14
    clock.advance(days=14)
    assert names(journal.reminders.due().overdue_contacts) == ["Snoozy"]


def test_summary_and_json(journal: Journal, clock: FakeClock) -> None:
    uuid = journal.contacts.create("Secret Name", kind="other", keep_in_touch_days=5)
    journal.conversations.log([uuid], "x", occurred_at=clock() - timedelta(days=9))
    journal.follow_ups.create(uuid, "Send notes", due_on=clock().date())
    report = journal.reminders.due()
    assert report.summary() == "1 follow-up due; 1 person to get back in touch with"
    assert "Secret Name" not in report.summary()
    data = json.loads(report.to_json())
    assert data["overdue_contacts"][0]["contact"] == "Secret Name"
    assert data["overdue_contacts"][0]["overdue_days"] == 4
    assert data["follow_ups_due_today"][0]["what"] == "Send notes"


def test_utc_evening_is_local_date(journal: Journal, clock: FakeClock) -> None:
    """A conversation late in the evening counts on the user's local date, not UTC's."""
    uuid = journal.contacts.create("Evening Call", kind="other", keep_in_touch_days=1)
    when = datetime(2026, 3, 9, 23, 30).astimezone()
    journal.conversations.log([uuid], "x", occurred_at=when)
    clock.value = datetime(2026, 3, 10, 12, 0).astimezone()
    report = journal.reminders.due()
    assert names(report.overdue_contacts) == ["Evening Call"]
    assert report.overdue_contacts[0].due_on == date(2026, 3, 10)
    assert when.astimezone(UTC).tzinfo is UTC


def test_follow_ups_without_a_date_are_listed_but_never_due(journal: Journal, clock: FakeClock) -> None:
    kept = journal.contacts.create("Kept Promise", kind="other")
    hidden = journal.contacts.create("Archived Person", kind="other")
    first = journal.follow_ups.create(kept, "Introduce to the CFO")
    journal.follow_ups.create(kept, "Send the article")
    done = journal.follow_ups.create(kept, "Already sent")
    journal.follow_ups.set_done(done, True)
    journal.follow_ups.create(hidden, "Never mind")
    journal.contacts.set_archived(hidden, True)
    report = journal.reminders.due()
    assert [f.what for f in report.undated_follow_ups] == ["Introduce to the CFO", "Send the article"]
    assert report.due_now == 0 and report.summary() == "Nothing due today."
    data = json.loads(report.to_json())
    assert [f["what"] for f in data["undated_follow_ups"]] == ["Introduce to the CFO", "Send the article"]
    assert data["undated_follow_ups"][0]["due_on"] is None
    journal.follow_ups.snooze(first, 7)  # giving it a date moves it among the dated ones
    report = journal.reminders.due()
    assert [f.what for f in report.undated_follow_ups] == ["Send the article"]
    assert [f.what for f in report.upcoming_follow_ups] == ["Introduce to the CFO"]
