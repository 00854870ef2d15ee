"""``netjournal export``, ``import`` and ``backup`` as a user runs them: real processes."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.unit.io_support import DATA
from tests.unit.test_cli import assert_one_line_error, run


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A journal with demo data and the Google sample in it."""
    folder = tmp_path / "journal"
    assert run(folder, "demo", "--contacts", "40", "--conversations", "150").returncode == 0
    assert run(folder, "import", str(DATA / "google-contacts.csv")).returncode == 0
    return folder


def stats(folder: Path) -> dict[str, int]:
    result = run(folder, "stats", "--json")
    assert result.returncode == 0, result.stderr
    counts: dict[str, int] = json.loads(result.stdout)
    return counts


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("dest", ["export", "export.zip"])
def test_export_then_import_into_a_new_journal(filled: Path, tmp_path: Path, dest: str) -> None:
    exported = run(filled, "export", "csv", str(tmp_path / dest))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("Exported ")
    assert "contacts" in exported.stdout and "conversations" in exported.stdout
    warning = exported.stderr.strip().splitlines()
    assert len(warning) == 1 and "not encrypted" in warning[0]

    fresh = tmp_path / "fresh"
    assert run(fresh, "init").returncode == 0
    imported = run(fresh, "import", str(tmp_path / dest))
    assert imported.returncode == 0, imported.stderr
    assert "(NetJournal CSV backup)" in imported.stdout
    assert "contacts: 43 created" in imported.stdout
    assert stats(fresh) == stats(filled)
    assert run(fresh, "check").returncode == 0
    found = json.loads(run(fresh, "search", "Ó Briain", "--json").stdout)
    assert [h["title"] for h in found] == ["Tomás Ó Briain"]


def test_excel_export_has_a_bom(filled: Path, tmp_path: Path) -> None:
    assert run(filled, "export", "csv", str(tmp_path / "excel.zip"), "--excel").returncode == 0
    with zipfile.ZipFile(tmp_path / "excel.zip") as archive:
        assert archive.read("contacts.csv").startswith(b"\xef\xbb\xbfuuid,")


def test_dry_run_leaves_the_journal_file_untouched(filled: Path) -> None:
    journal_file = filled / "journal.db"
    before = digest(journal_file)
    result = run(filled, "import", str(DATA / "linkedin-connections.csv"), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Would import from linkedin-connections.csv (LinkedIn Connections.csv):" in result.stdout
    assert "contacts: 2 to create, 1 to merge" in result.stdout
    assert result.stdout.rstrip().endswith("Dry run: nothing was written.")
    assert digest(journal_file) == before
    assert not (filled / "journal.db-wal").exists() or (filled / "journal.db-wal").stat().st_size == 0


def test_importing_twice_and_explicit_format(filled: Path) -> None:
    before = stats(filled)
    again = run(filled, "import", str(DATA / "google-contacts.csv"), "--from", "google")
    assert again.returncode == 0
    assert "contacts: 3 skipped" in again.stdout
    assert stats(filled) == before


@pytest.mark.parametrize(
    ("name", "data", "phrases"),
    [
        (
            "broken.csv",
            b'First Name,Last Name,Connected On\n"Ana,Lima,x\n',
            ["broken.csv: row 2", "unbalanced"],
        ),
        ("noise.vcf", b"BEGIN:VCARD\nFN:Ana\n", ["noise.vcf: card 1", "no END:VCARD"]),
        ("random.csv", bytes(range(256)) * 4, ["random.csv", "binary file"]),
    ],
)
def test_bad_files_exit_1_with_one_line(
    filled: Path, tmp_path: Path, name: str, data: bytes, phrases: list[str]
) -> None:
    before = stats(filled)
    (tmp_path / name).write_bytes(data)
    assert_one_line_error(run(filled, "import", str(tmp_path / name)), *phrases)
    assert stats(filled) == before


def test_a_damaged_backup_changes_nothing(filled: Path, tmp_path: Path) -> None:
    assert run(filled, "export", "csv", str(tmp_path / "export")).returncode == 0
    contacts = tmp_path / "export" / "contacts.csv"
    contacts.write_bytes(contacts.read_bytes().replace(b"\r\n", b'\r\n"', 3))
    fresh = tmp_path / "fresh"
    assert run(fresh, "init").returncode == 0
    assert_one_line_error(run(fresh, "import", str(tmp_path / "export")), "contacts.csv: row")
    assert sum(stats(fresh).values()) == 0


def test_export_refuses_an_existing_destination(filled: Path, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "mine.txt").write_text("keep")
    assert_one_line_error(run(filled, "export", "csv", str(tmp_path / "taken")), "already exists")
    assert_one_line_error(run(filled, "import", str(tmp_path / "missing.csv")), "no such file")


def test_export_vcard(filled: Path, tmp_path: Path) -> None:
    result = run(filled, "export", "vcard", str(tmp_path / "contacts.vcf"))
    assert result.returncode == 0, result.stderr
    assert "Exported 43 contacts" in result.stdout
    assert "not encrypted" in result.stderr
    text = (tmp_path / "contacts.vcf").read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 43


def test_backup_command(filled: Path, tmp_path: Path) -> None:
    result = run(filled, "backup", str(tmp_path / "copy.db"))
    assert result.returncode == 0, result.stderr
    assert "Encrypted backup written" in result.stdout
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(tmp_path / "copy.db", restored / "journal.db")
    assert stats(restored) == stats(filled)
    assert_one_line_error(run(filled, "backup", str(tmp_path / "copy.db")), "already exists")
    assert_one_line_error(run(restored, "stats", passphrase="a wrong passphrase"), "Wrong passphrase")


@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "pdf", "x"],
        ["export", "csv"],
        ["import"],
        ["import", "f.csv", "--from", "excel"],
        ["backup"],
    ],
)
def test_bad_usage_exits_2(filled: Path, args: list[str]) -> None:
    result = run(filled, *args)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
