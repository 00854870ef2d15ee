"""Who can introduce me? Paths through the people I know, best first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from netjournal.services.intro_paths import MAX_GROUP
from netjournal.services.journal import Journal
from tests.conftest import FakeClock


def talk(journal: Journal, *people: str, times: int = 1) -> None:
    for _ in range(times):
        journal.conversations.log(list(people), "catch-up")


def introduce(journal: Journal, introducer: str, introduced: str, on: date | None = None) -> None:
    journal.introductions.record(
        direction="received", introducer=introducer, introduced=introduced, occurred_on=on
    )


def names(result: Any) -> list[list[str]]:
    return [[hop.person.name for hop in path.hops] for path in result.paths]


@pytest.fixture
def acme(journal: Journal) -> dict[str, str]:
    """Acme Corp: T1 known to me; T2 known to A and B; T3 known to M, whom A knows; T4 to nobody.

    A and T1 share three conversations; the people behind the links (M, N) I have never met.
    """
    people = {
        key: journal.contacts.create(name, organisation=org)
        for key, name, org in (
            ("t1", "Tara One", "Acme Corp"),
            ("t2", "Tom Two", "Acme Corp"),
            ("t3", "Tess Three", "Acme Corp"),
            ("t4", "Theo Four", "Acme Corp"),
            ("a", "Anna Ally", "Helios Energy"),
            ("b", "Bob Buddy", ""),
            ("m", "Mia Middle", "Orbis Telecom"),
            ("n", "Ned Next", ""),
        )
    }
    talk(journal, people["t1"])
    talk(journal, people["a"], times=5)
    talk(journal, people["a"], people["t1"], times=3)
    talk(journal, people["b"], times=3)
    introduce(journal, people["a"], people["t2"])
    introduce(journal, people["b"], people["t2"])
    introduce(journal, people["b"], people["t2"])
    introduce(journal, people["a"], people["m"])
    introduce(journal, people["m"], people["t3"])
    # A cycle among people I have never met: M - N - T3 - M.
    introduce(journal, people["m"], people["n"])
    introduce(journal, people["n"], people["t3"])
    return people


def test_direct_two_and_three_hop_paths_best_first(journal: Journal, acme: dict[str, str]) -> None:
    result = journal.intro_paths.who_can_introduce("Acme Corp")
    assert result.organisations == ("Acme Corp",)
    assert sorted(t.name for t in result.targets) == ["Tara One", "Tess Three", "Theo Four", "Tom Two"]
    assert names(result) == [
        ["Tara One"],  # I know her myself (4 conversations): no one needs to introduce her
        ["Bob Buddy", "Tom Two"],  # weakest link 2 introductions
        ["Anna Ally", "Tom Two"],  # weakest link 1 introduction
        ["Anna Ally", "Mia Middle", "Tess Three"],
    ]
    assert [t.name for t in result.unreachable] == ["Theo Four"]
    direct, via_bob = result.paths[0], result.paths[1]
    assert direct.direct and direct.introducer is None
    assert (direct.hops[0].shared_conversations, direct.hops[0].organisation) == (4, "Acme Corp")
    assert via_bob.introducer is not None and via_bob.introducer.name == "Bob Buddy"
    assert (via_bob.hops[1].shared_conversations, via_bob.hops[1].introductions) == (0, 2)
    assert via_bob.hops[1].last_together is not None
    assert result.paths[2].hops[1].introductions == 1
    assert result.paths[3].describe() == (
        "You → Anna Ally (Helios Energy) → Mia Middle (Orbis Telecom) → Tess Three (Acme Corp)"
    )


def test_no_introduction_to_someone_i_know_well(journal: Journal, clock: FakeClock) -> None:
    """Met once, or well but long ago: a warm introduction still helps. Known well: ask directly."""
    sofia = journal.contacts.create("Sofia Petrov", organisation="Orion Bank")
    once = journal.contacts.create("Omar Once", organisation="Orion Bank")
    valentina = journal.contacts.create("Valentina Park")
    talk(journal, valentina, times=4)
    talk(journal, valentina, sofia, times=2)
    introduce(journal, valentina, once)
    talk(journal, sofia, times=5)
    talk(journal, once)  # met once
    result = journal.intro_paths.who_can_introduce("Orion Bank")
    assert names(result) == [["Sofia Petrov"], ["Omar Once"], ["Valentina Park", "Omar Once"]]
    assert result.unreachable == ()

    clock.advance(days=3 * 365)  # years without a word: Sofia is worth an introduction again
    talk(journal, valentina)
    stale = names(journal.intro_paths.who_can_introduce("Orion Bank"))
    assert ["Valentina Park", "Sofia Petrov"] in stale and ["Sofia Petrov"] in stale
    assert stale.index(["Sofia Petrov"]) < stale.index(["Valentina Park", "Sofia Petrov"])


def test_paths_are_unique_and_acyclic_in_a_dense_graph(journal: Journal) -> None:
    people = [journal.contacts.create(f"Person {n}", organisation="Delta" if n < 3 else "") for n in range(8)]
    for n in range(3, 8):
        talk(journal, people[n], times=2)
    for a in range(8):  # everyone introduced everyone: cycles everywhere, and twice over
        for b in range(a + 1, 8):
            introduce(journal, people[a], people[b])
            introduce(journal, people[b], people[a])
    result = journal.intro_paths.who_can_introduce("Delta", per_target=50, limit=None)
    paths = [tuple(hop.person.uuid for hop in path.hops) for path in result.paths]
    assert paths and len(paths) == len(set(paths))
    assert all(len(path) == len(set(path)) for path in paths)
    assert all(len(path) == 2 for path in paths)  # linked to a friend directly: no longer detours
    assert {path[-1] for path in paths} == set(people[:3])


def test_cycles_never_repeat_a_person(journal: Journal, acme: dict[str, str]) -> None:
    for path in journal.intro_paths.who_can_introduce("Acme Corp").paths:
        people = [hop.person.uuid for hop in path.hops]
        assert len(people) == len(set(people))
    # Through N (also linked to M and T3) there is no extra path: A does not know N.
    assert names(journal.intro_paths.who_can_introduce("Tess Three")) == [
        ["Anna Ally", "Mia Middle", "Tess Three"]
    ]


def test_depth_limit_and_no_path(journal: Journal, acme: dict[str, str]) -> None:
    shallow = journal.intro_paths.who_can_introduce("acme corp", max_depth=2)
    assert ["Anna Ally", "Mia Middle", "Tess Three"] not in names(shallow)
    assert sorted(t.name for t in shallow.unreachable) == ["Tess Three", "Theo Four"]
    only_direct = journal.intro_paths.who_can_introduce("acme corp", max_depth=1)
    assert names(only_direct) == [["Tara One"]]
    nowhere = journal.intro_paths.who_can_introduce("Nowhere Inc")
    assert (nowhere.organisations, nowhere.targets, nowhere.paths) == ((), (), ())


def test_by_person_name_and_partial_organisation(journal: Journal, acme: dict[str, str]) -> None:
    by_name = journal.intro_paths.who_can_introduce("tom two")
    assert [t.name for t in by_name.targets] == ["Tom Two"]
    assert names(by_name) == [["Bob Buddy", "Tom Two"], ["Anna Ally", "Tom Two"]]
    assert by_name.named == by_name.targets  # a person asked for by name, not an organisation
    partial = journal.intro_paths.who_can_introduce("acme")
    assert partial.organisations == ("Acme Corp",) and len(partial.targets) == 4
    assert partial.named == ()
    assert len(journal.intro_paths.who_can_introduce("acme", per_target=1).paths) == 3


def test_equal_strength_prefers_the_more_recent_link(journal: Journal) -> None:
    target = journal.contacts.create("Xavier X", organisation="Beta Ltd")
    old, recent = journal.contacts.create("Paul Past"), journal.contacts.create("Quinn Quick")
    talk(journal, old, times=2)
    talk(journal, recent, times=2)
    introduce(journal, old, target, on=date(2020, 1, 1))
    introduce(journal, recent, target, on=date(2025, 1, 1))
    assert names(journal.intro_paths.who_can_introduce("Beta Ltd")) == [
        ["Quinn Quick", "Xavier X"],
        ["Paul Past", "Xavier X"],
    ]


@pytest.mark.parametrize(("group", "linked"), [(MAX_GROUP, True), (MAX_GROUP + 1, False)])
def test_big_meetings_do_not_link_people(journal: Journal, group: int, linked: bool) -> None:
    target = journal.contacts.create("Zoe Gamma", organisation="Gamma")
    friend = journal.contacts.create("Fay Friend")
    crowd = [journal.contacts.create(f"Crowd {n}") for n in range(group - 2)]
    talk(journal, friend, target, *crowd)
    paths = names(journal.intro_paths.who_can_introduce("Gamma", per_target=group))
    assert paths[0] == ["Zoe Gamma"]
    assert len(paths) == (group if linked else 1)
    assert (["Fay Friend", "Zoe Gamma"] in paths) is linked


def test_archived_people_are_left_out(journal: Journal, acme: dict[str, str]) -> None:
    journal.contacts.set_archived(acme["b"], True)
    journal.contacts.set_archived(acme["t1"], True)
    result = journal.intro_paths.who_can_introduce("Acme Corp")
    assert "Tara One" not in [t.name for t in result.targets]
    assert all("Bob Buddy" not in path for path in names(result))
    assert names(result)[0] == ["Anna Ally", "Tom Two"]


def test_query_count_does_not_grow_with_the_organisation(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No query per person: the graph is read a level (or a batch) at a time."""

    def build(org: str, size: int) -> None:
        friend = journal.contacts.create(f"Friend of {org}")
        talk(journal, friend)
        for n in range(size):
            person = journal.contacts.create(f"{org} person {n}", organisation=org)
            introduce(journal, friend, person)
            if n % 2:
                talk(journal, person, friend)

    build("Small", 3)
    build("Large", 60)
    counted: list[str] = []
    original: Callable[..., Any] = journal.db.execute_sql

    def counting(sql: str, *args: Any, **kwargs: Any) -> Any:
        counted.append(sql)
        return original(sql, *args, **kwargs)

    monkeypatch.setattr(journal.db, "execute_sql", counting)
    small = journal.intro_paths.who_can_introduce("Small")
    small_queries = len(counted)
    counted.clear()
    large = journal.intro_paths.who_can_introduce("Large", limit=None)
    assert len(large.paths) > 60 > len(small.paths)
    assert len(counted) == small_queries


def test_people_matched_by_name_are_told_from_those_at_an_organisation(
    journal: Journal, acme: dict[str, str]
) -> None:
    # "Tess" is part of an organisation's name and the start of a person's: both are targets,
    # only Tess by her name.
    journal.contacts.create("Wanda Watcher", organisation="Tessera Labs")
    result = journal.intro_paths.who_can_introduce("tess")
    assert result.organisations == ("Tessera Labs",)
    assert [t.name for t in result.named] == ["Tess Three"]
    assert sorted(t.name for t in result.targets) == ["Tess Three", "Wanda Watcher"]
