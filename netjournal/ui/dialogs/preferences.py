"""Preferences: keep-in-touch rhythms per kind of contact, and the remembered key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError
from netjournal.services.vocabulary import CONTACT_KINDS
from netjournal.ui.formatting import kind_label

if TYPE_CHECKING:
    from netjournal.security.keystore import KeyStore
    from netjournal.services.journal import Journal


class PreferencesDialog(QDialog):
    """Journal-wide preferences (stored, encrypted, in the journal itself).

    Signals: none beyond QDialog's.
    """

    def __init__(self, journal: Journal, keystore: KeyStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._keystore = keystore
        self.setWindowTitle("Preferences")
        self.setObjectName("preferencesDialog")

        rhythm = QGroupBox("Keep in touch — default rhythm by kind", self)
        form = QFormLayout(rhythm)
        hint = QLabel("Used for anyone without their own rhythm on their card.", rhythm)
        hint.setWordWrap(True)
        form.addRow(hint)
        self.spins: dict[str, QSpinBox] = {}
        current = journal.reminders.kind_cadences()
        for kind in CONTACT_KINDS:
            spin = QSpinBox(rhythm)
            spin.setRange(0, 3650)
            spin.setSuffix(" days")
            spin.setSpecialValueText("No reminders")
            spin.setValue(current.get(kind) or 0)
            spin.setAccessibleName(f"Keep in touch with {kind_label(kind)} contacts every so many days")
            label = QLabel(f"{kind_label(kind)}", rhythm)
            label.setBuddy(spin)
            form.addRow(label, spin)
            self.spins[kind] = spin

        security = QGroupBox("Unlocking", self)
        box = QVBoxLayout(security)
        remembered = keystore.load(journal.path) is not None
        if keystore.available():
            text = f"The system keyring ({keystore.describe()}) " + (
                "remembers the key on this computer, so NetJournal opens without asking."
                if remembered
                else "does not remember the key yet."
            )
        else:
            text = "No system keyring is available: NetJournal asks for your passphrase at each start."
        self.keyring_label = QLabel(text, security)
        self.keyring_label.setWordWrap(True)
        box.addWidget(self.keyring_label)
        self.forget_button = QPushButton("&Forget the key on this computer", security)
        self.forget_button.setToolTip("NetJournal will ask for the passphrase (or recovery key) next time.")
        self.forget_button.setEnabled(remembered)
        self.forget_button.clicked.connect(self._forget)
        box.addWidget(self.forget_button)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(rhythm)
        layout.addWidget(security)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _forget(self) -> None:
        self._keystore.forget(self._journal.path)
        self.keyring_label.setText("Forgotten: NetJournal will ask for your passphrase next time.")
        self.forget_button.setEnabled(False)

    def _save(self) -> None:
        current = self._journal.reminders.kind_cadences()
        try:
            for kind, spin in self.spins.items():
                value = spin.value() or None
                if current.get(kind) != value:
                    self._journal.reminders.set_kind_cadence(kind, value)
        except NetJournalError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.accept()
