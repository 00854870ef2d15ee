"""Qt-free measurements used by bench.py: SQLCipher overhead and the bare-FTS5 floor.

Each function takes an open Journal (and where needed a plain, unencrypted SQLite copy of it)
and returns figures; nothing here asserts a budget.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import peewee

from netjournal.services.journal import Journal
from netjournal.storage.database import PRAGMAS
from netjournal.storage.models import MODELS
from tests.benchmarks.queries import QUERIES


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def busiest_contact(journal: Journal) -> tuple[str, int]:
    """The UUID of the active contact with the most conversations, and that number."""
    # Benchmarks may read the database directly; the UI itself never does.
    row = journal.db.execute_sql(
        "SELECT c.uuid, count(*) n FROM participant p JOIN contact c ON c.id = p.contact_id "
        "WHERE c.archived = 0 GROUP BY c.id ORDER BY n DESC LIMIT 1"
    ).fetchone()
    return str(row[0]), int(row[1])


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
    # The models are bound to one database at a time (the last one opened): point them here.
    journal.db.bind(MODELS, bind_refs=False, bind_backrefs=False)
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


def raw_fts_latencies_ms(plain: Path, texts: list[str]) -> list[float]:
    """The floor: bare stdlib-sqlite3 FTS5 queries per keystroke, returning the rows our search
    returns (ranked contacts and organisations, newest matching conversations) — no snippets,
    joins or UI."""
    from netjournal.services.search import fts_query, search_words

    conn = sqlite3.connect(plain)
    contacts = "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ? ORDER BY rank LIMIT 50"
    organisations = "SELECT rowid FROM organisation_fts WHERE organisation_fts MATCH ? ORDER BY rank LIMIT 10"
    conversations = (
        "SELECT rowid FROM conversation_fts WHERE conversation_fts MATCH ? ORDER BY rowid DESC LIMIT 50"
    )
    times = []
    try:
        for text in texts:
            match = fts_query(text)
            if match is None:
                continue
            with_conversations = max(len(w) for w in search_words(text)) >= 2

            def run(m: str = match, convs: bool = with_conversations) -> None:
                conn.execute(contacts, (m,)).fetchall()
                conn.execute(organisations, (m,)).fetchall()
                if convs:
                    conn.execute(conversations, (m,)).fetchall()

            times.append(timed(run) * 1000)
    finally:
        conn.close()
    return times
