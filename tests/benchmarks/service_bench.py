"""Qt-free measurements used by bench.py: search latency, SQLCipher overhead, FTS floor.

Each function takes an open Journal (and where needed a plain, unencrypted SQLite copy of it)
and returns figures; nothing here asserts a budget.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import peewee

from netjournal.services.journal import Journal
from netjournal.storage.database import PRAGMAS
from netjournal.storage.models import MODELS
from tests.benchmarks.queries import QUERIES, keystrokes


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
    return ordered[index]


def search_latencies_ms(journal: Journal) -> list[float]:
    """Service-level search time for every keystroke of every query."""
    return [timed(lambda t=text: journal.search.search(t)) * 1000 for q in QUERIES for text in keystrokes(q)]


def export_plain_copy(journal: Journal, dest: Path) -> Path:
    """An unencrypted SQLite copy of the journal (sqlcipher_export), for comparisons only."""
    dest.unlink(missing_ok=True)
    journal.db.execute_sql(f"ATTACH DATABASE '{dest}' AS plain KEY ''")
    journal.db.execute_sql("SELECT sqlcipher_export('plain')")
    journal.db.execute_sql("DETACH DATABASE plain")
    return dest


def open_plain(path: Path, clock: Callable[[], datetime]) -> Journal:
    """A Journal over a plain SQLite file: the same services, minus the encryption."""
    pragmas = [(k, v) for k, v in PRAGMAS if not k.startswith("cipher")]
    db = peewee.SqliteDatabase(str(path), pragmas=pragmas)
    db.bind(MODELS, bind_refs=False, bind_backrefs=False)
    db.connect()
    from netjournal.security.keys import RawKey

    return Journal(path, db, RawKey(b"\0" * 32), clock)


def workload(journal: Journal, contact_uuids: list[str], rounds: int = 3) -> float:
    """Searches, contact opens and inserts: the service-level mix the overhead ratio compares."""
    started = time.perf_counter()
    for _ in range(rounds):
        for query in QUERIES[:20]:
            journal.search.search(query)
        for uuid in contact_uuids[:20]:
            journal.contacts.get(uuid)
            journal.conversations.timeline(uuid, limit=50)
        with journal.changes.write():
            for uuid in contact_uuids[:200]:
                journal.conversations.log([uuid], "Benchmark conversation about the ERP programme.")
    return time.perf_counter() - started


def raw_fts_latencies_ms(plain: Path) -> list[float]:
    """The floor: a bare stdlib-sqlite3 FTS5 query per keystroke over the same index."""
    conn = sqlite3.connect(plain)
    sql_contacts = "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ? ORDER BY rank LIMIT 50"
    sql_convs = "SELECT rowid FROM conversation_fts WHERE conversation_fts MATCH ? ORDER BY rank LIMIT 50"
    from netjournal.services.search import fts_query

    times = []
    try:
        for q in QUERIES:
            for text in keystrokes(q):
                match = fts_query(text)
                if match is None:
                    times.append(0.0)
                    continue

                def run(m: str = match) -> None:
                    conn.execute(sql_contacts, (m,)).fetchall()
                    conn.execute(sql_convs, (m,)).fetchall()

                times.append(timed(run) * 1000)
    finally:
        conn.close()
    return times


def median_ms(values: list[float]) -> float:
    return statistics.median(values)


def now_utc() -> datetime:
    return datetime.now(UTC)
