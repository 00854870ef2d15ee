"""Our own CSV backup: every record of every kind, exported and restored exactly.

Layout: a folder (or the same files in a ``.zip``) with ``manifest.json`` and one CSV per table,
named after the record kind (``contacts.csv``, ``conversations.csv``, ``participants.csv``, ...).
The columns are derived from the storage models, so a field added to a model is exported and
restored without touching this module: ``uuid``, ``created_at``, ``updated_at``, then the
model's fields in order; a reference to another record is that record's UUID in a
``<field>_uuid`` column. Timestamps are ISO 8601 in UTC (``2026-03-10T09:30:00.000000Z``), dates
``YYYY-MM-DD``, booleans ``true``/``false``; an empty cell means "none". RFC 4180 quoting, CRLF
row ends, multi-line text kept as it is. Every cell is escaped against formula injection
(:mod:`~netjournal.importexport.csv_safety`) and the import reverses it, so the round trip is
exact.

Restore: into an empty journal everything is created with the same UUIDs and timestamps; into a
non-empty one records are merged by UUID (a record the journal already has is updated only when
the backup's copy is newer), links are added, and the journal keeps its own settings.
"""

from __future__ import annotations

import csv
import io
import json
import uuid as uuidlib
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import peewee

from netjournal import __version__
from netjournal.errors import ImportFormatError
from netjournal.importexport.csv_safety import escape_cell, unescape_cell
from netjournal.importexport.destinations import (
    ExportResult,
    atomic_file,
    atomic_folder,
    check_destination,
    private_opener,
)
from netjournal.importexport.plan import Action, PlanOutcome
from netjournal.importexport.progress import Cancelled, Progress, Ticker
from netjournal.importexport.textfile import MAX_IMPORT_BYTES, decode_text, read_bytes, read_csv_table
from netjournal.services import changes
from netjournal.services.stats import STATS_KEYS
from netjournal.storage.fields import UtcDateTimeField, utc_text
from netjournal.storage.migrations import SCHEMA_VERSION
from netjournal.storage.models import (
    CHANNELS,
    CONTACT_KINDS,
    FOLLOW_UP_OWNERS,
    INTRO_DIRECTIONS,
    INTRO_KINDS,
    OPPORTUNITY_KINDS,
    OPPORTUNITY_SOURCES,
    OPPORTUNITY_STATUSES,
    ORGANISATION_KINDS,
    SENT_ITEM_KINDS,
    Contact,
    ContactTag,
    Conversation,
    FollowUp,
    Introduction,
    Opportunity,
    OpportunityPerson,
    Organisation,
    Participant,
    SentItem,
    Setting,
    Tag,
)
from netjournal.storage.schema_sql import FTS_REBUILD

if TYPE_CHECKING:
    from netjournal.services.changes import ChangeCollector
    from netjournal.services.journal import Journal

FORMAT_NAME = "netjournal-csv"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

# Tables in the order a restore writes them (what is referred to comes first), by record kind.
TABLE_KINDS: tuple[tuple[type[peewee.Model], str], ...] = (
    (Organisation, "organisations"),
    (Contact, "contacts"),
    (Tag, "tags"),
    (ContactTag, "contact_tags"),
    (Conversation, "conversations"),
    (Participant, "participants"),
    (FollowUp, "follow_ups"),
    (Introduction, "introductions"),
    (Opportunity, "opportunities"),
    (OpportunityPerson, "opportunity_people"),
    (SentItem, "sent_items"),
    (Setting, "settings"),
)

# Fields whose values come from a fixed list; a restore refuses anything else.
CHOICES: dict[tuple[type[peewee.Model], str], tuple[str, ...]] = {
    (Organisation, "kind"): ORGANISATION_KINDS,
    (Contact, "kind"): CONTACT_KINDS,
    (Conversation, "channel"): CHANNELS,
    (FollowUp, "owner"): FOLLOW_UP_OWNERS,
    (Introduction, "direction"): INTRO_DIRECTIONS,
    (Introduction, "kind"): INTRO_KINDS,
    (Opportunity, "kind"): OPPORTUNITY_KINDS,
    (Opportunity, "status"): OPPORTUNITY_STATUSES,
    (Opportunity, "source"): OPPORTUNITY_SOURCES,
    (SentItem, "what"): SENT_ITEM_KINDS,
}

# Kinds whose records a preview lists one by one (people recognise them); others are counted.
LISTED_KINDS = frozenset({"contacts", "organisations", "tags"})

# What each table's changes mean for the views (the one change notification).
CHANGE_KINDS: dict[str, tuple[str, ...]] = {
    "organisations": (changes.ORGANISATIONS, changes.CONTACTS),
    "contacts": (changes.CONTACTS,),
    "tags": (changes.TAGS, changes.CONTACTS),
    "contact_tags": (changes.TAGS, changes.CONTACTS),
    "conversations": (changes.CONVERSATIONS, changes.CONTACTS),
    "participants": (changes.CONVERSATIONS, changes.CONTACTS),
    "follow_ups": (changes.FOLLOW_UPS,),
    "introductions": (changes.INTRODUCTIONS,),
    "opportunities": (changes.OPPORTUNITIES,),
    "opportunity_people": (changes.OPPORTUNITIES,),
    "sent_items": (changes.SENT_ITEMS,),
    "settings": (changes.CONTACTS,),  # keep-in-touch defaults change who is due
}

# Rows written between progress reports and cancel checks.
_BATCH = 2_000
_FETCH = 2_000
_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class Codec(Enum):
    UUID = "uuid"
    TEXT = "text"
    TIMESTAMP = "timestamp"
    DATE = "date"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    REFERENCE = "reference"


# -- cell conversions ---------------------------------------------------------------------
def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


_HEX_AND_DASH = "0123456789abcdef-"


def _uuid_in(value: str) -> str:
    # Fast path for the canonical form our export writes (plain string checks, no regex).
    if (
        len(value) == 36
        and value[8] == value[13] == value[18] == value[23] == "-"
        and value.count("-") == 4
        and not value.strip(_HEX_AND_DASH)
    ):
        return value
    try:
        return str(uuidlib.UUID(value))
    except ValueError:
        raise ValueError(f"{_shown(value)} is not a UUID") from None


def _timestamp_in(value: str) -> str:
    try:
        # Fast path for what our export writes, "2026-03-10T09:30:00.000000Z": the stored form
        # is the same text with a space, once fromisoformat has proved it a real time.
        if len(value) == 27 and value[10] == "T" and value[19] == "." and value[26] == "Z":
            stored = f"{value[:10]} {value[11:26]}"
            if datetime.fromisoformat(stored).tzinfo is None:
                return stored
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{_shown(value)} is not an ISO 8601 date-time") from None
    # A hand-edited time without a zone is taken as UTC, like everything in the file.
    return str(utc_text(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)))


def _date_in(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{_shown(value)} is not a date (YYYY-MM-DD)") from None


def _integer_in(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{_shown(value)} is not a whole number") from None


_TRUE, _FALSE = frozenset({"true", "1", "yes"}), frozenset({"false", "0", "no"})


def _boolean_in(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"{_shown(value)} is not true or false")


_DECODERS: dict[Codec, Callable[[str], Any]] = {
    Codec.UUID: _uuid_in,
    Codec.TEXT: str,
    Codec.TIMESTAMP: _timestamp_in,
    Codec.DATE: _date_in,
    Codec.INTEGER: _integer_in,
    Codec.BOOLEAN: _boolean_in,
    Codec.REFERENCE: _uuid_in,
}


def _timestamp_out(value: Any) -> str:
    # Stored as naive UTC text, "2026-03-10 09:30:00.000000": the ISO form is the same text
    # with a T (slicing: 4x faster than parsing, on every timestamp of the export).
    if value is None:
        return ""
    if len(value) == 26 and value[10] == " " and value[19] == ".":
        return f"{value[:10]}T{value[11:]}Z"
    return datetime.fromisoformat(value).isoformat(timespec="microseconds") + "Z"


def _optional(encode: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda value: "" if value is None else encode(value)


_ENCODERS: dict[Codec, Callable[[Any], str]] = {
    Codec.UUID: str,
    Codec.TEXT: _optional(str),
    Codec.TIMESTAMP: _timestamp_out,
    Codec.DATE: _optional(str),
    Codec.INTEGER: _optional(lambda v: str(int(v))),
    Codec.BOOLEAN: lambda v: "true" if v else "false",
    Codec.REFERENCE: _optional(str),
}
# Each value to its cell as written, in one call (the export's hot loop: a million cells at
# 100k conversations). Only text and integers can start with a formula character; UUIDs,
# timestamps, dates and booleans never do.
_CELLS: dict[Codec, Callable[[Any], str]] = {
    **_ENCODERS,
    Codec.TEXT: lambda v: "" if v is None else escape_cell(str(v)),
    Codec.INTEGER: lambda v: "" if v is None else escape_cell(str(int(v))),
}


# -- the tables, derived from the models ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class Column:
    """One CSV column: a model field and how its values are written."""

    header: str
    field: Any  # peewee.Field (peewee is untyped for mypy)
    codec: Codec
    choices: tuple[str, ...] | None = None

    @property
    def target(self) -> type[peewee.Model] | None:
        return self.field.rel_model if self.codec is Codec.REFERENCE else None

    def decoder(self) -> Callable[[str], Any]:
        """A function from a cell as written to the value to store; ValueError says what is wrong.

        Built once per column (a restore calls it a million times).
        """
        if self.codec is Codec.TEXT and self.choices is None:
            return unescape_cell
        convert = _DECODERS[self.codec]
        nullable = bool(self.field.null)
        choices = self.choices

        def decode(cell: str) -> Any:
            cell = unescape_cell(cell)
            if cell == "":
                if nullable:
                    return None
                raise ValueError("must not be empty")
            value = convert(cell)
            if choices is not None and value not in choices:
                raise ValueError(f"{_shown(cell)} is not one of {', '.join(choices)}")
            return value

        return decode


def _column(model: type[peewee.Model], fld: Any) -> Column:
    choices = CHOICES.get((model, fld.name))
    if isinstance(fld, peewee.ForeignKeyField):
        return Column(f"{fld.name}_uuid", fld, Codec.REFERENCE)
    if fld.name == "uuid":
        return Column("uuid", fld, Codec.UUID)
    if isinstance(fld, UtcDateTimeField):
        return Column(fld.name, fld, Codec.TIMESTAMP)
    if isinstance(fld, peewee.DateField):
        return Column(fld.name, fld, Codec.DATE)
    if isinstance(fld, peewee.BooleanField):
        return Column(fld.name, fld, Codec.BOOLEAN)
    if isinstance(fld, peewee.IntegerField):
        return Column(fld.name, fld, Codec.INTEGER)
    if isinstance(fld, peewee.TextField | peewee.CharField):
        return Column(fld.name, fld, Codec.TEXT, choices)
    raise TypeError(f"no CSV column type for {model.__name__}.{fld.name}")  # a new field type: add one


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One table of the backup: its model, file and columns."""

    kind: str
    model: type[peewee.Model]
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.kind}.csv"

    @property
    def table(self) -> str:
        return str(self.model._meta.table_name)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def is_entity(self) -> bool:
        """A record with its own id and UUID (not a link or a setting)."""
        return self.columns[0].codec is Codec.UUID

    def position(self, header: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.header == header), None)

    def references(self) -> list[tuple[int, type[peewee.Model]]]:
        """(position, model referred to) of every reference column."""
        return [(i, c.target) for i, c in enumerate(self.columns) if c.target is not None]

    def key_positions(self) -> tuple[int, ...]:
        """Columns that identify a link or setting row (its primary key)."""
        pk = self.model._meta.primary_key
        names = pk.field_names if isinstance(pk, peewee.CompositeKey) else (pk.name,)
        return tuple(i for i, c in enumerate(self.columns) if c.field.name in names)

    def select_sql(self) -> str:
        """Every row, references as UUIDs, in an order that only depends on the data."""
        parts, joins = [], []
        for i, column in enumerate(self.columns):
            target = column.target
            if target is not None:
                alias = f"r{i}"
                joins.append(
                    f'LEFT JOIN "{target._meta.table_name}" {alias} '
                    f'ON {alias}.id = t."{column.field.column_name}"'
                )
                parts.append(f"{alias}.uuid")
            else:
                parts.append(f't."{column.field.column_name}"')
        if self.is_entity:
            order = 't.created_at, t."uuid"'
        else:
            order = ", ".join(str(i + 1) for i in range(len(parts)))
        return f'SELECT {", ".join(parts)} FROM "{self.table}" t {" ".join(joins)} ORDER BY {order}'


def _spec(model: type[peewee.Model], kind: str) -> TableSpec:
    fields = [f for f in model._meta.sorted_fields if not isinstance(f, peewee.AutoField)]
    return TableSpec(kind, model, tuple(_column(model, f) for f in fields))


SPECS: tuple[TableSpec, ...] = tuple(_spec(model, kind) for model, kind in TABLE_KINDS)


# -- export ---------------------------------------------------------------------------------
def export_csv(
    journal: Journal,
    dest: Path,
    *,
    excel: bool = False,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Write every record to a folder of CSV files, or a ``.zip`` of them when ``dest`` ends so.

    ``excel`` starts each file with a UTF-8 BOM so that Excel reads it as UTF-8. The files are
    plaintext: the caller says so to the user. Written atomically; a cancel leaves nothing.
    """
    dest = Path(dest)
    as_zip = dest.suffix.lower() == ".zip"
    dest = check_destination(dest, folder=not as_zip, overwrite=overwrite)
    encoding = "utf-8-sig" if excel else "utf-8"
    db = journal.db
    # One read snapshot (every file agrees with every other), DEFERRED: a reader takes no write
    # lock, so the app and other processes keep writing while it runs.
    with db.atomic("DEFERRED"):
        counts = {s.kind: _count(db, s) for s in SPECS}
        ticker = Ticker(sum(counts.values()), progress, cancelled)
        ticker.start()
        manifest = json.dumps(
            {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "app": "NetJournal",
                "app_version": __version__,
                "schema_version": SCHEMA_VERSION,
                "exported_at": journal.clock().astimezone(UTC).isoformat(timespec="seconds"),
                "encoding": encoding,
                "files": {s.filename: counts[s.kind] for s in SPECS},
            },
            indent=2,
            ensure_ascii=False,
        )
        if as_zip:
            with (
                atomic_file(dest) as temporary,
                zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            ):

                def open_zip_entry(name: str) -> IO[str]:
                    return io.TextIOWrapper(archive.open(name, "w"), encoding=encoding, newline="")

                _write_files(db, open_zip_entry, manifest, ticker)
        else:
            with atomic_folder(dest) as temporary:

                def open_file(name: str) -> IO[str]:
                    return open(temporary / name, "w", encoding=encoding, newline="", opener=private_opener)

                _write_files(db, open_file, manifest, ticker)
    return ExportResult(dest, {kind: counts[kind] for kind in STATS_KEYS})


def _count(db: peewee.Database, spec: TableSpec) -> int:
    return int(db.execute_sql(f'SELECT count(*) FROM "{spec.table}"').fetchone()[0])


def _write_files(
    db: peewee.Database, open_text: Callable[[str], IO[str]], manifest: str, ticker: Ticker
) -> None:
    for spec in SPECS:
        with open_text(spec.filename) as handle:
            _write_table(db, spec, handle, ticker)
    with open_text(MANIFEST) as handle:
        handle.write(manifest)


def _write_table(db: peewee.Database, spec: TableSpec, handle: IO[str], ticker: Ticker) -> None:
    writer = csv.writer(handle, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(spec.headers)
    cells = [_CELLS[c.codec] for c in spec.columns]
    cursor = db.execute_sql(spec.select_sql())
    while rows := cursor.fetchmany(_FETCH):
        writer.writerows([cell(value) for cell, value in zip(cells, row, strict=True)] for row in rows)
        ticker.advance(len(rows))


# -- reading a backup -----------------------------------------------------------------------
@dataclass(slots=True)
class _Rows:
    spec: TableSpec
    label: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number, values)


def is_backup(path: Path) -> bool:
    """True if ``path`` is a folder or zip with our manifest (cheap: reads no CSV)."""
    try:
        if path.is_dir():
            return (path / MANIFEST).is_file()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                return MANIFEST in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False
    return False


def _folder_reader(path: Path) -> Callable[[str], bytes]:
    def read(name: str) -> bytes:
        return read_bytes(path / name, str(path / name))

    return read


def _zip_reader(path: Path, stack: ExitStack) -> Callable[[str], bytes]:
    label = str(path)
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise ImportFormatError(f"{label}: not a readable zip file ({exc}).") from None

    def read(name: str) -> bytes:
        try:
            info = archive.getinfo(name)
        except KeyError:
            raise ImportFormatError(f"{label}: the backup has no {name}.") from None
        if info.file_size > MAX_IMPORT_BYTES:
            raise ImportFormatError(f"{label}/{name}: too large to import ({info.file_size:,} bytes).")
        try:
            return archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
            raise ImportFormatError(f"{label}/{name}: cannot be read from the zip file ({exc}).") from None

    return read


def open_backup(
    path: Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> BackupSource:
    """Read and check a whole backup (folder or zip); nothing is written anywhere."""
    with ExitStack() as stack:
        read = _folder_reader(path) if path.is_dir() else _zip_reader(path, stack)
        ticker = Ticker(len(SPECS) + 1, progress, cancelled, every=1)
        ticker.start()
        manifest = _read_manifest(read(MANIFEST), f"{path}/{MANIFEST}")
        ticker.advance()
        source = BackupSource(path, manifest)
        for spec in SPECS:
            label = f"{path}/{spec.filename}"
            source.tables[spec.kind] = _read_table(spec, read(spec.filename), label)
            expected = manifest.get("files", {}).get(spec.filename)
            found = len(source.tables[spec.kind].rows)
            if isinstance(expected, int) and expected != found:
                source.warnings.append(
                    f"{spec.filename} has {found:,} rows but the manifest says {expected:,} "
                    "(edited, or incomplete?)"
                )
            ticker.advance()
        return source


def _read_manifest(data: bytes, label: str) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportFormatError(f"{label}: not a valid manifest ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ImportFormatError(f"{label}: not the manifest of a NetJournal backup.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ImportFormatError(f"{label}: the backup format version is missing or wrong.")
    if version > FORMAT_VERSION:
        raise ImportFormatError(
            f"{label}: written by a newer NetJournal (backup format {version}, this version reads "
            f"{FORMAT_VERSION}); update NetJournal to import it."
        )
    return manifest


def _read_table(spec: TableSpec, data: bytes, label: str) -> _Rows:
    decoded = decode_text(data, label)
    found = read_csv_table(decoded.text, label, lambda header: header, delimiters=",", preamble_rows=0)
    if found is None:
        raise ImportFormatError(f"{label}: the file is empty (no header row).")
    table, header = found
    present = {name: pos for pos, name in reversed(list(enumerate(header)))}
    missing = [h for h in spec.headers if h not in present]
    unknown = [h for h in header if h not in set(spec.headers)]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s) {', '.join(unknown)}")
        raise ImportFormatError(f"{label}: row {table.header_row}: {'; '.join(problems)}.")
    if len(present) != len(header):
        raise ImportFormatError(f"{label}: row {table.header_row}: a column appears twice.")
    plan: list[tuple[int, Callable[[str], Any]]] = [(present[c.header], c.decoder()) for c in spec.columns]
    rows = _Rows(spec, label)
    for number, cells in table.rows:
        try:
            values = [decode(cells[pos]) for pos, decode in plan]
        except ValueError:
            values = _decode_slowly(spec, plan, cells, label, number)
        rows.rows.append((number, values))
    return rows


def _decode_slowly(
    spec: TableSpec, plan: list[tuple[int, Callable[[str], Any]]], cells: list[str], label: str, number: int
) -> list[Any]:
    """Decode one row cell by cell, to name the column that is wrong."""
    values = []
    for column, (pos, decode) in zip(spec.columns, plan, strict=True):
        try:
            values.append(decode(cells[pos]))
        except ValueError as exc:
            raise ImportFormatError(f"{label}: row {number}, column {column.header}: {exc}.") from None
    return values


# -- planning and applying ------------------------------------------------------------------
@dataclass(slots=True)
class _Decision:
    """What to write for one table."""

    creates: list[list[Any]] = field(default_factory=list)  # full rows (entities: id first)
    merges: list[tuple[Any, list[Any]]] = field(default_factory=list)  # (primary key, values)
    created_ids: list[int] = field(default_factory=list)
    merged_ids: list[int] = field(default_factory=list)


class _Planner:
    """Decides, table by table, what a backup does to the journal as it is now."""

    def __init__(self, source: BackupSource, journal: Journal, ticker: Ticker) -> None:
        self.source = source
        self.db = journal.db
        self.empty = _is_empty(journal.db)
        self.ticker = ticker
        self.outcome = PlanOutcome(warnings=list(source.warnings))
        self.ids: dict[type[peewee.Model], dict[str, int]] = {}
        self.decisions: dict[str, _Decision] = {}

    def run(self) -> None:
        if not self.empty:
            self.outcome.warnings.append(
                "the journal is not empty: a record it already has (the same record, not just the same "
                "name) is updated where the backup's copy is newer; the others are added"
            )
        for spec in SPECS:
            rows = self.source.tables[spec.kind]
            if spec.is_entity:
                self.decisions[spec.kind] = self._entities(rows)
            elif spec.model is Setting:
                self.decisions[spec.kind] = self._settings(rows)
            else:
                self.decisions[spec.kind] = self._links(rows)
            self.ticker.advance(max(len(rows.rows), 1))

    def _resolve(
        self, rows: _Rows, refs: list[tuple[int, type[peewee.Model]]], number: int, values: list[Any]
    ) -> list[Any]:
        """``values`` with every reference UUID (at ``refs``) replaced by the record's id."""
        resolved = list(values)
        for i, target in refs:
            if values[i] is None:
                continue
            found = self.ids[target].get(values[i])
            if found is None:
                raise ImportFormatError(
                    f"{rows.label}: row {number}, column {rows.spec.columns[i].header}: no "
                    f"{target.__name__.lower()} with UUID {values[i]} in the backup or the journal."
                )
            resolved[i] = found
        return resolved

    def _entities(self, rows: _Rows) -> _Decision:
        spec, model = rows.spec, rows.spec.model
        table = spec.table
        existing = {
            u: (i, updated)
            for u, i, updated in self.db.execute_sql(f'SELECT uuid, id, updated_at FROM "{table}"')
        }
        ids = self.ids[model] = {u: i for u, (i, _) in existing.items()}
        next_id = int(self.db.execute_sql(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]) + 1
        uuid_at, updated_at = spec.position("uuid"), spec.position("updated_at")
        label_at = spec.position("name")
        assert uuid_at is not None and updated_at is not None  # every entity has them
        tags = _TagNames(self.db) if model is Tag else None
        decided: list[tuple[int, list[Any], Action, int]] = []
        seen: set[str] = set()
        for number, values in rows.rows:
            uuid = values[uuid_at]
            if uuid in seen:
                raise ImportFormatError(f"{rows.label}: row {number}: UUID {uuid} appears twice.")
            seen.add(uuid)
            label = str(values[label_at]) if label_at is not None else ""
            origin = f"{spec.filename} row {number}"
            listed = spec.kind in LISTED_KINDS
            if uuid in existing:
                record_id, journal_updated = existing[uuid]
                if values[updated_at] > journal_updated:
                    if tags is not None and not tags.can_rename(record_id, label):
                        self.outcome.add(
                            spec.kind, Action.SKIP, label, "another tag has this name", origin, listed=listed
                        )
                        continue
                    decided.append((number, values, Action.MERGE, record_id))
                    self.outcome.add(
                        spec.kind, Action.MERGE, label, "the backup's copy is newer", origin, listed=listed
                    )
                else:
                    reason = (
                        "already in the journal"
                        if values[updated_at] == journal_updated
                        else "the journal's copy is newer"
                    )
                    self.outcome.add(spec.kind, Action.SKIP, label, reason, origin, listed=listed)
                continue
            if tags is not None:
                same_name = tags.existing_id(label)
                if same_name is not None:
                    ids[uuid] = same_name  # links to the backup's tag go to the journal's
                    self.outcome.add(
                        spec.kind, Action.SKIP, label, "a tag with this name exists", origin, listed=listed
                    )
                    continue
                tags.claim(label, next_id, rows.label, number)
            ids[uuid] = next_id
            decided.append((number, values, Action.CREATE, next_id))
            self.outcome.add(spec.kind, Action.CREATE, label, "", origin, listed=listed)
            next_id += 1
        decision = _Decision()
        refs = spec.references()
        for number, values, action, record_id in decided:
            resolved = self._resolve(rows, refs, number, values)
            if action is Action.CREATE:
                decision.creates.append([record_id, *resolved])
                decision.created_ids.append(record_id)
            else:
                decision.merges.append((record_id, resolved))
                decision.merged_ids.append(record_id)
        return decision

    def _links(self, rows: _Rows) -> _Decision:
        spec = rows.spec
        keys = spec.key_positions()
        existing: set[tuple[Any, ...]] = set()
        if not self.empty:
            names = ", ".join(f'"{spec.columns[i].field.column_name}"' for i in keys)
            existing = {tuple(r) for r in self.db.execute_sql(f'SELECT {names} FROM "{spec.table}"')}
        decision = _Decision()
        refs = spec.references()
        for number, values in rows.rows:
            resolved = self._resolve(rows, refs, number, values)
            key = tuple(resolved[i] for i in keys)
            if key in existing:
                self.outcome.count(spec.kind, Action.SKIP)
                continue
            existing.add(key)
            decision.creates.append(resolved)
            self.outcome.count(spec.kind, Action.CREATE)
        decision.creates.sort()  # in key order, the indexes grow at their end: faster inserts
        return decision

    def _settings(self, rows: _Rows) -> _Decision:
        spec = rows.spec
        key_at, value_at = spec.position("key"), spec.position("value")
        assert key_at is not None and value_at is not None
        existing = dict(self.db.execute_sql('SELECT "key", "value" FROM "setting"').fetchall())
        decision = _Decision()
        seen: set[str] = set()
        for number, values in rows.rows:
            key = values[key_at]
            if key in seen:
                raise ImportFormatError(f"{rows.label}: row {number}: the setting {key!r} appears twice.")
            seen.add(key)
            if key not in existing:
                decision.creates.append(values)
                self.outcome.count(spec.kind, Action.CREATE)
            elif existing[key] != values[value_at] and self.empty:
                # A journal with no records yet takes the backup's settings as they were.
                decision.merges.append((key, values))
                self.outcome.count(spec.kind, Action.MERGE)
            else:
                self.outcome.count(spec.kind, Action.SKIP)
        return decision


def _is_empty(db: peewee.Database) -> bool:
    """No records at all (settings aside): a restore, not a merge."""
    return not any(_count(db, spec) for spec in SPECS if spec.model is not Setting)


class _TagNames:
    """Tag names are unique ignoring ASCII case (SQLite NOCASE): the rules for restoring tags."""

    def __init__(self, db: peewee.Database) -> None:
        self.taken: dict[str, int] = {
            _nocase(name): tag_id for tag_id, name in db.execute_sql('SELECT id, name FROM "tag"')
        }
        self.journal_ids = set(self.taken.values())

    def existing_id(self, name: str) -> int | None:
        found = self.taken.get(_nocase(name))
        return found if found in self.journal_ids else None

    def claim(self, name: str, tag_id: int, label: str, number: int) -> None:
        key = _nocase(name)
        if key in self.taken:
            raise ImportFormatError(f"{label}: row {number}: the tag name {name!r} appears twice.")
        self.taken[key] = tag_id

    def can_rename(self, tag_id: int, name: str) -> bool:
        holder = self.taken.get(_nocase(name))
        if holder not in (None, tag_id):
            return False
        for key, value in list(self.taken.items()):
            if value == tag_id:
                del self.taken[key]
        self.taken[_nocase(name)] = tag_id
        return True


def _nocase(name: str) -> str:
    return name.translate(_ASCII_FOLD)


@dataclass(slots=True)
class BackupSource:
    """A parsed backup, ready to be planned against a journal and written into it."""

    path: Path
    manifest: dict[str, Any]
    tables: dict[str, _Rows] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def plan(
        self, journal: Journal, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> PlanOutcome:
        """What restoring would do now; writes nothing."""
        planner = self._planner(journal, progress, cancelled)
        return planner.outcome

    def _planner(self, journal: Journal, progress: Progress | None, cancelled: Cancelled | None) -> _Planner:
        ticker = Ticker(sum(max(len(t.rows), 1) for t in self.tables.values()), progress, cancelled)
        planner = _Planner(self, journal, ticker)
        planner.run()
        return planner

    def apply(
        self,
        journal: Journal,
        change: ChangeCollector,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> PlanOutcome:
        """Write the backup inside the caller's transaction (``journal.changes.write()``)."""
        planner = self._planner(journal, None, cancelled)
        decisions = planner.decisions
        work = sum(len(d.creates) + len(d.merges) for d in decisions.values())
        ticker = Ticker(work, progress, cancelled)
        ticker.start()
        db = journal.db
        # Ids are assigned up front, so a contact may name one further down the file as the
        # person who introduced them: foreign keys are checked at commit instead.
        db.execute_sql("PRAGMA defer_foreign_keys = ON")
        with _bulk_load(db, enabled=planner.empty):
            for spec in SPECS:
                _write(db, spec, decisions[spec.kind], ticker)
            _refresh_last_contact(db, decisions["contacts"], planner.empty)
        for kind, counts in planner.outcome.counts.items():
            if counts[Action.CREATE] or counts[Action.MERGE]:
                for changed in CHANGE_KINDS[kind]:
                    change.add(changed)
        return planner.outcome


def _write(db: peewee.Database, spec: TableSpec, decision: _Decision, ticker: Ticker) -> None:
    # Plain SQL on the journal's own connection, never the models: they are bound to whichever
    # journal was opened last in the process. The values are already what the columns store,
    # and building peewee INSERT objects for 100k rows would cost more than SQLite itself.
    pk = spec.model._meta.primary_key.column_name
    columns = [c.field.column_name for c in spec.columns]
    into = [pk, *columns] if spec.is_entity else columns
    names = ", ".join(f'"{c}"' for c in into)
    insert = f'INSERT INTO "{spec.table}" ({names}) VALUES ({", ".join("?" * len(into))})'
    cursor = db.cursor()
    for start in range(0, len(decision.creates), _BATCH):
        batch = decision.creates[start : start + _BATCH]
        cursor.executemany(insert, batch)
        ticker.advance(len(batch))
    assignments = ", ".join(f'"{c}" = ?' for c in columns)
    update = f'UPDATE "{spec.table}" SET {assignments} WHERE "{pk}" = ?'
    for key, values in decision.merges:
        cursor.execute(update, [*values, key])
        ticker.advance()


@contextmanager
def _bulk_load(db: peewee.Database, *, enabled: bool) -> Iterator[None]:
    """Restore into an empty journal without the per-row triggers, then index in one pass.

    The triggers keep the search index and "last contact" right row by row; for 100k
    conversations that costs ~5 s where one INSERT ... SELECT per index takes ~1 s. They are
    dropped and re-created (from their own stored SQL) inside the caller's transaction, so an
    error or a cancel rolls the schema back with the data.
    """
    if not enabled:
        yield
        return
    triggers = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in triggers:
        db.execute_sql(f'DROP TRIGGER "{name}"')
    yield
    for statement in FTS_REBUILD:
        db.execute_sql(statement)
    for _, sql in triggers:
        db.execute_sql(sql)


_LATEST_CONVERSATION = (
    "SELECT p.contact_id AS contact_id, max(v.occurred_at) AS latest FROM participant p "
    "JOIN conversation v ON v.id = p.conversation_id GROUP BY p.contact_id"
)


def _refresh_last_contact(db: peewee.Database, contacts: _Decision, everyone: bool) -> None:
    """Recompute "last contact" from the conversations, whatever the backup's column said."""
    if everyone:  # one pass over all participants beats a subquery per contact
        db.execute_sql(
            "UPDATE contact SET last_contact_at = NULL WHERE last_contact_at IS NOT NULL "
            "AND id NOT IN (SELECT contact_id FROM participant)"
        )
        db.execute_sql(
            f"UPDATE contact SET last_contact_at = m.latest FROM ({_LATEST_CONVERSATION}) AS m "
            "WHERE m.contact_id = contact.id AND contact.last_contact_at IS NOT m.latest"
        )
        return
    sql = (
        "UPDATE contact SET last_contact_at = (SELECT max(v.occurred_at) FROM participant p "
        "JOIN conversation v ON v.id = p.conversation_id WHERE p.contact_id = contact.id)"
    )
    touched = contacts.created_ids + contacts.merged_ids
    for start in range(0, len(touched), 900):
        batch = touched[start : start + 900]
        db.execute_sql(f"{sql} WHERE id IN ({', '.join('?' * len(batch))})", batch)
