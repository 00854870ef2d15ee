"""The services' change notifications as one Qt signal, always delivered on the GUI thread."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from netjournal.services.changes import ALL_KINDS, Change, ChangeHub

if TYPE_CHECKING:
    from netjournal.services.journal import Journal


class ChangeSignal(QObject):
    """Adapts a :class:`ChangeHub` to Qt. Views refresh from :attr:`changed` and nothing else.

    Signals:
        changed(Change): after every committed write, on the GUI thread (queued), whichever
            thread wrote.
    """

    changed = Signal(object)
    _posted = Signal(object)  # emitted on the writer's thread, delivered queued

    def __init__(self, hub: ChangeHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._open = True
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = hub.subscribe(self._post)

    def _post(self, change: Change) -> None:
        # Runs on whichever thread committed the write.
        with self._lock:
            if self._open:
                self._posted.emit(change)

    @Slot(object)
    def _deliver(self, change: Change) -> None:
        if self._open:
            self.changed.emit(change)

    def announce_external(self) -> None:
        """Another process changed the journal: every view reloads (on the GUI thread)."""
        if self._open:
            self.changed.emit(Change(ALL_KINDS))

    def close(self) -> None:
        """Stop listening (before the journal closes)."""
        with self._lock:
            self._open = False
        self._unsubscribe()


class ExternalChangeWatcher(QObject):
    """Notices writes by other processes (``netjournal import`` from a script, say).

    SQLite's ``PRAGMA data_version`` changes when another connection commits; it is polled
    every few seconds and at each :meth:`check` (the main window calls it when activated).
    A change becomes one "everything may have changed" notification on the change signal.
    Commits by the app's own worker threads count as "other" too: they cost one extra
    refresh, rarely (an import, demo data).
    """

    INTERVAL_MS = 2000

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._changes = changes
        self._seen = self._read()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def _read(self) -> int | None:
        # None while busy or closing: tried again at the next tick rather than trouble the user.
        return self._journal.data_version()

    @Slot()
    def check(self) -> bool:
        """Announce a change if another connection committed since the last look; True if so."""
        version = self._read()
        if version is None or version == self._seen:
            return False
        changed = self._seen is not None
        self._seen = version
        if changed:
            self._changes.announce_external()
        return changed

    def stop(self) -> None:
        """Stop polling (before the journal closes)."""
        self._timer.stop()
