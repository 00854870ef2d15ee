"""The card's give & take section: who introduced whom, and what went each way, year by year."""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from netjournal.errors import NotFoundError
from netjournal.services.give_take import GiveTake
from netjournal.services.records import PersonRef
from netjournal.ui import theme
from netjournal.ui.dialogs.introduction_dialog import IntroductionDialog
from netjournal.ui.dialogs.sent_item_dialog import SentItemDialog
from netjournal.ui.formatting import short_date
from netjournal.ui.network.charts import ColumnChart

if TYPE_CHECKING:
    from netjournal.services.journal import Journal

RECENT_YEARS = 6


def _links(people: tuple[PersonRef, ...]) -> str:
    return ", ".join(f'<a href="{html.escape(p.uuid)}">{html.escape(p.name)}</a>' for p in people)


class GiveTakePanel(QWidget):
    """Introduced me to, give & take verdict, a small given-vs-received chart per year, and
    buttons to record an introduction or something sent.

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
        buttons = QHBoxLayout()
        self.record_button = QPushButton("Record &introduction…", self)
        self.record_button.setToolTip("Who introduced, referred or helped whom — either way")
        self.record_button.clicked.connect(self.record_introduction)
        self.sent_button = QPushButton("Record s&ent…", self)
        self.sent_button.setToolTip("Note that you sent them your CV, availability or day rate")
        self.sent_button.clicked.connect(self.record_sent)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.sent_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def set_contact(self, person: PersonRef | None, today: date) -> None:
        """Show give & take with ``person`` (None clears)."""
        self._person = person
        if person is None:
            self.give_take = None
            return
        try:
            data = self._journal.give_take.for_contact(person.uuid)
        except NotFoundError:
            self.give_take = None
            return
        self.give_take = data
        first = person.name.split()[0] if person.name.split() else person.name
        if data.introduced_me_to:
            self.introduced_me_to_label.setText(
                f"{html.escape(first)} introduced you to {_links(data.introduced_me_to)}"
            )
        else:
            self.introduced_me_to_label.setText(f"{html.escape(first)} has not introduced you to anyone yet.")
        self.verdict_label.setText(data.verdict)
        palette = self.palette()
        colour = theme.due_soon_colour(palette) if data.balance < 0 else theme.secondary_text(palette)
        theme.set_text_colour(self.verdict_label, colour)
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
        self.last_label.setText(("; ".join(parts)).capitalize())
        self.last_label.setVisible(bool(parts))

    def record_introduction(self) -> None:
        if self._person is None:
            return
        self._open(IntroductionDialog(self._journal, self, person=self._person))

    def record_sent(self) -> None:
        if self._person is None:
            return
        self._open(SentItemDialog(self._journal, self, person=self._person))

    def _open(self, dialog: IntroductionDialog | SentItemDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()
