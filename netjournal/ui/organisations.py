"""The organisations view: companies and intermediaries, each with its people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NotFoundError
from netjournal.services.changes import CONTACTS, ORGANISATIONS, Change
from netjournal.services.records import ContactSummary, OrganisationRecord
from netjournal.ui import messages, theme
from netjournal.ui.contact_list import UUID_ROLE, ContactItemDelegate, PeopleListModel
from netjournal.ui.dialogs.organisation_dialog import OrganisationDialog
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

    The chosen organisation can be edited (F2 or double-click: name, kind, website,
    notes), archived or restored (Ctrl+E, as for contacts) and deleted (Delete, after asking).

    Signals:
        openContactRequested(str): the user opened one of the organisation's people.
        statusMessage(str): a one-line confirmation of what was just done, for the status bar.
    """

    openContactRequested = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.dialog: OrganisationDialog | None = None
        self.menu: QMenu | None = None  # the list's context menu while it is open
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
        # Double-click, not ``activated``: that is a single click where the platform says so.
        self.list_view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.customContextMenuRequested.connect(self._context_menu)
        self.archived_check = QCheckBox("Show archived", self)
        self.archived_check.setToolTip("List archived organisations too")
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

        self._build_actions()
        self._build_detail(journal)

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
        self._record: OrganisationRecord | None = None
        changes.changed.connect(self._on_change)
        self.model.reload()
        self._update_actions()

    def _build_actions(self) -> None:
        # Scoped to this page (Ctrl+E, F2) or to the list (Delete), like the contact list's Delete:
        # the main window's contact actions stay off while this page shows, so no key is ambiguous.
        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.edit_action = QAction("&Edit organisation…", self)
        self.edit_action.setShortcut(QKeySequence("F2"))
        self.edit_action.setIcon(line_icon("edit", self.palette()))
        self.edit_action.triggered.connect(lambda _c=False: self.edit_selected())
        self.archive_action = QAction("&Archive organisation", self)
        self.archive_action.setShortcut(QKeySequence("Ctrl+E"))
        self.archive_action.setIcon(line_icon("archive", self.palette()))
        self.archive_action.triggered.connect(lambda _c=False: self.toggle_archived())
        for action in (self.edit_action, self.archive_action):
            action.setShortcutContext(scope)
            self.addAction(action)
        self.delete_action = QAction("&Delete organisation…", self.list_view)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(scope)
        self.delete_action.setIcon(line_icon("delete", self.palette()))
        self.delete_action.triggered.connect(lambda _c=False: self.delete_selected())
        self.list_view.addAction(self.delete_action)

    def _build_detail(self, journal: Journal) -> None:
        self.detail = QWidget(self)
        self.detail.setBackgroundRole(QPalette.ColorRole.Base)
        self.detail.setAutoFillBackground(True)
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(24, 18, 24, 12)
        detail_layout.setSpacing(6)
        self.archived_banner = QLabel(
            "Archived — hidden from the list and from Intermediaries. Restore to bring it back.", self.detail
        )
        self.archived_banner.setWordWrap(True)
        self.archived_banner.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.name_label = QLabel(self.detail)
        self.name_label.setFont(theme.scaled_font(self.font(), 1.6, bold=True))
        self.name_label.setWordWrap(True)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.edit_button = self._tool_button(
            self.edit_action, "Edit…", "Rename, change its kind, website or notes (F2)"
        )
        self.archive_button = self._tool_button(self.archive_action, "Archive", "")
        title_row = QHBoxLayout()
        title_row.setSpacing(6)
        title_row.addWidget(self.name_label, 1)
        title_row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        title_row.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignTop)
        self.kind_label = QLabel(self.detail)
        self.kind_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.website_label = QLabel(self.detail)
        self.website_label.setTextFormat(Qt.TextFormat.PlainText)
        self.website_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes_label = QLabel(self.detail)
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        self.people_empty = QLabel(self.detail)
        self.people_empty.setObjectName("organisationPeopleEmpty")
        self.people_empty.setWordWrap(True)
        self.people_empty.setTextFormat(Qt.TextFormat.PlainText)
        self.people_empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.people_empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.people_empty.setContentsMargins(0, 4, 0, 0)
        self.people_stack = QStackedWidget(self.detail)
        self.people_stack.addWidget(self.people_view)
        self.people_stack.addWidget(self.people_empty)

        detail_layout.addWidget(self.archived_banner)
        detail_layout.addLayout(title_row)
        for widget in (self.kind_label, self.website_label, self.notes_label):
            detail_layout.addWidget(widget)
        detail_layout.addSpacing(8)
        detail_layout.addWidget(people_heading)
        detail_layout.addWidget(self.people_stack, 1)

    def _tool_button(self, action: QAction, text: str, tip: str) -> QToolButton:
        button = QToolButton(self.detail)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.setText(text)
        button.setIcon(action.icon())
        button.setToolTip(tip)
        button.clicked.connect(lambda _c=False: action.trigger())
        return button

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

    # -- editing ------------------------------------------------------------------------------
    def edit_selected(self) -> None:
        """Open the edit dialog on the chosen organisation (window-modal, not blocking)."""
        if self._current is None or self.dialog is not None:
            return
        try:
            dialog = OrganisationDialog(self._journal, self._current, self)
        except NotFoundError as error:
            messages.show_error(self, error)
            return
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.statusMessage.emit("Organisation saved") if dialog.saved else None
        )
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def toggle_archived(self) -> None:
        """Archive the chosen organisation, or restore it when it is archived."""
        org = self._record
        if org is None:
            return
        with messages.reporting_errors(
            self, "restore the organisation" if org.archived else "archive the organisation"
        ):
            self._journal.organisations.set_archived(org.uuid, not org.archived)
            self.statusMessage.emit(f"{'Restored' if org.archived else 'Archived'} {org.name}")

    def delete_selected(self) -> None:
        """Delete the chosen organisation for good, after asking; its people stay."""
        org = self._record
        if org is None:
            return
        count = self.people_model.rowCount()
        if count == 1:
            people = "The one person there stays in your journal, without it."
        elif count:
            people = f"The {count} people there stay in your journal, without it."
        else:
            people = "Nobody in your journal works there."
        named = self._journal.organisations.opportunity_count(org.uuid)
        opportunities = ""
        if named:
            which = (
                "The opportunity that names it stays"
                if named == 1
                else f"The {named} opportunities that name it stay"
            )
            opportunities = f" {which}, without it."
        text = (
            f"Delete {org.name} for good? {people}{opportunities}\n\n"
            "To keep it but hide it, archive it instead."
        )
        if not messages.confirm(self, "Delete organisation", text, "Delete"):
            return
        with messages.reporting_errors(self, "delete the organisation"):
            self._journal.organisations.delete(org.uuid)
            self.statusMessage.emit(f"Deleted {org.name}")

    def _context_menu(self, pos: QPoint) -> None:
        index = self.list_view.indexAt(pos)
        if not index.isValid():
            return
        self.list_view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addAction(self.archive_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.aboutToHide.connect(lambda: setattr(self, "menu", None))
        self.menu = menu
        menu.popup(self.list_view.viewport().mapToGlobal(pos))

    def _update_actions(self) -> None:
        org = self._record
        for action in (self.edit_action, self.archive_action, self.delete_action):
            action.setEnabled(org is not None)
        archived = org is not None and org.archived
        self.archive_action.setText("&Restore organisation" if archived else "&Archive organisation")
        self.archive_button.setText("Restore" if archived else "Archive")
        self.archive_button.setToolTip(
            "Bring it back to the list (Ctrl+E)"
            if archived
            else "Hide it from the list and Intermediaries (Ctrl+E)"
        )

    # -- showing ------------------------------------------------------------------------------
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
        self._record = None
        try:
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
            self._record = org
            self._show_record(org, people)
        finally:
            self._update_actions()

    def _show_record(self, org: OrganisationRecord, people: list[ContactSummary]) -> None:
        self.name_label.setText(org.name)
        active = sum(not p.archived for p in people)
        count = f"{active} {'person' if active == 1 else 'people'}"
        if active < len(people):
            count += f" (+{len(people) - active} archived)"
        self.kind_label.setText(f"{kind_label(org.kind)} · {count}" + (" · archived" if org.archived else ""))
        self.archived_banner.setVisible(org.archived)
        self.website_label.setText(org.website)
        self.website_label.setVisible(bool(org.website))
        self.notes_label.setText(org.notes)
        self.notes_label.setVisible(bool(org.notes))
        self.people_model.set_people(people)
        self.people_empty.setText(
            f"Nobody at {org.name} in your journal yet. Contacts whose organisation is "
            f"{org.name} appear here."
        )
        self.people_stack.setCurrentWidget(self.people_view if people else self.people_empty)
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for action, icon in (
                (self.edit_action, "edit"),
                (self.archive_action, "archive"),
                (self.delete_action, "delete"),
            ):
                action.setIcon(line_icon(icon, self.palette()))
            self.edit_button.setIcon(line_icon("edit", self.palette()))
            self.archive_button.setIcon(line_icon("archive", self.palette()))
        super().changeEvent(event)
