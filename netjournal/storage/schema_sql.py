"""SQL for the full-text index and the triggers that keep it (and ``last_contact_at``) in sync.

Triggers rather than service code keep the index right on *every* write path: edits, deletes,
cascades from organisations and tags, imports, and any future code.
"""

from __future__ import annotations

TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"

# One row per contact, as the index sees it.
CONTACT_DOCUMENT_VIEW = """
CREATE VIEW contact_document AS
SELECT c.id AS id,
       c.name AS name,
       coalesce(o.name, '') AS organisation,
       c.common_ground AS common_ground,
       c.their_world AS their_world,
       c.role || char(10) || c.how_i_can_help || char(10) || c.notes || char(10)
         || c.how_we_met || char(10) || c.location || char(10) || c.emails || char(10)
         || coalesce((SELECT group_concat(t.name, ' ') FROM contact_tag ct
                      JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') AS notes
FROM contact c LEFT JOIN organisation o ON o.id = c.organisation_id
"""

FTS_TABLES = (
    f"CREATE VIRTUAL TABLE contact_fts USING fts5("
    f"name, organisation, common_ground, their_world, notes, {TOKENIZE})",
    f"CREATE VIRTUAL TABLE conversation_fts USING fts5(summary, place, {TOKENIZE})",
    f"CREATE VIRTUAL TABLE organisation_fts USING fts5(name, notes, {TOKENIZE})",
)


_CONTACT_FTS_FILL = (
    "INSERT INTO contact_fts(rowid, name, organisation, common_ground, their_world, notes) "
    "SELECT id, name, organisation, common_ground, their_world, notes FROM contact_document"
)
_ORGANISATION_FTS_FILL = (
    "INSERT INTO organisation_fts(rowid, name, notes) SELECT id, name, notes FROM organisation"
)
_CONVERSATION_FTS_FILL = (
    "INSERT INTO conversation_fts(rowid, summary, place) SELECT id, summary, place FROM conversation"
)


def _reindex_contacts(where: str) -> str:
    return (
        f"DELETE FROM contact_fts WHERE rowid IN (SELECT id FROM contact WHERE {where});\n"
        f"{_CONTACT_FTS_FILL} WHERE id IN (SELECT id FROM contact WHERE {where});"
    )


_CONTACT_INDEXED_COLUMNS = (
    "name, organisation_id, role, emails, location, how_we_met, common_ground, their_world, "
    "how_i_can_help, notes"
)

_LAST_CONTACT_RECOMPUTE = """
UPDATE contact SET last_contact_at = (
    SELECT max(v.occurred_at) FROM participant p JOIN conversation v ON v.id = p.conversation_id
    WHERE p.contact_id = contact.id)
WHERE id {target};
"""

TRIGGERS = (
    # contacts
    f"""CREATE TRIGGER contact_ai AFTER INSERT ON contact BEGIN
        {_reindex_contacts("id = NEW.id")}
    END""",
    f"""CREATE TRIGGER contact_au AFTER UPDATE OF {_CONTACT_INDEXED_COLUMNS} ON contact BEGIN
        {_reindex_contacts("id = NEW.id")}
    END""",
    """CREATE TRIGGER contact_ad AFTER DELETE ON contact BEGIN
        DELETE FROM contact_fts WHERE rowid = OLD.id;
    END""",
    # organisations: their own index, and the organisation column of their people
    """CREATE TRIGGER organisation_ai AFTER INSERT ON organisation BEGIN
        INSERT INTO organisation_fts(rowid, name, notes) VALUES (NEW.id, NEW.name, NEW.notes);
    END""",
    f"""CREATE TRIGGER organisation_au AFTER UPDATE OF name, notes ON organisation BEGIN
        DELETE FROM organisation_fts WHERE rowid = OLD.id;
        INSERT INTO organisation_fts(rowid, name, notes) VALUES (NEW.id, NEW.name, NEW.notes);
        {_reindex_contacts("organisation_id = NEW.id")}
    END""",
    """CREATE TRIGGER organisation_ad AFTER DELETE ON organisation BEGIN
        DELETE FROM organisation_fts WHERE rowid = OLD.id;
    END""",
    # tags are part of a contact's document
    f"""CREATE TRIGGER contact_tag_ai AFTER INSERT ON contact_tag BEGIN
        {_reindex_contacts("id = NEW.contact_id")}
    END""",
    f"""CREATE TRIGGER contact_tag_ad AFTER DELETE ON contact_tag BEGIN
        {_reindex_contacts("id = OLD.contact_id")}
    END""",
    f"""CREATE TRIGGER tag_au AFTER UPDATE OF name ON tag BEGIN
        {_reindex_contacts("id IN (SELECT contact_id FROM contact_tag WHERE tag_id = NEW.id)")}
    END""",
    # conversations
    """CREATE TRIGGER conversation_ai AFTER INSERT ON conversation BEGIN
        INSERT INTO conversation_fts(rowid, summary, place) VALUES (NEW.id, NEW.summary, NEW.place);
    END""",
    """CREATE TRIGGER conversation_au AFTER UPDATE OF summary, place ON conversation BEGIN
        DELETE FROM conversation_fts WHERE rowid = OLD.id;
        INSERT INTO conversation_fts(rowid, summary, place) VALUES (NEW.id, NEW.summary, NEW.place);
    END""",
    """CREATE TRIGGER conversation_ad AFTER DELETE ON conversation BEGIN
        DELETE FROM conversation_fts WHERE rowid = OLD.id;
    END""",
    # last_contact_at: the newest conversation each contact took part in
    """CREATE TRIGGER participant_ai AFTER INSERT ON participant BEGIN
        UPDATE contact SET last_contact_at = (SELECT occurred_at FROM conversation
                                              WHERE id = NEW.conversation_id)
        WHERE id = NEW.contact_id AND (last_contact_at IS NULL OR last_contact_at <
              (SELECT occurred_at FROM conversation WHERE id = NEW.conversation_id));
    END""",
    f"""CREATE TRIGGER participant_ad AFTER DELETE ON participant BEGIN
        {_LAST_CONTACT_RECOMPUTE.format(target="= OLD.contact_id")}
    END""",
    f"""CREATE TRIGGER conversation_time_au AFTER UPDATE OF occurred_at ON conversation BEGIN
        {
        _LAST_CONTACT_RECOMPUTE.format(
            target="IN (SELECT contact_id FROM participant WHERE conversation_id = NEW.id)"
        )
    }
    END""",
)

# Every search index refilled from the records in one pass each. A bulk restore into an empty
# journal drops the per-row triggers and runs these instead (several times faster).
FTS_REBUILD = (
    "DELETE FROM contact_fts",
    _CONTACT_FTS_FILL,
    "DELETE FROM organisation_fts",
    _ORGANISATION_FTS_FILL,
    "DELETE FROM conversation_fts",
    _CONVERSATION_FTS_FILL,
)

INDEXES = (
    "CREATE INDEX contact_name_nocase ON contact(name COLLATE NOCASE)",
    "CREATE INDEX contact_last_contact ON contact(last_contact_at)",
    "CREATE INDEX contact_kind ON contact(kind)",
)
