"""Record what I sent someone (CV, availability, day rate): intermediaries place who is top of mind."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError
from netjournal.services.intermediaries import SentItemRecord
from netjournal.services.records import PersonRef
from netjournal.ui.formatting import short_date
from netjournal.ui.messages import show_error
from netjournal.ui.network.fields import OptionalDateEdit, PersonField
from netjournal.ui.widgets import GuardedDialog

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

SENT_KINDS = (
    ("cv", "CV"),
    ("availability", "Availability"),
    ("day_rate", "Day rate"),
    ("other", "Something else"),
)
SENT_PHRASES = {"cv": "CV", "availability": "availability", "day_rate": "day rate", "other": "something"}
DETAIL_HINTS = {
    "cv": "Which version: CV 2026, finance profile…",
    "availability": "Available from 1 June, 4 days a week…",
    "day_rate": "€1,250 a day, negotiable for 6+ months…",
    "other": "What you sent",
}


def availability_detail(available_from: date, today: date) -> str:
    """``Available from 27 Dec`` (the year too when it is not this one)."""
    return f"Available from {short_date(available_from, today)}"


def sent_phrase(what: str) -> str:
    """What was sent, in plain words: ``Sent CV``, ``Sent day rate``."""
    return f"Sent {SENT_PHRASES.get(what, what)}"


class SentItemDialog(GuardedDialog):
    """Note that I sent a contact something, or edit ``record``. ``saved_uuid`` holds the record
    once accepted.

    ``available_from`` (when I am free again, if known) fills in the detail of availability
    sent, selected so that typing replaces it. An edit shows the record as stored (its detail is
    never replaced by that) and keeps the person it was sent to.

    Signals: none beyond QDialog's.
    """

    def __init__(
        self,
        journal: Journal,
        parent: QWidget | None = None,
        *,
        person: PersonRef | None = None,
        what: str = "cv",
        today: date | None = None,
        available_from: date | None = None,
        record: SentItemRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._record = record
        self.saved_uuid: str | None = None
        today = today or journal.clock().astimezone().date()
        # An edit never offers the known availability: the stored detail is what was sent.
        known = available_from if record is None else None
        self._availability = availability_detail(known, today) if known else ""
        self.setWindowTitle("Record something sent" if record is None else "Edit what you sent")
        self.setObjectName("sentItemDialog")
        self.person_field = PersonField(journal, "Sent to", "Whom did you send it to?", self)
        if record is not None:
            person, what = record.contact, record.what
        if person is not None:
            self.person_field.set_person(person)
        if record is not None:  # the person it was sent to stays: no choosing someone else
            self.person_field.choose_button.hide()
            self.person_field.clear_button.hide()
        self.what_combo = QComboBox(self)
        for value, text in SENT_KINDS:
            self.what_combo.addItem(text, value)
        self.what_combo.setCurrentIndex(max(0, self.what_combo.findData(what)))
        self.date_edit = OptionalDateEdit(self)
        self.date_edit.set_value(record.sent_on if record is not None else today)
        # Nothing is sent in the future (an older record dated later still shows as stored).
        latest = max(today, record.sent_on) if record is not None else today
        self.date_edit.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.detail_edit = QLineEdit(self)
        if record is not None:
            self.detail_edit.setText(record.detail)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field in (
            ("Sent &to", self.person_field),
            ("&What", self.what_combo),
            ("&On", self.date_edit),
            ("&Detail", self.detail_edit),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(
            "Record" if record is None else "Save", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.what_combo.currentIndexChanged.connect(lambda _i: self._what_changed())
        self.person_field.changed.connect(self._update)
        self.date_edit.dateChanged.connect(lambda _d: self._update())
        self._what_changed()
        self.resize(460, self.sizeHint().height())
        if record is not None:  # most edits fix the detail: the cursor at its end (see setVisible)
            self.detail_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        elif person is None:
            self.person_field.setFocus()
        elif self.detail_edit.text():
            self.detail_edit.setFocus()  # "Available from …", selected: Enter records it, typing replaces it
        else:
            self.what_combo.setFocus()
        self.add_save_shortcut(self.save_button)
        self._typed_at_start = self._typed()

    def _typed(self) -> tuple[str, ...]:
        return (self.detail_edit.text().strip(),)

    def has_unsaved_text(self) -> bool:
        """Text typed since the dialog opened (Esc, Cancel and the close button ask first)."""
        return self._typed() != self._typed_at_start and self.detail_edit.text() != self._availability

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        # Showing a dialog selects its focused line edit's text (as Tab does): in an edit that
        # would let the first key typed wipe the stored detail, so the cursor goes to its end.
        if visible and self._record is not None and self.focusWidget() is self.detail_edit:
            self.detail_edit.end(False)

    def _what_changed(self) -> None:
        # The known availability goes in while the detail is empty (or still just that), and
        # comes out again for another kind of thing sent.
        untouched = self.detail_edit.text() in ("", self._availability)
        if untouched:
            availability = self.what_combo.currentData() == "availability"
            self.detail_edit.setText(self._availability if availability else "")
            self.detail_edit.selectAll()
        self._update()

    def _update(self) -> None:
        self.detail_edit.setPlaceholderText(DETAIL_HINTS.get(str(self.what_combo.currentData()), ""))
        # An edit keeps a day (recording without one means today).
        dated = self._record is None or self.date_edit.value() is not None
        self.save_button.setEnabled(self.person_field.uuid is not None and dated)

    def save(self) -> None:
        uuid = self.person_field.uuid
        if uuid is None or not self.save_button.isEnabled():
            return
        what, sent_on, detail = (
            str(self.what_combo.currentData()),
            self.date_edit.value(),
            self.detail_edit.text(),
        )
        intermediaries = self._journal.intermediaries
        try:
            if self._record is None:
                self.saved_uuid = intermediaries.record_sent(uuid, what, sent_on=sent_on, detail=detail)
            elif sent_on is not None:
                intermediaries.update_sent(self._record.uuid, what=what, sent_on=sent_on, detail=detail)
                self.saved_uuid = self._record.uuid
        except NetJournalError as error:
            show_error(
                self, error, doing="record what you sent" if self._record is None else "save what you sent"
            )
            return
        self.accept()
