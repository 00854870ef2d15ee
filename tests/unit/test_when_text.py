"""Typed dates and times: "yesterday 15:00", "2 days ago", "friday", "in 2 weeks"."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from netjournal.errors import ValidationError
from netjournal.services.when_text import describe_due, describe_when, parse_due, parse_when

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 11, 10, 20, 45, tzinfo=TZ)  # a Wednesday
TODAY = NOW.date()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", NOW),
        ("  now ", NOW),
        ("yesterday 15:00", datetime(2026, 3, 10, 15, 0, tzinfo=TZ)),
        ("Yesterday, 3pm", datetime(2026, 3, 10, 15, 0, tzinfo=TZ)),
        ("15:00 yesterday", datetime(2026, 3, 10, 15, 0, tzinfo=TZ)),
        ("yesterday at 9.30", datetime(2026, 3, 10, 9, 30, tzinfo=TZ)),
        ("yesterday 3:30 pm", datetime(2026, 3, 10, 15, 30, tzinfo=TZ)),
        ("yesterday noon", datetime(2026, 3, 10, 12, 0, tzinfo=TZ)),
        ("today 08:15", datetime(2026, 3, 11, 8, 15, tzinfo=TZ)),
        ("9h", datetime(2026, 3, 11, 9, 0, tzinfo=TZ)),
        ("12am", datetime(2026, 3, 11, 0, 0, tzinfo=TZ)),
        ("yesterday", datetime(2026, 3, 10, 10, 20, 45, tzinfo=TZ)),
        ("mon 9:30", datetime(2026, 3, 9, 9, 30, tzinfo=TZ)),
        ("wednesday 8:00", datetime(2026, 3, 11, 8, 0, tzinfo=TZ)),  # today is a Wednesday
        ("last wednesday 8:00", datetime(2026, 3, 4, 8, 0, tzinfo=TZ)),
        ("thursday", datetime(2026, 3, 5, 10, 20, 45, tzinfo=TZ)),
        ("2 days ago", NOW - timedelta(days=2)),
        ("3h ago", NOW - timedelta(hours=3)),
        ("an hour ago", NOW - timedelta(hours=1)),
        ("a month ago", NOW - timedelta(days=28)),  # 11 Feb: February is short
        ("2026-03-01 14:00", datetime(2026, 3, 1, 14, 0, tzinfo=TZ)),
        ("1 Mar", datetime(2026, 3, 1, 10, 20, 45, tzinfo=TZ)),
        ("Mar 1 2025 17:45", datetime(2025, 3, 1, 17, 45, tzinfo=TZ)),
        ("20 december", datetime(2025, 12, 20, 10, 20, 45, tzinfo=TZ)),  # no year: the last one
        ("29 feb", datetime(2024, 2, 29, 10, 20, 45, tzinfo=TZ)),  # the last leap day
    ],
)
def test_parse_when(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("15:00", "still to come"),  # later today: say which day
        ("tomorrow", "not a time I understand"),
        ("2026-04-01", "in the future"),
        ("yesterday 25:00", "not a time of day"),
        ("yesterday 13pm", "1 to 12"),
        ("2026-02-30", "not a date in the calendar"),
        ("31 apr", "not a date in the calendar"),
        ("3 parsecs ago", "minutes, hours, days"),
        ("lunch with bob", "not a time I understand"),
        ("3", "not a time I understand"),
    ],
)
def test_parse_when_refuses_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_when(text, NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("none", None),
        ("today", TODAY),
        ("tomorrow", date(2026, 3, 12)),
        ("friday", date(2026, 3, 13)),
        ("wed", date(2026, 3, 18)),  # today is Wednesday: the next one
        ("next mon", date(2026, 3, 16)),
        ("in 2 weeks", date(2026, 3, 25)),
        ("in a week", date(2026, 3, 18)),
        ("3d", date(2026, 3, 14)),
        ("next week", date(2026, 3, 18)),
        ("next month", date(2026, 4, 11)),
        ("in 1 month", date(2026, 4, 11)),
        ("2026-12-01", date(2026, 12, 1)),
        ("1 Dec", date(2026, 12, 1)),
        ("1 feb", date(2027, 2, 1)),  # no year: the next one
        ("Jan 31st", date(2027, 1, 31)),
    ],
)
def test_parse_due(text: str, expected: date | None) -> None:
    assert parse_due(text, TODAY) == expected


def test_a_month_from_the_31st_ends_at_the_end_of_the_next_month() -> None:
    assert parse_due("in 1 month", date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_due("next month", date(2027, 12, 31)) == date(2028, 1, 31)


@pytest.mark.parametrize(
    ("text", "message"), [("someday", "not a date I understand"), ("in 3 hours", "days, weeks or months")]
)
def test_parse_due_refuses_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_due(text, TODAY)


def test_descriptions_read_back_what_was_understood() -> None:
    assert describe_when(NOW.replace(hour=15, minute=0), NOW) == "today (Wed 11 Mar) 15:00"
    assert describe_when(parse_when("yesterday 9:05", NOW), NOW) == "yesterday (Tue 10 Mar) 09:05"
    assert describe_when(parse_when("1 mar 14:00", NOW), NOW) == "Sun 1 Mar 2026 14:00 (10 days ago)"
    assert describe_when(NOW + timedelta(days=1), NOW).endswith("(in 1 day)")
    assert describe_due(None, TODAY) == "no due date"
    assert describe_due(TODAY, TODAY) == "today"
    assert describe_due(date(2026, 3, 12), TODAY) == "tomorrow"
    assert describe_due(date(2026, 3, 13), TODAY) == "Fri 13 Mar 2026 (in 2 days)"
    assert describe_due(date(2026, 3, 9), TODAY) == "Mon 9 Mar 2026 (2 days ago)"
