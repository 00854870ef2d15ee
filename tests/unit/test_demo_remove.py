"""Removing demo data: exactly what the demo made goes, everything of the user's stays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netjournal.errors import NotFoundError, OperationCancelled
from netjournal.importexport.backup_csv import export_csv
from netjournal.importexport.importer import import_file
from netjournal.security.keystore import KeyStore
from netjournal.services.demo import (
    DEMO_SETTING_KEY,
    NO_DEMO_MESSAGE,
    demo_summary,
    generate_demo,
    has_demo,
    remove_demo,
)
from netjournal.services.journal import Journal, create_journal
from netjournal.storage.models import Setting
from tests.conftest import PASSPHRASE, FakeClock
from tests.unit.io_support import snapshot, use

WHEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def index_matches_records(journal: Journal) -> None:
    db = journal.db
    for table in ("contact", "conversation", "organisation"):
        records = [r[0] for r in db.execute_sql(f"SELECT id FROM {table} ORDER BY id").fetchall()]
        indexed = [r[0] for r in db.execute_sql(f"SELECT rowid FROM {table}_fts ORDER BY rowid").fetchall()]
        assert indexed == records, table


def demo_person(journal: Journal, name: str | None = None) -> str:
    people = journal.contacts.list(include_archived=True)
    return next(p.uuid for p in people if name is None or p.name == name)


def test_removes_every_kind_of_record_the_demo_made(journal: Journal) -> None:
    generate_demo(journal, contacts=60, conversations=400)
    assert has_demo(journal)
    assert all(journal.stats().values())  # every kind of record was made
    removed = remove_demo(journal)
    assert (removed.contacts, removed.conversations) == (60, 400)
    assert removed.kept_contacts == removed.kept_conversations == 0
    assert journal.is_empty()
    assert not has_demo(journal)
    # The settings it wrote are gone too (there were none before it ran).
    assert list(Setting.select().tuples()) == []
    for link in ("participant", "contact_tag", "opportunity_person"):
        assert journal.db.execute_sql(f"SELECT count(*) FROM {link}").fetchone()[0] == 0
    index_matches_records(journal)
    assert journal.search.search("Interim") == []
    assert journal.check().ok


def test_the_users_own_records_stay(journal: Journal) -> None:
    generate_demo(journal, contacts=40, conversations=300)
    made_up = journal.contacts.list(include_archived=True)
    bea, carl = made_up[0], made_up[1]
    # The user's own people, some using demo organisations and tags.
    rita = journal.contacts.create(
        "Rita Realperson", organisation="Meridian Bank", tags=["finance", "golf"], notes="Met at the fair"
    )
    sam = journal.contacts.create("Sam Ownfriend", organisation="Small Own Firm", introduced_by=bea.uuid)
    own_talk = journal.conversations.log(
        [rita, sam], "Planned the spring workshop", occurred_at=WHEN, follow_up="Send agenda"
    )
    # A conversation with a made-up person AND a real one: it stays, with the real one only.
    mixed = journal.conversations.log([rita, bea.uuid], "Lunch with Rita and a demo person", occurred_at=WHEN)
    # A demo conversation the user added a real person to stays as well.
    demo_talk = journal.conversations.timeline(carl.uuid)[0].uuid
    journal.conversations.update(demo_talk, participants=[carl.uuid, sam])
    # Only made-up people: nothing real is left in it.
    only_made_up = journal.conversations.log([carl.uuid], "Trying the app out", occurred_at=WHEN)
    journal.contacts.update(bea.uuid, notes="I edited this made-up person")
    opportunity = journal.opportunities.create(
        "Interim CFO at Helios", client="Helios Energy", people=[("introducer", rita)]
    )
    intro = journal.introductions.record(direction="given", introduced=rita, introduced_to=sam)
    sent = journal.intermediaries.record_sent(sam, "cv")

    summary = demo_summary(journal)
    assert (summary.contacts, summary.kept_contacts, summary.kept_conversations) == (40, 2, 3)
    removed = remove_demo(journal)
    assert removed == summary

    people = {p.name: p for p in journal.contacts.list(include_archived=True)}
    assert set(people) == {"Rita Realperson", "Sam Ownfriend"}
    card = journal.contacts.get(rita)
    assert (card.organisation, card.notes, sorted(card.tags)) == (
        "Meridian Bank",
        "Met at the fair",
        ["finance", "golf"],
    )
    # The made-up introducer is gone; the user's person is not.
    assert journal.contacts.get(sam).organisation == "Small Own Firm"
    timeline = [c.uuid for c in journal.conversations.timeline(rita)]
    assert set(timeline) == {own_talk, mixed}
    assert [p.name for p in journal.conversations.get(mixed).participants] == ["Rita Realperson"]
    assert [p.name for p in journal.conversations.get(demo_talk).participants] == ["Sam Ownfriend"]
    with pytest.raises(NotFoundError):
        journal.conversations.get(only_made_up)
    assert [f.what for f in journal.follow_ups.for_contact(rita)] == ["Send agenda"]
    assert journal.opportunities.get(opportunity).client == "Helios Energy"
    assert [i.uuid for i in journal.introductions.all()] == [intro]
    assert [s.uuid for s in journal.intermediaries.sent_to(sam)] == [sent]
    # Demo organisations and tags the user's records use stay; the rest go.
    assert {o.name for o in journal.organisations.list(include_archived=True)} == {
        "Meridian Bank",
        "Small Own Firm",
        "Helios Energy",
    }
    assert dict(journal.tags.list()) == {"finance": 1, "golf": 1}
    assert stats_without_zeroes(journal) == {
        "contacts": 2,
        "conversations": 3,
        "follow_ups": 1,
        "introductions": 1,
        "opportunities": 1,
        "organisations": 3,
        "sent_items": 1,
        "tags": 2,
    }
    hits = {hit.title for hit in journal.search.search("Rita")}
    assert "Rita Realperson" in hits
    assert journal.search.search(bea.name.split()[0]) == []  # no made-up person left in search
    index_matches_records(journal)
    assert journal.check().ok


def stats_without_zeroes(journal: Journal) -> dict[str, int]:
    return {kind: count for kind, count in journal.stats().items() if count}


def test_demo_added_to_a_journal_in_use_leaves_its_records_alone(journal: Journal) -> None:
    """``netjournal demo`` accepts a journal that has records: they are not drawn into the demo."""
    own = journal.contacts.create(
        "Olga Own", kind="intermediary", organisation="Own Agency", tags=["finance"]
    )
    journal.organisations.update(journal.organisations.list()[0].uuid, kind="intermediary")
    before = snapshot(journal)["contact"]
    generate_demo(journal, contacts=60, conversations=400)
    card = journal.contacts.get(own)
    assert (card.keep_in_touch_days, card.introduced_by, card.tags) == (None, None, ("finance",))
    assert journal.conversations.timeline(own) == []
    assert journal.intermediaries.sent_to(own) == []
    assert journal.opportunities.for_contact(own) == []
    remove_demo(journal)
    assert snapshot(journal)["contact"] == before
    assert dict(journal.tags.list()) == {"finance": 1}  # the user's tag, shared by the demo, stays
    assert [o.name for o in journal.organisations.list()] == ["Own Agency"]


def test_keep_in_touch_defaults_come_back(journal: Journal) -> None:
    journal.reminders.set_kind_cadence("client", 21)
    generate_demo(journal, contacts=20, conversations=60)
    assert journal.reminders.kind_cadences()["client"] is None  # the demo switched it off
    remove_demo(journal)
    assert journal.reminders.kind_cadences()["client"] == 21


def test_keep_in_touch_defaults_changed_since_are_the_users(journal: Journal) -> None:
    generate_demo(journal, contacts=20, conversations=60)
    journal.reminders.set_kind_cadence("peer", 45)
    remove_demo(journal)
    assert journal.reminders.kind_cadences()["peer"] == 45


def test_removing_twice_is_harmless_and_says_why(journal: Journal) -> None:
    generate_demo(journal, contacts=20, conversations=60)
    keep = journal.contacts.create("Kim Keeper")
    remove_demo(journal)
    after = snapshot(journal)
    with pytest.raises(NotFoundError, match="no demo data to remove"):
        remove_demo(journal)
    assert snapshot(journal) == after
    assert [p.uuid for p in journal.contacts.list()] == [keep]


def test_nothing_to_remove_in_a_journal_without_demo(journal: Journal) -> None:
    journal.contacts.create("Kim Keeper")
    before = snapshot(journal)
    assert not has_demo(journal)
    with pytest.raises(NotFoundError) as raised:
        demo_summary(journal)
    assert str(raised.value) == NO_DEMO_MESSAGE
    with pytest.raises(NotFoundError):
        remove_demo(journal)
    assert snapshot(journal) == before


def test_a_damaged_marker_is_not_demo_data(journal: Journal) -> None:
    with journal.changes.write():
        Setting.create(key=DEMO_SETTING_KEY, value="{not json")
    assert not has_demo(journal)
    with journal.changes.write():
        Setting.update(value='{"marker": 7}').where(Setting.key == DEMO_SETTING_KEY).execute()
    assert not has_demo(journal)


def test_cancel_changes_nothing(journal: Journal) -> None:
    generate_demo(journal, contacts=30, conversations=200)
    journal.contacts.create("Kim Keeper")
    before = snapshot(journal)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))

    with pytest.raises(OperationCancelled):
        remove_demo(journal, progress=progress, cancelled=lambda: len(seen) >= 3)
    assert snapshot(journal) == before
    assert has_demo(journal)
    # The temporary working tables went with the rolled-back transaction.
    assert journal.db.execute_sql("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0


def test_progress_reaches_the_end(journal: Journal) -> None:
    generate_demo(journal, contacts=10, conversations=30)
    seen: list[tuple[int, int]] = []
    remove_demo(journal, progress=lambda done, total: seen.append((done, total)))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] > 0
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_changes_are_announced_once_after_commit(journal: Journal) -> None:
    generate_demo(journal, contacts=10, conversations=30)
    announced = []
    journal.changes.subscribe(announced.append)
    remove_demo(journal)
    assert len(announced) == 1
    assert announced[0].touches("contacts", "conversations", "organisations", "tags")


@pytest.fixture
def restored(tmp_path: Path, keystore: KeyStore, clock: FakeClock) -> Iterator[Journal]:
    opened = create_journal(tmp_path / "restored", PASSPHRASE, keystore, clock=clock)
    yield opened
    opened.close()


def test_demo_data_is_still_recognised_after_a_backup_round_trip(
    journal: Journal, restored: Journal, tmp_path: Path
) -> None:
    generate_demo(journal, contacts=20, conversations=80)
    journal.contacts.create("Kim Keeper")
    export_csv(journal, tmp_path / "backup")
    import_file(use(restored), tmp_path / "backup")
    assert has_demo(restored)
    removed = remove_demo(restored)
    assert (removed.contacts, removed.conversations) == (20, 80)
    assert [p.name for p in restored.contacts.list()] == ["Kim Keeper"]
