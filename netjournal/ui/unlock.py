"""Unlocking the journal when the keyring cannot (passphrase or recovery key, retry inline),
and offering the latest automatic backup when the journal file is damaged."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
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
from netjournal.services import passphrase
from netjournal.services.integrity import describe_backup, latest_backup, restore_backup
from netjournal.services.journal import open_with_secret
from netjournal.ui import theme
from netjournal.ui.icons import app_pixmap
from netjournal.ui.widgets import show_inline_error

if TYPE_CHECKING:
    from netjournal.security.keystore import KeyStore
    from netjournal.services.base import Clock
    from netjournal.services.integrity import RestoreResult
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
        self.show_check = QCheckBox("S&how what I type", self)
        self.show_check.toggled.connect(
            lambda shown: self.secret_edit.setEchoMode(
                QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
            )
        )
        self.used_recovery_key = False  # opened with the recovery key: suggest a new passphrase
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Quit")
        self.open_button = self.buttons.addButton("&Open journal", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.restore_button = self.buttons.addButton(
            "&Restore backup…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.hide()
        self.restore_button.clicked.connect(self._restore)
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
        layout.addWidget(self.show_check)
        layout.addWidget(self.error_label)
        layout.addWidget(where)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())
        if message:
            self._show_error(message)
        self.secret_edit.setFocus()

    def _show_error(self, text: str) -> None:
        show_inline_error(self.error_label, text)
        # Grow to fit the message instead of squeezing the text above it.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _show_damage(self, text: str) -> None:
        """A damaged file cannot be retried; offer the latest automatic backup if there is one."""
        has_backup = latest_backup(self._data_dir) is not None
        advice = (
            " Nothing was changed. The latest automatic backup can take its place."
            if has_backup
            else " Restore it from a backup; nothing was changed."
        )
        self._show_error(f"{text}{advice}")
        self.secret_edit.setEnabled(False)
        self.open_button.setEnabled(False)
        self.restore_button.setVisible(has_backup)
        if has_backup:
            self.restore_button.setDefault(True)
            self.restore_button.setFocus()

    def _restore(self) -> None:
        dialog = RestoreBackupDialog(self._data_dir, self.error_label.text(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.restore_button.hide()
        self.open_button.setDefault(True)
        self.secret_edit.setEnabled(True)
        self.secret_edit.clear()
        self.secret_edit.setFocus()
        self._show_error("The backup is in place. Enter the passphrase (or recovery key) it was made with.")

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
            self._show_damage(str(error))
            return
        except NetJournalError as error:
            self._show_error(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.used_recovery_key = passphrase.is_recovery_key(secret)
        self.accept()


class RestoreBackupDialog(QDialog):
    """Offers to put the latest automatic backup in place of a journal that cannot be opened.

    Accepted once the backup is restored (``result`` says from where, and where the damaged
    files went); rejected when the user declines. The damaged files are kept, never deleted.

    Signals: none beyond QDialog's.
    """

    def __init__(self, data_dir: Path, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self.result_info: RestoreResult | None = None
        self.setWindowTitle("Restore a backup")
        self.setObjectName("restoreBackupDialog")
        backup = latest_backup(data_dir)

        icon = QLabel(self)
        icon.setPixmap(app_pixmap(48, self.devicePixelRatioF()))
        title = QLabel("Your journal cannot be opened", self)
        title.setFont(theme.scaled_font(self.font(), 1.3, bold=True))
        self.problem_label = QLabel(problem, self)
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if backup is not None:
            offer = (
                f"NetJournal made an automatic backup on {describe_backup(backup)}. Restoring it "
                "puts it in place of the damaged journal: what you wrote after that is not in it. "
                "The damaged file is kept in the data folder, not deleted."
            )
        else:
            offer = "There is no automatic backup to restore."
        self.offer_label = QLabel(offer, self)
        self.offer_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Not now")
        self.restore_button = self.buttons.addButton(
            "&Restore backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(backup is not None)
        self.restore_button.setDefault(True)
        self.buttons.accepted.connect(self.restore)
        self.buttons.rejected.connect(self.reject)

        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        head_text = QVBoxLayout()
        head_text.addWidget(title)
        head_text.addWidget(self.problem_label)
        head.addLayout(head_text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(self.offer_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())
        self.restore_button.setFocus()

    def restore(self) -> None:
        """Restore the latest backup; accept on success, else say why inline."""
        try:
            self.result_info = restore_backup(self._data_dir)
        except NetJournalError as error:
            show_inline_error(self.error_label, str(error))
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            return
        self.accept()


def offer_restore(data_dir: Path, error: NetJournalError, parent: QWidget | None = None) -> bool:
    """For a damaged journal with an automatic backup, ask to restore it; True once restored."""
    if not isinstance(error, DamagedJournalError) or latest_backup(data_dir) is None:
        return False
    dialog = RestoreBackupDialog(data_dir, str(error), parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
