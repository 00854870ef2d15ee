"""The insights dashboard: is networking time being made, and is it paying off?"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from netjournal.services.changes import CONTACTS, CONVERSATIONS, FOLLOW_UPS, OPPORTUNITIES
from netjournal.services.insights import Dashboard
from netjournal.ui import theme
from netjournal.ui.network.charts import Bar, BarChart, ColumnChart
from netjournal.ui.network.loading import BackgroundLoader
from netjournal.ui.network.work_sources import SOURCE_SHORT

if TYPE_CHECKING:
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal


class _Figure(QWidget):
    """A big number with a caption under it. Signals: none."""

    def __init__(self, caption: str, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.value = QLabel("–", self)
        self.value.setFont(theme.scaled_font(self.font(), 1.9, bold=True))
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, value: str, colour: Any = None) -> None:
        self.value.setText(value)
        if colour is not None:
            theme.set_text_colour(self.value, colour)


class InsightsView(QWidget):
    """Rhythm, reach, new relationships and sources of work, as figures and charts.

    Signals:
        loaded(): the dashboard was (re)loaded.
    """

    loaded = Signal()

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.dashboard: Dashboard | None = None
        page = QWidget(self)
        page.setBackgroundRole(QPalette.ColorRole.Base)
        page.setAutoFillBackground(True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        self.headline = QLabel(page)
        self.headline.setWordWrap(True)
        self.headline.setFont(theme.scaled_font(self.font(), 1.15, bold=True))
        layout.addWidget(self.headline)
        figures = QGridLayout()
        figures.setHorizontalSpacing(28)
        self.streak_figure = _Figure("weeks in a row with 2+ conversations", page)
        self.longest_figure = _Figure("longest streak (weeks)", page)
        self.this_week_figure = _Figure("conversations this week", page)
        self.contacted_figure = _Figure("people contacted in the last 30 days", page)
        self.overdue_figure = _Figure("people overdue for contact", page)
        self.promises_figure = _Figure("follow-ups overdue", page)
        for n, figure in enumerate(
            (
                self.streak_figure,
                self.longest_figure,
                self.this_week_figure,
                self.contacted_figure,
                self.overdue_figure,
                self.promises_figure,
            )
        ):
            figures.addWidget(figure, n // 3, n % 3)
        layout.addLayout(figures)
        layout.addSpacing(8)
        layout.addWidget(self._heading("Conversations per week, last 12 months", page))
        self.weekly_chart = ColumnChart(("Conversations",), page, height=160, label_every=8)
        self.weekly_chart.setAccessibleName("Conversations per week")
        layout.addWidget(self.weekly_chart)
        layout.addSpacing(6)
        layout.addWidget(self._heading("New relationships per month", page))
        self.monthly_chart = ColumnChart(("New relationships",), page, height=130, label_every=2)
        self.monthly_chart.setAccessibleName("New relationships per month")
        layout.addWidget(self.monthly_chart)
        layout.addSpacing(6)
        layout.addWidget(self._heading("Where work comes from", page))
        self.sources_chart = BarChart(("Won", "All opportunities"), page)
        self.sources_chart.setAccessibleName("Opportunities by source")
        layout.addWidget(self.sources_chart)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.loader = BackgroundLoader(
            journal, journal.insights.dashboard, self._show, self, doing="load the insights"
        )
        self.loader.loaded.connect(self.loaded)
        self.loader.follow(changes, CONVERSATIONS, CONTACTS, FOLLOW_UPS, OPPORTUNITIES)

    @staticmethod
    def _heading(text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setFont(theme.scaled_font(parent.font(), 1.08, bold=True))
        return label

    def refresh(self) -> None:
        self.loader.request()

    def _show(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        palette = self.palette()
        streak = dashboard.streak
        weeks = dashboard.weekly_conversations
        recent = sum(w.conversations for w in weeks[-4:])
        self.headline.setText(
            f"{recent} conversation{'s' if recent != 1 else ''} in the last four weeks"
            + (
                f" — a {streak.current}-week streak. Keep it going."
                if streak.current >= 2
                else " — make time for networking this week."
            )
        )
        self.streak_figure.set_value(
            str(streak.current),
            theme.ok_colour(palette) if streak.current >= 2 else theme.due_soon_colour(palette),
        )
        self.longest_figure.set_value(str(streak.longest))
        self.this_week_figure.set_value(str(streak.this_week))
        reach = dashboard.reach
        self.contacted_figure.set_value(str(reach.contacted_30_days))
        self.overdue_figure.set_value(
            str(reach.overdue_people),
            theme.overdue_colour(palette) if reach.overdue_people else theme.ok_colour(palette),
        )
        self.promises_figure.set_value(
            str(reach.overdue_follow_ups),
            theme.overdue_colour(palette) if reach.overdue_follow_ups else theme.ok_colour(palette),
        )
        self.weekly_chart.set_columns(
            [f"{w.week_start.day} {w.week_start:%b}" for w in weeks],
            [(w.conversations,) for w in weeks],
            target=streak.minimum,
        )
        self.monthly_chart.set_columns(
            [f"{m.month:%b}" for m in dashboard.new_relationships],
            [(m.count,) for m in dashboard.new_relationships],
        )
        self.sources_chart.set_bars(
            [Bar(SOURCE_SHORT.get(s.source, s.source), (s.won, s.total)) for s in dashboard.sources]
        )

    def shutdown(self) -> None:
        self.loader.shutdown()
