"""Plain, immutable results of the services: what the UI and the CLI render.

No peewee model ever leaves the services layer; these dataclasses do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class OrganisationRecord:
    uuid: str
    name: str
    kind: str
    website: str
    notes: str
    archived: bool
    people: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A contact named inside another record."""

    uuid: str
    name: str


@dataclass(frozen=True, slots=True)
class ContactSummary:
    """One row of the contact list."""

    uuid: str
    name: str
    organisation: str
    role: str
    kind: str
    archived: bool
    last_contact_at: datetime | None
    keep_in_touch_days: int | None  # the contact's own cadence, if set
    overdue_days: int | None  # > 0 overdue by that many days, <= 0 due in -n days, None: no cadence
    cadence_days: int | None = None  # the cadence in force: their own, else their kind's default


@dataclass(frozen=True, slots=True)
class ContactRecord:
    uuid: str
    name: str
    organisation: str
    organisation_uuid: str | None
    role: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    links: tuple[str, ...]
    location: str
    kind: str
    how_we_met: str
    met_on: date | None
    introduced_by: PersonRef | None
    common_ground: str
    their_world: str
    how_i_can_help: str
    notes: str
    keep_in_touch_days: int | None
    archived: bool
    tags: tuple[str, ...]
    last_contact_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class FollowUpRecord:
    uuid: str
    contact: PersonRef
    conversation_uuid: str | None
    what: str
    owner: str
    due_on: date | None
    done_at: datetime | None
    created_at: datetime

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True, slots=True)
class ConversationRecord:
    uuid: str
    occurred_at: datetime
    channel: str
    place: str
    summary: str
    participants: tuple[PersonRef, ...]
    follow_ups: tuple[FollowUpRecord, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class IntroductionRecord:
    uuid: str
    direction: str
    kind: str
    introducer: PersonRef | None  # None: me
    introduced: PersonRef | None
    introduced_to: PersonRef | None  # None: me
    occurred_on: date | None
    outcome: str


@dataclass(frozen=True, slots=True)
class OpportunityRecord:
    uuid: str
    title: str
    kind: str
    status: str
    source: str
    client: str
    intermediary: str
    event: str
    started_on: date | None
    ended_on: date | None
    day_rate: str
    notes: str
    people: tuple[tuple[str, PersonRef], ...]  # (role, person) in chain order


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result. ``snippet`` marks matched words with ``HIT_START``/``HIT_END``."""

    kind: str  # contact | organisation | conversation
    uuid: str
    title: str
    subtitle: str
    snippet: str
    contact_uuid: str | None  # the contact to open for this hit
    rank: float


HIT_START = "\x02"
HIT_END = "\x03"
