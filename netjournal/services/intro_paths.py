"""Who can introduce me? Paths from me to the people at an organisation (or to a person).

The journal is read as a graph of contacts: two people are linked when they took part in the
same conversation (a small one: at a conference of 200 people, sharing the room says nothing),
or when one introduced the other (recorded introductions and the "introduced by" field). I
*know* a contact when I have had at least one conversation with them.

A path is me → someone I know → ... → a target, at most three people long. A target I already
know well enough to ask myself (:data:`KNOW_WELL_CONVERSATIONS` conversations, the latest within
:data:`KNOW_WELL_DAYS`) gets the direct path only: an introduction to them would be absurd. A
target I have met once, or not for years, gets the direct path and the routes through people
I know better. Paths are ranked
shortest first, then strongest: the weakest link (fewest shared conversations and
introductions) decides, then the total, then how recent the stalest link is. A path never
takes a detour: its middle people are ones I do not know myself (else the path through them
alone would be shorter), and no one appears twice, so cycles in the graph do no harm.

The search runs outward from the few targets rather than from me (I am linked to thousands of
people; the graph is undirected, so the paths are the same): one query per level of shared
conversations, one for all introductions, one batch for the people found.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee

from netjournal.services.base import Service, require_text
from netjournal.services.contacts import ContactService
from netjournal.services.lookups import ContactRow, batches, contacts_by_id
from netjournal.services.records import PersonRef
from netjournal.storage.fields import parse_utc_text, utc_text
from netjournal.storage.models import Contact, Organisation, Participant

MAX_DEPTH = 3
MAX_GROUP = 12  # conversations with more people than this do not link them to each other
PATHS_PER_TARGET = 3
KNOW_WELL_CONVERSATIONS = 2  # this many conversations with a person, and...
KNOW_WELL_DAYS = 730  # ...the latest this recent: I can ask them myself, no introduction needed


@dataclass(frozen=True, slots=True)
class PathHop:
    """One person on a path, and their link to the person before them (me, for the first)."""

    person: PersonRef
    organisation: str
    shared_conversations: int  # with the previous person (for the first hop: mine with them)
    introductions: int  # introductions between them and the previous person
    last_together: datetime | None  # the latest shared conversation or introduction

    @property
    def weight(self) -> int:
        """How strong the link is: shared conversations and introductions together."""
        return self.shared_conversations + self.introductions


@dataclass(frozen=True, slots=True)
class IntroPath:
    """Me → hops[0] → ... → hops[-1] (the target)."""

    hops: tuple[PathHop, ...]

    @property
    def target(self) -> PersonRef:
        """The person the path leads to."""
        return self.hops[-1].person

    @property
    def direct(self) -> bool:
        """True when I know the target myself."""
        return len(self.hops) == 1

    @property
    def introducer(self) -> PersonRef | None:
        """The person I would ask for the introduction (None when I know the target)."""
        return None if self.direct else self.hops[0].person

    def describe(self) -> str:
        """``"You → Carla Introducer → Dan Client (Helios Energy)"``."""
        names = [
            f"{hop.person.name} ({hop.organisation})" if hop.organisation else hop.person.name
            for hop in self.hops
        ]
        return " → ".join(["You", *names])


@dataclass(frozen=True, slots=True)
class IntroPathResult:
    """The answer to "who can introduce me to ...?"."""

    query: str
    organisations: tuple[str, ...]  # organisations the query matched
    targets: tuple[PersonRef, ...]  # the people at them (or matching the name)
    paths: tuple[IntroPath, ...]  # best first, at most PATHS_PER_TARGET per target
    unreachable: tuple[PersonRef, ...]  # targets with no path (nobody I know knows them)
    named: tuple[PersonRef, ...] = ()  # the targets matched by their name, not by an organisation


@dataclass(frozen=True, slots=True)
class _Link:
    """Why two people (or me and someone) are linked. Times stay in their stored text form
    (text order is time order) and are parsed only for the paths returned."""

    shared: int = 0
    introductions: int = 0
    last: str | None = None

    def plus(self, shared: int, introductions: int, last: str | None) -> _Link:
        latest = max((t for t in (self.last, last) if t is not None), default=None)
        return _Link(self.shared + shared, self.introductions + introductions, latest)

    @property
    def weight(self) -> int:
        return self.shared + self.introductions


_Graph = dict[int, dict[int, _Link]]

# Both directions of every pair an introduction links (introducer, introduced, introduced to),
# and of every "introduced by".
_INTRODUCTION_EDGES_SQL = """
SELECT x, y, count(*), max(day) FROM (
    SELECT introducer_id AS x, introduced_id AS y, coalesce(occurred_on, substr(created_at, 1, 10)) AS day
      FROM introduction
    UNION ALL SELECT introduced_id, introducer_id, coalesce(occurred_on, substr(created_at, 1, 10))
      FROM introduction
    UNION ALL SELECT introducer_id, introduced_to_id, coalesce(occurred_on, substr(created_at, 1, 10))
      FROM introduction
    UNION ALL SELECT introduced_to_id, introducer_id, coalesce(occurred_on, substr(created_at, 1, 10))
      FROM introduction
    UNION ALL SELECT introduced_id, introduced_to_id, coalesce(occurred_on, substr(created_at, 1, 10))
      FROM introduction
    UNION ALL SELECT introduced_to_id, introduced_id, coalesce(occurred_on, substr(created_at, 1, 10))
      FROM introduction
    UNION ALL SELECT id, introduced_by_id, NULL FROM contact WHERE introduced_by_id IS NOT NULL
    UNION ALL SELECT introduced_by_id, id, NULL FROM contact WHERE introduced_by_id IS NOT NULL
) WHERE x IS NOT NULL AND y IS NOT NULL AND x != y
GROUP BY x, y
"""

# Everyone who shared a small conversation with the people in the IN list. The pairs come
# from the participant indexes alone; only the shared conversations (a few percent) are then
# read for their time, rather than every conversation of every person asked about.
_SHARED_CONVERSATIONS_SQL = """
WITH shared AS MATERIALIZED (
    SELECT a.contact_id AS x, b.contact_id AS y, a.conversation_id AS conversation
      FROM participant a
      JOIN participant b ON b.conversation_id = a.conversation_id AND b.contact_id != a.contact_id
     WHERE a.contact_id IN ({ids}))
SELECT x, y, count(*), max(v.occurred_at)
  FROM shared JOIN conversation v ON v.id = shared.conversation
 WHERE (SELECT count(*) FROM participant g WHERE g.conversation_id = shared.conversation) <= ?
 GROUP BY x, y
"""


def _day_text(day: str | None) -> str | None:
    """An introduction's date in the stored timestamp form (midnight UTC), for comparing."""
    return f"{day[:10]} 00:00:00.000000" if day else None


def _recency(text: str | None) -> int:
    """A stored timestamp as a number that grows with time (0 for none), for sort keys."""
    return int(f"{text[0:4]}{text[5:7]}{text[8:10]}{text[11:13]}{text[14:16]}{text[17:19]}") if text else 0


RankKey = tuple[int, int, int, int, tuple[str, ...], tuple[int, ...]]


class IntroPathService(Service):
    """``who_can_introduce("Helios Energy")``: the best ways in, through people I know."""

    def who_can_introduce(
        self,
        query: str,
        *,
        max_depth: int = MAX_DEPTH,
        per_target: int = PATHS_PER_TARGET,
        limit: int | None = 50,
    ) -> IntroPathResult:
        """Paths to the people at the organisation named ``query`` (or to the person named so)."""
        text = require_text(query, "Organisation or name")
        max_depth = max(1, min(max_depth, MAX_DEPTH))
        organisations, target_ids, named_ids = self._targets(text)
        graph = self._introduction_graph()
        frontier = set(target_ids)
        reached = set(target_ids)
        loaded: set[int] = set()
        # Level by level: the people linked to the targets, then the people linked to those.
        for _ in range(max_depth - 1):
            self._add_shared_conversations(graph, frontier, loaded)
            frontier = {n for node in frontier for n in graph.get(node, {})} - reached
            reached |= frontier
        people = contacts_by_id(reached)
        known = {i for i, c in people.items() if c.last_contact_text is not None and not c.archived}
        usable = {i for i, c in people.items() if not c.archived}
        known_well = self._known_well({t for t in target_ids if t in known}, people)

        candidates: dict[int, list[tuple[int, ...]]] = {}
        for target in target_ids:
            if target not in usable:
                continue
            neighbours = [n for n in graph.get(target, {}) if n in usable]
            found: list[tuple[int, ...]] = []
            if target in known:
                found.append((target,))
            if target in known_well:
                candidates[target] = found  # ask them myself: no route through others
                continue
            if max_depth >= 2:
                found += [(n, target) for n in neighbours if n in known]
            if max_depth >= 3:
                for middle in neighbours:
                    if middle in known:
                        continue  # me → middle → target is shorter
                    found += [
                        (first, middle, target)
                        for first in graph.get(middle, {})
                        if first in known and first != target and first not in graph.get(target, {})
                    ]
            candidates[target] = found

        mine = self._my_conversations({path[0] for paths in candidates.values() for path in paths})
        ranked: list[tuple[RankKey, tuple[int, ...]]] = []
        for found in candidates.values():
            ranked += sorted((self._rank(p, graph, people, mine), p) for p in found)[:per_target]
        ranked.sort()
        reachable = {ids[-1] for _, ids in ranked}
        chosen = ranked[:limit] if limit is not None else ranked
        targets = [people[t] for t in target_ids if t in usable]
        return IntroPathResult(
            query=text,
            organisations=tuple(organisations),
            targets=tuple(c.ref for c in targets),
            paths=tuple(self._path(ids, graph, people, mine) for _, ids in chosen),
            unreachable=tuple(c.ref for c in targets if c.id not in reachable),
            named=tuple(c.ref for c in targets if c.id in named_ids),
        )

    # -- the targets --------------------------------------------------------------------
    @staticmethod
    def _targets(text: str) -> tuple[list[str], list[int], set[int]]:
        """(organisation names matched, contact ids, those of the ids matched by name): exact
        matches, else partial ones."""
        wanted = " ".join(text.split()).casefold()
        orgs = list(Organisation.select(Organisation.id, Organisation.name).tuples())
        exact_orgs = [(i, n) for i, n in orgs if " ".join(n.split()).casefold() == wanted]
        by_name = Contact.select(Contact.id, Contact.name).where(
            Contact.archived == False  # noqa: E712
        )
        # NOCASE (ASCII only) lets the name index narrow it down; casefold decides.
        exact_people = [
            c.id
            for c in by_name.where(Contact.name.collate("NOCASE") == " ".join(text.split()))
            if " ".join(c.name.split()).casefold() == wanted
        ]
        matched_orgs, people = exact_orgs, exact_people
        if not matched_orgs and not people:
            matched_orgs = [(i, n) for i, n in orgs if wanted in n.casefold()]
            # The same word-prefix name matching as finding a contact by name.
            people = [c.id for c in ContactService._partial_name_matches(by_name, text)]
        org_ids = [i for i, _ in matched_orgs]
        at_orgs = (
            [
                c.id
                for c in Contact.select(Contact.id)
                .where(Contact.organisation.in_(org_ids), Contact.archived == False)  # noqa: E712
                .order_by(Contact.id)
            ]
            if org_ids
            else []
        )
        return [n for _, n in matched_orgs], list(dict.fromkeys(at_orgs + people)), set(people)

    # -- the graph ----------------------------------------------------------------------
    @staticmethod
    def _introduction_graph() -> _Graph:
        """Every link made by an introduction (introductions are few: load them all at once)."""
        graph: _Graph = defaultdict(dict)
        for x, y, count, last in Contact._meta.database.execute_sql(_INTRODUCTION_EDGES_SQL):
            graph[x][y] = _Link().plus(0, int(count), _day_text(last))
        return graph

    @staticmethod
    def _add_shared_conversations(graph: _Graph, nodes: set[int], loaded: set[int]) -> None:
        """Add the shared-conversation links of ``nodes`` (one query per batch of people).

        ``loaded`` holds the people whose links are in the graph already; it grows by ``nodes``.
        """
        db = Contact._meta.database
        for batch in batches(sorted(nodes)):
            sql = _SHARED_CONVERSATIONS_SQL.format(ids=", ".join("?" * len(batch)))
            for a, b, count, last in db.execute_sql(sql, (*batch, MAX_GROUP)):
                # Links are symmetric: each pair is added once, in both directions, though the
                # query sees it from both ends when both are (or were) being loaded.
                if b in loaded or (b in nodes and a > b):
                    continue
                updated = graph[a].get(b, _Link()).plus(int(count), 0, last)
                graph[a][b] = updated
                graph[b][a] = updated
        loaded |= nodes

    def _known_well(self, ids: set[int], people: dict[int, ContactRow]) -> set[int]:
        """Those of ``ids`` I can ask myself: enough conversations, the latest not long ago."""
        recent = utc_text(self.now() - timedelta(days=KNOW_WELL_DAYS))
        fresh = {i for i in ids if (people[i].last_contact_text or "") >= recent}
        counts = self._my_conversations(fresh)
        return {i for i in fresh if counts.get(i, 0) >= KNOW_WELL_CONVERSATIONS}

    @staticmethod
    def _my_conversations(ids: set[int]) -> dict[int, int]:
        """How many conversations I had with each of ``ids``."""
        counts: dict[int, int] = {}
        for batch in batches(sorted(ids)):
            counts.update(
                Participant.select(Participant.contact, peewee.fn.count(Participant.conversation))
                .where(Participant.contact.in_(batch))
                .group_by(Participant.contact)
                .tuples()
            )
        return counts

    # -- paths --------------------------------------------------------------------------
    @staticmethod
    def _links(
        ids: tuple[int, ...], graph: _Graph, people: dict[int, ContactRow], mine: dict[int, int]
    ) -> list[_Link]:
        """The link into each person on the path: from me for the first, then person to person."""
        first = _Link(mine.get(ids[0], 0), 0, people[ids[0]].last_contact_text)
        return [first] + [graph[ids[i - 1]][ids[i]] for i in range(1, len(ids))]

    @classmethod
    def _rank(
        cls, ids: tuple[int, ...], graph: _Graph, people: dict[int, ContactRow], mine: dict[int, int]
    ) -> RankKey:
        """Sort key, smaller is better: shorter, then a stronger weakest link, a stronger total,
        a more recent stalest link; names (then ids) last, for a stable order."""
        links = cls._links(ids, graph, people, mine)
        weights = [link.weight for link in links]
        return (
            len(ids),
            -min(weights),
            -sum(weights),
            -min(_recency(link.last) for link in links),
            tuple(people[i].name.casefold() for i in ids),
            ids,
        )

    @classmethod
    def _path(
        cls, ids: tuple[int, ...], graph: _Graph, people: dict[int, ContactRow], mine: dict[int, int]
    ) -> IntroPath:
        return IntroPath(
            tuple(
                PathHop(
                    person=people[node].ref,
                    organisation=people[node].organisation,
                    shared_conversations=link.shared,
                    introductions=link.introductions,
                    last_together=parse_utc_text(link.last) if link.last else None,
                )
                for node, link in zip(ids, cls._links(ids, graph, people, mine), strict=True)
            )
        )
