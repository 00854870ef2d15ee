"""Give & take: what I received from and gave to each contact, per year, with a verdict."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.services.give_take import Exchange, give_take_verdict
from netjournal.services.journal import Journal
from tests.conftest import FakeClock


@pytest.fixture
def people(journal: Journal) -> dict[str, str]:
    return {
        name.split()[0].lower(): journal.contacts.create(name)
        for name in ("Carla Connector", "Dan Client", "Eve Peer", "Fred Founder")
    }


def test_counts_by_kind_and_year_with_balance(journal: Journal, people: dict[str, str]) -> None:
    carla, dan, eve, fred = people["carla"], people["dan"], people["eve"], people["fred"]
    record = journal.introductions.record
    record(direction="received", introducer=carla, introduced=dan, occurred_on=date(2024, 5, 1))
    record(
        direction="received",
        introducer=carla,
        introduced=None,
        introduced_to=eve,
        kind="referral",
        occurred_on=date(2025, 2, 1),
    )
    record(direction="received", introducer=carla, introduced=fred, kind="help", occurred_on=date(2025, 9, 9))
    record(direction="given", introduced=carla, introduced_to=fred, occurred_on=date(2025, 6, 1))
    # Someone else's introduction of Carla is not give & take with Carla.
    record(direction="received", introducer=dan, introduced=carla, occurred_on=date(2025, 7, 1))

    result = journal.give_take.for_contact(carla)

    assert result.received == Exchange(introductions=1, referrals=1, help=1)
    assert result.given == Exchange(introductions=1)
    assert result.balance == -2
    assert [(y.year, y.given.total, y.received.total) for y in result.years] == [(2024, 0, 1), (2025, 1, 2)]
    assert result.years[1].received == Exchange(referrals=1, help=1)
    assert result.last_received_on == date(2025, 9, 9)
    assert result.last_given_on == date(2025, 6, 1)
    assert result.verdict == (
        "You have received 1 introduction, 1 referral and 1 favour from Carla and given "
        "1 introduction — you are taking more than giving; think about how you can help Carla."
    )


def test_taking_without_giving_says_so(journal: Journal, people: dict[str, str]) -> None:
    for other in ("dan", "eve", "fred"):
        journal.introductions.record(
            direction="received", introducer=people["carla"], introduced=people[other]
        )
    result = journal.give_take.for_contact(people["carla"])
    assert result.verdict == (
        "You have received 3 introductions from Carla and given none — think about how you can help Carla."
    )


def test_an_introduction_i_make_counts_for_both_sides(journal: Journal, people: dict[str, str]) -> None:
    journal.introductions.record(direction="given", introduced=people["dan"], introduced_to=people["eve"])
    for name in ("dan", "eve"):
        result = journal.give_take.for_contact(people[name])
        assert result.given.total == 1 and result.received.total == 0
        assert result.balance == 1
        assert "generous" in result.verdict
    assert journal.give_take.for_contact(people["carla"]).verdict.startswith("No introductions")


def test_undated_introductions_count_in_the_year_they_were_recorded(
    journal: Journal, people: dict[str, str], clock: FakeClock
) -> None:
    journal.introductions.record(direction="received", introducer=people["carla"], introduced=people["dan"])
    result = journal.give_take.for_contact(people["carla"])
    assert [y.year for y in result.years] == [clock().year]
    assert result.last_received_on == clock().date()


def test_introduced_by_and_people_they_introduced_me_to(journal: Journal, people: dict[str, str]) -> None:
    carla, dan, eve, fred = people["carla"], people["dan"], people["eve"], people["fred"]
    journal.contacts.update(dan, introduced_by=carla)  # the contact's own field
    journal.introductions.record(direction="received", introducer=carla, introduced=None, introduced_to=eve)
    journal.introductions.record(direction="received", introducer=fred, introduced=carla)
    # An introduction I made is not someone introducing me.
    journal.introductions.record(direction="given", introduced=carla, introduced_to=eve)

    result = journal.give_take.for_contact(carla)
    assert [p.name for p in result.introduced_me_to] == ["Dan Client", "Eve Peer"]
    assert [p.name for p in result.introduced_by] == ["Fred Founder"]
    assert [p.name for p in journal.give_take.for_contact(dan).introduced_by] == ["Carla Connector"]
    assert [p.name for p in journal.give_take.for_contact(eve).introduced_by] == ["Carla Connector"]


def test_overview_puts_the_people_i_take_from_first(journal: Journal, people: dict[str, str]) -> None:
    carla, dan, eve, fred = people["carla"], people["dan"], people["eve"], people["fred"]
    for _ in range(3):
        journal.introductions.record(direction="received", introducer=carla, introduced=dan)
    journal.introductions.record(direction="received", introducer=eve, introduced=dan)
    journal.introductions.record(direction="given", introduced=eve, introduced_to=fred, kind="referral")
    journal.introductions.record(direction="given", introduced=fred, kind="help")

    rows = journal.give_take.balances()
    assert [(r.contact.name, r.given, r.received, r.balance) for r in rows] == [
        ("Carla Connector", 0, 3, -3),
        ("Eve Peer", 1, 1, 0),
        ("Fred Founder", 2, 0, 2),
    ]
    assert [r.contact.name for r in journal.give_take.balances(takers_only=True)] == ["Carla Connector"]
    assert len(journal.give_take.balances(limit=1)) == 1


def test_describe_and_verdict_wording() -> None:
    assert Exchange().describe() == "none"
    assert Exchange(help=1).describe() == "1 favour"
    assert Exchange(introductions=2, help=3).describe() == "2 introductions and 3 favours"
    balanced = give_take_verdict("Ngozi Adeyemi", Exchange(referrals=1), Exchange(introductions=1))
    assert balanced == "Balanced: you have given Ngozi 1 referral and received 1 introduction."
