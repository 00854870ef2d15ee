"""Typing on the contact card while it saves and refreshes: the user's text, cursor and undo survive."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QCheckBox, QLineEdit, QToolButton

from netjournal.services.journal import Journal
from netjournal.ui.changes import ChangeSignal
from netjournal.ui.contact_card import ContactCard
from netjournal.ui.main_window import MainWindow
from netjournal.ui.widgets import GrowingTextEdit

CTRL = Qt.KeyboardModifier.ControlModifier
LONG_URL = "https://www.linkedin.com/in/" + "anna-berg-cfo-nordwind-logistics-bergen-norway-" * 3 + "1234/"


@pytest.fixture
def anna(journal: Journal) -> str:
    return journal.contacts.create(
        "Anna Berg",
        organisation="Nordwind Logistics",
        role="CFO",
        common_ground="Both grew up in Bergen.",
        their_world="Refinancing the fleet.",
        how_i_can_help="Knows the Oslo port authority.",
        notes="Prefers mornings.",
        how_we_met="Board dinner",
    )


@pytest.fixture
def card(show_card, anna: str) -> ContactCard:
    return show_card(anna)


def _focus_at_end(qtbot, edit: GrowingTextEdit) -> None:
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.moveCursor(QTextCursor.MoveOperation.End)


def _undo_all(qtbot, edit: GrowingTextEdit) -> str:
    for _ in range(100):
        if not edit.document().isUndoAvailable():
            break
        qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    return edit.toPlainText()


@pytest.mark.parametrize(
    ("field", "before"),
    [
        ("common_ground", "Both grew up in Bergen."),
        ("their_world", "Refinancing the fleet."),
        ("how_i_can_help", "Knows the Oslo port authority."),
        ("notes", "Prefers mornings."),
    ],
)
def test_typing_across_the_idle_auto_save_keeps_text_cursor_and_undo(
    qtbot, card: ContactCard, *, changes: ChangeSignal, journal: Journal, anna: str, field: str, before: str
) -> None:
    edit: GrowingTextEdit = getattr(card, f"{field}_edit")
    _focus_at_end(qtbot, edit)
    qtbot.keyClicks(edit, " Introduce to Helen")
    # The pause in typing saves; the change signal then comes back to the card.
    with qtbot.waitSignal(changes.changed, timeout=5000):
        pass
    assert getattr(journal.contacts.get(anna), field) == f"{before} Introduce to Helen"
    assert edit.hasFocus()
    qtbot.keyClicks(edit, " at Ward")
    assert edit.toPlainText() == f"{before} Introduce to Helen at Ward"
    assert edit.textCursor().position() == len(edit.toPlainText())
    assert _undo_all(qtbot, edit) == before  # the undo history is intact back to the start


def test_ctrl_s_while_typing_keeps_text_cursor_and_undo(
    qtbot, window: MainWindow, changes: ChangeSignal, journal: Journal, anna: str
) -> None:
    window.open_contact(anna)
    edit = window.card.how_i_can_help_edit
    window.activateWindow()
    _focus_at_end(qtbot, edit)
    qtbot.keyClicks(edit, " Introduce to Helen ")
    with qtbot.waitSignal(changes.changed, timeout=3000):
        window.save_action.trigger()
    assert journal.contacts.get(anna).how_i_can_help == "Knows the Oslo port authority. Introduce to Helen "
    qtbot.keyClicks(edit, "at Ward")
    assert edit.toPlainText() == "Knows the Oslo port authority. Introduce to Helen at Ward"
    assert _undo_all(qtbot, edit) == "Knows the Oslo port authority."


def test_single_line_field_keeps_its_spacing_and_cursor_when_saved_mid_edit(
    qtbot, card: ContactCard, changes: ChangeSignal, journal: Journal, anna: str
) -> None:
    edit = card.how_we_met_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.end(False)
    qtbot.keyClicks(edit, " in ")
    with qtbot.waitSignal(changes.changed, timeout=3000):
        assert card.save_pending()
    assert journal.contacts.get(anna).how_we_met == "Board dinner in"
    assert edit.text() == "Board dinner in " and edit.cursorPosition() == len("Board dinner in ")
    qtbot.keyClicks(edit, "Oslo")
    assert edit.text() == "Board dinner in Oslo"
    assert edit.isUndoAvailable()
    # The header's in-place fields behave the same.
    name = card.name_edit
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    name.setCursorPosition(4)
    qtbot.keyClicks(name, " M.")
    with qtbot.waitSignal(changes.changed, timeout=3000):
        assert card.save_pending()
    assert journal.contacts.get(anna).name == "Anna M. Berg"
    assert name.cursorPosition() == len("Anna M.") and name.isUndoAvailable()


def test_a_change_from_elsewhere_reaches_a_focused_field_only_when_it_is_not_being_edited(
    qtbot, card: ContactCard, changes: ChangeSignal, journal: Journal, anna: str
) -> None:
    edit = card.common_ground_edit
    _focus_at_end(qtbot, edit)
    edit.moveCursor(QTextCursor.MoveOperation.Start)
    with qtbot.waitSignal(changes.changed, timeout=3000):
        journal.contacts.append_common_ground(anna, "Sailing.")
    stored = journal.contacts.get(anna).common_ground
    assert stored != "Both grew up in Bergen." and edit.toPlainText() == stored
    assert edit.textCursor().position() == 0  # the cursor stayed where it was
    assert _undo_all(qtbot, edit) == "Both grew up in Bergen."  # the update is one undoable step
    # Typed but not yet saved: the user's words win over a change from elsewhere.
    _focus_at_end(qtbot, edit)
    qtbot.keyClicks(edit, " Mine")
    with qtbot.waitSignal(changes.changed, timeout=3000):
        journal.contacts.update(anna, common_ground="Written elsewhere")
    assert edit.toPlainText() == "Both grew up in Bergen. Mine"


def test_another_contact_starts_with_a_fresh_undo_history(
    qtbot, card: ContactCard, journal: Journal, anna: str
) -> None:
    other = journal.contacts.create("Chen Wei", common_ground="Both grew up in Bergen.")
    edit = card.common_ground_edit
    _focus_at_end(qtbot, edit)
    qtbot.keyClicks(edit, " Chess")
    card.set_contact(other)
    assert journal.contacts.get(anna).common_ground == "Both grew up in Bergen. Chess"
    assert edit.toPlainText() == "Both grew up in Bergen."
    assert not edit.document().isUndoAvailable()  # Ctrl+Z cannot bring back Anna's text here
    assert not card.how_we_met_edit.isUndoAvailable()


def test_long_values_never_widen_the_card(qtbot, card: ContactCard, journal: Journal, anna: str) -> None:
    short_width = card.page.minimumSizeHint().width()
    journal.contacts.update(
        anna,
        name="Anna-Katharina Berg-Johannessen von Nordwind-Hohenstein",
        role="Chief Financial Officer and Interim Managing Director",
        organisation="Nordwind Logistics International Holding Scandinavia",
        links=(LONG_URL,),
        location="Bergen, Vestland, Norway — and half the year in Lisbon, Portugal",
        how_we_met="At the very long annual board dinner of the Norwegian shipping association",
        tags=("board", "finance", "logistics", "shipping", "norway", "lisbon", "interim"),
    )
    other = journal.contacts.create("Bo")
    card.set_contact(other)
    card.set_contact(anna)  # filled afresh with the long values
    assert card.name_edit.text().startswith("Anna-Katharina")
    assert card.page.minimumSizeHint().width() <= short_width
    assert card.links_edit.cursorPosition() == 0  # shows the beginning of the URL
    card.resize(short_width + 30, 900)
    qtbot.waitUntil(lambda: card.page.width() <= card.scroll_area.viewport().width())
    viewport = card.scroll_area.viewport()
    for widget in (card.archive_button, card.brief_button, card.links_edit, card.tags_edit, card.notes_edit):
        right = widget.mapTo(viewport, widget.rect().topRight()).x()
        assert right < viewport.width(), widget.accessibleName()
    # Narrower than the page can go: a scroll bar, never a silent cut.
    card.resize(200, 900)
    qtbot.waitUntil(lambda: card.scroll_area.horizontalScrollBar().isVisible())


def test_open_follow_up_is_an_empty_check_box_that_marks_it_done(
    qtbot, card: ContactCard, changes: ChangeSignal, journal: Journal, anna: str
) -> None:
    uuid = journal.follow_ups.create(anna, "Send the port article", due_on=date(2026, 3, 20))
    qtbot.waitUntil(lambda: bool(card.follow_ups_box.findChildren(QCheckBox)))
    box = card.follow_ups_box.findChildren(QCheckBox)[0]
    assert not box.isChecked() and "done" in box.toolTip().lower()
    assert box.accessibleName() == "Mark done: Send the port article"
    assert not card.follow_ups_box.findChildren(QToolButton)  # no ✓ that reads as "already done"
    with qtbot.waitSignal(changes.changed, timeout=3000):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert next(f for f in journal.follow_ups.for_contact(anna, include_done=True) if f.uuid == uuid).done
    qtbot.waitUntil(lambda: not card.follow_ups_box.isVisibleTo(card))


def test_line_edits_on_the_card_have_no_text_driven_minimum(card: ContactCard) -> None:
    edits = [edit for edit in card.page.findChildren(QLineEdit) if edit.parent() is card.page]
    assert card.name_edit in edits and card.links_edit in edits
    for edit in edits:
        edit.setText("")
        empty = edit.minimumSizeHint().width()
        edit.setText(LONG_URL)
        assert edit.minimumSizeHint().width() == empty, edit.accessibleName()
