"""Where work comes from: the opportunities (create, edit, delete) and what they add up to.

The analysis (share of work by source, the people and intermediaries who brought the most,
the events that led to work and those that were a waste of time) is the services'
:class:`~netjournal.services.work_sources.WorkReport`; this view lists and charts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError
from netjournal.services.changes import CONTACTS, INTRODUCTIONS, OPPORTUNITIES, ORGANISATIONS
from netjournal.services.records import OpportunityRecord
from netjournal.services.work_sources import WASTE_MIN_AGE, WASTE_MIN_CONTACTS, WorkReport
from netjournal.ui import messages, theme
from netjournal.ui.dialogs.opportunity_dialog import STATUS_LABELS, OpportunityDialog
from netjournal.ui.formatting import short_date
from netjournal.ui.network.charts import Bar, BarChart
from netjournal.ui.network.loading import BackgroundLoader

if TYPE_CHECKING:
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal

Index = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
TOP_ROWS = 8
STATUS_ORDER = {value: n for n, (value, _label) in enumerate(STATUS_LABELS)}
# Short values (status, source, dates) always show whole; the long text columns share what is
# left of the width by these weights, each taking no more than its longest text needs.
FITTED_COLUMNS = (2, 3, 6, 7)
SHARED_COLUMNS = {0: 4.0, 1: 3.0, 4: 2.0, 5: 3.0}
SOURCE_SHORT = {
    "intermediary": "Intermediary",
    "network": "Own network",
    "referral": "Referral",
    "direct": "Direct",
}


def share_width(
    available: int, needs: dict[int, int], weights: dict[int, float], minimums: dict[int, int]
) -> dict[int, int]:
    """Split ``available`` pixels between columns by ``weights``.

    A column whose share is more than it ``needs`` gets its need and leaves the rest to the
    others; one whose share is less than its minimum (its header, say) gets that minimum. What
    is left when every column has what it needs is shared by weight too, so the columns fill
    the width. With too little room for the minimums, the columns add up to more than
    ``available`` (and the table scrolls).
    """
    widths: dict[int, int] = {}
    lows = {c: min(minimums.get(c, 0), need) for c, need in needs.items()}
    open_columns = list(needs)
    space = float(max(0, available))

    def settle(columns: dict[int, int]) -> None:
        nonlocal space
        for column, width in columns.items():
            widths[column] = width
            space = max(0.0, space - width)
            open_columns.remove(column)

    while open_columns:
        weight = sum(weights[c] for c in open_columns)
        share = {c: space * weights[c] / weight for c in open_columns}
        cramped = {c: lows[c] for c in open_columns if share[c] < lows[c]}
        if cramped:
            settle(cramped)
            continue
        roomy = {c: needs[c] for c in open_columns if needs[c] <= share[c]}
        if not roomy or len(roomy) == len(open_columns):
            break
        settle(roomy)
    if open_columns:
        weight = sum(weights[c] for c in open_columns)
        shares = {c: int(space * weights[c] / weight) for c in open_columns}
        # The pixels lost to rounding down go to the first of them.
        shares[open_columns[0]] += int(space) - sum(shares.values())
        widths.update(shares)
    return widths


def chain_text(record: OpportunityRecord) -> str:
    """``Carla Introducer → Dan Client``."""
    return " → ".join(person.name for _role, person in record.people)


class OpportunityTableModel(QAbstractTableModel):
    """Every opportunity, one row each (opportunities are few: hundreds at most).

    Signals: none beyond QAbstractTableModel's.
    """

    COLUMNS = ("Title", "Client", "Status", "Came through", "Intermediary", "People", "Starts", "Ends")

    def __init__(self, today: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = today
        self._rows: list[OpportunityRecord] = []

    def set_records(self, records: list[OpportunityRecord]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

    def record_at(self, row: int) -> OpportunityRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, uuid: str) -> int | None:
        for row, record in enumerate(self._rows):
            if record.uuid == uuid:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        return self.COLUMNS[section] if horizontal and 0 <= section < len(self.COLUMNS) else None

    def _display(self, record: OpportunityRecord, column: int) -> str:
        today = self._today()
        values = (
            record.title,
            record.client,
            record.status.capitalize(),
            SOURCE_SHORT.get(record.source, record.source),
            record.intermediary,
            chain_text(record),
            short_date(record.started_on, today) if record.started_on else "",
            short_date(record.ended_on, today) if record.ended_on else "",
        )
        return values[column]

    def _sort_key(self, record: OpportunityRecord, column: int) -> Any:
        if column == 2:
            return STATUS_ORDER.get(record.status, 99)
        if column in (6, 7):
            day = record.started_on if column == 6 else record.ended_on
            return (day or date.min).toordinal()
        return self._display(record, column).casefold()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            chain = chain_text(record)
            via = f" via {record.intermediary}" if record.intermediary else ""
            return f"{record.title} for {record.client or 'no client yet'}{via}" + (
                f"\nPeople: {chain}" if chain else ""
            )
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            palette = QPalette()
            if record.status == "won":
                return theme.ok_colour(palette)
            if record.status == "lost":
                return theme.secondary_text(palette)
        if role == RECORD_ROLE:
            return record
        if role == SORT_ROLE:
            return self._sort_key(record, column)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class OpportunityFilter(QSortFilterProxyModel):
    """Filters opportunities by status and by words in title, client, intermediary or people.

    Signals: none beyond QSortFilterProxyModel's.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._status: str | None = None
        self._words: tuple[str, ...] = ()
        self.setSortRole(SORT_ROLE)

    def set_status(self, status: str | None) -> None:
        self._refilter(lambda: setattr(self, "_status", status))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_words", tuple(text.casefold().split())))

    def _refilter(self, change: Any) -> None:
        # Qt 6.9 replaced invalidateRowsFilter() (now deprecated) with begin/endFilterChange().
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt before 6.9
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        record = model.index(source_row, 0, source_parent).data(RECORD_ROLE) if model else None
        if record is None:
            return False
        if self._status is not None and record.status != self._status:
            return False
        haystack = " ".join(
            (record.title, record.client, record.intermediary, record.event, chain_text(record))
        )
        haystack = haystack.casefold()
        return all(word in haystack for word in self._words)


@dataclass(frozen=True, slots=True)
class WorkData:
    """What the page shows, loaded together off the GUI thread."""

    records: list[OpportunityRecord]
    report: WorkReport


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(theme.scaled_font(parent.font(), 1.08, bold=True))
    return label


def _note(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class WorkSourcesView(QWidget):
    """Opportunities on the left; where the work came from, charted, on the right.

    Signals:
        loaded(): the list and the analysis were (re)loaded.
        openContactRequested(str): open a person from the analysis.
    """

    loaded = Signal()
    openContactRequested = Signal(str)

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.dialog: OpportunityDialog | None = None
        self._select_after_load: str | None = None
        self.report: WorkReport | None = None
        today = lambda: journal.clock().astimezone().date()  # noqa: E731
        self.model = OpportunityTableModel(today, self)
        self.proxy = OpportunityFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by title, client, intermediary or person")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter opportunities")
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem("Every status", None)
        for value, text in STATUS_LABELS:
            self.status_combo.addItem(text, value)
        self.status_combo.setAccessibleName("Show opportunities with status")
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_combo.currentData())
        )
        filter_label = QLabel("F&ilter", self)
        filter_label.setBuddy(self.filter_edit)

        self.table = QTableView(self)
        self.table.setObjectName("opportunityTable")
        self.table.setAccessibleName("Opportunities")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column in FITTED_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The long text columns follow the table's width until the user drags one of them. Qt
        # sizes the fitted columns in a pass of its own: fitting waits until that is over.
        self._columns_dragged = False
        self._dragging = False
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_columns)
        header.sectionResized.connect(self._section_resized)
        header.sectionHandleDoubleClicked.connect(lambda _c: setattr(self, "_columns_dragged", True))
        header.viewport().installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.new_button = QPushButton("&New opportunity…", self)
        self.new_button.setToolTip("Record a lead, a proposal, an assignment (Ctrl+Shift+O)")
        self.edit_button = QPushButton("&Edit…", self)
        self.delete_button = QPushButton("&Delete…", self)
        self.new_button.clicked.connect(self.new_opportunity)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.new_action = QAction("New opportunity…", self)
        self.new_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(lambda _c=False: self.new_opportunity())
        self.delete_action = QAction("Delete opportunity…", self.table)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(lambda _c=False: self.delete_selected())
        self.addAction(self.new_action)
        self.table.addAction(self.delete_action)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 12, 6, 12)
        left_layout.addWidget(_heading("Opportunities", left))
        filters = QHBoxLayout()
        filters.addWidget(filter_label)
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.status_combo)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)

        self.analysis = QWidget(self)
        self.analysis.setObjectName("workAnalysis")
        self.analysis.setBackgroundRole(QPalette.ColorRole.Base)
        self.analysis.setAutoFillBackground(True)
        right = QVBoxLayout(self.analysis)
        right.setContentsMargins(18, 14, 18, 14)
        right.setSpacing(6)
        self.headline = QLabel(self.analysis)
        self.headline.setWordWrap(True)
        self.headline.setFont(theme.scaled_font(self.font(), 1.15, bold=True))
        right.addWidget(self.headline)
        self.totals = _note(self.analysis)
        right.addWidget(self.totals)
        right.addSpacing(6)
        right.addWidget(_heading("Share of work by source", self.analysis))
        self.sources_chart = BarChart(("Won", "All opportunities"), self.analysis)
        self.sources_chart.setAccessibleName("Opportunities by source")
        right.addWidget(self.sources_chart)
        right.addSpacing(6)
        right.addWidget(_heading("People who brought the most", self.analysis))
        people_hint = _note(self.analysis)
        people_hint.setText("In the chain themselves, or through people they introduced you to.")
        right.addWidget(people_hint)
        self.people_chart = BarChart(("Won", "All"), self.analysis, empty_text="Nobody linked to work yet.")
        self.people_chart.setAccessibleName("People who brought work")
        right.addWidget(self.people_chart)
        right.addSpacing(6)
        right.addWidget(_heading("Intermediaries", self.analysis))
        self.intermediaries_chart = BarChart(
            ("Won", "All"), self.analysis, empty_text="No work through intermediaries yet."
        )
        self.intermediaries_chart.setAccessibleName("Work by intermediary")
        right.addWidget(self.intermediaries_chart)
        right.addSpacing(6)
        right.addWidget(_heading("Events and places that led to work", self.analysis))
        self.events_chart = BarChart(
            ("Won", "All"), self.analysis, empty_text="No event has led to work yet."
        )
        self.events_chart.setAccessibleName("Events that led to work")
        right.addWidget(self.events_chart)
        self.waste_label = QLabel(self.analysis)
        self.waste_label.setWordWrap(True)
        self.waste_label.setObjectName("wasteOfTime")
        right.addWidget(self.waste_label)
        right.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.analysis)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("workSourcesSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        QWidget.setTabOrder(self.filter_edit, self.status_combo)
        QWidget.setTabOrder(self.status_combo, self.table)
        QWidget.setTabOrder(self.table, self.new_button)
        QWidget.setTabOrder(self.new_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.delete_button)

        self.loader = BackgroundLoader(
            journal,
            lambda: WorkData(journal.opportunities.list(), journal.work.report(people_limit=TOP_ROWS)),
            self._show_data,
            self,
            doing="load where your work comes from",
        )
        self.loader.loaded.connect(self.loaded)
        self.loader.follow(changes, OPPORTUNITIES, CONTACTS, ORGANISATIONS, INTRODUCTIONS)
        self._update_buttons()

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload now (the view also reloads by itself when shown after a change)."""
        self.loader.request()

    def _show_data(self, data: WorkData) -> None:
        keep = self._select_after_load or self.selected_uuid()
        self._select_after_load = None
        self.model.set_records(data.records)
        self._fit_timer.start()
        if keep is not None:
            self.select(keep)
        self._show_report(data.report)
        self._update_buttons()

    def _show_report(self, report: WorkReport) -> None:
        self.report = report
        self.headline.setText(report.headline)
        self.totals.setText(
            f"{report.total} opportunit{'y' if report.total == 1 else 'ies'} recorded, {report.won} won."
            if report.total
            else "No opportunities yet: record leads and assignments to see where your work comes from."
        )
        self.sources_chart.set_bars(
            [
                Bar(
                    SOURCE_SHORT.get(s.source, s.source),
                    (s.won, s.total),
                    f"{s.won_share:.0%} of won" if report.won else "",
                )
                for s in report.sources
            ]
        )
        self.people_chart.set_bars(
            [
                Bar(p.contact.name, (p.won, p.opportunities))
                for p in report.people[:TOP_ROWS]
                if p.opportunities
            ]
        )
        self.intermediaries_chart.set_bars(
            [
                Bar(i.name, (i.won, i.opportunities))
                for i in report.intermediaries[:TOP_ROWS]
                if i.opportunities
            ]
        )
        fruitful = [e for e in report.events if e.opportunities][:TOP_ROWS]
        self.events_chart.set_bars([Bar(e.event, (e.won, e.opportunities)) for e in fruitful])
        wastes = [e for e in report.events if e.waste_of_time]
        if wastes:
            names = "; ".join(
                f"{e.event} ({e.judged_contacts} people met there over {WASTE_MIN_AGE} ago, no work)"
                for e in wastes[:5]
            )
            self.waste_label.setText(f"A waste of time so far: {names}.")
            theme.set_text_colour(self.waste_label, theme.due_soon_colour(self.palette()))
        else:
            self.waste_label.setText(
                "No event stands out as a waste of time. An event is only judged once at least "
                f"{WASTE_MIN_CONTACTS} people you met there go back {WASTE_MIN_AGE} or more; "
                "imported contacts (e.g. from LinkedIn) are not counted as events."
            )
            theme.set_text_colour(self.waste_label, theme.secondary_text(self.palette()))

    # -- column widths ------------------------------------------------------------------------
    def fit_columns(self) -> None:
        """Share the width left by status, source and dates between the text columns, which
        elide (their tooltip has it all) rather than push the dates out of sight."""
        if self._columns_dragged:
            return
        header = self.table.horizontalHeader()
        fixed = sum(header.sectionSize(c) for c in FITTED_COLUMNS)
        needs = {c: max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in SHARED_COLUMNS}
        # A column may be cut down to its header, never below; the title keeps a dozen letters,
        # which tell the rows apart.
        minimums = {c: header.sectionSizeHint(c) for c in SHARED_COLUMNS}
        minimums[0] = max(minimums[0], self.table.fontMetrics().averageCharWidth() * 12)
        widths = share_width(self.table.viewport().width() - fixed, needs, SHARED_COLUMNS, minimums)
        for column, width in widths.items():
            header.resizeSection(column, width)

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if column not in SHARED_COLUMNS:
            self._fit_timer.start()  # a status, source or date column fitted itself to its contents
        elif self._dragging:
            self._columns_dragged = True  # the user's widths win from now on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_timer.start()
        elif watched is self.table.horizontalHeader().viewport():
            if event.type() == QEvent.Type.MouseButtonPress:
                self._dragging = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._dragging = False
        return False

    # -- selection ----------------------------------------------------------------------------
    def selected_record(self) -> OpportunityRecord | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return index.data(RECORD_ROLE)

    def selected_uuid(self) -> str | None:
        record = self.selected_record()
        return record.uuid if record is not None else None

    def select(self, uuid: str) -> None:
        row = self.model.row_of(uuid)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def _update_buttons(self) -> None:
        has = self.selected_record() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.delete_action.setEnabled(has)

    # -- actions ------------------------------------------------------------------------------
    def _open(self, dialog: OpportunityDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            self._select_after_load = dialog.saved_uuid

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def new_opportunity(self) -> None:
        self._open(OpportunityDialog(self._journal, self))

    def edit_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        try:
            fresh = self._journal.opportunities.get(record.uuid)
        except NetJournalError as error:
            messages.show_error(self, error, doing="open the opportunity")
            return
        self._open(OpportunityDialog(self._journal, self, record=fresh))

    def delete_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        if not messages.confirm(
            self,
            "Delete opportunity",
            f"Delete “{record.title}” for good? The people behind it stay in your journal.",
            "Delete",
        ):
            return
        with messages.reporting_errors(self, "delete the opportunity"):
            self._journal.opportunities.delete(record.uuid)

    def shutdown(self) -> None:
        self.loader.shutdown()
