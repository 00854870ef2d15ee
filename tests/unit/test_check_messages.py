"""``netjournal check`` on a journal that fails: the FAIL lines, then one sentence that reads well."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netjournal import cli
from netjournal.importexport.encrypted_backup import auto_backup
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import CheckReport, Journal, create_journal
from tests.conftest import PASSPHRASE


@pytest.fixture
def failing_check(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    journal = create_journal(data_dir, PASSPHRASE, KeyStore())
    journal.contacts.create("Someone")
    journal.close()
    report = CheckReport(
        (("SQLite integrity", True, "ok"), ("References between records", False, "2 broken"))
    )
    monkeypatch.setattr(Journal, "check", lambda self: report)
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE", PASSPHRASE)
    return data_dir


def _run(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(["--data-dir", str(folder), "check"])
    out, err = capsys.readouterr()
    return status, out, err


def _reads_well(line: str) -> None:
    body = line.removeprefix("netjournal: ")
    assert body.startswith("the journal has problems. ")
    assert not re.search(r": [A-Z]", body), f"a capital letter after a colon: {line}"
    # Every sentence after the first starts with a capital letter and the line ends with a stop.
    for sentence in re.split(r"(?<=\.) ", body)[1:]:
        assert sentence[:1].isupper(), sentence
    assert body.endswith(".")


def test_failed_check_without_a_backup(failing_check: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(failing_check, capsys)
    assert status == 1
    assert "FAIL  References between records: 2 broken" in out
    lines = err.strip().splitlines()
    assert len(lines) == 1
    _reads_well(lines[0])
    assert lines[0].endswith("Restore it from a backup (see the README).")


def test_failed_check_offers_the_automatic_backup(
    failing_check: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from netjournal.services.journal import open_with_secret

    journal = open_with_secret(failing_check, PASSPHRASE)
    assert auto_backup(journal, now=datetime(2026, 3, 9, 8, 15, tzinfo=UTC)) is not None
    journal.close()
    status, _out, err = _run(failing_check, capsys)
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1
    _reads_well(lines[0])
    assert "the journal has problems. An automatic backup from" in lines[0]
    assert "'netjournal restore-backup'" in lines[0]
