"""Helpers shared by the import/export/backup tests: sample files, journal snapshots, hostile data."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from netjournal.services.journal import Journal
from netjournal.storage.models import MODELS, Contact, Conversation, Participant, Setting

DATA = Path(__file__).resolve().parent.parent / "data"

# Text a spreadsheet or a careless importer would get wrong.
HOSTILE = (
    '=HYPERLINK("http://evil.example","click")',
    "+44 20 7946 0000",
    "-42",
    "@SUM(A1:A2)",
    "\tTabbed",
    "\rCarriage return first",
    "\nLine feed first",
    "\x00NUL first",
    "'single quote",
    "''two quotes",
    "multi\nline\r\ntext\rwith a lone CR",
    "emoji 👩‍💻🎉 and a flag 🇳🇱",
    "\u202eRTL override\u200f and marks\u200e",
    'She said "yes", then "no"',
    "commas, and; semicolons",
    "  leading and trailing spaces  ",
    "back\\slash \\n not a newline",
)


def use(journal: Journal) -> Journal:
    """Point the models at ``journal``: they follow the last journal opened in the process, and
    these tests keep two open at once (the app never does)."""
    journal.db.bind(MODELS, bind_refs=False, bind_backrefs=False)
    return journal


def snapshot(journal: Journal) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (search index and schema included), to prove "unchanged"."""
    db = journal.db
    tables = [
        row[0]
        for row in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    # Sorted in Python: the search index's shadow tables have no rowid to order by.
    state = {
        table: sorted(db.execute_sql(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables
    }
    state["(schema)"] = db.execute_sql("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    return state


def counting_cancel(after: int) -> Callable[[], bool]:
    """A ``cancelled()`` that says yes from its ``after``-th call on."""
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls >= after

    return cancelled


def add_hostile_records(journal: Journal) -> str:
    """Records with hostile text in every kind of field; returns the hostile contact's UUID."""
    use(journal)
    people = []
    for n, text in enumerate(HOSTILE):
        people.append(
            journal.contacts.create(
                f"{text} #{n}" if text.strip() else f"blank #{n}",
                organisation=f"{text.strip() or 'x'} Org {n % 3}",
                role=text,
                location=text,
                how_we_met=text,
                common_ground=text,
                their_world=text,
                how_i_can_help=text,
                notes=text,
                emails=[f"person{n}@example.com"],
                phones=[f"+31 6 {n:04d} 0000"],
                links=[f"https://example.com/{n}"],
                tags=[f"={n} tag", f"'quoted {n}"] if n % 2 else [f"@tag {n}"],
                met_on=date(2020, 1, 1) + timedelta(days=n),
                keep_in_touch_days=30 + n,
            )
        )
    with journal.changes.write():
        # Straight into the tables too: services trim names and summaries, the backup must not.
        raw = Contact.create(
            name="\n=raw name  ",
            role="",
            emails="=a@b.example\n-c@d.example",
            kind="friend",
            common_ground="\x00\x01\x02 control characters",
            created_at=journal.clock(),
            updated_at=journal.clock(),
        )
        conv = Conversation.create(
            occurred_at=journal.clock() - timedelta(days=3),
            channel="call",
            place="=Place",
            summary="\n-starts with a newline and ends with spaces  ",
            created_at=journal.clock(),
            updated_at=journal.clock(),
        )
        Participant.create(conversation=conv, contact=raw)
        Setting.insert(key="=odd setting", value="'quoted\nvalue").execute()
    first = people[0]
    journal.contacts.update(people[1], introduced_by=first)
    conv_uuid = journal.conversations.log(
        [first, people[2]],
        "=1+1 is what we discussed,\r\nthen \"quotes\" and 'apostrophes'",
        channel="video",
        place="@home",
        follow_up="-send the deck",
        follow_up_due=date(2026, 4, 1),
    )
    journal.follow_ups.create(people[3], "+call back", owner="them", conversation_uuid=conv_uuid)
    journal.introductions.record(
        direction="received", introducer=first, introduced=people[4], outcome="@someone; it worked"
    )
    journal.opportunities.create(
        "=Interim CFO",
        client="@Client Org",
        intermediary="-Broker",
        people=[("introducer", first), ("client", people[5])],
        day_rate="-€1,000",
        notes="'notes",
        started_on=date(2026, 1, 5),
    )
    return first


def comparable(record: Any) -> Any:
    """A service record with its lists in a fixed order (equal names may come back in any order)."""
    if not dataclasses.is_dataclass(record):
        return record
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
            changes[field.name] = tuple(sorted((comparable(v) for v in value), key=repr))
    return dataclasses.replace(record, **changes)


def journal_contents(journal: Journal) -> dict[str, Any]:
    """Everything a user can see, through the services: equal contents means an exact restore."""
    use(journal)
    contacts = journal.contacts.list(include_archived=True)
    return {
        "stats": journal.stats(),
        "contacts": {c.uuid: journal.contacts.get(c.uuid) for c in contacts},
        "timelines": {
            c.uuid: sorted((comparable(r) for r in journal.conversations.timeline(c.uuid)), key=repr)
            for c in contacts
        },
        "follow_ups": {
            c.uuid: sorted(journal.follow_ups.for_contact(c.uuid, include_done=True), key=repr)
            for c in contacts
        },
        "organisations": sorted(journal.organisations.list(include_archived=True), key=repr),
        "tags": journal.tags.list(),
        "introductions": sorted(journal.introductions.all(), key=repr),
        "opportunities": sorted((comparable(o) for o in journal.opportunities.list()), key=repr),
        "cadences": journal.reminders.kind_cadences(),
        "settings": journal.db.execute_sql('SELECT "key", "value" FROM setting ORDER BY "key"').fetchall(),
        "sent_items": journal.db.execute_sql(
            "SELECT s.uuid, c.uuid, s.what, s.sent_on, s.detail, s.created_at, s.updated_at "
            "FROM sent_item s JOIN contact c ON c.id = s.contact_id ORDER BY s.uuid"
        ).fetchall(),
    }
