"""A contact's conversations, newest first, with the follow-ups that came from them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NotFoundError
from netjournal.services.changes import CONTACTS, CONVERSATIONS, FOLLOW_UPS, Change
from netjournal.services.records import ConversationRecord, FollowUpRecord
from netjournal.ui import messages, theme
from netjournal.ui.dialogs.follow_up_dialog import FollowUpDialog, delete_follow_up, edit_follow_up
from netjournal.ui.formatting import ago, kind_label, literal_ampersands, long_date, short_date
from netjournal.ui.icons import line_icon
from netjournal.ui.widgets import EmptyState

if TYPE_CHECKING:
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal

Index = QModelIndex | QPersistentModelIndex

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

MAX_SUMMARY_LINES = 14


def describe(record: ConversationRecord, contact_uuid: str | None = None) -> str:
    """One conversation as a sentence (screen readers, tooltips)."""
    others = [p.name for p in record.participants if p.uuid != contact_uuid]
    parts = [f"{kind_label(record.channel)} on {long_date(record.occurred_at)}"]
    if record.place:
        parts.append(f"at {record.place}")
    if others:
        parts.append("with " + ", ".join(others))
    text = " ".join(parts) + "."
    if record.summary:
        text += " " + record.summary
    for item in record.follow_ups:
        text += f" Follow-up: {item.what}" + (" (done)." if item.done else ".")
    return text


def delete_question(record: ConversationRecord) -> str:
    """The question before deleting a conversation; it names its follow-ups only if it has some."""
    count = len(record.follow_ups)
    if not count:
        return "Delete this conversation for good?"
    return f"Delete this conversation and its {count} follow-up{'s' if count != 1 else ''} for good?"


def menu_label(text: str, limit: int = 40) -> str:
    """User text shortened for a menu entry, its "&"s kept literal (not read as a shortcut)."""
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return literal_ampersands(short)


class ConversationTimelineModel(QAbstractListModel):
    """One contact's conversations, newest first, fetched page by page from the service.

    Signals:
        totalChanged(int): how many conversations the contact has, after each reload.
    """

    PAGE = 50
    totalChanged = Signal(int)

    def __init__(self, journal: Journal, parent: Any = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._contact: str | None = None
        self._rows: list[ConversationRecord] = []
        self._total = 0

    @property
    def contact_uuid(self) -> str | None:
        return self._contact

    @property
    def total(self) -> int:
        return self._total

    def set_contact(self, uuid: str | None) -> None:
        self._contact = uuid
        self.reload(keep_loaded=False)

    def reload(self, *, keep_loaded: bool = True) -> None:
        wanted = max(self.PAGE, len(self._rows)) if keep_loaded else self.PAGE
        self.beginResetModel()
        self._rows, self._total = [], 0
        if self._contact is not None:
            try:
                service = self._journal.conversations
                self._total = service.timeline_count(self._contact)
                self._rows = service.timeline(self._contact, offset=0, limit=wanted)
            except NotFoundError:
                self._contact = None
                self._rows, self._total = [], 0
        self.endResetModel()
        self.totalChanged.emit(self._total)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._contact is not None and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._contact is None:
            return
        start = len(self._rows)
        page = self._journal.conversations.timeline(self._contact, offset=start, limit=self.PAGE)
        if not page:
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return record.summary
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return describe(record, self._contact)
        if role == UUID_ROLE:
            return record.uuid
        if role == RECORD_ROLE:
            return record
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def row_of(self, uuid: str, *, load: bool = False) -> int | None:
        """The row of conversation ``uuid``; with ``load``, fetch pages until it appears."""
        while True:
            for row, record in enumerate(self._rows):
                if record.uuid == uuid:
                    return row
            if not load or not self.canFetchMore(QModelIndex()):
                return None
            self.fetchMore(QModelIndex())

    def record_at(self, row: int) -> ConversationRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


class ConversationItemDelegate(QStyledItemDelegate):
    """Paints one conversation as a timeline entry: a dot on a rail, when/how/where, who else
    took part, what was said, and its follow-ups.

    Signals:
        followUpToggled(str uuid, bool done): the user clicked a follow-up's box.
    """

    followUpToggled = Signal(str, bool)

    RAIL = 26  # width of the timeline rail on the left
    PAD = 10

    def __init__(self, view: QListView, today: Any, contact_uuid: Any) -> None:
        super().__init__(view)
        self._view = view
        self._today = today
        self._contact_uuid = contact_uuid  # callable: whose timeline this is
        self._cache: dict[tuple[str, int, str], int] = {}
        # Where each follow-up's box was last painted (viewport coordinates): clicks land there.
        self._boxes: dict[str, list[tuple[QRect, str, bool]]] = {}
        # Where each follow-up's whole line was painted: a right-click there is about that one.
        self._lines: dict[str, list[tuple[QRect, str]]] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    def follow_up_at(self, conversation_uuid: str, point: QPoint) -> str | None:
        """The follow-up painted at ``point`` (viewport coordinates) in that conversation, if any."""
        for line, uuid in self._lines.get(conversation_uuid, []):
            if line.contains(point):
                return uuid
        return None

    # -- layout -------------------------------------------------------------------------------
    def _text_width(self) -> int:
        return max(120, self._view.viewport().width() - self.RAIL - 2 * self.PAD)

    def _summary_rect_height(self, font: QFont, text: str, width: int) -> int:
        if not text:
            return 0
        metrics = QFontMetrics(font)
        bound = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return min(bound.height(), metrics.lineSpacing() * MAX_SUMMARY_LINES)

    def _others(self, record: ConversationRecord) -> list[str]:
        me = self._contact_uuid()
        return [p.name for p in record.participants if p.uuid != me]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        record: ConversationRecord | None = index.data(RECORD_ROLE)
        if record is None:
            return QSize(0, 0)
        width = self._text_width()
        font: QFont = option.font
        key = (record.uuid, width, record.updated_at.isoformat() + str(len(record.follow_ups)))
        cached = self._cache.get(key)
        if cached is not None:
            return QSize(width, cached)
        metrics = QFontMetrics(font)
        height = self.PAD + metrics.height() + 4  # heading
        if self._others(record):
            height += metrics.height() + 2
        summary = self._summary_rect_height(font, record.summary, width)
        if summary:
            height += summary + 6
        height += len(record.follow_ups) * (metrics.height() + 6)
        height += self.PAD + 4
        self._cache[key] = height
        return QSize(width, height)

    # -- painting -----------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        record: ConversationRecord | None = index.data(RECORD_ROLE)
        if record is None:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        palette: QPalette = opt.palette
        rect: QRect = opt.rect
        font: QFont = opt.font
        state = opt.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        metrics = QFontMetrics(font)
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = theme.secondary_text(palette)
        accent = theme.accent(palette)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRectF(rect.adjusted(self.RAIL - 4, 3, -4, -3))
        if selected:
            painter.setPen(
                accent if focused else theme.blend(palette.color(QPalette.ColorRole.Base), accent, 0.5)
            )
            painter.setBrush(theme.tint(palette, 0.12))
            painter.drawRoundedRect(card, 7, 7)

        # The rail and the dot.
        rail_x = rect.left() + self.RAIL // 2
        painter.setPen(theme.blend(palette.color(QPalette.ColorRole.Base), muted, 0.45))
        painter.drawLine(rail_x, rect.top(), rail_x, rect.bottom())
        dot_y = rect.top() + self.PAD + metrics.height() // 2
        painter.setPen(palette.color(QPalette.ColorRole.Base))
        painter.setBrush(accent)
        painter.drawEllipse(QPoint(rail_x, dot_y), 5, 5)

        left = rect.left() + self.RAIL + self.PAD - 4
        width = self._text_width()
        y = rect.top() + self.PAD

        # Heading: date · channel · place, and how long ago on the right.
        bold = QFont(font)
        bold.setBold(True)
        when = short_date(record.occurred_at, self._today())
        heading = f"{when} · {kind_label(record.channel)}"
        since = ago(record.occurred_at, self._today())
        painter.setFont(font)
        since_width = metrics.horizontalAdvance(since)
        painter.setPen(muted)
        painter.drawText(
            QRect(left, y, width, metrics.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            since,
        )
        painter.setFont(bold)
        painter.setPen(text_colour)
        bold_metrics = QFontMetrics(bold)
        head_width = min(bold_metrics.horizontalAdvance(heading) + 4, width - since_width - 12)
        painter.drawText(
            QRect(left, y, head_width, metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            bold_metrics.elidedText(heading, Qt.TextElideMode.ElideRight, head_width),
        )
        if record.place:
            place_left = left + head_width + 6
            place_width = width - head_width - since_width - 18
            if place_width > 30:
                painter.setFont(font)
                painter.setPen(muted)
                painter.drawText(
                    QRect(place_left, y, place_width, metrics.height()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    metrics.elidedText(f"at {record.place}", Qt.TextElideMode.ElideRight, place_width),
                )
        y += metrics.height() + 4

        others = self._others(record)
        if others:
            painter.setFont(font)
            painter.setPen(muted)
            painter.drawText(
                QRect(left, y, width, metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText("Also with " + ", ".join(others), Qt.TextElideMode.ElideRight, width),
            )
            y += metrics.height() + 2

        summary_height = self._summary_rect_height(font, record.summary, width)
        if summary_height:
            painter.setFont(font)
            painter.setPen(text_colour)
            painter.save()
            clip = QRect(left, y, width, summary_height)
            painter.setClipRect(clip)
            painter.drawText(
                QRect(left, y, width, 100_000),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                record.summary,
            )
            painter.restore()
            y += summary_height + 6

        boxes = []
        lines = []
        for item in record.follow_ups:
            line = QRect(left, y, width, metrics.height() + 4)
            self._paint_follow_up(painter, line, item, font, palette)
            boxes.append((QRect(line.left() - 4, line.top(), 24, line.height()), item.uuid, item.done))
            lines.append((line.adjusted(-4, 0, 0, 0), item.uuid))
            y += metrics.height() + 6
        self._boxes[record.uuid] = boxes
        self._lines[record.uuid] = lines
        painter.restore()

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index) -> bool:
        """A click on a follow-up's box ticks it (or unticks it), as on the card."""
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            record: ConversationRecord | None = index.data(RECORD_ROLE)
            if record is not None and event.button() == Qt.MouseButton.LeftButton:
                point = event.position().toPoint()
                for box, uuid, done in self._boxes.get(record.uuid, []):
                    if box.contains(point):
                        self.followUpToggled.emit(uuid, not done)
                        return True
        return super().editorEvent(event, model, option, index)

    def _paint_follow_up(
        self, painter: QPainter, rect: QRect, item: FollowUpRecord, font: QFont, palette: QPalette
    ) -> None:
        metrics = QFontMetrics(font)
        today: date = self._today()
        box = QRectF(rect.left() + 1, rect.center().y() - 6, 12, 12)
        muted = theme.secondary_text(palette)
        overdue = not item.done and item.due_on is not None and item.due_on < today
        colour = theme.overdue_colour(palette) if overdue else theme.accent_text(palette)
        painter.setPen(colour if not item.done else muted)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box, 3, 3)
        if item.done:
            tick = QPointF(box.center().x() - 1, box.bottom() - 3)
            painter.drawLine(QPointF(box.left() + 3, box.center().y()), tick)
            painter.drawLine(tick, QPointF(box.right() - 2, box.top() + 3))
        who = "They promised" if item.owner == "them" else "Follow-up"
        due = ""
        if item.due_on is not None:
            due = f" · due {short_date(item.due_on, today)}"
            if overdue:
                due += " (overdue)"
        text = f"{who}: {item.what}{due}"
        f = QFont(font)
        f.setStrikeOut(item.done)
        painter.setFont(f)
        painter.setPen(muted if item.done else colour if overdue else palette.color(QPalette.ColorRole.Text))
        text_rect = QRect(rect.left() + 20, rect.top(), rect.width() - 20, rect.height())
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(f).elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width()),
        )
        del metrics


class TimelineView(QListView):
    """The timeline list: variable-height entries that re-wrap when resized.

    Signals: none beyond QListView's.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setAccessibleName("Conversations")
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSpacing(0)
        self.setWordWrap(True)


class TimelinePane(QWidget):
    """The heading, the timeline and its empty state, plus the conversation actions.

    Deleting a conversation, and correcting or deleting a follow-up, happen here: the pane asks
    (naming what goes), then calls the service; views refresh from the change signal.

    Signals:
        logRequested(): the user wants to log a new conversation with this contact.
        editRequested(str): edit the conversation with this UUID.
        followUpDoneRequested(str, bool): mark the follow-up with this UUID done (or not).
    """

    logRequested = Signal()
    editRequested = Signal(str)
    followUpDoneRequested = Signal(str, bool)

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.model = ConversationTimelineModel(journal, self)
        self._name = ""
        self.follow_up_dialog: FollowUpDialog | None = None

        self.title = QLabel("Conversations", self)
        self.title.setFont(theme.scaled_font(self.font(), 1.15, bold=True))
        self.count_label = QLabel(self)
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.log_button = QPushButton("Log…", self)
        self.log_button.setFlat(True)
        self.log_button.setIcon(line_icon("conversation", self.palette()))
        self.log_button.setToolTip("Log a conversation with this person (Ctrl+L)")
        self.log_button.setAccessibleName("Log a conversation with this person")
        self.log_button.clicked.connect(self.logRequested)

        header = QHBoxLayout()
        header.setContentsMargins(14, 10, 10, 6)
        header.setSpacing(8)
        header.addWidget(self.title)
        header.addWidget(self.count_label)
        header.addStretch(1)
        header.addWidget(self.log_button)

        self.view = TimelineView(self)
        self.delegate = ConversationItemDelegate(self.view, self._today, lambda: self.model.contact_uuid)
        self.view.setItemDelegate(self.delegate)
        self.delegate.followUpToggled.connect(self.followUpDoneRequested)
        self.view.setModel(self.model)
        self.view.activated.connect(self._edit_index)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        self.edit_action = QAction("&Edit conversation…", self)
        self.edit_action.triggered.connect(lambda: self._edit_index(self.view.currentIndex()))
        self.delete_action = QAction("&Delete conversation…", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self._delete_current)
        self.view.addAction(self.delete_action)

        self.empty = EmptyState("No conversations yet", "", self, icon=False)
        self.empty_button = self.empty.add_action(
            "Log your first conversation (Ctrl+L)", self.logRequested.emit
        )
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

        self.model.totalChanged.connect(self._update_state)
        changes.changed.connect(self._on_change)
        self._update_state(0)

    def _today(self) -> date:
        return self._journal.clock().astimezone().date()

    def set_contact(self, uuid: str | None, name: str = "") -> None:
        self._name = name
        self.delegate.clear_cache()
        self.model.set_contact(uuid)
        if self.model.rowCount() and uuid is not None:
            self.view.scrollToTop()

    def set_contact_name(self, name: str) -> None:
        self._name = name
        self._update_state(self.model.total)

    def select_conversation(self, uuid: str) -> bool:
        """Select (and show) one conversation, loading older pages if needed."""
        row = self.model.row_of(uuid, load=True)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def current_conversation(self) -> ConversationRecord | None:
        index = self.view.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def _update_state(self, total: int) -> None:
        has_contact = self.model.contact_uuid is not None
        self.log_button.setEnabled(has_contact)
        self.count_label.setText(f"{total:,}" if total else "")
        if total:
            self.stack.setCurrentWidget(self.view)
            return
        if has_contact:
            who = self._name or "this person"
            self.empty.set_text(
                "No conversations yet",
                f"What did you and {who} talk about? Log calls, meetings and messages here.",
            )
            self.empty_button.setVisible(True)
        else:
            self.empty.set_text("", "Conversations with the person you choose appear here, newest first.")
            self.empty_button.setVisible(False)
        self.stack.setCurrentWidget(self.empty)

    def _on_change(self, change: Change) -> None:
        if self.model.contact_uuid is None:
            return
        if change.touches(CONVERSATIONS, FOLLOW_UPS) or (
            change.touches(CONTACTS) and self.model.contact_uuid in change.uuids
        ):
            current = self.current_conversation()
            self.delegate.clear_cache()
            self.model.reload()
            if current is not None:
                row = self.model.row_of(current.uuid)
                if row is not None:
                    self.view.setCurrentIndex(self.model.index(row, 0))

    def _edit_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.editRequested.emit(index.data(UUID_ROLE))

    def _delete_current(self) -> None:
        record = self.current_conversation()
        if record is not None:
            self.delete_conversation(record)

    def delete_conversation(self, record: ConversationRecord) -> None:
        """Ask, then delete the conversation and the follow-ups that came from it."""
        if not messages.confirm(self, "Delete conversation", delete_question(record), "Delete"):
            return
        with messages.reporting_errors(self, "delete the conversation"):
            self._journal.conversations.delete(record.uuid, with_follow_ups=True)

    def edit_follow_up(self, item: FollowUpRecord) -> None:
        """Open the dialog that corrects ``item`` (what, whose, when due)."""
        self.follow_up_dialog = edit_follow_up(self._journal, item, self)
        self.follow_up_dialog.finished.connect(lambda _r: setattr(self, "follow_up_dialog", None))

    def delete_follow_up(self, item: FollowUpRecord) -> None:
        delete_follow_up(self._journal, item, self)

    def _add_follow_up_actions(self, menu: QMenu, item: FollowUpRecord, *, named: bool) -> None:
        """Mark done (or not), edit and delete ``item``; ``named`` puts its text in the labels."""
        what = f"“{menu_label(item.what)}” " if named else ""
        done = menu.addAction(f"Mark {what}{'not done' if item.done else 'done'}")
        done.triggered.connect(
            lambda _checked=False, u=item.uuid, d=not item.done: self.followUpDoneRequested.emit(u, d)
        )
        edit = menu.addAction("Edit follow-up…")
        edit.triggered.connect(lambda _checked=False, i=item: self.edit_follow_up(i))
        delete = menu.addAction("Delete follow-up…")
        delete.triggered.connect(lambda _checked=False, i=item: self.delete_follow_up(i))

    def context_menu_for(self, index: QModelIndex, pos: QPoint) -> QMenu | None:
        """The menu for the entry at ``index``, right-clicked at ``pos`` (viewport coordinates).

        A click on a follow-up's line (or an entry with just one) offers that follow-up's
        actions directly; an entry with several offers one submenu per follow-up.
        """
        record: ConversationRecord | None = index.data(RECORD_ROLE)
        if record is None:
            return None
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        hit = self.delegate.follow_up_at(record.uuid, pos)
        chosen = [item for item in record.follow_ups if item.uuid == hit]
        if not chosen and len(record.follow_ups) == 1:
            chosen = list(record.follow_ups)
        if chosen:
            menu.addSeparator()
            self._add_follow_up_actions(menu, chosen[0], named=True)
        elif record.follow_ups:
            menu.addSeparator()
            for item in record.follow_ups:
                sub = menu.addMenu(f"Follow-up “{menu_label(item.what)}”")
                self._add_follow_up_actions(sub, item, named=False)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = self.context_menu_for(index, pos)
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.view.viewport().mapToGlobal(pos))
