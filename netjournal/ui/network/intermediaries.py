"""Intermediaries: each interim provider or recruiter, its people, when we last spoke, what they
have from me — and the reminder to refresh my availability before the current assignment ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from netjournal.services.changes import (
    CONTACTS,
    CONVERSATIONS,
    OPPORTUNITIES,
    ORGANISATIONS,
    SENT_ITEMS,
)
from netjournal.services.intermediaries import (
    AvailabilityRefresh,
    IntermediaryGroup,
    IntermediaryPerson,
    SentItemRecord,
)
from netjournal.services.records import PersonRef
from netjournal.ui import theme
from netjournal.ui.dialogs.sent_item_dialog import SentItemDialog
from netjournal.ui.formatting import ago, kind_label, short_date
from netjournal.ui.network.give_take import GiveTakeEntry, GiveTakeList, action_button
from netjournal.ui.network.loading import BackgroundLoader

if TYPE_CHECKING:
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal

Index = QModelIndex | QPersistentModelIndex
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
_NO_GROUP = 0xFFFFFFFF  # internalId of top-level rows


class IntermediaryTreeModel(QAbstractItemModel):
    """Organisations (top level) and their people (children), with what each has from me.

    Signals: none beyond QAbstractItemModel's.
    """

    COLUMNS = ("Name", "Role", "Last spoke", "CV", "Availability", "Day rate")

    def __init__(self, today: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = today
        self._groups: list[IntermediaryGroup] = []

    def set_groups(self, groups: list[IntermediaryGroup]) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self.endResetModel()

    def groups(self) -> list[IntermediaryGroup]:
        return list(self._groups)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _NO_GROUP)
        return self.createIndex(row, column, parent.row())

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        group = index.internalId()
        if group == _NO_GROUP:
            return QModelIndex()
        return self.createIndex(group, 0, _NO_GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _NO_GROUP and parent.column() == 0:
            return len(self._groups[parent.row()].people)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        return self.COLUMNS[section] if horizontal and 0 <= section < len(self.COLUMNS) else None

    def person_at(self, index: Index) -> IntermediaryPerson | None:
        if not index.isValid() or index.internalId() == _NO_GROUP:
            return None
        group = self._groups[index.internalId()]
        return group.people[index.row()] if 0 <= index.row() < len(group.people) else None

    def _group_text(self, group: IntermediaryGroup, column: int) -> str:
        if column == 0:
            return group.organisation or "Intermediaries without an organisation"
        if column == 1:
            return kind_label(group.kind) if group.kind else ""
        if column == 2:
            people = len(group.people)
            work = f", {group.won} of {group.opportunities} won" if group.opportunities else ""
            return f"{people} {'person' if people == 1 else 'people'}{work}"
        return ""

    def _person_text(self, person: IntermediaryPerson, column: int) -> str:
        today: date = self._today()
        days = (person.last_cv_on, person.last_availability_on, person.last_day_rate_on)
        if column == 0:
            return person.contact.name
        if column == 1:
            return person.role
        if column == 2:
            return ago(person.last_contact_at, today) if person.last_contact_at else "never"
        day = days[column - 3]
        return short_date(day, today) if day else "—"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == _NO_GROUP:
            if not 0 <= index.row() < len(self._groups):
                return None
            group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return self._group_text(group, column)
            if role == Qt.ItemDataRole.FontRole and column == 0:
                font = QFont()
                font.setBold(True)
                return font
            return None
        person = self.person_at(index)
        if person is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._person_text(person, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if person.recent_sent:
                today = self._today()
                lines = [GiveTakeEntry.of_sent(s).line(today) for s in person.recent_sent]
                return "Sent lately:\n" + "\n".join(lines)
            return "Nothing sent yet"
        if role == PERSON_ROLE:
            return person
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != _NO_GROUP:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags


@dataclass(frozen=True, slots=True)
class IntermediaryData:
    groups: list[IntermediaryGroup]
    refresh: AvailabilityRefresh | None


class IntermediariesView(QWidget):
    """The intermediaries tree, the availability reminder above it, and what was sent below
    (a record of something sent can be edited there — Enter, double-click, context menu, button —
    or deleted: Delete key, context menu, button).

    Signals:
        loaded(): the view was (re)loaded.
        openContactRequested(str): open a person's card.
    """

    loaded = Signal()
    openContactRequested = Signal(str)

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.dialog: SentItemDialog | None = None
        self.refresh_plan: AvailabilityRefresh | None = None
        self.model = IntermediaryTreeModel(lambda: journal.clock().astimezone().date(), self)

        self.banner = QFrame(self)
        self.banner.setObjectName("availabilityBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setAutoFillBackground(True)
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.setContentsMargins(14, 10, 14, 10)
        self.banner_title = QLabel(self.banner)
        self.banner_title.setWordWrap(True)
        self.banner_title.setFont(theme.scaled_font(self.font(), 1.08, bold=True))
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        banner_layout.addWidget(self.banner_title)
        banner_layout.addWidget(self.banner_text)

        self.tree = QTreeView(self)
        self.tree.setObjectName("intermediaryTree")
        self.tree.setAccessibleName("Intermediaries and their people")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((230, 170, 150, 90, 100, 90)):
            self.tree.setColumnWidth(column, width)
        self.tree.activated.connect(self._activated)
        self.tree.selectionModel().currentChanged.connect(lambda _c, _p: self._show_person())

        self.detail = QWidget(self)
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(12, 8, 12, 8)
        self.detail_title = QLabel(self.detail)
        self.detail_title.setFont(theme.scaled_font(self.font(), 1.05, bold=True))
        self.sent_label = QLabel(self.detail)
        self.sent_label.setWordWrap(True)
        self.sent_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.sent_list = GiveTakeList(journal, self.detail)
        self.sent_list.setObjectName("sentItems")
        self.sent_list.setAccessibleName("Sent lately, newest first")
        self.sent_list.editSentRequested.connect(self.edit_sent)
        self.edit_button = action_button(self.sent_list.edit_action, self.detail)
        self.delete_button = action_button(self.sent_list.delete_action, self.detail)
        buttons = QHBoxLayout()
        self.record_button = QPushButton("&Record sent…", self.detail)
        self.record_button.setToolTip("Note that you sent this person your CV, availability or day rate")
        self.availability_button = QPushButton("Sent &availability…", self.detail)
        self.open_button = QPushButton("&Open contact", self.detail)
        self.record_button.clicked.connect(lambda _c=False: self.record_sent("cv"))
        self.availability_button.clicked.connect(lambda: self.record_sent("availability"))
        self.open_button.clicked.connect(self._open_selected)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.availability_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.sent_label, 1)
        detail_layout.addWidget(self.sent_list, 1)
        detail_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        QWidget.setTabOrder(self.tree, self.sent_list)
        QWidget.setTabOrder(self.sent_list, self.record_button)
        QWidget.setTabOrder(self.record_button, self.availability_button)
        QWidget.setTabOrder(self.availability_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.delete_button)
        QWidget.setTabOrder(self.delete_button, self.open_button)

        self.loader = BackgroundLoader(
            journal,
            lambda: IntermediaryData(
                journal.intermediaries.overview(), journal.intermediaries.availability_refresh()
            ),
            self._show_data,
            self,
            doing="load the intermediaries",
        )
        self.loader.loaded.connect(self.loaded)
        self.loader.follow(changes, SENT_ITEMS, CONTACTS, ORGANISATIONS, OPPORTUNITIES, CONVERSATIONS)
        self._show_person()

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.loader.request()

    def _show_data(self, data: IntermediaryData) -> None:
        keep = self.selected_person()
        self.model.set_groups(data.groups)
        self.tree.expandAll()
        if keep is not None:
            self.select(keep.contact.uuid)
        self._show_banner(data.refresh)
        self._show_person()

    def _show_banner(self, plan: AvailabilityRefresh | None) -> None:
        self.refresh_plan = plan
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        if plan is None:
            self.banner_title.setText("No current assignment with an end date")
            self.banner_text.setText(
                "Mark an opportunity as won with its end date: NetJournal then reminds you to tell "
                "every intermediary when you are available again, weeks before it ends."
            )
            colour = theme.accent(palette)
        else:
            self.banner_title.setText(plan.summary())
            if plan.people:
                names = ", ".join(
                    f"{p.contact.name} ({p.organisation})" if p.organisation else p.contact.name
                    for p in plan.people[:8]
                )
                more = f" and {len(plan.people) - 8} more" if len(plan.people) > 8 else ""
                when = "Now is the time" if plan.is_due else f"From {short_date(plan.due_from, plan.today)}"
                self.banner_text.setText(f"{when}: {names}{more}.")
            else:
                self.banner_text.setText("Nothing to do until the next assignment.")
            colour = (
                theme.due_soon_colour(palette) if plan.is_due and plan.people else theme.ok_colour(palette)
            )
        # Only the background is the banner's own; its text colours follow the theme.
        tinted = QPalette()
        tinted.setColor(QPalette.ColorRole.Window, theme.blend(base, colour, 0.14))
        self.banner.setPalette(tinted)

    def changeEvent(self, event: QEvent) -> None:
        theme_changed = event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if theme_changed and self.banner_title.text():  # (once the data has been shown)
            self._show_banner(self.refresh_plan)  # its tint is worked out from the theme
        super().changeEvent(event)

    # -- selection ----------------------------------------------------------------------------
    def selected_person(self) -> IntermediaryPerson | None:
        return self.model.person_at(self.tree.currentIndex())

    def select(self, contact_uuid: str) -> bool:
        for g, group in enumerate(self.model.groups()):
            for p, person in enumerate(group.people):
                if person.contact.uuid == contact_uuid:
                    index = self.model.index(p, 0, self.model.index(g, 0))
                    self.tree.setCurrentIndex(index)
                    self.tree.scrollTo(index)
                    return True
        return False

    def _show_person(self) -> None:
        person = self.selected_person()
        for button in (self.record_button, self.availability_button, self.open_button):
            button.setEnabled(person is not None)
        sent = list(person.recent_sent) if person is not None else []
        self.sent_list.set_entries([GiveTakeEntry.of_sent(s) for s in sent])
        for widget in (self.sent_list, self.edit_button, self.delete_button):
            widget.setVisible(bool(sent))
        self.sent_label.setVisible(not sent)
        if person is None:
            self.detail_title.setText("Choose a person")
            self.sent_label.setText("Pick someone at an intermediary to see what you have sent them.")
            return
        self.detail_title.setText(f"Sent to {person.contact.name}")
        self.sent_label.setText("Nothing recorded yet. Intermediaries place the people they remember.")

    # -- actions ------------------------------------------------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        person = self.model.person_at(index)
        if person is not None:
            self.openContactRequested.emit(person.contact.uuid)

    def _open_selected(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.openContactRequested.emit(person.contact.uuid)

    def record_sent(self, what: str = "cv") -> None:
        person = self.selected_person()
        ref: PersonRef | None = person.contact if person is not None else None
        plan = self.refresh_plan
        available_from = plan.available_from if plan is not None else None
        self._open(SentItemDialog(self._journal, self, person=ref, what=what, available_from=available_from))

    def edit_sent(self, record: SentItemRecord) -> None:
        """Open the sent-item dialog on ``record`` to correct it; the tab reloads once saved."""
        self._open(SentItemDialog(self._journal, self, record=record))

    def _open(self, dialog: SentItemDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def shutdown(self) -> None:
        self.loader.shutdown()
