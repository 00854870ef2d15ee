"""The CSV backup: export of every record, exact restore, merge by UUID, formula safety."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal import __version__
from netjournal.errors import ExportError, ImportFormatError, OperationCancelled
from netjournal.importexport import backup_csv
from netjournal.importexport.backup_csv import SPECS, export_csv
from netjournal.importexport.csv_safety import FORMULA_TRIGGERS, escape_cell, is_inert, unescape_cell
from netjournal.importexport.importer import apply_import, import_file, prepare_import
from netjournal.importexport.plan import Action, ImportFormat
from netjournal.security.keystore import KeyStore
from netjournal.services.demo import generate_demo
from netjournal.services.journal import Journal, create_journal
from netjournal.storage.models import MODELS
from tests.conftest import PASSPHRASE, FakeClock
from tests.unit.io_support import (
    HOSTILE,
    add_hostile_records,
    counting_cancel,
    journal_contents,
    snapshot,
    use,
)


@pytest.fixture
def rich(journal: Journal) -> Journal:
    """Demo data plus hostile text in every kind of record."""
    generate_demo(journal, 40, 300, seed=3)
    add_hostile_records(journal)
    return journal


@pytest.fixture
def other(tmp_path: Path, keystore: KeyStore, clock: FakeClock) -> Iterator[Journal]:
    """A second, empty journal to restore into."""
    opened = create_journal(tmp_path / "other", PASSPHRASE, keystore, clock=clock)
    yield opened
    opened.close()


def csv_files(dest: Path) -> dict[str, bytes]:
    """The CSV files of an export (folder or zip) by name."""
    if dest.suffix == ".zip":
        with zipfile.ZipFile(dest) as archive:
            return {n: archive.read(n) for n in archive.namelist() if n.endswith(".csv")}
    return {p.name: p.read_bytes() for p in sorted(dest.iterdir()) if p.suffix == ".csv"}


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# -- the cell escape ---------------------------------------------------------------------------
@given(st.text())
def test_escape_is_reversible_and_inert(text: str) -> None:
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert is_inert(escaped)


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_escaped_cells_survive_the_csv_module(row: list[str]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow([escape_cell(c) for c in row])
    (back,) = csv.reader(io.StringIO(buffer.getvalue(), newline=""))
    assert [unescape_cell(c) for c in back] == row


def test_every_formula_trigger_is_escaped() -> None:
    for trigger in sorted(FORMULA_TRIGGERS):
        assert escape_cell(f"{trigger}1+1") == f"'{trigger}1+1"
    assert escape_cell("'already quoted") == "''already quoted"
    assert escape_cell("plain =text") == "plain =text"


# -- the format ------------------------------------------------------------------------------
def test_every_model_has_a_file() -> None:
    assert {spec.model for spec in SPECS} == set(MODELS)
    contacts = next(s for s in SPECS if s.kind == "contacts")
    assert contacts.headers[:3] == ["uuid", "created_at", "updated_at"]
    assert {"organisation_uuid", "introduced_by_uuid", "snoozed_until", "last_contact_at"} <= set(
        contacts.headers
    )


@pytest.mark.parametrize("name", ["backup", "backup.zip"])
def test_round_trip_is_exact(rich: Journal, other: Journal, tmp_path: Path, name: str) -> None:
    first = tmp_path / name
    result = export_csv(rich, first)
    assert result.counts == use(rich).stats()

    plan = import_file(other, first)
    assert plan.format is ImportFormat.NETJOURNAL
    assert plan.count(Action.MERGE) == plan.count(Action.SKIP) == 0
    assert plan.count(Action.CREATE, "contacts") == use(rich).stats()["contacts"]

    # Every record and link, as the services show them, is the same...
    assert journal_contents(other) == journal_contents(rich)
    # ... the search index was rebuilt and the triggers are back ...
    assert other.check().ok
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    assert other.db.execute_sql(triggers).fetchall() == rich.db.execute_sql(triggers).fetchall()
    hostile = next(
        c for c in use(rich).contacts.list(include_archived=True) if c.name.startswith("=HYPERLINK")
    )
    assert [h.uuid for h in use(other).search.search("HYPERLINK")][:1] == [hostile.uuid]
    # ... and exporting the restored journal gives byte-identical files.
    second = tmp_path / f"again-{name}"
    export_csv(other, second)
    assert csv_files(second) == csv_files(first)


def test_restored_journal_keeps_working(rich: Journal, other: Journal, tmp_path: Path) -> None:
    export_csv(rich, tmp_path / "backup")
    import_file(other, tmp_path / "backup")
    new = use(other).contacts.create("Zebedee Quill", common_ground="sea kayaking")
    other.conversations.log([new], "Kayaking plans")
    assert next(h.uuid for h in other.search.search("kayaking")) == new
    assert other.contacts.get(new).last_contact_at is not None
    assert other.check().ok


def test_no_cell_starts_a_formula(rich: Journal, tmp_path: Path) -> None:
    export_csv(rich, tmp_path / "backup")
    files = csv_files(tmp_path / "backup")
    every = [cell for data in files.values() for row in cells(data) for cell in row]
    assert every, "nothing exported"
    assert all(is_inert(cell) for cell in every)
    header, *rows = cells(files["contacts.csv"])
    names = [row[header.index("name")] for row in rows]
    assert '\'=HYPERLINK("http://evil.example","click") #0' in names
    assert "'\n=raw name  " in names  # the untrimmed raw name, escaped, newline kept


def test_multi_line_text_and_timestamps(rich: Journal, tmp_path: Path) -> None:
    export_csv(rich, tmp_path / "backup")
    files = csv_files(tmp_path / "backup")
    assert files["contacts.csv"].startswith(b"uuid,created_at,updated_at,name,")
    rows = cells(files["conversations.csv"])
    header = rows[0]
    summaries = [row[header.index("summary")] for row in rows[1:]]
    assert "=1+1 is what we discussed,\r\nthen \"quotes\" and 'apostrophes'" in [
        unescape_cell(s) for s in summaries
    ]
    stamp = rows[1][header.index("occurred_at")]
    assert len(stamp) == 27 and stamp[10] == "T" and stamp.endswith("Z")  # ISO 8601, UTC
    assert b"\r\n" in files["tags.csv"]  # RFC 4180 line ends


def test_manifest(rich: Journal, tmp_path: Path) -> None:
    export_csv(rich, tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    assert manifest["format"] == "netjournal-csv"
    assert manifest["format_version"] == backup_csv.FORMAT_VERSION
    assert manifest["app_version"] == __version__
    assert manifest["exported_at"].startswith("2026-03-10T09:30:00")
    assert manifest["files"]["contacts.csv"] == use(rich).stats()["contacts"]
    assert names == {s.filename for s in SPECS} | {"manifest.json"}


@pytest.mark.parametrize("name", ["backup", "backup.zip"])
def test_excel_flag_adds_a_bom_and_still_restores(
    rich: Journal, other: Journal, tmp_path: Path, name: str
) -> None:
    export_csv(rich, tmp_path / name, excel=True)
    files = csv_files(tmp_path / name)
    assert all(data.startswith(b"\xef\xbb\xbf") for data in files.values())
    export_csv(rich, tmp_path / f"plain-{name}")
    assert not any(
        data.startswith(b"\xef\xbb\xbf") for data in csv_files(tmp_path / f"plain-{name}").values()
    )
    import_file(other, tmp_path / name)
    assert journal_contents(other) == journal_contents(rich)


def test_export_files_are_private(rich: Journal, tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    export_csv(rich, tmp_path / "backup")
    export_csv(rich, tmp_path / "backup.zip")
    assert (tmp_path / "backup").stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "backup").iterdir()} == {0o600}
    assert (tmp_path / "backup.zip").stat().st_mode & 0o777 == 0o600


# -- importing twice, merging ----------------------------------------------------------------
def test_importing_the_same_backup_twice_adds_nothing(rich: Journal, other: Journal, tmp_path: Path) -> None:
    export_csv(rich, tmp_path / "backup.zip")
    import_file(other, tmp_path / "backup.zip")
    before = snapshot(other)
    again = import_file(other, tmp_path / "backup.zip")
    assert again.count(Action.CREATE) == again.count(Action.MERGE) == 0
    assert again.count(Action.SKIP, "conversations") == use(rich).stats()["conversations"]
    assert snapshot(other) == before
    # Into the journal it came from, too.
    before = snapshot(rich)
    assert not import_file(rich, tmp_path / "backup.zip").changes_anything
    assert snapshot(rich) == before


def test_merge_by_uuid_into_a_non_empty_journal(
    rich: Journal, other: Journal, tmp_path: Path, clock: FakeClock
) -> None:
    mine = use(other).contacts.create("Only In Other", emails=["other@example.com"], tags=["Clients"])
    export_csv(rich, tmp_path / "one")
    import_file(other, tmp_path / "one")
    people = use(rich).contacts.list()
    target = next(c for c in people if c.name[0].isalpha())
    stale = next(c for c in people if c.uuid != target.uuid and c.name[0].isalpha())

    clock.advance(days=1)
    rich.contacts.update(target.uuid, name="Renamed In Rich", role="New role")
    use(other).contacts.update(stale.uuid, notes="edited later in the other journal")
    clock.advance(days=1)
    use(rich).contacts.update(stale.uuid, notes="edited in rich, but earlier than in other")
    clock.advance(hours=1)
    use(other).contacts.update(stale.uuid, notes="edited even later in the other journal")
    clock.advance(days=1)
    export_csv(rich, tmp_path / "two")

    plan = prepare_import(other, tmp_path / "two")
    merged = plan.items_for(Action.MERGE)
    assert [(i.kind, i.label) for i in merged] == [("contacts", "Renamed In Rich")]
    assert any("not empty" in w for w in plan.warnings)
    skipped = {i.label: i.reason for i in plan.items_for(Action.SKIP)}
    assert skipped[stale.name] == "the journal's copy is newer"
    apply_import(other, plan)

    use(other)
    assert other.contacts.get(target.uuid).name == "Renamed In Rich"
    assert other.contacts.get(target.uuid).role == "New role"
    assert other.contacts.get(stale.uuid).notes == "edited even later in the other journal"
    assert other.contacts.get(mine).emails == ("other@example.com",)
    assert other.stats()["contacts"] == use(rich).stats()["contacts"] + 1
    assert other.check().ok


def test_tags_with_the_same_name_are_one_tag(journal: Journal, other: Journal, tmp_path: Path) -> None:
    use(journal).contacts.create("Anna Berg", tags=["clients"])
    use(other).contacts.create("Bo Lind", tags=["Clients"])
    export_csv(journal, tmp_path / "backup")
    plan = import_file(other, tmp_path / "backup")
    assert [(i.kind, i.action, i.reason) for i in plan.items if i.kind == "tags"] == [
        ("tags", Action.SKIP, "a tag with this name exists")
    ]
    assert use(other).tags.list() == [("Clients", 2)]


def test_settings_of_a_non_empty_journal_are_kept(journal: Journal, other: Journal, tmp_path: Path) -> None:
    use(journal).reminders.set_kind_cadence("client", 11)
    journal.contacts.create("Anna Berg")
    use(other).contacts.create("Bo Lind")
    other.reminders.set_kind_cadence("client", 99)
    export_csv(journal, tmp_path / "backup")
    import_file(other, tmp_path / "backup")
    assert use(other).reminders.kind_cadences()["client"] == 99


def test_settings_come_back_into_an_empty_journal(journal: Journal, other: Journal, tmp_path: Path) -> None:
    use(journal).reminders.set_kind_cadence("client", 11)
    journal.contacts.create("Anna Berg")
    use(other).reminders.set_kind_cadence("client", 99)  # settings alone do not make it non-empty
    export_csv(journal, tmp_path / "backup")
    import_file(other, tmp_path / "backup")
    assert use(other).reminders.kind_cadences()["client"] == 11


# -- all or nothing --------------------------------------------------------------------------
def test_cancel_during_restore_changes_nothing(rich: Journal, other: Journal, tmp_path: Path) -> None:
    export_csv(rich, tmp_path / "backup")
    plan = prepare_import(other, tmp_path / "backup")
    before = snapshot(other)
    progress: list[tuple[int, int]] = []

    def cancelled() -> bool:  # the user presses Cancel once some rows are written
        return bool(progress) and progress[-1][0] > 0

    with pytest.raises(OperationCancelled):
        apply_import(other, plan, progress=lambda d, t: progress.append((d, t)), cancelled=cancelled)
    assert 0 < progress[-1][0] < progress[-1][1]  # it stopped part-way
    assert snapshot(other) == before  # data, search index and triggers as they were
    # The journal still works as before, triggers included.
    uuid = use(other).contacts.create("After Cancel", common_ground="origami")
    assert [h.uuid for h in other.search.search("origami")] == [uuid]


def test_cancel_while_reading_changes_nothing(rich: Journal, other: Journal, tmp_path: Path) -> None:
    export_csv(rich, tmp_path / "backup")
    before = snapshot(other)
    with pytest.raises(OperationCancelled):
        prepare_import(other, tmp_path / "backup", cancelled=counting_cancel(3))
    assert snapshot(other) == before


def test_a_failure_while_writing_rolls_everything_back(
    rich: Journal, other: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_csv(rich, tmp_path / "backup")
    plan = prepare_import(other, tmp_path / "backup")
    before = snapshot(other)
    real_write = backup_csv._write

    def failing_write(db: object, spec: backup_csv.TableSpec, *args: object) -> None:
        if spec.kind == "follow_ups":
            raise RuntimeError("disk on fire")
        real_write(db, spec, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_csv, "_write", failing_write)
    with pytest.raises(RuntimeError, match="disk on fire"):
        apply_import(other, plan)
    assert snapshot(other) == before


def corrupt(dest: Path, filename: str, edit: object) -> None:
    path = dest / filename
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    path.write_text(edit(text), encoding="utf-8", newline="")  # type: ignore[operator]


def _extra_cell(text: str) -> str:
    lines = text.split("\r\n")
    lines[2] += ",extra"
    return "\r\n".join(lines)


def _replace_cell(header: str, row: int, value: str) -> object:
    """An edit that puts ``value`` in column ``header`` of data row ``row`` (1 = first)."""

    def edit(text: str) -> str:
        rows = list(csv.reader(io.StringIO(text, newline="")))
        rows[row][rows[0].index(header)] = value
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        return out.getvalue()

    return edit


BAD_BACKUPS = [
    pytest.param(
        (
            "conversations.csv",
            lambda t: t + '"never closed,x\r\n',
            ["conversations.csv: row", "unbalanced quotes"],
        ),
        id="unbalanced-quotes",
    ),
    pytest.param(
        (
            "contacts.csv",
            _replace_cell("uuid", 3, "not-a-uuid"),
            ["contacts.csv: row 4, column uuid", "is not a UUID"],
        ),
        id="bad-uuid",
    ),
    pytest.param(
        (
            "follow_ups.csv",
            _replace_cell("contact_uuid", 2, "7d9c4ac5-0e35-4f0e-9a55-0c4c4a4b1f00"),
            ["follow_ups.csv: row 3, column contact_uuid", "no contact with UUID"],
        ),
        id="dangling-reference",
    ),
    pytest.param(
        (
            "conversations.csv",
            _replace_cell("occurred_at", 5, "yesterday"),
            ["conversations.csv: row 6, column occurred_at", "ISO 8601"],
        ),
        id="bad-timestamp",
    ),
    pytest.param(
        (
            "contacts.csv",
            _replace_cell("kind", 1, "boss"),
            ["contacts.csv: row 2, column kind", "not one of"],
        ),
        id="bad-choice",
    ),
    pytest.param(
        (
            "contacts.csv",
            _replace_cell("archived", 2, "maybe"),
            ["contacts.csv: row 3, column archived", "not true or false"],
        ),
        id="bad-boolean",
    ),
    pytest.param(
        (
            "organisations.csv",
            lambda t: t.replace("uuid,", "id,", 1),
            ["organisations.csv: row 1", "missing column(s) uuid", "unknown column(s) id"],
        ),
        id="renamed-column",
    ),
    pytest.param(
        ("tags.csv", lambda t: t + t.splitlines()[1] + "\r\n", ["tags.csv: row", "appears twice"]),
        id="duplicate-uuid",
    ),
    pytest.param(
        ("sent_items.csv", _extra_cell, ["sent_items.csv: row 3 has 8 cells but the header has 7"]),
        id="wrong-cell-count",
    ),
    pytest.param(
        (
            "manifest.json",
            lambda t: t.replace('"format_version": 1', '"format_version": 9'),
            ["manifest.json", "newer NetJournal"],
        ),
        id="newer-format",
    ),
]


@pytest.mark.parametrize("case", BAD_BACKUPS)
def test_a_bad_backup_changes_nothing_and_says_where(
    rich: Journal, other: Journal, tmp_path: Path, case: tuple[str, object, list[str]]
) -> None:
    filename, edit, phrases = case
    dest = tmp_path / "backup"
    export_csv(rich, dest)
    corrupt(dest, filename, edit)
    use(other).contacts.create("Already Here")
    before = snapshot(other)
    with pytest.raises(ImportFormatError) as caught:
        import_file(other, dest)
    message = str(caught.value)
    assert "\n" not in message
    for phrase in phrases:
        assert phrase in message
    assert snapshot(other) == before


def test_a_missing_file_is_named(rich: Journal, other: Journal, tmp_path: Path) -> None:
    export_csv(rich, tmp_path / "backup")
    (tmp_path / "backup" / "sent_items.csv").unlink()
    with pytest.raises(ImportFormatError, match=r"sent_items\.csv: no such file"):
        import_file(other, tmp_path / "backup")
    assert use(other).is_empty()


def test_damaged_zips_are_refused(rich: Journal, other: Journal, tmp_path: Path) -> None:
    export_csv(rich, tmp_path / "backup.zip")
    data = (tmp_path / "backup.zip").read_bytes()
    (tmp_path / "truncated.zip").write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFormatError, match=r"truncated\.zip: not a readable zip file"):
        import_file(other, tmp_path / "truncated.zip")
    # Flip bytes inside the compressed conversations: the CRC check catches it.
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        info = archive.getinfo("conversations.csv")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 100
    damaged = bytearray(data)
    damaged[start : start + 40] = bytes(40)
    (tmp_path / "damaged.zip").write_bytes(bytes(damaged))
    with pytest.raises(ImportFormatError, match=r"damaged.zip/conversations.csv: cannot be read"):
        import_file(other, tmp_path / "damaged.zip")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("hello.txt", "not a backup")
    with pytest.raises(ImportFormatError, match="not a NetJournal CSV backup"):
        import_file(other, tmp_path / "other.zip")
    assert use(other).is_empty()


# -- destinations ------------------------------------------------------------------------------
def test_export_refuses_to_overwrite(rich: Journal, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep-me.txt").write_text("mine")
    with pytest.raises(ExportError, match="already exists"):
        export_csv(rich, tmp_path / "taken")
    (tmp_path / "taken.zip").write_text("mine")
    with pytest.raises(ExportError, match="already exists"):
        export_csv(rich, tmp_path / "taken.zip")
    with pytest.raises(ExportError, match="does not exist"):
        export_csv(rich, tmp_path / "no" / "such" / "folder")
    assert (tmp_path / "taken" / "keep-me.txt").read_text() == "mine"
    # An empty folder is fine, and overwrite=True (the GUI asked the user) replaces our files.
    (tmp_path / "empty").mkdir()
    export_csv(rich, tmp_path / "empty")
    export_csv(rich, tmp_path / "taken.zip", overwrite=True)
    assert zipfile.is_zipfile(tmp_path / "taken.zip")
    assert sorted(os.listdir(tmp_path)) == ["empty", "taken", "taken.zip"]


@pytest.mark.parametrize("name", ["backup", "backup.zip"])
def test_cancelled_export_leaves_nothing(rich: Journal, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OperationCancelled):
        export_csv(rich, out / name, cancelled=counting_cancel(3))
    assert os.listdir(out) == []


def test_export_reports_progress(rich: Journal, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_csv(rich, tmp_path / "backup", progress=lambda d, t: seen.append((d, t)))
    total = seen[-1][1]
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_hostile_values_come_back_exactly(journal: Journal, other: Journal, tmp_path: Path) -> None:
    first = add_hostile_records(journal)
    export_csv(journal, tmp_path / "backup")
    import_file(other, tmp_path / "backup")
    use(other)
    restored = [other.contacts.get(c.uuid) for c in other.contacts.list(include_archived=True)]
    for text in HOSTILE:
        assert any(r.notes == text and r.common_ground == text for r in restored), f"lost {text!r}"
    assert other.contacts.get(first) == use(journal).contacts.get(first)
