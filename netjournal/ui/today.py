"""The *Today* page: follow-ups due, people overdue for contact (longest first), what comes next.

:class:`DueReportSource` computes the due list off the GUI thread (it takes a few hundred
milliseconds on a large journal) whenever the journal changes, and hands it to every view that
shows it: this page, and the tray's count and daily notification.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from netjournal.services import changes as change_kinds
from netjournal.services.intermediaries import AvailabilityRefresh
from netjournal.services.records import FollowUpRecord, PersonRef
from netjournal.services.reminders import DueContact, DueReport
from netjournal.ui import messages, theme
from netjournal.ui.formatting import ago, long_day
from netjournal.ui.tasks import Task
from netjournal.ui.widgets import EmptyState

if TYPE_CHECKING:
    from datetime import date

    from netjournal.services.changes import Change
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal

log = logging.getLogger(__name__)

_WATCHED = (
    change_kinds.CONTACTS,
    change_kinds.CONVERSATIONS,
    change_kinds.FOLLOW_UPS,
    change_kinds.OPPORTUNITIES,  # an assignment's end date: when to tell intermediaries
    change_kinds.SENT_ITEMS,  # availability sent: who still needs telling
    change_kinds.ORGANISATIONS,  # which firms are intermediaries
)
SNOOZE_CHOICES = ((1, "1 day"), (3, "3 days"), (7, "1 week"), (14, "2 weeks"), (30, "1 month"))
ALL_WELL = "No follow-ups are due and everyone is within their keep-in-touch rhythm. Well kept!"


def quiet_text(without_rhythm: int) -> str:
    """What an empty Today says; people without a rhythm are never due, so say how to change it."""
    if not without_rhythm:
        return ALL_WELL
    people = "1 person has" if without_rhythm == 1 else f"{without_rhythm:,} people have"
    return (
        "No follow-ups are due and everyone with a keep-in-touch rhythm is within it.\n\n"
        f"{people} no rhythm yet, so Today never reminds you of them. Give them a kind or a "
        "rhythm on their card, or set a rhythm for “Other” in Preferences ▸ Keep in touch."
    )


ModelIndex = QModelIndex | QPersistentModelIndex


class DueReportSource(QObject):
    """The latest :class:`DueReport`, recomputed off the GUI thread after every relevant change.

    Signals:
        reportReady(DueReport): a fresh report (also after :meth:`refresh`). ``availability``
            holds the intermediaries' availability refresh computed with it (None: no
            assignment with an end date).
    """

    reportReady = Signal(object)

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.report: DueReport | None = None
        self.availability: AvailabilityRefresh | None = None
        self._task: Task | None = None
        self._again = False
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)  # a burst of writes (an import) computes once
        self._timer.timeout.connect(self._start)
        changes.changed.connect(self._changed)

    def _changed(self, change: Change) -> None:
        if change.touches(*_WATCHED):
            self.refresh()

    def refresh(self, *, now: bool = False) -> None:
        """Recompute soon (``now``: without waiting for more changes)."""
        if self._closed:
            return
        if now:
            self._timer.stop()
            self._start()
        else:
            self._timer.start()

    def is_busy(self) -> bool:
        return self._task is not None or self._timer.isActive()

    def _start(self) -> None:
        if self._closed:
            return
        if self._task is not None:
            self._again = True
            return
        journal = self._journal

        def work(_progress: Any, _cancelled: Any) -> tuple[DueReport, AvailabilityRefresh | None]:
            return journal.reminders.due(), journal.intermediaries.availability_refresh()

        task = Task(work, journal=journal)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(lambda error: log.error("the due list failed", exc_info=error))
        task.finished.connect(self._finished)
        self._task = task
        task.start()

    def _succeeded(self, result: tuple[DueReport, AvailabilityRefresh | None]) -> None:
        if not self._closed:
            self.report, self.availability = result
            self.reportReady.emit(self.report)

    def _finished(self) -> None:
        self._task = None
        if self._again and not self._closed:
            self._again = False
            self._start()

    def shutdown(self) -> None:
        """Stop before the journal closes (waits for a computation under way)."""
        self._closed = True
        self._timer.stop()
        if self._task is not None:
            self._task.wait(30)


# -- the model ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TodayItem:
    """One row under a section: a follow-up or a person to get back in touch with."""

    follow_up: FollowUpRecord | None = None
    person: DueContact | None = None

    @property
    def key(self) -> str:
        return f"f:{self.follow_up.uuid}" if self.follow_up else f"c:{self.contact.uuid}"

    @property
    def contact(self) -> PersonRef:
        if self.follow_up is not None:
            return self.follow_up.contact
        assert self.person is not None
        return self.person.contact

    @property
    def due_on(self) -> date | None:
        """None for a follow-up nobody gave a date."""
        if self.follow_up is not None:
            return self.follow_up.due_on
        assert self.person is not None
        return self.person.due_on


@dataclass(frozen=True, slots=True)
class TodaySection:
    title: str
    items: tuple[TodayItem, ...]


def sections_of(report: DueReport) -> list[TodaySection]:
    """The page's sections (empty ones left out): follow-ups due, people to contact, coming up,
    and open follow-ups nobody gave a date."""
    follow = tuple(TodayItem(follow_up=f) for f in (*report.overdue_follow_ups, *report.follow_ups_due_today))
    people = tuple(TodayItem(person=p) for p in report.overdue_contacts)
    upcoming = sorted(
        (
            *(TodayItem(follow_up=f) for f in report.upcoming_follow_ups),
            *(TodayItem(person=p) for p in report.upcoming_contacts),
        ),
        key=lambda item: (item.due_on or report.today, item.contact.name.casefold()),
    )
    undated = tuple(TodayItem(follow_up=f) for f in report.undated_follow_ups)
    sections = [
        TodaySection("Follow-ups due", follow),
        TodaySection("Get back in touch", people),
        TodaySection("Coming up this week", tuple(upcoming)),
        TodaySection("Open, no date set", undated),
    ]
    return [s for s in sections if s.items]


def when_text(day: date, today: date) -> str:
    """``3 days overdue``, ``today``, ``tomorrow``, ``in 4 days``."""
    delta = (day - today).days
    if delta < 0:
        return f"{-delta} day{'s' if delta != -1 else ''} overdue"
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    return f"in {delta} days"


class TodayModel(QAbstractItemModel):
    """Sections (top level) and their items (children), in three columns: item, details, when."""

    COLUMNS = ("Item", "Details", "Due")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[TodaySection] = []
        self._today: date | None = None

    def set_report(self, report: DueReport) -> None:
        self.beginResetModel()
        self._sections = sections_of(report)
        self._today = report.today
        self.endResetModel()

    def item(self, index: ModelIndex) -> TodayItem | None:
        if not index.isValid() or not index.parent().isValid():
            return None
        section = self._sections[index.parent().row()]
        return section.items[index.row()] if index.row() < len(section.items) else None

    def index_of(self, key: str) -> QModelIndex:
        for s, section in enumerate(self._sections):
            for r, item in enumerate(section.items):
                if item.key == key:
                    return self.index(r, 0, self.index(s, 0))
        return QModelIndex()

    # -- QAbstractItemModel ----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)  # internal id 0: a section
        return self.createIndex(row, column, parent.row() + 1)  # children: their section + 1

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._sections)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._sections[parent.row()].items)
        return 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            section = self._sections[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return f"{section.title} ({len(section.items)})"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        item = self.item(index)
        if item is None or self._today is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, index.column(), self._today)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return self._text(item, 0, self._today)
        overdue = item.due_on is not None and item.due_on < self._today
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and overdue:
            return theme.overdue_colour(QGuiApplication.palette())
        return None

    @staticmethod
    def _text(item: TodayItem, column: int, today: date) -> str:
        if column == 2:
            return "no date" if item.due_on is None else when_text(item.due_on, today)
        if item.follow_up is not None:
            follow = item.follow_up
            if column == 0:
                return follow.what
            if follow.owner == "them":
                return f"Promised by {follow.contact.name}"
            return f"Follow-up for {follow.contact.name}"
        person = item.person
        assert person is not None
        if column == 0:
            return (
                f"{person.contact.name} · {person.organisation}"
                if person.organisation
                else person.contact.name
            )
        last = (
            f"last contact {ago(person.last_contact_at, today)}"
            if person.last_contact_at
            else "never contacted"
        )
        return f"{last} · every {person.cadence_days} days"


# -- the page ----------------------------------------------------------------------------------
class TodayPage(QWidget):
    """What needs attention today; mark follow-ups done, snooze, log a conversation from here.

    Signals:
        openContactRequested(str): show this contact's card.
        logRequested(object): log a conversation with this person (a PersonRef).
        shown(int): a report was displayed (how many things are due now).
        statusMessage(str): a one-line confirmation of what was just done, for the status bar.
        intermediariesRequested(): show the Intermediaries view (time to send availability).
    """

    intermediariesRequested = Signal()
    openContactRequested = Signal(str)
    logRequested = Signal(object)
    shown = Signal(int)
    statusMessage = Signal(str)

    def __init__(
        self,
        journal: Journal,
        changes: ChangeSignal,
        parent: QWidget | None = None,
        *,
        source: DueReportSource | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self.setObjectName("todayPage")
        self.source = source if source is not None else DueReportSource(journal, changes, self)
        self._owns_source = source is None
        self.model = TodayModel(self)

        self.title = QLabel(self)
        self.title.setFont(theme.scaled_font(self.font(), 1.35, bold=True))
        self.summary = QLabel(self)
        theme.set_text_colour(self.summary, theme.secondary_text(self.palette()))
        self.availability_label = QLabel(self)
        self.availability_label.setObjectName("availabilityReminder")
        self.availability_label.setWordWrap(True)
        self.availability_label.setTextFormat(Qt.TextFormat.RichText)
        self.availability_label.linkActivated.connect(lambda _link: self.intermediariesRequested.emit())
        self.availability_label.hide()

        self.view = QTreeView(self)
        self.view.setObjectName("todayView")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setAllColumnsShowFocus(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAccessibleName("Due today")
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(0, self.fontMetrics().averageCharWidth() * 60)
        self.view.setStyleSheet("QTreeView::item { padding: 3px 2px; }")

        self.empty = EmptyState("Nothing due today", ALL_WELL, self)
        self.loading = QLabel("Working out what is due…", self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        for widget in (self.loading, self.view, self.empty):
            self.stack.addWidget(widget)

        self.done_action = QAction("Mark &done", self)
        self.done_action.setShortcut(QKeySequence("Ctrl+D"))
        self.done_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.done_action.triggered.connect(lambda _c=False: self.mark_done())
        self.log_action = QAction("&Log conversation…", self)
        # No key of its own: the window's Ctrl+L (log a conversation) acts on the selection
        # here. (A page shortcut equal to a window-wide one is ambiguous: Qt fires neither.)
        self.log_action.triggered.connect(lambda _c=False: self.log_selected())
        self.open_action = QAction("&Open contact", self)
        self.open_action.triggered.connect(lambda _c=False: self.open_selected())
        self.snooze_menu = QMenu("&Snooze", self)
        self.snooze_actions: dict[int, QAction] = {}
        for days, label in SNOOZE_CHOICES:
            action = self.snooze_menu.addAction(f"For {label}")
            action.triggered.connect(lambda _c=False, d=days: self.snooze(d))
            self.snooze_actions[days] = action
        self.snooze_week_action = QAction("Snooze a &week", self)
        self.snooze_week_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.snooze_week_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.snooze_week_action.triggered.connect(lambda _c=False: self.snooze(7))
        for action in (self.done_action, self.snooze_week_action, self.log_action, self.open_action):
            self.view.addAction(action)
            self.addAction(action)

        self.done_button = self._button(self.done_action, "Mark the selected follow-up done (Ctrl+D)")
        self.snooze_button = QToolButton(self)
        self.snooze_button.setText("&Snooze")
        self.snooze_button.setMenu(self.snooze_menu)
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_button.setToolTip("Put it off (Ctrl+Shift+S: a week)")
        self.log_button = self._button(self.log_action, "Log a conversation with this person (Ctrl+L)")
        self.open_button = self._button(self.open_action, "Show their card (Enter)")

        buttons = QHBoxLayout()
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.availability_label)
        layout.addSpacing(6)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.view.activated.connect(lambda _index: self.open_selected())
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._update_actions())
        self.source.reportReady.connect(self.show_report)
        self.stack.setCurrentWidget(self.loading)
        if self.source.report is not None:
            self.show_report(self.source.report)
        self._update_actions()

    def _button(self, action: QAction, tip: str) -> QPushButton:
        button = QPushButton(action.text(), self)
        button.setToolTip(tip)
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        return button

    # -- showing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Ask for a fresh report (the page shows it when it arrives)."""
        self.source.refresh(now=True)

    def show_report(self, report: DueReport) -> None:
        selected = self.current_item()
        row = self.view.currentIndex().row()
        section = self.view.currentIndex().parent().row()
        self.model.set_report(report)
        self.view.expandAll()
        for s in range(self.model.rowCount()):
            self.view.setFirstColumnSpanned(s, QModelIndex(), True)
        self.title.setText(f"Today — {long_day(report.today)}")
        self.summary.setText(report.summary())
        self._show_availability(self.source.availability)
        self.stack.setCurrentWidget(self.view if self.model.rowCount() else self.empty)
        self.empty.text.setText(quiet_text(report.without_rhythm))
        # Keep the selection on the same item, else the row that took its place.
        index = self.model.index_of(selected.key) if selected is not None else QModelIndex()
        if not index.isValid() and selected is not None and 0 <= section < self.model.rowCount():
            parent = self.model.index(section, 0)
            count = self.model.rowCount(parent)
            index = self.model.index(min(row, count - 1), 0, parent) if count else QModelIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0, self.model.index(0, 0))
        if index.isValid():
            self.view.setCurrentIndex(index)
        self._update_actions()
        self.shown.emit(report.due_now)

    def _show_availability(self, plan: AvailabilityRefresh | None) -> None:
        """Once an assignment nears its end: who still needs telling that I am available."""
        due = plan is not None and plan.is_due and bool(plan.people)
        self.availability_label.setVisible(due)
        if plan is not None and due:
            self.availability_label.setText(
                f'<b>{html.escape(plan.summary())}</b> <a href="intermediaries">Show the intermediaries…</a>'
            )

    def current_item(self) -> TodayItem | None:
        return self.model.item(self.view.currentIndex())

    def select(self, key: str) -> bool:
        """Select the item with ``key`` (``f:<uuid>`` or ``c:<uuid>``); False if it is not shown."""
        index = self.model.index_of(key)
        if index.isValid():
            self.view.setCurrentIndex(index)
        return index.isValid()

    def _update_actions(self) -> None:
        item = self.current_item()
        self.done_action.setEnabled(item is not None and item.follow_up is not None)
        for action in (self.snooze_week_action, self.log_action, self.open_action):
            action.setEnabled(item is not None)
        self.snooze_button.setEnabled(item is not None)

    # -- acting --------------------------------------------------------------------------------------
    def mark_done(self) -> None:
        item = self.current_item()
        if item is None or item.follow_up is None:
            return
        with messages.reporting_errors(self, "mark the follow-up done"):
            self._journal.follow_ups.set_done(item.follow_up.uuid, True)
            self.statusMessage.emit(
                f"Done: {item.follow_up.what} (to undo, untick it in {item.contact.name}'s timeline)"
            )

    def snooze(self, days: int) -> None:
        item = self.current_item()
        if item is None:
            return
        with messages.reporting_errors(self, "snooze the reminder"):
            if item.follow_up is not None:
                self._journal.follow_ups.snooze(item.follow_up.uuid, days)
            else:
                self._journal.reminders.snooze_contact(item.contact.uuid, days)
            what = item.follow_up.what if item.follow_up else item.contact.name
            span = dict(SNOOZE_CHOICES).get(days, f"{days} days")
            self.statusMessage.emit(f"Snoozed for {span}: {what}")

    def log_selected(self) -> None:
        item = self.current_item()
        if item is not None:
            self.logRequested.emit(item.contact)

    def open_selected(self) -> None:
        item = self.current_item()
        if item is not None:
            self.openContactRequested.emit(item.contact.uuid)

    def showEvent(self, event: Any) -> None:
        if self.source.report is None and not self.source.is_busy():
            self.source.refresh(now=True)
        super().showEvent(event)

    def shutdown(self) -> None:
        if self._owns_source:
            self.source.shutdown()
