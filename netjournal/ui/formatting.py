"""How dates, cadences and overdue states read in the UI (plain functions, no widgets)."""

from __future__ import annotations

from datetime import date, datetime

from netjournal.services.datetext import short_date  # noqa: F401  (re-exported: one rule for app and brief)


def local(moment: datetime) -> datetime:
    """A stored UTC time in the user's local time zone."""
    return moment.astimezone()


def long_date(moment: datetime) -> str:
    """``Tue 18 Nov 2025, 17:45`` in local time."""
    value = local(moment)
    return f"{value:%a} {value.day} {value:%b %Y, %H:%M}"


def long_day(day: date) -> str:
    """``Tuesday 18 November 2025``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def relative_days(days: int) -> str:
    """How long ago ``days`` days was, in the largest sensible unit."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def ago(moment: datetime | None, today: date | None = None) -> str:
    """``3 weeks ago`` for a stored time; ``never`` for None."""
    if moment is None:
        return "never"
    today = today or date.today()
    return relative_days((today - local(moment).date()).days)


def span(days: int) -> str:
    """A number of days as a compact span: ``5d``, ``3w``, ``4mo``, ``2y``."""
    days = abs(days)
    if days < 14:
        return f"{days}d"
    if days < 60:
        return f"{days // 7}w"
    if days < 730:
        return f"{days // 30}mo"
    return f"{days // 365}y"


def overdue_badge(overdue_days: int | None) -> str:
    """The short badge of the contact list: ``3w overdue``, ``due today``, ``due in 5d``."""
    if overdue_days is None:
        return ""
    if overdue_days > 0:
        return f"{span(overdue_days)} overdue"
    if overdue_days == 0:
        return "due today"
    return f"due in {span(overdue_days)}"


def overdue_sentence(overdue_days: int | None, cadence_days: int | None) -> str:
    """A sentence for the card: ``Every 45 days — 12 days overdue``."""
    if cadence_days is None or overdue_days is None:
        return "No keep-in-touch rhythm"
    every = f"Every {cadence_days} days"
    if overdue_days > 0:
        return f"{every} — {overdue_days} day{'s' if overdue_days != 1 else ''} overdue"
    if overdue_days == 0:
        return f"{every} — due today"
    return f"{every} — due in {-overdue_days} day{'s' if overdue_days != -1 else ''}"


def initials(name: str) -> str:
    """Up to two initials for an avatar."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:1].upper()
    return (words[0][:1] + words[-1][:1]).upper()


def kind_label(kind: str) -> str:
    """A kind or channel as a label: ``intermediary`` → ``Intermediary``."""
    return kind.replace("_", " ").capitalize()


def literal_ampersands(text: str) -> str:
    """``text`` for a button, check box or action label: Qt reads a lone "&" as a shortcut marker
    ("P&L" would show as "PL" with the L underlined), so each one is doubled."""
    return text.replace("&", "&&")
