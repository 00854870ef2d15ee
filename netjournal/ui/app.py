"""Starting the GUI: ``run_app(args)`` and the :class:`NetJournalApp` controller.

The controller owns the open journal, its change signal and the main window. It is the one
place that knows the start-up sequence (first run → welcome; keyring → open; else unlock),
so later features (tray icon, quick entry, single-instance handover) hook in here.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer, Signal
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
from netjournal.ui import settings as ui_settings
from netjournal.ui import theme
from netjournal.ui.changes import ChangeSignal
from netjournal.ui.icons import app_icon
from netjournal.ui.main_window import MainWindow
from netjournal.ui.messages import UNEXPECTED
from netjournal.ui.settings import UiSettings
from netjournal.ui.unlock import UnlockDialog
from netjournal.ui.welcome import WelcomeDialog

log = logging.getLogger("netjournal.ui")

EXIT_OK, EXIT_ERROR = 0, 1
DESKTOP_FILE = "org.netjournal.NetJournal"


def configure_application(app: QApplication) -> None:
    """Names (QSettings location), icon, desktop integration, light/dark following."""
    app.setOrganizationName(ui_settings.ORGANISATION)
    app.setApplicationName(ui_settings.APPLICATION)
    app.setApplicationDisplayName("NetJournal")
    QGuiApplication.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())
    theme.follow_system_scheme(app)


class NetJournalApp(QObject):
    """The running app: the journal, the change signal and the main window.

    Signals:
        journalOpened(): the journal is open and ``journal``/``changes`` are set.
        mainWindowShown(): the main window is on screen.
    """

    journalOpened = Signal()
    mainWindowShown = Signal()

    def __init__(
        self,
        data_dir: Path,
        *,
        keystore: KeyStore | None = None,
        settings: UiSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.keystore = keystore if keystore is not None else KeyStore()
        self.settings = settings if settings is not None else UiSettings()
        self.journal: Journal | None = None
        self.changes: ChangeSignal | None = None
        self.main_window: MainWindow | None = None
        self.exit_status = EXIT_OK

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
        else:
            message = ""
            try:
                journal = self.open_without_asking()
            except NetJournalError as error:
                journal, message = None, str(error)
                if not _can_retry(error):
                    self.exit_status = EXIT_ERROR
                    self._fatal(parent, "NetJournal cannot open your journal", message)
                    return False
            if journal is None:
                unlock = UnlockDialog(self.data_dir, self.keystore, parent, message=message)
                unlock.exec()
                journal = unlock.journal
        if journal is None:
            return False
        self.attach(journal)
        return True

    def attach(self, journal: Journal) -> None:
        """Adopt an open journal (also used by tests)."""
        self.journal = journal
        self.changes = ChangeSignal(journal.changes, self)
        self.journalOpened.emit()

    def _fatal(self, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Close, parent)
        box.setInformativeText("Nothing was changed. If the file is damaged, restore it from a backup.")
        box.exec()

    # -- windows --------------------------------------------------------------------------
    def show_main_window(self) -> MainWindow:
        """Create the main window on first use and bring it to the front."""
        assert self.journal is not None and self.changes is not None, "open the journal first"
        if self.main_window is None:
            self.main_window = MainWindow(self.journal, self.changes, self.settings, self.keystore)
        window = self.main_window
        window.show()
        window.raise_()
        window.activateWindow()
        self.mainWindowShown.emit()
        return window

    def shutdown(self) -> None:
        """Save state, stop background work, close the journal. Safe to call twice."""
        if self.main_window is not None:
            self.main_window.card.save_pending()
            self.main_window.save_state()
            self.main_window.shutdown()
        if self.changes is not None:
            self.changes.close()
            self.changes = None
        if self.journal is not None:
            self.journal.close()
            self.journal = None

    def run(self, app: QApplication) -> int:
        """Open the journal, show the window, run the event loop; the exit status."""
        if not self.open_journal():
            return self.exit_status  # the user quit, or the journal cannot be opened
        self.show_main_window()
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
        return controller.run(app)
    except NetJournalError as error:
        print(f"netjournal: {error}", file=sys.stderr)
        return EXIT_ERROR
