"""The Network page: where work comes from, intermediaries, who can introduce me, insights."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from netjournal.ui.network.insights import InsightsView
from netjournal.ui.network.intermediaries import IntermediariesView
from netjournal.ui.network.introductions import IntroPathsView
from netjournal.ui.network.work_sources import WorkSourcesView

if TYPE_CHECKING:
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal

TABS = ("work", "intermediaries", "introductions", "insights")


class NetworkPage(QWidget):
    """Four tabs over the networking analyses; each loads when first shown.

    Signals:
        openContactRequested(str): open a person's card (from any tab).
    """

    openContactRequested = Signal(str)

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.work = WorkSourcesView(journal, changes, self)
        self.intermediaries = IntermediariesView(journal, changes, self)
        self.introductions = IntroPathsView(journal, self)
        self.insights = InsightsView(journal, changes, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("networkTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.work, "&Where work comes from")
        self.tabs.addTab(self.intermediaries, "I&ntermediaries")
        self.tabs.addTab(self.introductions, "Who can &introduce me?")
        self.tabs.addTab(self.insights, "In&sights")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        for view in (self.work, self.intermediaries, self.introductions):
            view.openContactRequested.connect(self.openContactRequested)

    def show_tab(self, name: str) -> None:
        views = dict(
            zip(TABS, (self.work, self.intermediaries, self.introductions, self.insights), strict=True)
        )
        view = views.get(name, self.work)
        self.tabs.setCurrentWidget(view)
        if view is self.introductions:
            self.introductions.query_edit.setFocus()
            self.introductions.query_edit.selectAll()

    def shutdown(self) -> None:
        for view in (self.work, self.intermediaries, self.introductions, self.insights):
            view.shutdown()
