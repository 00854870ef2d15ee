"""First run: create the encrypted journal, then show the recovery key once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError
from netjournal.security.keys import check_new_passphrase
from netjournal.services.journal import create_journal
from netjournal.ui import theme
from netjournal.ui.dialogs.passphrase_dialog import StrengthMeter, recovery_key_label
from netjournal.ui.icons import app_pixmap
from netjournal.ui.widgets import show_inline_error

if TYPE_CHECKING:
    from netjournal.security.keystore import KeyStore
    from netjournal.services.base import Clock
    from netjournal.services.journal import Journal


class WelcomeDialog(QDialog):
    """Creates a journal in ``data_dir``: passphrase (twice, with a strength meter), then the
    recovery key, shown once with a copy button. ``journal`` is the open journal once created.

    Signals: none beyond QDialog's (accepted once the user has seen the recovery key).
    """

    def __init__(
        self,
        data_dir: Path,
        keystore: KeyStore,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._keystore = keystore
        self._clock = clock
        self.journal: Journal | None = None
        self.recovery_key = ""
        self.next_step = ""  # what to do once the main window is up: "import", "demo" or ""
        self.setWindowTitle("Welcome to NetJournal")
        self.setObjectName("welcomeDialog")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._passphrase_page())
        self.pages.addWidget(self._recovery_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.pages)
        self.resize(560, self.sizeHint().height())
        self.passphrase_edit.setFocus()

    # -- page 1: passphrase -----------------------------------------------------------------
    def _passphrase_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        head = QHBoxLayout()
        icon = QLabel(page)
        icon.setPixmap(app_pixmap(56, self.devicePixelRatioF()))
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        title_box = QVBoxLayout()
        title = QLabel("Welcome to NetJournal", page)
        title.setFont(theme.scaled_font(self.font(), 1.5, bold=True))
        title_box.addWidget(title)
        subtitle = QLabel(
            "A private journal of the people in your working life: what you share, what they are "
            "working on, what you talked about and what you promised.",
            page,
        )
        subtitle.setWordWrap(True)
        title_box.addWidget(subtitle)
        head.addLayout(title_box, 1)
        layout.addLayout(head)

        explain = QLabel(
            "Your journal is encrypted and never leaves this computer. Choose a passphrase to "
            "protect it — a few unrelated words are easy to remember and hard to guess.",
            page,
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)

        self.passphrase_edit = QLineEdit(page)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName("New passphrase")
        self.repeat_edit = QLineEdit(page)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setAccessibleName("Repeat the passphrase")
        self.show_check = QCheckBox("S&how passphrase", page)
        self.show_check.toggled.connect(self._toggle_echo)
        self.meter = StrengthMeter(page)
        self.strength_bar, self.strength_label = self.meter.bar, self.meter.label
        form = QFormLayout()
        label = QLabel("&Passphrase", page)
        label.setBuddy(self.passphrase_edit)
        form.addRow(label, self.passphrase_edit)
        label = QLabel("&Repeat it", page)
        label.setBuddy(self.repeat_edit)
        form.addRow(label, self.repeat_edit)
        form.addRow("", self.meter)
        form.addRow("", self.show_check)
        layout.addLayout(form)

        if self._keystore.available():
            keyring = (
                f"Your system keyring ({self._keystore.describe()}) will remember the key, so "
                "NetJournal opens without asking. The passphrase always opens it too."
            )
        else:
            keyring = (
                "There is no system keyring here, so NetJournal will ask for the passphrase at each "
                "start (it never stores secrets in plain files)."
            )
        recover = QLabel(
            f"{keyring} If you forget the passphrase, the recovery key shown on the next page opens "
            "the journal — without one of them, nobody can open it, not even us.",
            page,
        )
        recover.setWordWrap(True)
        recover.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(recover)

        self.error_label = QLabel(page)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.quit_button = QPushButton("&Quit", page)
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.create_button = QPushButton("&Create journal", page)
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_now)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)

        self.passphrase_edit.textChanged.connect(self._update)
        self.repeat_edit.textChanged.connect(self._update)
        self._update()
        return page

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase_edit.setEchoMode(mode)
        self.repeat_edit.setEchoMode(mode)

    def _update(self) -> None:
        first, second = self.passphrase_edit.text(), self.repeat_edit.text()
        self.meter.set_passphrase(first)
        self.create_button.setEnabled(bool(first) and first == second)
        if second and first != second and len(second) >= len(first):
            self._show_error("The two passphrases differ.")
        else:
            self.error_label.hide()

    def _show_error(self, text: str) -> None:
        show_inline_error(self.error_label, text)

    def create_now(self) -> None:
        """Create the journal with the passphrase typed (twice); then show the recovery key."""
        first, second = self.passphrase_edit.text(), self.repeat_edit.text()
        if first != second:
            self._show_error("The two passphrases differ.")
            return
        try:
            check_new_passphrase(first)
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                kwargs = {"clock": self._clock} if self._clock is not None else {}
                self.journal = create_journal(self._data_dir, first, self._keystore, **kwargs)
            finally:
                QGuiApplication.restoreOverrideCursor()
        except NetJournalError as error:
            self._show_error(str(error))
            return
        self.passphrase_edit.clear()
        self.repeat_edit.clear()
        self.recovery_key = self.journal.recovery_key()
        self.recovery_label.setText(recovery_key_label(self.recovery_key, self).text())
        self.pages.setCurrentIndex(1)
        self.create_button.setDefault(False)
        self.start_button.setDefault(True)
        self.copy_button.setFocus()

    # -- page 2: recovery key ---------------------------------------------------------------
    def _recovery_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        title = QLabel("Your recovery key", page)
        title.setFont(theme.scaled_font(self.font(), 1.4, bold=True))
        layout.addWidget(title)
        text = QLabel(
            "This key opens your journal if you ever forget the passphrase. Write it down and "
            "keep it somewhere safe and offline — not in a file next to the journal or in your "
            "e-mail. Preferences → Security shows it again, after you type your passphrase.",
            page,
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.recovery_label = recovery_key_label("", page)
        layout.addWidget(self.recovery_label)
        row = QHBoxLayout()
        self.copy_button = QPushButton("&Copy to clipboard", page)
        self.copy_button.clicked.connect(self._copy)
        self.copied_label = QLabel(page)
        self.copied_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        row.addWidget(self.copy_button)
        row.addWidget(self.copied_label, 1)
        layout.addLayout(row)
        self.kept_check = QCheckBox("I have &written down the recovery key", page)
        layout.addWidget(self.kept_check)
        layout.addStretch(1)
        start = QLabel("How would you like to start?", page)
        start.setFont(theme.scaled_font(self.font(), 1.1, bold=True))
        layout.addWidget(start)
        hint = QLabel(
            "Bring in the contacts you already have (Google, Outlook, LinkedIn, a phone's vCard), "
            "look around a journal of made-up people first, or start with your first contact. "
            "Each of these is in the File and Help menus later too.",
            page,
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(hint)
        buttons = QHBoxLayout()
        self.demo_button = QPushButton("&Explore with demo data", page)
        self.demo_button.setToolTip(
            "Fill the new journal with made-up people and conversations to try things out; "
            "Help → Remove demo data… takes them out again"
        )
        self.demo_button.clicked.connect(lambda: self._start_with("demo"))
        self.import_button = QPushButton("&Import my contacts…", page)
        self.import_button.clicked.connect(lambda: self._start_with("import"))
        self.start_button = QPushButton("&Start using NetJournal", page)
        # Made the default button when this page is shown: one default per dialog, else Enter
        # on the first page would press this hidden, disabled button and do nothing.
        self.start_button.clicked.connect(lambda: self._start_with(""))
        for button in (self.demo_button, self.import_button, self.start_button):
            button.setEnabled(False)
            self.kept_check.toggled.connect(button.setEnabled)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        return page

    def _start_with(self, step: str) -> None:
        """Close the dialog; the main window then does ``step`` ("import", "demo" or nothing)."""
        self.next_step = step
        self.accept()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.recovery_key)
        self.copied_label.setText("Copied. Paste it somewhere safe, then clear your clipboard.")

    def reject(self) -> None:
        # Once created, the journal exists: closing the dialog still opens it.
        if self.journal is not None:
            self.accept()
            return
        super().reject()
