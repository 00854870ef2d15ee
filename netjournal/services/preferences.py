"""Journal-wide preferences that belong with the data: backup rotation and the reminder time.

They live in the journal's own (encrypted) settings table, so they travel with a backup and
are the same whichever computer opens the journal. Window layout and look (theme, start at
login) are per computer and stay out of here (the UI keeps them in QSettings).
"""

from __future__ import annotations

from datetime import time

from netjournal.errors import ValidationError
from netjournal.importexport.encrypted_backup import DEFAULT_KEEP
from netjournal.services.base import Service
from netjournal.storage.models import Setting

BACKUP_KEEP_KEY = "backup_keep"
REMINDER_TIME_KEY = "daily_reminder_time"
MAX_BACKUPS = 365
DEFAULT_REMINDER_TIME = time(9, 0)


class PreferenceService(Service):
    """Read and change the journal-wide preferences (each write is one transaction)."""

    def _get(self, key: str) -> str | None:
        stored = Setting.get_or_none(Setting.key == key)
        return None if stored is None else str(stored.value)

    def _set(self, key: str, value: str) -> None:
        with self._hub.write():
            Setting.insert(key=key, value=value).on_conflict_replace().execute()

    def backup_keep(self) -> int:
        """How many automatic backups to keep (the newest ones)."""
        value = self._get(BACKUP_KEEP_KEY)
        try:
            keep = int(value) if value is not None else DEFAULT_KEEP
        except ValueError:
            return DEFAULT_KEEP
        return keep if 1 <= keep <= MAX_BACKUPS else DEFAULT_KEEP

    def set_backup_keep(self, keep: int) -> None:
        if not 1 <= keep <= MAX_BACKUPS:
            raise ValidationError(f"Keep between 1 and {MAX_BACKUPS} automatic backups.")
        self._set(BACKUP_KEEP_KEY, str(int(keep)))

    def reminder_time(self) -> time:
        """The local time of day at which the daily keep-in-touch reminder appears."""
        value = self._get(REMINDER_TIME_KEY)
        if value is None:
            return DEFAULT_REMINDER_TIME
        try:
            parsed = time.fromisoformat(value)
        except ValueError:
            return DEFAULT_REMINDER_TIME
        return parsed.replace(second=0, microsecond=0, tzinfo=None)

    def set_reminder_time(self, when: time) -> None:
        if when.tzinfo is not None:
            raise ValidationError("The reminder time is a local time of day, without a time zone.")
        self._set(REMINDER_TIME_KEY, when.replace(second=0, microsecond=0).strftime("%H:%M"))
