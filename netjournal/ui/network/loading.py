"""Loading a view's data off the GUI thread, newest request wins.

The analyses behind the networking views take from a few to a few hundred milliseconds on a
large journal; they run as a :class:`~netjournal.ui.tasks.Task` so the window never stalls,
and a result that a newer request has overtaken is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal

from netjournal.ui.messages import show_error
from netjournal.ui.tasks import Task

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from netjournal.services.changes import Change
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal


class BackgroundLoader(QObject):
    """Runs ``load()`` on a worker thread and hands its result to ``show`` on the GUI thread.

    Signals:
        loaded(): a result was shown (for tests and timing).
    """

    loaded = Signal()

    def __init__(
        self,
        journal: Journal,
        load: Callable[[], Any],
        show: Callable[[Any], None],
        parent: QWidget,
        *,
        doing: str,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._load = load
        self._show = show
        self._widget = parent
        self._doing = doing
        self._task: Task | None = None
        self._again = False
        self._stale = False

    def follow(self, changes: ChangeSignal, *kinds: str) -> None:
        """Keep the view current: load when it is first shown, and after every change touching
        ``kinds`` — at once while it is shown, else the next time it is shown."""
        self._stale = True
        self._widget.installEventFilter(self)
        changes.changed.connect(lambda change: self._changed(change, kinds))

    def _changed(self, change: Change, kinds: tuple[str, ...]) -> None:
        if change.touches(*kinds):
            if self._widget.isVisible():
                self.request()
            else:
                self._stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self._stale:
            self.request()
        return False

    @property
    def busy(self) -> bool:
        return self._task is not None

    def request(self) -> None:
        """Load now (or again, once the load under way has finished)."""
        self._stale = False
        if self._task is not None:
            self._again = True
            return
        load = self._load
        task = Task(lambda _progress, _cancelled: load(), journal=self._journal)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(lambda error: show_error(self._widget, error, doing=self._doing))
        task.finished.connect(self._finished)
        self._task = task
        task.start()

    def _succeeded(self, result: Any) -> None:
        # A request made meanwhile (``_again``) overtakes this result: it is dropped.
        if not self._again:
            self._show(result)
            self.loaded.emit()

    def _finished(self) -> None:
        self._task = None
        if self._again:
            self._again = False
            self.request()

    def shutdown(self) -> None:
        """Wait for a load under way (before the journal closes)."""
        if self._task is not None:
            self._task.cancel()
            self._task.wait(10)
