"""Introductions, referrals and opportunities: the records behind "where work comes from"."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import date
from typing import Any

import peewee

from netjournal.errors import NotFoundError, ValidationError
from netjournal.services import changes
from netjournal.services.base import Service, require_choice, require_text
from netjournal.services.contacts import OrganisationService
from netjournal.services.records import IntroductionRecord, OpportunityRecord, PersonRef
from netjournal.storage.models import (
    INTRO_DIRECTIONS,
    INTRO_KINDS,
    OPPORTUNITY_KINDS,
    OPPORTUNITY_SOURCES,
    OPPORTUNITY_STATUSES,
    Contact,
    Introduction,
    Opportunity,
    OpportunityPerson,
    Organisation,
)


def _person(contact: Contact | None) -> PersonRef | None:
    return PersonRef(contact.uuid, contact.name) if contact is not None else None


def _contact_or_none(uuid: str | None) -> Contact | None:
    if uuid is None:
        return None
    contact = Contact.get_or_none(Contact.uuid == uuid)
    if contact is None:
        raise NotFoundError("A person named in this record no longer exists.")
    return contact


def _introduction_fields(
    *,
    direction: str,
    introduced: str | None,
    introducer: str | None,
    introduced_to: str | None,
    kind: str,
    occurred_on: date | None,
    outcome: str,
) -> dict[str, Any]:
    """Check one introduction's fields and resolve its people; the columns to store.

    Runs inside the write, so a person deleted meanwhile is a NotFoundError, not a broken link.
    """
    direction = require_choice(direction, INTRO_DIRECTIONS, "direction")
    if direction == "received" and introducer is None:
        raise ValidationError("An introduction I received needs the person who made it.")
    if direction == "given" and introducer is not None:
        raise ValidationError("An introduction I gave is made by me (no introducer).")
    if introduced is None and introduced_to is None:
        raise ValidationError("An introduction needs at least one person introduced.")
    if direction == "given" and introduced is None:
        raise ValidationError("An introduction I gave is of someone else: I cannot introduce myself.")
    if introduced is not None and introduced == introduced_to:
        raise ValidationError("Someone cannot be introduced to themselves.")
    if introducer is not None and introducer in (introduced, introduced_to):
        raise ValidationError("Whoever made an introduction cannot also be one of the two introduced.")
    return {
        "direction": direction,
        "kind": require_choice(kind, INTRO_KINDS, "introduction kind"),
        "introducer": _contact_or_none(introducer),
        "introduced": _contact_or_none(introduced),
        "introduced_to": _contact_or_none(introduced_to),
        "occurred_on": occurred_on,
        "outcome": outcome.strip(),
    }


class IntroductionService(Service):
    """``None`` as a person means *me*: received = someone introduced me to someone."""

    def record(
        self,
        *,
        direction: str,
        introduced: str | None,
        introducer: str | None = None,
        introduced_to: str | None = None,
        kind: str = "introduction",
        occurred_on: date | None = None,
        outcome: str = "",
    ) -> str:
        with self._hub.write() as change:
            intro = Introduction.create(
                **_introduction_fields(
                    direction=direction,
                    introduced=introduced,
                    introducer=introducer,
                    introduced_to=introduced_to,
                    kind=kind,
                    occurred_on=occurred_on,
                    outcome=outcome,
                ),
                created_at=self.now(),
                updated_at=self.now(),
            )
            change.add(changes.INTRODUCTIONS, intro.uuid)
        return str(intro.uuid)

    def update(
        self,
        uuid: str,
        *,
        direction: str,
        introduced: str | None,
        introducer: str | None,
        introduced_to: str | None,
        kind: str,
        occurred_on: date | None,
        outcome: str,
    ) -> None:
        """Replace every field of an introduction (the edit dialog), checked as :meth:`record` does."""
        with self._hub.write() as change:
            intro = Introduction.get_or_none(Introduction.uuid == uuid)
            if intro is None:
                raise NotFoundError("That introduction no longer exists.")
            fields = _introduction_fields(
                direction=direction,
                introduced=introduced,
                introducer=introducer,
                introduced_to=introduced_to,
                kind=kind,
                occurred_on=occurred_on,
                outcome=outcome,
            )
            for name, value in fields.items():
                setattr(intro, name, value)
            intro.updated_at = self.now()
            intro.save()
            change.add(changes.INTRODUCTIONS, uuid)

    def get(self, uuid: str) -> IntroductionRecord:
        """One introduction, with its people named."""
        records = self._records(Introduction.select().where(Introduction.uuid == uuid))
        if not records:
            raise NotFoundError("That introduction no longer exists.")
        return records[0]

    def set_outcome(self, uuid: str, outcome: str) -> None:
        with self._hub.write() as change:
            intro = Introduction.get_or_none(Introduction.uuid == uuid)
            if intro is None:
                raise NotFoundError("That introduction no longer exists.")
            intro.outcome = outcome.strip()
            intro.updated_at = self.now()
            intro.save()
            change.add(changes.INTRODUCTIONS, uuid)

    def delete(self, uuid: str) -> None:
        with self._hub.write() as change:
            if not Introduction.delete().where(Introduction.uuid == uuid).execute():
                raise NotFoundError("That introduction no longer exists.")
            change.add(changes.INTRODUCTIONS, uuid)

    def for_contact(self, contact_uuid: str) -> list[IntroductionRecord]:
        """Every introduction the contact took part in, in any role, newest first."""
        contact = Contact.get_or_none(Contact.uuid == contact_uuid)
        if contact is None:
            raise NotFoundError("That contact no longer exists.")
        query = Introduction.select().where(
            (Introduction.introducer == contact)
            | (Introduction.introduced == contact)
            | (Introduction.introduced_to == contact)
        )
        return self._records(query)

    def all(self) -> list[IntroductionRecord]:
        return self._records(Introduction.select())

    def _records(self, query: peewee.ModelSelect) -> list[IntroductionRecord]:
        rows = list(query.order_by(Introduction.occurred_on.desc(nulls="LAST"), Introduction.id.desc()))
        ids = (
            {r.introducer_id for r in rows}
            | {r.introduced_id for r in rows}
            | {r.introduced_to_id for r in rows}
        )
        people = {c.id: c for c in Contact.select().where(Contact.id.in_([i for i in ids if i]))}
        return [
            IntroductionRecord(
                uuid=r.uuid,
                direction=r.direction,
                kind=r.kind,
                introducer=_person(people.get(r.introducer_id)),
                introduced=_person(people.get(r.introduced_id)),
                introduced_to=_person(people.get(r.introduced_to_id)),
                occurred_on=r.occurred_on,
                outcome=r.outcome,
            )
            for r in rows
        ]


class OpportunityService(Service):
    def __init__(self, hub: changes.ChangeHub, clock: Any, organisations: OrganisationService) -> None:
        super().__init__(hub, clock)
        self._organisations = organisations

    def create(
        self,
        title: str,
        *,
        kind: str = "assignment",
        status: str = "lead",
        source: str = "network",
        client: str = "",
        intermediary: str = "",
        people: Sequence[tuple[str, str]] = (),
        event: str = "",
        started_on: date | None = None,
        ended_on: date | None = None,
        day_rate: str = "",
        notes: str = "",
    ) -> str:
        """``people`` is the chain behind it: (role, contact UUID) pairs in order."""
        with self._hub.write() as change:
            opp = Opportunity.create(
                title=require_text(title, "Title"),
                kind=require_choice(kind, OPPORTUNITY_KINDS, "opportunity kind"),
                status=require_choice(status, OPPORTUNITY_STATUSES, "status"),
                source=require_choice(source, OPPORTUNITY_SOURCES, "source"),
                client=self._organisations.get_or_create(client) if client.strip() else None,
                intermediary=(
                    self._organisations.get_or_create(intermediary, "intermediary")
                    if intermediary.strip()
                    else None
                ),
                event=event.strip(),
                started_on=started_on,
                ended_on=ended_on,
                day_rate=day_rate.strip(),
                notes=notes,
                created_at=self.now(),
                updated_at=self.now(),
            )
            for position, (role, uuid) in enumerate(people):
                contact = _contact_or_none(uuid)
                OpportunityPerson.insert(
                    opportunity=opp,
                    contact=contact,
                    role=role.strip() or "introducer",
                    position=position,
                ).on_conflict_ignore().execute()
            change.add(changes.OPPORTUNITIES, opp.uuid)
        return str(opp.uuid)

    def update(
        self,
        uuid: str,
        title: str,
        *,
        kind: str,
        status: str,
        source: str,
        client: str,
        intermediary: str,
        people: Sequence[tuple[str, str]],
        event: str,
        started_on: date | None,
        ended_on: date | None,
        day_rate: str,
        notes: str,
    ) -> None:
        """Replace every field of an opportunity, its chain of people included (the edit dialog)."""
        with self._hub.write() as change:
            opp = Opportunity.get_or_none(Opportunity.uuid == uuid)
            if opp is None:
                raise NotFoundError("That opportunity no longer exists.")
            opp.title = require_text(title, "Title")
            opp.kind = require_choice(kind, OPPORTUNITY_KINDS, "opportunity kind")
            opp.status = require_choice(status, OPPORTUNITY_STATUSES, "status")
            opp.source = require_choice(source, OPPORTUNITY_SOURCES, "source")
            opp.client = self._organisations.get_or_create(client) if client.strip() else None
            opp.intermediary = (
                self._organisations.get_or_create(intermediary, "intermediary")
                if intermediary.strip()
                else None
            )
            opp.event = event.strip()
            opp.started_on = started_on
            opp.ended_on = ended_on
            opp.day_rate = day_rate.strip()
            opp.notes = notes
            opp.updated_at = self.now()
            opp.save()
            OpportunityPerson.delete().where(OpportunityPerson.opportunity == opp).execute()
            for position, (role, person) in enumerate(people):
                OpportunityPerson.insert(
                    opportunity=opp,
                    contact=_contact_or_none(person),
                    role=role.strip() or "introducer",
                    position=position,
                ).on_conflict_ignore().execute()
            change.add(changes.OPPORTUNITIES, opp.uuid)

    def get(self, uuid: str) -> OpportunityRecord:
        """One opportunity with its chain of people."""
        records = self._records(Opportunity.select().where(Opportunity.uuid == uuid))
        if not records:
            raise NotFoundError("That opportunity no longer exists.")
        return records[0]

    def set_status(self, uuid: str, status: str) -> None:
        with self._hub.write() as change:
            opp = Opportunity.get_or_none(Opportunity.uuid == uuid)
            if opp is None:
                raise NotFoundError("That opportunity no longer exists.")
            opp.status = require_choice(status, OPPORTUNITY_STATUSES, "status")
            opp.updated_at = self.now()
            opp.save()
            change.add(changes.OPPORTUNITIES, uuid)

    def delete(self, uuid: str) -> None:
        with self._hub.write() as change:
            if not Opportunity.delete().where(Opportunity.uuid == uuid).execute():
                raise NotFoundError("That opportunity no longer exists.")
            change.add(changes.OPPORTUNITIES, uuid)

    def list(self, *, status: str | None = None) -> list[OpportunityRecord]:
        query = Opportunity.select().order_by(
            Opportunity.started_on.desc(nulls="LAST"), Opportunity.id.desc()
        )
        if status:
            query = query.where(Opportunity.status == status)
        return self._records(query)

    def for_contact(self, contact_uuid: str) -> builtins.list[OpportunityRecord]:
        query = (
            Opportunity.select()
            .join(OpportunityPerson)
            .join(Contact)
            .where(Contact.uuid == contact_uuid)
            .distinct()
        )
        return self._records(query)

    def _records(self, query: peewee.ModelSelect) -> builtins.list[OpportunityRecord]:
        opps = list(query)
        if not opps:
            return []
        orgs = {
            o.id: o.name
            for o in Organisation.select().where(
                Organisation.id.in_(
                    [o.client_id for o in opps if o.client_id]
                    + [o.intermediary_id for o in opps if o.intermediary_id]
                )
            )
        }
        chain: dict[int, list[tuple[str, PersonRef]]] = {o.id: [] for o in opps}
        for link in (
            OpportunityPerson.select(OpportunityPerson, Contact)
            .join(Contact)
            .where(OpportunityPerson.opportunity.in_([o.id for o in opps]))
            .order_by(OpportunityPerson.position)
        ):
            chain[link.opportunity_id].append((link.role, PersonRef(link.contact.uuid, link.contact.name)))
        return [
            OpportunityRecord(
                uuid=o.uuid,
                title=o.title,
                kind=o.kind,
                status=o.status,
                source=o.source,
                client=orgs.get(o.client_id, ""),
                intermediary=orgs.get(o.intermediary_id, ""),
                event=o.event,
                started_on=o.started_on,
                ended_on=o.ended_on,
                day_rate=o.day_rate,
                notes=o.notes,
                people=tuple(chain[o.id]),
            )
            for o in opps
        ]
