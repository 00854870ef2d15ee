"""The main window driven through its real widgets: contacts, card, timeline, search."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, QThread
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from netjournal.services.changes import CONVERSATIONS, Change
from netjournal.services.journal import Journal
from netjournal.ui import messages
from netjournal.ui.changes import ChangeSignal
from netjournal.ui.dialogs.contact_dialog import NewContactDialog
from netjournal.ui.dialogs.conversation_dialog import ConversationDialog
from netjournal.ui.dialogs.merge_dialog import MergeDialog
from netjournal.ui.main_window import MainWindow
from netjournal.ui.timeline import RECORD_ROLE

WHEN = datetime(2026, 2, 1, 14, 0, tzinfo=UTC)


@pytest.fixture
def anna(journal: Journal) -> str:
    uuid = journal.contacts.create(
        "Anna Berg",
        organisation="Nordwind Logistics",
        role="CFO",
        kind="client",
        common_ground="Both grew up in Bergen",
    )
    journal.conversations.log([uuid], "Coffee about the refinancing", occurred_at=WHEN - timedelta(days=30))
    return uuid


def test_title_and_empty_states(window: MainWindow) -> None:
    assert "NetJournal" in window.windowTitle()
    pane = window.contact_list
    assert pane.stack.currentWidget() is pane.empty
    buttons = [b.text() for b in pane.empty.findChildren(type(pane._add_button)) if b.isVisible()]
    assert "Add your first contact (Ctrl+N)" in buttons and "Load demo data…" in buttons
    assert window.card.stack.currentWidget() is window.card.empty


def test_create_contact_through_the_dialog(qtbot, window: MainWindow, journal: Journal) -> None:
    window.new_contact_action.trigger()
    dialog = window._dialog
    assert isinstance(dialog, NewContactDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.name_edit, "Bruno Costa")
    qtbot.keyClicks(dialog.organisation_edit, "Kestrel Aerospace")
    qtbot.keyClicks(dialog.common_ground_edit, "Sailing in Lisbon")
    with qtbot.waitSignal(window.contactShown, timeout=3000):
        dialog.add_button.click()
    summary = journal.contacts.find_by_name("Bruno Costa")
    assert journal.contacts.get(summary.uuid).common_ground == "Sailing in Lisbon"
    assert window.card.contact_uuid == summary.uuid
    assert window.card.name_edit.text() == "Bruno Costa"
    assert window.card.organisation_edit.text() == "Kestrel Aerospace"
    assert window.contact_list.current_uuid() == summary.uuid
    assert window.contact_list.stack.currentWidget() is window.contact_list.view
    assert window.timeline.stack.currentWidget() is window.timeline.empty
    assert "Log your first conversation" in window.timeline.empty_button.text()


def test_edit_common_ground_in_place_persists(qtbot, window: MainWindow, journal: Journal, anna: str) -> None:
    window.open_contact(anna)
    edit = window.card.common_ground_edit
    assert edit.toPlainText() == "Both grew up in Bergen"
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, "; both ran a marathon in 2019")
    assert journal.contacts.get(anna).common_ground == "Both grew up in Bergen"  # not yet saved
    window.save_action.trigger()
    assert journal.contacts.get(anna).common_ground == "Both grew up in Bergen; both ran a marathon in 2019"
    # Switching contacts also saves what was typed.
    other = journal.contacts.create("Chen Wei")
    qtbot.keyClicks(window.card.their_world_edit, "Hiring a COO")
    window.open_contact(other)
    assert journal.contacts.get(anna).their_world == "Hiring a COO"
    assert window.card.common_ground_edit.toPlainText() == ""


def test_card_fields_save_and_validation_reverts(
    qtbot, window: MainWindow, journal: Journal, anna: str
) -> None:
    window.open_contact(anna)
    card = window.card
    card.emails_edit.setText("anna@nordwind.example, a.berg@example.org")
    card.tags_edit.setText("finance, board")
    card.cadence_spin.setValue(30)
    card.met_on_edit.setDate(QDate(2021, 5, 4))
    card.kind_combo.setCurrentIndex(card.kind_combo.findData("referrer"))
    assert card.save_pending()
    record = journal.contacts.get(anna)
    assert record.emails == ("anna@nordwind.example", "a.berg@example.org")
    assert set(record.tags) == {"finance", "board"}
    assert record.keep_in_touch_days == 30 and record.kind == "referrer"
    assert record.met_on is not None and record.met_on.isoformat() == "2021-05-04"
    card.name_edit.setText("   ")
    assert not card.save_pending()  # an empty name is refused, shown, and the field reverts
    box = window.findChild(QMessageBox, "errorMessage")
    assert box is not None and "Name" in box.text()
    box.close()
    assert card.name_edit.text() == "Anna Berg"


def test_log_conversation_appears_at_top_of_timeline(
    qtbot, window: MainWindow, journal: Journal, anna
) -> None:
    window.open_contact(anna)
    assert window.timeline.model.rowCount() == 1
    window.log_action.trigger()
    dialog = window._dialog
    assert isinstance(dialog, ConversationDialog)
    assert dialog.participants() == [anna]
    dialog.when_edit.setDateTime(QDateTime(QDate(2026, 3, 1), dialog.when_edit.time()))
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData("call"))
    qtbot.keyClicks(dialog.summary_edit, "Talked about the Hamburg warehouse")
    qtbot.keyClicks(dialog.follow_up_edit, "Send the interim CFO shortlist")
    assert dialog.due_check.isChecked()
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: window.timeline.model.rowCount() == 2)
    top = window.timeline.model.index(0, 0).data(RECORD_ROLE)
    assert top.summary == "Talked about the Hamburg warehouse" and top.channel == "call"
    assert [f.what for f in top.follow_ups] == ["Send the interim CFO shortlist"]
    qtbot.waitUntil(lambda: window.timeline.current_conversation() is not None)
    assert window.timeline.current_conversation().uuid == top.uuid
    # The card lists the open follow-up too.
    assert window.card.follow_ups_box.isVisible()


def test_edit_and_delete_conversation(qtbot, window: MainWindow, journal: Journal, anna, monkeypatch) -> None:
    window.open_contact(anna)
    uuid = window.timeline.model.index(0, 0).data(RECORD_ROLE).uuid
    window.timeline.view.setCurrentIndex(window.timeline.model.index(0, 0))
    window.edit_conversation_action.trigger()
    dialog = window._dialog
    assert isinstance(dialog, ConversationDialog) and dialog.summary_edit.toPlainText().startswith("Coffee")
    dialog.summary_edit.setPlainText("Coffee about the refinancing and the bank")
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        dialog.save_button.click()
    assert journal.conversations.get(uuid).summary == "Coffee about the refinancing and the bank"
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    window.timeline.view.setFocus()
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        window.delete_conversation_action.trigger()
    assert journal.conversations.timeline_count(anna) == 0
    qtbot.waitUntil(lambda: window.timeline.stack.currentWidget() is window.timeline.empty)


def test_search_as_you_type_and_enter_opens_the_hit(
    qtbot, window: MainWindow, journal: Journal, anna
) -> None:
    other = journal.contacts.create("Dmitri Volkov", organisation="Globex")
    conversation = journal.conversations.log([other], "He restores vintage sailplanes at weekends")
    window.open_contact(anna)
    window.find_action.trigger()
    assert window.search_field.hasFocus()
    with qtbot.waitSignal(window.searchShown, timeout=3000, check_params_cb=lambda n: n >= 1):
        qtbot.keyClicks(window.search_field, "sailpl")
    assert window.left.currentWidget() is window.search_results
    model = window.search_results.model
    hits = [model.hit_at(r) for r in range(model.rowCount())]
    assert [h.kind for h in hits] == ["conversation"] and hits[0].contact_uuid == other
    assert "\x02" in hits[0].snippet  # the matched word is marked for highlighting
    with qtbot.waitSignal(window.contactShown, timeout=3000):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.card.contact_uuid == other
    assert window.timeline.current_conversation().uuid == conversation
    # Escape ends the search and goes back to the list.
    qtbot.keyClick(window.search_results.view, Qt.Key.Key_Escape)
    assert window.search_field.text() == "" and window.left.currentWidget() is window.contact_list


def test_search_keeps_up_with_fast_typing(qtbot, window: MainWindow, journal: Journal, anna) -> None:
    journal.contacts.create("Berit Nordahl")
    shown: list[int] = []
    window.searchShown.connect(shown.append)
    qtbot.keyClicks(window.search_field, "berg")
    qtbot.waitUntil(lambda: window.search_results.model.text == "berg", timeout=3000)
    titles = {
        window.search_results.model.hit_at(r).title for r in range(window.search_results.model.rowCount())
    }
    assert titles == {"Anna Berg"}
    qtbot.keyClicks(window.search_field, "xyz")
    qtbot.waitUntil(lambda: window.search_results.model.text == "bergxyz", timeout=3000)
    assert window.search_results.stack.currentWidget() is window.search_results.empty
    assert "Nothing matches" in window.search_results.empty.title.text()


def test_organisation_hit_opens_the_organisation(qtbot, window: MainWindow, anna) -> None:
    with qtbot.waitSignal(window.searchShown, timeout=3000):
        qtbot.keyClicks(window.search_field, "nordwind")
    hits = [window.search_results.model.hit_at(r) for r in range(window.search_results.model.rowCount())]
    org = next(h for h in hits if h.kind == "organisation")
    window.open_hit(org)
    assert window.pages.currentWidget() is window.organisations
    assert window.organisations.name_label.text() == "Nordwind Logistics"
    assert window.organisations.people_model.index(0, 0).data() == "Anna Berg"
    with qtbot.waitSignal(window.contactShown):
        window.organisations.people_view.activated.emit(window.organisations.people_model.index(0, 0))
    assert window.pages.currentWidget() is window.splitter


def test_archive_restore_delete_and_merge(
    qtbot, window: MainWindow, journal: Journal, anna, monkeypatch
) -> None:
    window.open_contact(anna)
    with qtbot.waitSignal(window.changes.changed):
        window.archive_action.trigger()
    assert journal.contacts.get(anna).archived
    qtbot.waitUntil(window.card.archived_banner.isVisible)
    assert window.contact_list.model.total == 0  # hidden unless "show archived"
    window.show_archived_action.trigger()
    assert window.contact_list.archived_check.isChecked() and window.contact_list.model.total == 1
    with qtbot.waitSignal(window.changes.changed):
        window.card.archive_button.click()
    assert not journal.contacts.get(anna).archived

    duplicate = journal.contacts.create("Anna Berg-Larsen", common_ground="Likes jazz")
    journal.conversations.log([duplicate], "Jazz night chat")
    window.open_contact(anna)
    window.merge_action.trigger()
    dialog = window._dialog
    assert isinstance(dialog, MergeDialog)
    qtbot.keyClicks(dialog.picker.filter, "Berg-L")
    assert dialog.picker.current_uuid() == duplicate
    with qtbot.waitSignal(window.contactShown, timeout=3000):
        dialog.merge_button.click()
    assert journal.conversations.timeline_count(anna) == 2
    assert "Likes jazz" in journal.contacts.get(anna).common_ground

    asked: list[str] = []
    monkeypatch.setattr(
        messages, "confirm", lambda parent, title, text, action, **k: asked.append(text) or False
    )
    window.contact_list.view.setFocus()
    window.delete_contact_action.trigger()
    assert journal.contacts.count() == 1 and "2 conversations" in asked[0]
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    with qtbot.waitSignal(window.changes.changed):
        window.delete_contact_action.trigger()
    assert journal.contacts.count() == 0
    qtbot.waitUntil(lambda: window.contact_list.stack.currentWidget() is window.contact_list.empty)


def test_state_restored_without_contact_data(
    qtbot, make_window, journal: Journal, anna, settings_file
) -> None:
    bruno = journal.contacts.create("Bruno Costa")
    window = make_window()
    window.resize(790, 560)  # within the offscreen screen (800x600)
    window.splitter.setSizes([230, 300, 250])
    size = window.size()
    window.open_contact(bruno)
    window.contact_list.sort_combo.setCurrentIndex(window.contact_list.sort_combo.findData("last_contact"))
    sizes = window.splitter.sizes()
    window.close()
    text = settings_file.read_text(encoding="latin-1")
    assert bruno in text
    for secret in ("Bruno", "Costa", "Anna", "Berg", "Nordwind", "Bergen"):
        assert secret not in text
    again = make_window()
    assert again.card.contact_uuid == bruno
    assert again.contact_list.current_uuid() == bruno
    assert again.size() == size
    assert again.splitter.sizes() == sizes
    assert again.contact_list.query().sort == "last_contact"


@pytest.mark.parametrize("page", ["today", "organisations", "network", "people"])
def test_last_page_restored(qtbot, make_window, journal: Journal, anna, page: str) -> None:
    window = make_window()
    window.show_page(page)
    assert window.current_page() == page
    window.close()
    assert make_window().current_page() == page


def test_changes_from_a_worker_thread_arrive_on_the_gui_thread(qtbot, qapp, journal: Journal, anna) -> None:
    signal = ChangeSignal(journal.changes)
    threads: list[bool] = []
    signal.changed.connect(lambda change: threads.append(QThread.currentThread() is qapp.thread()))

    def write() -> None:
        journal.conversations.log([anna], "Logged from a worker")
        journal.close_thread_connection()

    with qtbot.waitSignal(
        signal.changed, timeout=3000, check_params_cb=lambda c: isinstance(c, Change)
    ) as blocker:
        worker = threading.Thread(target=write)
        worker.start()
        worker.join()
    assert blocker.args[0].touches(CONVERSATIONS)
    assert threads == [True]
    signal.close()


def test_no_two_window_actions_share_a_shortcut(window: MainWindow) -> None:
    # Qt fires neither action of an ambiguous shortcut, so a clash silently disables both.
    # Actions scoped to one widget (Delete in a list, say) may share keys with each other.
    owners: dict[str, str] = {}
    for action in window.findChildren(QAction):
        if action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut:
            continue
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in owners, f"{key}: {owners[key]!r} and {action.text()!r}"
            owners[key] = action.text()
    assert len(owners) > 15


def test_keyboard_shortcuts_and_accessibility(qtbot, window: MainWindow, anna) -> None:
    window.open_contact(anna)
    assert window.new_contact_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert window.delete_contact_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    assert not window.quit_action.shortcut().isEmpty() and not window.preferences_action.shortcut().isEmpty()
    window.activateWindow()
    window.contact_list.view.setFocus()
    qtbot.keySequence(window, QKeySequence(QKeySequence.StandardKey.Find))
    qtbot.waitUntil(window.search_field.hasFocus)
    # Every label in the card and the filters points at its field; key widgets are named.
    for container in (window.card, window.contact_list):
        for label in container.findChildren(QLabel):
            if "&" in label.text():
                assert label.buddy() is not None, label.text()
    for widget in (
        window.search_field,
        window.contact_list.view,
        window.timeline.view,
        window.card.common_ground_edit,
        window.card.their_world_edit,
        window.card.name_edit,
    ):
        assert widget.accessibleName()
    # Tab moves from the last card field into the timeline.
    chain: list[QWidget] = []
    widget: QWidget = window.card.notes_edit
    for _ in range(3):
        widget = widget.nextInFocusChain()
        chain.append(widget)
    assert window.timeline.log_button in chain


def test_dark_palette_renders_dark(qtbot, window: MainWindow, anna) -> None:
    from netjournal.ui import theme

    window.open_contact(anna)
    window.setPalette(theme.dark_palette())
    QApplication.processEvents()
    image = window.grab().toImage()
    sample = [
        image.pixelColor(x, y).lightnessF()
        for x in range(0, image.width(), 37)
        for y in range(60, image.height(), 41)
    ]
    assert sum(sample) / len(sample) < 0.35
    # The prominent panels are tinted, not white, in the dark.
    panel = window.card.common_panel.grab().toImage()
    centre = panel.pixelColor(panel.width() // 2, panel.height() - 4)
    assert centre.lightnessF() < 0.4


def test_load_demo_data_in_the_background(qtbot, window: MainWindow, journal: Journal) -> None:
    window.demo_action.trigger()
    task = window._task
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert journal.contacts.count() > 100
    qtbot.waitUntil(lambda: window.contact_list.model.rowCount() > 0)
    assert window.card.contact_uuid is not None
    # Not a second time: the journal is no longer empty.
    window.demo_action.trigger()
    box = window.findChild(QMessageBox, "errorMessage")
    assert box is not None and "empty journal" in box.text()
    box.close()


def test_clicking_a_follow_up_box_in_the_timeline_ticks_it(
    qtbot, window: MainWindow, journal: Journal
) -> None:
    uuid = journal.contacts.create("Clara Voss")
    journal.conversations.log([uuid], "Lunch", occurred_at=WHEN, follow_up="Send the deck")
    window.open_contact(uuid)
    view = window.timeline.view
    qtbot.waitUntil(lambda: bool(window.timeline.delegate._boxes), timeout=3000)  # painted
    ((box, follow_up, done),) = next(iter(window.timeline.delegate._boxes.values()))
    assert not done
    with qtbot.waitSignal(window.timeline.followUpDoneRequested, timeout=3000) as ticked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert ticked.args == [follow_up, True]
    qtbot.waitUntil(lambda: journal.follow_ups.for_contact(uuid) == [], timeout=3000)  # done: not open
    # A click on the text beside it selects the entry and ticks nothing.
    qtbot.waitUntil(lambda: next(iter(window.timeline.delegate._boxes.values()))[0][2], timeout=3000)
    box = next(iter(window.timeline.delegate._boxes.values()))[0][0]
    with qtbot.assertNotEmitted(window.timeline.followUpDoneRequested):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center() + QPoint(120, 0))


def test_edit_menu_commands_act_on_the_focused_field(qtbot, window: MainWindow, anna) -> None:
    window.open_contact(anna)
    window.activateWindow()
    field = window.card.common_ground_edit
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    window._update_text_actions()
    assert window.text_actions["paste"].isEnabled() and not window.text_actions["redo"].isEnabled()
    window.text_actions["selectAll"].trigger()
    window.text_actions["copy"].trigger()
    assert QApplication.clipboard().text() == "Both grew up in Bergen"
    window.text_actions["cut"].trigger()
    assert field.toPlainText() == ""
    window._update_text_actions()
    assert window.text_actions["undo"].isEnabled()
    window.text_actions["undo"].trigger()
    assert field.toPlainText() == "Both grew up in Bergen"
    QApplication.clipboard().clear()
    # In the contact list (no text), the commands are there but greyed out and harmless.
    window.contact_list.view.setFocus()
    qtbot.waitUntil(window.contact_list.view.hasFocus)
    window._update_text_actions()
    assert not window.text_actions["paste"].isEnabled()
    window.text_actions["paste"].trigger()
