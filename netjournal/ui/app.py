"""Starting the GUI: ``run_app(args)`` and the :class:`NetJournalApp` controller.

The controller owns the open journal, its change signal, the main window, the quick-entry
window, the tray icon and the due-list reminders. It is the one place that knows the start-up
sequence: become the single instance (or hand over to the running one), open the journal
(first run → welcome; keyring → open; else unlock), then show what was asked for — the main
window, the quick entry (``--quick``) or only the tray (``--background``).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from netjournal.errors import NetJournalError
from netjournal.paths import data_dir as resolve_data_dir
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import (
    Journal,
    env_passphrase,
    journal_exists,
    open_remembered,
    open_with_secret,
)
from netjournal.services.preferences import PreferenceService
from netjournal.services.records import PersonRef
from netjournal.ui import settings as ui_settings
from netjournal.ui import theme
from netjournal.ui.changes import ChangeSignal
from netjournal.ui.icons import app_icon
from netjournal.ui.main_window import MainWindow
from netjournal.ui.messages import UNEXPECTED
from netjournal.ui.quick_entry import QuickEntryWindow
from netjournal.ui.settings import UiSettings
from netjournal.ui.single_instance import InstanceServer, hand_over, server_name
from netjournal.ui.today import DueReportSource
from netjournal.ui.tray import DueNotifier, TrayIcon
from netjournal.ui.unlock import UnlockDialog, offer_restore
from netjournal.ui.welcome import WelcomeDialog
from netjournal.ui.write_wait import WAITING_TEXT, GuiWriteWaiter

log = logging.getLogger("netjournal.ui")

EXIT_OK, EXIT_ERROR = 0, 1
DESKTOP_FILE = "org.netjournal.NetJournal"
SMOKE_TEST_ENV = "NETJOURNAL_SMOKE_TEST"  # quit once the main window is up (packaging's check)
_HAND_OVER_PATIENCE_MS = 15_000  # how long a second start waits for a first one still starting


# How long a thread may hold the GIL while another waits for it (CPython's default: 5 ms).
# The GUI thread takes and drops the GIL for every Python slot and event it handles, so while
# a worker runs Python code (an import, an export) each of those waits up to the interval: a
# 10k-contact import froze the window for ~1 s at its start; at 1 ms the worst pause was
# 0.3 s, for the same total time (within noise), measured with an event-loop timer.
GIL_SWITCH_INTERVAL_S = 0.001


def configure_application(app: QApplication) -> None:
    """Names (QSettings location), icon, desktop integration, light/dark following."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    app.setOrganizationName(ui_settings.ORGANISATION)
    app.setApplicationName(ui_settings.APPLICATION)
    app.setApplicationDisplayName("NetJournal")
    QGuiApplication.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())
    theme.use_visible_check_boxes(app)
    theme.follow_system_scheme(app)


class NetJournalApp(QObject):
    """The running app: the journal, the change signal, the windows, the tray and reminders.

    Signals:
        journalOpened(): the journal is open and ``journal``/``changes`` are set.
        mainWindowShown(): the main window is on screen.
        quickEntryShown(): the quick-entry window is on screen.
    """

    journalOpened = Signal()
    mainWindowShown = Signal()
    quickEntryShown = Signal()

    def __init__(
        self,
        data_dir: Path,
        *,
        keystore: KeyStore | None = None,
        settings: UiSettings | None = None,
        tray_available: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.keystore = keystore if keystore is not None else KeyStore()
        self.settings = settings if settings is not None else UiSettings()
        self.journal: Journal | None = None
        self.changes: ChangeSignal | None = None
        self.main_window: MainWindow | None = None
        self.quick_entry: QuickEntryWindow | None = None
        self.due_source: DueReportSource | None = None
        self.notifier: DueNotifier | None = None
        self.tray: TrayIcon | None = None
        self.instance_server: InstanceServer | None = None
        self.exit_status = EXIT_OK
        self.first_run_step = ""  # what the welcome dialog chose to do first
        self._tray_available = tray_available
        self._suggest_new_passphrase = False  # set when the unlock used the recovery key
        self._pending: list[str] = []  # requests from other starts while the journal was locked

    # -- opening --------------------------------------------------------------------------
    def open_without_asking(self) -> Journal | None:
        """Open with ``NETJOURNAL_PASSPHRASE`` or the remembered key; None if the user must help.

        Raises :class:`NetJournalError` for problems the user must know about (damaged file,
        wrong ``NETJOURNAL_PASSPHRASE``).
        """
        secret = env_passphrase()
        if secret is not None:
            return open_with_secret(self.data_dir, secret, self.keystore)
        return open_remembered(self.data_dir, self.keystore)

    def open_journal(self, parent: QWidget | None = None) -> bool:
        """Open (or on first run create) the journal, asking the user as needed. False: quit."""
        if not journal_exists(self.data_dir):
            welcome = WelcomeDialog(self.data_dir, self.keystore, parent)
            welcome.exec()
            journal = welcome.journal
            self.first_run_step = welcome.next_step
        else:
            message = ""
            try:
                journal = self.open_without_asking()
            except NetJournalError as error:
                journal, message = None, str(error)
                if not _can_retry(error):
                    if offer_restore(self.data_dir, error, parent):
                        return self.open_journal(parent)  # the restored backup, like any start
                    self.exit_status = EXIT_ERROR
                    self._fatal(parent, "NetJournal cannot open your journal", message)
                    return False
            if journal is None:
                unlock = UnlockDialog(self.data_dir, self.keystore, parent, message=message)
                unlock.exec()
                journal = unlock.journal
                self._suggest_new_passphrase = unlock.used_recovery_key
        if journal is None:
            return False
        self.attach(journal)
        return True

    def attach(self, journal: Journal) -> None:
        """Adopt an open journal (also used by tests): change signal, due list, tray."""
        self.journal = journal
        # Saves on this (the GUI) thread that wait for another writer keep the windows alive.
        journal.set_write_waiter(GuiWriteWaiter(self._status_message))
        self.changes = ChangeSignal(journal.changes, self)
        self.due_source = DueReportSource(journal, self.changes, self)
        self.tray = TrayIcon(self, available=self._tray_available)
        self.tray.quickEntryRequested.connect(self.show_quick_entry)
        self.tray.openRequested.connect(self.show_main_window)
        self.tray.todayRequested.connect(lambda: self.show_main_window(page="today"))
        self.tray.quitRequested.connect(self.quit)
        self.tray.messageShown.connect(self._message_in_window)
        self.due_source.reportReady.connect(lambda report: self._tray_count(report.due_now))
        preferences = PreferenceService(journal.changes, journal.clock)
        self.notifier = DueNotifier(
            self.due_source, journal.clock, self, reminder_time=preferences.reminder_time
        )
        self.notifier.notify.connect(self._notify)
        self.tray.show()
        self.journalOpened.emit()

    def _fatal(self, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Close, parent)
        box.setInformativeText("Nothing was changed. If the file is damaged, restore it from a backup.")
        box.exec()

    # -- windows --------------------------------------------------------------------------
    def _ensure_main_window(self) -> MainWindow:
        assert self.journal is not None and self.changes is not None, "open the journal first"
        if self.main_window is None:
            window = MainWindow(
                self.journal, self.changes, self.settings, self.keystore, due_source=self.due_source
            )
            window.quick_entry_handler = self.show_quick_entry
            window.installEventFilter(self)
            if self.tray is not None and self.tray.available:
                window.quit_action.setToolTip("Quit NetJournal (closing the window keeps it in the tray)")
            self.main_window = window
        return self.main_window

    def show_main_window(self, page: str | None = None) -> MainWindow:
        """Create the main window on first use and bring it to the front (on ``page`` if given)."""
        window = self._ensure_main_window()
        if page is not None:
            window.show_page(page)
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        if self._suggest_new_passphrase:
            self._suggest_new_passphrase = False
            QTimer.singleShot(0, window.suggest_new_passphrase)
        self.mainWindowShown.emit()
        return window

    def prepare_quick_entry(self) -> QuickEntryWindow:
        """Build the quick-entry window (hidden) so that showing it later is instant."""
        assert self.journal is not None, "open the journal first"
        if self.quick_entry is None:
            self.quick_entry = QuickEntryWindow(self.journal)
            self.quick_entry.saved.connect(self._quick_entry_saved)
        return self.quick_entry

    def show_quick_entry(self, people: tuple[PersonRef, ...] = ()) -> QuickEntryWindow:
        """Show the quick-entry window in front (with ``people`` already filled in); returns it."""
        window = self.prepare_quick_entry()
        window.show_for(people)
        self.quickEntryShown.emit()
        return window

    def _quick_entry_saved(self, _uuid: str, people: int) -> None:
        text = f"Logged with {people} {'person' if people == 1 else 'people'}."
        window = self.main_window
        if window is not None and window.isVisible():
            window.statusBar().showMessage(f"Conversation saved. {text}", 4000)
        elif self.tray is not None and self.tray.available:
            self.tray.show_message("Conversation saved", text)

    # -- tray and reminders ---------------------------------------------------------------------
    def _tray_count(self, count: int) -> None:
        if self.tray is not None:
            self.tray.set_due_count(count)

    def _notify(self, title: str, text: str) -> None:
        if self.tray is not None:
            self.tray.show_message(title, text)

    def _status_message(self, text: str) -> None:
        if self.main_window is not None:
            if text:
                self.main_window.statusBar().showMessage(text)
            elif self.main_window.statusBar().currentMessage() == WAITING_TEXT:
                self.main_window.statusBar().clearMessage()

    def _message_in_window(self, title: str, text: str) -> None:
        # Without a tray the notification goes to the window's status bar (if it is open).
        if self.tray is not None and not self.tray.available and self.main_window is not None:
            self.main_window.statusBar().showMessage(f"{title}: {text}", 10_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.main_window and event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self._after_main_window_closed)
        return super().eventFilter(watched, event)

    def _after_main_window_closed(self) -> None:
        window = self.main_window
        if window is None or window.isVisible() or self.tray is None or not self.tray.available:
            return
        if self.settings.close_notice_shown():
            return
        self.settings.set_close_notice_shown()
        self.tray.show_message(
            "NetJournal is still running",
            "It stays in the system tray for quick entries and reminders; quit it from the tray menu.",
        )

    # -- other starts -----------------------------------------------------------------------------
    def listen_for_other_starts(self) -> bool:
        """Become the instance later starts hand over to; False if another one already is."""
        server = InstanceServer(server_name(self.data_dir), self)
        if not server.listen():
            return False
        server.requested.connect(self.handle_request)
        self.instance_server = server
        return True

    def handle_request(self, request: str) -> None:
        """Act on a request from a later start: ``show``, ``quick`` (or ``background``: nothing)."""
        if self.journal is None:
            self._pending.append(request)  # still unlocking: act once the journal is open
            return
        if request == "show":
            self.show_main_window()
        elif request == "quick":
            self.show_quick_entry()

    def quit(self) -> None:
        """Quit from the tray or the menu (state is saved on the way out)."""
        if self.quick_entry is not None and self.quick_entry.isVisible() and self.quick_entry.has_text():
            self.quick_entry.show_for()  # an entry in progress: show it rather than lose it
            self.quick_entry.request_close()
            return
        QApplication.quit()

    # -- lifetime -----------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Save state, stop background work, close the journal. Safe to call twice."""
        if self.notifier is not None:
            self.notifier.stop()
        if self.due_source is not None:
            self.due_source.shutdown()
        if self.instance_server is not None:
            self.instance_server.close()
            self.instance_server = None
        if self.main_window is not None:
            self.main_window.card.save_pending()
            self.main_window.save_state()
            self.main_window.shutdown()
        if self.quick_entry is not None:
            self.quick_entry.hide()
            self.quick_entry.deleteLater()
            self.quick_entry = None
        if self.tray is not None:
            self.tray.dispose()
            self.tray = None
        if self.changes is not None:
            self.changes.close()
            self.changes = None
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def run(self, app: QApplication, *, quick: bool = False, background: bool = False) -> int:
        """Open the journal, show what was asked for, run the event loop; the exit status."""
        if not self.listen_for_other_starts():
            request = "quick" if quick else "background" if background else "show"
            # Another instance started meanwhile. It answers once its event loop runs, which
            # can take a few seconds (opening the journal, building the window): wait for it
            # rather than open the journal a second time.
            if hand_over(server_name(self.data_dir), request, timeout_ms=_HAND_OVER_PATIENCE_MS):
                return EXIT_OK
        if not self.open_journal():
            return self.exit_status  # the user quit, or the journal cannot be opened
        assert self.tray is not None and self.notifier is not None
        # With a tray, closing the window keeps the app running there; without one, it quits.
        app.setQuitOnLastWindowClosed(not self.tray.available)
        if quick:
            self.show_quick_entry()
        elif not (background and self.tray.available):
            self.show_main_window()
        for request in self._pending:
            self.handle_request(request)
        self._pending.clear()
        self.notifier.start()
        QTimer.singleShot(0, self.prepare_quick_entry)
        # Once the window is up: today's encrypted backup, then what the welcome chose to do first.
        QTimer.singleShot(0, lambda: self._ensure_main_window().transfers.after_start(self.first_run_step))
        if os.environ.get(SMOKE_TEST_ENV) == "1":
            # Packaging's smoke test: quit with status 0 once the windows are up and the loop idles.
            QTimer.singleShot(0, lambda: app.exit(EXIT_OK))
        app.aboutToQuit.connect(self.shutdown)
        try:
            return app.exec()
        finally:
            self.shutdown()


def _can_retry(error: NetJournalError) -> bool:
    """Whether asking the user for another secret could help."""
    from netjournal.errors import PassphraseRequiredError, WrongPassphraseError

    return isinstance(error, WrongPassphraseError | PassphraseRequiredError)


def _install_excepthook() -> None:
    """Anything that escapes a slot is a bug: log it with its traceback, tell the user briefly."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(error, NetJournalError):
            log.warning("unhandled user error: %s", error)
            text = str(error)
        else:
            log.error("unexpected error", exc_info=(kind, error, tb))
            text = UNEXPECTED
        if QApplication.instance() is not None:
            box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error", text)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    sys.excepthook = hook


def run_app(args: argparse.Namespace) -> int:
    """Start the desktop app (``netjournal`` without a command); returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1] or ["netjournal"])
    assert isinstance(app, QApplication)
    configure_application(app)
    _install_excepthook()

    # Ctrl+C in the terminal quits cleanly, dialogs included (the timer lets Python see it).
    def interrupted(*_args: object) -> None:
        QApplication.closeAllWindows()
        QApplication.quit()

    signal.signal(signal.SIGINT, interrupted)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(500)
    controller = NetJournalApp(resolve_data_dir(getattr(args, "data_dir", None)))
    try:
        return controller.run(
            app,
            quick=bool(getattr(args, "quick", False)),
            background=bool(getattr(args, "background", False)),
        )
    except NetJournalError as error:
        print(f"netjournal: {error}", file=sys.stderr)
        return EXIT_ERROR
