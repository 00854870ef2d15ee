"""Tray menu, close-to-tray, the daily due notification (one a day), --background, --quick, smoke test."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtWidgets import QApplication

from netjournal.services.journal import Journal
from netjournal.services.preferences import PreferenceService
from netjournal.ui import app as app_module
from netjournal.ui.app import NetJournalApp
from netjournal.ui.today import DueReportSource
from netjournal.ui.tray import DueNotifier, TrayIcon
from tests.conftest import FakeClock


@pytest.fixture
def overdue(journal: Journal, clock: FakeClock) -> str:
    clock.value = datetime(2026, 3, 10, 9, 0).astimezone()
    uuid = journal.contacts.create("Olga Due", kind="other", keep_in_touch_days=7)
    journal.conversations.log([uuid], "long ago", occurred_at=clock() - timedelta(days=30))
    journal.follow_ups.create(uuid, "Send proposal", due_on=date(2026, 3, 9))
    return uuid


def test_notification_once_a_day_not_a_flood(qtbot, overdue, journal: Journal, changes, clock) -> None:
    source = DueReportSource(journal, changes)
    notifier = DueNotifier(source, clock, reminder_time=lambda: time(9, 0))
    shown: list[tuple[str, str]] = []
    notifier.notify.connect(lambda title, text: shown.append((title, text)))
    with qtbot.waitSignal(source.reportReady, timeout=10_000):
        notifier.start()
    assert shown == [("Due today", "1 follow-up due; 1 person to get back in touch with")]
    for n in range(3):  # more changes the same day: the list refreshes, no new notification
        with qtbot.waitSignal(source.reportReady, timeout=10_000):
            journal.follow_ups.create(overdue, f"more {n}", due_on=date(2026, 3, 10))
    notifier.check()
    assert len(shown) == 1

    clock.value = datetime(2026, 3, 11, 0, 1).astimezone()  # the day turns while running
    notifier.check()  # before the reminder time: nothing yet, even when a change brings a report
    with qtbot.waitSignal(source.reportReady, timeout=10_000):
        journal.follow_ups.create(overdue, "after midnight", due_on=date(2026, 3, 10))
    assert len(shown) == 1

    clock.value = datetime(2026, 3, 11, 9, 0).astimezone()  # the reminder time (09:00 here)
    notifier.check()  # today's report is already known: announced at once
    assert len(shown) == 2 and shown[1][1].startswith("5 follow-ups due")
    notifier.check()
    assert len(shown) == 2
    notifier.stop()
    source.shutdown()


def test_reminder_time_follows_preferences(qtbot, overdue, journal: Journal, changes, clock) -> None:
    prefs = PreferenceService(journal.changes, journal.clock)
    prefs.set_reminder_time(time(17, 30))
    source = DueReportSource(journal, changes)
    notifier = DueNotifier(source, clock, reminder_time=prefs.reminder_time)
    shown: list[str] = []
    notifier.notify.connect(lambda _title, text: shown.append(text))
    with qtbot.waitSignal(source.reportReady, timeout=10_000):
        notifier.start()  # at start: announced whatever the time
    assert len(shown) == 1
    clock.value = clock().replace(hour=10) + timedelta(days=1)
    notifier.check()
    assert len(shown) == 1
    prefs.set_reminder_time(time(10, 0))  # changed while running: the next check obeys it
    notifier.check()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10_000)
    notifier.stop()
    source.shutdown()


def test_nothing_due_means_no_notification(qtbot, journal: Journal, changes, clock) -> None:
    source = DueReportSource(journal, changes)
    notifier = DueNotifier(source, clock)
    shown: list[str] = []
    notifier.notify.connect(lambda _title, text: shown.append(text))
    with qtbot.waitSignal(source.reportReady, timeout=10_000):
        notifier.start()
    assert shown == [] and notifier.announced_on == clock().astimezone().date()
    notifier.stop()
    source.shutdown()


def test_tray_menu_without_a_system_tray(qtbot) -> None:
    tray = TrayIcon(available=False)
    assert tray.icon is None
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == ["&Log a conversation…", "&Open NetJournal", "&Due today", "&Quit"]
    tray.set_due_count(3)
    assert tray.due_action.text() == "&Due today (3)"
    for action, signal in (
        (tray.quick_action, tray.quickEntryRequested),
        (tray.open_action, tray.openRequested),
        (tray.due_action, tray.todayRequested),
        (tray.quit_action, tray.quitRequested),
    ):
        with qtbot.waitSignal(signal):
            action.trigger()
    with qtbot.waitSignal(tray.messageShown) as message:
        tray.show_message("Due today", "2 follow-ups due")
    assert message.args == ["Due today", "2 follow-ups due"]
    tray.dispose()


def test_tray_actions_drive_the_app(qtbot, overdue, controller) -> None:
    app = controller()
    assert app.tray is not None and app.due_source is not None
    with qtbot.waitSignal(app.due_source.reportReady, timeout=10_000):
        app.due_source.refresh(now=True)
    assert app.tray.due_action.text() == "&Due today (2)"
    with qtbot.waitSignal(app.quickEntryShown):
        app.tray.quick_action.trigger()
    assert app.quick_entry is not None and "Quick entry" in app.quick_entry.windowTitle()
    assert app.show_quick_entry() is app.quick_entry  # the API others rely on: one window, reused
    app.quick_entry.reset()
    app.quick_entry.hide()
    with qtbot.waitSignal(app.mainWindowShown):
        app.tray.due_action.trigger()
    window = app.main_window
    assert window is not None and window.pages.currentWidget() is window.today
    with qtbot.waitSignal(window.today.shown, timeout=10_000):
        window.today.refresh()
    # "Log" on the Today page opens the quick entry for that person.
    window.today.select(f"c:{overdue}")
    with qtbot.waitSignal(app.quickEntryShown):
        window.today.log_button.click()
    assert [p.uuid for p in app.quick_entry.people] == [overdue]
    app.quick_entry.reset()
    # Without a tray, the notification shows in the window's status bar.
    app.tray.show_message("Due today", "2 things")
    assert window.statusBar().currentMessage() == "Due today: 2 things"


def test_quick_entry_from_the_menu_bar(qtbot, controller) -> None:
    app = controller()
    window = app.show_main_window()
    assert window.quick_entry_action.shortcut().toString() == "Ctrl+Shift+L"
    with qtbot.waitSignal(app.quickEntryShown):
        window.quick_entry_action.trigger()
    app.quick_entry.reset()


def test_saving_a_quick_entry_is_confirmed_in_the_window(qtbot, overdue, controller, journal) -> None:
    app = controller()
    window = app.show_main_window()
    quick = app.show_quick_entry()
    quick.who_edit.setText("Olga")
    quick.note_edit.setPlainText("Called her back")
    with qtbot.waitSignal(quick.saved):
        quick.save()
    assert window.statusBar().currentMessage().startswith("Conversation saved")
    assert journal.conversations.timeline(overdue)[0].summary == "Called her back"


def test_closing_the_window_keeps_the_app_in_the_tray_with_a_one_time_notice(qtbot, controller) -> None:
    app = controller(tray=True)
    window = app.show_main_window()
    qtbot.waitExposed(window)
    notices: list[str] = []
    app.tray.messageShown.connect(lambda title, _text: notices.append(title))
    window.close()
    qtbot.waitUntil(lambda: notices == ["NetJournal is still running"])
    assert not window.isVisible() and app.journal is not None  # still running, journal open
    app.show_main_window()
    window.close()
    qtbot.wait(20)
    assert notices == ["NetJournal is still running"]  # once only
    assert app.settings.close_notice_shown()  # remembered in the app's own settings


def test_quit_with_an_entry_in_progress_asks_first(qtbot, controller, monkeypatch) -> None:
    app = controller()
    quick = app.show_quick_entry()
    quick.note_edit.setPlainText("unsaved")
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    app.quit()
    assert quits == [] and quick.discard_box is not None
    quick.discard_box.reject()
    quick.reset()
    app.quit()
    assert quits == [True]


@pytest.mark.parametrize(
    "case",
    [
        # (command-line flags, tray available, main window shown, quick entry shown)
        ({}, False, True, False),
        ({"quick": True}, False, False, True),
        ({"background": True}, False, True, False),  # no tray to live in: show the window
        ({"background": True}, True, False, False),
    ],
)
def test_run_shows_what_was_asked_for(qapp, monkeypatch, *, journal: Journal, ui_settings, keystore, case):
    flags, tray, main, quick = case
    monkeypatch.setenv(app_module.SMOKE_TEST_ENV, "1")  # quit once started and idle
    app = NetJournalApp(journal.data_dir, keystore=keystore, settings=ui_settings, tray_available=tray)
    shown: list[str] = []
    app.mainWindowShown.connect(lambda: shown.append("main"))
    app.quickEntryShown.connect(lambda: shown.append("quick"))
    monkeypatch.setattr(app, "open_journal", lambda: (app.attach(journal), True)[1])
    monkeypatch.setattr(app, "shutdown", lambda: _close_windows(app))
    quit_on_close = qapp.quitOnLastWindowClosed()
    try:
        assert app.run(qapp, **flags) == 0
        assert qapp.quitOnLastWindowClosed() is (not tray)
    finally:
        qapp.setQuitOnLastWindowClosed(quit_on_close)
        _close_windows(app)
        app.journal = None
        NetJournalApp.shutdown(app)
    assert ("main" in shown) is main and ("quick" in shown) is quick


def _close_windows(app: NetJournalApp) -> None:
    for window in (app.main_window, app.quick_entry):
        if window is not None:
            window.hide()


def test_smoke_test_environment_is_documented_in_the_code() -> None:
    # packaging/build_check.py only runs its GUI step when the package mentions the variable.
    assert app_module.SMOKE_TEST_ENV == "NETJOURNAL_SMOKE_TEST"
