"""Choosing a contact by typing part of their name (participants, introducer, merge)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from netjournal.ui.contact_list import UUID_ROLE, ContactItemDelegate, PeopleListModel

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

Index = QModelIndex | QPersistentModelIndex


class ContactChoicesModel(PeopleListModel):
    """A short list of contacts: those matching what was typed, or the most recent ones.

    Signals: none beyond QAbstractListModel's.
    """

    LIMIT = 40

    def __init__(self, journal: Journal, exclude: set[str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._exclude = set(exclude or ())

    def set_text(self, text: str) -> None:
        contacts = self._journal.contacts
        if text.strip():
            rows = contacts.names_matching(text, limit=self.LIMIT + len(self._exclude))
        else:
            rows = contacts.list(sort="last_contact", offset=0, limit=self.LIMIT + len(self._exclude))
        self.set_people([r for r in rows if r.uuid not in self._exclude][: self.LIMIT])


class _FilterEdit(QLineEdit):
    """Up/Down move the list's selection while typing. Signals: moved(int)."""

    moved = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.moved.emit(1 if event.key() == Qt.Key.Key_Down else -1)
            return
        super().keyPressEvent(event)


class ContactPicker(QWidget):
    """A filter field over a list of contacts.

    Signals:
        chosen(str): the user activated a contact (Enter, double-click).
        currentChanged(str): the highlighted contact changed (its UUID, "" for none).
    """

    chosen = Signal(str)
    currentChanged = Signal(str)

    def __init__(
        self, journal: Journal, exclude: set[str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = ContactChoicesModel(journal, exclude, self)
        self.filter = _FilterEdit(self)
        self.filter.setPlaceholderText("Type part of a name or organisation")
        self.filter.setAccessibleName("Find a contact")
        self.filter.setClearButtonEnabled(True)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(ContactItemDelegate(lambda: journal.clock().astimezone().date(), self.view))
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAccessibleName("Matching contacts")
        self.view.activated.connect(self._activated)
        label = QLabel("&Find", self)
        label.setBuddy(self.filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        self.filter.textChanged.connect(self._refilter)
        self.filter.returnPressed.connect(self._choose_current)
        self.filter.moved.connect(self._move)
        self.view.selectionModel().currentChanged.connect(
            lambda current, _prev: self.currentChanged.emit(current.data(UUID_ROLE) or "")
        )
        self._refilter("")

    def current_uuid(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(UUID_ROLE) if index.isValid() else None

    def _refilter(self, text: str) -> None:
        self.model.set_text(text)
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        else:
            self.currentChanged.emit("")

    def _move(self, delta: int) -> None:
        rows = self.model.rowCount()
        if rows:
            row = min(max(0, self.view.currentIndex().row() + delta), rows - 1)
            self.view.setCurrentIndex(self.model.index(row, 0))

    def _activated(self, index: QModelIndex) -> None:
        uuid = index.data(UUID_ROLE)
        if uuid:
            self.chosen.emit(uuid)

    def _choose_current(self) -> None:
        uuid = self.current_uuid()
        if uuid:
            self.chosen.emit(uuid)


class ContactPickerDialog(QDialog):
    """Pick one contact. ``chosen_uuid`` holds the choice once accepted.

    Signals: none beyond QDialog's (accepted / rejected / finished).
    """

    def __init__(
        self,
        journal: Journal,
        title: str,
        prompt: str,
        parent: QWidget | None = None,
        *,
        exclude: set[str] | None = None,
        action: str = "Choose",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("contactPickerDialog")
        self.chosen_uuid: str | None = None
        self.picker = ContactPicker(journal, exclude, self)
        intro = QLabel(prompt, self)
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._accept_current)
        self.buttons.rejected.connect(self.reject)
        self.picker.chosen.connect(self._accept)
        self.picker.currentChanged.connect(lambda uuid: self.ok_button.setEnabled(bool(uuid)))
        self.ok_button.setEnabled(self.picker.current_uuid() is not None)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.buttons)
        self.resize(440, 480)
        self.picker.filter.setFocus()

    def _accept_current(self) -> None:
        uuid = self.picker.current_uuid()
        if uuid:
            self._accept(uuid)

    def _accept(self, uuid: str) -> None:
        self.chosen_uuid = uuid
        self.accept()
