"""Use cases, without Qt: contacts, conversations, follow-ups, network records, search, stats."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from netjournal.errors import AmbiguousNameError, NotFoundError, ValidationError
from netjournal.services.changes import Change
from netjournal.services.journal import Journal
from netjournal.services.records import HIT_END, HIT_START
from netjournal.services.stats import STATS_KEYS
from tests.conftest import FakeClock


@pytest.fixture
def seen(journal: Journal) -> list[Change]:
    changes: list[Change] = []
    journal.changes.subscribe(changes.append)
    return changes


def test_create_and_edit_contact(journal: Journal, seen: list[Change]) -> None:
    uuid = journal.contacts.create(
        "  Priya Sharma ",
        organisation="Helios Energy",
        role="CFO",
        kind="client",
        emails=["priya@example.com", " ", "p.sharma@example.org"],
        tags=["finance", "Finance", "board"],
        common_ground="Both ran the Berlin marathon",
        keep_in_touch_days=60,
    )
    record = journal.contacts.get(uuid)
    assert record.name == "Priya Sharma"
    assert record.organisation == "Helios Energy"
    assert record.emails == ("priya@example.com", "p.sharma@example.org")
    assert record.tags == ("board", "finance")
    assert record.keep_in_touch_days == 60
    assert len(seen) == 1 and seen[0].touches("contacts")
    journal.contacts.update(uuid, their_world="Carve-out by Q3", tags=["board"])
    record = journal.contacts.get(uuid)
    assert record.their_world == "Carve-out by Q3"
    assert record.tags == ("board",)
    assert len(seen) == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "enemy"}, "Unknown contact kind"),
        ({"keep_in_touch_days": 0}, "between 1 and 3650"),
        ({"shoe_size": 44}, "Unknown contact field"),
    ],
)
def test_invalid_contact_fields(journal: Journal, fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        journal.contacts.create("Someone", **fields)
    assert journal.stats()["contacts"] == 0


def test_empty_name_refused(journal: Journal) -> None:
    with pytest.raises(ValidationError):
        journal.contacts.create("   ")


def test_failed_write_leaves_nothing_and_notifies_nothing(journal: Journal, seen: list[Change]) -> None:
    uuid = journal.contacts.create("Real Person")
    seen.clear()
    with pytest.raises(NotFoundError):
        journal.conversations.log([uuid, "no-such-uuid"], "lunch")
    assert journal.stats()["conversations"] == 0
    assert seen == []
    # A failure after the first rows were written rolls them back too.
    with pytest.raises(ValidationError):
        journal.conversations.log([uuid], "lunch", channel="carrier pigeon")
    assert journal.stats()["conversations"] == 0


def test_nested_writes_notify_once(journal: Journal, seen: list[Change]) -> None:
    with journal.changes.write():
        journal.contacts.create("A One")
        journal.contacts.create("B Two")
    assert len(seen) == 1


def test_broken_subscriber_does_not_undo_a_write(journal: Journal) -> None:
    def broken(change: Change) -> None:
        raise RuntimeError("listener bug")

    journal.changes.subscribe(broken)
    journal.contacts.create("Still Saved")
    assert journal.stats()["contacts"] == 1


def test_timeline_newest_first_with_follow_ups(journal: Journal, clock: FakeClock) -> None:
    ana = journal.contacts.create("Ana Silva")
    ben = journal.contacts.create("Ben Okafor")
    first = journal.conversations.log([ana], "first coffee", occurred_at=clock() - timedelta(days=30))
    lunch = journal.conversations.log(
        [ana, ben],
        "lunch with both",
        channel="meeting",
        place="Brasserie Flo",
        follow_up="Send the article",
        follow_up_due=date(2026, 3, 20),
    )
    timeline = journal.conversations.timeline(ana)
    assert [c.uuid for c in timeline] == [lunch, first]
    assert {p.name for p in timeline[0].participants} == {"Ana Silva", "Ben Okafor"}
    assert [f.what for f in timeline[0].follow_ups] == ["Send the article"]
    assert [c.uuid for c in journal.conversations.timeline(ben)] == [lunch]
    assert journal.conversations.timeline_count(ana) == 2
    assert [c.uuid for c in journal.conversations.timeline(ana, offset=1, limit=1)] == [first]


def test_naive_time_means_local_time(journal: Journal) -> None:
    uuid = journal.contacts.create("Local Time")
    naive = datetime(2026, 1, 2, 15, 0)
    conv = journal.conversations.log([uuid], "x", occurred_at=naive)
    assert journal.conversations.get(conv).occurred_at == naive.astimezone().astimezone(UTC)


def test_follow_up_done_and_snooze(journal: Journal, clock: FakeClock) -> None:
    uuid = journal.contacts.create("Follow Me")
    item = journal.follow_ups.create(uuid, "Send CV", due_on=date(2026, 3, 5))
    journal.follow_ups.snooze(item, 7)
    assert journal.follow_ups.for_contact(uuid)[0].due_on == clock().date() + timedelta(days=7)
    journal.follow_ups.set_done(item)
    assert journal.follow_ups.for_contact(uuid) == []
    assert journal.follow_ups.for_contact(uuid, include_done=True)[0].done
    assert journal.follow_ups.open_items() == []


def test_follow_up_update_and_delete(journal: Journal) -> None:
    uuid = journal.contacts.create("Follow Me")
    item = journal.follow_ups.create(uuid, "Send CV", due_on=date(2026, 3, 5))
    journal.follow_ups.update(item, what="Send the P&L", owner="them", clear_due=True)
    (record,) = journal.follow_ups.for_contact(uuid)
    assert (record.what, record.owner, record.due_on) == ("Send the P&L", "them", None)
    journal.follow_ups.delete(item)
    assert journal.follow_ups.for_contact(uuid, include_done=True) == []


def test_deleting_a_conversation_keeps_or_deletes_its_follow_ups(journal: Journal) -> None:
    uuid = journal.contacts.create("Follow Me")
    kept = journal.conversations.log([uuid], "first", follow_up="Send CV")
    gone = journal.conversations.log([uuid], "second", follow_up="Call back")
    journal.follow_ups.create(uuid, "Book lunch", conversation_uuid=gone)
    journal.conversations.delete(kept)
    (left,) = journal.follow_ups.for_contact(uuid, include_done=True)[:1]
    assert left.what == "Send CV" and left.conversation_uuid is None  # stays, no longer tied
    journal.conversations.delete(gone, with_follow_ups=True)
    assert [f.what for f in journal.follow_ups.for_contact(uuid, include_done=True)] == ["Send CV"]
    assert journal.check().ok


def test_archive_and_restore(journal: Journal) -> None:
    uuid = journal.contacts.create("Old Friend")
    journal.contacts.set_archived(uuid, True)
    assert journal.contacts.list() == []
    assert [c.uuid for c in journal.contacts.list(archived_only=True)] == [uuid]
    assert journal.search.search("friend") == []
    journal.contacts.set_archived(uuid, False)
    assert [c.uuid for c in journal.contacts.list()] == [uuid]


def test_delete_keeps_shared_conversations(journal: Journal) -> None:
    a = journal.contacts.create("Alpha Person")
    b = journal.contacts.create("Beta Person")
    solo = journal.conversations.log([a], "only alpha")
    shared = journal.conversations.log([a, b], "both")
    journal.follow_ups.create(a, "promise to alpha")
    journal.contacts.delete(a)
    with pytest.raises(NotFoundError):
        journal.conversations.get(solo)
    assert [p.name for p in journal.conversations.get(shared).participants] == ["Beta Person"]
    assert journal.stats()["follow_ups"] == 0
    assert journal.check().ok


def test_merge_keeps_every_conversation(journal: Journal) -> None:
    keep = journal.contacts.create("Sven Larsen", emails=["sven@example.com"], common_ground="sailing")
    dup = journal.contacts.create(
        "Sven Larsen (LinkedIn)", emails=["sven@work.example"], their_world="new job", tags=["nordics"]
    )
    other = journal.contacts.create("Introduced Person", introduced_by=dup)
    c1 = journal.conversations.log([keep], "one")
    c2 = journal.conversations.log([dup], "two")
    c3 = journal.conversations.log([keep, dup], "both")
    journal.follow_ups.create(dup, "call back")
    journal.contacts.merge(keep, dup)
    assert {c.uuid for c in journal.conversations.timeline(keep)} == {c1, c2, c3}
    assert len(journal.conversations.get(c3).participants) == 1
    merged = journal.contacts.get(keep)
    assert merged.emails == ("sven@example.com", "sven@work.example")
    assert merged.their_world == "new job"
    assert merged.tags == ("nordics",)
    introduced_by = journal.contacts.get(other).introduced_by
    assert introduced_by is not None and introduced_by.uuid == keep
    assert [f.what for f in journal.follow_ups.for_contact(keep)] == ["call back"]
    with pytest.raises(NotFoundError):
        journal.contacts.get(dup)
    assert journal.check().ok


def test_find_by_name(journal: Journal) -> None:
    journal.contacts.create("José Álvarez", organisation="Acme")
    journal.contacts.create("Jose Alvarado")
    journal.contacts.create("Maria Rossi")
    assert journal.contacts.find_by_name("maria").name == "Maria Rossi"
    assert journal.contacts.find_by_name("josé álvarez").name == "José Álvarez"
    assert journal.contacts.find_by_name("alvarez").name == "José Álvarez"
    with pytest.raises(AmbiguousNameError) as err:
        journal.contacts.find_by_name("jose")
    assert "José Álvarez (Acme)" in str(err.value) and "Jose Alvarado" in str(err.value)
    with pytest.raises(NotFoundError):
        journal.contacts.find_by_name("Nobody Here")


def test_search_prefix_accents_case_and_highlight(journal: Journal) -> None:
    uuid = journal.contacts.create(
        "Zoë Ñúñez", organisation="Kestrel Aerospace", common_ground="Loves Japanese woodworking"
    )
    for typed in ("z", "zo", "zoe", "ZOË", "nun", "kestrel aero", "japanese wood", "WOODW"):
        hits = journal.search.search(typed)
        assert [h.uuid for h in hits if h.kind == "contact"] == [uuid], typed
    hit = journal.search.search("woodworking")[0]
    assert f"{HIT_START}woodworking{HIT_END}" in hit.snippet
    assert journal.search.search("woodworking kestrel zoe") != []
    assert journal.search.search("woodworking banana") == []


@pytest.mark.parametrize("hostile", ['"', "AND", "NEAR(", "a*b", "col:", "-x", "((", "'; DROP", "   "])
def test_search_treats_operators_as_text(journal: Journal, hostile: str) -> None:
    journal.contacts.create("Plain Name")
    journal.search.search(hostile)  # must not raise


def test_search_ranks_names_first(journal: Journal) -> None:
    by_note = journal.contacts.create("Someone Else", notes="met Harbour people")
    by_name = journal.contacts.create("Harbour Master")
    assert [h.uuid for h in journal.search.search("harbour") if h.kind == "contact"] == [by_name, by_note]


def test_conversation_hit_opens_a_participant(journal: Journal) -> None:
    uuid = journal.contacts.create("Thabo Nkosi")
    conv = journal.conversations.log([uuid], "discussed the refinancing with the bank")
    hit = next(h for h in journal.search.search("refinanc") if h.kind == "conversation")
    assert hit.uuid == conv and hit.contact_uuid == uuid and hit.title == "Thabo Nkosi"


def test_list_sorting_and_filters(journal: Journal, clock: FakeClock) -> None:
    recent = journal.contacts.create("Bea Recent", kind="client", keep_in_touch_days=30, tags=["vip"])
    stale = journal.contacts.create("Al Stale", kind="peer", keep_in_touch_days=30)
    never = journal.contacts.create("Cy Never", kind="peer", keep_in_touch_days=90)
    loose = journal.contacts.create("Di Loose", kind="peer")
    journal.conversations.log([recent], "x", occurred_at=clock() - timedelta(days=2))
    journal.conversations.log([stale], "x", occurred_at=clock() - timedelta(days=100))
    journal.conversations.log([loose], "x", occurred_at=clock() - timedelta(days=1))
    assert [c.name for c in journal.contacts.list()] == ["Al Stale", "Bea Recent", "Cy Never", "Di Loose"]
    assert [c.uuid for c in journal.contacts.list(sort="last_contact")] == [loose, recent, stale, never]
    # stale: 100 days since, every 30 -> 70 over; recent: due in 28; never (joined today, every
    # 90) due in 90; loose has no own cadence, peers default to 120 -> due in 119.
    assert [c.uuid for c in journal.contacts.list(sort="overdue")] == [stale, recent, never, loose]
    assert [c.uuid for c in journal.contacts.list(kind="client")] == [recent]
    assert [c.uuid for c in journal.contacts.list(tag="vip")] == [recent]
    assert journal.contacts.count(kind="peer") == 3
    summary = journal.contacts.summary(stale)
    assert summary.overdue_days == 70
    assert journal.contacts.summary(recent).overdue_days is not None
    assert journal.contacts.summary(recent).overdue_days < 0  # type: ignore[operator]
    assert [c.uuid for c in journal.contacts.list(limit=2, offset=1)] == [recent, never]


def test_type_ahead(journal: Journal) -> None:
    a = journal.contacts.create("Lindiwe Dlamini", organisation="Baobab Microfinance")
    journal.contacts.create("Linus Other")
    assert [c.uuid for c in journal.contacts.names_matching("dlam")] == [a]
    assert [c.uuid for c in journal.contacts.names_matching("baobab")] == [a]
    assert len(journal.contacts.names_matching("lin")) == 2
    assert journal.contacts.names_matching("%") == []


def test_introductions_and_opportunities(journal: Journal) -> None:
    carla = journal.contacts.create("Carla Introducer")
    dan = journal.contacts.create("Dan Client")
    eve = journal.contacts.create("Eve Peer")
    received = journal.introductions.record(
        direction="received", introducer=carla, introduced=dan, occurred_on=date(2025, 5, 1)
    )
    journal.introductions.record(direction="given", introduced=eve, introduced_to=dan, kind="referral")
    with pytest.raises(ValidationError):
        journal.introductions.record(direction="received", introduced=dan)
    records = journal.introductions.for_contact(dan)
    assert len(records) == 2
    assert records[0].uuid == received  # dated ones first, newest first; undated last
    assert records[0].introducer is not None and records[0].introducer.name == "Carla Introducer"
    assert records[1].direction == "given" and records[1].introducer is None
    opp = journal.opportunities.create(
        "Interim CFO",
        source="intermediary",
        status="won",
        client="Helios Energy",
        intermediary="Boyden Interim",
        people=[("introducer", carla), ("client", dan)],
    )
    record = journal.opportunities.for_contact(dan)[0]
    assert record.uuid == opp
    assert record.intermediary == "Boyden Interim"
    assert [(role, p.name) for role, p in record.people] == [
        ("introducer", "Carla Introducer"),
        ("client", "Dan Client"),
    ]
    journal.opportunities.set_status(opp, "lost")
    assert journal.opportunities.list(status="lost")[0].uuid == opp


def test_edit_an_introduction(journal: Journal, seen: list[Change]) -> None:
    carla = journal.contacts.create("Carla Introducer")
    dan = journal.contacts.create("Dan Client")
    eve = journal.contacts.create("Eve Peer")
    uuid = journal.introductions.record(
        direction="received", introducer=carla, introduced=dan, occurred_on=date(2025, 5, 1)
    )
    # The direction was wrong: I introduced Eve to Dan, as a referral, and it led somewhere.
    journal.introductions.update(
        uuid,
        direction="given",
        introducer=None,
        introduced=eve,
        introduced_to=dan,
        kind="Referral",
        occurred_on=None,
        outcome="  became a client ",
    )
    assert seen[-1].touches("introductions") and uuid in seen[-1].uuids
    record = journal.introductions.get(uuid)
    assert (record.direction, record.kind, record.introducer, record.occurred_on, record.outcome) == (
        "given",
        "referral",
        None,
        None,
        "became a client",
    )
    assert record.introduced is not None and record.introduced.uuid == eve
    assert record.introduced_to is not None and record.introduced_to.uuid == dan
    assert journal.introductions.for_contact(carla) == []
    assert journal.give_take.for_contact(eve).given.referrals == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"direction": "received", "introducer": None}, "needs the person who made it"),
        ({"direction": "given", "introducer": "carla"}, "made by me"),
        ({"introduced": None, "introduced_to": None}, "at least one person"),
        ({"direction": "sideways"}, "Unknown direction"),
        ({"kind": "bribe"}, "Unknown introduction kind"),
        # "I introduced me to Dan": a given introduction is of someone else.
        ({"direction": "given", "introducer": None, "introduced": None, "introduced_to": "dan"}, "myself"),
        ({"introduced_to": "dan"}, "introduced to themselves"),
        ({"introduced": "carla"}, "cannot also be one of the two"),
    ],
)
def test_editing_an_introduction_is_checked_like_recording_one(
    journal: Journal, seen: list[Change], fields: dict[str, Any], message: str
) -> None:
    carla = journal.contacts.create("Carla Introducer")
    dan = journal.contacts.create("Dan Client")
    valid: dict[str, Any] = {
        "direction": "received",
        "introducer": carla,
        "introduced": dan,
        "introduced_to": None,
        "kind": "introduction",
        "occurred_on": date(2025, 5, 1),
        "outcome": "coffee",
    }
    uuid = journal.introductions.record(**valid)
    before = journal.introductions.get(uuid)
    people = {"carla": carla, "dan": dan}
    changed = {**valid, **{k: people.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}}
    notified = len(seen)
    with pytest.raises(ValidationError, match=message):
        journal.introductions.update(uuid, **changed)
    with pytest.raises(ValidationError, match=message):
        journal.introductions.record(**changed)
    assert journal.introductions.get(uuid) == before
    assert len(seen) == notified  # nothing was written, nobody told


def test_editing_or_reading_a_missing_introduction(journal: Journal) -> None:
    dan = journal.contacts.create("Dan Client")
    uuid = journal.introductions.record(direction="given", introduced=dan)
    journal.introductions.delete(uuid)
    fields: dict[str, Any] = {
        "direction": "given",
        "introducer": None,
        "introduced": dan,
        "introduced_to": None,
        "kind": "help",
        "occurred_on": None,
        "outcome": "",
    }
    with pytest.raises(NotFoundError):
        journal.introductions.get(uuid)
    with pytest.raises(NotFoundError):
        journal.introductions.update(uuid, **fields)
    # A person who is gone cannot be named in an edit either.
    other = journal.introductions.record(direction="given", introduced=dan)
    with pytest.raises(NotFoundError):
        journal.introductions.update(other, **{**fields, "introduced_to": "no-such-contact"})
    assert journal.introductions.get(other).introduced_to is None


def test_organisations(journal: Journal) -> None:
    journal.contacts.create("One", organisation="Atlas Chemicals")
    journal.contacts.create("Two", organisation="atlas chemicals")
    orgs = journal.organisations.list()
    assert [(o.name, o.people) for o in orgs] == [("Atlas Chemicals", 2)]
    assert [p.name for p in journal.organisations.people(orgs[0].uuid)] == ["One", "Two"]
    journal.organisations.delete(orgs[0].uuid)
    assert journal.contacts.find_by_name("One").organisation == ""


def test_stats_keys(journal: Journal) -> None:
    journal.contacts.create("Counted", tags=["t"])
    stats = journal.stats()
    assert tuple(stats) == STATS_KEYS
    assert stats["contacts"] == 1 and stats["tags"] == 1 and stats["conversations"] == 0


def test_demo_data_is_varied_and_consistent(journal: Journal) -> None:
    from netjournal.services.demo import generate_demo

    counts = generate_demo(journal, contacts=60, conversations=400)
    assert counts["contacts"] == 60 and counts["conversations"] == 400
    assert counts["introductions"] > 0 and counts["opportunities"] > 0 and counts["follow_ups"] > 0
    kinds = {c.kind for c in journal.contacts.list(include_archived=True)}
    assert len(kinds) >= 5
    assert journal.check().ok
    top = max(journal.contacts.list(), key=lambda c: journal.conversations.timeline_count(c.uuid))
    assert journal.conversations.timeline_count(top.uuid) >= 20


def test_search_one_letter_words_and_conversation_order(journal: Journal, clock: FakeClock) -> None:
    from netjournal.services.search import fts_query

    assert fts_query("carve out t") == '"carve"* "out"*'  # the word being started is left out
    assert fts_query("o'b") == '"o"*'
    assert fts_query("a") == '"a"*'
    uuid = journal.contacts.create("Ola Berg")
    older = journal.conversations.log([uuid], "budget talk", occurred_at=clock() - timedelta(days=9))
    newer = journal.conversations.log([uuid], "budget again", occurred_at=clock() - timedelta(days=1))
    backdated = journal.conversations.log(
        [uuid], "budget long ago", occurred_at=clock() - timedelta(days=400)
    )
    hits = [h.uuid for h in journal.search.search("budget") if h.kind == "conversation"]
    assert hits == [newer, older, backdated]
    # One letter: names only, no conversation hits yet.
    assert all(h.kind != "conversation" for h in journal.search.search("b"))
    assert [h.uuid for h in journal.search.search("b") if h.kind == "contact"] == [uuid]
