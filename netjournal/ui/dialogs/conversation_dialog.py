"""Logging a conversation (or editing one): when, how, where, who, what was said, what next."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError, NotFoundError
from netjournal.services.records import ConversationRecord, PersonRef
from netjournal.services.vocabulary import CHANNELS
from netjournal.ui.dialogs.contact_picker import ContactPickerDialog
from netjournal.ui.formatting import kind_label
from netjournal.ui.widgets import GuardedDialog

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


class ConversationDialog(GuardedDialog):
    """Log a new conversation with ``people``, or edit ``record``.

    ``saved_uuid`` holds the conversation's UUID once accepted. Esc, Cancel or the window's
    close button ask before typed text is lost; Ctrl+Enter saves.

    Signals: none beyond QDialog's.
    """

    def __init__(
        self,
        journal: Journal,
        parent: QWidget | None = None,
        *,
        people: tuple[PersonRef, ...] = (),
        record: ConversationRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._record = record
        self.saved_uuid: str | None = None
        self._picker: ContactPickerDialog | None = None
        self.setObjectName("conversationDialog")
        self.setWindowTitle("Edit conversation" if record else "Log a conversation")

        self.when_edit = QDateTimeEdit(self)
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        moment = record.occurred_at.astimezone() if record else journal.clock().astimezone()
        self.when_edit.setDateTime(
            QDateTime(
                QDate(moment.year, moment.month, moment.day),
                QTime(moment.hour, moment.minute, moment.second),
            )
        )
        self.channel_combo = QComboBox(self)
        for channel in CHANNELS:
            self.channel_combo.addItem(kind_label(channel), channel)
        self.channel_combo.setCurrentIndex(
            max(0, self.channel_combo.findData(record.channel if record else "meeting"))
        )
        self.place_edit = QLineEdit(record.place if record else "", self)
        self.place_edit.setPlaceholderText("Where, or which event")

        self.people_list = QListWidget(self)
        self.people_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.add_person_button = QPushButton("Add &person…", self)
        self.remove_person_button = QPushButton("Re&move", self)
        for person in record.participants if record else people:
            self._add_person(person)
        self.add_person_button.clicked.connect(self._pick_person)
        self.remove_person_button.clicked.connect(self._remove_person)
        people_row = QHBoxLayout()
        people_row.addWidget(self.people_list, 1)
        buttons_col = QVBoxLayout()
        buttons_col.addWidget(self.add_person_button)
        buttons_col.addWidget(self.remove_person_button)
        buttons_col.addStretch(1)
        people_row.addLayout(buttons_col)
        people_box = QWidget(self)
        people_box.setLayout(people_row)
        people_row.setContentsMargins(0, 0, 0, 0)

        self.summary_edit = QPlainTextEdit(record.summary if record else "", self)
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setPlaceholderText(
            "What was said: their news, their challenges, what you shared, what you agreed."
        )
        self.summary_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 7)

        form = QFormLayout()
        for text, field, accessible in (
            ("&When", self.when_edit, "When"),
            ("&Channel", self.channel_combo, "Channel"),
            ("Wh&ere", self.place_edit, "Where"),
            ("Wit&h", people_box, "Who took part"),
            ("&What was said", self.summary_edit, "What was said"),
        ):
            label = QLabel(text, self)
            label.setBuddy(field if field is not people_box else self.people_list)
            field.setAccessibleName(accessible)
            form.addRow(label, field)
        self.people_list.setAccessibleName("Who took part")

        # A follow-up: only when logging (existing follow-ups are managed from the timeline).
        self.follow_up_box = QGroupBox("Follow-up (optional)", self)
        self.follow_up_edit = QLineEdit(self.follow_up_box)
        self.follow_up_edit.setPlaceholderText("What I promised, or the next step")
        self.owner_combo = QComboBox(self.follow_up_box)
        self.owner_combo.addItem("I will", "me")
        self.owner_combo.addItem("They will", "them")
        self.due_check = QCheckBox("D&ue", self.follow_up_box)
        self.due_edit = QDateEdit(self.follow_up_box)
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("ddd d MMM yyyy")
        today = journal.clock().astimezone().date()
        self.due_edit.setDate(QDate(today.year, today.month, today.day).addDays(7))
        self.due_edit.setEnabled(False)
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        self.follow_up_edit.textChanged.connect(lambda t: self.due_check.setChecked(bool(t.strip())))
        follow_form = QFormLayout(self.follow_up_box)
        what_label = QLabel("&Next step", self.follow_up_box)
        what_label.setBuddy(self.follow_up_edit)
        self.follow_up_edit.setAccessibleName("Follow-up")
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.owner_combo)
        follow_row.addWidget(self.follow_up_edit, 1)
        follow_form.addRow(what_label, follow_row)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_edit)
        due_row.addStretch(1)
        self.due_edit.setAccessibleName("Follow-up due date")
        self.owner_combo.setAccessibleName("Whose follow-up")
        # Tab follows the row as it reads: "I will / They will", then what, then the due date.
        QWidget.setTabOrder(self.owner_combo, self.follow_up_edit)
        QWidget.setTabOrder(self.follow_up_edit, self.due_check)
        follow_form.addRow("", due_row)
        if record is not None and record.follow_ups:
            self.follow_up_box.hide()

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(
            "&Save" if record else "&Log conversation", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Ctrl+Enter")
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.add_save_shortcut(self.save_button)
        self._typed_at_start = self._typed()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.follow_up_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self.summary_edit.setFocus()
        self._update_buttons()

    def _typed(self) -> tuple[str, ...]:
        return (
            self.summary_edit.toPlainText().strip(),
            self.place_edit.text().strip(),
            self.follow_up_edit.text().strip(),
        )

    def has_unsaved_text(self) -> bool:
        """What was said, where, or a follow-up differs from when the dialog opened."""
        return self._typed() != self._typed_at_start

    # -- participants -------------------------------------------------------------------------
    def participants(self) -> list[str]:
        return [self.people_list.item(i).data(PERSON_ROLE) for i in range(self.people_list.count())]

    def _add_person(self, person: PersonRef) -> None:
        if person.uuid in self.participants():
            return
        item = QListWidgetItem(person.name)
        item.setData(PERSON_ROLE, person.uuid)
        self.people_list.addItem(item)
        self._update_buttons()

    def _remove_person(self) -> None:
        row = self.people_list.currentRow()
        if row >= 0 and self.people_list.count() > 1:
            self.people_list.takeItem(row)
        self._update_buttons()

    def _pick_person(self) -> None:
        self._picker = ContactPickerDialog(
            self._journal,
            "Add a person",
            "Who else took part?",
            self,
            exclude=set(self.participants()),
            action="Add",
        )
        self._picker.accepted.connect(self._picked)
        self._picker.open()

    def _picked(self) -> None:
        if self._picker is None or self._picker.chosen_uuid is None:
            return
        try:
            summary = self._journal.contacts.summary(self._picker.chosen_uuid)
        except NotFoundError:
            return
        self._add_person(PersonRef(summary.uuid, summary.name))

    def _update_buttons(self) -> None:
        self.remove_person_button.setEnabled(self.people_list.count() > 1)
        if hasattr(self, "save_button"):
            self.save_button.setEnabled(self.people_list.count() > 0)

    # -- saving ---------------------------------------------------------------------------------
    def occurred_at(self) -> datetime:
        value: datetime = self.when_edit.dateTime().toPython()  # type: ignore[assignment]
        return value.astimezone()  # naive local time → aware

    def follow_up_due(self) -> date | None:
        if not self.due_check.isChecked():
            return None
        return self.due_edit.date().toPython()  # type: ignore[return-value]

    def _save(self) -> None:
        if not self.participants():
            return
        service = self._journal.conversations
        summary = self.summary_edit.toPlainText()
        follow_up = self.follow_up_edit.text().strip()
        try:
            if self._record is None:
                self.saved_uuid = service.log(
                    self.participants(),
                    summary,
                    occurred_at=self.occurred_at(),
                    channel=self.channel_combo.currentData(),
                    place=self.place_edit.text(),
                    follow_up=follow_up,
                    follow_up_due=self.follow_up_due() if follow_up else None,
                    follow_up_owner=self.owner_combo.currentData(),
                )
            else:
                uuid = self._record.uuid
                with self._journal.changes.write():
                    service.update(
                        uuid,
                        summary=summary,
                        occurred_at=self.occurred_at(),
                        channel=self.channel_combo.currentData(),
                        place=self.place_edit.text(),
                        participants=self.participants(),
                    )
                    if follow_up and self.follow_up_box.isVisibleTo(self):
                        self._journal.follow_ups.create(
                            self.participants()[0],
                            follow_up,
                            due_on=self.follow_up_due(),
                            owner=self.owner_combo.currentData(),
                            conversation_uuid=uuid,
                        )
                self.saved_uuid = uuid
        except NetJournalError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.accept()
