"""Keep-in-touch reminders and what is due: the *Today* view, the tray summary, ``netjournal due``.

A contact's cadence is their own ``keep_in_touch_days``, else the default for their kind
(journal-wide, stored in the encrypted file). Dates are the user's local dates, taken from the
injected clock, so "overdue" turns over at local midnight.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import peewee

from netjournal.errors import NotFoundError, ValidationError
from netjournal.services import changes
from netjournal.services.base import Service, cadence
from netjournal.services.conversations import follow_up_record
from netjournal.services.records import FollowUpRecord, PersonRef
from netjournal.storage.models import CONTACT_KINDS, Contact, Conversation, FollowUp, Organisation, Setting

UPCOMING_DAYS = 7
UNDATED_LIMIT = 100  # open follow-ups without a date listed, oldest first
_KIND_CADENCE_KEY = "keep_in_touch_defaults"
DEFAULT_KIND_CADENCES: dict[str, int | None] = {
    "client": 45,
    "intermediary": 60,
    "prospect": 30,
    "referrer": 90,
    "peer": 120,
    "friend": 180,
    "other": None,
}


@dataclass(frozen=True, slots=True)
class DueContact:
    """Someone to get back in touch with."""

    contact: PersonRef
    organisation: str
    kind: str
    cadence_days: int
    last_contact_at: datetime | None
    due_on: date
    overdue_days: int  # negative: due in that many days


@dataclass(frozen=True, slots=True)
class DueReport:
    """Everything due, as of ``today``."""

    today: date
    overdue_follow_ups: tuple[FollowUpRecord, ...]  # due before today, oldest first
    follow_ups_due_today: tuple[FollowUpRecord, ...]
    overdue_contacts: tuple[DueContact, ...]  # longest overdue first (today counts as due)
    upcoming_follow_ups: tuple[FollowUpRecord, ...]  # due in the next days
    upcoming_contacts: tuple[DueContact, ...]
    # Open follow-ups nobody gave a date, oldest first: shown so a promise never slips out of
    # sight, but never counted as due (they have no day to be due on).
    undated_follow_ups: tuple[FollowUpRecord, ...] = ()
    # People (not archived) with no keep-in-touch rhythm, their own or their kind's: they are
    # never due, by choice (an import of 800 connections must not make 800 people overdue).
    without_rhythm: int = 0

    @property
    def due_now(self) -> int:
        """How many things need attention today (the tray's *Due today (N)*)."""
        return len(self.overdue_follow_ups) + len(self.follow_ups_due_today) + len(self.overdue_contacts)

    def summary(self) -> str:
        """One line for a notification: counts only, never names (notifications can be logged)."""
        parts = []
        follow = len(self.overdue_follow_ups) + len(self.follow_ups_due_today)
        if follow:
            parts.append(f"{follow} follow-up{'s' if follow != 1 else ''} due")
        if self.overdue_contacts:
            n = len(self.overdue_contacts)
            parts.append(f"{n} {'person' if n == 1 else 'people'} to get back in touch with")
        return "; ".join(parts) if parts else "Nothing due today."

    def to_json(self) -> str:
        def follow(item: FollowUpRecord) -> dict[str, object]:
            return {
                "uuid": item.uuid,
                "contact": item.contact.name,
                "contact_uuid": item.contact.uuid,
                "what": item.what,
                "owner": item.owner,
                "due_on": item.due_on.isoformat() if item.due_on else None,
            }

        def person(item: DueContact) -> dict[str, object]:
            return {
                "contact": item.contact.name,
                "contact_uuid": item.contact.uuid,
                "organisation": item.organisation,
                "cadence_days": item.cadence_days,
                "last_contact_at": item.last_contact_at.isoformat() if item.last_contact_at else None,
                "due_on": item.due_on.isoformat(),
                "overdue_days": item.overdue_days,
            }

        return json.dumps(
            {
                "today": self.today.isoformat(),
                "overdue_follow_ups": [follow(f) for f in self.overdue_follow_ups],
                "follow_ups_due_today": [follow(f) for f in self.follow_ups_due_today],
                "overdue_contacts": [person(c) for c in self.overdue_contacts],
                "upcoming_follow_ups": [follow(f) for f in self.upcoming_follow_ups],
                "upcoming_contacts": [person(c) for c in self.upcoming_contacts],
                "undated_follow_ups": [follow(f) for f in self.undated_follow_ups],
            },
            ensure_ascii=False,
            indent=2,
        )


def _open_follow_ups(
    where: peewee.Expression, *, order: tuple[peewee.Node, ...], limit: int | None = None
) -> list[FollowUpRecord]:
    """Open follow-ups of people not archived that match ``where``, with their contact and
    conversation joined in (one query)."""
    query = (
        FollowUp.select(FollowUp, Contact, Conversation)
        .join(Contact)
        .switch(FollowUp)
        .join(Conversation, peewee.JOIN.LEFT_OUTER)
        .where(FollowUp.done_at.is_null(), Contact.archived == False, where)  # noqa: E712
        .order_by(*order)
    )
    if limit is not None:
        query = query.limit(limit)
    return [follow_up_record(i, i.contact, i.conversation.uuid if i.conversation_id else None) for i in query]


class ReminderService(Service):
    # -- defaults per kind ----------------------------------------------------------------
    def kind_cadences(self) -> dict[str, int | None]:
        """The keep-in-touch default (days, or None for none) for every contact kind."""
        stored = Setting.get_or_none(Setting.key == _KIND_CADENCE_KEY)
        values = dict(DEFAULT_KIND_CADENCES)
        if stored is not None:
            try:
                loaded = json.loads(stored.value)
            except ValueError:
                loaded = {}
            for kind in CONTACT_KINDS:
                value = loaded.get(kind, values.get(kind))
                values[kind] = int(value) if isinstance(value, int) and value > 0 else None
        return values

    def set_kind_cadence(self, kind: str, days: int | None) -> None:
        if kind not in CONTACT_KINDS:
            raise ValidationError(f"Unknown contact kind '{kind}'.")
        values = self.kind_cadences()
        values[kind] = cadence(days)
        with self._hub.write() as change:
            Setting.insert(key=_KIND_CADENCE_KEY, value=json.dumps(values)).on_conflict_replace().execute()
            change.add(changes.CONTACTS)

    def effective_cadence_sql(self) -> peewee.Node:
        """SQL for a contact's cadence: their own, else their kind's default."""
        defaults = [(kind, days) for kind, days in self.kind_cadences().items() if days]
        by_kind = peewee.Case(Contact.kind, defaults, None) if defaults else peewee.SQL("NULL")
        return peewee.fn.coalesce(Contact.keep_in_touch_days, by_kind)

    # -- snoozing a person ----------------------------------------------------------------
    def snooze_contact(self, contact_uuid: str, days: int) -> None:
        """Put off a keep-in-touch reminder by ``days`` from today."""
        if days <= 0:
            raise ValidationError("Snooze by at least one day.")
        with self._hub.write() as change:
            contact = Contact.get_or_none(Contact.uuid == contact_uuid)
            if contact is None:
                raise NotFoundError("That contact no longer exists.")
            contact.snoozed_until = self.today() + timedelta(days=days)
            contact.save()
            change.add(changes.CONTACTS, contact_uuid)

    # -- the report -----------------------------------------------------------------------
    def due(self, upcoming_days: int = UPCOMING_DAYS) -> DueReport:
        today = self.today()
        horizon = today + timedelta(days=upcoming_days)
        follow_ups = _open_follow_ups(
            (FollowUp.due_on.is_null(False)) & (FollowUp.due_on <= horizon),
            order=(FollowUp.due_on, FollowUp.id),
        )
        every = self.effective_cadence_sql()  # (reads the per-kind defaults once)
        people = self._due_contacts(today, horizon, every)
        undated = _open_follow_ups(FollowUp.due_on.is_null(), order=(FollowUp.id,), limit=UNDATED_LIMIT)
        return DueReport(
            today=today,
            overdue_follow_ups=tuple(f for f in follow_ups if f.due_on and f.due_on < today),
            follow_ups_due_today=tuple(f for f in follow_ups if f.due_on == today),
            overdue_contacts=tuple(p for p in people if p.due_on <= today),
            upcoming_follow_ups=tuple(f for f in follow_ups if f.due_on and f.due_on > today),
            upcoming_contacts=tuple(p for p in people if p.due_on > today),
            undated_follow_ups=tuple(undated),
            without_rhythm=Contact.select()
            .where(Contact.archived == False, every.is_null())  # noqa: E712
            .count(),
        )

    def _due_contacts(self, today: date, horizon: date, every: peewee.Node) -> list[DueContact]:
        # Due date in SQL (local date of the last contact, or of joining, plus the cadence;
        # a later snooze wins), so only the people due by the horizon reach Python.
        start = peewee.fn.date(peewee.fn.coalesce(Contact.last_contact_at, Contact.created_at), "localtime")
        cadence_due = peewee.fn.date(start, peewee.fn.printf("+%d days", every))
        due_sql = peewee.Case(
            None, [(Contact.snoozed_until > cadence_due, Contact.snoozed_until)], cadence_due
        )
        # Only the columns needed, as tuples: model objects (with every long text field) made
        # this 5x slower at 10k contacts, on the worker that starts with the app.
        rows = (
            Contact.select(
                Contact.uuid,
                Contact.name,
                Organisation.name,
                Contact.kind,
                every,
                Contact.last_contact_at,
                due_sql,
            )
            .join(Organisation, peewee.JOIN.LEFT_OUTER)
            .where(
                Contact.archived == False,  # noqa: E712
                every.is_null(False),
                due_sql <= horizon.isoformat(),
            )
            .tuples()
        )
        due: list[DueContact] = []
        for uuid, name, organisation, kind, cadence_days, last_contact_at, due_text in rows:
            due_on = date.fromisoformat(due_text)
            due.append(
                DueContact(
                    contact=PersonRef(uuid, name),
                    organisation=organisation or "",
                    kind=kind,
                    cadence_days=int(cadence_days),
                    last_contact_at=last_contact_at,
                    due_on=due_on,
                    overdue_days=(today - due_on).days,
                )
            )
        due.sort(key=lambda d: (-d.overdue_days, d.contact.name.lower()))
        return due
