"""The New contact and Log a conversation dialogs: Ctrl+Enter saves, closing asks before text is lost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from netjournal.services.journal import Journal
from netjournal.services.records import PersonRef
from netjournal.ui.dialogs.contact_dialog import NewContactDialog
from netjournal.ui.dialogs.conversation_dialog import ConversationDialog
from netjournal.ui.widgets import GuardedDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def anna(journal: Journal) -> PersonRef:
    return PersonRef(journal.contacts.create("Anna Berg"), "Anna Berg")


def _show(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


@pytest.fixture
def log_dialog(qtbot, journal: Journal, anna: PersonRef) -> ConversationDialog:
    dialog = ConversationDialog(journal, people=(anna,))
    _show(qtbot, dialog)
    return dialog


@pytest.fixture
def contact_dialog(qtbot, journal: Journal) -> NewContactDialog:
    dialog = NewContactDialog(journal)
    _show(qtbot, dialog)
    return dialog


def _answer(qtbot, dialog: GuardedDialog, button_text: str) -> None:
    box = dialog.discard_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    with qtbot.waitSignal(box.finished, timeout=3000):
        next(b for b in box.buttons() if button_text in b.text().replace("&", "")).click()
    assert dialog.discard_box is None


def test_esc_in_the_conversation_dialog_asks_before_losing_text(
    qtbot, log_dialog: ConversationDialog, journal: Journal, anna: PersonRef
) -> None:
    qtbot.keyClicks(log_dialog.summary_edit, "Talked about the refinancing")
    qtbot.keyClick(log_dialog.summary_edit, Qt.Key.Key_Escape)
    assert log_dialog.isVisible() and log_dialog.discard_box is not None
    _answer(qtbot, log_dialog, "Keep editing")
    assert log_dialog.isVisible()
    assert log_dialog.summary_edit.toPlainText() == "Talked about the refinancing"
    assert log_dialog.focusWidget() is log_dialog.summary_edit  # back where the user was typing

    qtbot.keyClick(log_dialog.summary_edit, Qt.Key.Key_Escape)
    _answer(qtbot, log_dialog, "Discard")
    assert not log_dialog.isVisible() and log_dialog.result() == QDialog.DialogCode.Rejected
    assert journal.conversations.timeline(anna.uuid) == []


def test_window_close_button_and_cancel_ask_too(qtbot, log_dialog: ConversationDialog) -> None:
    qtbot.keyClicks(log_dialog.follow_up_edit, "Send the article")
    assert not log_dialog.close()  # the window's X: not closed while asking
    assert log_dialog.isVisible() and log_dialog.discard_box is not None
    _answer(qtbot, log_dialog, "Keep editing")
    log_dialog.buttons.button(log_dialog.buttons.StandardButton.Cancel).click()
    assert log_dialog.isVisible() and log_dialog.discard_box is not None
    _answer(qtbot, log_dialog, "Discard")
    assert not log_dialog.isVisible()


def test_esc_closes_at_once_when_nothing_was_typed(
    qtbot, log_dialog: ConversationDialog, journal: Journal, anna: PersonRef
) -> None:
    qtbot.keyClicks(log_dialog.summary_edit, "   ")  # only spaces: nothing to lose
    qtbot.keyClick(log_dialog.summary_edit, Qt.Key.Key_Escape)
    assert log_dialog.discard_box is None and not log_dialog.isVisible()
    # Editing a conversation and changing nothing: no question either; changing it asks.
    journal.conversations.log([anna.uuid], "Coffee", occurred_at=datetime(2026, 3, 1, 9, tzinfo=UTC))
    record = journal.conversations.timeline(anna.uuid)[0]
    edit = _show(qtbot, ConversationDialog(journal, record=record))
    assert isinstance(edit, ConversationDialog)
    qtbot.keyClick(edit.summary_edit, Qt.Key.Key_Escape)
    assert not edit.isVisible()
    again = _show(qtbot, ConversationDialog(journal, record=record))
    assert isinstance(again, ConversationDialog)
    again.summary_edit.clear()
    qtbot.keyClick(again.summary_edit, Qt.Key.Key_Escape)
    assert again.isVisible() and again.discard_box is not None
    _answer(qtbot, again, "Discard")


def test_ctrl_enter_logs_the_conversation(
    qtbot, log_dialog: ConversationDialog, journal: Journal, anna: PersonRef
) -> None:
    qtbot.keyClicks(log_dialog.summary_edit, "Lunch at the harbour")
    with qtbot.waitSignal(log_dialog.accepted, timeout=3000):
        qtbot.keyClick(log_dialog.summary_edit, Qt.Key.Key_Return, CTRL)
    assert [c.summary for c in journal.conversations.timeline(anna.uuid)] == ["Lunch at the harbour"]
    assert log_dialog.discard_box is None


def test_ctrl_enter_adds_the_new_contact(qtbot, contact_dialog: NewContactDialog, journal: Journal) -> None:
    # No name yet: Ctrl+Enter does nothing (the Add button is disabled), and nothing is created.
    qtbot.keyClick(contact_dialog.name_edit, Qt.Key.Key_Return, CTRL)
    assert contact_dialog.isVisible() and contact_dialog.created_uuid is None
    assert journal.contacts.list() == []
    qtbot.keyClicks(contact_dialog.name_edit, "Bruno Costa")
    qtbot.keyClicks(contact_dialog.common_ground_edit, "Sailing in Lisbon")
    with qtbot.waitSignal(contact_dialog.accepted, timeout=3000):
        qtbot.keyClick(contact_dialog.common_ground_edit, Qt.Key.Key_Enter, CTRL)
    assert contact_dialog.created_uuid is not None
    record = journal.contacts.get(contact_dialog.created_uuid)
    assert record.name == "Bruno Costa" and record.common_ground == "Sailing in Lisbon"
    assert "Ctrl+Enter" in contact_dialog.add_button.toolTip()


def test_new_contact_dialog_asks_before_losing_text(
    qtbot, contact_dialog: NewContactDialog, journal: Journal
) -> None:
    qtbot.keyClicks(contact_dialog.organisation_edit, "Kestrel Aerospace")
    qtbot.keyClick(contact_dialog.organisation_edit, Qt.Key.Key_Escape)
    assert contact_dialog.isVisible() and contact_dialog.discard_box is not None
    _answer(qtbot, contact_dialog, "Keep editing")
    assert contact_dialog.organisation_edit.text() == "Kestrel Aerospace"
    assert not contact_dialog.close()
    _answer(qtbot, contact_dialog, "Discard")
    assert not contact_dialog.isVisible() and journal.contacts.list() == []


def test_a_name_given_in_advance_alone_is_not_asked_about(qtbot, journal: Journal) -> None:
    dialog = _show(qtbot, NewContactDialog(journal, name="Chen Wei"))
    assert isinstance(dialog, NewContactDialog)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.discard_box is None


def test_tab_runs_through_the_follow_up_row_left_to_right(log_dialog: ConversationDialog) -> None:
    dialog = log_dialog
    order = []  # the widgets Tab stops at, in order, from "What was said" on
    widget = dialog.summary_edit
    for _ in range(60):
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled():
            order.append(widget)
    owner, what, due = (order.index(w) for w in (dialog.owner_combo, dialog.follow_up_edit, dialog.due_check))
    assert owner < what < due


def test_due_is_ticked_once_when_a_next_step_is_written(qtbot, log_dialog: ConversationDialog) -> None:
    assert not log_dialog.due_check.isChecked()
    qtbot.keyClicks(log_dialog.follow_up_edit, "Send deck")
    assert log_dialog.due_check.isChecked()
    log_dialog.due_check.setChecked(False)  # no date for this one, then fix a typo
    qtbot.keyClick(log_dialog.follow_up_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(log_dialog.follow_up_edit, "k, v2")
    assert not log_dialog.due_check.isChecked()  # the user's choice stands
    log_dialog.follow_up_edit.clear()
    assert not log_dialog.due_check.isChecked()
    qtbot.keyClicks(log_dialog.follow_up_edit, "Call back")  # a new next step: ticked again
    assert log_dialog.due_check.isChecked()


@pytest.mark.parametrize("which", ["opportunity", "introduction", "sent"])
def test_network_dialogs_ask_before_losing_text_and_save_with_ctrl_enter(
    qtbot, journal: Journal, anna: PersonRef, which: str
) -> None:
    from netjournal.ui.dialogs.introduction_dialog import IntroductionDialog
    from netjournal.ui.dialogs.opportunity_dialog import OpportunityDialog
    from netjournal.ui.dialogs.sent_item_dialog import SentItemDialog

    dialog: GuardedDialog
    if which == "opportunity":
        dialog = OpportunityDialog(journal)
        field = dialog.title_edit
    elif which == "introduction":
        dialog = IntroductionDialog(journal, person=anna)
        field = dialog.outcome_edit
    else:
        dialog = SentItemDialog(journal, person=anna)
        field = dialog.detail_edit
    _show(qtbot, dialog)
    dialog.reject()  # nothing typed: closes at once
    assert dialog.discard_box is None and dialog.result() == QDialog.DialogCode.Rejected
    _show(qtbot, dialog)
    qtbot.keyClicks(field, "Typed with care")
    dialog.reject()  # Esc, Cancel or the close button
    assert dialog.discard_box is not None and dialog.isVisible()
    dialog.discard_box.reject()  # "Keep editing"
    qtbot.waitUntil(lambda: dialog.discard_box is None)
    assert field.text() == "Typed with care"
    if which == "introduction":
        dialog.introduced_field.set_uuid(journal.contacts.create("Dan Client"))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        qtbot.keyClick(field, Qt.Key.Key_Return, CTRL)
    assert dialog.saved_uuid is not None
