"""The organisations view: companies and intermediaries, each with its people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NotFoundError
from netjournal.services.changes import CONTACTS, ORGANISATIONS, Change
from netjournal.services.records import OrganisationRecord
from netjournal.ui import theme
from netjournal.ui.contact_list import UUID_ROLE, ContactItemDelegate, PeopleListModel
from netjournal.ui.formatting import kind_label
from netjournal.ui.icons import line_icon
from netjournal.ui.painting import draw_item_panel
from netjournal.ui.widgets import EmptyState

if TYPE_CHECKING:
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal

Index = QModelIndex | QPersistentModelIndex
ORG_ROLE = Qt.ItemDataRole.UserRole + 3


class OrganisationListModel(QAbstractListModel):
    """Every organisation, by name, with how many people the journal knows there.

    Signals: none beyond QAbstractListModel's.
    """

    def __init__(self, journal: Journal, parent: Any = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._rows: list[OrganisationRecord] = []
        self.include_archived = False

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._journal.organisations.list(include_archived=self.include_archived)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        org = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return org.name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            people = f"{org.people} {'person' if org.people == 1 else 'people'}"
            return f"{org.name}, {kind_label(org.kind)}, {people}"
        if role == UUID_ROLE:
            return org.uuid
        if role == ORG_ROLE:
            return org
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def row_of(self, uuid: str) -> int | None:
        for row, org in enumerate(self._rows):
            if org.uuid == uuid:
                return row
        return None


class _OrganisationDelegate(QStyledItemDelegate):
    """Name on the first line; kind, head count and archived state on the second. Signals: none."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, QFontMetrics(option.font).height() * 2 + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        org: OrganisationRecord | None = index.data(ORG_ROLE)
        if org is None:
            return
        look = draw_item_panel(self, painter, option, index)
        palette, rect, font = look.palette, look.rect, look.font
        text, muted = look.text, look.muted
        metrics = QFontMetrics(font)
        icon_rect = QRect(rect.left() + 10, rect.top() + (rect.height() - 24) // 2, 24, 24)
        line_icon("organisation", palette, muted).paint(painter, icon_rect)
        left, right = icon_rect.right() + 10, rect.right() - 8
        bold = QFont(font)
        bold.setBold(True)
        painter.save()
        painter.setFont(bold)
        painter.setPen(text)
        top = QRect(left, rect.top() + 7, right - left, metrics.height())
        painter.drawText(
            top,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(org.name, Qt.TextElideMode.ElideRight, top.width()),
        )
        people = f"{org.people} {'person' if org.people == 1 else 'people'}"
        second = f"{kind_label(org.kind)} · {people}" + (" · archived" if org.archived else "")
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(
            QRect(left, top.bottom() + 3, right - left, metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(second, Qt.TextElideMode.ElideRight, right - left),
        )
        painter.restore()


class OrganisationsPage(QWidget):
    """Organisations on the left; the chosen one's details and people on the right.

    Signals:
        openContactRequested(str): the user opened one of the organisation's people.
    """

    openContactRequested = Signal(str)

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.model = OrganisationListModel(journal, self)
        self.people_model = PeopleListModel(self)

        self.list_view = QListView(self)
        self.list_view.setObjectName("organisationList")
        self.list_view.setAccessibleName("Organisations")
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(_OrganisationDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.selectionModel().currentChanged.connect(
            lambda cur, _p: self._show(cur.data(UUID_ROLE))
        )
        self.archived_check = QCheckBox("Show archived", self)
        self.archived_check.toggled.connect(self._toggle_archived)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addWidget(self.list_view, 1)
        archived_row = QHBoxLayout()
        archived_row.setContentsMargins(8, 6, 8, 6)
        archived_row.addWidget(self.archived_check)
        left_layout.addLayout(archived_row)

        self.detail = QWidget(self)
        self.detail.setBackgroundRole(QPalette.ColorRole.Base)
        self.detail.setAutoFillBackground(True)
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(24, 18, 24, 12)
        detail_layout.setSpacing(6)
        self.name_label = QLabel(self.detail)
        self.name_label.setFont(theme.scaled_font(self.font(), 1.6, bold=True))
        self.name_label.setWordWrap(True)
        self.kind_label = QLabel(self.detail)
        self.kind_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.website_label = QLabel(self.detail)
        self.website_label.setTextFormat(Qt.TextFormat.PlainText)
        self.website_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes_label = QLabel(self.detail)
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextFormat(Qt.TextFormat.PlainText)
        people_heading = QLabel("People", self.detail)
        people_heading.setFont(theme.scaled_font(self.font(), 1.1, bold=True))
        self.people_view = QListView(self.detail)
        self.people_view.setObjectName("organisationPeople")
        self.people_view.setAccessibleName("People at this organisation")
        self.people_view.setModel(self.people_model)
        self.people_view.setItemDelegate(
            ContactItemDelegate(lambda: journal.clock().astimezone().date(), self.people_view)
        )
        self.people_view.setUniformItemSizes(True)
        self.people_view.activated.connect(
            lambda index: self.openContactRequested.emit(index.data(UUID_ROLE))
        )
        people_heading.setBuddy(self.people_view)
        for widget in (self.name_label, self.kind_label, self.website_label, self.notes_label):
            detail_layout.addWidget(widget)
        detail_layout.addSpacing(8)
        detail_layout.addWidget(people_heading)
        detail_layout.addWidget(self.people_view, 1)

        self.empty_detail = EmptyState(
            "Organisations", "Choose an organisation to see the people you know there.", self
        )
        self.detail_stack = QStackedWidget(self)
        self.detail_stack.addWidget(self.empty_detail)
        self.detail_stack.addWidget(self.detail)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("organisationsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail_stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 900])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._current: str | None = None
        changes.changed.connect(self._on_change)
        self.model.reload()

    def current_uuid(self) -> str | None:
        return self._current

    def select(self, uuid: str) -> None:
        row = self.model.row_of(uuid)
        if row is None and not self.archived_check.isChecked():
            self.archived_check.setChecked(True)
            row = self.model.row_of(uuid)
        if row is not None:
            index = self.model.index(row, 0)
            self.list_view.setCurrentIndex(index)
            self.list_view.scrollTo(index)
        self._show(uuid)

    def _toggle_archived(self, checked: bool) -> None:
        self.model.include_archived = checked
        self._reload()

    def _reload(self) -> None:
        keep = self._current
        self.model.reload()
        if keep is not None:
            row = self.model.row_of(keep)
            if row is not None:
                self.list_view.selectionModel().blockSignals(True)
                self.list_view.setCurrentIndex(self.model.index(row, 0))
                self.list_view.selectionModel().blockSignals(False)
            self._show(keep)

    def _show(self, uuid: str | None) -> None:
        self._current = uuid
        if uuid is None:
            self.detail_stack.setCurrentWidget(self.empty_detail)
            return
        try:
            org = self._journal.organisations.get(uuid)
            people = self._journal.organisations.people(uuid)
        except NotFoundError:
            self._current = None
            self.detail_stack.setCurrentWidget(self.empty_detail)
            return
        self.name_label.setText(org.name)
        count = f"{len(people)} {'person' if len(people) == 1 else 'people'}"
        self.kind_label.setText(f"{kind_label(org.kind)} · {count}" + (" · archived" if org.archived else ""))
        self.website_label.setText(org.website)
        self.website_label.setVisible(bool(org.website))
        self.notes_label.setText(org.notes)
        self.notes_label.setVisible(bool(org.notes))
        self.people_model.set_people(people)
        self.detail_stack.setCurrentWidget(self.detail)

    def _on_change(self, change: Change) -> None:
        if change.touches(ORGANISATIONS, CONTACTS) and self.isVisible():
            self._reload()
        elif change.touches(ORGANISATIONS, CONTACTS):
            self._stale = True

    def showEvent(self, event: Any) -> None:
        if getattr(self, "_stale", False):
            self._stale = False
            self._reload()
        super().showEvent(event)
