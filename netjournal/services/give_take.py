"""Give & take: introductions, referrals and help given to and received from each contact.

Networking is not keeping score, but a journal that shows "Carla introduced you three times and
you never returned the favour" keeps the focus on how I can help the other person.

Counting rules (``None`` in an introduction means *me*):

- *received from X*: an introduction I received (``direction = received``) that X made;
- *given to X*: an introduction I made (``direction = given``) in which X is introduced or
  introduced to someone — both sides of an introduction I make benefit from it.

Dates are the introduction's date, else the day it was recorded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from netjournal.errors import NotFoundError
from netjournal.services.base import Service
from netjournal.services.lookups import ContactRow, contacts_by_id
from netjournal.services.records import PersonRef
from netjournal.storage.models import Contact, Introduction

_KIND_WORDS = {
    "introduction": ("introduction", "introductions"),
    "referral": ("referral", "referrals"),
    "help": ("favour", "favours"),
}

# One row per (person, side, kind, day): who received from me / gave to me, and when.
# A person introduced *to* themselves is counted once (the second branch excludes it).
_EXCHANGES_SQL = """
SELECT introducer_id AS person, 'received' AS side, kind,
       coalesce(occurred_on, substr(created_at, 1, 10)) AS day
  FROM introduction WHERE direction = 'received' AND introducer_id IS NOT NULL {introducer}
UNION ALL
SELECT introduced_id, 'given', kind, coalesce(occurred_on, substr(created_at, 1, 10))
  FROM introduction WHERE direction = 'given' AND introduced_id IS NOT NULL {introduced}
UNION ALL
SELECT introduced_to_id, 'given', kind, coalesce(occurred_on, substr(created_at, 1, 10))
  FROM introduction WHERE direction = 'given' AND introduced_to_id IS NOT NULL
   AND introduced_to_id IS NOT introduced_id {introduced_to}
"""


@dataclass(frozen=True, slots=True)
class Exchange:
    """How many introductions, referrals and favours went one way."""

    introductions: int = 0
    referrals: int = 0
    help: int = 0

    @property
    def total(self) -> int:
        """Everything together, whatever its kind."""
        return self.introductions + self.referrals + self.help

    def describe(self) -> str:
        """Plain words: ``"3 introductions and 1 referral"``; ``"none"`` when empty."""
        parts = []
        for kind, count in (
            ("introduction", self.introductions),
            ("referral", self.referrals),
            ("help", self.help),
        ):
            if count:
                singular, plural = _KIND_WORDS[kind]
                parts.append(f"{count} {singular if count == 1 else plural}")
        if not parts:
            return "none"
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _exchange(counts: dict[str, int]) -> Exchange:
    return Exchange(
        introductions=counts.get("introduction", 0),
        referrals=counts.get("referral", 0),
        help=counts.get("help", 0),
    )


@dataclass(frozen=True, slots=True)
class GiveTakeYear:
    """One calendar year of give & take with a contact."""

    year: int
    given: Exchange
    received: Exchange


@dataclass(frozen=True, slots=True)
class GiveTake:
    """Give & take with one contact: totals, per year, who introduced whom, and a verdict."""

    contact: PersonRef
    given: Exchange
    received: Exchange
    years: tuple[GiveTakeYear, ...]  # oldest first; only years with something in them
    last_given_on: date | None
    last_received_on: date | None
    introduced_by: tuple[PersonRef, ...]  # who introduced me to this contact
    introduced_me_to: tuple[PersonRef, ...]  # people this contact introduced me to
    verdict: str

    @property
    def balance(self) -> int:
        """Given minus received: negative means I have been taking more than giving."""
        return self.given.total - self.received.total


@dataclass(frozen=True, slots=True)
class GiveTakeBalance:
    """One row of the give & take overview across all contacts."""

    contact: PersonRef
    organisation: str
    given: int
    received: int
    last_given_on: date | None
    last_received_on: date | None

    @property
    def balance(self) -> int:
        """Given minus received: negative means taking more than giving."""
        return self.given - self.received


def first_name(name: str) -> str:
    """What a sentence calls someone: their first word, or the whole name if that is all."""
    words = name.split()
    return words[0] if words else name


def give_take_verdict(name: str, given: Exchange, received: Exchange) -> str:
    """One plain-language sentence about the balance with ``name``."""
    who = first_name(name)
    if not given.total and not received.total:
        return f"No introductions, referrals or favours either way with {who} yet."
    if not given.total:
        return (
            f"You have received {received.describe()} from {who} and given none — "
            f"think about how you can help {who}."
        )
    if received.total > given.total:
        return (
            f"You have received {received.describe()} from {who} and given {given.describe()} — "
            f"you are taking more than giving; think about how you can help {who}."
        )
    if given.total > received.total:
        return (
            f"You have given {who} {given.describe()} and received {received.describe()} — "
            f"generous; it is fine to ask {who} for help when you need it."
        )
    return f"Balanced: you have given {who} {given.describe()} and received {received.describe()}."


@dataclass(slots=True)
class _Tally:
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {"given": defaultdict(int), "received": defaultdict(int)}
    )
    last: dict[str, date | None] = field(default_factory=lambda: {"given": None, "received": None})

    def add(self, side: str, kind: str, day: date) -> None:
        self.counts[side][kind] += 1
        previous = self.last[side]
        self.last[side] = day if previous is None or day > previous else previous


def _day(text: str) -> date:
    return date.fromisoformat(str(text)[:10])


def _refs(ids: set[int], people: dict[int, ContactRow]) -> tuple[PersonRef, ...]:
    refs = [people[i].ref for i in ids if i in people]
    return tuple(sorted(refs, key=lambda r: r.name.casefold()))


class GiveTakeService(Service):
    """Give & take per contact and across the journal. Read-only."""

    def _exchanges(self, contact_id: int | None) -> list[tuple[int, str, str, date]]:
        """(person id, side, kind, day) for one contact, or for everyone when ``None``."""
        if contact_id is None:
            sql = _EXCHANGES_SQL.format(introducer="", introduced="", introduced_to="")
            params: tuple[int, ...] = ()
        else:
            # The filter goes into each branch so each uses its column's index.
            sql = _EXCHANGES_SQL.format(
                introducer="AND introducer_id = ?",
                introduced="AND introduced_id = ?",
                introduced_to="AND introduced_to_id = ?",
            )
            params = (contact_id, contact_id, contact_id)
        cursor = Introduction._meta.database.execute_sql(sql, params)
        return [(int(p), side, kind, _day(day)) for p, side, kind, day in cursor]

    def for_contact(self, contact_uuid: str) -> GiveTake:
        """Everything given to and received from one contact, per year, with a verdict."""
        contact = Contact.get_or_none(Contact.uuid == contact_uuid)
        if contact is None:
            raise NotFoundError("That contact no longer exists.")
        total = _Tally()
        per_year: dict[int, _Tally] = defaultdict(_Tally)
        for _, side, kind, day in self._exchanges(contact.id):
            total.add(side, kind, day)
            per_year[day.year].add(side, kind, day)
        introducers, introduced = self._introduction_links(contact)
        people = contacts_by_id(introducers | introduced)
        given = _exchange(total.counts["given"])
        received = _exchange(total.counts["received"])
        return GiveTake(
            contact=PersonRef(contact.uuid, contact.name),
            given=given,
            received=received,
            years=tuple(
                GiveTakeYear(
                    year,
                    _exchange(per_year[year].counts["given"]),
                    _exchange(per_year[year].counts["received"]),
                )
                for year in sorted(per_year)
            ),
            last_given_on=total.last["given"],
            last_received_on=total.last["received"],
            introduced_by=_refs(introducers, people),
            introduced_me_to=_refs(introduced, people),
            verdict=give_take_verdict(contact.name, given, received),
        )

    @staticmethod
    def _introduction_links(contact: Contact) -> tuple[set[int], set[int]]:
        """(who introduced me to ``contact``, whom ``contact`` introduced me to), as contact ids.

        Both the contact's "introduced by" field and recorded introductions count.
        """
        introducers: set[int] = {contact.introduced_by_id} if contact.introduced_by_id else set()
        introduced: set[int] = {
            c.id for c in Contact.select(Contact.id).where(Contact.introduced_by == contact.id)
        }
        received = Introduction.select(
            Introduction.introducer, Introduction.introduced, Introduction.introduced_to
        ).where(
            Introduction.direction == "received",
            Introduction.introducer.is_null(False),
            (Introduction.introducer == contact.id)
            | (Introduction.introduced == contact.id)
            | (Introduction.introduced_to == contact.id),
        )
        for introducer_id, introduced_id, introduced_to_id in received.tuples():
            if introducer_id == contact.id:
                introduced.update(i for i in (introduced_id, introduced_to_id) if i)
            else:
                introducers.add(introducer_id)
        introducers.discard(contact.id)
        introduced.discard(contact.id)
        return introducers, introduced

    def balances(self, *, takers_only: bool = False, limit: int | None = None) -> list[GiveTakeBalance]:
        """Every contact with any give & take, most taken-from first (lowest balance).

        ``takers_only`` keeps the people I have received more from than I gave them.
        """
        sql = f"""
            SELECT person, side, count(*), max(day) FROM ({
            _EXCHANGES_SQL.format(introducer="", introduced="", introduced_to="")
        }) GROUP BY person, side
        """
        tallies: dict[int, dict[str, tuple[int, date | None]]] = defaultdict(dict)
        for person, side, count, last in Introduction._meta.database.execute_sql(sql):
            tallies[int(person)][side] = (int(count), _day(last))
        people = contacts_by_id(set(tallies))
        rows = []
        for person_id, sides in tallies.items():
            contact = people.get(person_id)
            if contact is None:
                continue
            given, last_given = sides.get("given", (0, None))
            received, last_received = sides.get("received", (0, None))
            if takers_only and received <= given:
                continue
            rows.append(
                GiveTakeBalance(
                    contact=contact.ref,
                    organisation=contact.organisation,
                    given=given,
                    received=received,
                    last_given_on=last_given,
                    last_received_on=last_received,
                )
            )
        rows.sort(key=lambda r: (r.balance, -r.received, r.contact.name.casefold()))
        return rows[:limit] if limit is not None else rows
