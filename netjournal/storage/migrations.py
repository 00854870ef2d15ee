"""Schema versions, applied in order inside one transaction.

The version lives in SQLite's ``PRAGMA user_version`` (part of the same transaction, so a
failed migration leaves both schema and version as they were). To change the schema, append a
function to :data:`MIGRATIONS` that uses ``playhouse.migrate`` (``migrator.add_column`` etc.):
never edit a released step.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee
from playhouse.migrate import SqliteMigrator, migrate

from netjournal.errors import NewerSchemaError
from netjournal.storage import schema_sql
from netjournal.storage.schema_v1 import V1_TABLES

Step = Callable[[peewee.Database, SqliteMigrator], None]


def _v1_initial(db: peewee.Database, migrator: SqliteMigrator) -> None:
    for statement in V1_TABLES:
        db.execute_sql(statement)
    for statement in schema_sql.INDEXES:
        db.execute_sql(statement)
    db.execute_sql(schema_sql.CONTACT_DOCUMENT_VIEW)
    for statement in schema_sql.FTS_TABLES:
        db.execute_sql(statement)
    for statement in schema_sql.TRIGGERS:
        db.execute_sql(statement)


def _v2_reminders(db: peewee.Database, migrator: SqliteMigrator) -> None:
    """Keep-in-touch snoozing per contact, and a small table for journal-wide settings."""
    db.execute_sql("CREATE TABLE setting (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)")
    migrate(migrator.add_column("contact", "snoozed_until", peewee.DateField(null=True)))


def _v3_networking(db: peewee.Database, migrator: SqliteMigrator) -> None:
    """What I sent whom (CV, availability, day rate), and an index for the events analysis."""
    # Frozen DDL, like schema_v1: a released step must not follow later model changes.
    db.execute_sql(
        "CREATE TABLE sent_item (id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(36) NOT NULL, "
        "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, contact_id INTEGER NOT NULL, "
        "what TEXT NOT NULL, sent_on DATE NOT NULL, detail TEXT NOT NULL, "
        "FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE)"
    )
    db.execute_sql("CREATE UNIQUE INDEX sent_item_uuid ON sent_item (uuid)")
    # Serves both "everything sent to this person" and "last availability sent to each".
    db.execute_sql("CREATE INDEX sent_item_contact_what_sent_on ON sent_item (contact_id, what, sent_on)")
    # "Which events led to work" reads the few event conversations out of 100k without a scan.
    db.execute_sql("CREATE INDEX conversation_channel_place ON conversation (channel, place, occurred_at)")


MIGRATIONS: tuple[Step, ...] = (_v1_initial, _v2_reminders, _v3_networking)
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(db: peewee.Database) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def upgrade(db: peewee.Database) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION`; returns how many steps ran. Idempotent."""
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"This journal was written by a newer NetJournal (schema {version}, this "
            f"version knows {SCHEMA_VERSION}): please update NetJournal to open it."
        )
    if version == SCHEMA_VERSION:
        return 0  # nothing to do, and nothing written
    with db.atomic():
        version = current_version(db)
        migrator = SqliteMigrator(db)
        for step in MIGRATIONS[version:]:
            step(db, migrator)
        # PRAGMA cannot take parameters; the value is our own integer.
        db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
    return SCHEMA_VERSION - version
