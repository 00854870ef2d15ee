"""Logging a conversation (or editing one): when, how, where, who, what was said, what next."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
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
from netjournal.services.records import ConversationRecord, FollowUpRecord, PersonRef
from netjournal.services.vocabulary import CHANNELS
from netjournal.services.when_text import describe_due
from netjournal.ui.dialogs.contact_picker import ContactPickerDialog
from netjournal.ui.dialogs.follow_up_dialog import FollowUpDialog, FollowUpValues, follow_up_line
from netjournal.ui.formatting import kind_label
from netjournal.ui.widgets import GuardedDialog

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
FOLLOW_UP_ROLE = Qt.ItemDataRole.UserRole + 2


class ConversationDialog(GuardedDialog):
    """Log a new conversation with ``people``, or edit ``record``.

    Editing also lists the conversation's follow-ups: tick one done (or untick it), correct it
    (Edit…, double-click or Enter) or delete it (Delete); nothing is written until Save, and
    then all in one transaction with the conversation.

    ``saved_uuid`` holds the conversation's UUID once accepted. Esc, Cancel or the window's
    close button ask before typed text (or a change to a follow-up) is lost; Ctrl+Enter saves.

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

        # The follow-ups this conversation already has (when editing), then a new one.
        existing = record.follow_ups if record is not None else ()
        self.follow_up_box = QGroupBox("Follow-ups" if existing else "Follow-up (optional)", self)
        self._follow_ups: dict[str, FollowUpRecord] = {item.uuid: item for item in existing}
        self.follow_ups_list = QListWidget(self.follow_up_box)
        self.follow_ups_list.setAccessibleName("Follow-ups of this conversation")
        self.follow_ups_list.setToolTip("Tick when done; Enter or double-click to edit; Delete to remove")
        self.follow_ups_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.follow_ups_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.follow_ups_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.follow_ups_list.setUniformItemSizes(True)
        self.edit_follow_up_button = QPushButton("Ed&it…", self.follow_up_box)
        self.edit_follow_up_button.setAccessibleName("Edit the chosen follow-up")
        self.delete_follow_up_button = QPushButton("&Delete", self.follow_up_box)
        self.delete_follow_up_button.setAccessibleName("Delete the chosen follow-up")
        self._follow_up_dialog: FollowUpDialog | None = None
        for item in existing:
            self._add_follow_up_item(item.uuid, FollowUpValues.of(item), item.done)
        # Enter edits (a shortcut, so the dialog's default button does not save as well).
        self.follow_ups_list.itemDoubleClicked.connect(lambda _item: self._edit_follow_up())
        for keys in ("Return", "Enter"):
            enter = QShortcut(QKeySequence(keys), self.follow_ups_list)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self._edit_follow_up)
        self.follow_ups_list.currentRowChanged.connect(lambda _row: self._update_follow_up_buttons())
        self.edit_follow_up_button.clicked.connect(self._edit_follow_up)
        self.delete_follow_up_button.clicked.connect(self._delete_follow_up)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.follow_ups_list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self._delete_follow_up)
        existing_row = QHBoxLayout()
        existing_row.setContentsMargins(0, 0, 0, 0)
        existing_row.addWidget(self.follow_ups_list, 1)
        existing_buttons = QVBoxLayout()
        existing_buttons.addWidget(self.edit_follow_up_button)
        existing_buttons.addWidget(self.delete_follow_up_button)
        existing_buttons.addStretch(1)
        existing_row.addLayout(existing_buttons)
        self.existing_follow_ups = QWidget(self.follow_up_box)
        self.existing_follow_ups.setLayout(existing_row)
        self.existing_follow_ups.setVisible(bool(existing))
        self.follow_up_edit = QLineEdit(self.follow_up_box)
        self.follow_up_edit.setPlaceholderText(
            "Another one: what I promised, or the next step"
            if existing
            else "What I promised, or the next step"
        )
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
        # Due is ticked when a next step is first written (and unticked when it is cleared);
        # not on every keystroke, so the user's own choice survives fixing a typo.
        self._had_follow_up_text = False
        self.follow_up_edit.textChanged.connect(self._follow_up_text_changed)
        follow_form = QFormLayout(self.follow_up_box)
        follow_form.addRow(self.existing_follow_ups)
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
        self._update_follow_up_buttons()

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
        """What was said, where, a new follow-up or an existing one differs from when the dialog
        opened."""
        changed, deleted = self._follow_up_changes()
        return self._typed() != self._typed_at_start or bool(changed or deleted)

    # -- the conversation's follow-ups ----------------------------------------------------------
    def _add_follow_up_item(self, uuid: str, values: FollowUpValues, done: bool) -> None:
        item = QListWidgetItem()
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
        self.follow_ups_list.addItem(item)
        self._show_follow_up(item, uuid, values)

    def _show_follow_up(self, item: QListWidgetItem, uuid: str, values: FollowUpValues) -> None:
        item.setData(FOLLOW_UP_ROLE, (uuid, values))
        today = self._journal.clock().astimezone().date()
        item.setText(follow_up_line(values, today))
        due = f" (due {describe_due(values.due_on, today)})" if values.due_on is not None else ""
        item.setToolTip(f"{values.what}{due}")

    def follow_up_states(self) -> dict[str, tuple[FollowUpValues, bool]]:
        """The follow-ups listed now (UUID → values, done), as they would be saved."""
        states = {}
        for row in range(self.follow_ups_list.count()):
            item = self.follow_ups_list.item(row)
            uuid, values = item.data(FOLLOW_UP_ROLE)
            states[uuid] = (values, item.checkState() == Qt.CheckState.Checked)
        return states

    def _follow_up_changes(self) -> tuple[dict[str, tuple[FollowUpValues, bool]], list[str]]:
        """What saving would change: (changed UUID → values and done, deleted UUIDs)."""
        states = self.follow_up_states()
        changed = {
            uuid: state
            for uuid, state in states.items()
            if state != (FollowUpValues.of(self._follow_ups[uuid]), self._follow_ups[uuid].done)
        }
        return changed, [uuid for uuid in self._follow_ups if uuid not in states]

    def _follow_up_text_changed(self, text: str) -> None:
        written = bool(text.strip())
        if written != self._had_follow_up_text:
            self._had_follow_up_text = written
            self.due_check.setChecked(written)

    def _update_follow_up_buttons(self) -> None:
        chosen = self.follow_ups_list.currentItem() is not None
        self.edit_follow_up_button.setEnabled(chosen)
        self.delete_follow_up_button.setEnabled(chosen)

    def _edit_follow_up(self) -> None:
        item = self.follow_ups_list.currentItem()
        if item is None:
            return
        uuid, values = item.data(FOLLOW_UP_ROLE)
        dialog = FollowUpDialog(self._journal, values, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._show_follow_up(item, uuid, dialog.values))
        dialog.finished.connect(lambda _r: setattr(self, "_follow_up_dialog", None))
        self._follow_up_dialog = dialog
        dialog.open()

    def _delete_follow_up(self) -> None:
        row = self.follow_ups_list.currentRow()
        if row >= 0:
            self.follow_ups_list.takeItem(row)
        self._update_follow_up_buttons()

    def _save_follow_up_changes(self) -> None:
        """Write the listed follow-ups' changes (inside the conversation's transaction)."""
        service = self._journal.follow_ups
        changed, deleted = self._follow_up_changes()
        for uuid in deleted:
            service.delete(uuid)
        for uuid, (values, done) in changed.items():
            before = self._follow_ups[uuid]
            if values != FollowUpValues.of(before):
                service.update(
                    uuid,
                    what=values.what,
                    owner=values.owner,
                    due_on=values.due_on,
                    clear_due=values.due_on is None,
                )
            if done != before.done:
                service.set_done(uuid, done)

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
                    self._save_follow_up_changes()
                    if follow_up:
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
