"""Adding a contact: the few fields that matter in the moment; the card holds the rest."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError
from netjournal.services.vocabulary import CONTACT_KINDS
from netjournal.ui import theme
from netjournal.ui.formatting import kind_label
from netjournal.ui.widgets import GuardedDialog

if TYPE_CHECKING:
    from netjournal.services.journal import Journal


class NewContactDialog(GuardedDialog):
    """Create a contact; ``created_uuid`` holds the new contact's UUID once accepted.

    Ctrl+Enter adds the contact; Esc, Cancel or the window's close button ask before typed
    text is lost. A name already in the journal is pointed out as it is typed, with a link
    to that person's card (two people may share a name: adding one is still allowed).

    Signals:
        openExistingRequested(str): the user chose the existing contact instead (the dialog
            has closed without adding anyone).
    """

    openExistingRequested = Signal(str)

    def __init__(self, journal: Journal, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self._journal = journal
        self.created_uuid: str | None = None
        self.setWindowTitle("New contact")
        self.setObjectName("newContactDialog")

        self.name_edit = QLineEdit(name, self)
        self.name_edit.setPlaceholderText("First and last name")
        self.organisation_edit = QLineEdit(self)
        self.organisation_edit.setPlaceholderText("Company or intermediary")
        self.role_edit = QLineEdit(self)
        self.role_edit.setPlaceholderText("e.g. CFO, Partner, Recruiter")
        self.kind_combo = QComboBox(self)
        for kind in CONTACT_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData("other"))
        self.email_edit = QLineEdit(self)
        self.email_edit.setPlaceholderText("name@example.com")
        self.common_ground_edit = QPlainTextEdit(self)
        self.common_ground_edit.setTabChangesFocus(True)
        self.common_ground_edit.setPlaceholderText("What do you share? (you can add this later)")
        self.common_ground_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("errorLabel")
        self.error_label.hide()
        self.namesake_label = QLabel(self)
        self.namesake_label.setObjectName("namesakeHint")
        self.namesake_label.setWordWrap(True)
        self.namesake_label.setTextFormat(Qt.TextFormat.RichText)
        self.namesake_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.namesake_label.linkActivated.connect(self._open_existing)
        self.namesake_label.hide()
        self._namesake_timer = QTimer(self)
        self._namesake_timer.setSingleShot(True)
        self._namesake_timer.setInterval(150)  # once typing pauses
        self._namesake_timer.timeout.connect(self._check_namesakes)

        form = QFormLayout()
        for text, field, accessible in (
            ("&Name", self.name_edit, "Name"),
            ("&Organisation", self.organisation_edit, "Organisation"),
            ("&Role", self.role_edit, "Role"),
            ("&Kind", self.kind_combo, "Kind of contact"),
            ("&Email", self.email_edit, "Email address"),
            ("&Common ground", self.common_ground_edit, "Common ground"),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            field.setAccessibleName(accessible)
            form.addRow(label, field)
            if field is self.name_edit:
                form.addRow(self.namesake_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = self.buttons.addButton("&Add contact", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        self.add_button.setToolTip("Ctrl+Enter")
        self.add_save_shortcut(self.add_button)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(lambda text: self.add_button.setEnabled(bool(text.strip())))
        self.name_edit.textChanged.connect(lambda _text: self._namesake_timer.start())
        self.add_button.setEnabled(bool(name.strip()))
        self._typed_at_start = self._typed()

        layout = self._layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())
        self.name_edit.setFocus()
        if name.strip():
            self._check_namesakes()

    def _check_namesakes(self) -> None:
        people = self._journal.contacts.named(self.name_edit.text())
        if not people:
            self.namesake_label.hide()
            return
        links = ", ".join(
            f'<a href="{html.escape(p.uuid)}">{html.escape(p.name)}</a>'
            + (f" ({html.escape(p.organisation)})" if p.organisation else "")
            + (" — archived" if p.archived else "")
            for p in people
        )
        self.namesake_label.setText(
            f"Already in your journal: {links}. Open their card instead, or add another person "
            "of the same name."
        )
        theme.set_text_colour(self.namesake_label, theme.due_soon_colour(self.palette()))
        self.namesake_label.show()
        self._fit_height()

    def _fit_height(self) -> None:
        # Grow to take in the hint's wrapped lines (the size hint alone ignores word wrap).
        self._layout.activate()
        needed = self._layout.totalMinimumSize().height()
        if self._layout.hasHeightForWidth():
            needed = max(needed, self._layout.totalHeightForWidth(self.width()))
        if needed > self.height():
            self.resize(self.width(), needed)

    def _open_existing(self, uuid: str) -> None:
        QDialog.reject(self)  # nothing to keep: the user chose the person already there
        self.openExistingRequested.emit(uuid)

    def _typed(self) -> tuple[str, ...]:
        fields = (self.name_edit, self.organisation_edit, self.role_edit, self.email_edit)
        return (*(field.text().strip() for field in fields), self.common_ground_edit.toPlainText().strip())

    def has_unsaved_text(self) -> bool:
        """Something was typed beyond the name the dialog was opened with."""
        return self._typed() != self._typed_at_start

    def _create(self) -> None:
        email = self.email_edit.text().strip()
        try:
            self.created_uuid = self._journal.contacts.create(
                self.name_edit.text(),
                organisation=self.organisation_edit.text(),
                role=self.role_edit.text().strip(),
                kind=self.kind_combo.currentData(),
                emails=[email] if email else [],
                common_ground=self.common_ground_edit.toPlainText().strip(),
            )
        except NetJournalError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.accept()
