"""Merging two contacts that are the same person (every conversation is kept)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError, NotFoundError
from netjournal.ui.contact_list import describe
from netjournal.ui.dialogs.contact_picker import ContactPicker
from netjournal.ui.formatting import literal_ampersands

if TYPE_CHECKING:
    from netjournal.services.journal import Journal


class MergeDialog(QDialog):
    """Pick the duplicate of ``contact_uuid`` and whose details win, then merge.

    ``kept_uuid`` holds the surviving contact's UUID once accepted.

    Signals: none beyond QDialog's.
    """

    def __init__(self, journal: Journal, contact_uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._contact = journal.contacts.summary(contact_uuid)
        self.kept_uuid: str | None = None
        self.setWindowTitle("Merge contacts")
        self.setObjectName("mergeDialog")

        intro = QLabel(
            f"Which contact is the same person as <b>{_escape(self._contact.name)}</b>? "
            "Their conversations, follow-ups, introductions and tags are all kept; texts such as "
            "common ground are combined.",
            self,
        )
        intro.setWordWrap(True)
        self.picker = ContactPicker(journal, {contact_uuid}, self)
        self.keep_this = QRadioButton(self)
        self.keep_other = QRadioButton(self)
        self.keep_this.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.keep_this)
        group.addButton(self.keep_other)
        keep_label = QLabel("Where both have a value, keep the details of:", self)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.merge_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._merge)
        self.buttons.rejected.connect(self.reject)
        self.picker.currentChanged.connect(self._update)
        self.picker.chosen.connect(lambda _uuid: self._merge())

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.picker, 1)
        layout.addWidget(keep_label)
        layout.addWidget(self.keep_this)
        layout.addWidget(self.keep_other)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(480, 560)
        self._update(self.picker.current_uuid() or "")
        # The likeliest duplicate has the same name: list those first (typing replaces it).
        if any(p.uuid != contact_uuid for p in journal.contacts.named(self._contact.name)):
            self.picker.filter.setText(self._contact.name)
            self.picker.filter.selectAll()
        self.picker.filter.setFocus()

    def _update(self, other_uuid: str) -> None:
        self.keep_this.setText(literal_ampersands(describe(self._contact)))
        other = None
        if other_uuid:
            try:
                other = self._journal.contacts.summary(other_uuid)
            except NotFoundError:
                other = None
        self.keep_other.setText(literal_ampersands(describe(other)) if other else "the contact chosen above")
        self.keep_other.setEnabled(other is not None)
        self.merge_button.setEnabled(other is not None)

    def _merge(self) -> None:
        other = self.picker.current_uuid()
        if other is None:
            return
        keep, fold = (
            (self._contact.uuid, other) if self.keep_this.isChecked() else (other, self._contact.uuid)
        )
        try:
            self._journal.contacts.merge(keep, fold)
        except NetJournalError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.kept_uuid = keep
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
