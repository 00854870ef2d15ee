"""The services' change notifications as one Qt signal, always delivered on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot

from netjournal.services.changes import Change, ChangeHub


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

    def close(self) -> None:
        """Stop listening (before the journal closes)."""
        with self._lock:
            self._open = False
        self._unsubscribe()
