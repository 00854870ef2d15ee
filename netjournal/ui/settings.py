"""Window and view state, kept in QSettings (organisation "NetJournal", application "NetJournal").

Only layout and choices from fixed lists are stored: window geometry, splitter sizes, the
sort order, the kind filter, the archived toggle, and the last selected contact's UUID.
Never a name, a tag or any other text from the journal: settings files are plaintext.
"""

from __future__ import annotations

import uuid as uuidlib

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "NetJournal"
APPLICATION = "NetJournal"
SORT_KEYS = ("name", "last_contact", "overdue")


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuidlib.UUID(value)
    except ValueError:
        return False
    return True


# The main window's pages, in toolbar order; the one shown last is restored at start.
PAGES = ("today", "people", "organisations", "network")


class UiSettings:
    """Typed access to the UI's QSettings; every value is read and written through here."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings(ORGANISATION, APPLICATION)

    # -- helpers ----------------------------------------------------------------------------
    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _str(self, key: str, default: str) -> str:
        value = self._store.value(key, default)
        return value if isinstance(value, str) else default

    def sync(self) -> None:
        """Write pending values to disk now."""
        self._store.sync()

    # -- window -----------------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_window_geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window_state(self, value: QByteArray) -> None:
        self._store.setValue("window/state", value)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self._store.setValue(f"splitters/{name}", value)

    # -- people view ------------------------------------------------------------------------
    def last_contact_uuid(self) -> str | None:
        """The UUID of the contact selected when the app last closed (nothing else about them)."""
        value = self._store.value("people/last_contact")
        return value if _is_uuid(value) else None

    def set_last_contact_uuid(self, uuid: str | None) -> None:
        if uuid is None:
            self._store.remove("people/last_contact")
        elif _is_uuid(uuid):
            self._store.setValue("people/last_contact", uuid)

    def sort(self) -> str:
        value = self._str("people/sort", "name")
        return value if value in SORT_KEYS else "name"

    def set_sort(self, value: str) -> None:
        if value in SORT_KEYS:
            self._store.setValue("people/sort", value)

    def kind_filter(self, allowed: tuple[str, ...]) -> str | None:
        """The kind filter, if it is one of ``allowed`` (the fixed list of kinds)."""
        value = self._str("people/kind", "")
        return value if value in allowed else None

    def set_kind_filter(self, value: str | None) -> None:
        self._store.setValue("people/kind", value or "")

    def close_notice_shown(self) -> bool:
        """Whether the one-time "still running in the tray" notice has been shown."""
        return self._str("tray/close_notice_shown", "false") == "true"

    def set_close_notice_shown(self) -> None:
        self._store.setValue("tray/close_notice_shown", "true")

    def show_archived(self) -> bool:
        return self._str("people/show_archived", "false") == "true"

    def set_show_archived(self, value: bool) -> None:
        self._store.setValue("people/show_archived", "true" if value else "false")

    def page(self) -> str:
        """The page shown last: one of :data:`PAGES` ("people" when unknown)."""
        value = self._str("window/page", "people")
        return value if value in PAGES else "people"

    def set_page(self, value: str) -> None:
        self._store.setValue("window/page", value)
