"""The quick-entry window: log a conversation in seconds, keyboard only, right after it happened.

Who (type-ahead over contacts, by name or organisation; several people allowed; a name that
matches no one becomes a new contact) → what was said → optionally channel, when ("yesterday
15:00"), where, common ground learned, a follow-up and its due date ("friday"). Ctrl+Enter saves
and closes; Esc closes, asking first if typed text would be lost.

Keys in *Who*: Up/Down move through the suggestions; Enter or "," takes the highlighted one and
stays for another person; Tab takes it and moves on to the note; Backspace in the empty field
removes the last person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QGuiApplication, QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError, ValidationError
from netjournal.services.records import PersonRef
from netjournal.services.vocabulary import CHANNELS
from netjournal.services.when_text import (
    DUE_EXAMPLES,
    WHEN_EXAMPLES,
    describe_due,
    describe_when,
    parse_due,
    parse_when,
)
from netjournal.ui import theme
from netjournal.ui.formatting import kind_label
from netjournal.ui.icons import app_icon
from netjournal.ui.widgets import ask_to_discard

if TYPE_CHECKING:
    from datetime import date, datetime

    from netjournal.services.journal import Journal

TITLE = "Quick entry — NetJournal"
SUGGESTIONS = 7
DEFAULT_DUE = "in a week"
_PERSON = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone in the entry: an existing contact (``uuid``) or a new one to create (``uuid`` None)."""

    name: str
    uuid: str | None = None


class WhoField(QLineEdit):
    """The *Who* field: reports the keys that drive the suggestion list.

    Signals:
        moveRequested(int): Up (-1) or Down (+1).
        takeRequested(): Enter or "," — take the highlighted suggestion, stay here.
        tabPressed(): Tab — take the highlighted suggestion; focus then moves on as usual.
        removeLastRequested(): Backspace in the empty field.
    """

    moveRequested = Signal(int)
    takeRequested = Signal()
    tabPressed = Signal()
    removeLastRequested = Signal()

    def event(self, event: QEvent) -> bool:
        # Tab never reaches keyPressEvent (QWidget moves focus first): catch it here.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.tabPressed.emit()
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, plain = event.key(), not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and plain:
            self.moveRequested.emit(-1 if key == Qt.Key.Key_Up else 1)
            return
        if (key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain) or event.text() == ",":
            self.takeRequested.emit()
            return
        if key == Qt.Key.Key_Backspace and not self.text() and plain:
            self.removeLastRequested.emit()
            return
        super().keyPressEvent(event)


class QuickEntryWindow(QWidget):
    """A small, always-on-top window that logs one conversation and closes.

    Signals:
        saved(str conversation_uuid, int people): the entry was saved (the window then hides).
        discarded(): the window closed without saving.
    """

    saved = Signal(str, int)
    discarded = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self._journal = journal
        self.people: list[Participant] = []
        self.discard_box: QMessageBox | None = None
        self._really_close = False
        self.setObjectName("quickEntry")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(app_icon())
        self._build()
        self.reset()

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.chips = QWidget(self)
        self.chips_layout = QHBoxLayout(self.chips)
        self.chips_layout.setContentsMargins(0, 0, 0, 0)
        self.chips_layout.setSpacing(4)
        self.chips_layout.addStretch(1)
        self.who_edit = WhoField(self)
        self.who_edit.setPlaceholderText("Name or organisation")
        self.who_edit.setToolTip(
            "Type a name or organisation. Tab takes the highlighted person and moves to the note; "
            "Enter takes them and stays here for another person."
        )
        self.who_edit.setAccessibleName("Who")
        self.who_edit.setClearButtonEnabled(True)
        self.suggestions = QListWidget(self)
        self.suggestions.setObjectName("quickEntrySuggestions")
        self.suggestions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.suggestions.setUniformItemSizes(True)
        self.suggestions.setAccessibleName("Matching contacts")
        self.suggestions.hide()
        who_box = QWidget(self)
        who_layout = QVBoxLayout(who_box)
        who_layout.setContentsMargins(0, 0, 0, 0)
        who_layout.setSpacing(4)
        who_layout.addWidget(self.chips)
        who_layout.addWidget(self.who_edit)
        who_layout.addWidget(self.suggestions)

        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText("Their news, their challenges, what you shared, what you agreed.")
        self.note_edit.setAccessibleName("What was said")
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 14)

        self.channel_combo = QComboBox(self)
        for channel in CHANNELS:
            self.channel_combo.addItem(kind_label(channel), channel)
        self.channel_combo.setAccessibleName("Channel")
        self.when_edit = QLineEdit(self)
        self.when_edit.setPlaceholderText("now, or e.g. yesterday 15:00")
        self.when_edit.setToolTip(f"When it happened, e.g. {WHEN_EXAMPLES}")
        self.when_edit.setAccessibleName("When")
        self.when_hint = self._hint_label()
        self.place_edit = QLineEdit(self)
        self.place_edit.setPlaceholderText("Where, or which event")
        self.place_edit.setAccessibleName("Where")
        self.common_ground_edit = QLineEdit(self)
        self.common_ground_edit.setPlaceholderText("Something you share that you just learned")
        self.common_ground_edit.setAccessibleName("Common ground learned")
        self.follow_up_edit = QLineEdit(self)
        self.follow_up_edit.setPlaceholderText("What I promised, or the next step")
        self.follow_up_edit.setAccessibleName("Follow-up")
        self.due_edit = QLineEdit(self)
        self.due_edit.setPlaceholderText("e.g. friday, in 2 weeks, 1 Dec; empty: no date")
        self.due_edit.setToolTip(f"When the follow-up is due, e.g. {DUE_EXAMPLES}; empty for no date")
        self.due_edit.setAccessibleName("Follow-up due")
        self.due_hint = self._hint_label()

        when_row = QHBoxLayout()
        when_row.addWidget(self.channel_combo)
        when_label = QLabel("Whe&n", self)
        when_label.setBuddy(self.when_edit)
        when_row.addSpacing(8)
        when_row.addWidget(when_label)
        when_row.addWidget(self.when_edit, 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field, buddy in (
            ("&Who", who_box, self.who_edit),
            ("What was &said", self.note_edit, self.note_edit),
            ("&Channel", when_row, self.channel_combo),
            ("", self.when_hint, None),
            ("Wh&ere", self.place_edit, self.place_edit),
            ("Common &ground", self.common_ground_edit, self.common_ground_edit),
            ("&Follow-up", self.follow_up_edit, self.follow_up_edit),
            ("&Due", self.due_edit, self.due_edit),
            ("", self.due_hint, None),
        ):
            label = QLabel(text, self)
            if buddy is not None:
                label.setBuddy(buddy)
            form.addRow(label, field)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        theme.set_text_colour(self.error_label, theme.overdue_colour(self.palette()))
        self.error_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setToolTip("Save and close (Ctrl+Enter)")
        self.cancel_button.setToolTip("Close (Esc)")
        for button in (self.save_button, self.cancel_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.request_close)
        keys_hint = QLabel("Ctrl+Enter saves · Esc closes", self)
        keys_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        bottom = QHBoxLayout()
        bottom.addWidget(keys_hint)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)
        self.who_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save, context=Qt.ShortcutContext.WindowShortcut)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Cancel), self, self.request_close)

        QWidget.setTabOrder(self.who_edit, self.note_edit)
        QWidget.setTabOrder(self.note_edit, self.channel_combo)
        QWidget.setTabOrder(self.channel_combo, self.when_edit)
        QWidget.setTabOrder(self.when_edit, self.place_edit)
        QWidget.setTabOrder(self.place_edit, self.common_ground_edit)
        QWidget.setTabOrder(self.common_ground_edit, self.follow_up_edit)
        QWidget.setTabOrder(self.follow_up_edit, self.due_edit)
        QWidget.setTabOrder(self.due_edit, self.save_button)
        QWidget.setTabOrder(self.save_button, self.cancel_button)

        self.who_edit.textEdited.connect(self._suggest)
        self.who_edit.moveRequested.connect(self._move_highlight)
        self.who_edit.takeRequested.connect(self._take_highlighted)
        self.who_edit.tabPressed.connect(self._take_highlighted)
        self.who_edit.removeLastRequested.connect(self._remove_last)
        self.suggestions.itemClicked.connect(self._take_item)
        self.when_edit.textChanged.connect(self._update_when_hint)
        self.due_edit.textChanged.connect(self._update_due_hint)
        self.follow_up_edit.textChanged.connect(self._update_due_hint)

    def _hint_label(self) -> QLabel:
        label = QLabel(self)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        return label

    # -- showing --------------------------------------------------------------------------------
    def reset(self) -> None:
        """Empty every field, ready for the next entry."""
        self.people.clear()
        self._given_people: list[str] = []
        self._render_chips()
        self.who_edit.clear()
        self.suggestions.clear()
        self.suggestions.hide()
        self.note_edit.clear()
        self.channel_combo.setCurrentIndex(max(0, self.channel_combo.findData("meeting")))
        self.when_edit.clear()
        self.place_edit.clear()
        self.common_ground_edit.clear()
        self.follow_up_edit.clear()
        self.due_edit.setText(DEFAULT_DUE)
        self.error_label.hide()
        self._update_when_hint()
        self._update_due_hint()

    def show_for(self, people: tuple[PersonRef, ...] = ()) -> None:
        """Show the window (fresh unless an entry is in progress), in front, focus in *Who*."""
        in_progress = self.isVisible() and self.has_text()
        if not in_progress:
            self.reset()
        for person in people:
            self.add_person(Participant(person.name, person.uuid))
        if not in_progress:
            self._given_people = [p.uuid or p.name for p in self.people]
        if not self.isVisible():
            self._place_on_screen()
        self.show()
        self.raise_()
        self.activateWindow()
        target = self.note_edit if people and not in_progress else self.who_edit
        target.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _place_on_screen(self) -> None:
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        size = self.sizeHint()
        self.move(area.x() + (area.width() - size.width()) // 2, area.y() + max(0, area.height() // 5))

    # -- people -----------------------------------------------------------------------------------
    def add_person(self, person: Participant) -> None:
        key = person.uuid or person.name.casefold()
        if any((p.uuid or p.name.casefold()) == key for p in self.people):
            return
        self.people.append(person)
        self._render_chips()

    def _remove_person(self, person: Participant) -> None:
        if person in self.people:
            self.people.remove(person)
            self._render_chips()
        self.who_edit.setFocus()

    def _remove_last(self) -> None:
        if self.people:
            self._remove_person(self.people[-1])

    def _render_chips(self) -> None:
        while self.chips_layout.count() > 1:
            item = self.chips_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, person in enumerate(self.people):
            chip = QToolButton(self.chips)
            label = person.name if person.uuid else f"{person.name} (new contact)"
            chip.setText(f"{label}  ✕")
            chip.setToolTip("Remove from this entry")
            chip.setAccessibleName(f"Remove {person.name}")
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _c=False, p=person: self._remove_person(p))
            self.chips_layout.insertWidget(index, chip)
        self.chips.setVisible(bool(self.people))
        self.who_edit.setPlaceholderText("Anyone else? (optional)" if self.people else "Name or organisation")

    # -- type-ahead -------------------------------------------------------------------------------
    def _suggest(self, text: str) -> None:
        self.suggestions.clear()
        typed = " ".join(text.replace(",", " ").split())
        if not typed:
            self.suggestions.hide()
            return
        chosen = {p.uuid for p in self.people if p.uuid}
        try:
            matches = self._journal.contacts.names_matching(typed, limit=SUGGESTIONS + len(chosen))
        except NetJournalError:
            matches = []
        exact = False
        for summary in matches:
            if summary.uuid in chosen:
                continue
            exact = exact or summary.name.casefold() == typed.casefold()
            details = " · ".join(x for x in (summary.organisation, kind_label(summary.kind)) if x)
            item = QListWidgetItem(f"{summary.name}   —   {details}" if details else summary.name)
            item.setData(_PERSON, Participant(summary.name, summary.uuid))
            self.suggestions.addItem(item)
            if self.suggestions.count() >= SUGGESTIONS - 1:
                break
        if not exact:
            item = QListWidgetItem(f"+ New contact: {typed}")
            item.setData(_PERSON, Participant(typed))
            self.suggestions.addItem(item)
        self.suggestions.setCurrentRow(0)
        rows = self.suggestions.count()
        frame = self.suggestions.frameWidth() * 2
        self.suggestions.setFixedHeight(self.suggestions.sizeHintForRow(0) * rows + frame)
        self.suggestions.show()

    def _move_highlight(self, step: int) -> None:
        if not self.suggestions.count():
            return
        row = (self.suggestions.currentRow() + step) % self.suggestions.count()
        self.suggestions.setCurrentRow(row)

    def _take_highlighted(self) -> None:
        """Take the highlighted suggestion (or the typed name) into the entry."""
        if not self.who_edit.text().strip():
            return
        if not self.suggestions.count():
            self._suggest(self.who_edit.text())
        item = self.suggestions.currentItem() or self.suggestions.item(0)
        if item is not None:
            self._take_item(item)

    def _take_item(self, item: QListWidgetItem) -> None:
        person = item.data(_PERSON)
        if isinstance(person, Participant):
            self.add_person(person)
        self.who_edit.clear()
        self.suggestions.clear()
        self.suggestions.hide()
        self.error_label.hide()

    # -- parsing ----------------------------------------------------------------------------------
    def _now(self) -> datetime:
        return self._journal.clock().astimezone()

    def _today(self) -> date:
        return self._now().date()

    def _update_when_hint(self) -> None:
        try:
            moment = parse_when(self.when_edit.text(), self._now())
        except ValidationError as error:
            self._set_hint(self.when_hint, str(error), error=True)
            return
        self._set_hint(self.when_hint, f"When: {describe_when(moment, self._now())}")

    def _update_due_hint(self) -> None:
        if not self.follow_up_edit.text().strip():
            self._set_hint(self.due_hint, "Due: only with a follow-up")
            return
        try:
            due = parse_due(self.due_edit.text(), self._today())
        except ValidationError as error:
            self._set_hint(self.due_hint, str(error), error=True)
            return
        self._set_hint(self.due_hint, f"Due: {describe_due(due, self._today())}")

    def _set_hint(self, label: QLabel, text: str, *, error: bool = False) -> None:
        label.setText(text)
        palette = self.palette()
        colour = theme.overdue_colour(palette) if error else theme.secondary_text(palette)
        theme.set_text_colour(label, colour)

    # -- saving -----------------------------------------------------------------------------------
    def has_text(self) -> bool:
        """Whether closing now would lose something the user typed."""
        fields = (
            self.who_edit,
            self.when_edit,
            self.place_edit,
            self.common_ground_edit,
            self.follow_up_edit,
        )
        # People the app filled in (Log from Today or a card) are not something the user typed.
        chosen = [p.uuid or p.name for p in self.people] != self._given_people
        return bool(chosen or self.note_edit.toPlainText().strip() or any(f.text().strip() for f in fields))

    def _fail(self, message: str, field: QWidget) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        """Save the entry (creating new contacts), then hide; problems are shown in the window."""
        self._take_highlighted()
        if not self.people:
            self._fail("Who did you talk with? Type a name.", self.who_edit)
            return
        try:
            when = parse_when(self.when_edit.text(), self._now())
        except ValidationError as error:
            self._fail(str(error), self.when_edit)
            return
        follow_up = self.follow_up_edit.text().strip()
        try:
            due = parse_due(self.due_edit.text(), self._today()) if follow_up else None
        except ValidationError as error:
            self._fail(str(error), self.due_edit)
            return
        journal = self._journal
        learned = self.common_ground_edit.text().strip()
        try:
            with journal.changes.write():
                uuids = [p.uuid or journal.contacts.create(p.name) for p in self.people]
                conversation = journal.conversations.log(
                    uuids,
                    self.note_edit.toPlainText(),
                    occurred_at=when,
                    channel=self.channel_combo.currentData(),
                    place=self.place_edit.text(),
                    follow_up=follow_up,
                    follow_up_due=due,
                )
                for uuid in uuids if learned else ():
                    journal.contacts.append_common_ground(uuid, learned)
        except NetJournalError as error:
            self._fail(str(error), self.who_edit)
            return
        count = len(uuids)
        self.reset()
        self._really_close = True
        self.close()
        self.saved.emit(conversation, count)

    # -- closing ----------------------------------------------------------------------------------
    def request_close(self) -> None:
        """Esc / Cancel: close, asking first if typed text would be lost."""
        if self.discard_box is not None:
            return
        if not self.has_text():
            self._discard()
            return
        self.discard_box = ask_to_discard(
            self,
            "Discard this entry?",
            "Close the quick entry and lose what you typed?",
            object_name="discardQuickEntry",
            on_discard=self._discard,
            on_keep=self.activateWindow,
        )
        self.discard_box.finished.connect(lambda _r: setattr(self, "discard_box", None))

    def _discard(self) -> None:
        self.reset()
        self._really_close = True
        self.close()
        self.discarded.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._really_close or not self.has_text():
            self._really_close = False
            super().closeEvent(event)
            return
        event.ignore()  # the window manager's close button: ask as Esc does
        QTimer.singleShot(0, self.request_close)
