"""Hostile input through the importers and the CSV backup (hypothesis).

Arbitrary text — control characters, NUL, RTL marks, emoji, quotes, formula triggers, huge
values, lone surrogates — in Google CSV files, vCard files and every contact field: nothing
crashes, a file is imported completely or not at all, what is stored is what the file said
(as the importer documents: line ends to LF, outer spaces trimmed), a NetJournal CSV backup
gives back exactly what was exported, and no exported cell is a live spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.errors import ImportFormatError, ValidationError
from netjournal.importexport.backup_csv import export_csv
from netjournal.importexport.csv_safety import is_inert
from netjournal.importexport.importer import import_file
from netjournal.importexport.people import clean_text
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import Journal, create_journal
from tests.conftest import PASSPHRASE

NASTY = st.sampled_from(
    [
        "\x00",
        "\x07",
        "\x1b[31m",
        "\u202e",
        "\u200f",
        "\u200d",
        "\ufeff",
        "👩\u200d💻",
        '"',
        "'",
        ",",
        ";",
        "\\",
        "\\n",
        "\r\n",
        "\r",
        "\n",
        "\t",
        '=HYPERLINK("x")',
        "+1",
        "-2",
        "@SUM(A1)",
        "BEGIN:VCARD",
        "END:VCARD",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=30), NASTY), max_size=6).map("".join)
# Text a UTF-8 file can hold (no lone surrogates: those cannot be written as UTF-8 at all).
ENCODABLE = TEXT.filter(lambda t: not any(0xD800 <= ord(c) <= 0xDFFF for c in t))
FIELDS = ("role", "location", "common_ground", "their_world", "how_i_can_help", "how_we_met", "notes")
GOOGLE_HEADER = [
    "First Name",
    "Last Name",
    "Organization Name",
    "Organization Title",
    "E-mail 1 - Value",
    "Notes",
]
_counter = itertools.count()
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Journal, Path]]:
    root = tmp_path_factory.mktemp("hostile-import")
    journal = create_journal(root / "data", PASSPHRASE, KeyStore())
    yield journal, root
    journal.close()


def new_uuids(journal: Journal, before: set[str]) -> set[str]:
    return {c.uuid for c in journal.contacts.list(include_archived=True)} - before


def all_uuids(journal: Journal) -> set[str]:
    return {c.uuid for c in journal.contacts.list(include_archived=True)}


def import_all_or_nothing(journal: Journal, path: Path, source: str) -> set[str] | None:
    """Import ``path``; on a clean refusal check nothing changed and return None."""
    before_stats, before = journal.stats(), all_uuids(journal)
    message = ""
    try:
        import_file(journal, path, source)
    except (ImportFormatError, ValidationError) as error:
        message = str(error).strip()
    else:
        return new_uuids(journal, before)
    assert message and "\n" not in message  # one clear line
    assert journal.stats() == before_stats  # and nothing written
    return None


@SETTINGS
@given(name=ENCODABLE, org=ENCODABLE, title=ENCODABLE, notes=ENCODABLE)
def test_google_csv_with_hostile_cells(
    shared: tuple[Journal, Path], name: str, org: str, title: str, notes: str
) -> None:
    journal, root = shared
    n = next(_counter)
    email = f"google{n}@example.com"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(GOOGLE_HEADER)
    writer.writerow([f"G{n} {name}", "Test", org, title, email, notes])
    path = root / f"google-{n}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    created = import_all_or_nothing(journal, path, "google")
    if created is None:
        return
    assert len(created) == 1
    record = journal.contacts.get(created.pop())
    assert list(record.emails) == [email]
    assert record.role == clean_text(title)
    assert record.notes == clean_text(notes)
    assert record.organisation == clean_text(org)


def vcard_escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


@SETTINGS
@given(name=ENCODABLE, title=ENCODABLE, note=ENCODABLE)
def test_vcard_with_hostile_values(shared: tuple[Journal, Path], name: str, title: str, note: str) -> None:
    journal, root = shared
    n = next(_counter)
    email = f"vcard{n}@example.com"
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:V{n} {vcard_escape(name)}",
        f"N:{vcard_escape(name)};V{n};;;",
        f"TITLE:{vcard_escape(title)}",
        f"EMAIL:{email}",
        f"NOTE:{vcard_escape(note)}",
        "END:VCARD",
    ]
    path = root / f"card-{n}.vcf"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
    created = import_all_or_nothing(journal, path, "vcard")
    if created is None:
        return
    assert len(created) == 1
    record = journal.contacts.get(created.pop())
    assert list(record.emails) == [email]
    assert record.role == clean_text(title)
    assert record.notes == clean_text(note)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Journal, Journal, Path]]:
    """A source journal and a target journal that backups of the source are imported into."""
    root = tmp_path_factory.mktemp("backup-round-trip")
    source = create_journal(root / "source", PASSPHRASE, KeyStore())
    target = create_journal(root / "target", PASSPHRASE, KeyStore())
    yield source, target, root
    source.close()
    target.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=ENCODABLE.filter(lambda t: t.strip()),
    values=st.lists(ENCODABLE, min_size=7, max_size=7),
    said=ENCODABLE,
)
def test_csv_backup_round_trip_is_exact_and_inert(
    pair: tuple[Journal, Journal, Path], name: str, values: list[str], said: str
) -> None:
    source, target, root = pair
    fields = dict(zip(FIELDS, values, strict=True))
    uuid = source.contacts.create(name, tags=[f"tag {name}"[:60]], **fields)
    source.conversations.log([uuid], said or "x", place=values[0], follow_up=values[1])
    export = export_csv(source, root / f"export-{next(_counter)}")
    for file in sorted(export.path.glob("*.csv")):
        with file.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert is_inert(cell), f"live formula {cell[:20]!r} in {file.name}"
    import_file(target, export.path)
    original, copy = source.contacts.get(uuid), target.contacts.get(uuid)
    for field in ("name", *FIELDS, "tags"):
        assert getattr(copy, field) == getattr(original, field), field
    [conv_a] = source.conversations.timeline(uuid)
    [conv_b] = target.conversations.timeline(uuid)
    assert (conv_b.summary, conv_b.place) == (conv_a.summary, conv_a.place)
    assert [f.what for f in conv_b.follow_ups] == [f.what for f in conv_a.follow_ups]
    # Importing the same backup again changes nothing (no duplicates).
    before = target.stats()
    import_file(target, export.path)
    assert target.stats() == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(categories=["Cs"]), min_size=1, max_size=3), prefix=ENCODABLE)
def test_undecodable_bytes_in_an_import_file(shared: tuple[Journal, Path], text: str, prefix: str) -> None:
    """Lone surrogates written as raw bytes: the file is refused or read, never half-imported."""
    journal, root = shared
    n = next(_counter)
    cell = prefix.replace('"', "") + text
    body = ",".join(GOOGLE_HEADER) + f'\r\nS{n},Test,,,s{n}@example.com,"{cell}"\r\n'
    path = root / f"surrogates-{n}.csv"
    path.write_bytes(body.encode("utf-8", "surrogatepass"))
    created = import_all_or_nothing(journal, path, "google")
    if created is not None:
        assert len(created) <= 1
        for uuid in created:
            notes = journal.contacts.get(uuid).notes
            notes.encode("utf-8")  # whatever was read, it is valid text now


def test_huge_cells_import_whole(shared: tuple[Journal, Path]) -> None:
    journal, root = shared
    huge = "Ünïcödé 👩‍💻 line\n" * 60_000  # ~1.3 MB in one cell
    path = root / "huge.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([GOOGLE_HEADER, ["Huge", "Test", "", "", "huge@example.com", huge]])
    created = import_all_or_nothing(journal, path, "google")
    assert created is not None and len(created) == 1
    assert journal.contacts.get(created.pop()).notes == clean_text(huge)
