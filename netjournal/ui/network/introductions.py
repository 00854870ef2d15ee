"""Who can introduce me? Type an organisation or a name; the best paths through people I know come first.

The search runs on Enter (or on picking an organisation from the completions), not at every
keystroke: on a journal of 10,000 people a full organisation name takes some 50 ms, but the
short prefixes typed on the way there match thousands of people and take 150-900 ms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
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
from netjournal.ui.formatting import ago
from netjournal.ui.messages import show_error
from netjournal.ui.network.loading import BackgroundLoader

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def where_to(result: IntroPathResult) -> str:
    """Whom the paths lead to: ``Helios Energy (5 people there)``, ``Dan Client`` (a person
    typed by name), ``3 people named “Emre”``, or an organisation and people together."""
    named = {p.uuid for p in result.named}
    parts = []
    if result.organisations:
        there = sum(1 for t in result.targets if t.uuid not in named)
        parts.append(f"{', '.join(result.organisations)} ({_people(there)} there)")
    if len(result.named) == 1:
        parts.append(result.named[0].name)
    elif result.named:
        parts.append(f"{_people(len(result.named))} named “{result.query}”")
    return " and ".join(parts)


def summary_text(result: IntroPathResult) -> str:
    """The line above the paths: how many ways in, to whom, or why there are none."""
    if not result.targets:
        return f"Nobody in your journal works at or is called “{result.query}”."
    if result.paths and len(result.targets) == 1 and result.named and result.paths[0].direct:
        others = len(result.paths) - 1
        more = f" {others} other way{'s' if others != 1 else ''} in below." if others else ""
        return f"You know {result.named[0].name} yourself: no introduction needed.{more}"
    if result.paths:
        ways = len(result.paths)
        return (
            f"{ways} way{'s' if ways != 1 else ''} in to {where_to(result)}. Best first; "
            "press Enter on a path to open the person to ask."
        )
    if result.named:
        return f"No path to {where_to(result)} yet: nobody you have spoken with knows them."
    people = len(result.targets)
    there = "the person there" if people == 1 else f"the {people} people there"
    return f"No path to {', '.join(result.organisations)} yet: nobody you have spoken with knows {there}."


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
        self._shown_for: str | None = None  # the text whose paths are shown, until it is edited
        # A short query takes a few hundred milliseconds at 10,000 people: off the GUI thread.
        self._query = ""
        self.loader = BackgroundLoader(
            journal, self._find, self._found, self, doing="find who can introduce you"
        )
        self.query_edit = QLineEdit(self)
        self.query_edit.setPlaceholderText("An organisation (Helios Energy) or a person's name")
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.returnPressed.connect(self.search)
        # Organisation names to pick from as you type (a name anywhere in them will do).
        self.organisation_names = QStringListModel(self)
        self.completer = QCompleter(self.organisation_names, self.query_edit)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.activated.connect(self._completed)
        self.query_edit.textEdited.connect(lambda _t: setattr(self, "_shown_for", None))
        self.query_edit.setCompleter(self.completer)
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

    def showEvent(self, event: QShowEvent) -> None:
        self.reload_organisations()
        super().showEvent(event)

    def reload_organisations(self) -> None:
        """Offer the journal's organisations as completions (read each time the tab is shown)."""
        try:
            names = [org.name for org in self._journal.organisations.list()]
        except NetJournalError as error:
            show_error(self, error, doing="list your organisations")
            return
        if names != self.organisation_names.stringList():
            self.organisation_names.setStringList(names)

    def _completed(self, _name: str) -> None:
        # Enter on a completion also presses Enter in the field: search once, whichever is
        # first (a click on a completion presses nothing else).
        QTimer.singleShot(0, self, self._search_unless_shown)

    def _search_unless_shown(self) -> None:
        if self._shown_for != self.query_edit.text().strip():
            self.search()

    def search(self) -> None:
        """Find paths for the text typed, on a worker thread (``searched`` once shown)."""
        text = self.query_edit.text().strip()
        if not text:
            return
        self._query = text
        self.loader.request()

    def _find(self) -> tuple[str, IntroPathResult]:
        query = self._query  # (the newest; an overtaken search is dropped by the loader)
        return query, self._journal.intro_paths.who_can_introduce(query)

    def _found(self, found: tuple[str, IntroPathResult]) -> None:
        text, result = found
        self.show_result(result)
        self._shown_for = text

    def shutdown(self) -> None:
        """Wait for a search under way (before the journal closes)."""
        self.loader.shutdown()

    def show_result(self, result: IntroPathResult) -> None:
        self.result = result
        self.model.set_paths(list(result.paths))
        self.summary.setForegroundRole(QPalette.ColorRole.WindowText)  # no longer the hint
        self.summary.setText(summary_text(result))
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
