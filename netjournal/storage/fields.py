"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import peewee

from netjournal.errors import ValidationError

_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


class _UtcDateTimeField(peewee.TextField):
    """A timezone-aware UTC datetime stored as fixed-width text, so text order is time order."""

    field_type = "TEXT"

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        return value.astimezone(UTC).strftime(_FORMAT)

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        # fromisoformat reads our fixed format ~10x faster than strptime (lists of thousands).
        return datetime.fromisoformat(value).replace(tzinfo=UTC)


# Typed as Any so model attributes read as datetimes, not as field objects.
UtcDateTimeField: Any = _UtcDateTimeField


def utc_text(value: datetime) -> str:
    """The stored text form of an aware datetime (for raw SQL comparisons)."""
    return value.astimezone(UTC).strftime(_FORMAT)


def parse_utc_text(value: str) -> datetime:
    """Inverse of :func:`utc_text`."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


class _TextField(peewee.TextField):
    """Text that SQLite can store: refuses unpaired surrogates with a clear message.

    Python strings can hold lone surrogates (e.g. from a broken clipboard or file) that UTF-8
    cannot encode; the driver would fail with a UnicodeEncodeError deep inside a write.
    """

    def db_value(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValidationError(
                    "The text contains a broken character (an unpaired UTF-16 surrogate) "
                    "that cannot be stored; please retype or paste it again."
                ) from None
        return super().db_value(value)


TextField: Any = _TextField
