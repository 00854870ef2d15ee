"""The contact list: a lazy model over the ContactService, its delegate, and the pane around it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QListView,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from netjournal.services.changes import CONTACTS, CONVERSATIONS, ORGANISATIONS, TAGS, Change
from netjournal.services.records import ContactSummary
from netjournal.services.vocabulary import CONTACT_KINDS
from netjournal.ui import theme
from netjournal.ui.formatting import ago, kind_label, overdue_badge
from netjournal.ui.painting import draw_avatar, draw_item_panel, draw_pill
from netjournal.ui.widgets import EmptyState

if TYPE_CHECKING:
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal

Index = QModelIndex | QPersistentModelIndex

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2

SORT_CHOICES = (("name", "Name"), ("last_contact", "Last contact"), ("overdue", "Most overdue first"))


def describe(summary: ContactSummary) -> str:
    """One line about a contact for screen readers and tooltips."""
    parts = [summary.name]
    job = " at ".join(p for p in (summary.role, summary.organisation) if p)
    if job:
        parts.append(job)
    parts.append(kind_label(summary.kind))
    badge = overdue_badge(summary.overdue_days)
    if badge:
        parts.append(badge)
    if summary.archived:
        parts.append("archived")
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class ContactQuery:
    """What the list shows: the sort order and filters (all from fixed lists, except ``tag``)."""

    sort: str = "name"
    kind: str | None = None
    tag: str | None = None
    show_archived: bool = False


class PeopleListModel(QAbstractListModel):
    """Contacts held in memory: an organisation's people, a picker's choices; the base of the
    contact list, which fetches its rows page by page.

    Shows names, with the same tooltip and roles as the contact list. Signals: none beyond
    QAbstractListModel's.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ContactSummary] = []

    def set_people(self, people: list[ContactSummary]) -> None:
        self.beginResetModel()
        self._rows = list(people)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe(row)
        if role == UUID_ROLE:
            return row.uuid
        if role == SUMMARY_ROLE:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class ContactListModel(PeopleListModel):
    """Contacts as the list shows them, fetched page by page (``fetchMore``) from the service.

    Signals:
        totalChanged(int): the number of contacts matching the query, after each reload.
    """

    PAGE = 300
    MAX_RELOAD = 1500  # rows re-read after a change; deeper scroll positions are not kept
    totalChanged = Signal(int)

    def __init__(self, journal: Journal, parent: Any = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._query = ContactQuery()
        self._total = 0
        self._loaded = False

    # -- query ------------------------------------------------------------------------------
    @property
    def query(self) -> ContactQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    def set_query(self, query: ContactQuery) -> None:
        if query != self._query or not self._loaded:
            self._query = query
            self.reload(keep_loaded=False)

    def _filters(self) -> dict[str, Any]:
        q = self._query
        return {"kind": q.kind, "tag": q.tag, "include_archived": q.show_archived}

    def reload(self, *, keep_loaded: bool = True) -> None:
        """Re-read from the journal; keeps as many rows loaded as before (scroll position)."""
        contacts = self._journal.contacts
        wanted = min(max(self.PAGE, len(self._rows)), self.MAX_RELOAD) if keep_loaded else self.PAGE
        self.beginResetModel()
        self._total = contacts.count(**self._filters())
        self._rows = contacts.list(sort=self._query.sort, offset=0, limit=wanted, **self._filters())
        self._loaded = True
        self.endResetModel()
        self.totalChanged.emit(self._total)

    # -- Qt model API -----------------------------------------------------------------------
    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        page = self._journal.contacts.list(
            sort=self._query.sort, offset=start, limit=self.PAGE, **self._filters()
        )
        if not page:
            self._total = start  # the journal shrank under us; stop asking
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # -- lookups ----------------------------------------------------------------------------
    def row_of(self, uuid: str) -> int | None:
        """The row of ``uuid`` among the rows loaded so far."""
        for row, summary in enumerate(self._rows):
            if summary.uuid == uuid:
                return row
        return None

    def summary_at(self, row: int) -> ContactSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


class ContactItemDelegate(QStyledItemDelegate):
    """Paints one contact: avatar, name, role · organisation, and the keep-in-touch badge.

    Signals: none.
    """

    def __init__(self, today: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = today  # callable returning today's date (the journal's clock)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        summary: ContactSummary | None = index.data(SUMMARY_ROLE)
        if summary is None:
            return
        look = draw_item_panel(self, painter, option, index)
        palette, rect, font, selected = look.palette, look.rect, look.font, look.selected
        text_colour, muted = look.text, look.muted
        metrics = QFontMetrics(font)
        pad = 8
        size = metrics.height() * 2 + 2
        avatar = QRect(rect.left() + pad, rect.top() + (rect.height() - size) // 2, size, size)
        painter.save()
        if summary.archived:
            painter.setOpacity(0.55)
        draw_avatar(painter, avatar, summary.name, summary.uuid, palette)
        left = avatar.right() + 10
        right = rect.right() - pad

        # Badge: overdue (red pill), due soon (amber), else when we last spoke.
        small = theme.scaled_font(font, 0.86)
        badge = overdue_badge(summary.overdue_days)
        badge_rect = QRect(left, rect.top() + 6, right - left, metrics.height())
        used = 0
        if summary.overdue_days is not None and summary.overdue_days >= 0:
            colour = theme.overdue_colour(palette)
            if selected:
                colour = text_colour
            used = draw_pill(painter, badge_rect, badge, colour, filled=True, font=small)
        elif summary.overdue_days is not None and summary.overdue_days > -8:
            colour = text_colour if selected else theme.due_soon_colour(palette)
            used = draw_pill(painter, badge_rect, badge, colour, filled=False, font=small)
        elif summary.last_contact_at is not None:
            used = draw_pill(
                painter,
                badge_rect,
                ago(summary.last_contact_at, self._today()),
                muted,
                filled=False,
                font=small,
            )

        name_font = QFont(font)
        name_font.setBold(True)
        name_font.setItalic(summary.archived)
        painter.setFont(name_font)
        painter.setPen(text_colour)
        name_rect = QRect(left, rect.top() + 6, max(0, right - left - used - 6), metrics.height())
        name = QFontMetrics(name_font).elidedText(
            summary.name, Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

        painter.setFont(font)
        painter.setPen(muted)
        second = " · ".join(p for p in (summary.role, summary.organisation) if p) or kind_label(summary.kind)
        if summary.archived:
            second = f"Archived · {second}"
        line_rect = QRect(left, name_rect.bottom() + 3, right - left, metrics.height())
        painter.drawText(
            line_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(second, Qt.TextElideMode.ElideRight, line_rect.width()),
        )
        painter.restore()


class ContactListView(QListView):
    """The list widget itself: uniform rows, lazy loading, keyboard navigation.

    Signals: none beyond QListView's.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Contacts")
        self.setObjectName("contactList")


def no_match_text(query: ContactQuery) -> str:
    """Why a filtered list is empty, naming only the filters that are set."""
    if query.kind is not None and query.tag is not None:
        return "No contact has this kind and tag."
    return "No contact has this tag." if query.tag is not None else "No contact has this kind."


class ContactListPane(QWidget):
    """Filters (sort, kind, tag, archived) above the contact list, with empty states.

    The contact on the card stays there when a filter leaves them out of the list: the list
    then has no selection (rather than a row that is not the one shown), and selects them
    again once a filter lets them back in.

    Signals:
        currentContactChanged(str): the user moved the selection to a contact (its UUID).
        queryChanged(): the sort order or a filter changed (the window stores the choice).
    """

    currentContactChanged = Signal(str)
    queryChanged = Signal()

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.model = ContactListModel(journal, self)
        self._restoring = False
        self._shown_uuid: str | None = None  # the contact the window shows (from this list or not)

        self.sort_combo = QComboBox(self)
        for key, label in SORT_CHOICES:
            self.sort_combo.addItem(label, key)
        self.sort_combo.setAccessibleName("Sort contacts by")
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem("All kinds", None)
        for kind in CONTACT_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.kind_combo.setAccessibleName("Show only this kind of contact")
        self.tag_combo = QComboBox(self)
        self.tag_combo.setAccessibleName("Show only contacts with this tag")
        self.tag_combo.setMinimumContentsLength(8)
        self.tag_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.archived_check = QCheckBox("Show archived", self)
        self.archived_check.setAccessibleName("Show archived contacts")
        self.count_label = QLabel(self)
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        sort_label = QLabel("&Sort", self)
        sort_label.setBuddy(self.sort_combo)
        show_label = QLabel("S&how", self)
        show_label.setBuddy(self.kind_combo)
        filters = QGridLayout()
        filters.setContentsMargins(8, 8, 8, 4)
        filters.setHorizontalSpacing(6)
        filters.setVerticalSpacing(6)
        filters.addWidget(show_label, 0, 0)
        filters.addWidget(self.kind_combo, 0, 1)
        filters.addWidget(self.tag_combo, 0, 2)
        filters.addWidget(sort_label, 1, 0)
        filters.addWidget(self.sort_combo, 1, 1)
        filters.addWidget(self.archived_check, 1, 2)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(2, 1)

        self.view = ContactListView(self)
        self.view.setItemDelegate(ContactItemDelegate(self._today, self.view))
        self.view.setModel(self.model)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

        self.empty = EmptyState("No contacts yet", "Everyone you meet for work starts here.", self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        count_row = QVBoxLayout()
        count_row.setContentsMargins(8, 4, 10, 6)
        count_row.addWidget(self.count_label)
        layout.addLayout(count_row)

        self.setTabOrder(self.view, self.kind_combo)
        self.setTabOrder(self.kind_combo, self.tag_combo)
        self.setTabOrder(self.tag_combo, self.sort_combo)
        self.setTabOrder(self.sort_combo, self.archived_check)

        self.sort_combo.currentIndexChanged.connect(self._filters_changed)
        self.kind_combo.currentIndexChanged.connect(self._filters_changed)
        self.tag_combo.currentIndexChanged.connect(self._filters_changed)
        self.archived_check.toggled.connect(self._filters_changed)
        self.model.totalChanged.connect(self._update_state)
        changes.changed.connect(self._on_change)
        self._empty_actions_added = False
        self._reload_tags()

    # -- set-up by the window -------------------------------------------------------------
    def _today(self) -> date:
        return self._journal.clock().astimezone().date()

    def set_empty_actions(self, add_contact: Any, load_demo: Any, import_contacts: Any = None) -> None:
        """Buttons of the "no contacts yet" state (the window owns the actions)."""
        if not self._empty_actions_added:
            self._add_button = self.empty.add_action(
                "Add your first contact (Ctrl+N)", add_contact, default=True
            )
            self._import_button = self.empty.add_action(
                "Import your contacts…", import_contacts or (lambda: None)
            )
            self._import_button.setToolTip("From Google Contacts, Outlook, LinkedIn or a vCard file")
            self._import_button.setVisible(import_contacts is not None)
            self._has_import = import_contacts is not None
            self._demo_button = self.empty.add_action("Load demo data…", load_demo)
            self._demo_button.setToolTip("Fill this empty journal with made-up people to try things out")
            self._clear_button = self.empty.add_action("Show everyone", self.clear_filters)
            self._empty_actions_added = True
            self._update_state(self.model.total)

    def restore_query(self, query: ContactQuery) -> None:
        """Apply a saved sort order and filters without reloading for each one."""
        self._restoring = True
        try:
            self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(query.sort)))
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(query.kind)))
            self.archived_check.setChecked(query.show_archived)
        finally:
            self._restoring = False
        self._filters_changed()

    def query(self) -> ContactQuery:
        return ContactQuery(
            sort=self.sort_combo.currentData() or "name",
            kind=self.kind_combo.currentData(),
            tag=self.tag_combo.currentData(),
            show_archived=self.archived_check.isChecked(),
        )

    def clear_filters(self) -> None:
        self._restoring = True
        try:
            self.kind_combo.setCurrentIndex(0)
            self.tag_combo.setCurrentIndex(0)
            self.archived_check.setChecked(False)
        finally:
            self._restoring = False
        self._filters_changed()

    # -- selection ----------------------------------------------------------------------------
    def current_uuid(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(UUID_ROLE) if index.isValid() else None

    def select(self, uuid: str | None) -> bool:
        """Select ``uuid`` if it is among the loaded rows (no signal); False if it is not.

        The window calls this with the contact it shows: it is selected again whenever the
        list is filtered or reloaded and they are in it.
        """
        self._shown_uuid = uuid
        row = self.model.row_of(uuid) if uuid else None
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        try:
            if row is None:
                self.view.clearSelection()
                self.view.setCurrentIndex(QModelIndex())
                return False
            index = self.model.index(row, 0)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            selection.blockSignals(False)
        self.view.viewport().update()
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._shown_uuid = current.data(UUID_ROLE)
            self.currentContactChanged.emit(self._shown_uuid)

    # -- refreshing -------------------------------------------------------------------------
    def _filters_changed(self) -> None:
        if self._restoring:
            return
        self.model.set_query(self.query())
        self.select(self._shown_uuid)
        self.queryChanged.emit()

    def _on_change(self, change: Change) -> None:
        if change.touches(TAGS, CONTACTS):
            self._reload_tags()
        if change.touches(CONTACTS, CONVERSATIONS, ORGANISATIONS, TAGS):
            self.model.reload()
            self.select(self._shown_uuid)

    def _reload_tags(self) -> None:
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        try:
            self.tag_combo.clear()
            self.tag_combo.addItem("All tags", None)
            for name, count in self._journal.tags.list():
                if count:
                    self.tag_combo.addItem(f"{name} ({count})", name)
            index = self.tag_combo.findData(current)
            self.tag_combo.setCurrentIndex(max(0, index))
        finally:
            self.tag_combo.blockSignals(False)
        if current is not None and self.tag_combo.currentData() is None:
            self._filters_changed()  # the tag went away: show everyone again

    def _update_state(self, total: int) -> None:
        query = self.query()
        # (Showing archived contacts as well hides no one: an empty list is an empty journal.)
        filtered = query.kind is not None or query.tag is not None
        if total:
            self.stack.setCurrentWidget(self.view)
        else:
            if filtered:
                self.empty.set_text("No one matches", no_match_text(query))
            else:
                self.empty.set_text(
                    "No contacts yet",
                    "Add the first person you work with, bring in the contacts you already have, "
                    "or look around a journal full of made-up people.",
                )
            if self._empty_actions_added:
                self._add_button.setVisible(not filtered)
                self._import_button.setVisible(not filtered and self._has_import)
                self._demo_button.setVisible(not filtered)
                self._clear_button.setVisible(filtered)
            self.stack.setCurrentWidget(self.empty)
        noun = "person" if total == 1 else "people"
        self.count_label.setText(f"{total:,} {noun}")
