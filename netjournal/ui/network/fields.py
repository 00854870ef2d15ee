"""Form fields the networking dialogs share: a person chooser and a date that may be unset."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from netjournal.errors import NotFoundError
from netjournal.services.records import PersonRef
from netjournal.ui.dialogs.contact_picker import ContactPickerDialog

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

NO_DATE = QDate(1900, 1, 1)
ME = "Me"


class OptionalDateEdit(QDateEdit):
    """A calendar date edit whose lowest value reads "Not set" (``value()`` is then None).

    Signals: those of QDateEdit.
    """

    def __init__(self, parent: QWidget | None = None, *, unset_text: str = "Not set") -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(unset_text)
        self.setDisplayFormat("d MMM yyyy")
        self.setDate(NO_DATE)

    def value(self) -> date | None:
        chosen = self.date()
        return None if chosen == NO_DATE else date(chosen.year(), chosen.month(), chosen.day())

    def set_value(self, day: date | None) -> None:
        self.setDate(QDate(day.year, day.month, day.day) if day is not None else NO_DATE)


class PersonField(QWidget):
    """Shows one chosen contact (or "Me", or nobody) with a Choose… button and a Clear button.

    ``allow_me``: an empty choice means *me* and reads "Me"; otherwise it reads ``empty_text``.
    Signals:
        changed(): the chosen person changed.
    """

    changed = Signal()

    def __init__(
        self,
        journal: Journal,
        title: str,
        prompt: str,
        parent: QWidget | None = None,
        *,
        allow_me: bool = False,
        empty_text: str = "Nobody chosen",
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._title = title
        self._prompt = prompt
        self._allow_me = allow_me
        self._empty_text = empty_text
        self._person: PersonRef | None = None
        self.picker: ContactPickerDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name_label = QLabel(self)
        self.choose_button = QPushButton("Choose…", self)
        self.choose_button.setAccessibleName(f"Choose: {title}")
        self.choose_button.clicked.connect(self.choose)
        self.clear_button = QToolButton(self)
        self.clear_button.setText(ME if allow_me else "Clear")
        self.clear_button.setAccessibleName(f"{'Set to me' if allow_me else 'Clear'}: {title}")
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(lambda: self.set_person(None))
        layout.addWidget(self.name_label, 1)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.choose_button)
        self._show()

    @property
    def person(self) -> PersonRef | None:
        return self._person

    @property
    def uuid(self) -> str | None:
        return self._person.uuid if self._person is not None else None

    def set_person(self, person: PersonRef | None) -> None:
        if person == self._person:
            return
        self._person = person
        self._show()
        self.changed.emit()

    def set_uuid(self, uuid: str | None) -> None:
        """Choose a contact by UUID (None: nobody / me); a contact that has gone is ignored."""
        if uuid is None:
            self.set_person(None)
            return
        try:
            record = self._journal.contacts.get(uuid)
        except NotFoundError:
            return
        self.set_person(PersonRef(record.uuid, record.name))

    def _show(self) -> None:
        if self._person is None:
            self.name_label.setText(ME if self._allow_me else self._empty_text)
            self.name_label.setForegroundRole(
                QPalette.ColorRole.WindowText if self._allow_me else QPalette.ColorRole.PlaceholderText
            )
        else:
            self.name_label.setText(self._person.name)
            self.name_label.setForegroundRole(QPalette.ColorRole.WindowText)
        self.clear_button.setVisible(self._person is not None)
        self.setAccessibleDescription(self.name_label.text())

    def choose(self) -> None:
        """Open the contact picker (window-modal, non-blocking); the choice lands on accept."""
        dialog = ContactPickerDialog(self._journal, self._title, self._prompt, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.picker = dialog

        def chosen() -> None:
            if dialog.chosen_uuid is not None:
                self.set_uuid(dialog.chosen_uuid)

        dialog.accepted.connect(chosen)
        dialog.finished.connect(lambda _r: setattr(self, "picker", None))
        dialog.open()
