"""Correcting a follow-up (what, whose, when due) and deleting one, from the timeline or the card."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError, ValidationError
from netjournal.services.records import FollowUpRecord
from netjournal.services.when_text import DUE_EXAMPLES, describe_due, parse_due
from netjournal.ui import messages, theme
from netjournal.ui.formatting import short_date
from netjournal.ui.widgets import GuardedDialog

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

OWNERS = (("me", "I will"), ("them", "They will"))


@dataclass(frozen=True, slots=True)
class FollowUpValues:
    """What a follow-up says: the promise or next step, whose it is, and when it is due."""

    what: str
    owner: str = "me"
    due_on: date | None = None

    @classmethod
    def of(cls, record: FollowUpRecord) -> FollowUpValues:
        return cls(record.what, record.owner, record.due_on)


def due_text(day: date | None) -> str:
    """A due date as the due field shows it (and reads it back): ``13 Mar 2026``; "" for none."""
    return "" if day is None else f"{day.day} {day:%b %Y}"


def follow_up_line(values: FollowUpValues, today: date) -> str:
    """One short line for a list: ``I will: Send the deck · due 13 Mar``."""
    who = dict(OWNERS).get(values.owner, "I will")
    line = f"{who}: {values.what}"
    if values.due_on is not None:
        line += f" · due {short_date(values.due_on, today)}"
    return line


class FollowUpDialog(GuardedDialog):
    """Edit a follow-up's text, whose it is and its due date (typed: "friday", "in 2 weeks").

    ``save`` (if given) writes the values when the user saves; an error it raises is shown in
    the dialog, which stays open. ``values`` holds what was saved once accepted. Esc asks before
    typed changes are lost; Ctrl+Enter saves.

    Signals: none beyond QDialog's.
    """

    discard_title = "Discard your changes?"
    discard_text = "Close this window and lose your changes to the follow-up?"

    def __init__(
        self,
        journal: Journal,
        values: FollowUpValues,
        parent: QWidget | None = None,
        *,
        save: Callable[[FollowUpValues], None] | None = None,
        title: str = "Edit follow-up",
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._save_values = save
        self._start = values
        self.values = values
        self.setObjectName("followUpDialog")
        self.setWindowTitle(title)

        self.owner_combo = QComboBox(self)
        for owner, text in OWNERS:
            self.owner_combo.addItem(text, owner)
        self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(values.owner)))
        self.owner_combo.setAccessibleName("Whose follow-up")
        self.what_edit = QLineEdit(values.what, self)
        self.what_edit.setPlaceholderText("What I promised, or the next step")
        self.what_edit.setAccessibleName("Follow-up")
        self.what_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)
        self.due_edit = QLineEdit(due_text(values.due_on), self)
        self.due_edit.setPlaceholderText("e.g. friday, in 2 weeks, 1 Dec; empty: no date")
        self.due_edit.setToolTip(f"When it is due, e.g. {DUE_EXAMPLES}; empty for no date")
        self.due_edit.setAccessibleName("Follow-up due")
        self.due_hint = QLabel(self)
        self.due_hint.setWordWrap(True)

        what_row = QHBoxLayout()
        what_row.addWidget(self.owner_combo)
        what_row.addWidget(self.what_edit, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        what_label = QLabel("&Next step", self)
        what_label.setBuddy(self.what_edit)
        form.addRow(what_label, what_row)
        due_label = QLabel("&Due", self)
        due_label.setBuddy(self.due_edit)
        form.addRow(due_label, self.due_edit)
        form.addRow("", self.due_hint)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Ctrl+Enter")
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.add_save_shortcut(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.owner_combo, self.what_edit)
        QWidget.setTabOrder(self.what_edit, self.due_edit)
        self.what_edit.textChanged.connect(lambda _t: self._update())
        self.due_edit.textChanged.connect(lambda _t: self._update())
        self._update()
        self.resize(max(480, self.sizeHint().width()), self.sizeHint().height())
        self.what_edit.setFocus()

    def _today(self) -> date:
        return self._journal.clock().astimezone().date()

    def _typed(self) -> tuple[str, str, str]:
        return (
            self.what_edit.text().strip(),
            str(self.owner_combo.currentData()),
            self.due_edit.text().strip(),
        )

    def has_unsaved_text(self) -> bool:
        """The text, whose it is or the due date differs from what the dialog opened with."""
        return self._typed() != (self._start.what.strip(), self._start.owner, due_text(self._start.due_on))

    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.what_edit.text().strip()))
        palette = self.palette()
        try:
            due = parse_due(self.due_edit.text(), self._today())
        except ValidationError as error:
            self.due_hint.setText(str(error))
            theme.set_text_colour(self.due_hint, theme.overdue_colour(palette))
            return
        self.due_hint.setText(f"Due: {describe_due(due, self._today())}")
        theme.set_text_colour(self.due_hint, theme.secondary_text(palette))

    def _fail(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _save(self) -> None:
        what = self.what_edit.text().strip()
        if not what:
            return
        try:
            due = parse_due(self.due_edit.text(), self._today())
        except ValidationError as error:
            self._fail(str(error))
            self.due_edit.setFocus()
            return
        values = FollowUpValues(what, str(self.owner_combo.currentData()), due)
        if self._save_values is not None:
            try:
                self._save_values(values)
            except NetJournalError as error:
                self._fail(str(error))
                return
        self.values = values
        self.accept()


def edit_follow_up(journal: Journal, record: FollowUpRecord, parent: QWidget) -> FollowUpDialog:
    """Open (window-modal, not blocking) the dialog that corrects ``record``; saving writes it."""

    def save(values: FollowUpValues) -> None:
        journal.follow_ups.update(
            record.uuid,
            what=values.what,
            owner=values.owner,
            due_on=values.due_on,
            clear_due=values.due_on is None,
        )

    dialog = FollowUpDialog(journal, FollowUpValues.of(record), parent, save=save)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def delete_follow_up(journal: Journal, record: FollowUpRecord, parent: QWidget) -> bool:
    """Ask, then delete ``record``; True when it was deleted."""
    if not messages.confirm(
        parent, "Delete follow-up", f"Delete the follow-up “{record.what}” for good?", "Delete"
    ):
        return False
    with messages.reporting_errors(parent, "delete the follow-up"):
        journal.follow_ups.delete(record.uuid)
        return True
    return False
