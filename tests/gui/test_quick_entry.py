"""The quick-entry window: keyboard only, new contacts, several people, Esc asks before losing text."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netjournal.services.journal import Journal
from netjournal.services.records import PersonRef
from netjournal.services.when_text import parse_when
from netjournal.ui.quick_entry import QuickEntryWindow
from tests.conftest import FakeClock

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def anna(journal: Journal) -> str:
    return journal.contacts.create("Anna Berg", organisation="Acme Logistics", kind="client")


@pytest.fixture
def quick(qtbot, journal: Journal, anna: str) -> QuickEntryWindow:
    window = QuickEntryWindow(journal)
    qtbot.addWidget(window)
    window.show_for()
    qtbot.waitExposed(window)
    return window


def conversations_with(journal: Journal, uuid: str) -> list:
    return journal.conversations.timeline(uuid)


def test_title_and_focus_start_in_who(quick: QuickEntryWindow) -> None:
    assert "Quick entry" in quick.windowTitle()
    assert quick.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert QApplication.focusWidget() is quick.who_edit


def test_keyboard_only_entry_is_saved(qtbot, quick: QuickEntryWindow, journal: Journal, anna: str) -> None:
    qtbot.keyClicks(quick.who_edit, "Ann")
    assert quick.suggestions.isVisible()
    assert quick.suggestions.item(0).text().startswith("Anna Berg")
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Tab)
    assert [p.uuid for p in quick.people] == [anna]
    assert QApplication.focusWidget() is quick.note_edit
    qtbot.keyClicks(quick.note_edit, "Coffee; she is hiring an interim CFO.")
    with qtbot.waitSignal(quick.saved) as saved:
        qtbot.keyClick(quick.note_edit, Qt.Key.Key_Return, CTRL)
    assert not quick.isVisible()
    timeline = conversations_with(journal, anna)
    assert [c.summary for c in timeline] == ["Coffee; she is hiring an interim CFO."]
    assert saved.args == [timeline[0].uuid, 1]
    assert timeline[0].channel == "meeting"
    assert timeline[0].occurred_at == journal.clock()  # "when" left empty: now
    assert quick.people == [] and quick.note_edit.toPlainText() == ""  # fresh for the next one


def test_organisation_finds_the_person(qtbot, quick: QuickEntryWindow, anna: str) -> None:
    qtbot.keyClicks(quick.who_edit, "acme")
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Tab)
    assert [p.uuid for p in quick.people] == [anna]


def test_unknown_name_creates_a_contact_and_several_people_share_the_entry(
    qtbot, quick: QuickEntryWindow, journal: Journal, anna: str, clock: FakeClock
) -> None:
    qtbot.keyClicks(quick.who_edit, "anna")
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Return)  # take Anna, stay for another person
    assert QApplication.focusWidget() is quick.who_edit and quick.who_edit.text() == ""
    qtbot.keyClicks(quick.who_edit, "Zoltan Nemeth")
    last = quick.suggestions.item(quick.suggestions.count() - 1)
    assert last.text() == "+ New contact: Zoltan Nemeth"
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Tab)
    assert [p.name for p in quick.people] == ["Anna Berg", "Zoltan Nemeth"]
    assert quick.people[1].uuid is None
    qtbot.keyClicks(quick.note_edit, "Lunch: Zoltan runs the Lisbon office.")
    qtbot.keyClick(quick.note_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is quick.channel_combo
    quick.channel_combo.setCurrentIndex(quick.channel_combo.findData("event"))
    qtbot.keyClick(quick.channel_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is quick.when_edit
    qtbot.keyClicks(quick.when_edit, "yesterday 13:00")
    yesterday = journal.clock().astimezone() - timedelta(days=1)
    assert quick.when_hint.text() == f"When: yesterday ({yesterday:%a} {yesterday.day} {yesterday:%b}) 13:00"
    qtbot.keyClick(quick.when_edit, Qt.Key.Key_Tab)
    quick.place_edit.setText("Harbour café")  # (QTest types ASCII only)
    qtbot.keyClick(quick.place_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(quick.common_ground_edit, "Both sailed the Fastnet race")
    qtbot.keyClick(quick.common_ground_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(quick.follow_up_edit, "Send the Lisbon contacts")
    qtbot.keyClick(quick.follow_up_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is quick.due_edit
    qtbot.keyClicks(quick.due_edit, "friday")  # Tab selected the default: typing replaces it
    assert quick.due_edit.text() == "friday"
    with qtbot.waitSignal(quick.saved):
        qtbot.keyClick(quick.due_edit, Qt.Key.Key_Enter, CTRL)

    zoltan = journal.contacts.find_by_name("Zoltan Nemeth")
    conversation = conversations_with(journal, anna)[0]
    assert {p.name for p in conversation.participants} == {"Anna Berg", "Zoltan Nemeth"}
    assert conversation.channel == "event" and conversation.place == "Harbour café"
    now = journal.clock().astimezone()
    assert conversation.occurred_at == parse_when("yesterday 13:00", now)
    assert [c.uuid for c in conversations_with(journal, zoltan.uuid)] == [conversation.uuid]
    for uuid in (anna, zoltan.uuid):
        assert journal.contacts.get(uuid).common_ground.endswith("Both sailed the Fastnet race")
    (follow_up,) = conversation.follow_ups
    today = now.date()
    assert follow_up.what == "Send the Lisbon contacts"
    assert follow_up.due_on == today + timedelta(days=(4 - today.weekday()) % 7 or 7)


def test_default_due_date_is_a_week_and_can_be_cleared(
    qtbot, quick: QuickEntryWindow, journal: Journal, anna: str
) -> None:
    today: date = journal.clock().astimezone().date()
    qtbot.keyClicks(quick.who_edit, "Anna")
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Tab)
    quick.follow_up_edit.setText("Call back")
    assert quick.due_hint.text().startswith("Due: ") and "in 7 days" in quick.due_hint.text()
    with qtbot.waitSignal(quick.saved):
        quick.save()
    assert journal.follow_ups.for_contact(anna)[0].due_on == today + timedelta(days=7)

    quick.show_for((PersonRef(anna, "Anna Berg"),))
    assert quick.focusWidget() is quick.note_edit  # the person is known: start at the note
    quick.follow_up_edit.setText("No rush")
    quick.due_edit.clear()
    assert quick.due_hint.text() == "Due: no due date"
    with qtbot.waitSignal(quick.saved):
        quick.save()
    undated = [f for f in journal.follow_ups.for_contact(anna) if f.what == "No rush"]
    assert undated[0].due_on is None


def test_up_down_choose_and_backspace_removes(qtbot, quick: QuickEntryWindow, journal: Journal) -> None:
    bo = journal.contacts.create("Anders Bo", kind="peer")
    journal.conversations.log([bo], "x", occurred_at=journal.clock() - timedelta(days=1))
    qtbot.keyClicks(quick.who_edit, "an")
    texts = [quick.suggestions.item(i).text() for i in range(quick.suggestions.count())]
    assert texts[0].startswith("Anders Bo")  # most recently in touch first
    assert texts[1].startswith("Anna Berg") and texts[-1] == "+ New contact: an"
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Down)
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Return)
    assert [p.name for p in quick.people] == ["Anna Berg"]
    qtbot.keyClicks(quick.who_edit, "an")  # Anna is already in: not offered again
    texts = [quick.suggestions.item(i).text() for i in range(quick.suggestions.count())]
    assert not any(t.startswith("Anna Berg") for t in texts)
    quick.who_edit.clear()
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Backspace)
    assert quick.people == []


def test_esc_with_text_asks_before_discarding(qtbot, quick: QuickEntryWindow, journal: Journal, anna) -> None:
    qtbot.keyClicks(quick.who_edit, "Anna")
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(quick.note_edit, "Half a thought")
    qtbot.keyClick(quick.note_edit, Qt.Key.Key_Escape)
    box = quick.discard_box
    assert box is not None and box.isVisible() and quick.isVisible()
    keep = next(b for b in box.buttons() if "Keep" in b.text())
    keep.click()
    assert quick.isVisible() and quick.note_edit.toPlainText() == "Half a thought"
    assert quick.discard_box is None

    quick.close()  # the window manager's close button asks too
    qtbot.waitUntil(lambda: quick.discard_box is not None)
    box = quick.discard_box
    assert box is not None and quick.isVisible()
    with qtbot.waitSignal(quick.discarded):
        next(b for b in box.buttons() if "Discard" in b.text()).click()
    assert not quick.isVisible() and quick.note_edit.toPlainText() == "" and quick.people == []
    assert conversations_with(journal, anna) == []


def test_esc_without_text_closes_at_once(qtbot, quick: QuickEntryWindow) -> None:
    with qtbot.waitSignal(quick.discarded):
        qtbot.keyClick(quick.who_edit, Qt.Key.Key_Escape)
    assert quick.discard_box is None and not quick.isVisible()


def test_people_the_app_filled_in_are_not_typed_text(qtbot, quick: QuickEntryWindow, anna: str) -> None:
    # Log from Today (or a card) opens with the person filled in: Esc straight away just closes.
    quick.hide()
    quick.show_for((PersonRef(anna, "Anna Berg"),))
    assert [p.uuid for p in quick.people] == [anna] and not quick.has_text()
    with qtbot.waitSignal(quick.discarded):
        qtbot.keyClick(quick.note_edit, Qt.Key.Key_Escape)
    assert quick.discard_box is None and not quick.isVisible()
    # Adding someone, though, is the user's doing: then Esc asks.
    quick.show_for((PersonRef(anna, "Anna Berg"),))
    qtbot.keyClicks(quick.who_edit, "Zoltan Nemeth")
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Tab)
    quick.who_edit.clear()
    assert len(quick.people) == 2 and quick.has_text()


def test_bad_input_is_explained_and_nothing_is_saved(
    qtbot, quick: QuickEntryWindow, journal: Journal, anna: str
) -> None:
    qtbot.keyClicks(quick.note_edit, "Nobody named")
    qtbot.keyClick(quick.note_edit, Qt.Key.Key_Return, CTRL)
    assert quick.isVisible() and "Who did you talk with" in quick.error_label.text()
    assert QApplication.focusWidget() is quick.who_edit

    qtbot.keyClicks(quick.who_edit, "Anna")
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Tab)
    quick.when_edit.setText("teatime")
    assert "not a time I understand" in quick.when_hint.text()
    quick.save()
    assert quick.isVisible() and "not a time I understand" in quick.error_label.text()
    assert QApplication.focusWidget() is quick.when_edit

    quick.when_edit.setText("tomorrow 9:00")
    quick.save()
    assert "not a time I understand" in quick.error_label.text()
    quick.when_edit.setText("2 days ago")
    quick.follow_up_edit.setText("Send notes")
    quick.due_edit.setText("someday")
    quick.save()
    assert quick.isVisible() and "not a date I understand" in quick.error_label.text()
    assert conversations_with(journal, anna) == []

    quick.due_edit.setText("in 3 days")
    with qtbot.waitSignal(quick.saved):
        quick.save()
    (saved,) = conversations_with(journal, anna)
    assert saved.occurred_at == journal.clock() - timedelta(days=2)


def test_a_participant_deleted_meanwhile_is_reported(
    qtbot, quick: QuickEntryWindow, journal: Journal, anna: str
) -> None:
    qtbot.keyClicks(quick.who_edit, "Anna")
    qtbot.keyClick(quick.who_edit, Qt.Key.Key_Tab)
    journal.contacts.delete(anna)
    quick.note_edit.setPlainText("Lost?")
    quick.save()
    assert quick.isVisible() and "no longer exists" in quick.error_label.text()
    assert quick.note_edit.toPlainText() == "Lost?"  # nothing typed is lost


def test_reopening_keeps_an_entry_in_progress(qtbot, quick: QuickEntryWindow) -> None:
    quick.note_edit.setPlainText("Typing…")
    quick.show_for()
    assert quick.note_edit.toPlainText() == "Typing…"


def test_times_follow_the_injected_clock(qtbot, journal: Journal, clock: FakeClock) -> None:
    clock.value = datetime(2026, 3, 10, 23, 59).astimezone()
    window = QuickEntryWindow(journal)
    qtbot.addWidget(window)
    window.show_for()
    window.follow_up_edit.setText("x")
    window.due_edit.setText("tomorrow")
    assert window.due_hint.text() == "Due: tomorrow"
    window.when_edit.setText("23:00")
    assert window.when_hint.text() == "When: today (Tue 10 Mar) 23:00"
