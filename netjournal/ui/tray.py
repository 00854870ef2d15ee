"""The system-tray icon, its menu, and the once-a-day summary of what is due.

Menu: *Log a conversation…* (quick entry), *Open NetJournal*, *Due today (N)* (the Today
page), *Quit*. Where the desktop has no tray (some Wayland sessions, offscreen), the menu's
actions still exist, the icon does not, and :attr:`TrayIcon.available` is False: the app then
quits when its window closes, as any other app.

The daily notification is one message with counts, never names (notification daemons keep
logs): at start, and, while the app runs, each following day at the reminder time chosen in
Preferences (checked every few minutes).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from netjournal.services.reminders import DueReport
from netjournal.ui.icons import app_icon
from netjournal.ui.today import DueReportSource

CHECK_INTERVAL_MS = 5 * 60 * 1000  # how often to look whether the reminder time has come
NOTIFICATION_MS = 15_000


class DueNotifier(QObject):
    """Decides when to announce what is due: once per local day, and only if something is.

    Signals:
        notify(str title, str text): announce this now.
    """

    notify = Signal(str, str)

    def __init__(
        self,
        source: DueReportSource,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
        *,
        reminder_time: Callable[[], time] = lambda: time(0, 0),
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._clock = clock
        self._reminder_time = reminder_time  # read at each check: Preferences may change it
        self.announced_on: date | None = None
        self._wanted_on: date | None = None  # the day whose announcement awaits a report
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        source.reportReady.connect(self._report)

    def start(self) -> None:
        """Announce today's list as soon as it is known, then check every few minutes."""
        self._timer.start()
        self._announce_if_new_day()

    def stop(self) -> None:
        self._timer.stop()

    def today(self) -> date:
        return self._clock().astimezone().date()

    def check(self) -> None:
        """Once the reminder time has come on a day not yet announced, announce it."""
        if self._clock().astimezone().time() >= self._reminder_time():
            self._announce_if_new_day()

    def _announce_if_new_day(self) -> None:
        """If today has not been announced yet, get a fresh report (announced when it arrives)."""
        if self.announced_on != self.today():
            self._wanted_on = self.today()
            report = self._source.report
            if report is not None and report.today == self.today() and not self._source.is_busy():
                self._report(report)
            else:
                self._source.refresh(now=True)

    def _report(self, report: DueReport) -> None:
        # Reports arrive after every change too: only the one asked for is announced.
        if report.today != self._wanted_on or report.today == self.announced_on:
            return
        self.announced_on = report.today
        if report.due_now:
            self.notify.emit("Due today", report.summary())


class TrayIcon(QObject):
    """The tray icon and its menu (the menu exists even where the tray does not).

    Signals:
        quickEntryRequested(): *Log a conversation…*, or a middle click on the icon.
        openRequested(): *Open NetJournal*, or a click on the icon.
        todayRequested(): *Due today (N)*.
        quitRequested(): *Quit*.
        messageShown(str title, str text): a notification was shown (or, without a tray, would
            have been: the app shows it in its window instead).
    """

    quickEntryRequested = Signal()
    openRequested = Signal()
    todayRequested = Signal()
    quitRequested = Signal()
    messageShown = Signal(str, str)

    def __init__(self, parent: QObject | None = None, *, available: bool | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.quick_action = self._add("&Log a conversation…", self.quickEntryRequested)
        self.open_action = self._add("&Open NetJournal", self.openRequested)
        self.due_action = self._add("&Due today", self.todayRequested)
        self.menu.addSeparator()
        self.quit_action = self._add("&Quit", self.quitRequested)
        self.icon: QSystemTrayIcon | None = None
        # ``available`` can be forced (tests); the icon itself needs a real tray.
        if self.available and QSystemTrayIcon.isSystemTrayAvailable():
            self.icon = QSystemTrayIcon(app_icon(), self)
            self.icon.setContextMenu(self.menu)
            self.icon.setToolTip("NetJournal")
            self.icon.activated.connect(self._activated)
        self.set_due_count(None)

    def _add(self, text: str, signal: SignalInstance) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(lambda _checked=False: signal.emit())
        return action

    def show(self) -> None:
        if self.icon is not None:
            self.icon.show()

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()

    def set_due_count(self, count: int | None) -> None:
        """*Due today (N)* in the menu and the icon's tooltip; None while not known yet."""
        self.due_action.setText("&Due today" if count is None else f"&Due today ({count})")
        if self.icon is not None and count is not None:
            self.icon.setToolTip(f"NetJournal — {count} due today" if count else "NetJournal — nothing due")

    def show_message(self, title: str, text: str) -> None:
        """A desktop notification from the tray icon (where there is one)."""
        if self.icon is not None and self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, text, app_icon(), NOTIFICATION_MS)
        self.messageShown.emit(title, text)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.openRequested.emit()
        elif reason == QSystemTrayIcon.ActivationReason.MiddleClick:
            self.quickEntryRequested.emit()

    def dispose(self) -> None:
        """Remove the icon (before quitting) and free the menu, which has no parent."""
        self.hide()
        self.menu.deleteLater()
