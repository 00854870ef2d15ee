"""Unlocking the journal when the keyring cannot: passphrase or recovery key, retry inline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import DamagedJournalError, NetJournalError, WrongPassphraseError
from netjournal.paths import journal_path
from netjournal.services.journal import open_with_secret
from netjournal.ui import theme
from netjournal.ui.icons import app_pixmap

if TYPE_CHECKING:
    from netjournal.security.keystore import KeyStore
    from netjournal.services.base import Clock
    from netjournal.services.journal import Journal


class UnlockDialog(QDialog):
    """Asks for the passphrase (or recovery key) until it opens the journal, or the user quits.

    ``journal`` is the open journal once accepted. A wrong secret is reported inline and the
    field is cleared for another try; a damaged file is explained and cannot be retried.

    Signals: none beyond QDialog's.
    """

    def __init__(
        self,
        data_dir: Path,
        keystore: KeyStore,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        message: str = "",
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._keystore = keystore
        self._clock = clock
        self.journal: Journal | None = None
        self.attempts = 0
        self.setWindowTitle("Unlock NetJournal")
        self.setObjectName("unlockDialog")

        icon = QLabel(self)
        icon.setPixmap(app_pixmap(48, self.devicePixelRatioF()))
        title = QLabel("Your journal is locked", self)
        title.setFont(theme.scaled_font(self.font(), 1.3, bold=True))
        if keystore.available():
            why = "The system keyring does not hold its key on this computer (yet)."
        else:
            why = "There is no system keyring here to remember its key."
        text = QLabel(f"{why} Enter your passphrase — or your recovery key — to open it.", self)
        text.setWordWrap(True)
        where = QLabel(str(journal_path(data_dir)), self)
        where.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)

        self.secret_edit = QLineEdit(self)
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setPlaceholderText("Passphrase or recovery key")
        self.secret_edit.setAccessibleName("Passphrase or recovery key")
        label = QLabel("&Passphrase", self)
        label.setBuddy(self.secret_edit)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Quit")
        self.open_button = self.buttons.addButton("&Open journal", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)
        self.secret_edit.textChanged.connect(lambda t: self.open_button.setEnabled(bool(t)))
        self.open_button.setEnabled(False)

        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        head_text = QVBoxLayout()
        head_text.addWidget(title)
        head_text.addWidget(text)
        head.addLayout(head_text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(label)
        layout.addWidget(self.secret_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(where)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())
        if message:
            self._show_error(message)
        self.secret_edit.setFocus()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        theme.set_text_colour(self.error_label, theme.overdue_colour(self.palette()))
        self.error_label.show()

    def try_open(self) -> None:
        """Try the secret typed; on success accept, else say why inline."""
        secret = self.secret_edit.text()
        if not secret:
            return
        self.attempts += 1
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            kwargs = {"clock": self._clock} if self._clock is not None else {}
            self.journal = open_with_secret(self._data_dir, secret, self._keystore, **kwargs)
        except WrongPassphraseError:
            self._show_error("That passphrase (or recovery key) does not open this journal. Try again.")
            self.secret_edit.clear()
            self.secret_edit.setFocus()
            return
        except DamagedJournalError as error:
            self._show_error(f"{error} Restore it from a backup; nothing was changed.")
            self.secret_edit.setEnabled(False)
            self.open_button.setEnabled(False)
            return
        except NetJournalError as error:
            self._show_error(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
