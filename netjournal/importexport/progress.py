"""Progress reporting and cancellation for long imports and exports (GUI worker threads).

Every long function takes ``progress(done, total)`` and ``cancelled()`` callables; both are
optional. ``cancelled()`` is polled between batches: when it returns True the operation raises
:class:`~netjournal.errors.OperationCancelled`, which rolls back an import's transaction and
removes an export's partial output.
"""

from __future__ import annotations

from collections.abc import Callable

from netjournal.errors import OperationCancelled

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class Ticker:
    """Counts work done, reports it every ``every`` items, and stops when cancelled."""

    def __init__(
        self,
        total: int,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        *,
        every: int | None = None,
    ) -> None:
        self.total = max(total, 0)
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled
        # About a hundred reports in all, whatever the size: smooth for a progress bar, cheap.
        self._every = max(every if every is not None else min(self.total // 100, 2_000), 1)
        self._reported = 0

    def check(self) -> None:
        """Raise :class:`OperationCancelled` if the user asked to stop."""
        if self._cancelled is not None and self._cancelled():
            raise OperationCancelled("Cancelled: nothing was changed.")

    def advance(self, count: int = 1) -> None:
        """Record ``count`` more items done; report now and then; stop if cancelled."""
        self.done = min(self.done + count, self.total) if self.total else self.done + count
        if self._progress is not None and (
            self.done - self._reported >= self._every or self.done == self.total
        ):
            self._reported = self.done
            self._progress(self.done, self.total)
        self.check()

    def start(self) -> None:
        """Report 0 of total (so a progress bar appears at once) and honour an early cancel."""
        if self._progress is not None:
            self._progress(0, self.total)
        self.check()
