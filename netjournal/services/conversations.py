"""Conversations (the timeline) and follow-ups (promises and next steps)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import peewee

from netjournal.errors import NotFoundError, ValidationError
from netjournal.services import changes
from netjournal.services.base import Service, require_aware, require_choice, require_text
from netjournal.services.records import ConversationRecord, FollowUpRecord, PersonRef
from netjournal.storage.models import (
    CHANNELS,
    FOLLOW_UP_OWNERS,
    Contact,
    Conversation,
    FollowUp,
    Participant,
)


def follow_up_record(item: FollowUp, contact: Contact, conversation_uuid: str | None) -> FollowUpRecord:
    return FollowUpRecord(
        uuid=item.uuid,
        contact=PersonRef(contact.uuid, contact.name),
        conversation_uuid=conversation_uuid,
        what=item.what,
        owner=item.owner,
        due_on=item.due_on,
        done_at=item.done_at,
        created_at=item.created_at,
    )


class ConversationService(Service):
    def _contacts(self, uuids: Sequence[str]) -> list[Contact]:
        if not uuids:
            raise ValidationError("A conversation needs at least one person.")
        found = {c.uuid: c for c in Contact.select().where(Contact.uuid.in_(list(uuids)))}
        missing = [u for u in uuids if u not in found]
        if missing:
            raise NotFoundError("A participant of this conversation no longer exists.")
        return [found[u] for u in dict.fromkeys(uuids)]

    def _get(self, uuid: str) -> Conversation:
        conv = Conversation.get_or_none(Conversation.uuid == uuid)
        if conv is None:
            raise NotFoundError("That conversation no longer exists.")
        return conv

    def log(
        self,
        participants: Sequence[str],
        summary: str,
        *,
        occurred_at: datetime | None = None,
        channel: str = "meeting",
        place: str = "",
        follow_up: str = "",
        follow_up_due: date | None = None,
        follow_up_owner: str = "me",
    ) -> str:
        """Log a conversation with one or more contacts (UUIDs); returns its UUID."""
        with self._hub.write() as change:
            people = self._contacts(participants)
            now = self.now()
            conv = Conversation.create(
                occurred_at=require_aware(occurred_at, "When") if occurred_at else now,
                channel=require_choice(channel, CHANNELS, "channel"),
                place=place.strip(),
                summary=summary.strip(),
                created_at=now,
                updated_at=now,
            )
            Participant.insert_many([{"conversation": conv.id, "contact": p.id} for p in people]).execute()
            change.add(changes.CONVERSATIONS, conv.uuid)
            change.add(changes.CONTACTS, *(p.uuid for p in people))
            if follow_up.strip():
                item = FollowUp.create(
                    contact=people[0],
                    conversation=conv,
                    what=follow_up.strip(),
                    owner=require_choice(follow_up_owner, FOLLOW_UP_OWNERS, "owner"),
                    due_on=follow_up_due,
                    created_at=now,
                    updated_at=now,
                )
                change.add(changes.FOLLOW_UPS, item.uuid)
        return str(conv.uuid)

    def update(
        self,
        uuid: str,
        *,
        summary: str | None = None,
        occurred_at: datetime | None = None,
        channel: str | None = None,
        place: str | None = None,
        participants: Sequence[str] | None = None,
    ) -> None:
        with self._hub.write() as change:
            conv = self._get(uuid)
            if summary is not None:
                conv.summary = summary.strip()
            if occurred_at is not None:
                conv.occurred_at = require_aware(occurred_at, "When")
            if channel is not None:
                conv.channel = require_choice(channel, CHANNELS, "channel")
            if place is not None:
                conv.place = place.strip()
            conv.updated_at = self.now()
            conv.save()
            before = {p.contact.uuid for p in conv.participant_links.join(Contact)}
            if participants is not None:
                people = self._contacts(participants)
                Participant.delete().where(Participant.conversation == conv).execute()
                Participant.insert_many(
                    [{"conversation": conv.id, "contact": p.id} for p in people]
                ).execute()
                before |= {p.uuid for p in people}
            change.add(changes.CONVERSATIONS, conv.uuid)
            change.add(changes.CONTACTS, *before)

    def delete(self, uuid: str, *, with_follow_ups: bool = False) -> None:
        """Delete a conversation. Its follow-ups stay with their contact (no longer tied to a
        conversation) unless ``with_follow_ups``, which deletes them too, in the same transaction."""
        with self._hub.write() as change:
            conv = self._get(uuid)
            people = [p.contact.uuid for p in conv.participant_links.join(Contact)]
            if with_follow_ups:
                FollowUp.delete().where(FollowUp.conversation == conv).execute()
            conv.delete_instance()
            change.add(changes.CONVERSATIONS, uuid)
            change.add(changes.CONTACTS, *people)
            change.add(changes.FOLLOW_UPS)

    def get(self, uuid: str) -> ConversationRecord:
        records = self._records(Conversation.select().where(Conversation.uuid == uuid))
        if not records:
            raise NotFoundError("That conversation no longer exists.")
        return records[0]

    def timeline(
        self, contact_uuid: str, *, offset: int = 0, limit: int | None = None
    ) -> list[ConversationRecord]:
        """A contact's conversations, newest first, with their participants and follow-ups."""
        contact = Contact.get_or_none(Contact.uuid == contact_uuid)
        if contact is None:
            raise NotFoundError("That contact no longer exists.")
        query = (
            Conversation.select()
            .join(Participant)
            .where(Participant.contact == contact)
            .order_by(Conversation.occurred_at.desc(), Conversation.id.desc())
        )
        if limit is not None:
            query = query.limit(limit).offset(offset)
        return self._records(query)

    def timeline_count(self, contact_uuid: str) -> int:
        return Participant.select().join(Contact).where(Contact.uuid == contact_uuid).count()

    def recent(self, limit: int = 20) -> list[ConversationRecord]:
        query = Conversation.select().order_by(Conversation.occurred_at.desc()).limit(limit)
        return self._records(query)

    def _records(self, query: Iterable[Conversation]) -> list[ConversationRecord]:
        """Turn conversations into records with two extra queries in all (no N+1)."""
        convs = list(query)
        if not convs:
            return []
        ids = [c.id for c in convs]
        people: dict[int, list[PersonRef]] = defaultdict(list)
        for row in (
            Participant.select(Participant.conversation, Contact.uuid, Contact.name)
            .join(Contact)
            .where(Participant.conversation.in_(ids))
            .order_by(Contact.name)
            .tuples()
        ):
            people[row[0]].append(PersonRef(row[1], row[2]))
        uuid_of = {c.id: c.uuid for c in convs}
        follow: dict[int, list[FollowUpRecord]] = defaultdict(list)
        for item in (
            FollowUp.select(FollowUp, Contact)
            .join(Contact)
            .where(FollowUp.conversation.in_(ids))
            .order_by(FollowUp.id)
        ):
            follow[item.conversation_id].append(
                follow_up_record(item, item.contact, uuid_of[item.conversation_id])
            )
        return [
            ConversationRecord(
                uuid=c.uuid,
                occurred_at=c.occurred_at,
                channel=c.channel,
                place=c.place,
                summary=c.summary,
                participants=tuple(people[c.id]),
                follow_ups=tuple(follow[c.id]),
                created_at=c.created_at,
                updated_at=c.updated_at,
            )
            for c in convs
        ]


class FollowUpService(Service):
    def _get(self, uuid: str) -> FollowUp:
        item = FollowUp.get_or_none(FollowUp.uuid == uuid)
        if item is None:
            raise NotFoundError("That follow-up no longer exists.")
        return item

    def create(
        self,
        contact_uuid: str,
        what: str,
        *,
        due_on: date | None = None,
        owner: str = "me",
        conversation_uuid: str | None = None,
    ) -> str:
        with self._hub.write() as change:
            contact = Contact.get_or_none(Contact.uuid == contact_uuid)
            if contact is None:
                raise NotFoundError("That contact no longer exists.")
            conv = None
            if conversation_uuid:
                conv = Conversation.get_or_none(Conversation.uuid == conversation_uuid)
            now = self.now()
            item = FollowUp.create(
                contact=contact,
                conversation=conv,
                what=require_text(what, "Follow-up"),
                owner=require_choice(owner, FOLLOW_UP_OWNERS, "owner"),
                due_on=due_on,
                created_at=now,
                updated_at=now,
            )
            change.add(changes.FOLLOW_UPS, item.uuid)
        return str(item.uuid)

    def update(
        self,
        uuid: str,
        *,
        what: str | None = None,
        due_on: date | None = None,
        clear_due: bool = False,
        owner: str | None = None,
    ) -> None:
        with self._hub.write() as change:
            item = self._get(uuid)
            if what is not None:
                item.what = require_text(what, "Follow-up")
            if due_on is not None or clear_due:
                item.due_on = due_on
            if owner is not None:
                item.owner = require_choice(owner, FOLLOW_UP_OWNERS, "owner")
            item.updated_at = self.now()
            item.save()
            change.add(changes.FOLLOW_UPS, uuid)

    def set_done(self, uuid: str, done: bool = True) -> None:
        with self._hub.write() as change:
            item = self._get(uuid)
            item.done_at = self.now() if done else None
            item.updated_at = self.now()
            item.save()
            change.add(changes.FOLLOW_UPS, uuid)

    def snooze(self, uuid: str, days: int) -> None:
        """Move the due date ``days`` from today (or from its due date, if that is later)."""
        if days <= 0:
            raise ValidationError("Snooze by at least one day.")
        with self._hub.write() as change:
            item = self._get(uuid)
            start = max(self.today(), item.due_on or self.today())
            item.due_on = date.fromordinal(start.toordinal() + days)
            item.updated_at = self.now()
            item.save()
            change.add(changes.FOLLOW_UPS, uuid)

    def delete(self, uuid: str) -> None:
        with self._hub.write() as change:
            self._get(uuid).delete_instance()
            change.add(changes.FOLLOW_UPS, uuid)

    def for_contact(self, contact_uuid: str, *, include_done: bool = False) -> list[FollowUpRecord]:
        query = (
            FollowUp.select(FollowUp, Contact, Conversation)
            .join(Contact)
            .switch(FollowUp)
            .join(Conversation, peewee.JOIN.LEFT_OUTER)
            .where(Contact.uuid == contact_uuid)
            .order_by(FollowUp.done_at.is_null(False), FollowUp.due_on.asc(nulls="LAST"), FollowUp.id)
        )
        if not include_done:
            query = query.where(FollowUp.done_at.is_null())
        return [
            follow_up_record(i, i.contact, i.conversation.uuid if i.conversation_id else None) for i in query
        ]

    def open_items(self) -> list[FollowUpRecord]:
        """Every follow-up not done yet, soonest due first (no due date last)."""
        query = (
            FollowUp.select(FollowUp, Contact, Conversation)
            .join(Contact)
            .switch(FollowUp)
            .join(Conversation, peewee.JOIN.LEFT_OUTER)
            .where(FollowUp.done_at.is_null(), Contact.archived == False)  # noqa: E712
            .order_by(FollowUp.due_on.asc(nulls="LAST"), FollowUp.id)
        )
        return [
            follow_up_record(i, i.contact, i.conversation.uuid if i.conversation_id else None) for i in query
        ]
