"""The card's give & take section: who introduced whom, and what went each way, year by year,
with the introductions and things sent listed one a line (to edit or delete them)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
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
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError, NotFoundError
from netjournal.services.give_take import GiveTake, first_name
from netjournal.services.intermediaries import SentItemRecord
from netjournal.services.records import IntroductionRecord, PersonRef
from netjournal.ui import messages, theme
from netjournal.ui.dialogs.introduction_dialog import IntroductionDialog, introduction_sentence
from netjournal.ui.dialogs.sent_item_dialog import SentItemDialog, sent_phrase
from netjournal.ui.formatting import short_date
from netjournal.ui.network.charts import ColumnChart
from netjournal.ui.painting import draw_item_panel

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
WHEN_ROLE = Qt.ItemDataRole.UserRole + 2
RECENT_YEARS = 6
LIST_ROWS = 5  # the card's list shows this many lines, then scrolls


def _links(people: tuple[PersonRef, ...]) -> str:
    return ", ".join(f'<a href="{html.escape(p.uuid)}">{html.escape(p.name)}</a>' for p in people)


@dataclass(frozen=True, slots=True)
class GiveTakeEntry:
    """One line of a give & take list: an introduction (in any role), or something I sent."""

    uuid: str
    day: date | None
    text: str  # "Carla Connector introduced you to Dan Client", "Sent CV"
    note: str  # what came of it; the detail of what was sent
    introduction: IntroductionRecord | None = None  # None: something sent
    sent_to: PersonRef | None = None  # who it was sent to (something sent)
    sent: SentItemRecord | None = None  # the record of something sent, as listed

    @classmethod
    def of_introduction(cls, record: IntroductionRecord) -> GiveTakeEntry:
        names = (p.name if p else None for p in (record.introducer, record.introduced, record.introduced_to))
        text = introduction_sentence(record.kind, record.direction == "received", *names, i="You", me="you")
        return cls(record.uuid, record.occurred_on, text, record.outcome, introduction=record)

    @classmethod
    def of_sent(cls, item: SentItemRecord) -> GiveTakeEntry:
        return cls(
            item.uuid, item.sent_on, sent_phrase(item.what), item.detail, sent_to=item.contact, sent=item
        )

    def when(self, today: date) -> str:
        return short_date(self.day, today) if self.day is not None else "Undated"

    def line(self, today: date) -> str:
        """The whole line in words: ``12 Mar 2025 · Anna introduced you to Bob — became a client``."""
        return f"{self.when(today)} · {self.text}" + (f" — {self.note}" if self.note else "")


def newest_first(introductions: list[IntroductionRecord], sent: list[SentItemRecord]) -> list[GiveTakeEntry]:
    """Introductions and things sent in one list, newest first; undated introductions last."""
    entries = [GiveTakeEntry.of_introduction(r) for r in introductions]
    entries += [GiveTakeEntry.of_sent(s) for s in sent]
    # Stable: on the same day each service's own order (newest recorded first) holds.
    return sorted(entries, key=lambda e: (e.day is not None, e.day or date.min), reverse=True)


class GiveTakeEntryModel(QAbstractListModel):
    """Give & take entries, one a row, in the order given.

    Signals: none beyond QAbstractListModel's.
    """

    def __init__(self, today: Callable[[], date], parent: Any = None) -> None:
        super().__init__(parent)
        self._today = today
        self._entries: list[GiveTakeEntry] = []

    def set_entries(self, entries: list[GiveTakeEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[GiveTakeEntry]:
        return list(self._entries)

    def row_of(self, uuid: str) -> int | None:
        return next((row for row, e in enumerate(self._entries) if e.uuid == uuid), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return entry.line(self._today())
        if role == WHEN_ROLE:
            return entry.when(self._today())
        if role == ENTRY_ROLE:
            return entry
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class GiveTakeEntryDelegate(QStyledItemDelegate):
    """One line: the date (muted, in a column of its own), what happened, and — muted — what
    came of it. Signals: none."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(200, QFontMetrics(option.font).height() + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        entry: GiveTakeEntry | None = index.data(ENTRY_ROLE)
        if entry is None:
            return
        look = draw_item_panel(self, painter, option, index)
        rect, metrics = look.rect, QFontMetrics(look.font)
        middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        left, right = rect.left() + 8, rect.right() - 8
        date_width = metrics.horizontalAdvance("30 Sep 2025") + 12
        painter.save()
        painter.setFont(look.font)
        painter.setPen(look.muted)
        when = metrics.elidedText(str(index.data(WHEN_ROLE)), Qt.TextElideMode.ElideRight, date_width - 8)
        painter.drawText(QRect(left, rect.top(), date_width, rect.height()), middle, when)
        left += date_width
        text = metrics.elidedText(entry.text, Qt.TextElideMode.ElideRight, max(0, right - left))
        painter.setPen(look.text)
        painter.drawText(QRect(left, rect.top(), max(0, right - left), rect.height()), middle, text)
        left += metrics.horizontalAdvance(text)
        if entry.note and text == entry.text and right - left > metrics.horizontalAdvance(" — …"):
            note = metrics.elidedText(f" — {entry.note}", Qt.TextElideMode.ElideRight, right - left)
            painter.setPen(look.muted)
            painter.drawText(QRect(left, rect.top(), right - left, rect.height()), middle, note)
        painter.restore()


class GiveTakeList(QListView):
    """Introductions and things sent, one a line, to edit or delete.

    Edit (Enter, double-click, the Edit action) asks whoever shows the list to open the right
    dialog; Delete (the Delete key, the context menu, the Delete action) asks first, then
    deletes through the service — the change notification refreshes whatever shows the list.
    ``max_rows`` makes the list as tall as its lines, up to that many. ``person`` is whose card
    the list is on (None elsewhere): the delete question then need not say whom it was sent to.

    Signals:
        editRequested(str): the user asked to edit this introduction (its UUID).
        editSentRequested(SentItemRecord): the user asked to edit this record of something sent.
    """

    editRequested = Signal(str)
    editSentRequested = Signal(object)

    def __init__(
        self,
        journal: Journal,
        parent: QWidget | None = None,
        *,
        max_rows: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._max_rows = max_rows
        self.person: PersonRef | None = None
        self.menu: QMenu | None = None  # the context menu while it is open
        self.entry_model = GiveTakeEntryModel(self._today, self)
        self.setModel(self.entry_model)
        self.setItemDelegate(GiveTakeEntryDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # lines elide

        self.edit_action = QAction("&Edit…", self)
        self.edit_action.setIconText("Edit…")
        self.edit_action.setToolTip("Edit the chosen entry (Enter)")
        self.edit_action.triggered.connect(lambda _c=False: self.edit_current())
        self.delete_action = QAction("&Delete…", self)
        self.delete_action.setIconText("Delete…")
        self.delete_action.setToolTip("Delete the chosen entry (Delete)")
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(lambda _c=False: self.delete_current())
        self.addAction(self.delete_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.activated.connect(lambda _i: self.edit_current())
        self.selectionModel().currentChanged.connect(lambda _c, _p: self._update_actions())
        self.entry_model.modelReset.connect(self._update_actions)
        self._update_actions()

    def _today(self) -> date:
        return self._journal.clock().astimezone().date()

    def set_entries(self, entries: list[GiveTakeEntry]) -> None:
        """Show ``entries``; the chosen one stays chosen if it is still there."""
        current = self.current_entry()
        self.entry_model.set_entries(entries)
        row = self.entry_model.row_of(current.uuid) if current is not None else None
        if row is not None:
            self.setCurrentIndex(self.entry_model.index(row, 0))
        if self._max_rows is not None:
            rows = max(1, min(len(entries), self._max_rows))
            self.setFixedHeight(rows * self.sizeHintForRow(0) + 2 * self.frameWidth())

    def current_entry(self) -> GiveTakeEntry | None:
        index = self.currentIndex()
        return index.data(ENTRY_ROLE) if index.isValid() else None

    def _update_actions(self) -> None:
        entry = self.current_entry()
        editable = entry is not None and (entry.introduction is not None or entry.sent is not None)
        self.edit_action.setEnabled(editable)
        self.delete_action.setEnabled(entry is not None)

    def edit_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        if entry.introduction is not None:
            self.editRequested.emit(entry.uuid)
        elif entry.sent is not None:
            self.editSentRequested.emit(entry.sent)

    def delete_current(self) -> None:
        """Ask, then delete the chosen introduction or record of something sent."""
        entry = self.current_entry()
        if entry is None:
            return
        line = entry.line(self._today())
        if entry.introduction is not None:
            title, doing = "Delete introduction", "delete the introduction"
            text = f"Delete the introduction “{line}” for good? The people in it stay in your journal."
        else:
            who = entry.sent_to.name if entry.sent_to is not None else "them"
            title, doing = "Delete sent item", "delete the record of what you sent"
            # On their own card it is plain whom it was sent to; elsewhere the question says.
            card_uuid = self.person.uuid if self.person is not None else None
            sent_uuid = entry.sent_to.uuid if entry.sent_to is not None else None
            to_whom = "" if card_uuid is not None and sent_uuid == card_uuid else f" (sent to {who})"
            text = f"Delete “{line}”{to_whom} for good? {first_name(who)} stays in your journal."
        if not messages.confirm(self, title, text, "Delete"):
            return
        with messages.reporting_errors(self, doing):
            if entry.introduction is not None:
                self._journal.introductions.delete(entry.uuid)
            else:
                self._journal.intermediaries.delete_sent(entry.uuid)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addActions([self.edit_action, self.delete_action])
        self.menu = menu
        menu.destroyed.connect(lambda _o=None: setattr(self, "menu", None))
        menu.popup(self.viewport().mapToGlobal(pos))


def action_button(action: QAction, parent: QWidget) -> QToolButton:
    """A small text button that does ``action`` and follows its enabled state."""
    button = QToolButton(parent)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAccessibleName(action.iconText())
    return button


class GiveTakePanel(QWidget):
    """Introduced me to, give & take verdict, a small given-vs-received chart per year, the
    introductions and things sent (newest first, to edit or delete), and buttons to record an
    introduction or something sent.

    Signals:
        openContactRequested(str): a linked person was clicked.
    """

    openContactRequested = Signal(str)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._person: PersonRef | None = None
        self.give_take: GiveTake | None = None
        self.dialog: IntroductionDialog | SentItemDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        heading = QLabel("Give and take", self)
        heading.setFont(theme.scaled_font(self.font(), 1.05, bold=True))
        layout.addWidget(heading)
        self.introduced_me_to_label = QLabel(self)
        self.introduced_me_to_label.setWordWrap(True)
        self.introduced_me_to_label.setTextFormat(Qt.TextFormat.RichText)
        self.introduced_me_to_label.linkActivated.connect(self.openContactRequested)
        layout.addWidget(self.introduced_me_to_label)
        self.verdict_label = QLabel(self)
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setObjectName("giveTakeVerdict")
        layout.addWidget(self.verdict_label)
        self.chart = ColumnChart(
            ("Given", "Received"), self, height=96, empty_text="Nothing either way yet.", stacked=False
        )
        self.chart.setAccessibleName("Given and received per year")
        layout.addWidget(self.chart)
        self.last_label = QLabel(self)
        self.last_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.last_label)
        self.entries = GiveTakeList(journal, self, max_rows=LIST_ROWS)
        self.entries.setObjectName("giveTakeEntries")
        self.entries.setAccessibleName("Introductions and things sent, newest first")
        self.entries.editRequested.connect(self.edit_introduction)
        self.entries.editSentRequested.connect(self.edit_sent)
        layout.addWidget(self.entries)
        buttons = QHBoxLayout()
        self.record_button = QPushButton("Record &introduction…", self)
        self.record_button.setToolTip("Who introduced, referred or helped whom — either way")
        self.record_button.clicked.connect(self.record_introduction)
        self.sent_button = QPushButton("Record s&ent…", self)
        self.sent_button.setToolTip("Note that you sent them your CV, availability or day rate")
        self.sent_button.clicked.connect(self.record_sent)
        self.edit_button = action_button(self.entries.edit_action, self)
        self.delete_button = action_button(self.entries.delete_action, self)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.sent_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)

    def tab_order(self) -> list[QWidget]:
        """The panel's focusable widgets in reading order (the card chains them)."""
        return [self.entries, self.record_button, self.sent_button, self.edit_button, self.delete_button]

    def set_contact(self, person: PersonRef | None, today: date) -> None:
        """Show give & take with ``person`` (None clears)."""
        self._person = person
        self.entries.person = person
        if person is None:
            self.give_take = None
            self._show_entries([])
            return
        try:
            data = self._journal.give_take.for_contact(person.uuid)
            entries = newest_first(
                self._journal.introductions.for_contact(person.uuid),
                self._journal.intermediaries.sent_to(person.uuid),
            )
        except NotFoundError:
            self.give_take = None
            self._show_entries([])
            return
        self._show_entries(entries)
        self.give_take = data
        first = first_name(person.name)
        if data.introduced_me_to:
            self.introduced_me_to_label.setText(
                f"{html.escape(first)} introduced you to {_links(data.introduced_me_to)}"
            )
        else:
            self.introduced_me_to_label.setText(f"{html.escape(first)} has not introduced you to anyone yet.")
        self.verdict_label.setText(data.verdict)
        self._colour_verdict()
        years = data.years[-RECENT_YEARS:]
        self.chart.set_columns(
            [str(y.year) for y in years], [(y.given.total, y.received.total) for y in years]
        )
        self.chart.setVisible(bool(years))
        parts = []
        if data.last_given_on:
            parts.append(f"last given {short_date(data.last_given_on, today)}")
        if data.last_received_on:
            parts.append(f"last received {short_date(data.last_received_on, today)}")
        text = "; ".join(parts)
        self.last_label.setText(text[:1].upper() + text[1:])  # not capitalize(): "1 Feb" stays so
        self.last_label.setVisible(bool(parts))

    def _show_entries(self, entries: list[GiveTakeEntry]) -> None:
        self.entries.set_entries(entries)
        for widget in (self.entries, self.edit_button, self.delete_button):
            widget.setVisible(bool(entries))

    def edit_introduction(self, uuid: str) -> None:
        """Open the introduction dialog on ``uuid`` (as stored now) to change it."""
        try:
            record = self._journal.introductions.get(uuid)
        except NetJournalError as error:
            messages.show_error(self, error, doing="open the introduction")
            return
        self._open(IntroductionDialog(self._journal, self, record=record))

    def edit_sent(self, record: SentItemRecord) -> None:
        """Open the sent-item dialog on ``record`` to correct it."""
        self._open(SentItemDialog(self._journal, self, record=record))

    def _colour_verdict(self) -> None:
        if self.give_take is None:
            return
        palette = self.palette()
        taking = self.give_take.balance < 0
        colour = theme.due_soon_colour(palette) if taking else theme.secondary_text(palette)
        theme.set_text_colour(self.verdict_label, colour)

    def changeEvent(self, event: QEvent) -> None:
        # The verdict's colour is set explicitly: follow a theme change, or it stays the old
        # theme's grey (unreadable on dark).
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._colour_verdict()
        super().changeEvent(event)

    def record_introduction(self) -> None:
        if self._person is None:
            return
        self._open(IntroductionDialog(self._journal, self, person=self._person))

    def record_sent(self) -> None:
        if self._person is None:
            return
        try:  # when I am free again, for the detail of availability sent
            plan = self._journal.intermediaries.availability_refresh()
        except NetJournalError as error:
            messages.show_error(self, error, doing="record what you sent")
            return
        available_from = plan.available_from if plan is not None else None
        self._open(SentItemDialog(self._journal, self, person=self._person, available_from=available_from))

    def _open(self, dialog: IntroductionDialog | SentItemDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()
