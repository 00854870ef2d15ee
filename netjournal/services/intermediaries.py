"""Intermediaries (interim providers, recruiters): their people, what I sent them, and when to
tell them I am available again.

Intermediaries mostly put forward people they already know and who are top of mind, so the
journal keeps track of what each of their people has from me (CV, availability, day rate) and
reminds me to refresh my availability with all of them before my current assignment ends.

*Intermediary people* are the active contacts at an organisation of kind intermediary or
recruiter, plus contacts of kind intermediary wherever they work.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import peewee

from netjournal.errors import NotFoundError, ValidationError
from netjournal.services import changes
from netjournal.services.base import Service, require_choice
from netjournal.services.datetext import short_date
from netjournal.services.lookups import ContactRow, contact_rows
from netjournal.services.records import PersonRef
from netjournal.services.work_sources import INTERMEDIARY_ORG_KINDS, work_by_intermediary
from netjournal.storage.models import (
    SENT_ITEM_KINDS,
    Contact,
    Opportunity,
    Organisation,
    SentItem,
)

REFRESH_WEEKS_BEFORE = 6  # intermediaries plan a month or two ahead
RECENT_SENT_PER_PERSON = 5


@dataclass(frozen=True, slots=True)
class SentItemRecord:
    """Something I sent a contact: a CV, my availability, my day rate, or something else."""

    uuid: str
    contact: PersonRef
    what: str  # cv | availability | day_rate | other
    sent_on: date
    detail: str


@dataclass(frozen=True, slots=True)
class IntermediaryPerson:
    """One person at an intermediary, and what they have from me."""

    contact: PersonRef
    role: str
    last_contact_at: datetime | None
    last_cv_on: date | None
    last_availability_on: date | None
    last_day_rate_on: date | None
    recent_sent: tuple[SentItemRecord, ...]  # newest first, at most RECENT_SENT_PER_PERSON


@dataclass(frozen=True, slots=True)
class IntermediaryGroup:
    """An intermediary organisation (or none, for independents) with its people."""

    organisation_uuid: str | None
    organisation: str  # "" for intermediary people without an organisation
    kind: str  # intermediary | recruiter | the organisation's kind | ""
    people: tuple[IntermediaryPerson, ...]  # by name
    opportunities: int  # that came through this organisation
    won: int


@dataclass(frozen=True, slots=True)
class Assignment:
    """A won opportunity I am on (or about to start)."""

    uuid: str
    title: str
    client: str
    started_on: date | None
    ended_on: date | None


@dataclass(frozen=True, slots=True)
class AvailabilityReminder:
    """An intermediary person who has not had my availability since the refresh window opened."""

    contact: PersonRef
    organisation: str
    last_availability_on: date | None
    last_contact_at: datetime | None


@dataclass(frozen=True, slots=True)
class AvailabilityRefresh:
    """When to tell intermediaries I am available again, and who still needs telling."""

    today: date
    assignment: Assignment  # the current assignment that ends last
    ends_on: date
    available_from: date  # the day after it ends
    due_from: date  # the refresh window opens: ``weeks_before`` weeks before the end
    people: tuple[AvailabilityReminder, ...]  # not sent availability since ``due_from``

    @property
    def is_due(self) -> bool:
        """True once the refresh window has opened (and until the assignment ends)."""
        return self.today >= self.due_from

    def summary(self) -> str:
        """One line for the Today view and ``netjournal due``."""
        n = len(self.people)
        ends = f"{self.assignment.title} ends {short_date(self.ends_on, self.today)}"
        available = short_date(self.available_from, self.today)
        if not n:
            return f"Every intermediary knows you are available from {available} ({ends})."
        who = "intermediary" if n == 1 else "intermediaries"
        return f"Tell {n} {who} you are available from {available} ({ends})."


# The last few items sent to each person, newest first (a window over the (contact, what,
# sent_on) index rather than one query per person).
_RECENT_SENT_SQL = """
SELECT uuid, contact_id, what, sent_on, detail FROM (
    SELECT uuid, contact_id, what, sent_on, detail,
           row_number() OVER (PARTITION BY contact_id ORDER BY sent_on DESC, id DESC) AS rank
      FROM sent_item {where}
) WHERE rank <= ? ORDER BY contact_id, rank
"""

SentRow = tuple[str, int, str, str, str]  # uuid, contact id, what, sent on, detail


def _sent_rows(where: str = "", params: tuple[object, ...] = (), per_person: int = -1) -> list[SentRow]:
    limit = per_person if per_person > 0 else 2**31
    cursor = SentItem._meta.database.execute_sql(_RECENT_SENT_SQL.format(where=where), (*params, limit))
    return list(cursor)


def _sent_record(row: SentRow, contact: PersonRef) -> SentItemRecord:
    uuid, _, what, sent_on, detail = row
    return SentItemRecord(
        uuid=uuid, contact=contact, what=what, sent_on=date.fromisoformat(sent_on), detail=detail
    )


def _intermediary_people() -> list[ContactRow]:
    """Active intermediary people, by name."""
    kinds = ", ".join("?" * len(INTERMEDIARY_ORG_KINDS))
    # Two indexed look-ups (by organisation, by kind) rather than one OR over every contact.
    rows = contact_rows(
        "c.archived = 0 AND c.id IN (SELECT id FROM contact WHERE organisation_id IN "
        f"(SELECT id FROM organisation WHERE kind IN ({kinds})) "
        "UNION SELECT id FROM contact WHERE kind = 'intermediary')",
        INTERMEDIARY_ORG_KINDS,
    )
    return sorted(rows, key=lambda r: (r.name.casefold(), r.id))


def _last_sent(what: str | None = None) -> dict[tuple[int, str], date]:
    """The latest date each (contact, kind of item) was sent; one grouped query on the index."""
    query = SentItem.select(SentItem.contact, SentItem.what, peewee.fn.max(SentItem.sent_on)).group_by(
        SentItem.contact, SentItem.what
    )
    if what is not None:
        query = query.where(SentItem.what == what)
    return {(contact_id, kind): date.fromisoformat(str(last)) for contact_id, kind, last in query.tuples()}


def _sent_fields(what: str, sent_on: date, detail: str, today: date) -> dict[str, object]:
    """Check what was sent and when (recording or editing it); the columns to store."""
    if isinstance(sent_on, datetime) or not isinstance(sent_on, date):
        raise ValidationError("The day something was sent must be a calendar date.")
    if sent_on > today:
        raise ValidationError("Something you sent cannot have been sent after today.")
    return {
        "what": require_choice(what, SENT_ITEM_KINDS, "kind of item sent"),
        "sent_on": sent_on,
        "detail": detail.strip(),
    }


class IntermediaryService(Service):
    """What I sent to whom, the intermediaries view, and the availability-refresh reminders."""

    # -- sent items ---------------------------------------------------------------------
    def record_sent(
        self, contact_uuid: str, what: str, *, sent_on: date | None = None, detail: str = ""
    ) -> str:
        """Note that I sent ``contact`` my CV, availability, day rate or something else."""
        with self._hub.write() as change:
            contact = Contact.get_or_none(Contact.uuid == contact_uuid)
            if contact is None:
                raise NotFoundError("That contact no longer exists.")
            today = self.today()
            fields = _sent_fields(what, sent_on if sent_on is not None else today, detail, today)
            now = self.now()
            item = SentItem.create(contact=contact, **fields, created_at=now, updated_at=now)
            change.add(changes.SENT_ITEMS, item.uuid)
            change.add(changes.CONTACTS, contact.uuid)
        return str(item.uuid)

    def update_sent(self, uuid: str, *, what: str, sent_on: date, detail: str) -> None:
        """Correct one record of something sent (the edit dialog), checked as :meth:`record_sent`
        does; who it was sent to stays."""
        with self._hub.write() as change:
            item = SentItem.select(SentItem, Contact).join(Contact).where(SentItem.uuid == uuid).first()
            if item is None:
                raise NotFoundError("That record of something sent no longer exists.")
            for name, value in _sent_fields(what, sent_on, detail, self.today()).items():
                setattr(item, name, value)
            item.updated_at = self.now()
            item.save()
            change.add(changes.SENT_ITEMS, uuid)
            # The card of the person it was sent to, and their "last sent" dates, change with it.
            change.add(changes.CONTACTS, item.contact.uuid)

    def delete_sent(self, uuid: str) -> None:
        """Forget one record of something sent."""
        with self._hub.write() as change:
            item = SentItem.select(SentItem, Contact).join(Contact).where(SentItem.uuid == uuid).first()
            if item is None:
                raise NotFoundError("That record of something sent no longer exists.")
            item.delete_instance()
            change.add(changes.SENT_ITEMS, uuid)
            # As when recording it: the contact's card and "last sent" dates change with it.
            change.add(changes.CONTACTS, item.contact.uuid)

    def sent_to(self, contact_uuid: str) -> list[SentItemRecord]:
        """Everything sent to one contact, newest first."""
        contact = Contact.get_or_none(Contact.uuid == contact_uuid)
        if contact is None:
            raise NotFoundError("That contact no longer exists.")
        ref = PersonRef(contact.uuid, contact.name)
        return [_sent_record(row, ref) for row in _sent_rows("WHERE contact_id = ?", (contact.id,))]

    # -- the intermediaries view --------------------------------------------------------
    def overview(self) -> list[IntermediaryGroup]:
        """Every intermediary organisation with its people, what each has from me, and when we
        last spoke; people without an organisation come last, in a group of their own."""
        people = _intermediary_people()
        last = _last_sent()
        recent: dict[int, list[SentRow]] = defaultdict(list)
        for row in _sent_rows(per_person=RECENT_SENT_PER_PERSON):
            recent[row[1]].append(row)
        groups: dict[int | None, list[IntermediaryPerson]] = defaultdict(list)
        for contact in people:
            groups[contact.organisation_id].append(
                IntermediaryPerson(
                    contact=contact.ref,
                    role=contact.role,
                    last_contact_at=contact.last_contact_at,
                    last_cv_on=last.get((contact.id, "cv")),
                    last_availability_on=last.get((contact.id, "availability")),
                    last_day_rate_on=last.get((contact.id, "day_rate")),
                    recent_sent=tuple(_sent_record(r, contact.ref) for r in recent.get(contact.id, ())),
                )
            )
        # Intermediary organisations with nobody in the journal yet still belong in the view.
        orgs = {
            org.id: org
            for org in Organisation.select().where(
                Organisation.id.in_([i for i in groups if i is not None])
                | (
                    Organisation.kind.in_(INTERMEDIARY_ORG_KINDS) & (Organisation.archived == False)  # noqa: E712
                )
            )
        }
        work = work_by_intermediary()
        result = [
            IntermediaryGroup(
                organisation_uuid=org.uuid,
                organisation=org.name,
                kind=org.kind,
                people=tuple(groups.get(org_id, ())),
                opportunities=work.get(org_id, (0, 0, None))[0],
                won=work.get(org_id, (0, 0, None))[1],
            )
            for org_id, org in orgs.items()
        ]
        result.sort(key=lambda g: g.organisation.casefold())
        if groups.get(None):
            result.append(IntermediaryGroup(None, "", "", tuple(groups[None]), 0, 0))
        return result

    # -- assignments and the availability refresh ---------------------------------------
    def current_assignments(self) -> list[Assignment]:
        """Won work I am on: ending today or later, or started and with no end date."""
        today = self.today()
        query = (
            Opportunity.select(Opportunity, Organisation)
            .join(Organisation, peewee.JOIN.LEFT_OUTER, on=(Opportunity.client == Organisation.id))
            .where(
                Opportunity.status == "won",
                (Opportunity.ended_on >= today)
                | (
                    Opportunity.ended_on.is_null()
                    & Opportunity.started_on.is_null(False)
                    & (Opportunity.started_on <= today)
                ),
            )
            .order_by(Opportunity.ended_on.asc(nulls="LAST"), Opportunity.id)
        )
        return [
            Assignment(
                uuid=o.uuid,
                title=o.title,
                client=o.client.name if o.client_id else "",
                started_on=o.started_on,
                ended_on=o.ended_on,
            )
            for o in query
        ]

    def availability_refresh(self, weeks_before: int = REFRESH_WEEKS_BEFORE) -> AvailabilityRefresh | None:
        """The refresh plan for the current assignment, due or not yet; None without one.

        With several current assignments I am free when the last one ends; an open-ended one
        means there is no date to announce yet, so no plan.
        """
        current = self.current_assignments()
        ends = [(a.ended_on, a) for a in current if a.ended_on is not None]
        if not ends or len(ends) < len(current):
            return None
        ends_on, assignment = max(ends, key=lambda pair: (pair[0], pair[1].uuid))
        today = self.today()
        due_from = ends_on - timedelta(weeks=weeks_before)
        last = _last_sent("availability")
        people = [
            AvailabilityReminder(
                contact=c.ref,
                organisation=c.organisation,
                last_availability_on=last.get((c.id, "availability")),
                last_contact_at=c.last_contact_at,
            )
            for c in _intermediary_people()
        ]
        stale = [p for p in people if p.last_availability_on is None or p.last_availability_on < due_from]
        # Those who have gone longest without hearing from me first.
        stale.sort(
            key=lambda p: (p.last_availability_on or date.min, p.organisation.casefold(), p.contact.name)
        )
        return AvailabilityRefresh(
            today=today,
            assignment=assignment,
            ends_on=ends_on,
            available_from=ends_on + timedelta(days=1),
            due_from=due_from,
            people=tuple(stale),
        )

    def availability_reminders(self, weeks_before: int = REFRESH_WEEKS_BEFORE) -> list[AvailabilityReminder]:
        """Intermediary people to tell about my availability now (empty until the window opens)."""
        plan = self.availability_refresh(weeks_before)
        return list(plan.people) if plan is not None and plan.is_due else []
