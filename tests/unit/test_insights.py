"""Where work comes from, and the insights dashboard series (with an injected clock)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from netjournal.services.insights import local_offsets, monday, streaks
from netjournal.services.journal import Journal
from tests.conftest import FakeClock


def won_and_lost(journal: Journal) -> dict[str, str]:
    """Six opportunities: 3 through intermediaries (2 won), network (won), referral (lost), direct."""
    journal.organisations.create("Boyden Interim", kind="intermediary")
    people = {
        name.split()[0].lower(): journal.contacts.create(name, organisation=org)
        for name, org in (
            ("Ines Interim", "Boyden Interim"),
            ("Carla Connector", ""),
            ("Dan Client", "Helios Energy"),
            ("Olga Owner", "Atlas Chemicals"),
        )
    }
    create = journal.opportunities.create
    create(
        "Interim CFO",
        source="intermediary",
        status="won",
        intermediary="Boyden Interim",
        people=[("intermediary", people["ines"]), ("client", people["dan"])],
    )
    create("Interim COO", source="intermediary", status="won", intermediary="Boyden Interim")
    create("PMI lead", source="intermediary", status="lost", intermediary="Calibre Search")
    create("Carve-out", source="network", status="won", people=[("client", people["olga"])])
    create("Board advisor", source="referral", status="lost", people=[("introducer", people["carla"])])
    create("Working capital", source="direct", status="lead")
    return people


# -- where work comes from -------------------------------------------------------------------
def test_share_of_work_by_source(journal: Journal) -> None:
    won_and_lost(journal)
    shares = {s.source: s for s in journal.work.sources()}
    assert list(shares) == ["intermediary", "network", "referral", "direct"]
    assert (shares["intermediary"].won, shares["intermediary"].total) == (2, 3)
    assert shares["intermediary"].won_share == pytest.approx(2 / 3)
    assert shares["intermediary"].total_share == pytest.approx(3 / 6)
    assert shares["network"].won_share == pytest.approx(1 / 3)
    assert (shares["referral"].won, shares["referral"].won_share) == (0, 0.0)
    assert shares["direct"].total_share == pytest.approx(1 / 6)
    report = journal.work.report()
    assert (report.total, report.won) == (6, 3)
    assert report.headline == "Most of your won work (2 of 3, 67%) came through intermediaries."


def test_no_work_yet(journal: Journal) -> None:
    report = journal.work.report()
    assert report.won == 0 and all(s.won_share == 0.0 for s in report.sources)
    assert report.headline.startswith("No won work recorded yet")


def test_people_who_brought_work_directly_or_through_introductions(journal: Journal) -> None:
    people = won_and_lost(journal)
    # Carla introduced me to Dan (a recorded introduction) and to Olga ("introduced by").
    journal.introductions.record(direction="received", introducer=people["carla"], introduced=people["dan"])
    journal.contacts.update(people["olga"], introduced_by=people["carla"])

    credits = {c.contact.name: c for c in journal.work.people()}
    carla = credits["Carla Connector"]
    assert (carla.opportunities, carla.won, carla.direct, carla.through_introductions) == (3, 2, 1, 2)
    assert carla.roles == ("introducer",)
    assert (credits["Dan Client"].won, credits["Dan Client"].through_introductions) == (1, 0)
    assert credits["Ines Interim"].organisation == "Boyden Interim"
    assert next(iter(credits)) == "Carla Connector"  # most won work first
    assert len(journal.work.people(limit=2)) == 2


def test_intermediaries_by_work_brought(journal: Journal) -> None:
    won_and_lost(journal)
    journal.organisations.create("Northgate Talent", kind="recruiter")
    rows = [(r.name, r.kind, r.opportunities, r.won) for r in journal.work.intermediaries()]
    assert rows == [
        ("Boyden Interim", "intermediary", 2, 2),
        ("Calibre Search", "intermediary", 1, 0),
        ("Northgate Talent", "recruiter", 0, 0),
    ]


def test_events_that_led_to_work_and_those_that_did_not(journal: Journal, clock: FakeClock) -> None:
    summit = [journal.contacts.create(f"Summit {n}", how_we_met="CFO Forum Berlin") for n in range(4)]
    dinner = journal.contacts.create("Diner One", how_we_met="Alumni  dinner")  # spacing differs
    # No "how we met": the first conversation, at an event, says where it began...
    met_at_event = journal.contacts.create("Evelyn Event")
    first = clock() - timedelta(days=300)
    journal.conversations.log(
        [met_at_event], "Hello", occurred_at=first, channel="event", place="alumni dinner"
    )
    journal.conversations.log([met_at_event], "Coffee", occurred_at=first + timedelta(days=30))
    # ...but not when an earlier, ordinary conversation came first.
    known_before = journal.contacts.create("Kim Known")
    journal.conversations.log([known_before], "Call", occurred_at=first - timedelta(days=5))
    journal.conversations.log(
        [known_before], "Saw Kim", occurred_at=first, channel="event", place="Tech Meetup"
    )

    journal.opportunities.create("Interim CFO", status="won", people=[("client", dinner)])
    journal.opportunities.create("Lead", status="lead", event="Tech Meetup")
    journal.opportunities.create("Lost one", status="lost", people=[("client", summit[0])])

    clock.advance(days=400)  # long enough ago to judge whether the events were worth it
    outcomes = {e.event.casefold(): e for e in journal.work.events()}
    alumni = outcomes["alumni dinner"]
    assert (alumni.new_contacts, alumni.conversations, alumni.opportunities, alumni.won) == (2, 1, 1, 1)
    assert not alumni.waste_of_time
    forum = outcomes["cfo forum berlin"]
    assert (forum.new_contacts, forum.opportunities, forum.won, forum.waste_of_time) == (4, 1, 0, True)
    meetup = outcomes["tech meetup"]
    assert (meetup.new_contacts, meetup.conversations, meetup.opportunities) == (0, 1, 1)
    assert not meetup.waste_of_time  # too few new contacts to judge
    ordered = [e.event.casefold() for e in journal.work.events()]
    assert ordered[0] == "alumni dinner" and ordered[-1] == "cfo forum berlin"


# -- the dashboard ---------------------------------------------------------------------------
def log_at(journal: Journal, who: str, day: date, count: int = 1) -> None:
    for n in range(count):
        # Naive times are local times: midday keeps them on that local date anywhere.
        journal.conversations.log(
            [who], f"talk {n}", occurred_at=datetime.combine(day, datetime.min.time()) + timedelta(hours=12)
        )


def test_conversations_per_week_are_zero_filled(journal: Journal, clock: FakeClock) -> None:
    who = journal.contacts.create("Weekly Wanda")
    today = clock().astimezone().date()
    this_monday = monday(today)
    log_at(journal, who, today, 2)
    log_at(journal, who, this_monday - timedelta(weeks=3), 1)
    log_at(journal, who, this_monday - timedelta(weeks=51), 4)  # the oldest week shown
    log_at(journal, who, this_monday - timedelta(weeks=52), 7)  # just before it

    weeks = journal.insights.conversations_per_week()
    assert len(weeks) == 52
    assert weeks[-1].week_start == this_monday and weeks[0].week_start == this_monday - timedelta(weeks=51)
    assert all(w.week_start.weekday() == 0 for w in weeks)
    assert [w.week_start - weeks[0].week_start for w in weeks] == [timedelta(weeks=i) for i in range(52)]
    counts = {w.week_start: w.conversations for w in weeks}
    assert counts[this_monday] == 2
    assert counts[this_monday - timedelta(weeks=3)] == 1
    assert weeks[0].conversations == 4
    assert sum(counts.values()) == 7  # zeros elsewhere; the older week is left out
    assert (weeks[-1].iso_year, weeks[-1].iso_week) == this_monday.isocalendar()[:2]


def test_streak_runs_across_a_year_boundary(journal: Journal, clock: FakeClock) -> None:
    clock.value = datetime(2026, 1, 7, 12, tzinfo=UTC)  # a Wednesday in ISO week 2 of 2026
    who = journal.contacts.create("Steady Stella")
    for week in (date(2025, 12, 15), date(2025, 12, 22), date(2025, 12, 29)):  # ISO 2025-W51..2026-W01
        log_at(journal, who, week + timedelta(days=1), 2)
    log_at(journal, who, date(2026, 1, 6), 1)  # this week, not at two yet
    for n in range(5):  # an older, longer run in the autumn
        log_at(journal, who, date(2025, 9, 1) + timedelta(weeks=n), 3)

    streak = journal.insights.streak()
    assert (streak.current, streak.longest, streak.longest_from, streak.this_week) == (
        3,
        5,
        date(2025, 9, 1),
        1,
    )
    log_at(journal, who, date(2026, 1, 7), 1)  # this week reaches the minimum: it counts now
    assert journal.insights.streak().current == 4
    assert journal.insights.streak(minimum=3).current == 0
    assert journal.insights.streak(minimum=1).longest == 5
    clock.advance(weeks=2)  # two empty weeks later the run is over
    assert journal.insights.streak().current == 0


def test_streaks_count_weeks_not_week_numbers() -> None:
    # 2026 has 53 ISO weeks: W52, W53, then 2027-W01 are consecutive weeks.
    weeks = {date(2026, 12, 21): 2, date(2026, 12, 28): 2, date(2027, 1, 4): 2}
    assert date(2026, 12, 28).isocalendar()[:2] == (2026, 53)
    assert streaks(weeks, date(2027, 1, 4), 2).current == 3
    assert streaks(weeks, date(2027, 1, 11), 2).current == 3  # this week still under way
    assert streaks(weeks, date(2027, 1, 18), 2).current == 0


def test_reach_counts_recent_people_and_who_is_overdue(journal: Journal, clock: FakeClock) -> None:
    now = clock()
    for name, days_ago in (("Recent Rita", 10), ("Middle Max", 60), ("Old Otto", 200)):
        uuid = journal.contacts.create(name)
        journal.conversations.log([uuid], "hi", occurred_at=now - timedelta(days=days_ago))
    overdue = journal.contacts.create("Overdue Olga", keep_in_touch_days=7)
    journal.conversations.log([overdue], "hi", occurred_at=now - timedelta(days=20))
    archived = journal.contacts.create("Archived Arno")
    journal.conversations.log([archived], "hi", occurred_at=now - timedelta(days=1))
    journal.contacts.set_archived(archived, True)

    reach = journal.insights.reach()
    assert (reach.contacted_30_days, reach.contacted_90_days) == (2, 3)
    assert reach.overdue_people == len(journal.reminders.due().overdue_contacts) == 1


def test_new_relationships_per_month(journal: Journal, clock: FakeClock) -> None:
    today = clock().astimezone().date()  # March 2026
    journal.contacts.create("Met In January", met_on=date(2026, 1, 20))
    journal.contacts.create("Also January", met_on=date(2026, 1, 3))
    journal.contacts.create("Met Last April", met_on=date(2025, 4, 30))
    journal.contacts.create("Too Old", met_on=date(2025, 3, 31))
    journal.contacts.create("Added Today")  # no date met: the day it was added counts

    months = journal.insights.new_relationships()
    assert [m.month for m in months][:2] == [date(2025, 4, 1), date(2025, 5, 1)]
    assert months[-1].month == today.replace(day=1) and len(months) == 12
    counts = {m.month: m.count for m in months}
    assert counts[date(2026, 1, 1)] == 2
    assert counts[date(2025, 4, 1)] == 1
    assert counts[today.replace(day=1)] == 1
    assert sum(counts.values()) == 4


def test_dashboard_has_every_series(journal: Journal, clock: FakeClock) -> None:
    won_and_lost(journal)
    who = journal.contacts.create("Busy Bea")
    log_at(journal, who, clock().astimezone().date(), 3)
    dashboard = journal.insights.dashboard(weeks=10, months=6, streak_minimum=3)
    assert dashboard.today == clock().astimezone().date()
    assert len(dashboard.weekly_conversations) == 10 and dashboard.weekly_conversations[-1].conversations == 3
    assert dashboard.streak.minimum == 3 and dashboard.streak.current == 1
    assert len(dashboard.new_relationships) == 6 and dashboard.new_relationships[-1].count == 5
    assert [s.won for s in dashboard.sources] == [2, 1, 0, 0]


@pytest.fixture
def amsterdam(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset (POSIX)")
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("amsterdam")
def test_days_are_local_days_across_daylight_saving(journal: Journal, clock: FakeClock) -> None:
    periods = local_offsets(datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 12, 31, tzinfo=UTC))
    assert [(p.isoformat(), o) for p, o in periods] == [
        ("2025-01-01T00:00:00+00:00", 60),
        ("2025-03-30T01:00:00+00:00", 120),
        ("2025-10-26T01:00:00+00:00", 60),
    ]
    clock.value = datetime(2025, 11, 5, 12, tzinfo=UTC)
    who = journal.contacts.create("Late Night Lotte")
    # Sunday 23:30 UTC is already Monday in Amsterdam (summer and winter alike).
    journal.conversations.log([who], "summer", occurred_at=datetime(2025, 7, 6, 23, 30, tzinfo=UTC))
    journal.conversations.log([who], "winter", occurred_at=datetime(2025, 11, 2, 23, 30, tzinfo=UTC))
    counts = {
        w.week_start: w.conversations for w in journal.insights.conversations_per_week() if w.conversations
    }
    assert counts == {date(2025, 7, 7): 1, date(2025, 11, 3): 1}


def test_demo_journal_shows_something_in_every_view(journal: Journal) -> None:
    from netjournal.services.demo import generate_demo

    counts = generate_demo(journal, contacts=80, conversations=500)
    assert counts["sent_items"] > 0
    kinds = {(i.direction, i.kind) for i in journal.introductions.all()}
    assert {("received", "introduction"), ("received", "referral"), ("given", "help")} <= kinds
    takers = journal.give_take.balances(takers_only=True)
    assert takers and takers[0].received >= 3  # the connector with the longest history
    report = journal.work.report()
    assert report.won > 0 and all(s.total for s in report.sources[:3])
    assert any(p.direct and p.won for p in report.people)
    assert any(e.won for e in report.events) and any(e.waste_of_time for e in report.events)
    plan = journal.intermediaries.availability_refresh()
    assert plan is not None and plan.is_due and plan.people
    assert (plan.ends_on - journal.insights.today()).days < 42
    assert journal.intermediaries.availability_reminders() == list(plan.people)
    assert any(g.people and any(p.recent_sent for p in g.people) for g in journal.intermediaries.overview())
    dashboard = journal.insights.dashboard()
    assert sum(w.conversations for w in dashboard.weekly_conversations) > 0
    assert dashboard.reach.contacted_90_days > 0
