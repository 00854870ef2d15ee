"""Create or edit an opportunity: the work, its client, the chain of people behind it, status and dates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError
from netjournal.services.records import OpportunityRecord, PersonRef
from netjournal.ui.dialogs.contact_picker import ContactPickerDialog
from netjournal.ui.messages import show_error
from netjournal.ui.network.fields import OptionalDateEdit
from netjournal.ui.widgets import GuardedDialog

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

Index = QModelIndex | QPersistentModelIndex

OPPORTUNITY_KIND_LABELS = (("assignment", "Assignment"), ("project", "Project"), ("role", "Role"))
STATUS_LABELS = (
    ("lead", "Lead"),
    ("proposed", "Proposed"),
    ("interview", "Interview"),
    ("won", "Won"),
    ("lost", "Lost"),
)
SOURCE_LABELS = (
    ("intermediary", "Through an intermediary"),
    ("network", "My own network"),
    ("referral", "A referral"),
    ("direct", "A direct approach"),
)
CHAIN_ROLES = ("introducer", "referrer", "intermediary", "client")


class ChainModel(QAbstractListModel):
    """The people behind an opportunity, in order (introducer → intermediary → client).

    Signals: none beyond QAbstractListModel's.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, PersonRef]] = []

    @property
    def links(self) -> list[tuple[str, PersonRef]]:
        return list(self._rows)

    def set_links(self, links: list[tuple[str, PersonRef]]) -> None:
        self.beginResetModel()
        self._rows = list(links)
        self.endResetModel()

    def append(self, role: str, person: PersonRef) -> None:
        if any(p.uuid == person.uuid and r == role for r, p in self._rows):
            return
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append((role, person))
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def move(self, row: int, delta: int) -> int:
        """Move a link up (-1) or down (+1); returns its new row."""
        target = row + delta
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._rows[row], self._rows[target] = self._rows[target], self._rows[row]
        self.endMoveRows()
        return target

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        link_role, person = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{person.name} ({link_role})"
        if role == Qt.ItemDataRole.UserRole:
            return person.uuid
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def _combo(parent: QWidget, items: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox(parent)
    for value, text in items:
        combo.addItem(text, value)
    return combo


class OpportunityDialog(GuardedDialog):
    """New opportunity, or edit ``record``. ``saved_uuid`` holds it once accepted.

    Signals: none beyond QDialog's.
    """

    def __init__(
        self, journal: Journal, parent: QWidget | None = None, *, record: OpportunityRecord | None = None
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._record = record
        self.saved_uuid: str | None = None
        self.picker: ContactPickerDialog | None = None
        self.setWindowTitle("Edit opportunity" if record else "New opportunity")
        self.setObjectName("opportunityDialog")

        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("Interim CFO, ERP recovery programme…")
        self.kind_combo = _combo(self, OPPORTUNITY_KIND_LABELS)
        self.status_combo = _combo(self, STATUS_LABELS)
        self.source_combo = _combo(self, SOURCE_LABELS)
        org_names = [org.name for org in journal.organisations.list()]
        self.client_edit = QLineEdit(self)
        self.client_edit.setPlaceholderText("The organisation the work is for")
        self.intermediary_edit = QLineEdit(self)
        self.intermediary_edit.setPlaceholderText("Interim provider or recruiter, if any")
        for edit in (self.client_edit, self.intermediary_edit):
            completer = QCompleter(org_names, edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)

        self.chain_model = ChainModel(self)
        self.chain_view = QListView(self)
        self.chain_view.setModel(self.chain_model)
        self.chain_view.setAccessibleName("People behind this opportunity")
        self.chain_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.chain_view.setMaximumHeight(110)
        self.role_combo = QComboBox(self)
        for role in CHAIN_ROLES:
            self.role_combo.addItem(role.capitalize(), role)
        self.role_combo.setAccessibleName("Role of the next person")
        self.add_person_button = QPushButton("Add person…", self)
        self.remove_person_button = QPushButton("Remove", self)
        self.up_button = QPushButton("Up", self)
        self.down_button = QPushButton("Down", self)
        self.add_person_button.clicked.connect(self.add_person)
        self.remove_person_button.clicked.connect(self._remove_person)
        self.up_button.clicked.connect(lambda: self._move_person(-1))
        self.down_button.clicked.connect(lambda: self._move_person(1))
        self.chain_view.selectionModel().currentChanged.connect(lambda _c, _p: self._update_chain_buttons())
        self.chain_model.rowsInserted.connect(lambda *_a: self._update_chain_buttons())
        self.chain_model.rowsRemoved.connect(lambda *_a: self._update_chain_buttons())
        chain_box = QWidget(self)
        chain_layout = QVBoxLayout(chain_box)
        chain_layout.setContentsMargins(0, 0, 0, 0)
        chain_layout.addWidget(self.chain_view)
        chain_buttons = QHBoxLayout()
        chain_buttons.addWidget(self.role_combo)
        chain_buttons.addWidget(self.add_person_button)
        chain_buttons.addStretch(1)
        chain_buttons.addWidget(self.up_button)
        chain_buttons.addWidget(self.down_button)
        chain_buttons.addWidget(self.remove_person_button)
        chain_layout.addLayout(chain_buttons)

        self.event_edit = QLineEdit(self)
        self.event_edit.setPlaceholderText("Where the relationship behind it began (event, place)")
        self.started_edit = OptionalDateEdit(self)
        self.ended_edit = OptionalDateEdit(self)
        self.day_rate_edit = QLineEdit(self)
        self.day_rate_edit.setPlaceholderText("€1,250")
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(70)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.chain_label = QLabel("&People behind it", self)
        self.chain_label.setBuddy(self.chain_view)
        for text, field in (
            ("T&itle", self.title_edit),
            ("&Kind", self.kind_combo),
            ("&Status", self.status_combo),
            ("Came &through", self.source_combo),
            ("&Client", self.client_edit),
            ("Inter&mediary", self.intermediary_edit),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.chain_label, chain_box)
        later: tuple[tuple[str, QWidget], ...] = (
            ("&Event or place", self.event_edit),
            ("St&arts", self.started_edit),
            ("&Ends", self.ended_edit),
            ("&Day rate", self.day_rate_edit),
            ("&Notes", self.notes_edit),
        )
        for text, later_field in later:
            label = QLabel(text, self)
            label.setBuddy(later_field)
            form.addRow(label, later_field)
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(
            "Save" if record else "Create", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.save_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

        for widget in (self.title_edit,):
            widget.textChanged.connect(lambda _t: self._update())
        for date_edit in (self.started_edit, self.ended_edit):
            date_edit.dateChanged.connect(lambda _d: self._update())
        if record is not None:
            self._fill(record)
        else:
            self.source_combo.setCurrentIndex(self.source_combo.findData("network"))
        self._update()
        self._update_chain_buttons()
        self.resize(560, self.sizeHint().height())
        self.title_edit.setFocus()
        self.add_save_shortcut(self.save_button)
        self._typed_at_start = self._typed()

    def _typed(self) -> tuple[str, ...]:
        return (
            *(e.text().strip() for e in (self.title_edit, self.client_edit, self.intermediary_edit)),
            *(e.text().strip() for e in (self.event_edit, self.day_rate_edit)),
            self.notes_edit.toPlainText().strip(),
        )

    def has_unsaved_text(self) -> bool:
        """Text typed since the dialog opened (Esc, Cancel and the close button ask first)."""
        return self._typed() != self._typed_at_start

    def _fill(self, record: OpportunityRecord) -> None:
        self.title_edit.setText(record.title)
        for combo, value in (
            (self.kind_combo, record.kind),
            (self.status_combo, record.status),
            (self.source_combo, record.source),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.client_edit.setText(record.client)
        self.intermediary_edit.setText(record.intermediary)
        self.chain_model.set_links(list(record.people))
        self.event_edit.setText(record.event)
        self.started_edit.set_value(record.started_on)
        self.ended_edit.set_value(record.ended_on)
        self.day_rate_edit.setText(record.day_rate)
        self.notes_edit.setPlainText(record.notes)

    # -- the chain ------------------------------------------------------------------------------
    def add_person(self) -> None:
        role = str(self.role_combo.currentData())
        dialog = ContactPickerDialog(
            self._journal, "Add a person", f"Who is the {role} behind this opportunity?", self, action="Add"
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.picker = dialog

        def chosen() -> None:
            if dialog.chosen_uuid is not None:
                self.add_link(role, dialog.chosen_uuid)

        dialog.accepted.connect(chosen)
        dialog.finished.connect(lambda _r: setattr(self, "picker", None))
        dialog.open()

    def add_link(self, role: str, uuid: str) -> None:
        """Append a person to the chain (after the next role in the usual order)."""
        try:
            record = self._journal.contacts.get(uuid)
        except NetJournalError as error:
            show_error(self, error, doing="add the person")
            return
        self.chain_model.append(role, PersonRef(record.uuid, record.name))
        next_role = CHAIN_ROLES.index(role) + 1 if role in CHAIN_ROLES else 0
        self.role_combo.setCurrentIndex(min(next_role, len(CHAIN_ROLES) - 1))
        self.chain_view.setCurrentIndex(self.chain_model.index(self.chain_model.rowCount() - 1, 0))

    def _remove_person(self) -> None:
        self.chain_model.remove(self.chain_view.currentIndex().row())

    def _move_person(self, delta: int) -> None:
        row = self.chain_model.move(self.chain_view.currentIndex().row(), delta)
        self.chain_view.setCurrentIndex(self.chain_model.index(row, 0))

    def _update_chain_buttons(self) -> None:
        row = self.chain_view.currentIndex().row()
        count = self.chain_model.rowCount()
        self.remove_person_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)

    # -- saving --------------------------------------------------------------------------------
    def problem(self) -> str | None:
        if not self.title_edit.text().strip():
            return "Give it a title."
        start, end = self.started_edit.value(), self.ended_edit.value()
        if start is not None and end is not None and end < start:
            return "It cannot end before it starts."
        return None

    def _update(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem or "")
        self.problem_label.setVisible(problem is not None)
        self.save_button.setEnabled(problem is None)

    def save(self) -> None:
        if self.problem() is not None:
            return
        fields: dict[str, Any] = {
            "kind": str(self.kind_combo.currentData()),
            "status": str(self.status_combo.currentData()),
            "source": str(self.source_combo.currentData()),
            "client": self.client_edit.text(),
            "intermediary": self.intermediary_edit.text(),
            "people": [(role, person.uuid) for role, person in self.chain_model.links],
            "event": self.event_edit.text(),
            "started_on": self.started_edit.value(),
            "ended_on": self.ended_edit.value(),
            "day_rate": self.day_rate_edit.text(),
            "notes": self.notes_edit.toPlainText(),
        }
        opportunities = self._journal.opportunities
        try:
            if self._record is None:
                self.saved_uuid = opportunities.create(self.title_edit.text(), **fields)
            else:
                opportunities.update(self._record.uuid, self.title_edit.text(), **fields)
                self.saved_uuid = self._record.uuid
        except NetJournalError as error:
            show_error(self, error, doing="save the opportunity")
            return
        self.accept()
