"""Record an introduction, referral or favour: who did it for whom, which way, when, and what came of it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
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
from netjournal.services.records import IntroductionRecord, PersonRef
from netjournal.ui.messages import show_error
from netjournal.ui.network.fields import ME, OptionalDateEdit, PersonField
from netjournal.ui.widgets import GuardedDialog

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

DIRECTIONS = (
    ("received", "Received — someone did this for me"),
    ("given", "Given — I did this for someone"),
)
KINDS = (("introduction", "Introduction"), ("referral", "Referral"), ("help", "Help / a favour"))


def introduction_sentence(
    kind: str,
    received: bool,
    introducer: str | None,
    introduced: str | None,
    introduced_to: str | None,
    *,
    i: str = "I",
    me: str = "me",
) -> str:
    """Who did what for whom, in plain words, without a full stop: ``Carla introduced Dan to me``.

    Names are None for *me* (``i`` as a subject, ``me`` otherwise); an introducer not yet chosen
    reads "…". The list on the card says "You" and "you" instead.
    """
    who = (introducer or "…") if received else i
    introduced_name, to_name = introduced or me, introduced_to or me
    if kind == "help" and received:
        sentence = f"{who} helped {to_name}" + (f" with {introduced}" if introduced else "")
    elif kind == "help":
        sentence = f"{i} helped {introduced_name}" + (f" with {introduced_to}" if introduced_to else "")
    else:
        verb = "referred" if kind == "referral" else "introduced"
        sentence = f"{who} {verb} {introduced_name} to {to_name}"
        if not received and introduced_to is None:  # to someone not in the journal
            sentence = f"{who} {verb} {introduced_name}"
    return sentence.replace(f" {me} to {me}", f" {me}")


class IntroductionDialog(GuardedDialog):
    """Record one introduction, or edit ``record``. ``saved_uuid`` holds it once accepted.

    Received: *By* introduced *Introduced* to *To* (usually me). Given: I introduced
    *Introduced* to *To*. ``person`` (the contact whose card it was opened from) is pre-filled
    as the one who made it (received) or the one introduced (given); an edit pre-fills nothing.
    Signals: none beyond QDialog's.
    """

    def __init__(
        self,
        journal: Journal,
        parent: QWidget | None = None,
        *,
        person: PersonRef | None = None,
        direction: str = "received",
        today: date | None = None,
        record: IntroductionRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._person = person if record is None else None
        self._record = record
        self.saved_uuid: str | None = None
        self.setWindowTitle("Record an introduction" if record is None else "Edit introduction")
        self.setObjectName("introductionDialog")

        self.direction_combo = QComboBox(self)
        for value, text in DIRECTIONS:
            self.direction_combo.addItem(text, value)
        self.kind_combo = QComboBox(self)
        for value, text in KINDS:
            self.kind_combo.addItem(text, value)
        self.introducer_field = PersonField(
            journal, "Introduced by", "Who made the introduction?", self, empty_text="Choose who made it"
        )
        self.me_label = QLabel(ME, self)
        self.introduced_field = PersonField(
            journal, "Introduced", "Who was introduced (or referred, or helped)?", self, allow_me=True
        )
        self.introduced_to_field = PersonField(journal, "Introduced to", "To whom?", self, allow_me=True)
        self.date_edit = OptionalDateEdit(self)
        day = today or journal.clock().astimezone().date()
        self.date_edit.set_value(day)
        self.date_edit.setMaximumDate(self.date_edit.date().addYears(1))
        self.outcome_edit = QLineEdit(self)
        self.outcome_edit.setPlaceholderText("Met for coffee; became a client…")
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.by_label = QLabel("&By", self)
        self.by_label.setBuddy(self.introducer_field)
        rows: list[tuple[str, QWidget]] = [
            ("&Direction", self.direction_combo),
            ("&Kind", self.kind_combo),
        ]
        for text, field in rows:
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.by_label, self.introducer_field)
        self.by_me_label = QLabel("By", self)
        form.addRow(self.by_me_label, self.me_label)
        for text, field in (
            ("&Introduced", self.introduced_field),
            ("&To", self.introduced_to_field),
            ("D&ate", self.date_edit),
            ("&What came of it", self.outcome_edit),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        self._form = form

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(
            "Record" if record is None else "Save", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.explanation)
        layout.addWidget(self.buttons)

        self.direction_combo.currentIndexChanged.connect(lambda _i: self._direction_changed())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._update())
        for field in (self.introducer_field, self.introduced_field, self.introduced_to_field):
            field.changed.connect(self._update)
        self.direction_combo.setCurrentIndex(max(0, self.direction_combo.findData(direction)))
        self._direction_changed()
        if record is not None:
            self._fill(record)
        QWidget.setTabOrder(self.direction_combo, self.kind_combo)
        QWidget.setTabOrder(self.kind_combo, self.introducer_field.choose_button)
        QWidget.setTabOrder(self.introducer_field.choose_button, self.introduced_field.choose_button)
        QWidget.setTabOrder(self.introduced_field.choose_button, self.introduced_to_field.choose_button)
        QWidget.setTabOrder(self.introduced_to_field.choose_button, self.date_edit)
        QWidget.setTabOrder(self.date_edit, self.outcome_edit)
        self.resize(520, self.sizeHint().height())
        self.direction_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        self.add_save_shortcut(self.save_button)
        self._typed_at_start = self._typed()

    def _typed(self) -> tuple[str, ...]:
        return (self.outcome_edit.text().strip(),)

    def has_unsaved_text(self) -> bool:
        """Text typed since the dialog opened (Esc, Cancel and the close button ask first)."""
        return self._typed() != self._typed_at_start

    def direction(self) -> str:
        return str(self.direction_combo.currentData())

    def _fill(self, record: IntroductionRecord) -> None:
        self.direction_combo.setCurrentIndex(max(0, self.direction_combo.findData(record.direction)))
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(record.kind)))
        self.introducer_field.set_person(record.introducer)
        self.introduced_field.set_person(record.introduced)
        self.introduced_to_field.set_person(record.introduced_to)
        self.date_edit.set_value(record.occurred_on)
        self.outcome_edit.setText(record.outcome)

    def _direction_changed(self) -> None:
        received = self.direction() == "received"
        self._form.setRowVisible(self.by_label, received)
        self._form.setRowVisible(self.by_me_label, not received)
        # Pre-fill the card's person where they most likely belong, without losing a choice.
        person = self._person
        if person is not None:
            if received and self.introducer_field.person is None:
                if self.introduced_field.person == person:
                    self.introduced_field.set_person(None)
                self.introducer_field.set_person(person)
            elif not received and self.introduced_field.person is None:
                self.introduced_field.set_person(person)
        self._update()

    def _update(self) -> None:
        sentence = introduction_sentence(
            str(self.kind_combo.currentData()),
            self.direction() == "received",
            *(f.person.name if f.person else None for f in self._people_fields()),
        )
        problem = self.problem()
        self.explanation.setText(problem or sentence + ".")
        self.save_button.setEnabled(problem is None)

    def _people_fields(self) -> tuple[PersonField, PersonField, PersonField]:
        return self.introducer_field, self.introduced_field, self.introduced_to_field

    def problem(self) -> str | None:
        """Why the record cannot be saved yet, in plain words; None when it can."""
        received = self.direction() == "received"
        introduced, to = self.introduced_field.uuid, self.introduced_to_field.uuid
        if received and self.introducer_field.uuid is None:
            return "Choose who made the introduction."
        if introduced is None and to is None:
            return "Choose who was introduced (one of the two people can be you)."
        if not received and introduced is None:
            return "Choose who you introduced, referred or helped (someone other than you)."
        if introduced is not None and introduced == to:
            return "Someone cannot be introduced to themselves."
        if received and self.introducer_field.uuid in (introduced, to):
            return "The person who made the introduction cannot also be one of the two introduced."
        return None

    def save(self) -> None:
        if self.problem() is not None:
            return
        received = self.direction() == "received"
        fields: dict[str, Any] = {
            "direction": self.direction(),
            "kind": str(self.kind_combo.currentData()),
            "introducer": self.introducer_field.uuid if received else None,
            "introduced": self.introduced_field.uuid,
            "introduced_to": self.introduced_to_field.uuid,
            "occurred_on": self.date_edit.value(),
            "outcome": self.outcome_edit.text(),
        }
        introductions = self._journal.introductions
        try:
            if self._record is None:
                self.saved_uuid = introductions.record(**fields)
            else:
                introductions.update(self._record.uuid, **fields)
                self.saved_uuid = self._record.uuid
        except NetJournalError as error:
            show_error(self, error, doing="save the introduction")
            return
        self.accept()
