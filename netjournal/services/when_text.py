"""Dates and times as people type them: "yesterday 15:00", "mon 9am", "2 days ago", "friday".

Used by the quick-entry window (when a conversation happened, when a follow-up is due).
Qt-free: the clock is passed in, so the rules are testable and the same everywhere.

``parse_when`` reads a past moment (a conversation already happened); ``parse_due`` reads a
day to come (a follow-up). Both raise :class:`~netjournal.errors.ValidationError` with a
message that says what is understood.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from netjournal.errors import ValidationError

WHEN_EXAMPLES = "now, yesterday 15:00, mon 9:30, 2 days ago, 3h ago, 2026-03-01 14:00, 1 Mar"
DUE_EXAMPLES = "tomorrow, friday, in 2 weeks, next month, 2026-12-01, 1 Dec"
NO_DUE_WORDS = frozenset({"", "none", "no date", "never", "-"})

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
_UNITS = {
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "mo": "months", "month": "months", "months": "months",
}  # fmt: skip
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

_TIME = re.compile(
    r"^(?:at\s+)?(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})|h(?P<hm>\d{2})?)?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?|(?P<word>noon|midday|midnight))$"
)
_AGO = re.compile(r"^(?P<n>\d+|a|an|one|two|three|four|five|six)\s*(?P<unit>[a-z]+)\s+ago$")
_IN = re.compile(r"^(?:in\s+)?(?P<n>\d+|a|an|one|two|three|four|five|six)\s*(?P<unit>[a-z]+)$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_DAY_MONTH = re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[a-z]+)\.?(?:\s+(?P<y>\d{4}))?$")
_MONTH_DAY = re.compile(r"^(?P<mon>[a-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(?P<y>\d{4}))?$")


def _normalise(text: str) -> str:
    return " ".join(text.strip().lower().replace(",", " ").split())


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _parse_time(text: str) -> time | None:
    """``15:00``, ``15.30``, ``9h``, ``3pm``, ``3:30 pm``, ``noon``; None if ``text`` is no time."""
    match = _TIME.match(text)
    if match is None:
        return None
    word = match["word"]
    if word:
        return time(0, 0) if word == "midnight" else time(12, 0)
    minutes = match["m"] or match["hm"]
    hour, minute = int(match["h"]), int(minutes or 0)
    ampm = (match["ampm"] or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValidationError(f"'{text}' is not a time: with am/pm, the hour is 1 to 12.")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    elif minutes is None and "h" not in text:
        return None  # a bare number ("3") is a day or a count, not a time
    if hour > 23 or minute > 59:
        raise ValidationError(f"'{text}' is not a time of day.")
    return time(hour, minute)


def _month(word: str) -> int | None:
    return _MONTHS.get(word.rstrip("."))


def _safe_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(f"'{text}' is not a date in the calendar.") from None


def _calendar_date(text: str, today: date, *, future: bool) -> date | None:
    """An ISO date or ``1 Mar [2026]`` / ``Mar 1 [2026]``; without a year, the nearest such day
    in the past (``future=False``) or to come (``future=True``)."""
    iso = _ISO_DATE.match(text)
    if iso:
        return _safe_date(int(iso["y"]), int(iso["m"]), int(iso["d"]), text)
    match = _DAY_MONTH.match(text) or _MONTH_DAY.match(text)
    if match is None:
        return None
    month = _month(match["mon"])
    if month is None:
        return None
    day = int(match["d"])
    if match["y"]:
        return _safe_date(int(match["y"]), month, day, text)
    step = 1 if future else -1
    for offset in range(9):  # 29 Feb needs up to eight years; other days one
        year = today.year + step * offset
        try:
            candidate = date(year, month, day)
        except ValueError:
            if (month, day) != (2, 29):
                raise ValidationError(f"'{text}' is not a date in the calendar.") from None
            continue
        if (candidate >= today) if future else (candidate <= today):
            return candidate
    raise AssertionError("unreachable: a leap year comes within eight years")


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _past_day(text: str, today: date) -> date | None:
    """A day in the past (or today) named by ``text``; None if ``text`` names no day."""
    if text in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return today
    if text in ("yesterday", "last night"):
        return today - timedelta(days=1)
    last = text.startswith("last ")
    name = text[5:] if last else text
    if name in _WEEKDAYS:
        back = (today.weekday() - _WEEKDAYS[name]) % 7
        if last and back == 0:
            back = 7
        return today - timedelta(days=back)
    return _calendar_date(text, today, future=False)


def _split_time(text: str) -> tuple[str, time | None]:
    """``text`` as (day words, time): the time may come last or first."""
    words = text.split()
    for size in (3, 2, 1):  # "3:30 pm", "at 15:00", "15:00"
        if len(words) < size:
            continue
        tail = _parse_time(" ".join(words[-size:]))
        if tail is not None:
            return " ".join(words[:-size]), tail
        head = _parse_time(" ".join(words[:size]))
        if head is not None and len(words) > size:
            return " ".join(words[size:]), head
    return text, None


def parse_when(text: str, now: datetime) -> datetime:
    """When something happened, as typed; ``now`` is the current local, time-zone-aware time.

    Empty or "now" is ``now``; a day without a time keeps the current time of day; a time
    without a day is today. Refuses moments in the future.
    """
    cleaned = _normalise(text)
    if cleaned in ("", "now", "just now"):
        return now
    ago = _AGO.match(cleaned)
    if ago:
        unit = _UNITS.get(ago["unit"])
        if unit is None:
            raise ValidationError(f"'{text.strip()}': say minutes, hours, days, weeks or months ago.")
        count = _count(ago["n"])
        if unit == "months":
            back = now.date() - _add_months(now.date(), -count)
            return now - back
        return now - timedelta(**{unit: count})
    day_text, at = _split_time(cleaned)
    day = _past_day(day_text, now.date()) if day_text else now.date()
    if day is None:
        raise ValidationError(f"'{text.strip()}' is not a time I understand. Try: {WHEN_EXAMPLES}.")
    moment = datetime.combine(day, at if at is not None else now.time().replace(microsecond=0), now.tzinfo)
    if moment > now + timedelta(minutes=1):
        if at is not None and not day_text:
            raise ValidationError(
                f"{at:%H:%M} today is still to come; for another day type e.g. 'yesterday {at:%H:%M}'."
            )
        raise ValidationError("A conversation you log has already happened: that moment is in the future.")
    return moment


def parse_due(text: str, today: date) -> date | None:
    """A due date, as typed; None for no date (empty, "none")."""
    cleaned = _normalise(text)
    if cleaned in NO_DUE_WORDS:
        return None
    if cleaned == "today":
        return today
    if cleaned == "tomorrow":
        return today + timedelta(days=1)
    if cleaned == "next week":
        return today + timedelta(days=7)
    if cleaned == "next month":
        return _add_months(today, 1)
    name = cleaned.removeprefix("next ").removeprefix("on ")
    if name in _WEEKDAYS:
        ahead = (_WEEKDAYS[name] - today.weekday()) % 7
        return today + timedelta(days=ahead or 7)
    match = _IN.match(cleaned)
    if match:
        unit = _UNITS.get(match["unit"])
        if unit in ("days", "weeks"):
            return today + timedelta(**{unit: _count(match["n"])})
        if unit == "months":
            return _add_months(today, _count(match["n"]))
        if match["n"].isdigit() and _month(match["unit"]) is None:
            raise ValidationError(f"'{text.strip()}': a due date counts days, weeks or months.")
    found = _calendar_date(cleaned, today, future=True)
    if found is not None:
        return found
    raise ValidationError(f"'{text.strip()}' is not a date I understand. Try: {DUE_EXAMPLES}.")


def describe_when(moment: datetime, now: datetime) -> str:
    """How a parsed moment reads back, the day always named: ``today (Wed 11 Mar) 15:00``,
    ``yesterday (Tue 10 Mar) 09:30``, ``Sat 28 Feb 2026 14:00 (11 days ago)``."""
    days = (now.date() - moment.date()).days
    clock = f"{moment:%H:%M}"
    day = f"{moment:%a} {moment.day} {moment:%b}"
    if days == 0:
        return f"today ({day}) {clock}"
    if days == 1:
        return f"yesterday ({day}) {clock}"
    named = f"{day} {moment:%Y} {clock}"
    if days > 1:
        return f"{named} ({days} days ago)"
    return f"{named} (in {-days} day{'s' if days != -1 else ''})"


def describe_due(day: date | None, today: date) -> str:
    """How a parsed due date reads back: ``today``, ``tomorrow``, ``Fri 4 Dec 2026 (in 5 days)``."""
    if day is None:
        return "no due date"
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    named = f"{day:%a} {day.day} {day:%b %Y}"
    if delta < 0:
        return f"{named} ({-delta} day{'s' if delta != -1 else ''} ago)"
    return f"{named} (in {delta} days)"
