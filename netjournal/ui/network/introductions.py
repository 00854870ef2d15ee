"""Who can introduce me? Type an organisation or a name; the best paths through people I know come first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError
from netjournal.services.intro_paths import IntroPath, IntroPathResult
from netjournal.ui import theme
from netjournal.ui.formatting import ago
from netjournal.ui.messages import show_error

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def path_strength(path: IntroPath) -> str:
    """Why a path holds: ``You know them: 12 conversations``, or each link's conversations and
    introductions (``You and Carla: 9 conversations; Dan: 2 shared conversations``)."""
    if path.direct:
        hop = path.hops[0]
        return f"You know them: {_count(hop.shared_conversations, 'conversation')}"
    parts = []
    for hop in path.hops[1:]:
        bits = []
        if hop.shared_conversations:
            bits.append(_count(hop.shared_conversations, "shared conversation"))
        if hop.introductions:
            bits.append(_count(hop.introductions, "introduction"))
        parts.append(f"{hop.person.name}: " + (", ".join(bits) or "linked"))
    first = path.hops[0]
    when = f", last together {ago(first.last_together)}" if first.last_together else ""
    mine = _count(first.shared_conversations, "conversation")
    return f"You and {first.person.name}: {mine}{when}; " + "; ".join(parts)


class IntroPathModel(QAbstractListModel):
    """Paths, best first: "You → Carla → Dan (Helios)" with why each link holds.

    Signals: none beyond QAbstractListModel's.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._paths: list[IntroPath] = []

    def set_paths(self, paths: list[IntroPath]) -> None:
        self.beginResetModel()
        self._paths = list(paths)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._paths)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._paths):
            return None
        path = self._paths[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{path.describe()}\n    {path_strength(path)}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            ask = f"Ask {path.introducer.name}" if path.introducer else "Contact them directly"
            return f"{ask}. {path_strength(path)}"
        if role == PATH_ROLE:
            return path
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class IntroPathsView(QWidget):
    """A query field, the paths found, and what could not be reached.

    Signals:
        searched(): results for a query were shown.
        openContactRequested(str): open the person to ask (or the target, when direct).
    """

    searched = Signal()
    openContactRequested = Signal(str)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.result: IntroPathResult | None = None
        self.query_edit = QLineEdit(self)
        self.query_edit.setPlaceholderText("An organisation (Helios Energy) or a person's name")
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.returnPressed.connect(self.search)
        label = QLabel("&Who can introduce me to", self)
        label.setBuddy(self.query_edit)
        self.find_button = QPushButton("&Find paths", self)
        self.find_button.setDefault(True)
        self.find_button.clicked.connect(self.search)
        self.query_edit.textChanged.connect(lambda t: self.find_button.setEnabled(bool(t.strip())))
        self.find_button.setEnabled(False)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setText(
            "Type an organisation or a person: the people you know who work there, or who know "
            "someone who does, come first — through shared conversations and introductions."
        )
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.model = IntroPathModel(self)
        self.view = QListView(self)
        self.view.setObjectName("introPaths")
        self.view.setAccessibleName("Paths, best first")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        self.view.setSpacing(2)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.activated.connect(self._activated)
        self.unreachable = QLabel(self)
        self.unreachable.setWordWrap(True)
        self.unreachable.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.query_edit, 1)
        row.addWidget(self.find_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.unreachable)
        self.setFocusProxy(self.query_edit)

    def search(self) -> None:
        """Find paths for the text typed (a few tens of ms on a large journal)."""
        text = self.query_edit.text().strip()
        if not text:
            return
        try:
            result = self._journal.intro_paths.who_can_introduce(text)
        except NetJournalError as error:
            show_error(self, error, doing="find who can introduce you")
            return
        self.show_result(result)

    def show_result(self, result: IntroPathResult) -> None:
        self.result = result
        self.model.set_paths(list(result.paths))
        theme.set_text_colour(self.summary, self.palette().color(QPalette.ColorRole.WindowText))
        if not result.targets:
            self.summary.setText(f"Nobody in your journal works at or is called “{result.query}”.")
        else:
            where = ", ".join(result.organisations) if result.organisations else result.query
            people = len(result.targets)
            if result.paths:
                self.summary.setText(
                    f"{len(result.paths)} way{'s' if len(result.paths) != 1 else ''} in to {where} "
                    f"({people} {'person' if people == 1 else 'people'} there). Best first; "
                    "press Enter on a path to open the person to ask."
                )
            else:
                self.summary.setText(
                    f"No path to {where} yet: nobody you have spoken with knows the "
                    f"{people} {'person' if people == 1 else 'people'} there."
                )
        if result.unreachable and result.paths:
            names = ", ".join(p.name for p in result.unreachable[:8])
            more = f" and {len(result.unreachable) - 8} more" if len(result.unreachable) > 8 else ""
            self.unreachable.setText(f"No path yet to: {names}{more}.")
        else:
            self.unreachable.setText("")
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.searched.emit()

    def _activated(self, index: QModelIndex) -> None:
        path: IntroPath | None = index.data(PATH_ROLE)
        if path is not None:
            person = path.introducer or path.target
            self.openContactRequested.emit(person.uuid)
