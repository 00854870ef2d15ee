"""Intermediaries: what I sent whom, the intermediaries view, availability-refresh reminders,
and the schema step that added sent items."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from netjournal.errors import NotFoundError, ValidationError
from netjournal.security.keystore import KeyStore
from netjournal.services import changes
from netjournal.services.changes import Change
from netjournal.services.journal import Journal, create_journal, open_with_secret
from netjournal.storage import migrations
from tests.conftest import PASSPHRASE, FakeClock
from tests.unit.test_cli import run


def today(clock: FakeClock) -> date:
    return clock().astimezone().date()


@pytest.fixture
def agencies(journal: Journal) -> dict[str, str]:
    """Two people at an interim provider, one at a recruiter, one independent intermediary,
    one client, and one archived intermediary."""
    journal.organisations.create("Boyden Interim", kind="intermediary")
    journal.organisations.create("Calibre Search", kind="recruiter")
    journal.organisations.create("Stratos Executive Search", kind="recruiter")  # nobody there yet
    people = {
        "ines": journal.contacts.create("Ines Interim", organisation="Boyden Interim", role="Partner"),
        "bram": journal.contacts.create("Bram Boyden", organisation="Boyden Interim"),
        "rita": journal.contacts.create("Rita Recruiter", organisation="Calibre Search"),
        "solo": journal.contacts.create("Solo Broker", kind="intermediary"),
        "dan": journal.contacts.create("Dan Client", organisation="Helios Energy", kind="client"),
        "gone": journal.contacts.create("Gone Broker", organisation="Boyden Interim"),
    }
    journal.contacts.set_archived(people["gone"], True)
    return people


def test_record_and_list_sent_items(journal: Journal, agencies: dict[str, str], clock: FakeClock) -> None:
    seen: list[Change] = []
    journal.changes.subscribe(seen.append)
    ines = agencies["ines"]
    journal.intermediaries.record_sent(ines, "cv", sent_on=date(2025, 1, 5), detail="Two pages")
    latest = journal.intermediaries.record_sent(ines, "Availability")  # today, case-insensitive kind
    assert seen[-1].touches(changes.SENT_ITEMS)
    items = journal.intermediaries.sent_to(ines)
    assert [(i.what, i.sent_on, i.detail) for i in items] == [
        ("availability", today(clock), ""),
        ("cv", date(2025, 1, 5), "Two pages"),
    ]
    assert items[0].uuid == latest and items[0].contact.name == "Ines Interim"
    with pytest.raises(ValidationError):
        journal.intermediaries.record_sent(ines, "photo")
    with pytest.raises(NotFoundError):
        journal.intermediaries.record_sent("no-such-uuid", "cv")
    journal.intermediaries.delete_sent(latest)
    # The card of the person it was sent to hears of it, as when it was recorded.
    assert seen[-1].touches(changes.SENT_ITEMS, changes.CONTACTS) and ines in seen[-1].uuids
    assert [i.what for i in journal.intermediaries.sent_to(ines)] == ["cv"]
    with pytest.raises(NotFoundError):
        journal.intermediaries.delete_sent(latest)
    assert journal.stats()["sent_items"] == 1


def test_update_sent_corrects_what_when_and_detail(
    journal: Journal, agencies: dict[str, str], clock: FakeClock
) -> None:
    ines, bram = agencies["ines"], agencies["bram"]
    cv = journal.intermediaries.record_sent(ines, "cv", sent_on=date(2025, 1, 5), detail="Two pagse")
    other = journal.intermediaries.record_sent(bram, "cv", sent_on=date(2025, 1, 5), detail="Bram's")
    seen: list[Change] = []
    journal.changes.subscribe(seen.append)
    journal.intermediaries.update_sent(
        cv, what="Availability", sent_on=date(2025, 2, 6), detail=" Two pages "
    )
    [item] = journal.intermediaries.sent_to(ines)
    assert (item.uuid, item.what, item.sent_on, item.detail) == (
        cv,
        "availability",
        date(2025, 2, 6),
        "Two pages",
    )
    # Changed, not added; the other person's record untouched.
    assert [(i.uuid, i.detail) for i in journal.intermediaries.sent_to(bram)] == [(other, "Bram's")]
    assert journal.stats()["sent_items"] == 2
    # As when recording or deleting it: the item and the card of the person it was sent to.
    [change] = seen
    assert change.touches(changes.SENT_ITEMS, changes.CONTACTS) and {cv, ines} <= set(change.uuids)
    # The "last sent" dates follow the correction.
    [person] = [p for g in journal.intermediaries.overview() for p in g.people if p.contact.uuid == ines]
    assert (person.last_cv_on, person.last_availability_on) == (None, date(2025, 2, 6))


def test_update_sent_refuses_a_bad_kind_or_date_and_writes_nothing(
    journal: Journal, agencies: dict[str, str], clock: FakeClock
) -> None:
    ines = agencies["ines"]
    cv = journal.intermediaries.record_sent(ines, "cv", sent_on=date(2025, 1, 5), detail="Two pages")
    seen: list[Change] = []
    journal.changes.subscribe(seen.append)
    tomorrow = today(clock) + timedelta(days=1)
    bad: list[tuple[str, object]] = [
        ("photo", date(2025, 1, 6)),  # not a kind of thing sent
        ("cv", tomorrow),  # not sent yet
        ("cv", None),  # an edit keeps a day
        ("cv", "2025-01-06"),  # text, not a date
        ("cv", datetime(2025, 1, 6, 9, 30)),  # a moment, not a day
    ]
    for what, day in bad:
        with pytest.raises(ValidationError):
            journal.intermediaries.update_sent(cv, what=what, sent_on=day, detail="Changed")  # type: ignore[arg-type]
    [item] = journal.intermediaries.sent_to(ines)
    assert (item.what, item.sent_on, item.detail) == ("cv", date(2025, 1, 5), "Two pages")
    assert seen == []
    # Recording checks the same way (one set of rules for both).
    with pytest.raises(ValidationError):
        journal.intermediaries.record_sent(ines, "cv", sent_on=tomorrow)
    assert len(journal.intermediaries.sent_to(ines)) == 1


def test_update_sent_of_a_missing_record(journal: Journal, agencies: dict[str, str]) -> None:
    gone = journal.intermediaries.record_sent(agencies["ines"], "cv", sent_on=date(2025, 1, 5))
    journal.intermediaries.delete_sent(gone)
    for uuid in (gone, "no-such-uuid"):
        with pytest.raises(NotFoundError):
            journal.intermediaries.update_sent(uuid, what="cv", sent_on=date(2025, 1, 5), detail="")
    assert journal.intermediaries.sent_to(agencies["ines"]) == []


def test_overview_groups_people_by_intermediary(journal: Journal, agencies: dict[str, str]) -> None:
    ines, bram = agencies["ines"], agencies["bram"]
    journal.intermediaries.record_sent(ines, "cv", sent_on=date(2024, 3, 1))
    journal.intermediaries.record_sent(ines, "cv", sent_on=date(2025, 6, 1))
    journal.intermediaries.record_sent(ines, "day_rate", sent_on=date(2025, 6, 2), detail="€1,250")
    for n in range(7):
        journal.intermediaries.record_sent(bram, "other", sent_on=date(2025, 1, 1) + timedelta(days=n))
    journal.conversations.log([ines], "Coffee")
    journal.opportunities.create(
        "Interim CFO", source="intermediary", status="won", intermediary="Boyden Interim"
    )

    groups = journal.intermediaries.overview()
    assert [(g.organisation, g.kind) for g in groups] == [
        ("Boyden Interim", "intermediary"),
        ("Calibre Search", "recruiter"),
        ("Stratos Executive Search", "recruiter"),
        ("", ""),  # intermediaries without an organisation come last
    ]
    boyden = groups[0]
    assert [p.contact.name for p in boyden.people] == ["Bram Boyden", "Ines Interim"]  # not the archived one
    assert (boyden.opportunities, boyden.won) == (1, 1)
    ines_row = boyden.people[1]
    assert (ines_row.role, ines_row.last_cv_on, ines_row.last_day_rate_on) == (
        "Partner",
        date(2025, 6, 1),
        date(2025, 6, 2),
    )
    assert ines_row.last_availability_on is None and ines_row.last_contact_at is not None
    assert [s.what for s in ines_row.recent_sent] == ["day_rate", "cv", "cv"]
    assert [s.sent_on.day for s in boyden.people[0].recent_sent] == [7, 6, 5, 4, 3]  # the last five
    assert groups[2].people == ()
    assert [p.contact.name for p in groups[3].people] == ["Solo Broker"]


def won_assignment(journal: Journal, start: date | None, end: date | None, title: str = "Interim CFO") -> str:
    return journal.opportunities.create(
        title, status="won", client="Helios Energy", started_on=start, ended_on=end
    )


def test_availability_refresh_around_the_end_of_an_assignment(
    journal: Journal, agencies: dict[str, str], clock: FakeClock
) -> None:
    now = today(clock)
    end = now + timedelta(days=60)
    won_assignment(journal, now - timedelta(days=100), end)
    journal.opportunities.create("Lost one", status="lost", ended_on=now + timedelta(days=300))
    # Ines heard about my availability long ago, Rita recently, the others never.
    journal.intermediaries.record_sent(agencies["ines"], "availability", sent_on=now - timedelta(days=200))
    journal.intermediaries.record_sent(agencies["rita"], "availability", sent_on=now - timedelta(days=5))
    journal.intermediaries.record_sent(agencies["bram"], "cv", sent_on=now)  # a CV is not availability

    plan = journal.intermediaries.availability_refresh(weeks_before=6)
    assert plan is not None
    assert (plan.ends_on, plan.available_from, plan.due_from) == (
        end,
        end + timedelta(days=1),
        end - timedelta(weeks=6),
    )
    assert not plan.is_due  # 60 days before the end: the window opens 42 days before
    assert journal.intermediaries.availability_reminders(weeks_before=6) == []

    clock.advance(days=20)  # 40 days before the end: inside the window
    due = journal.intermediaries.availability_reminders(weeks_before=6)
    # Never told first, then longest ago; Rita's news from 25 days ago predates the window.
    assert [p.contact.name for p in due] == ["Solo Broker", "Bram Boyden", "Ines Interim", "Rita Recruiter"]
    assert due[2].last_availability_on == now - timedelta(days=200)
    assert (due[0].organisation, due[1].organisation) == ("", "Boyden Interim")

    journal.intermediaries.record_sent(agencies["bram"], "availability")
    names = [p.contact.name for p in journal.intermediaries.availability_reminders(weeks_before=6)]
    assert "Bram Boyden" not in names and len(names) == 3
    plan = journal.intermediaries.availability_refresh(weeks_before=6)
    assert plan is not None and plan.summary().startswith("Tell 3 intermediaries you are available from")

    clock.advance(days=41)  # the assignment is over: nothing to announce any more
    assert journal.intermediaries.availability_refresh() is None


def test_current_assignments(journal: Journal, clock: FakeClock) -> None:
    now = today(clock)
    won_assignment(journal, now - timedelta(days=400), now - timedelta(days=1), "Ended yesterday")
    won_assignment(journal, now + timedelta(days=10), now + timedelta(days=90), "Starts soon")
    won_assignment(journal, now - timedelta(days=30), now, "Ends today")
    journal.opportunities.create("Lead", status="lead", started_on=now, ended_on=now + timedelta(days=90))
    assert [a.title for a in journal.intermediaries.current_assignments()] == ["Ends today", "Starts soon"]
    plan = journal.intermediaries.availability_refresh()
    assert plan is not None and plan.assignment.title == "Starts soon"  # free when the last one ends
    # An open-ended assignment gives no date to announce.
    won_assignment(journal, now - timedelta(days=5), None, "Open-ended")
    assert "Open-ended" in [a.title for a in journal.intermediaries.current_assignments()]
    assert journal.intermediaries.availability_refresh() is None


def test_sent_items_follow_merges_and_deletes(journal: Journal, agencies: dict[str, str]) -> None:
    duplicate = journal.contacts.create("Ines I.", organisation="Boyden Interim")
    journal.intermediaries.record_sent(duplicate, "cv")
    journal.contacts.merge(agencies["ines"], duplicate)
    assert [i.what for i in journal.intermediaries.sent_to(agencies["ines"])] == ["cv"]
    journal.contacts.delete(agencies["ines"])
    assert journal.stats()["sent_items"] == 0


def test_upgrade_from_schema_2_adds_sent_items(
    data_dir: Path, keystore: KeyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal written before sent items existed opens, upgrades, keeps everything."""
    with monkeypatch.context() as patched:
        patched.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
        patched.setattr(migrations, "SCHEMA_VERSION", 2)
        old = create_journal(data_dir, PASSPHRASE, keystore)
        assert not old.db.table_exists("sent_item")
        uuid = old.contacts.create("Old Broker", organisation="Boyden Interim", kind="intermediary")
        old.conversations.log([uuid], "talked about the regatta", channel="event", place="Regatta")
        old.close()
    journal = open_with_secret(data_dir, PASSPHRASE)
    try:
        assert migrations.current_version(journal.db) == migrations.SCHEMA_VERSION == 3
        assert journal.contacts.get(uuid).organisation == "Boyden Interim"
        assert "conversation" in {h.kind for h in journal.search.search("regatta")}
        assert [c.summary for c in journal.conversations.timeline(uuid)] == ["talked about the regatta"]
        journal.intermediaries.record_sent(uuid, "cv")
        assert [i.what for i in journal.intermediaries.sent_to(uuid)] == ["cv"]
        indexes = {
            r[0] for r in journal.db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        assert {"sent_item_contact_what_sent_on", "conversation_channel_place"} <= indexes
        assert journal.work.events()[0].event == "Regatta"
        assert journal.check().ok
    finally:
        journal.close()


def test_due_command_lists_intermediaries_to_tell(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    journal = create_journal(folder, PASSPHRASE)  # the CLI below runs on the real clock
    try:
        now = datetime.now().date()
        journal.organisations.create("Boyden Interim", kind="intermediary")
        journal.contacts.create("Ines Interim", organisation="Boyden Interim")
        told = journal.contacts.create("Told Tom", organisation="Boyden Interim")
        journal.intermediaries.record_sent(told, "availability", sent_on=now)
        won_assignment(journal, now - timedelta(days=90), now + timedelta(days=20))
    finally:
        journal.close()
    result = run(folder, "due")
    assert result.returncode == 0, result.stderr
    assert "Tell 1 intermediary you are available from" in result.stdout
    assert "Ines Interim (Boyden Interim) — never sent your availability" in result.stdout
    assert "Told Tom" not in result.stdout
