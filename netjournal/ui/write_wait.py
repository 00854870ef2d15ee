"""Keep the app alive while one of its saves waits for another writer to finish.

A long write elsewhere — ``netjournal import`` from a terminal, or an import running on one
of the app's own worker threads — holds the journal's write lock for seconds. A save made
on the GUI thread meanwhile waits for it. Without help the thread would sleep inside SQLite
and the windows would freeze (no repaint, no progress). :class:`GuiWriteWaiter` is the
journal's write waiter for the GUI thread: between short waits it lets Qt repaint and run
its timers, shows a busy cursor and says why in the status bar. Keyboard and mouse input is
held back (queued, not lost) until the save is done, so nothing the user does can interleave
with the half-made save; local-socket requests from other starts wait too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication

# Short waits (a worker's commit) are not worth a cursor change or a message.
SHOW_AFTER_S = 0.25
WAITING_TEXT = "Waiting for another NetJournal write (an import?) to finish before saving…"

_FLAGS = (
    QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents | QEventLoop.ProcessEventsFlag.ExcludeSocketNotifiers
)


class GuiWriteWaiter:
    """A :class:`netjournal.storage.database.WriteWaiter` for the GUI thread.

    ``say(text)`` shows a status message ("" clears it), e.g. in the main window's status bar.
    Waits nest (a timer's save starting while another save waits); each shows and clears its
    own cursor.
    """

    def __init__(self, say: Callable[[str], None] | None = None) -> None:
        self._say = say
        # One entry per wait in progress, outermost first: cursor and message shown yet?
        # A nested wait runs inside the outer one's ``waiting`` call, so the number of
        # ``waiting`` calls on the stack says which wait a call belongs to.
        self._shown: list[bool] = []
        self._inside = 0
        self.waits = 0  # waits that lasted long enough to be shown (for tests and logs)

    def waiting(self, seconds: float) -> None:
        level = self._inside
        del self._shown[level + 1 :]
        if len(self._shown) == level:
            self._shown.append(False)
        if not self._shown[level] and seconds >= SHOW_AFTER_S:
            self._shown[level] = True
            self.waits += 1
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            if self._say is not None:
                self._say(WAITING_TEXT)
        self._inside += 1
        try:
            QApplication.processEvents(_FLAGS)
        finally:
            self._inside -= 1

    def done(self) -> None:
        level = self._inside
        if level >= len(self._shown):
            return
        shown = self._shown[level]
        del self._shown[level:]
        if shown:
            QApplication.restoreOverrideCursor()
            if self._say is not None and not any(self._shown):
                self._say("")
