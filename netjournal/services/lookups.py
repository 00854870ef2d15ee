"""Batch look-ups shared by the analysis services: one query per batch, never one per row.

The analyses read thousands of contacts at a time; building full peewee models (and parsing
every timestamp) for each costs more than the query itself, so they read the few columns they
need as :class:`ContactRow`, and parse the last-contact time only when it is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from netjournal.services.records import PersonRef
from netjournal.storage.fields import parse_utc_text
from netjournal.storage.models import Contact

T = TypeVar("T")

# Well under SQLite's limit on bound parameters (999 in old builds), so IN lists always fit.
BATCH = 900

_CONTACT_ROWS_SQL = """
SELECT c.id, c.uuid, c.name, c.organisation_id, coalesce(o.name, ''), c.role, c.kind, c.archived,
       c.last_contact_at
  FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id
 WHERE {where}
"""


@dataclass(frozen=True, slots=True)
class ContactRow:
    """The columns of a contact that lists and analyses need."""

    id: int
    uuid: str
    name: str
    organisation_id: int | None
    organisation: str  # its name, or ""
    role: str
    kind: str
    archived: bool
    last_contact_text: str | None  # as stored; see last_contact_at

    @property
    def ref(self) -> PersonRef:
        """The contact as named inside other records."""
        return PersonRef(self.uuid, self.name)

    @property
    def last_contact_at(self) -> datetime | None:
        """When I last spoke with them (parsed on demand)."""
        return parse_utc_text(self.last_contact_text) if self.last_contact_text else None


def batches(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def contact_rows(where: str, params: Sequence[object] = ()) -> list[ContactRow]:
    """Contacts matching a SQL condition over ``c`` (contact) and ``o`` (its organisation)."""
    cursor = Contact._meta.database.execute_sql(_CONTACT_ROWS_SQL.format(where=where), tuple(params))
    return [
        ContactRow(int(i), uuid, name, org_id, org, role, kind, bool(archived), last)
        for i, uuid, name, org_id, org, role, kind, archived, last in cursor
    ]


def contacts_by_id(ids: Iterable[int]) -> dict[int, ContactRow]:
    """Contacts for the given ids; unknown ids are left out."""
    found: dict[int, ContactRow] = {}
    for batch in batches(sorted(set(ids))):
        rows = contact_rows(f"c.id IN ({', '.join('?' * len(batch))})", batch)
        found.update((row.id, row) for row in rows)
    return found
