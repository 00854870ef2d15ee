"""The selected contact's card: every field editable in place, common ground and their world first.

Edits are saved through ``journal.contacts.update`` when a field is left (Enter, Tab, a
click elsewhere), after a pause in typing, when another contact is chosen, and on Ctrl+S.
The card re-reads the contact when the change signal says it changed, without overwriting
a field the user is still editing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QRect, QRectF, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError, NotFoundError
from netjournal.services.changes import (
    CONTACTS,
    FOLLOW_UPS,
    INTRODUCTIONS,
    ORGANISATIONS,
    SENT_ITEMS,
    Change,
)
from netjournal.services.records import ContactRecord, FollowUpRecord, PersonRef
from netjournal.services.vocabulary import CONTACT_KINDS
from netjournal.ui import theme
from netjournal.ui.dialogs.follow_up_dialog import FollowUpDialog, delete_follow_up, edit_follow_up
from netjournal.ui.formatting import ago, kind_label, long_day, overdue_sentence, short_date
from netjournal.ui.icons import line_icon
from netjournal.ui.messages import show_error
from netjournal.ui.network.give_take import GiveTakePanel
from netjournal.ui.painting import draw_avatar
from netjournal.ui.widgets import EmptyState, GrowingTextEdit, InPlaceLineEdit, SectionPanel, show_text

if TYPE_CHECKING:
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal

NO_DATE = QDate(1900, 1, 1)
_SPLIT = re.compile(r"[,;\n]+")


def split_list(text: str) -> tuple[str, ...]:
    """``a@x.org, b@y.org`` → ``("a@x.org", "b@y.org")``."""
    return tuple(part.strip() for part in _SPLIT.split(text) if part.strip())


def normalised_tags(values: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        cleaned = " ".join(str(value).split()).lower()
        if cleaned:
            seen.setdefault(cleaned)
    return tuple(sorted(seen))


@dataclass(slots=True)
class _Binding:
    """One editable field: how to read the widget, fill it, and compare with the record.

    ``fill(record, reset)``: show the record's value; ``reset`` (another contact) also drops the
    widget's undo history, otherwise a widget already showing the value is left untouched.
    """

    name: str
    widget: QWidget
    read: Callable[[], Any]
    fill: Callable[[ContactRecord, bool], None]
    stored: Callable[[ContactRecord], Any]
    same: Callable[[Any, Any], bool] = lambda a, b: a == b


class Avatar(QWidget):
    """The contact's initials in a coloured circle. Signals: none."""

    def __init__(self, parent: QWidget | None = None, size: int = 56) -> None:
        super().__init__(parent)
        self._name = ""
        self._key = ""
        self.setFixedSize(size, size)

    def set_person(self, name: str, key: str) -> None:
        self._name, self._key = name, key
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        draw_avatar(painter, self.rect(), self._name, self._key, self.palette())
        painter.end()


class _Rule(QFrame):
    """A thin separator line drawn in a palette colour. Signals: none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(1)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(
            QRectF(self.rect()),
            theme.blend(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.15),
        )
        painter.end()


class ContactCard(QWidget):
    """Everything about one contact, editable in place.

    Signals:
        openContactRequested(str): show another contact (e.g. who introduced this one).
        chooseIntroducerRequested(): the user wants to pick who introduced this contact.
        archiveToggled(): the Archive/Restore button was pressed.
        briefRequested(): the Brief button was pressed (open the pre-meeting brief).
        saved(): edits were written to the journal.
    """

    openContactRequested = Signal(str)
    chooseIntroducerRequested = Signal()
    archiveToggled = Signal()
    briefRequested = Signal()
    saved = Signal()

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._record: ContactRecord | None = None
        self._bindings: list[_Binding] = []
        self._saving = False
        self.follow_up_dialog: FollowUpDialog | None = None

        self.stack = QStackedWidget(self)
        self.empty = EmptyState(
            "Nobody selected", "Choose someone from the list, or add a new contact with Ctrl+N.", self
        )
        self.empty.text.setMaximumWidth(460)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        # Long values never widen the page (fields shrink, labels wrap); in a pane narrower than
        # the page's minimum a scroll bar keeps everything reachable rather than cut off.
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.page = QWidget(self.scroll_area)
        self.page.setObjectName("contactCardPage")
        self.page.setAutoFillBackground(True)
        self._apply_page_palette()
        self.scroll_area.setWidget(self.page)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.scroll_area)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        layout = QVBoxLayout(self.page)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(12)
        self._build_header(layout)
        self._build_panels(layout)
        self._build_follow_ups(layout)
        self.give_take_panel = GiveTakePanel(journal, self.page)
        self.give_take_panel.openContactRequested.connect(self.openContactRequested)
        layout.addWidget(self.give_take_panel)
        self._build_details(layout)
        layout.addStretch(1)
        self._build_bindings()
        self._set_tab_order()

        changes.changed.connect(self._on_change)
        self._refresh_completers()
        self.stack.setCurrentWidget(self.empty)

    # -- building ---------------------------------------------------------------------------
    def _build_header(self, layout: QVBoxLayout) -> None:
        self.archived_banner = QLabel(self.page)
        self.archived_banner.setWordWrap(True)
        self.archived_banner.setText(
            "Archived — hidden from the list and reminders. Restore to bring them back."
        )
        self.archived_banner.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.archived_banner)

        top = QHBoxLayout()
        top.setSpacing(14)
        self.avatar = Avatar(self.page, 60)
        top.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(0)
        self.name_edit = InPlaceLineEdit(self.page, placeholder="Name")
        self.name_edit.setFont(theme.scaled_font(self.font(), 1.6, bold=True))
        self.name_edit.setAccessibleName("Name")
        self.name_edit.setObjectName("nameEdit")
        names.addWidget(self.name_edit)
        # "Role at Organisation" reads as one line while it fits; in a narrow pane "at
        # Organisation" moves to a line of its own rather than clip either value.
        job = WrappingRow(wrap_from=1, spacing=2)  # the fields' own margins space the words
        self.role_edit = InPlaceLineEdit(self.page, placeholder="Role")
        self.role_edit.setAccessibleName("Role")
        at = QLabel("at", self.page)
        at.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.organisation_edit = InPlaceLineEdit(self.page, placeholder="Organisation")
        self.organisation_edit.setAccessibleName("Organisation")
        job.addWidget(self.role_edit)
        job.addWidget(at)
        job.addWidget(self.organisation_edit)
        names.addLayout(job)
        meta = QHBoxLayout()
        meta.setContentsMargins(0, 6, 0, 0)
        meta.setSpacing(8)
        self.kind_combo = QComboBox(self.page)
        for kind in CONTACT_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.kind_combo.setAccessibleName("Kind of contact")
        self.kind_combo.setToolTip("What kind of contact (sets the default keep-in-touch rhythm)")
        self.kind_combo.setMinimumWidth(72)  # in a narrow pane it may shrink (and elide)
        kind_label_widget = QLabel("&Kind", self.page)
        kind_label_widget.setBuddy(self.kind_combo)
        kind_label_widget.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        meta.addWidget(kind_label_widget)
        meta.addWidget(self.kind_combo)
        meta.addStretch(1)
        names.addLayout(meta)
        self.status_label = QLabel(self.page)
        self.status_label.setWordWrap(True)
        self.status_label.setContentsMargins(0, 4, 0, 0)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        names.addWidget(self.status_label)
        top.addLayout(names, 1)
        self.archive_button = QToolButton(self.page)
        self.archive_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.archive_button.setAutoRaise(True)
        self.archive_button.clicked.connect(self.archiveToggled)
        self.brief_button = QToolButton(self.page)
        self.brief_button.setText("Brief")
        self.brief_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.brief_button.setAutoRaise(True)
        self.brief_button.setToolTip("Pre-meeting brief on this person, printable (Ctrl+B)")
        self.brief_button.setAccessibleName("Open the pre-meeting brief")
        self.brief_button.clicked.connect(self.briefRequested)
        buttons = QVBoxLayout()
        buttons.setSpacing(0)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.brief_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        layout.addLayout(top)

    def _build_panels(self, layout: QVBoxLayout) -> None:
        self.common_panel = SectionPanel(
            "Common ground",
            "What we share: places, people, interests, experiences.",
            self.page,
            warm=True,
            strength=0.13,
        )
        self.common_ground_edit = GrowingTextEdit(
            self.common_panel, placeholder="Same home town? Both ran a turnaround?"
        )
        self.common_ground_edit.setFont(theme.scaled_font(self.font(), 1.08))
        self.common_ground_edit.setAccessibleName("Common ground")
        self.common_ground_edit.setObjectName("commonGroundEdit")
        self.common_panel.body.addWidget(self.common_ground_edit)
        layout.addWidget(self.common_panel)

        self.world_panel = SectionPanel(
            "Their world",
            "Their challenges, goals, and what they are working on now.",
            self.page,
            strength=0.1,
        )
        self.their_world_edit = GrowingTextEdit(self.world_panel, placeholder="What keeps them up at night?")
        self.their_world_edit.setFont(theme.scaled_font(self.font(), 1.08))
        self.their_world_edit.setAccessibleName("Their world")
        self.their_world_edit.setObjectName("theirWorldEdit")
        self.world_panel.body.addWidget(self.their_world_edit)
        layout.addWidget(self.world_panel)

        self.help_panel = SectionPanel(
            "How I can help",
            "An introduction, an article, an idea — without expecting anything back.",
            self.page,
            strength=0.04,
        )
        self.how_i_can_help_edit = GrowingTextEdit(
            self.help_panel, placeholder="Who should they meet?", min_lines=1
        )
        self.how_i_can_help_edit.setAccessibleName("How I can help")
        self.help_panel.body.addWidget(self.how_i_can_help_edit)
        layout.addWidget(self.help_panel)

    def _build_follow_ups(self, layout: QVBoxLayout) -> None:
        self.follow_ups_box = QWidget(self.page)
        box = QVBoxLayout(self.follow_ups_box)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(4)
        heading = QLabel("Open follow-ups", self.follow_ups_box)
        heading.setFont(theme.scaled_font(self.font(), 1.05, bold=True))
        box.addWidget(heading)
        self.follow_ups_list = QVBoxLayout()
        self.follow_ups_list.setSpacing(2)
        box.addLayout(self.follow_ups_list)
        layout.addWidget(self.follow_ups_box)

    def _build_details(self, layout: QVBoxLayout) -> None:
        layout.addSpacing(4)
        layout.addWidget(_Rule(self.page))
        heading = QLabel("Details", self.page)
        heading.setFont(theme.scaled_font(self.font(), 1.05, bold=True))
        layout.addWidget(heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow pane: label above
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)

        def row(text: str, field: QWidget, name: str) -> None:
            label = QLabel(text, self.page)
            label.setBuddy(field)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            field.setAccessibleName(name)
            form.addRow(label, field)

        self.emails_edit = QLineEdit(self.page)
        self.emails_edit.setPlaceholderText("name@example.com, …")
        row("&Email", self.emails_edit, "Email addresses")
        self.phones_edit = QLineEdit(self.page)
        self.phones_edit.setPlaceholderText("+44 20 7946 0000, …")
        row("&Phone", self.phones_edit, "Phone numbers")
        self.links_edit = QLineEdit(self.page)
        self.links_edit.setPlaceholderText("LinkedIn, website, …")
        row("L&inks", self.links_edit, "Links")
        self.location_edit = QLineEdit(self.page)
        self.location_edit.setPlaceholderText("City, country")
        row("L&ocation", self.location_edit, "Location")
        self.how_we_met_edit = QLineEdit(self.page)
        self.how_we_met_edit.setPlaceholderText("Where and how we first met")
        row("&How we met", self.how_we_met_edit, "How we met")
        self.met_on_edit = QDateEdit(self.page)
        self.met_on_edit.setCalendarPopup(True)
        self.met_on_edit.setMinimumDate(NO_DATE)
        self.met_on_edit.setSpecialValueText("Not set")
        self.met_on_edit.setDisplayFormat("d MMM yyyy")
        row("Met o&n", self.met_on_edit, "Date we met")

        intro = QWidget(self.page)
        intro_row = QHBoxLayout(intro)
        intro_row.setContentsMargins(0, 0, 0, 0)
        self.introducer_label = QLabel(intro)
        self.introducer_label.setTextFormat(Qt.TextFormat.RichText)
        self.introducer_label.setWordWrap(True)
        self.introducer_label.linkActivated.connect(self.openContactRequested)
        self.introducer_button = QPushButton("Choose…", intro)
        self.introducer_button.setAccessibleName("Choose who introduced us")
        self.introducer_button.clicked.connect(self.chooseIntroducerRequested)
        self.introducer_clear = QToolButton(intro)
        self.introducer_clear.setText("Clear")
        self.introducer_clear.setAccessibleName("Clear who introduced us")
        self.introducer_clear.setAutoRaise(True)
        self.introducer_clear.clicked.connect(lambda: self.set_introducer(None))
        intro_row.addWidget(self.introducer_label, 1)
        intro_row.addWidget(self.introducer_button)
        intro_row.addWidget(self.introducer_clear)
        label = QLabel("Introduced &by", self.page)
        label.setBuddy(self.introducer_button)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(label, intro)

        self.cadence_spin = QSpinBox(self.page)
        self.cadence_spin.setRange(0, 3650)
        self.cadence_spin.setSuffix(" days")
        self.cadence_spin.setSpecialValueText("Default for their kind")
        row("Keep in &touch every", self.cadence_spin, "Keep in touch every so many days")
        self.tags_edit = QLineEdit(self.page)
        self.tags_edit.setPlaceholderText("board, finance, alumni, …")
        row("T&ags", self.tags_edit, "Tags, separated by commas")
        self.notes_edit = GrowingTextEdit(
            self.page, placeholder="Anything else worth remembering", min_lines=3
        )
        self.notes_edit.setFrameShape(QFrame.Shape.StyledPanel)
        row("No&tes", self.notes_edit, "Notes")
        layout.addLayout(form)

        self.footer_label = QLabel(self.page)
        self.footer_label.setWordWrap(True)
        self.footer_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.footer_label.setFont(theme.scaled_font(self.font(), 0.9))
        layout.addWidget(self.footer_label)

    def _build_bindings(self) -> None:
        def text(edit: QLineEdit, field: str) -> _Binding:
            return _Binding(
                field,
                edit,
                lambda: edit.text().strip(),
                lambda r, reset: _show_stored_text(edit, getattr(r, field), reset=reset),
                lambda r: getattr(r, field),
            )

        def multi(edit: GrowingTextEdit, field: str) -> _Binding:
            return _Binding(
                field,
                edit,
                edit.toPlainText,
                lambda r, reset: edit.set_plain(getattr(r, field), reset=reset),
                lambda r: getattr(r, field),
                lambda a, b: a.strip() == b.strip(),
            )

        def listed(
            edit: QLineEdit, field: str, stored: Callable[[ContactRecord], tuple[str, ...]]
        ) -> _Binding:
            return _Binding(
                field,
                edit,
                lambda: split_list(edit.text()),
                lambda r, reset: show_text(edit, ", ".join(stored(r)), reset=reset),
                stored,
            )

        def set_kind(record: ContactRecord, _reset: bool) -> None:
            index = max(0, self.kind_combo.findData(record.kind))
            if self.kind_combo.currentIndex() != index:
                self.kind_combo.setCurrentIndex(index)

        def set_met_on(record: ContactRecord, _reset: bool) -> None:
            met_on = record.met_on
            value = QDate(met_on.year, met_on.month, met_on.day) if met_on else NO_DATE
            if self.met_on_edit.date() != value:  # setDate would rewrite the text under the cursor
                self.met_on_edit.setDate(value)

        def set_cadence(record: ContactRecord, _reset: bool) -> None:
            value = record.keep_in_touch_days or 0
            if self.cadence_spin.value() != value:
                self.cadence_spin.setValue(value)

        self._bindings = [
            text(self.name_edit, "name"),
            text(self.role_edit, "role"),
            text(self.organisation_edit, "organisation"),
            _Binding("kind", self.kind_combo, self.kind_combo.currentData, set_kind, lambda r: r.kind),
            multi(self.common_ground_edit, "common_ground"),
            multi(self.their_world_edit, "their_world"),
            multi(self.how_i_can_help_edit, "how_i_can_help"),
            listed(self.emails_edit, "emails", lambda r: tuple(r.emails)),
            listed(self.phones_edit, "phones", lambda r: tuple(r.phones)),
            listed(self.links_edit, "links", lambda r: tuple(r.links)),
            text(self.location_edit, "location"),
            text(self.how_we_met_edit, "how_we_met"),
            _Binding("met_on", self.met_on_edit, self._read_met_on, set_met_on, lambda r: r.met_on),
            _Binding(
                "keep_in_touch_days",
                self.cadence_spin,
                lambda: self.cadence_spin.value() or None,
                set_cadence,
                lambda r: r.keep_in_touch_days,
            ),
            _Binding(
                "tags",
                self.tags_edit,
                lambda: split_list(self.tags_edit.text()),
                lambda r, reset: show_text(self.tags_edit, ", ".join(r.tags), reset=reset),
                lambda r: r.tags,
                lambda a, b: normalised_tags(a) == normalised_tags(b),
            ),
            multi(self.notes_edit, "notes"),
        ]
        for edit in (self.name_edit, self.role_edit, self.organisation_edit):
            edit.committed.connect(self.save_pending)
        for line in (
            self.emails_edit,
            self.phones_edit,
            self.links_edit,
            self.location_edit,
            self.how_we_met_edit,
            self.tags_edit,
        ):
            line.editingFinished.connect(self.save_pending)
        for text_edit in (
            self.common_ground_edit,
            self.their_world_edit,
            self.how_i_can_help_edit,
            self.notes_edit,
        ):
            text_edit.committed.connect(self.save_pending)
        self.kind_combo.activated.connect(lambda _i: self.save_pending())
        self.met_on_edit.editingFinished.connect(self.save_pending)
        self.cadence_spin.editingFinished.connect(self.save_pending)
        self.cadence_spin.valueChanged.connect(lambda _v: self._update_cadence_text())

        self._org_names = QStringListModel(self)
        org_completer = QCompleter(self._org_names, self)
        org_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.organisation_edit.setCompleter(org_completer)

    def _set_tab_order(self) -> None:
        order = [
            self.name_edit,
            self.role_edit,
            self.organisation_edit,
            self.archive_button,
            self.brief_button,
            self.kind_combo,
            self.common_ground_edit,
            self.their_world_edit,
            self.how_i_can_help_edit,
            *self.give_take_panel.tab_order(),
            self.emails_edit,
            self.phones_edit,
            self.links_edit,
            self.location_edit,
            self.how_we_met_edit,
            self.met_on_edit,
            self.introducer_button,
            self.introducer_clear,
            self.cadence_spin,
            self.tags_edit,
            self.notes_edit,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def set_journal_empty(self, empty: bool) -> None:
        """What the card says when nobody is selected: a welcome in an empty journal."""
        if empty:
            self.empty.set_text(
                "Your journal of working relationships",
                "For each person, keep what you share, what their world looks like, what you talked "
                "about and what you promised. It stays encrypted on this computer.",
            )
        else:
            self.empty.set_text(
                "Nobody selected", "Choose someone from the list, or add a new contact with Ctrl+N."
            )

    def _apply_page_palette(self) -> None:
        """The card reads like a page (the base colour); in the dark, fields sit a shade lighter
        so they stay visible."""
        palette = QPalette(self.palette())
        base = palette.color(QPalette.ColorRole.Base)
        palette.setColor(QPalette.ColorRole.Window, base)
        if theme.is_dark(palette):
            palette.setColor(QPalette.ColorRole.Base, base.lighter(130))
        self.page.setPalette(palette)
        self.page.setBackgroundRole(QPalette.ColorRole.Window)
        for edit in self.page.findChildren(InPlaceLineEdit):
            edit.refresh_palette()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_page_palette()
            if self._record is not None:
                self._fill(self._record, force=False)
        super().changeEvent(event)

    def first_field(self) -> QWidget:
        return self.name_edit

    def sizeHint(self) -> QSize:
        return QSize(520, 700)

    # -- reading ----------------------------------------------------------------------------
    def _read_met_on(self) -> date | None:
        value = self.met_on_edit.date()
        return None if value == NO_DATE else value.toPython()  # type: ignore[return-value]

    def _today(self) -> date:
        return self._journal.clock().astimezone().date()

    @property
    def contact_uuid(self) -> str | None:
        return self._record.uuid if self._record is not None else None

    @property
    def record(self) -> ContactRecord | None:
        return self._record

    def set_contact(self, uuid: str | None) -> None:
        """Show ``uuid`` (saving edits to the previous contact first); None shows the empty state."""
        if self._record is not None and self._record.uuid == uuid:
            return
        self.save_pending()
        record = None
        if uuid is not None:
            try:
                record = self._journal.contacts.get(uuid)
            except NotFoundError:
                record = None
        self._record = record
        if record is None:
            self.stack.setCurrentWidget(self.empty)
            return
        self._fill(record, force=True)
        self._refresh_give_take()
        self.stack.setCurrentWidget(self.scroll_area)
        self.scroll_area.verticalScrollBar().setValue(0)

    def _fill(self, record: ContactRecord, *, force: bool) -> None:
        """Show ``record``. ``force`` (another contact, or a refused edit) replaces every field;
        otherwise a field the user is typing in is never rewritten under their cursor."""
        previous = self._record
        self._record = record
        focus = QApplication.focusWidget()
        for binding in self._bindings:
            widget = binding.widget
            if not force and focus is not None and (focus is widget or widget.isAncestorOf(focus)):
                shown = binding.read()
                if binding.same(shown, binding.stored(record)):
                    continue  # it already says that (perhaps with the user's spacing): leave it be
                if previous is not None and not binding.same(shown, binding.stored(previous)):
                    continue  # typed since the last save: the user's text wins until it is saved
            widget.blockSignals(True)
            try:
                binding.fill(record, force)
            finally:
                widget.blockSignals(False)
        for edit in (self.name_edit, self.role_edit, self.organisation_edit):
            edit.updateGeometry()  # their width follows their text (signals were blocked)
        self.avatar.set_person(record.name, record.uuid)
        self.archived_banner.setVisible(record.archived)
        self.archive_button.setText("Restore" if record.archived else "Archive")
        self.archive_button.setIcon(line_icon("archive", self.palette()))
        self.brief_button.setIcon(line_icon("brief", self.palette()))
        self.archive_button.setToolTip(
            "Bring this contact back to the list" if record.archived else "Hide from the list and reminders"
        )
        intro = record.introduced_by
        if intro is None:
            self.introducer_label.setText("Nobody recorded")
            self.introducer_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        else:
            self.introducer_label.setText(f'<a href="{intro.uuid}">{_escape(intro.name)}</a>')
            self.introducer_label.setForegroundRole(QPalette.ColorRole.WindowText)
        self.introducer_clear.setVisible(intro is not None)
        self._update_cadence_text()
        self._refresh_status(record)
        self._refresh_follow_ups()
        if previous is not None and previous.uuid == record.uuid and previous.name != record.name:
            self._refresh_give_take()  # its sentences name them (other changes: _on_change)
        created = short_date(record.created_at, self._today())
        updated = ago(record.updated_at, self._today())
        self.footer_label.setText(f"Added {created} · last edited {updated}")

    def _refresh_give_take(self) -> None:
        if self._record is not None:
            self.give_take_panel.set_contact(PersonRef(self._record.uuid, self._record.name), self._today())

    def _update_cadence_text(self) -> None:
        if self._record is None:
            return
        summary = self._summary()
        default = None
        if summary is not None and self._record.keep_in_touch_days is None:
            default = summary.cadence_days
        self.cadence_spin.setSpecialValueText(
            f"Default for their kind ({default} days)" if default else "Default for their kind (none)"
        )

    def _summary(self) -> Any:
        if self._record is None:
            return None
        try:
            return self._journal.contacts.summary(self._record.uuid)
        except NotFoundError:
            return None

    def _refresh_status(self, record: ContactRecord) -> None:
        summary = self._summary()
        today = self._today()
        if record.last_contact_at is None:
            last = "Never contacted"
        else:
            when = short_date(record.last_contact_at, today)
            last = f"Last contact {when} ({ago(record.last_contact_at, today)})"
        parts = [last]
        colour: Any = None
        if summary is not None:
            parts.append(overdue_sentence(summary.overdue_days, summary.cadence_days))
            if summary.overdue_days is not None and summary.overdue_days >= 0:
                colour = theme.overdue_colour(self.palette())
            elif summary.overdue_days is not None and summary.overdue_days > -8:
                colour = theme.due_soon_colour(self.palette())
        self.status_label.setText("\n".join(parts))
        theme.set_text_colour(
            self.status_label, colour if colour is not None else theme.secondary_text(self.palette())
        )

    def _refresh_follow_ups(self) -> None:
        while self.follow_ups_list.count():
            layout_item = self.follow_ups_list.takeAt(0)
            widget = layout_item.widget() if layout_item is not None else None
            if widget is not None:
                widget.deleteLater()
        items: list[FollowUpRecord] = []
        if self._record is not None:
            items = self._journal.follow_ups.for_contact(self._record.uuid)
        today = self._today()
        for item in items[:12]:
            row = _FollowUpRow(item, today, self._set_follow_up_done, self.follow_ups_box)
            row.editRequested.connect(self.edit_follow_up)
            row.deleteRequested.connect(self.delete_follow_up)
            self.follow_ups_list.addWidget(row)
        self.follow_ups_box.setVisible(bool(items))

    def follow_up_rows(self) -> list[_FollowUpRow]:
        """The rows of the open follow-ups, top to bottom."""
        rows = []
        for i in range(self.follow_ups_list.count()):
            layout_item = self.follow_ups_list.itemAt(i)
            widget = layout_item.widget() if layout_item is not None else None
            if isinstance(widget, _FollowUpRow):
                rows.append(widget)
        return rows

    def edit_follow_up(self, item: FollowUpRecord) -> None:
        """Open the dialog that corrects ``item`` (what, whose, when due)."""
        self.follow_up_dialog = edit_follow_up(self._journal, item, self)
        self.follow_up_dialog.finished.connect(lambda _r: setattr(self, "follow_up_dialog", None))

    def delete_follow_up(self, item: FollowUpRecord) -> None:
        delete_follow_up(self._journal, item, self)

    def _set_follow_up_done(self, uuid: str, done: bool) -> None:
        try:
            self._journal.follow_ups.set_done(uuid, done)
        except NetJournalError as error:
            show_error(self, error, doing="update the follow-up")
            self._refresh_follow_ups()  # the box shows what is stored again

    def _refresh_completers(self) -> None:
        self._org_names.setStringList([org.name for org in self._journal.organisations.list()])

    # -- saving -------------------------------------------------------------------------------
    def dirty_fields(self) -> dict[str, Any]:
        """The fields whose widget differs from the stored contact, as service arguments."""
        if self._record is None:
            return {}
        record = self._record
        return {b.name: b.read() for b in self._bindings if not b.same(b.read(), b.stored(record))}

    def save_pending(self) -> bool:
        """Write edited fields to the journal now; False if there was an error (shown)."""
        if self._record is None or self._saving:
            return True
        fields = self.dirty_fields()
        if not fields:
            return True
        self._saving = True
        uuid = self._record.uuid
        try:
            self._journal.contacts.update(uuid, **fields)
        except NetJournalError as error:
            show_error(self, error, doing="save the change")
            try:
                self._fill(self._journal.contacts.get(uuid), force=True)
            except NotFoundError:
                self.set_contact(None)
            return False
        finally:
            self._saving = False
        # Take the stored values as the new baseline now; the change signal refreshes the rest.
        self._record = self._journal.contacts.get(uuid)
        self.saved.emit()
        return True

    def set_introducer(self, uuid: str | None) -> None:
        """Record who introduced this contact (None: nobody)."""
        if self._record is None:
            return
        try:
            self._journal.contacts.update(self._record.uuid, introduced_by=uuid)
        except NetJournalError as error:
            show_error(self, error, doing="record who introduced you")

    # -- refreshing -------------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if change.touches(ORGANISATIONS):
            self._refresh_completers()
        if self._record is None:
            return
        uuid = self._record.uuid
        about_them = uuid in change.uuids or (change.touches(CONTACTS) and not change.uuids)
        # Follow-ups, organisations and introductions may not name this contact: re-read to be
        # safe (a few cheap queries).
        if about_them or change.touches(FOLLOW_UPS, ORGANISATIONS, INTRODUCTIONS):
            try:
                record = self._journal.contacts.get(uuid)
            except NotFoundError:
                self._record = None
                self.stack.setCurrentWidget(self.empty)
                return
            self._fill(record, force=False)
        # Give and take: only introductions and things sent change it, not the card's own saves.
        if change.touches(INTRODUCTIONS, SENT_ITEMS):
            self._refresh_give_take()


class _FollowUpRow(QWidget):
    """One open follow-up behind an empty check box (as on the timeline): ticking it marks the
    follow-up done. Right-click (or double-click) to correct it; Delete (its box focused) or the
    menu deletes it, after asking.

    Signals:
        editRequested(FollowUpRecord): the user wants to correct this follow-up.
        deleteRequested(FollowUpRecord): the user wants to delete it (not yet asked).
    """

    editRequested = Signal(object)
    deleteRequested = Signal(object)

    def __init__(
        self, item: FollowUpRecord, today: date, on_done: Callable[[str, bool], None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.item = item
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(self)
        self.check.setChecked(False)
        self.check.setToolTip("Tick when done; right-click to edit or delete")
        self.check.setAccessibleName(f"Mark done: {item.what}")
        self.check.toggled.connect(lambda done: on_done(item.uuid, done))
        who = "They promised: " if item.owner == "them" else ""
        self.text_label = QLabel(f"{who}{item.what}", self)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)  # "<b>" or "&" are what was typed
        self.text_label.setWordWrap(True)
        self.text_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Box, text and date share the first line's centre, however many lines the text wraps to.
        top = Qt.AlignmentFlag.AlignTop
        self.text_label.setAlignment(top | Qt.AlignmentFlag.AlignLeft)
        line = self.text_label.fontMetrics().lineSpacing()
        self.check.setMinimumHeight(line)
        layout.addWidget(self.check, 0, top)
        layout.addWidget(self.text_label, 1, top)
        if item.due_on is not None:
            due = QLabel(short_date(item.due_on, today), self)
            due.setMinimumHeight(line)
            overdue = item.due_on < today
            theme.set_text_colour(
                due,
                theme.overdue_colour(self.palette()) if overdue else theme.secondary_text(self.palette()),
            )
            due.setToolTip(f"Due {long_day(item.due_on)}" + (" (overdue)" if overdue else ""))
            layout.addWidget(due, 0, top)

        self.edit_action = QAction("&Edit follow-up…", self)
        self.edit_action.triggered.connect(lambda: self.editRequested.emit(self.item))
        self.done_action = QAction("&Mark done", self)
        self.done_action.triggered.connect(lambda: self.check.setChecked(True))
        self.delete_action = QAction("&Delete follow-up…", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(lambda: self.deleteRequested.emit(self.item))
        for action in (self.edit_action, self.done_action, self.delete_action):
            self.addAction(action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.editRequested.emit(self.item)
            return
        super().mouseDoubleClickEvent(event)


class WrappingRow(QLayout):
    """Items side by side at their preferred widths while they fit; otherwise the items from
    ``wrap_from`` on move, together, to a second line. No item is wider than the line, and the
    minimum width never depends on the items' text (a long value scrolls inside its field)."""

    def __init__(self, parent: QWidget | None = None, *, wrap_from: int, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._wrap_from = wrap_from
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        shown = [item for item in self._items if not item.isEmpty()]
        gap = self.spacing()
        wanted = sum(item.sizeHint().width() for item in shown) + gap * max(0, len(shown) - 1)
        first = [item for item in shown if self._items.index(item) < self._wrap_from]
        rest = [item for item in shown if item not in first]
        if wanted <= width or not first or not rest:
            return [shown] if shown else []
        return [first, rest]

    def _line_height(self, line: list[QLayoutItem]) -> int:
        return max(item.sizeHint().height() for item in line)

    def sizeHint(self) -> QSize:
        lines = self._lines(1 << 20)
        if not lines:
            return QSize(0, 0)
        (shown,) = lines
        gap = self.spacing()
        width = sum(item.sizeHint().width() for item in shown) + gap * (len(shown) - 1)
        return QSize(width, self._line_height(shown))

    def minimumSize(self) -> QSize:
        shown = [item for item in self._items if not item.isEmpty()]
        if not shown:
            return QSize(0, 0)
        gap = self.spacing()
        first = shown[: self._wrap_from]
        rest = shown[self._wrap_from :]
        width = max(
            sum(item.minimumSize().width() for item in part) + gap * max(0, len(part) - 1)
            for part in (first, rest)
        )
        return QSize(width, self._line_height(shown))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        gap = self.spacing()
        y = rect.y()
        for line in self._lines(rect.width()):
            height = self._line_height(line)
            x = rect.x()
            for item in line:
                room = rect.right() + 1 - x
                width = max(item.minimumSize().width(), min(item.sizeHint().width(), room))
                item_height = min(height, max(item.minimumSize().height(), item.sizeHint().height()))
                if apply:
                    item.setGeometry(QRect(x, y + (height - item_height) // 2, width, item_height))
                x += width + gap
            y += height
        return y - rect.y()


def _show_stored_text(edit: QLineEdit, text: str, *, reset: bool) -> None:
    """:func:`show_text`, without a completer popping up: a stored value shown is not typing
    (the organisation's completer would otherwise open its list on the card)."""
    completer = edit.completer()
    if completer is None:
        show_text(edit, text, reset=reset)
        return
    edit.setCompleter(None)  # type: ignore[arg-type]  # None detaches it (the stubs omit that)
    try:
        show_text(edit, text, reset=reset)
    finally:
        edit.setCompleter(completer)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
