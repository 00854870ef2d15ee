"""The Today page: what is due across a date boundary (injected clock); done, snooze, log from it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt

from netjournal.services.journal import Journal
from netjournal.services.records import PersonRef
from netjournal.ui.main_window import MainWindow
from netjournal.ui.today import ALL_WELL, DueReportSource, TodayModel, TodayPage, when_text
from tests.conftest import FakeClock


@pytest.fixture
def due_journal(journal: Journal, clock: FakeClock) -> dict[str, str]:
    """Local Tuesday 10 March 2026, 18:00: people with cadences and dated follow-ups."""
    clock.value = datetime(2026, 3, 10, 18, 0).astimezone()
    now = clock()
    ids = {
        "kim": journal.contacts.create("Kim Long", kind="other", keep_in_touch_days=30),
        "lea": journal.contacts.create("Lea Near", kind="other", keep_in_touch_days=30),
        "max": journal.contacts.create("Max Fresh", kind="other", keep_in_touch_days=30),
    }
    journal.conversations.log([ids["kim"]], "old", occurred_at=now - timedelta(days=90))
    journal.conversations.log([ids["lea"]], "a while", occurred_at=now - timedelta(days=29))
    journal.conversations.log([ids["max"]], "recent", occurred_at=now - timedelta(days=2))
    ids["cv"] = journal.follow_ups.create(ids["max"], "Send CV", due_on=date(2026, 3, 9))
    ids["lunch"] = journal.follow_ups.create(ids["lea"], "Book lunch", due_on=date(2026, 3, 11))
    return ids


@pytest.fixture
def page(qtbot, journal: Journal, changes) -> TodayPage:
    widget = TodayPage(journal, changes)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.shown, timeout=10_000):
        widget.show()
    yield widget
    widget.shutdown()


def rows(page: TodayPage) -> dict[str, list[str]]:
    model = page.model
    shown: dict[str, list[str]] = {}
    for s in range(model.rowCount()):
        section = model.index(s, 0)
        title = str(model.data(section)).rsplit(" (", 1)[0]
        shown[title] = [
            f"{model.index(r, 0, section).data()} | {model.index(r, 2, section).data()}"
            for r in range(model.rowCount(section))
        ]
    return shown


def refreshed(qtbot, page: TodayPage) -> None:
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.refresh()


def test_due_list_across_midnight(qtbot, due_journal, page: TodayPage, clock: FakeClock) -> None:
    assert page.title.text() == "Today — Tuesday 10 March 2026"
    assert rows(page) == {
        "Follow-ups due": ["Send CV | 1 day overdue"],
        "Get back in touch": ["Kim Long | 60 days overdue"],
        "Coming up this week": ["Book lunch | tomorrow", "Lea Near | tomorrow"],
    }
    assert page.summary.text() == "1 follow-up due; 1 person to get back in touch with"

    clock.value = datetime(2026, 3, 11, 0, 5).astimezone()  # just after local midnight
    refreshed(qtbot, page)
    assert page.title.text() == "Today — Wednesday 11 March 2026"
    assert rows(page) == {
        "Follow-ups due": ["Send CV | 2 days overdue", "Book lunch | today"],
        "Get back in touch": ["Kim Long | 61 days overdue", "Lea Near | today"],  # longest first
    }


def test_mark_done_snooze_and_log_from_the_page(
    qtbot, due_journal, page: TodayPage, journal: Journal
) -> None:
    assert page.select(f"f:{due_journal['cv']}")
    assert page.done_action.isEnabled() and page.done_button.isEnabled()
    said: list[str] = []
    page.statusMessage.connect(said.append)
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.view.setFocus()
        qtbot.keyClick(page.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert "Follow-ups due" not in rows(page)
    assert said and said[-1].startswith("Done: ") and "untick it in" in said[-1]
    assert journal.follow_ups.for_contact(due_journal["max"]) == []  # done

    assert page.select(f"c:{due_journal['kim']}")
    assert not page.done_action.isEnabled()  # people are snoozed or contacted, not "done"
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.snooze_actions[7].trigger()
    assert said[-1] == "Snoozed for 1 week: Kim Long"
    assert "Get back in touch" not in rows(page)
    assert "Kim Long | in 7 days" in rows(page)["Coming up this week"]

    assert page.select(f"f:{due_journal['lunch']}")
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.snooze(3)
    assert journal.follow_ups.for_contact(due_journal["lea"])[0].due_on == date(2026, 3, 14)

    page.select(f"c:{due_journal['lea']}")
    with qtbot.waitSignal(page.logRequested) as asked:
        page.log_button.click()
    assert asked.args == [PersonRef(due_journal["lea"], "Lea Near")]
    with qtbot.waitSignal(page.openContactRequested) as opened:
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened.args == [due_journal["lea"]]


def test_open_follow_ups_without_a_date_have_their_own_section(
    qtbot, due_journal, page: TodayPage, journal: Journal
) -> None:
    with qtbot.waitSignal(page.shown, timeout=10_000):
        undated = journal.follow_ups.create(due_journal["kim"], "Introduce Kim to the board")
    assert rows(page)["Open, no date set"] == ["Introduce Kim to the board | no date"]
    assert page.summary.text() == "1 follow-up due; 1 person to get back in touch with"  # not due
    assert page.select(f"f:{undated}")
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.snooze(7)  # gives it a date
    assert "Open, no date set" not in rows(page)
    assert journal.follow_ups.for_contact(due_journal["kim"])[0].due_on == date(2026, 3, 17)


def test_nothing_due_shows_a_friendly_empty_state(qtbot, page: TodayPage) -> None:
    assert page.stack.currentWidget() is page.empty
    assert page.empty.text.text() == ALL_WELL
    assert not page.snooze_button.isEnabled() and not page.done_action.isEnabled()
    page.mark_done()  # nothing selected: nothing happens
    page.snooze(7)


def test_a_quiet_today_says_who_is_never_reminded_and_how_to_change_it(
    qtbot, page: TodayPage, journal: Journal
) -> None:
    with qtbot.waitSignal(page.shown, timeout=10_000):
        for n in range(2):
            journal.contacts.create(f"From LinkedIn {n}")  # kind "other": no rhythm
        page.refresh()
    assert page.stack.currentWidget() is page.empty
    text = page.empty.text.text()
    assert "2 people have no rhythm yet" in text and "Preferences" in text and "Well kept" not in text
    with qtbot.waitSignal(page.shown, timeout=10_000):
        journal.reminders.set_kind_cadence("other", 365)
        page.refresh()
    assert page.empty.text.text() == ALL_WELL


def test_today_says_when_to_tell_intermediaries_about_availability(
    qtbot, page: TodayPage, journal: Journal, clock: FakeClock
) -> None:
    today = clock().astimezone().date()
    broker = journal.contacts.create("Bram Broker", organisation="Boyden Interim", kind="intermediary")
    assert not page.availability_label.isVisible()
    with qtbot.waitSignal(page.shown, timeout=10_000):  # an assignment ending in three weeks
        journal.opportunities.create(
            "Interim CFO",
            status="won",
            started_on=today - timedelta(days=90),
            ended_on=today + timedelta(days=21),
        )
    assert page.availability_label.isVisible()
    assert "Tell 1 intermediary you are available from" in page.availability_label.text()
    with qtbot.waitSignal(page.intermediariesRequested, timeout=1000):
        page.availability_label.linkActivated.emit("intermediaries")
    with qtbot.waitSignal(page.shown, timeout=10_000):  # told: nothing left to do
        journal.intermediaries.record_sent(broker, "availability")
    assert not page.availability_label.isVisible()


def test_model_passes_modeltester(qtmodeltester, qtbot, due_journal, journal: Journal, changes) -> None:
    source = DueReportSource(journal, changes)
    with qtbot.waitSignal(source.reportReady, timeout=10_000) as got:
        source.refresh(now=True)
    model = TodayModel()
    model.set_report(got.args[0])
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.rowCount(model.index(0, 0)) == 1
    assert model.item(model.index(0, 0)) is None  # a section is not an item
    assert model.item(QModelIndex()) is None
    assert model.index_of("f:no-such-uuid") == QModelIndex()
    source.shutdown()


def test_changes_refresh_the_list(qtbot, due_journal, page: TodayPage, journal: Journal) -> None:
    with qtbot.waitSignal(page.shown, timeout=10_000):
        journal.conversations.log([due_journal["kim"]], "caught up")
    assert "Get back in touch" not in rows(page)


def test_when_text() -> None:
    today = date(2026, 3, 10)
    assert [when_text(today + timedelta(days=d), today) for d in (-2, -1, 0, 1, 5)] == [
        "2 days overdue",
        "1 day overdue",
        "today",
        "tomorrow",
        "in 5 days",
    ]


def test_main_window_has_the_today_page(qtbot, due_journal, window: MainWindow) -> None:
    with qtbot.waitSignal(window.today.shown, timeout=10_000):
        window.today_action.trigger()
    assert window.pages.currentWidget() is window.today and window.today_action.isChecked()
    assert window.today_action in window.toolbar.actions()
    window.today.select(f"c:{due_journal['kim']}")
    with qtbot.waitSignal(window.contactShown):
        window.today.open_button.click()
    assert window.pages.currentWidget() is window.splitter and window.card.contact_uuid == due_journal["kim"]

    # Without the app, "log" from Today falls back to the conversation dialog for that person.
    window.show_page("today")
    window.today.select(f"c:{due_journal['kim']}")
    window.today.log_button.click()
    dialog = window._dialog
    assert dialog is not None and dialog.participants() == [due_journal["kim"]]
    dialog.reject()
    # Ctrl+L (the window's "log a conversation") acts on the person selected on Today; the
    # page has no key of its own that could make the window's shortcuts ambiguous.
    assert window.today.log_action.shortcut().isEmpty()
    window.today.select(f"c:{due_journal['lea']}")
    window.today.view.setFocus()
    qtbot.keyClick(window.today.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window._dialog
    assert dialog is not None and dialog.participants() == [due_journal["lea"]]
    dialog.reject()
    # The availability line's link shows the Intermediaries view.
    window.today.intermediariesRequested.emit()
    assert window.current_page() == "network"
    assert window.network.tabs.currentWidget() is window.network.intermediaries
