"""Editing an organisation: its name, its kind (company, intermediary…), website and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError
from netjournal.services.vocabulary import ORGANISATION_KINDS
from netjournal.services.work_sources import INTERMEDIARY_ORG_KINDS
from netjournal.ui import theme
from netjournal.ui.formatting import kind_label
from netjournal.ui.messages import show_error
from netjournal.ui.widgets import GuardedDialog

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

INTERMEDIARY_HINT = "Its people appear under Network › Intermediaries, with what you sent them."
OTHER_HINT = (
    "An interim provider or a recruiter? Choose Intermediary or Recruiter to see its people "
    "under Intermediaries."
)


def kind_hint(kind: str) -> str:
    """What choosing ``kind`` means for the Intermediaries view, in one line."""
    return INTERMEDIARY_HINT if kind in INTERMEDIARY_ORG_KINDS else OTHER_HINT


class OrganisationDialog(GuardedDialog):
    """Edit one organisation; ``saved`` is True once the changes are stored.

    Ctrl+Enter saves; Esc, Cancel or the window's close button ask before changes are lost.
    A name another organisation already has is refused (shown as an error, nothing written).
    Raises :class:`~netjournal.errors.NotFoundError` when the organisation no longer exists.

    Signals: none beyond QDialog's.
    """

    discard_title = "Discard your changes?"
    discard_text = "Close without saving your changes to this organisation?"

    def __init__(self, journal: Journal, uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._uuid = uuid
        self.saved = False
        record = journal.organisations.get(uuid)
        self.setWindowTitle("Edit organisation")
        self.setObjectName("organisationDialog")

        self.name_edit = QLineEdit(record.name, self)
        self.name_edit.setPlaceholderText("Company, interim provider, recruiter…")
        self.kind_combo = QComboBox(self)
        for kind in ORGANISATION_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(record.kind)))
        self.kind_hint = QLabel(self)
        self.kind_hint.setWordWrap(True)
        self.kind_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.kind_hint.setFont(theme.scaled_font(self.font(), 0.92))
        self.website_edit = QLineEdit(record.website, self)
        self.website_edit.setPlaceholderText("example.com")
        self.notes_edit = QPlainTextEdit(record.notes, self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText("What they do, how they work with interim managers…")
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field, accessible in (
            ("&Name", self.name_edit, "Organisation name"),
            ("&Kind", self.kind_combo, "Kind of organisation"),
            ("", self.kind_hint, ""),
            ("&Website", self.website_edit, "Website"),
            ("N&otes", self.notes_edit, "Notes"),
        ):
            if not text:
                form.addRow("", field)
                continue
            label = QLabel(text, self)
            label.setBuddy(field)
            field.setAccessibleName(accessible)
            form.addRow(label, field)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Ctrl+Enter")
        self.add_save_shortcut(self.save_button)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(lambda text: self.save_button.setEnabled(bool(text.strip())))
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._show_kind_hint())
        self._show_kind_hint()
        self._stored = self._values()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _show_kind_hint(self) -> None:
        self.kind_hint.setText(kind_hint(str(self.kind_combo.currentData())))

    def _values(self) -> dict[str, Any]:
        return {
            "name": self.name_edit.text().strip(),
            "kind": str(self.kind_combo.currentData()),
            "website": self.website_edit.text().strip(),
            "notes": self.notes_edit.toPlainText().strip(),
        }

    def _changed(self) -> dict[str, Any]:
        return {key: value for key, value in self._values().items() if value != self._stored[key]}

    def has_unsaved_text(self) -> bool:
        """Any field differs from what is stored."""
        return bool(self._changed())

    def save(self) -> None:
        """Store what changed and close; on an error (a name already taken) stay open."""
        changed = self._changed()
        if changed:
            try:
                self._journal.organisations.update(self._uuid, **changed)
            except NetJournalError as error:
                show_error(self, error, doing="save the organisation")
                if "name" in changed:
                    self.name_edit.setFocus()
                    self.name_edit.selectAll()
                return
            self.saved = True
        self.accept()
