"""Contacts from other programs (Google, Outlook, LinkedIn, vCard): matching and merging.

Each reader turns its file into :class:`ContactDraft` objects; this module decides, for each,
whether it is someone new, someone the journal (or an earlier row of the same file) already
has, or nothing usable, and then writes the result through the contact services, so imported
people obey the same rules as people typed in.

Matching, in order: a vCard UID that is a journal contact's UUID (our own vCard export); any
e-mail address (ignoring case); the same name and organisation (ignoring case and spacing; no
organisation matches only no organisation). Merging never overwrites: it fills fields that are
empty and adds the e-mails, phones, links and tags the contact does not have yet. So importing
the same file twice changes nothing the second time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from netjournal.importexport.plan import Action, ImportFormat, PlanOutcome
from netjournal.importexport.progress import Cancelled, Progress, Ticker
from netjournal.services.base import split_lines

if TYPE_CHECKING:
    from netjournal.services.changes import ChangeCollector
    from netjournal.services.journal import Journal

KIND = "contacts"

# Filled when empty, never overwritten.
FILL_FIELDS = (
    "organisation",
    "role",
    "location",
    "how_we_met",
    "met_on",
    "common_ground",
    "their_world",
    "how_i_can_help",
    "notes",
)
# Added to, value by value.
LIST_FIELDS = ("emails", "phones", "links", "tags")

_LABELS = {
    "organisation": "organisation",
    "role": "role",
    "location": "location",
    "how_we_met": "how we met",
    "met_on": "met on",
    "common_ground": "common ground",
    "their_world": "their world",
    "how_i_can_help": "how I can help",
    "notes": "notes",
    "emails": "e-mail",
    "phones": "phone",
    "links": "link",
    "tags": "tag",
}


@dataclass(slots=True)
class ContactDraft:
    """One person as another program's file describes them (already cleaned up)."""

    origin: str  # where in the file: "row 5", "card 3"
    name: str = ""
    organisation: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    location: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    how_we_met: str = ""
    met_on: date | None = None
    common_ground: str = ""
    their_world: str = ""
    how_i_can_help: str = ""
    uid: str | None = None  # a vCard UID: a journal UUID when the card came from our own export


def clean_text(value: str) -> str:
    """Text from another program as the journal keeps it: LF line ends, no outer spaces."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def compose_notes(notes: str, facts: Iterable[tuple[str, str]]) -> str:
    """Free notes plus facts the journal has no field for ("Birthday: 1975-04-12")."""
    lines = [clean_text(notes)] if clean_text(notes) else []
    lines += [f"{label}: {clean_text(value)}" for label, value in facts if clean_text(value)]
    return "\n".join(lines)


def _words(value: str) -> str:
    return " ".join(value.split()).casefold()


_NOT_PHONE_DIGITS = re.compile(r"[^\d+]")


def _value_key(kind: str, value: str) -> str:
    """When two values are the same e-mail / phone / link / tag."""
    if kind == "phones":
        digits = _NOT_PHONE_DIGITS.sub("", value)
        return digits or _words(value)
    if kind == "links":
        return value.strip().rstrip("/").casefold()
    return _words(value)


@dataclass(slots=True)
class _Person:
    """A contact as this import sees it: one already in the journal, or one it will create."""

    uuid: str | None  # None: created by this import
    name: str
    origin: str
    values: dict[str, Any]
    changed: set[str] = field(default_factory=set)

    @classmethod
    def empty(cls, uuid: str | None, name: str, origin: str) -> _Person:
        values: dict[str, Any] = dict.fromkeys(FILL_FIELDS, "")
        values["met_on"] = None
        values.update({name: [] for name in LIST_FIELDS})
        return cls(uuid, name, origin, values)

    def merge(self, draft: ContactDraft) -> list[str]:
        """Fill empty fields and add new values from ``draft``; returns what it added."""
        added: list[str] = []
        for name in FILL_FIELDS:
            new = getattr(draft, name)
            if new in ("", None) or self.values[name] not in ("", None):
                continue
            self.values[name] = new
            self.changed.add(name)
            added.append(f"fills {_LABELS[name]}")
        for name in LIST_FIELDS:
            have = self.values[name]
            keys = {_value_key(name, v) for v in have}
            for value in getattr(draft, name):
                key = _value_key(name, value)
                if not value.strip() or key in keys:
                    continue
                keys.add(key)
                have.append(value.strip())
                self.changed.add(name)
                added.append(f"adds {_LABELS[name]} {value.strip()}")
        return added

    def service_fields(self, names: Iterable[str]) -> dict[str, Any]:
        return {name: self.values[name] for name in names}


class _People:
    """Everyone the import can match against: the journal's contacts, then its own new ones."""

    def __init__(self, journal: Journal) -> None:
        self.by_uuid: dict[str, _Person] = {}
        self.by_email: dict[str, _Person] = {}
        self.by_name: dict[tuple[str, str], _Person] = {}
        self.created: list[_Person] = []
        db = journal.db
        # One query for everyone (plus one for tags): no query per imported row.
        cursor = db.execute_sql(
            "SELECT c.uuid, c.name, coalesce(o.name, ''), c.role, c.location, c.how_we_met, c.met_on, "
            "c.common_ground, c.their_world, c.how_i_can_help, c.notes, c.emails, c.phones, c.links "
            "FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id ORDER BY c.id"
        )
        for row in cursor:
            person = _Person.empty(row[0], row[1], "")
            values = person.values
            for name, value in zip(FILL_FIELDS, row[2:11], strict=True):
                values[name] = value
            values["met_on"] = date.fromisoformat(row[6]) if row[6] else None
            values["emails"], values["phones"], values["links"] = (
                list(split_lines(row[11])),
                list(split_lines(row[12])),
                list(split_lines(row[13])),
            )
            self._register(person)
        for uuid, tag in db.execute_sql(
            "SELECT c.uuid, t.name FROM contact_tag ct JOIN contact c ON c.id = ct.contact_id "
            "JOIN tag t ON t.id = ct.tag_id ORDER BY t.name"
        ):
            self.by_uuid[uuid].values["tags"].append(tag)

    def _register(self, person: _Person) -> None:
        if person.uuid is not None:
            self.by_uuid.setdefault(person.uuid, person)
        for email in person.values["emails"]:
            self.by_email.setdefault(_words(email), person)
        self.by_name.setdefault((_words(person.name), _words(person.values["organisation"])), person)

    def match(self, draft: ContactDraft, name: str) -> tuple[_Person | None, str]:
        """The person ``draft`` describes, and why we think so."""
        if draft.uid and draft.uid in self.by_uuid:
            return self.by_uuid[draft.uid], "same vCard UID"
        for email in draft.emails:
            found = self.by_email.get(_words(email))
            if found is not None:
                return found, f"same e-mail {email.strip()}"
        found = self.by_name.get((_words(name), _words(draft.organisation)))
        if found is not None:
            return found, "same name and organisation" if draft.organisation else "same name"
        return None, ""

    def add(self, draft: ContactDraft, name: str) -> _Person:
        person = _Person.empty(None, name, draft.origin)
        person.merge(draft)
        self.created.append(person)
        self._register(person)
        return person

    def merged(self, person: _Person) -> None:
        self._register(person)  # new e-mails and a filled organisation match later rows too


@dataclass(slots=True)
class PeopleSource:
    """Contacts read from a Google/Outlook/LinkedIn CSV or a vCard file."""

    format: ImportFormat
    drafts: list[ContactDraft]
    warnings: list[str] = field(default_factory=list)

    def _decide(
        self, journal: Journal, progress: Progress | None, cancelled: Cancelled | None
    ) -> tuple[_People, PlanOutcome]:
        people = _People(journal)
        outcome = PlanOutcome(warnings=list(self.warnings))
        ticker = Ticker(len(self.drafts), progress, cancelled)
        ticker.start()
        for draft in self.drafts:
            name = " ".join(draft.name.split()) or (draft.emails[0].strip() if draft.emails else "")
            if not name:
                outcome.add(KIND, Action.SKIP, "(nameless)", "no name and no e-mail address", draft.origin)
                ticker.advance()
                continue
            person, why = people.match(draft, name)
            if person is None:
                people.add(draft, name)
                label = f"{name} ({draft.organisation})" if draft.organisation else name
                outcome.add(KIND, Action.CREATE, label, "", draft.origin)
            else:
                whom = (
                    f"same person as {person.origin}"
                    if person.uuid is None
                    else f"already in the journal as {person.name}"
                )
                added = person.merge(draft)
                if added:
                    people.merged(person)
                    outcome.add(KIND, Action.MERGE, name, f"{whom} ({why}): {'; '.join(added)}", draft.origin)
                else:
                    outcome.add(KIND, Action.SKIP, name, f"{whom} ({why}): nothing new", draft.origin)
            ticker.advance()
        return people, outcome

    def plan(
        self, journal: Journal, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> PlanOutcome:
        """What importing would do now; writes nothing."""
        return self._decide(journal, progress, cancelled)[1]

    def apply(
        self,
        journal: Journal,
        change: ChangeCollector,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> PlanOutcome:
        """Create and update contacts through the services, inside the caller's transaction."""
        people, outcome = self._decide(journal, None, cancelled)
        updates = [p for p in people.by_uuid.values() if p.changed]
        ticker = Ticker(len(people.created) + len(updates), progress, cancelled)
        ticker.start()
        for person in people.created:
            journal.contacts.create(person.name, **person.service_fields(FILL_FIELDS + LIST_FIELDS))
            ticker.advance()
        for person in updates:
            assert person.uuid is not None
            journal.contacts.update(person.uuid, **person.service_fields(person.changed))
            ticker.advance()
        return outcome
