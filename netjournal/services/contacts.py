"""Contacts, organisations and tags."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

import peewee

from netjournal.errors import AmbiguousNameError, NotFoundError, ValidationError
from netjournal.services import changes
from netjournal.services.base import (
    Service,
    cadence,
    join_lines,
    require_choice,
    require_text,
    split_lines,
)
from netjournal.services.records import (
    ContactRecord,
    ContactSummary,
    OrganisationRecord,
    PersonRef,
)
from netjournal.storage.models import (
    CONTACT_KINDS,
    ORGANISATION_KINDS,
    Contact,
    ContactTag,
    Conversation,
    FollowUp,
    Introduction,
    Opportunity,
    OpportunityPerson,
    Organisation,
    Participant,
    SentItem,
    Tag,
)

TEXT_FIELDS = (
    "role",
    "location",
    "how_we_met",
    "common_ground",
    "their_world",
    "how_i_can_help",
    "notes",
)
LIST_FIELDS = ("emails", "phones", "links")
EDITABLE_FIELDS = frozenset(
    TEXT_FIELDS
    + LIST_FIELDS
    + ("name", "kind", "organisation", "met_on", "introduced_by", "keep_in_touch_days", "tags")
)
SORT_KEYS = ("name", "last_contact", "overdue")


def overdue_days(
    last: datetime | None,
    every: int | None,
    today: date,
    *,
    since: datetime | None = None,
    snoozed_until: date | None = None,
) -> int | None:
    """Days past the keep-in-touch cadence (negative: due in that many days; None: no cadence).

    Someone never contacted is due one cadence after ``since`` (when they entered the journal);
    a snooze moves the due date later, never earlier.
    """
    start = last or since
    if every is None or start is None:
        return None
    due = start.astimezone().date().toordinal() + every
    if snoozed_until is not None:
        due = max(due, snoozed_until.toordinal())
    return today.toordinal() - due


def organisation_record(org: Organisation, people: int) -> OrganisationRecord:
    return OrganisationRecord(
        uuid=org.uuid,
        name=org.name,
        kind=org.kind,
        website=org.website,
        notes=org.notes,
        archived=org.archived,
        people=people,
        created_at=org.created_at,
        updated_at=org.updated_at,
    )


class OrganisationService(Service):
    """Companies, clients and intermediaries (interim providers, recruiters)."""

    def __init__(self, hub: changes.ChangeHub, clock: Any, defaults: CadenceDefaults) -> None:
        super().__init__(hub, clock)
        self._defaults = defaults

    def get_or_create(self, name: str, kind: str = "company") -> Organisation:
        """The organisation called ``name`` (case-insensitive), created if new. Inside a write."""
        cleaned = require_text(name, "Organisation name")
        org = (
            Organisation.select()
            .where(peewee.fn.lower(Organisation.name) == cleaned.lower())
            .order_by(Organisation.archived, Organisation.id)
            .first()
        )
        if org is not None:
            return org
        with self._hub.write() as change:
            org = Organisation.create(
                name=cleaned, kind=require_choice(kind, ORGANISATION_KINDS, "organisation kind")
            )
            change.add(changes.ORGANISATIONS, org.uuid)
        return org

    def create(self, name: str, kind: str = "company", website: str = "", notes: str = "") -> str:
        with self._hub.write() as change:
            org = Organisation.create(
                name=require_text(name, "Organisation name"),
                kind=require_choice(kind, ORGANISATION_KINDS, "organisation kind"),
                website=website.strip(),
                notes=notes,
            )
            change.add(changes.ORGANISATIONS, org.uuid)
        return str(org.uuid)

    def _get(self, uuid: str) -> Organisation:
        org = Organisation.get_or_none(Organisation.uuid == uuid)
        if org is None:
            raise NotFoundError("That organisation no longer exists.")
        return org

    def get(self, uuid: str) -> OrganisationRecord:
        org = self._get(uuid)
        people = Contact.select().where(Contact.organisation == org).count()
        return organisation_record(org, people)

    def list(self, include_archived: bool = False, kind: str | None = None) -> list[OrganisationRecord]:
        counts = (
            Contact.select(Contact.organisation, peewee.fn.count(Contact.id).alias("n"))
            .where(Contact.organisation.is_null(False), Contact.archived == False)  # noqa: E712
            .group_by(Contact.organisation)
        )
        people = {row.organisation_id: row.n for row in counts}
        query = Organisation.select().order_by(peewee.fn.lower(Organisation.name))
        if not include_archived:
            query = query.where(Organisation.archived == False)  # noqa: E712
        if kind:
            query = query.where(Organisation.kind == kind)
        return [organisation_record(org, people.get(org.id, 0)) for org in query]

    def update(self, uuid: str, **fields: Any) -> None:
        """Change ``name``, ``kind``, ``website`` and/or ``notes``; a name another organisation
        already has (in any case, archived or not) is refused: organisations are not merged."""
        allowed = {"name", "kind", "website", "notes"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValidationError(f"Unknown organisation field(s): {', '.join(sorted(unknown))}")
        with self._hub.write() as change:
            org = self._get(uuid)
            if "name" in fields:
                name = require_text(fields["name"], "Organisation name")
                self._refuse_taken_name(name, org.id)
                org.name = name
            if "kind" in fields:
                org.kind = require_choice(fields["kind"], ORGANISATION_KINDS, "organisation kind")
            if "website" in fields:
                org.website = str(fields["website"]).strip()
            if "notes" in fields:
                org.notes = str(fields["notes"])
            org.updated_at = self.now()
            org.save()
            change.add(changes.ORGANISATIONS, org.uuid)
            change.add(changes.CONTACTS)

    def _refuse_taken_name(self, name: str, own_id: int) -> None:
        other = (
            Organisation.select()
            .where(peewee.fn.lower(Organisation.name) == name.lower(), Organisation.id != own_id)
            .first()
        )
        if other is not None:
            archived = " (archived)" if other.archived else ""
            raise ValidationError(
                f"There is already an organisation called '{other.name}'{archived}. "
                "Choose another name: organisations cannot be merged. To combine the two, move "
                "its people over on their cards, then archive the one left empty."
            )

    def set_archived(self, uuid: str, archived: bool) -> None:
        """Hide the organisation from lists (``archived``) or bring it back; its people stay."""
        with self._hub.write() as change:
            org = self._get(uuid)
            org.archived = archived
            org.updated_at = self.now()
            org.save()
            change.add(changes.ORGANISATIONS, org.uuid)

    def delete(self, uuid: str) -> None:
        """Delete the organisation; its people stay, without an organisation."""
        with self._hub.write() as change:
            org = self._get(uuid)
            org.delete_instance()
            change.add(changes.ORGANISATIONS, uuid)
            change.add(changes.CONTACTS)
            change.add(changes.OPPORTUNITIES)

    def opportunity_count(self, uuid: str) -> int:
        """How many opportunities name the organisation, as client or as intermediary."""
        org = self._get(uuid)
        return int(
            Opportunity.select()
            .where((Opportunity.client == org) | (Opportunity.intermediary == org))
            .count()
        )

    def people(self, uuid: str) -> builtins.list[ContactSummary]:
        org = self._get(uuid)
        query = (
            Contact.select(Contact, Organisation)
            .join(Organisation, peewee.JOIN.LEFT_OUTER)
            .where(Contact.organisation == org)
            .order_by(peewee.fn.lower(Contact.name))
        )
        today, defaults = self.today(), self._defaults()
        return [contact_summary(c, today, defaults) for c in query]


CadenceDefaults = Callable[[], dict[str, int | None]]


def contact_summary(contact: Contact, today: date, defaults: dict[str, int | None]) -> ContactSummary:
    org = contact.organisation.name if contact.organisation_id else ""
    return summary_from_columns(
        (
            contact.uuid,
            contact.name,
            org,
            contact.role,
            contact.kind,
            contact.archived,
            contact.last_contact_at,
            contact.keep_in_touch_days,
            contact.created_at,
            contact.snoozed_until,
        ),
        today,
        defaults,
    )


# What a ContactSummary is made of, in the order summary_from_columns takes it.
SUMMARY_COLUMNS = (
    Contact.uuid,
    Contact.name,
    Organisation.name,
    Contact.role,
    Contact.kind,
    Contact.archived,
    Contact.last_contact_at,
    Contact.keep_in_touch_days,
    Contact.created_at,
    Contact.snoozed_until,
)


def summary_from_columns(
    row: tuple[Any, ...], today: date, defaults: dict[str, int | None]
) -> ContactSummary:
    """A ContactSummary from the values of :data:`SUMMARY_COLUMNS` (organisation None: none)."""
    uuid, name, org, role, kind, archived, last, own_cadence, created, snoozed = row
    every = own_cadence or defaults.get(kind)
    return ContactSummary(
        uuid=uuid,
        name=name,
        organisation=org or "",
        role=role,
        kind=kind,
        archived=archived,
        last_contact_at=last,
        keep_in_touch_days=own_cadence,
        overdue_days=overdue_days(last, every, today, since=created, snoozed_until=snoozed),
        cadence_days=every,
    )


class TagService(Service):
    def list(self) -> list[tuple[str, int]]:
        """Every tag with how many contacts carry it, by name."""
        query = (
            Tag.select(Tag.name, peewee.fn.count(ContactTag.contact).alias("n"))
            .join(ContactTag, peewee.JOIN.LEFT_OUTER)
            .group_by(Tag.id)
            .order_by(peewee.fn.lower(Tag.name))
        )
        return [(t.name, t.n) for t in query]

    def rename(self, old: str, new: str) -> None:
        with self._hub.write() as change:
            tag = Tag.get_or_none(Tag.name == old)
            if tag is None:
                raise NotFoundError(f"No tag called '{old}'.")
            target = Tag.get_or_none(Tag.name == require_text(new, "Tag"))
            if target is not None and target.id != tag.id:
                # Renaming onto an existing tag merges the two.
                for link in list(ContactTag.select().where(ContactTag.tag == tag)):
                    ContactTag.insert(contact=link.contact_id, tag=target.id).on_conflict_ignore().execute()
                tag.delete_instance()
            else:
                tag.name = new.strip()
                tag.updated_at = self.now()
                tag.save()
            change.add(changes.TAGS)
            change.add(changes.CONTACTS)

    def delete(self, name: str) -> None:
        with self._hub.write() as change:
            deleted = Tag.delete().where(Tag.name == name).execute()
            if not deleted:
                raise NotFoundError(f"No tag called '{name}'.")
            change.add(changes.TAGS)
            change.add(changes.CONTACTS)


def _clean_tags(tags: Iterable[str]) -> builtins.list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        cleaned = " ".join(tag.split())
        if cleaned and cleaned.lower() not in seen:
            seen[cleaned.lower()] = cleaned
    return list(seen.values())


class ContactService(Service):
    def __init__(
        self,
        hub: changes.ChangeHub,
        clock: Any,
        organisations: OrganisationService,
        defaults: CadenceDefaults,
        cadence_sql: Callable[[], peewee.Node],
    ) -> None:
        super().__init__(hub, clock)
        self._organisations = organisations
        self._defaults = defaults
        self._cadence_sql = cadence_sql

    # -- reading --------------------------------------------------------------------------
    def _get(self, uuid: str) -> Contact:
        contact = Contact.get_or_none(Contact.uuid == uuid)
        if contact is None:
            raise NotFoundError("That contact no longer exists.")
        return contact

    def get(self, uuid: str) -> ContactRecord:
        contact = self._get(uuid)
        org = contact.organisation if contact.organisation_id else None
        intro = contact.introduced_by if contact.introduced_by_id else None
        tags = tuple(
            t.name
            for t in Tag.select(Tag.name)
            .join(ContactTag)
            .where(ContactTag.contact == contact)
            .order_by(peewee.fn.lower(Tag.name))
        )
        return ContactRecord(
            uuid=contact.uuid,
            name=contact.name,
            organisation=org.name if org else "",
            organisation_uuid=org.uuid if org else None,
            role=contact.role,
            emails=split_lines(contact.emails),
            phones=split_lines(contact.phones),
            links=split_lines(contact.links),
            location=contact.location,
            kind=contact.kind,
            how_we_met=contact.how_we_met,
            met_on=contact.met_on,
            introduced_by=PersonRef(intro.uuid, intro.name) if intro else None,
            common_ground=contact.common_ground,
            their_world=contact.their_world,
            how_i_can_help=contact.how_i_can_help,
            notes=contact.notes,
            keep_in_touch_days=contact.keep_in_touch_days,
            archived=contact.archived,
            tags=tags,
            last_contact_at=contact.last_contact_at,
            created_at=contact.created_at,
            updated_at=contact.updated_at,
        )

    def list(
        self,
        *,
        sort: str = "name",
        kind: str | None = None,
        tag: str | None = None,
        include_archived: bool = False,
        archived_only: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> builtins.list[ContactSummary]:
        """Contacts for the list, filtered and sorted in SQL (pages with offset/limit)."""
        query = self._list_query(
            kind=kind, tag=tag, include_archived=include_archived, archived_only=archived_only
        )
        if sort == "name":
            query = query.order_by(peewee.fn.lower(Contact.name), Contact.id)
        elif sort == "last_contact":
            query = query.order_by(Contact.last_contact_at.desc(nulls="LAST"), Contact.id)
        elif sort == "overdue":
            # Days past the due date (last contact, or joining, plus cadence; or the snooze),
            # largest first; people without any cadence last.
            every = self._cadence_sql()
            start = peewee.fn.coalesce(Contact.last_contact_at, Contact.created_at)
            due = peewee.fn.julianday(peewee.fn.date(start, "localtime")) + every
            snoozed = peewee.fn.julianday(Contact.snoozed_until)
            due = peewee.Case(None, [(snoozed > due, snoozed)], due)
            overdue = peewee.fn.julianday(self.today().isoformat()) - due
            query = query.order_by(overdue.desc(nulls="LAST"), peewee.fn.lower(Contact.name))
        else:
            raise ValidationError(f"Unknown sort '{sort}': use one of {', '.join(SORT_KEYS)}.")
        if limit is not None:
            query = query.limit(limit).offset(offset)
        # Only the columns a summary needs, as tuples: with model objects (and every long text
        # field) a page of 300 took 73 ms instead of 18 ms at 10k contacts.
        today, defaults = self.today(), self._defaults()
        return [summary_from_columns(row, today, defaults) for row in query.select(*SUMMARY_COLUMNS).tuples()]

    def _summaries(self, query: Iterable[Contact]) -> builtins.list[ContactSummary]:
        today, defaults = self.today(), self._defaults()
        return [contact_summary(c, today, defaults) for c in query]

    def count(
        self,
        *,
        kind: str | None = None,
        tag: str | None = None,
        include_archived: bool = False,
        archived_only: bool = False,
    ) -> int:
        return self._list_query(
            kind=kind, tag=tag, include_archived=include_archived, archived_only=archived_only
        ).count()

    def _list_query(
        self, *, kind: str | None, tag: str | None, include_archived: bool, archived_only: bool
    ) -> peewee.ModelSelect:
        query = Contact.select(Contact, Organisation).join(Organisation, peewee.JOIN.LEFT_OUTER)
        if archived_only:
            query = query.where(Contact.archived == True)  # noqa: E712
        elif not include_archived:
            query = query.where(Contact.archived == False)  # noqa: E712
        if kind:
            query = query.where(Contact.kind == kind)
        if tag:
            tagged = ContactTag.select(ContactTag.contact).join(Tag).where(Tag.name == tag)
            query = query.where(Contact.id.in_(tagged))
        return query

    def summary(self, uuid: str) -> ContactSummary:
        contact = (
            Contact.select(Contact, Organisation)
            .join(Organisation, peewee.JOIN.LEFT_OUTER)
            .where(Contact.uuid == uuid)
            .first()
        )
        if contact is None:
            raise NotFoundError("That contact no longer exists.")
        return self._summaries([contact])[0]

    def find_by_name(self, name: str, *, include_archived: bool = True) -> ContactSummary:
        """The one contact ``name`` designates: its id, an exact name (case-insensitive), else a
        unique partial match. Two people can share a name: then only the id tells them apart,
        and the error lists each with its id."""
        cleaned = require_text(name, "Name")
        base = Contact.select(Contact, Organisation).join(Organisation, peewee.JOIN.LEFT_OUTER)
        if not include_archived:
            base = base.where(Contact.archived == False)  # noqa: E712
        by_id = list(base.where(Contact.uuid == cleaned.lower()).limit(1))
        if by_id:
            return self._summaries(by_id)[0]
        exact = list(base.where(peewee.fn.lower(Contact.name) == cleaned.lower()).limit(20))
        if len(exact) > 1:
            active = [c for c in exact if not c.archived]
            exact = active if len(active) == 1 else exact
        candidates = exact or self._partial_name_matches(base, cleaned)
        if not candidates:
            raise NotFoundError(f"No contact named '{cleaned}'.")
        if len(candidates) > 1:
            described = [
                (f"{c.name} ({c.organisation.name})" if c.organisation_id else c.name) + f" — id {c.uuid}"
                for c in candidates
            ]
            raise AmbiguousNameError(cleaned, described)
        return self._summaries(candidates[:1])[0]

    def named(self, name: str) -> builtins.list[ContactSummary]:
        """Everyone whose name is exactly ``name`` (case-insensitive), archived or not: to warn
        before adding a second person of the same name."""
        cleaned = " ".join(name.split())
        if not cleaned:
            return []
        rows = (
            Contact.select(Contact, Organisation)
            .join(Organisation, peewee.JOIN.LEFT_OUTER)
            .where(peewee.fn.lower(Contact.name) == cleaned.lower())
            .limit(20)
        )
        return self._summaries(list(rows))

    @staticmethod
    def _partial_name_matches(base: peewee.ModelSelect, text: str) -> builtins.list[Contact]:
        """Contacts whose name has every word of ``text`` as a word prefix (accents ignored)."""
        from netjournal.services.search import fts_query

        match = fts_query(text)
        if match is None:
            return []
        named = peewee.SQL(
            "(SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)", ["name : (" + match + ")"]
        )
        return list(base.where(Contact.id.in_(named)).order_by(Contact.name).limit(20))

    def names_matching(self, prefix: str, limit: int = 12) -> builtins.list[ContactSummary]:
        """Type-ahead: contacts whose name or organisation starts a word with ``prefix``."""
        cleaned = prefix.strip()
        if not cleaned:
            return []
        like = cleaned.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = (
            Contact.select(Contact, Organisation)
            .join(Organisation, peewee.JOIN.LEFT_OUTER)
            .where(
                Contact.archived == False,  # noqa: E712
                (Contact.name ** f"{like}%")
                | (Contact.name ** f"% {like}%")
                | (Organisation.name ** f"{like}%"),
            )
            .order_by(Contact.last_contact_at.desc(nulls="LAST"))
            .limit(limit)
        )
        return self._summaries(query)

    # -- writing --------------------------------------------------------------------------
    def create(self, name: str, **fields: Any) -> str:
        """Create a contact; ``fields`` are any of :data:`EDITABLE_FIELDS`. Returns its UUID."""
        with self._hub.write() as change:
            contact = Contact(name=require_text(name, "Name"))
            contact.created_at = contact.updated_at = self.now()
            tags = self._apply(contact, fields)
            contact.save(force_insert=True)
            if tags is not None:
                self._set_tags(contact, tags)
            change.add(changes.CONTACTS, contact.uuid)
        return str(contact.uuid)

    def update(self, uuid: str, **fields: Any) -> None:
        with self._hub.write() as change:
            contact = self._get(uuid)
            if "name" in fields:
                contact.name = require_text(fields.pop("name"), "Name")
            tags = self._apply(contact, fields)
            contact.updated_at = self.now()
            contact.save()
            if tags is not None:
                self._set_tags(contact, tags)
            change.add(changes.CONTACTS, contact.uuid)

    def append_common_ground(self, uuid: str, text: str) -> None:
        """Add a newly learned piece of common ground on its own line."""
        addition = text.strip()
        if not addition:
            return
        with self._hub.write() as change:
            contact = self._get(uuid)
            existing = contact.common_ground.rstrip()
            contact.common_ground = f"{existing}\n{addition}" if existing else addition
            contact.updated_at = self.now()
            contact.save()
            change.add(changes.CONTACTS, contact.uuid)

    def _apply(self, contact: Contact, fields: dict[str, Any]) -> builtins.list[str] | None:
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise ValidationError(f"Unknown contact field(s): {', '.join(sorted(unknown))}")
        for name in TEXT_FIELDS:
            if name in fields:
                setattr(contact, name, str(fields[name] or ""))
        for name in LIST_FIELDS:
            if name in fields:
                setattr(contact, name, join_lines(fields[name] or ()))
        if "kind" in fields:
            contact.kind = require_choice(fields["kind"] or "other", CONTACT_KINDS, "contact kind")
        if "organisation" in fields:
            org_name = (fields["organisation"] or "").strip()
            contact.organisation = self._organisations.get_or_create(org_name) if org_name else None
        if "met_on" in fields:
            contact.met_on = fields["met_on"]
        if "keep_in_touch_days" in fields:
            contact.keep_in_touch_days = cadence(fields["keep_in_touch_days"])
        if "introduced_by" in fields:
            ref = fields["introduced_by"]
            if ref is None:
                contact.introduced_by = None
            else:
                other = self._get(ref)
                if contact.id is not None and other.id == contact.id:
                    raise ValidationError("A contact cannot have introduced themselves.")
                contact.introduced_by = other
        if "tags" in fields:
            return _clean_tags(fields["tags"] or ())
        return None

    def _set_tags(self, contact: Contact, names: Sequence[str]) -> None:
        wanted: builtins.list[int] = []
        for name in names:
            tag = Tag.get_or_none(Tag.name == name)
            if tag is None:
                tag = Tag.create(name=name, created_at=self.now(), updated_at=self.now())
            wanted.append(tag.id)
        ContactTag.delete().where(ContactTag.contact == contact, ContactTag.tag.not_in(wanted)).execute()
        for tag_id in wanted:
            ContactTag.insert(contact=contact.id, tag=tag_id).on_conflict_ignore().execute()

    def set_archived(self, uuid: str, archived: bool) -> None:
        with self._hub.write() as change:
            contact = self._get(uuid)
            contact.archived = archived
            contact.updated_at = self.now()
            contact.save()
            change.add(changes.CONTACTS, contact.uuid)

    def delete(self, uuid: str) -> None:
        """Delete a contact, their follow-ups, and conversations no one else took part in."""
        with self._hub.write() as change:
            contact = self._get(uuid)
            solo_ids = [
                row[0]
                for row in Contact._meta.database.execute_sql(
                    "SELECT p.conversation_id FROM participant p WHERE p.contact_id = ? "
                    "AND NOT EXISTS (SELECT 1 FROM participant o WHERE "
                    "o.conversation_id = p.conversation_id AND o.contact_id != p.contact_id)",
                    (contact.id,),
                )
            ]
            contact.delete_instance()
            if solo_ids:
                Conversation.delete().where(Conversation.id.in_(solo_ids)).execute()
            change.add(changes.CONTACTS, uuid)
            change.add(changes.CONVERSATIONS)
            change.add(changes.FOLLOW_UPS)
            change.add(changes.INTRODUCTIONS)
            change.add(changes.OPPORTUNITIES)
            change.add(changes.SENT_ITEMS)

    def merge(self, keep_uuid: str, other_uuid: str) -> None:
        """Fold ``other`` into ``keep`` (same person twice): every conversation and link is kept."""
        if keep_uuid == other_uuid:
            raise ValidationError("Choose two different contacts to merge.")
        with self._hub.write() as change:
            keep = self._get(keep_uuid)
            other = self._get(other_uuid)
            for conv_id in [p.conversation_id for p in other.participations]:
                Participant.insert(conversation=conv_id, contact=keep.id).on_conflict_ignore().execute()
            Participant.delete().where(Participant.contact == other).execute()
            FollowUp.update(contact=keep).where(FollowUp.contact == other).execute()
            SentItem.update(contact=keep).where(SentItem.contact == other).execute()
            for fk in (Introduction.introducer, Introduction.introduced, Introduction.introduced_to):
                Introduction.update({fk: keep.id}).where(fk == other.id).execute()
            for link in list(other.opportunity_roles):
                OpportunityPerson.insert(
                    opportunity=link.opportunity_id,
                    contact=keep.id,
                    role=link.role,
                    position=link.position,
                ).on_conflict_ignore().execute()
            Contact.update(introduced_by=keep).where(Contact.introduced_by == other).execute()
            for link in list(other.tag_links):
                ContactTag.insert(contact=keep.id, tag=link.tag_id).on_conflict_ignore().execute()
            # Field values: keep's win; empty ones are filled from other, texts are combined.
            for name in ("common_ground", "their_world", "how_i_can_help", "notes"):
                mine, theirs = getattr(keep, name).strip(), getattr(other, name).strip()
                if theirs and theirs not in mine:
                    setattr(keep, name, f"{mine}\n{theirs}" if mine else theirs)
            for name in LIST_FIELDS:
                merged = list(split_lines(getattr(keep, name)))
                merged += [v for v in split_lines(getattr(other, name)) if v not in merged]
                setattr(keep, name, join_lines(merged))
            for name in ("role", "location", "how_we_met"):
                if not getattr(keep, name).strip():
                    setattr(keep, name, getattr(other, name))
            for name in ("organisation_id", "met_on", "keep_in_touch_days"):
                if getattr(keep, name) is None:
                    setattr(keep, name, getattr(other, name))
            if keep.introduced_by_id is None and other.introduced_by_id not in (None, keep.id):
                keep.introduced_by_id = other.introduced_by_id
            if keep.introduced_by_id == keep.id:
                keep.introduced_by_id = None
            keep.updated_at = self.now()
            keep.save()
            other.delete_instance()
            # Participant rows moved by insert: recompute the denormalised last contact.
            Contact.update(
                last_contact_at=(
                    Conversation.select(peewee.fn.max(Conversation.occurred_at))
                    .join(Participant)
                    .where(Participant.contact == keep.id)
                )
            ).where(Contact.id == keep.id).execute()
            change.add(changes.CONTACTS, keep_uuid, other_uuid)
            change.add(changes.CONVERSATIONS)
            change.add(changes.FOLLOW_UPS)
            change.add(changes.INTRODUCTIONS)
            change.add(changes.OPPORTUNITIES)
            change.add(changes.SENT_ITEMS)
