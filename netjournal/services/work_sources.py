"""Where work actually comes from: sources, people, intermediaries and events behind opportunities.

Interim managers win much of their work through intermediaries (who place people they already
know) and the rest through their own network, via referrals made at some point over the
years. This module reads the opportunities and their chains of people to show which of those
really paid off — and which events were a waste of time.

*How we met* is free text, and not all of it names an event: an import records where the
contact came from ("LinkedIn"), which is provenance, not a place the user went to. Such labels
are left out of the events; and an event is only called a waste of time once enough
relationships began there long enough ago to have had a chance to lead somewhere.

Everything is computed from a handful of grouped queries; opportunities are few (hundreds),
contacts and conversations may be many (10k / 100k), so nothing here loops over them in SQL.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import peewee

from netjournal.services.base import Service
from netjournal.services.lookups import contacts_by_id
from netjournal.services.records import PersonRef
from netjournal.storage.models import (
    OPPORTUNITY_SOURCES,
    Contact,
    Introduction,
    Opportunity,
    OpportunityPerson,
    Organisation,
)

INTERMEDIARY_ORG_KINDS = ("intermediary", "recruiter")
SOURCE_LABELS = {
    "intermediary": "intermediaries",
    "network": "your own network",
    "referral": "referrals",
    "direct": "direct approaches",
}
WASTE_MIN_CONTACTS = 3  # an event needs this many new contacts before it can be called a waste
# ...each met at least this long ago: work through a network takes months to come back.
WASTE_MIN_DAYS = 365
WASTE_MIN_AGE = "a year"  # WASTE_MIN_DAYS in words, for the views
# A "how we met" made only of these words says where the record came from (an import, an
# online network), not an event or place: "LinkedIn", "Imported from Outlook", "via Xing".
PROVENANCE_WORDS = frozenset(
    {
        "linkedin", "xing", "google", "gmail", "outlook", "vcard", "vcf", "icloud", "facebook",
        "twitter", "instagram", "online", "internet", "web", "website", "email", "e-mail", "mail",
        "address", "book", "phone", "contacts", "contact", "connection", "connections", "csv",
        "import", "imported", "export", "via", "on", "from", "through", "the", "a", "my",
    }
)  # fmt: skip
_WORDS = re.compile(r"[\w-]+")


@dataclass(frozen=True, slots=True)
class SourceShare:
    """Opportunities from one source (intermediary, network, referral, direct)."""

    source: str
    won: int
    total: int
    won_share: float  # of all won work, 0..1
    total_share: float  # of all opportunities, 0..1


@dataclass(frozen=True, slots=True)
class PersonCredit:
    """A person behind opportunities: in the chain themselves, or introducing someone who was."""

    contact: PersonRef
    organisation: str
    opportunities: int  # distinct opportunities, either way
    won: int
    direct: int  # opportunities with this person in the chain
    through_introductions: int  # further opportunities reached through people they introduced
    roles: tuple[str, ...]  # their roles in chains, e.g. ("introducer", "client")


@dataclass(frozen=True, slots=True)
class IntermediaryCredit:
    """An intermediary organisation and the work that came through it."""

    organisation_uuid: str
    name: str
    kind: str
    opportunities: int
    won: int
    last_won_on: date | None  # start of the most recent won opportunity


@dataclass(frozen=True, slots=True)
class EventOutcome:
    """An event or place where relationships began, and the work they led to."""

    event: str  # as first written in the journal
    new_contacts: int  # relationships that began there
    conversations: int  # event conversations logged there
    opportunities: int  # opportunities that name it, or whose chain has someone met there
    won: int
    waste_of_time: bool  # enough relationships old enough to judge, and no won work
    judged_contacts: int = 0  # relationships that began there at least WASTE_MIN_DAYS ago


@dataclass(frozen=True, slots=True)
class WorkReport:
    """The whole "where does my work come from?" view."""

    total: int
    won: int
    sources: tuple[SourceShare, ...]  # in OPPORTUNITY_SOURCES order
    people: tuple[PersonCredit, ...]  # most won work first
    intermediaries: tuple[IntermediaryCredit, ...]  # most won work first
    events: tuple[EventOutcome, ...]  # most won work first; wastes of time last

    @property
    def headline(self) -> str:
        """One sentence: where most won work came from."""
        if not self.won:
            return "No won work recorded yet: mark opportunities as won to see where your work comes from."
        best = max(self.sources, key=lambda s: (s.won, s.total))
        return (
            f"Most of your won work ({best.won} of {self.won}, {best.won_share:.0%}) came through "
            f"{SOURCE_LABELS.get(best.source, best.source)}."
        )


def event_key(label: str) -> str:
    """Event names compare ignoring case and spacing ("CFO Forum  berlin" = "CFO Forum Berlin")."""
    return " ".join(label.split()).casefold()


def is_provenance(label: str) -> bool:
    """True when a *how we met* names where the record came from, not an event or a place."""
    words = _WORDS.findall(label.casefold())
    return bool(words) and all(word in PROVENANCE_WORDS for word in words)


def work_by_intermediary() -> dict[int, tuple[int, int, date | None]]:
    """Per intermediary organisation id: (opportunities, won, start of the latest won one)."""
    won = peewee.Case(None, [(Opportunity.status == "won", 1)], 0)
    last_won = peewee.Case(None, [(Opportunity.status == "won", Opportunity.started_on)], None)
    query = (
        Opportunity.select(
            Opportunity.intermediary,
            peewee.fn.count(Opportunity.id),
            peewee.fn.sum(won),
            peewee.fn.max(last_won),
        )
        .where(Opportunity.intermediary.is_null(False))
        .group_by(Opportunity.intermediary)
    )
    return {
        org_id: (int(total), int(won_count or 0), date.fromisoformat(str(last)) if last else None)
        for org_id, total, won_count, last in query.tuples()
    }


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


class WorkSourceService(Service):
    """Read-only analysis of opportunities. ``report()`` gives everything at once."""

    def sources(self) -> list[SourceShare]:
        """Won and all opportunities per source, with shares; every source listed, zeros too."""
        rows = (
            Opportunity.select(
                Opportunity.source,
                peewee.fn.count(Opportunity.id),
                peewee.fn.sum(peewee.Case(None, [(Opportunity.status == "won", 1)], 0)),
            )
            .group_by(Opportunity.source)
            .tuples()
        )
        counts = {source: (int(total), int(won or 0)) for source, total, won in rows}
        total = sum(t for t, _ in counts.values())
        won = sum(w for _, w in counts.values())
        order = list(OPPORTUNITY_SOURCES) + sorted(set(counts) - set(OPPORTUNITY_SOURCES))
        shares = []
        for source in order:
            source_total, source_won = counts.get(source, (0, 0))
            shares.append(
                SourceShare(
                    source=source,
                    won=source_won,
                    total=source_total,
                    won_share=_share(source_won, won),
                    total_share=_share(source_total, total),
                )
            )
        return shares

    def _statuses(self) -> dict[int, str]:
        return dict(Opportunity.select(Opportunity.id, Opportunity.status).tuples())

    def people(self, limit: int | None = 20) -> list[PersonCredit]:
        """The people who brought the most work, directly or through people they introduced."""
        status = self._statuses()
        chains: dict[int, set[int]] = defaultdict(set)  # contact -> opportunities in their chain
        roles: dict[int, set[str]] = defaultdict(set)
        for contact_id, opp_id, role in OpportunityPerson.select(
            OpportunityPerson.contact, OpportunityPerson.opportunity, OpportunityPerson.role
        ).tuples():
            chains[contact_id].add(opp_id)
            roles[contact_id].add(role)
        # Introducer -> opportunities of the people they introduced me to (recorded
        # introductions, and the "introduced by" field).
        introduced_sql = """
            SELECT i.introducer_id, op.opportunity_id FROM introduction i
              JOIN opportunity_person op
                ON op.contact_id = i.introduced_id OR op.contact_id = i.introduced_to_id
             WHERE i.direction = 'received' AND i.introducer_id IS NOT NULL
            UNION
            SELECT c.introduced_by_id, op.opportunity_id FROM opportunity_person op
              JOIN contact c ON c.id = op.contact_id
             WHERE c.introduced_by_id IS NOT NULL
        """
        through: dict[int, set[int]] = defaultdict(set)
        for introducer_id, opp_id in Introduction._meta.database.execute_sql(introduced_sql):
            through[int(introducer_id)].add(int(opp_id))
        people = contacts_by_id(set(chains) | set(through))
        credits = []
        for contact_id, contact in people.items():
            direct = chains.get(contact_id, set())
            indirect = through.get(contact_id, set()) - direct
            everything = direct | indirect
            credits.append(
                PersonCredit(
                    contact=contact.ref,
                    organisation=contact.organisation,
                    opportunities=len(everything),
                    won=sum(1 for o in everything if status.get(o) == "won"),
                    direct=len(direct),
                    through_introductions=len(indirect),
                    roles=tuple(sorted(roles.get(contact_id, ()))),
                )
            )
        credits.sort(key=lambda c: (-c.won, -c.opportunities, c.contact.name.casefold()))
        return credits[:limit] if limit is not None else credits

    def intermediaries(self) -> list[IntermediaryCredit]:
        """Every intermediary or recruiter (and any organisation named as one), by won work."""
        stats = work_by_intermediary()
        orgs = Organisation.select().where(
            (Organisation.kind.in_(INTERMEDIARY_ORG_KINDS) & (Organisation.archived == False))  # noqa: E712
            | Organisation.id.in_(list(stats))
        )
        rows = []
        for org in orgs:
            total, won_count, last = stats.get(org.id, (0, 0, None))
            rows.append(
                IntermediaryCredit(
                    organisation_uuid=org.uuid,
                    name=org.name,
                    kind=org.kind,
                    opportunities=total,
                    won=won_count,
                    last_won_on=last,
                )
            )
        rows.sort(key=lambda r: (-r.won, -r.opportunities, r.name.casefold()))
        return rows

    def events(
        self, *, waste_min_contacts: int = WASTE_MIN_CONTACTS, waste_min_days: int = WASTE_MIN_DAYS
    ) -> list[EventOutcome]:
        """Events and places where relationships began, and whether they led to work.

        A relationship began at the place in the contact's *how we met*, else at the event of
        their first conversation (if that was an event). A *how we met* that only says where the
        record came from ("LinkedIn", see :func:`is_provenance`) is no event, unless the user
        logged an event of that name. An event led to an opportunity if the opportunity names
        it or someone who was met there is in its chain. It is a waste of time only when at
        least ``waste_min_contacts`` relationships began there ``waste_min_days`` or more ago
        and none of its opportunities was won.
        """
        db = Contact._meta.database
        labels: dict[str, str] = {}  # key -> label as first seen

        def key_of(label: str) -> str | None:
            key = event_key(label)
            if not key:
                return None
            labels.setdefault(key, " ".join(label.split()))
            return key

        # Events the user logged (event conversations, opportunities naming one) are events
        # whatever their name; other "how we met" texts count unless they are provenance.
        conversations: dict[str, int] = defaultdict(int)
        for place, count in db.execute_sql(
            "SELECT place, count(*) FROM conversation WHERE channel = 'event' AND place != '' GROUP BY place"
        ):
            key = key_of(place)
            if key:
                conversations[key] += int(count)
        named_events: list[tuple[int, str]] = []
        for opp_id, event in (
            Opportunity.select(Opportunity.id, Opportunity.event).where(Opportunity.event != "").tuples()
        ):
            key = key_of(event)
            if key:
                named_events.append((opp_id, key))
        logged = set(labels)

        met_at: dict[int, str] = {}  # contact -> event key
        began: dict[int, date] = {}  # contact -> when the relationship began, where known
        undated: list[int] = []  # met at an event, no "met on": their first conversation dates it
        # Dates as stored text (no datetime per row at 10k contacts), parsed only when needed.
        for contact_id, how, met_on, created_day in db.execute_sql(
            "SELECT id, how_we_met, met_on, substr(created_at, 1, 10) FROM contact WHERE how_we_met != ''"
        ):
            key = event_key(how)
            if not key or (key not in logged and is_provenance(how)):
                continue
            met_at[contact_id] = key_of(how) or key
            if met_on:
                began[contact_id] = date.fromisoformat(str(met_on)[:10])
            else:
                began[contact_id] = date.fromisoformat(created_day)
                undated.append(contact_id)
        if undated:
            # Only the undated people's first conversations: a grouped index scan, not all 100k.
            first_seen = db.execute_sql(
                """
                SELECT p.contact_id, min(v.occurred_at) FROM participant p
                  JOIN conversation v ON v.id = p.conversation_id
                  JOIN contact c ON c.id = p.contact_id
                 WHERE c.met_on IS NULL AND trim(c.how_we_met) != ''
                 GROUP BY p.contact_id
                """
            )
            for contact_id, first in first_seen:
                if contact_id in began and first:
                    began[contact_id] = min(began[contact_id], date.fromisoformat(str(first)[:10]))
        # For people without a "how we met": their first conversation, if it was an event.
        # The candidates (event conversations of such people) come first, from the (channel,
        # place) index; only for them does NOT EXISTS look for an earlier conversation, and it
        # stops at the first one it finds.
        first_events = db.execute_sql(
            """
            WITH candidate AS MATERIALIZED (
                SELECT p.contact_id, v.place, v.occurred_at FROM conversation v
                  JOIN participant p ON p.conversation_id = v.id
                  JOIN contact c ON c.id = p.contact_id
                 WHERE v.channel = 'event' AND v.place != '' AND trim(c.how_we_met) = '')
            SELECT contact_id, place, occurred_at FROM candidate x
             WHERE NOT EXISTS (SELECT 1 FROM participant p2
                                 JOIN conversation v2 ON v2.id = p2.conversation_id
                                WHERE p2.contact_id = x.contact_id AND v2.occurred_at < x.occurred_at)
            """
        )
        for contact_id, place, occurred_at in first_events:
            key = key_of(place)
            if key and contact_id not in met_at:
                met_at[contact_id] = key
                began[contact_id] = date.fromisoformat(str(occurred_at)[:10])

        status = self._statuses()
        opportunities: dict[str, set[int]] = defaultdict(set)
        for opp_id, key in named_events:
            opportunities[key].add(opp_id)
        for contact_id, opp_id in OpportunityPerson.select(
            OpportunityPerson.contact, OpportunityPerson.opportunity
        ).tuples():
            if contact_id in met_at:
                opportunities[met_at[contact_id]].add(opp_id)

        judged_before = self.today() - timedelta(days=waste_min_days)
        new_contacts: dict[str, int] = defaultdict(int)
        judged: dict[str, int] = defaultdict(int)
        for contact_id, key in met_at.items():
            new_contacts[key] += 1
            if began[contact_id] <= judged_before:
                judged[key] += 1
        outcomes = []
        for key, label in labels.items():
            opps = opportunities.get(key, set())
            won = sum(1 for o in opps if status.get(o) == "won")
            outcomes.append(
                EventOutcome(
                    event=label,
                    new_contacts=new_contacts.get(key, 0),
                    conversations=conversations.get(key, 0),
                    opportunities=len(opps),
                    won=won,
                    waste_of_time=won == 0 and judged.get(key, 0) >= waste_min_contacts,
                    judged_contacts=judged.get(key, 0),
                )
            )
        outcomes.sort(
            key=lambda e: (e.waste_of_time, -e.won, -e.opportunities, -e.new_contacts, e.event.casefold())
        )
        return outcomes

    def report(self, *, people_limit: int | None = 20) -> WorkReport:
        """Sources, people, intermediaries and events in one record."""
        sources = self.sources()
        return WorkReport(
            total=sum(s.total for s in sources),
            won=sum(s.won for s in sources),
            sources=tuple(sources),
            people=tuple(self.people(people_limit)),
            intermediaries=tuple(self.intermediaries()),
            events=tuple(self.events()),
        )
