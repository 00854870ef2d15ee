# ruff: noqa: E501  (frozen DDL, one statement per line)
"""The tables of schema version 1, frozen as SQL.

A released migration step must never change, so it does not follow the models: later columns
and tables arrive through later steps in ``migrations.py``.
"""

V1_TABLES = (
    "CREATE TABLE organisation (id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, website TEXT NOT NULL, notes TEXT NOT NULL, archived INTEGER NOT NULL)",
    "CREATE UNIQUE INDEX organisation_uuid ON organisation (uuid)",
    "CREATE INDEX organisation_name ON organisation (name)",
    "CREATE TABLE contact (id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, name TEXT NOT NULL, organisation_id INTEGER, role TEXT NOT NULL, emails TEXT NOT NULL, phones TEXT NOT NULL, links TEXT NOT NULL, location TEXT NOT NULL, kind TEXT NOT NULL, how_we_met TEXT NOT NULL, met_on DATE, introduced_by_id INTEGER, common_ground TEXT NOT NULL, their_world TEXT NOT NULL, how_i_can_help TEXT NOT NULL, notes TEXT NOT NULL, keep_in_touch_days INTEGER, archived INTEGER NOT NULL, last_contact_at TEXT, FOREIGN KEY (organisation_id) REFERENCES organisation (id) ON DELETE SET NULL, FOREIGN KEY (introduced_by_id) REFERENCES contact (id) ON DELETE SET NULL)",
    "CREATE UNIQUE INDEX contact_uuid ON contact (uuid)",
    "CREATE INDEX contact_organisation_id ON contact (organisation_id)",
    "CREATE INDEX contact_introduced_by_id ON contact (introduced_by_id)",
    "CREATE TABLE tag (id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE)",
    "CREATE UNIQUE INDEX tag_uuid ON tag (uuid)",
    "CREATE UNIQUE INDEX tag_name ON tag (name)",
    "CREATE TABLE contact_tag (contact_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (contact_id, tag_id), FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE, FOREIGN KEY (tag_id) REFERENCES tag (id) ON DELETE CASCADE)",
    "CREATE INDEX contact_tag_contact_id ON contact_tag (contact_id)",
    "CREATE INDEX contact_tag_tag_id ON contact_tag (tag_id)",
    "CREATE INDEX contact_tag_tag_id_contact_id ON contact_tag (tag_id, contact_id)",
    "CREATE TABLE conversation (id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, occurred_at TEXT NOT NULL, channel TEXT NOT NULL, place TEXT NOT NULL, summary TEXT NOT NULL)",
    "CREATE UNIQUE INDEX conversation_uuid ON conversation (uuid)",
    "CREATE INDEX conversation_occurred_at ON conversation (occurred_at)",
    "CREATE TABLE follow_up (id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, contact_id INTEGER NOT NULL, conversation_id INTEGER, what TEXT NOT NULL, owner TEXT NOT NULL, due_on DATE, done_at TEXT, FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE, FOREIGN KEY (conversation_id) REFERENCES conversation (id) ON DELETE SET NULL)",
    "CREATE UNIQUE INDEX follow_up_uuid ON follow_up (uuid)",
    "CREATE INDEX follow_up_contact_id ON follow_up (contact_id)",
    "CREATE INDEX follow_up_conversation_id ON follow_up (conversation_id)",
    "CREATE INDEX follow_up_due_on ON follow_up (due_on)",
    "CREATE TABLE introduction (id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, direction TEXT NOT NULL, kind TEXT NOT NULL, introducer_id INTEGER, introduced_id INTEGER, introduced_to_id INTEGER, occurred_on DATE, outcome TEXT NOT NULL, FOREIGN KEY (introducer_id) REFERENCES contact (id) ON DELETE CASCADE, FOREIGN KEY (introduced_id) REFERENCES contact (id) ON DELETE CASCADE, FOREIGN KEY (introduced_to_id) REFERENCES contact (id) ON DELETE CASCADE)",
    "CREATE UNIQUE INDEX introduction_uuid ON introduction (uuid)",
    "CREATE INDEX introduction_introducer_id ON introduction (introducer_id)",
    "CREATE INDEX introduction_introduced_id ON introduction (introduced_id)",
    "CREATE INDEX introduction_introduced_to_id ON introduction (introduced_to_id)",
    "CREATE TABLE opportunity (id INTEGER NOT NULL PRIMARY KEY, uuid VARCHAR(36) NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL, client_id INTEGER, intermediary_id INTEGER, event TEXT NOT NULL, started_on DATE, ended_on DATE, day_rate TEXT NOT NULL, notes TEXT NOT NULL, FOREIGN KEY (client_id) REFERENCES organisation (id) ON DELETE SET NULL, FOREIGN KEY (intermediary_id) REFERENCES organisation (id) ON DELETE SET NULL)",
    "CREATE UNIQUE INDEX opportunity_uuid ON opportunity (uuid)",
    "CREATE INDEX opportunity_client_id ON opportunity (client_id)",
    "CREATE INDEX opportunity_intermediary_id ON opportunity (intermediary_id)",
    "CREATE TABLE opportunity_person (opportunity_id INTEGER NOT NULL, contact_id INTEGER NOT NULL, role TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (opportunity_id, contact_id, role), FOREIGN KEY (opportunity_id) REFERENCES opportunity (id) ON DELETE CASCADE, FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE)",
    "CREATE INDEX opportunity_person_opportunity_id ON opportunity_person (opportunity_id)",
    "CREATE INDEX opportunity_person_contact_id ON opportunity_person (contact_id)",
    "CREATE TABLE participant (conversation_id INTEGER NOT NULL, contact_id INTEGER NOT NULL, PRIMARY KEY (conversation_id, contact_id), FOREIGN KEY (conversation_id) REFERENCES conversation (id) ON DELETE CASCADE, FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE)",
    "CREATE INDEX participant_conversation_id ON participant (conversation_id)",
    "CREATE INDEX participant_contact_id ON participant (contact_id)",
    "CREATE INDEX participant_contact_id_conversation_id ON participant (contact_id, conversation_id)",
)
