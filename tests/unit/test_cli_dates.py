"""`log --when` and `--due` read dates as quick entry does ("friday", "yesterday 15:00"), and ISO."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from netjournal.services.journal import open_with_secret
from netjournal.services.when_text import parse_due
from tests.conftest import PASSPHRASE
from tests.unit.test_cli import cli_journal, run

__all__ = ["cli_journal"]  # the fixture, shared with test_cli


def logged(folder: Path) -> tuple[list[datetime], list[date | None]]:
    """(when each conversation happened, each follow-up's due date) of the one contact."""
    journal = open_with_secret(folder, PASSPHRASE)
    try:
        contact = journal.contacts.find_by_name("Ngozi")
        moments = [c.occurred_at.astimezone() for c in journal.conversations.timeline(contact.uuid)]
        dues = [f.due_on for f in journal.follow_ups.for_contact(contact.uuid)]
        return moments, dues
    finally:
        journal.close()


@pytest.fixture
def ngozi(cli_journal: Path) -> Path:
    assert run(cli_journal, "add", "Ngozi Adeyemi").returncode == 0
    return cli_journal


def test_words_as_in_quick_entry(ngozi: Path) -> None:
    before = date.today()
    result = run(
        ngozi,
        "log",
        "ngozi",
        "--note",
        "Lunch",
        "--when",
        "yesterday 15:00",
        "--follow-up",
        "Send the deck",
        "--due",
        "friday",
    )
    after = date.today()
    assert result.returncode == 0, result.stderr
    moments, dues = logged(ngozi)
    assert [(m.date(), m.time()) for m in moments] in (
        [(day - timedelta(days=1), time(15, 0))] for day in {before, after}
    )
    assert dues in ([parse_due("friday", day)] for day in {before, after})
    assert dues[0] is not None and dues[0].weekday() == 4 and dues[0] > before


def test_iso_still_works(ngozi: Path) -> None:
    result = run(
        ngozi,
        "log",
        "ngozi",
        "--note",
        "Call",
        "--when",
        "2026-02-01T10:00",
        "--follow-up",
        "x",
        "--due",
        "2026-02-10",
    )
    assert result.returncode == 0, result.stderr
    moments, dues = logged(ngozi)
    assert [(m.date(), m.time()) for m in moments] == [(date(2026, 2, 1), time(10, 0))]
    assert dues == [date(2026, 2, 10)]


def test_in_two_weeks_and_days_ago(ngozi: Path) -> None:
    before = date.today()
    result = run(
        ngozi,
        "log",
        "ngozi",
        "--note",
        "Chat",
        "--when",
        "2 days ago",
        "--follow-up",
        "y",
        "--due",
        "in 2 weeks",
    )
    assert result.returncode == 0, result.stderr
    moments, dues = logged(ngozi)
    assert moments[0].date() in {before - timedelta(days=2), date.today() - timedelta(days=2)}
    assert dues[0] in {before + timedelta(days=14), date.today() + timedelta(days=14)}


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--when", "yesterday-ish", "is not a time I understand. Try: now, yesterday 15:00"),
        ("--when", "1 Jan 2099 10:00", "in the future"),
        ("--due", "friday-ish", "is not a date I understand. Try: tomorrow, friday"),
        ("--due", "31 Feb", "not a date in the calendar"),
    ],
)
def test_bad_dates_are_usage_errors_that_say_what_works(
    ngozi: Path, option: str, value: str, message: str
) -> None:
    extra = ["--follow-up", "z"] if option == "--due" else []
    result = run(ngozi, "log", "ngozi", "--note", "n", *extra, option, value)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert f"argument {option}:" in result.stderr and message in result.stderr
    assert logged(ngozi) == ([], [])  # nothing logged


def test_help_names_the_accepted_forms(cli_journal: Path) -> None:
    result = run(cli_journal, "log", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "yesterday 15:00" in text and "friday" in text and "in 2 weeks" in text and "ISO" in text
