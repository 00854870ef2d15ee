"""How a day reads wherever the journal shows one (app, brief, command line).

One rule everywhere: ``7 Mar`` within the current year, ``7 Mar 2024`` otherwise; times are
stored in UTC and shown on the user's local calendar day.
"""

from __future__ import annotations

from datetime import date, datetime


def short_date(day: date | datetime, today: date | None = None) -> str:
    """``12 Mar`` in ``today``'s year (default: the local today), ``12 Mar 2024`` otherwise."""
    if isinstance(day, datetime):
        day = day.astimezone().date()
    today = today or date.today()
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"
