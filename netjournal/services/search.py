"""Full-text search as you type: ranked, prefix-matching, accent- and case-insensitive.

The index (SQLite FTS5 with ``unicode61 remove_diacritics 2`` and 2/3-character prefix
indexes) lives inside the encrypted file and is kept in sync by triggers (storage layer).
"""

from __future__ import annotations

import re

import peewee

from netjournal.services.base import Service
from netjournal.services.datetext import short_date
from netjournal.services.records import HIT_END, HIT_START, SearchHit
from netjournal.storage.fields import parse_utc_text

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12

# Column weights for bm25: name, organisation, common ground, their world, other notes.
_CONTACT_WEIGHTS = "10.0, 4.0, 2.0, 2.0, 1.0"


def fts_query(text: str) -> str | None:
    """The FTS5 query for what the user typed: every word must match as a word prefix.

    Words are quoted, so FTS5 operators typed by the user (``AND``, ``NEAR``, ``*``, ``"``)
    are plain text. A one-letter word next to longer ones is left out: it is usually the
    start of the next word being typed, and as a prefix it matches nearly everything.
    """
    words = search_words(text)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def search_words(text: str) -> list[str]:
    """The words that take part in the query (see :func:`fts_query`)."""
    words = _WORD.findall(text)[:MAX_TERMS]
    longer = [w for w in words if len(w) > 1]
    return longer if longer else words[:1]


def query_words(text: str) -> list[str]:
    """The words of a query, for highlighting matches in the UI."""
    return _WORD.findall(text)[:MAX_TERMS]


class SearchService(Service):
    def __init__(self, hub: object, clock: object, db: peewee.Database) -> None:
        super().__init__(hub, clock)  # type: ignore[arg-type]
        self._db = db

    def search(self, text: str, *, limit: int = 50, include_archived: bool = False) -> list[SearchHit]:
        """Contacts first (best match first), then organisations, then conversations (newest first).

        A single letter matches most of a large journal and says nothing yet about which
        conversation or note is meant: it searches the names of people and organisations only;
        everything else is searched from the second character on.
        """
        match = fts_query(text)
        if match is None:
            return []
        if max(len(w) for w in search_words(text)) < 2:
            # One letter is the start of a name being typed: look in names and organisations
            # only (a third of the index rows, and 3x faster at 10k contacts).
            hits = self._contacts(f"{{name organisation}} : ({match})", limit, include_archived)
            return hits + self._organisations(f"name : ({match})", max(5, limit // 5))
        hits = self._contacts(match, limit, include_archived)
        hits += self._organisations(match, max(5, limit // 5))
        return hits + self._conversations(match, limit, include_archived)

    # Ranked queries pick their top rows from the index first and only then build snippets
    # and joins for those few: SQLite would otherwise compute every column for every match
    # before sorting.

    def _contacts(self, match: str, limit: int, include_archived: bool) -> list[SearchHit]:
        archived = "" if include_archived else "AND c.archived = 0"
        rows = self._db.execute_sql(
            f"""
            WITH top AS (
                SELECT f.rowid AS id, bm25(contact_fts, {_CONTACT_WEIGHTS}) AS score
                FROM contact_fts f JOIN contact c ON c.id = f.rowid
                WHERE contact_fts MATCH ? {archived}
                ORDER BY score LIMIT ?)
            SELECT c.uuid, c.name, coalesce(o.name, ''), c.role,
                   snippet(contact_fts, -1, ?, ?, '…', 10), top.score
            FROM top
            JOIN contact_fts ON contact_fts.rowid = top.id
            JOIN contact c ON c.id = top.id
            LEFT JOIN organisation o ON o.id = c.organisation_id
            WHERE contact_fts MATCH ?
            ORDER BY top.score
            """,
            (match, limit, HIT_START, HIT_END, match),
        ).fetchall()
        return [
            SearchHit(
                kind="contact",
                uuid=uuid,
                title=name,
                subtitle=" · ".join(p for p in (role, org) if p),
                snippet=snippet,
                contact_uuid=uuid,
                rank=rank,
            )
            for uuid, name, org, role, snippet, rank in rows
        ]

    def _organisations(self, match: str, limit: int) -> list[SearchHit]:
        rows = self._db.execute_sql(
            """
            WITH top AS (
                SELECT f.rowid AS id, bm25(organisation_fts) AS score
                FROM organisation_fts f JOIN organisation o ON o.id = f.rowid
                WHERE organisation_fts MATCH ? AND o.archived = 0
                ORDER BY score LIMIT ?)
            SELECT o.uuid, o.name, o.kind, snippet(organisation_fts, -1, ?, ?, '…', 10), top.score,
                   (SELECT count(*) FROM contact c WHERE c.organisation_id = o.id)
            FROM top
            JOIN organisation_fts ON organisation_fts.rowid = top.id
            JOIN organisation o ON o.id = top.id
            WHERE organisation_fts MATCH ?
            ORDER BY top.score
            """,
            (match, limit, HIT_START, HIT_END, match),
        ).fetchall()
        return [
            SearchHit(
                kind="organisation",
                uuid=uuid,
                title=name,
                subtitle=f"{kind} · {people} {'person' if people == 1 else 'people'}",
                snippet=snippet,
                contact_uuid=None,
                rank=rank,
            )
            for uuid, name, kind, snippet, rank, people in rows
        ]

    def _conversations(self, match: str, limit: int, include_archived: bool) -> list[SearchHit]:
        # The most recently logged matches (the index's own order, no ranking pass over
        # thousands of hits), shown newest first by date.
        archived = "" if include_archived else "AND c.archived = 0"
        # Ordered by the index's rowid, SQLite stops after `limit` rows and builds snippets
        # and participant lists for those only (0.3 ms instead of 50+ ms at 100k notes).
        rows = self._db.execute_sql(
            f"""
            SELECT v.uuid, v.occurred_at, v.channel,
                   snippet(conversation_fts, -1, ?, ?, '…', 14), 0.0,
                   (SELECT group_concat(name, ', ') FROM (
                        SELECT c.name AS name FROM participant p JOIN contact c ON c.id = p.contact_id
                        WHERE p.conversation_id = v.id {archived} ORDER BY c.name)),
                   (SELECT c.uuid FROM participant p JOIN contact c ON c.id = p.contact_id
                    WHERE p.conversation_id = v.id {archived} ORDER BY c.name LIMIT 1)
            FROM conversation_fts JOIN conversation v ON v.id = conversation_fts.rowid
            WHERE conversation_fts MATCH ?
            ORDER BY conversation_fts.rowid DESC LIMIT ?
            """,
            (HIT_START, HIT_END, match, limit),
        ).fetchall()
        rows.sort(key=lambda row: row[1], reverse=True)  # newest first by date
        today = self.today()
        hits = []
        for uuid, occurred, channel, snippet, rank, names, contact_uuid in rows:
            if contact_uuid is None:  # everyone in it is archived
                continue
            when = parse_utc_text(occurred).astimezone()
            hits.append(
                SearchHit(
                    kind="conversation",
                    uuid=uuid,
                    title=names or "",
                    subtitle=f"{short_date(when, today)} · {channel.capitalize()}",
                    snippet=snippet,
                    contact_uuid=contact_uuid,
                    rank=rank,
                )
            )
        return hits
