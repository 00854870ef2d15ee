"""Correcting and deleting follow-ups from the timeline, the card and the conversation editor;
"&" in user text on menus; what deleting a conversation says; the card header's widths."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from netjournal.services.journal import Journal
from netjournal.services.records import FollowUpRecord
from netjournal.ui import messages
from netjournal.ui.contact_card import ContactCard
from netjournal.ui.dialogs.conversation_dialog import ConversationDialog
from netjournal.ui.dialogs.follow_up_dialog import FollowUpDialog
from netjournal.ui.main_window import MainWindow
from netjournal.ui.timeline import RECORD_ROLE, delete_question, menu_label

FRIDAY = date(2026, 3, 13)  # the test clock's today is Tuesday 10 March 2026


@pytest.fixture
def maren(journal: Journal) -> str:
    return journal.contacts.create("Maren Olsen", organisation="Hudson Executive Interim", role="CFO")


@pytest.fixture
def logged(journal: Journal, maren: str) -> str:
    """A conversation with Maren and one follow-up whose text has an "&" in it."""
    return journal.conversations.log(
        [maren], "Coffee near the station", follow_up="Send P&L", follow_up_due=date(2026, 3, 20)
    )


@pytest.fixture
def opened(qtbot, window: MainWindow, maren: str, logged: str) -> MainWindow:
    window.open_contact(maren)
    qtbot.waitUntil(lambda: bool(window.timeline.delegate._lines.get(logged)), timeout=3000)  # painted
    return window


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Confirmations say yes; each question asked is recorded (the last one decides nothing)."""
    asked: list[str] = []

    def confirm(_parent, _title, text, _action, **_kwargs) -> bool:
        asked.append(text)
        return not text.startswith("NO")

    monkeypatch.setattr(messages, "confirm", confirm)
    return asked


def _only(journal: Journal, contact: str) -> FollowUpRecord:
    (item,) = journal.follow_ups.for_contact(contact, include_done=True)
    return item


def _action(menu: QMenu, start: str) -> QAction:
    """The menu entry whose shown text (mnemonics resolved) starts with ``start``."""
    for action in menu.actions():
        if action.iconText().startswith(start):
            return action
    raise AssertionError(f"no {start!r} in {[a.iconText() for a in menu.actions()]}")


def _menu_on_follow_up(window: MainWindow, conversation: str) -> QMenu:
    timeline = window.timeline
    index = timeline.model.index(timeline.model.row_of(conversation) or 0, 0)
    (line, _uuid), *_ = timeline.delegate._lines[conversation]
    menu = timeline.context_menu_for(index, line.center())
    assert menu is not None
    return menu


def _edit_dialog(qtbot, owner) -> FollowUpDialog:
    qtbot.waitUntil(lambda: isinstance(owner.follow_up_dialog, FollowUpDialog), timeout=3000)
    dialog = owner.follow_up_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # for Ctrl+Enter
    return dialog


# -- "&" in user text ----------------------------------------------------------------------------
def test_menu_label_keeps_ampersands_literal_and_shortens() -> None:
    assert menu_label("Send P&L") == "Send P&&L"
    assert menu_label("x" * 60).endswith("…") and len(menu_label("x" * 60)) == 40


def test_timeline_menu_shows_the_ampersand_of_a_follow_up(opened: MainWindow, logged: str) -> None:
    menu = _menu_on_follow_up(opened, logged)
    # iconText() is the text as shown: a lone "&" would have vanished ("Send PL").
    assert "Mark “Send P&L” done" in [a.iconText() for a in menu.actions()]


def test_several_follow_ups_get_a_submenu_each_named_literally(
    qtbot, window: MainWindow, journal: Journal, maren: str, logged: str
) -> None:
    journal.follow_ups.create(maren, "Book R&D lunch", conversation_uuid=logged)
    window.open_contact(maren)
    timeline = window.timeline
    qtbot.waitUntil(lambda: len(timeline.delegate._lines.get(logged, [])) == 2, timeout=3000)
    index = timeline.model.index(0, 0)
    menu = timeline.context_menu_for(index, QPoint(1, 1))  # on the heading, not on a follow-up
    assert menu is not None
    titles = [a.iconText() for a in menu.actions() if a.menu() is not None]
    assert titles == ["Follow-up “Send P&L”", "Follow-up “Book R&D lunch”"]


# -- timeline: edit, delete, reopen ------------------------------------------------------------------
def test_edit_a_follow_up_from_the_timeline(
    qtbot, opened: MainWindow, journal: Journal, maren: str, logged: str
) -> None:
    _action(_menu_on_follow_up(opened, logged), "Edit follow-up").trigger()
    dialog = _edit_dialog(qtbot, opened.timeline)
    assert dialog.what_edit.text() == "Send P&L" and dialog.due_edit.text() == "20 Mar 2026"
    dialog.what_edit.setText("Send the P&L for Q1")
    dialog.due_edit.setText("friday")
    assert "Fri 13 Mar 2026" in dialog.due_hint.text()
    dialog.owner_combo.setCurrentIndex(dialog.owner_combo.findData("them"))
    with qtbot.waitSignal(opened.changes.changed, timeout=3000):
        qtbot.keyClick(dialog.what_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    item = _only(journal, maren)
    assert (item.what, item.due_on, item.owner) == ("Send the P&L for Q1", FRIDAY, "them")
    qtbot.waitUntil(
        lambda: (
            opened.timeline.model.index(0, 0).data(RECORD_ROLE).follow_ups[0].what == "Send the P&L for Q1"
        )
    )


def test_a_due_date_not_understood_keeps_the_dialog_open(
    qtbot, opened: MainWindow, journal: Journal, maren: str, logged: str
) -> None:
    _action(_menu_on_follow_up(opened, logged), "Edit follow-up").trigger()
    dialog = _edit_dialog(qtbot, opened.timeline)
    dialog.due_edit.setText("someday")
    dialog.save_button.click()
    assert dialog.isVisible() and "someday" in dialog.error_label.text()
    assert _only(journal, maren).due_on == date(2026, 3, 20)
    dialog.due_edit.clear()  # empty: no due date
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert _only(journal, maren).due_on is None


def test_esc_in_the_follow_up_dialog_asks_before_losing_a_change(
    qtbot, opened: MainWindow, journal: Journal, maren: str, logged: str
) -> None:
    _action(_menu_on_follow_up(opened, logged), "Edit follow-up").trigger()
    dialog = _edit_dialog(qtbot, opened.timeline)
    assert not dialog.has_unsaved_text()
    dialog.what_edit.setText("Send P&L and the deck")
    dialog.reject()
    assert dialog.isVisible() and dialog.discard_box is not None
    next(b for b in dialog.discard_box.buttons() if "Discard" in b.text()).click()
    qtbot.waitUntil(lambda: opened.timeline.follow_up_dialog is None, timeout=3000)
    assert _only(journal, maren).what == "Send P&L"


def test_delete_a_follow_up_from_the_timeline_asks_first(
    qtbot, opened: MainWindow, journal: Journal, maren: str, *, logged: str, answers: list[str]
) -> None:
    with qtbot.waitSignal(opened.changes.changed, timeout=3000):
        _action(_menu_on_follow_up(opened, logged), "Delete follow-up").trigger()
    assert answers == ["Delete the follow-up “Send P&L” for good?"]
    assert journal.follow_ups.for_contact(maren, include_done=True) == []
    assert journal.conversations.get(logged).summary == "Coffee near the station"  # it stays


def test_a_done_follow_up_can_be_reopened_from_the_timeline(
    qtbot, opened: MainWindow, journal: Journal, maren: str, logged: str
) -> None:
    with qtbot.waitSignal(opened.changes.changed, timeout=3000):
        journal.follow_ups.set_done(_only(journal, maren).uuid)
    qtbot.waitUntil(lambda: opened.timeline.model.index(0, 0).data(RECORD_ROLE).follow_ups[0].done)
    with qtbot.waitSignal(opened.changes.changed, timeout=3000):
        _action(_menu_on_follow_up(opened, logged), "Mark “Send P&L” not done").trigger()
    assert not _only(journal, maren).done


# -- deleting a conversation --------------------------------------------------------------------------
def test_delete_question_names_follow_ups_only_when_there_are_some(
    journal: Journal, maren: str, logged: str
) -> None:
    bare = journal.conversations.log([maren], "Quick call")
    assert delete_question(journal.conversations.get(bare)) == "Delete this conversation for good?"
    assert delete_question(journal.conversations.get(logged)) == (
        "Delete this conversation and its 1 follow-up for good?"
    )
    journal.follow_ups.create(maren, "Book lunch", conversation_uuid=logged)
    assert "and its 2 follow-ups for good?" in delete_question(journal.conversations.get(logged))


def test_deleting_a_conversation_says_what_goes_and_takes_its_follow_ups(
    qtbot, opened: MainWindow, journal: Journal, maren: str, *, logged: str, answers: list[str]
) -> None:
    bare = journal.conversations.log([maren], "Quick call")
    qtbot.waitUntil(lambda: opened.timeline.model.rowCount() == 2)
    assert opened.timeline.select_conversation(bare)
    with qtbot.waitSignal(opened.changes.changed, timeout=3000):
        opened.delete_conversation_action.trigger()
    assert opened.timeline.select_conversation(logged)
    with qtbot.waitSignal(opened.changes.changed, timeout=3000):
        opened.delete_conversation_action.trigger()
    assert answers == [
        "Delete this conversation for good?",
        "Delete this conversation and its 1 follow-up for good?",
    ]
    assert journal.conversations.timeline_count(maren) == 0
    assert journal.follow_ups.for_contact(maren, include_done=True) == []


# -- the card's follow-up list -----------------------------------------------------------------------
@pytest.fixture
def card(show_card, maren: str, logged: str) -> ContactCard:
    return show_card(maren)


def test_card_row_shows_the_text_as_typed_and_offers_edit_done_delete(card: ContactCard) -> None:
    (row,) = card.follow_up_rows()
    assert row.text_label.text() == "Send P&L"
    assert row.text_label.textFormat() == Qt.TextFormat.PlainText
    assert row.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert [a.text() for a in row.actions()] == ["&Edit follow-up…", "&Mark done", "&Delete follow-up…"]


def test_double_click_on_a_card_row_edits_it(qtbot, card: ContactCard, journal: Journal, maren: str) -> None:
    (row,) = card.follow_up_rows()
    qtbot.mouseDClick(row.text_label, Qt.MouseButton.LeftButton)
    dialog = _edit_dialog(qtbot, card)
    dialog.due_edit.setText("friday")
    dialog.save_button.click()
    assert _only(journal, maren).due_on == FRIDAY
    qtbot.waitUntil(lambda: card.follow_up_rows()[0].item.due_on == FRIDAY, timeout=3000)


def test_delete_key_on_a_card_row_asks_then_deletes(
    qtbot, card: ContactCard, journal: Journal, maren: str, answers: list[str]
) -> None:
    (row,) = card.follow_up_rows()
    row.check.setFocus()
    qtbot.waitUntil(row.check.hasFocus)
    qtbot.keyClick(row.check, Qt.Key.Key_Delete)
    assert answers == ["Delete the follow-up “Send P&L” for good?"]
    assert journal.follow_ups.for_contact(maren, include_done=True) == []
    qtbot.waitUntil(lambda: not card.follow_ups_box.isVisibleTo(card))


def test_declining_the_question_keeps_the_follow_up(
    qtbot, card: ContactCard, journal: Journal, maren: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    (row,) = card.follow_up_rows()
    row.delete_action.trigger()
    assert _only(journal, maren).what == "Send P&L"


# -- the conversation editor ---------------------------------------------------------------------------
@pytest.fixture
def editor(qtbot, journal: Journal, maren: str, logged: str) -> ConversationDialog:
    journal.follow_ups.create(maren, "Book lunch", conversation_uuid=logged)
    dialog = ConversationDialog(journal, record=journal.conversations.get(logged))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_conversation_editor_lists_its_follow_ups(editor: ConversationDialog) -> None:
    assert editor.follow_up_box.isVisible() and editor.follow_up_box.title() == "Follow-ups"
    texts = [editor.follow_ups_list.item(i).text() for i in range(editor.follow_ups_list.count())]
    assert texts == ["I will: Send P&L · due 20 Mar", "I will: Book lunch"]
    assert not editor.edit_follow_up_button.isEnabled()  # nothing chosen yet


def test_conversation_editor_changes_follow_ups_only_on_save(
    qtbot, editor: ConversationDialog, journal: Journal, maren: str
) -> None:
    listed = editor.follow_ups_list
    listed.setCurrentRow(0)
    listed.setFocus()
    qtbot.waitUntil(listed.hasFocus)
    qtbot.keyClick(listed, Qt.Key.Key_Return)  # edits the follow-up; does not save the conversation
    qtbot.waitUntil(lambda: isinstance(editor._follow_up_dialog, FollowUpDialog), timeout=3000)
    assert editor.isVisible()
    inner = editor._follow_up_dialog
    assert inner is not None
    inner.what_edit.setText("Send the P&L for Q1")
    inner.due_edit.setText("")
    inner.save_button.click()
    assert listed.item(0).text() == "I will: Send the P&L for Q1"
    listed.item(0).setCheckState(Qt.CheckState.Checked)  # done
    listed.setCurrentRow(1)
    qtbot.keyClick(listed, Qt.Key.Key_Delete)
    assert listed.count() == 1
    before = {f.what: f for f in journal.follow_ups.for_contact(maren, include_done=True)}
    assert set(before) == {"Send P&L", "Book lunch"}  # nothing written yet
    assert editor.has_unsaved_text()
    editor.save_button.click()
    assert not editor.isVisible()
    item = _only(journal, maren)
    assert (item.what, item.due_on, item.done) == ("Send the P&L for Q1", None, True)


def test_conversation_editor_reopens_a_done_follow_up_and_adds_another(
    qtbot, journal: Journal, maren: str, logged: str
) -> None:
    first = _only(journal, maren)
    journal.follow_ups.set_done(first.uuid)
    dialog = ConversationDialog(journal, record=journal.conversations.get(logged))
    qtbot.addWidget(dialog)
    assert dialog.follow_ups_list.item(0).checkState() == Qt.CheckState.Checked
    dialog.follow_ups_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.follow_up_edit.setText("Call after the board meeting")
    dialog.save_button.click()
    items = {f.what: f for f in journal.follow_ups.for_contact(maren, include_done=True)}
    assert not items["Send P&L"].done
    assert items["Call after the board meeting"].conversation_uuid == logged


def test_cancel_after_a_follow_up_change_asks(qtbot, editor: ConversationDialog) -> None:
    assert not editor.has_unsaved_text()
    editor.follow_ups_list.setCurrentRow(1)
    editor.delete_follow_up_button.click()
    editor.reject()
    assert editor.isVisible() and editor.discard_box is not None
    editor.discard_box.close()


# -- the card header ----------------------------------------------------------------------------------
def _fits(edit) -> bool:
    return edit.width() >= edit.fontMetrics().horizontalAdvance(edit.text()) + 8


@pytest.mark.parametrize(
    ("role", "organisation"),
    [
        ("Senior Consultant", "Hudson Executive Interim"),
        ("Interim Finance Director", "Harbour Interim Partners"),
    ],
)
def test_card_header_fields_fit_their_text(
    qtbot, card: ContactCard, journal: Journal, maren: str, *, role: str, organisation: str
) -> None:
    short_width = card.page.minimumSizeHint().width()
    journal.contacts.update(maren, role=role, organisation=organisation)
    qtbot.waitUntil(lambda: card.organisation_edit.text() == organisation, timeout=3000)
    assert QApplication.activePopupWidget() is None  # a stored value is shown, not typed: no completer
    for width in (460, 900):  # narrow: "at Organisation" on a line of its own; wide: one line
        card.resize(width, 900)
        qtbot.waitUntil(lambda: _fits(card.role_edit) and _fits(card.organisation_edit), timeout=3000)
    same_line = card.role_edit.y() == card.organisation_edit.y()
    assert same_line  # 900 px: "Role at Organisation" reads as one line
    card.resize(460, 900)
    qtbot.waitUntil(lambda: card.organisation_edit.y() > card.role_edit.y(), timeout=3000)
    assert card.page.minimumSizeHint().width() <= short_width


def test_card_header_field_grows_as_the_user_types(qtbot, card: ContactCard) -> None:
    edit = card.role_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    qtbot.keyClicks(edit, "Senior Consultant, Restructuring")
    qtbot.waitUntil(lambda: _fits(edit), timeout=3000)
    assert QApplication.focusWidget() is edit


def test_no_context_menu_on_empty_timeline_space(opened: MainWindow) -> None:
    assert opened.timeline.context_menu_for(QModelIndex(), QPoint(0, 0)) is None
