"""What every service shares: the change hub, the clock, and record conversion helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime

from netjournal.errors import ValidationError
from netjournal.services.changes import ChangeHub

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class Service:
    def __init__(self, hub: ChangeHub, clock: Clock) -> None:
        self._hub = hub
        self._clock = clock

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        """Today in the user's local time zone."""
        return self._clock().astimezone().date()


def split_lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in text.split("\n") if line.strip())


def join_lines(values: Iterable[str] | str) -> str:
    if isinstance(values, str):
        values = values.replace("\r\n", "\n").split("\n")
    return "\n".join(v.strip() for v in values if v and v.strip())


def require_text(value: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError(f"{what} must not be empty.")
    return cleaned


def require_choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    cleaned = value.strip().lower()
    if cleaned not in allowed:
        raise ValidationError(f"Unknown {what} '{value}': use one of {', '.join(allowed)}.")
    return cleaned


def require_aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None:
        # A time typed by the user means their local time.
        value = value.astimezone()
    return value.astimezone(UTC)


def cadence(value: int | None) -> int | None:
    if value is None:
        return None
    if value <= 0 or value > 3650:
        raise ValidationError("Keep-in-touch cadence must be between 1 and 3650 days.")
    return int(value)
