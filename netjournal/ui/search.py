"""Search as you type: a field, a worker thread that runs the queries, and the result list.

Each keystroke hands the latest text to one worker thread; while a query runs, newer text
replaces any text still waiting (only the latest matters), so typing never waits for the
database and the list shows the newest finished results.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError
from netjournal.services.records import SearchHit
from netjournal.ui import theme
from netjournal.ui.icons import line_icon
from netjournal.ui.painting import draw_avatar, draw_item_panel, draw_marked_text, draw_pill, plain_snippet
from netjournal.ui.widgets import EmptyState

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_LABELS = {"contact": "Person", "organisation": "Organisation", "conversation": "Conversation"}


class SearchController(QObject):
    """Runs searches on a worker thread, latest text wins.

    Signals:
        resultsReady(str text, list hits, float ms): results for ``text`` (the newest query
            answered so far), with how long the query took in milliseconds.
        failed(str message): a search failed with an error the user can act on.
    """

    resultsReady = Signal(str, object, float)
    failed = Signal(str)
    _answered = Signal(int, str, object, float)

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._cond = threading.Condition()
        self._pending: tuple[int, str] | None = None
        self._stop = False
        self._thread: threading.Thread | None = None
        self._sequence = 0
        self._shown = 0
        self._answered.connect(self._on_answered, Qt.ConnectionType.QueuedConnection)

    def search(self, text: str) -> None:
        """Ask for results for ``text``; returns at once."""
        self._sequence += 1
        if not text.strip():
            self._shown = self._sequence
            self.resultsReady.emit(text, [], 0.0)
            return
        with self._cond:
            self._pending = (self._sequence, text)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="netjournal-search", daemon=True)
                self._thread.start()
            self._cond.notify()

    def shutdown(self) -> None:
        """Stop the worker thread (waits for a running query to end)."""
        with self._cond:
            self._stop = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def restart(self) -> None:
        """End the worker (and its connection); the next search starts a fresh one. After a
        passphrase change: a connection opened before it holds the old key."""
        self.shutdown()
        with self._cond:
            self._stop = False

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    while self._pending is None and not self._stop:
                        self._cond.wait()
                    if self._stop:
                        return
                    assert self._pending is not None
                    sequence, text = self._pending
                    self._pending = None
                started = time.perf_counter()
                try:
                    result: object = self._journal.search.search(text)
                except NetJournalError as error:
                    result = error
                except Exception as error:  # a bug: log it, keep the worker alive
                    log.exception("search failed")
                    result = error
                elapsed = (time.perf_counter() - started) * 1000
                self._answered.emit(sequence, text, result, elapsed)
        finally:
            self._journal.close_thread_connection()

    @Slot(int, str, object, float)
    def _on_answered(self, sequence: int, text: str, result: object, elapsed: float) -> None:
        if sequence < self._shown:
            return  # an older answer arriving after a newer one
        self._shown = sequence
        if isinstance(result, BaseException):
            self.failed.emit(str(result) if isinstance(result, NetJournalError) else "Search failed.")
            return
        self.resultsReady.emit(text, list(result), elapsed)  # type: ignore[call-overload]


class SearchResultsModel(QAbstractListModel):
    """The hits of the latest search, in the service's order.

    Signals: none beyond QAbstractListModel's.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self.text = ""

    def set_hits(self, text: str, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.text = text
        self._hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            parts = [KIND_LABELS.get(hit.kind, hit.kind), hit.title, hit.subtitle, plain_snippet(hit.snippet)]
            return ". ".join(p for p in parts if p)
        if role == HIT_ROLE:
            return hit
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def hit_at(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None


class SearchHitDelegate(QStyledItemDelegate):
    """Paints a hit: kind badge, title, subtitle, and the snippet with matched words marked.

    Signals: none.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 3 + 20)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit: SearchHit | None = index.data(HIT_ROLE)
        if hit is None:
            return
        look = draw_item_panel(self, painter, option, index)
        palette, rect, font, selected = look.palette, look.rect, look.font, look.selected
        text, muted = look.text, look.muted
        metrics = QFontMetrics(font)
        line = metrics.height()
        pad = 8
        painter.save()
        size = line * 2
        avatar = QRect(rect.left() + pad, rect.top() + pad, size, size)
        if hit.kind == "contact":
            draw_avatar(painter, avatar, hit.title, hit.uuid, palette)
        else:
            icon = line_icon("organisation" if hit.kind == "organisation" else "conversation", palette, muted)
            icon.paint(painter, avatar.adjusted(4, 4, -4, -4))
        left = avatar.right() + 10
        right = rect.right() - pad
        small = theme.scaled_font(font, 0.85)
        badge_width = draw_pill(
            painter,
            QRect(left, rect.top() + pad, right - left, line),
            KIND_LABELS.get(hit.kind, hit.kind),
            muted,
            filled=True,
            font=small,
        )
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        title_rect = QRect(left, rect.top() + pad, right - left - badge_width - 6, line)
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(hit.title, Qt.TextElideMode.ElideRight, title_rect.width()),
        )
        painter.setFont(font)
        painter.setPen(muted)
        sub_rect = QRect(left, title_rect.bottom() + 2, right - left, line)
        painter.drawText(
            sub_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(hit.subtitle, Qt.TextElideMode.ElideRight, sub_rect.width()),
        )
        highlight = theme.warm_accent(palette)
        highlight.setAlphaF(0.55 if selected else 0.3)
        draw_marked_text(
            painter,
            QRect(left, sub_rect.bottom() + 2, right - left, line + 2),
            hit.snippet,
            font=font,
            colour=text,
            highlight=highlight,
        )
        painter.restore()


class SearchField(QLineEdit):
    """The one search box. Up/Down move through the results, Enter opens, Escape clears.

    Signals:
        moveRequested(int): move the result selection by this many rows.
        openRequested(): open the selected (or first) result.
        cleared(): the user pressed Escape.
    """

    moveRequested = Signal(int)
    openRequested = Signal()
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setPlaceholderText("Search people, organisations, conversations…  (Ctrl+F)")
        self.setAccessibleName("Search")
        self.setClearButtonEnabled(True)
        self.addAction(line_icon("search", self.palette()), QLineEdit.ActionPosition.LeadingPosition)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.moveRequested.emit(1)
        elif key == Qt.Key.Key_Up:
            self.moveRequested.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.moveRequested.emit(8)
        elif key == Qt.Key.Key_PageUp:
            self.moveRequested.emit(-8)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.openRequested.emit()
        elif key == Qt.Key.Key_Escape:
            self.clear()
            self.cleared.emit()
        else:
            super().keyPressEvent(event)


class SearchResultsPane(QWidget):
    """The results list (shown in place of the contact list while searching).

    Signals:
        hitActivated(SearchHit): the user opened a result (Enter, double-click).
        hitHighlighted(SearchHit): the selection moved to a result (to preview it).
        escapePressed(): Escape in the result list.
    """

    hitActivated = Signal(object)
    hitHighlighted = Signal(object)
    escapePressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SearchResultsModel(self)
        self.view = _ResultsView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(SearchHitDelegate(self.view))
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(self._highlighted)
        self.view.escapePressed.connect(self.escapePressed)
        self.status = QLabel(self)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status.setContentsMargins(10, 8, 10, 4)
        self.empty = EmptyState("Nothing found", "", self, icon=False)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.status)
        layout.addWidget(self.stack, 1)

    def show_hits(self, text: str, hits: list[SearchHit]) -> None:
        self.model.set_hits(text, hits)
        if hits:
            self.stack.setCurrentWidget(self.view)
            self.status.setText(f"{len(hits)} result{'s' if len(hits) != 1 else ''} for “{text.strip()}”")
            self.view.selectionModel().blockSignals(True)
            self.view.setCurrentIndex(self.model.index(0, 0))
            self.view.selectionModel().blockSignals(False)
        else:
            self.stack.setCurrentWidget(self.empty)
            self.status.setText("")
            self.empty.set_text(
                f"Nothing matches “{text.strip()}”",
                "Search looks in names, organisations, common ground, their world, notes and "
                "everything said in conversations. Try the start of a word.",
            )

    def move_selection(self, delta: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.view.currentIndex().row()
        row = min(max(0, (current if current >= 0 else -1) + delta), rows - 1)
        self.view.setCurrentIndex(self.model.index(row, 0))

    def current_hit(self) -> SearchHit | None:
        index = self.view.currentIndex()
        if not index.isValid():
            index = self.model.index(0, 0)
        return index.data(HIT_ROLE) if index.isValid() else None

    def _activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            self.hitActivated.emit(hit)

    def _highlighted(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = current.data(HIT_ROLE) if current.isValid() else None
        if hit is not None:
            self.hitHighlighted.emit(hit)


class _ResultsView(QListView):
    """Signals: escapePressed()."""

    escapePressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchResults")
        self.setAccessibleName("Search results")
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escapePressed.emit()
            return
        super().keyPressEvent(event)
