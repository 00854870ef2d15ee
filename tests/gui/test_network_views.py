"""The Network page on demo data: every tab loads, its models are sound, and it shows the analysis."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from netjournal.services.demo import generate_demo
from netjournal.services.intro_paths import IntroPath, IntroPathResult, PathHop
from netjournal.services.journal import Journal
from netjournal.services.records import PersonRef
from netjournal.ui import messages
from netjournal.ui.dialogs.sent_item_dialog import SentItemDialog
from netjournal.ui.main_window import MainWindow
from netjournal.ui.network.charts import Bar, BarChart, ColumnChart
from netjournal.ui.network.intermediaries import PERSON_ROLE
from netjournal.ui.network.introductions import PATH_ROLE, summary_text
from tests.gui.conftest import OFFSCREEN_NOISE


@pytest.fixture
def demo(journal: Journal) -> Journal:
    generate_demo(journal, 80, 500)
    return journal


@pytest.fixture
def demo_window(demo: Journal, make_window) -> MainWindow:
    return make_window()


def test_network_action_shows_the_work_sources_tab_loaded(
    qtbot, demo_window: MainWindow, demo: Journal
) -> None:
    view = demo_window.network.work
    with qtbot.waitSignal(view.loaded, timeout=10000):
        demo_window.work_sources_action.trigger()
    assert demo_window.pages.currentWidget() is demo_window.network
    assert demo_window.network_action.isChecked()
    report = demo.work.report()
    assert view.model.rowCount() == len(demo.opportunities.list()) == report.total > 0
    assert view.headline.text() == report.headline
    sources = {bar.label: bar.values for bar in view.sources_chart.bars}
    assert sources["Intermediary"] == next(
        (s.won, s.total) for s in report.sources if s.source == "intermediary"
    )
    # The demo has events that led to nothing: the view names them as a waste of time.
    wastes = [e.event for e in report.events if e.waste_of_time]
    assert wastes and wastes[0] in view.waste_label.text()


def test_opportunity_model_passes_the_model_tester(qtbot, qtmodeltester, demo_window: MainWindow) -> None:
    view = demo_window.network.work
    with qtbot.waitSignal(view.loaded, timeout=10000):
        demo_window.show_network("work")
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_filter_by_status_and_words(qtbot, demo_window: MainWindow, demo: Journal) -> None:
    view = demo_window.network.work
    with qtbot.waitSignal(view.loaded, timeout=10000):
        demo_window.show_network("work")
    won = [o for o in demo.opportunities.list() if o.status == "won"]
    view.status_combo.setCurrentIndex(view.status_combo.findData("won"))
    assert view.proxy.rowCount() == len(won)
    view.filter_edit.setText(won[0].client)
    assert 0 < view.proxy.rowCount() <= len(won)
    view.filter_edit.setText("no such client anywhere")
    assert view.proxy.rowCount() == 0


def test_intermediaries_tab_tree_and_availability_banner(
    qtbot, qtmodeltester, demo_window: MainWindow, demo: Journal
) -> None:
    view = demo_window.network.intermediaries
    with qtbot.waitSignal(view.loaded, timeout=10000):
        demo_window.intermediaries_action.trigger()
    qtmodeltester.check(view.model)
    groups = demo.intermediaries.overview()
    assert view.model.rowCount() == len(groups)
    plan = demo.intermediaries.availability_refresh()
    assert plan is not None  # the demo's current assignment ends soon
    assert view.banner_title.text() == plan.summary()
    person = groups[next(i for i, g in enumerate(groups) if g.people)].people[0]
    assert view.select(person.contact.uuid)
    assert view.selected_person() == person
    assert view.tree.currentIndex().data(PERSON_ROLE) == person
    assert view.record_button.isEnabled()
    with qtbot.waitSignal(demo_window.contactShown, timeout=3000):
        view.open_button.click()
    assert demo_window.card.contact_uuid == person.contact.uuid


def test_recording_availability_sent_refreshes_the_reminder(
    qtbot, demo_window: MainWindow, demo: Journal
) -> None:
    view = demo_window.network.intermediaries
    with qtbot.waitSignal(view.loaded, timeout=10000):
        demo_window.show_network("intermediaries")
    plan = view.refresh_plan
    assert plan is not None and plan.people
    first = plan.people[0]
    assert view.select(first.contact.uuid)
    view.availability_button.click()
    dialog = view.dialog
    assert dialog is not None and dialog.person_field.uuid == first.contact.uuid
    assert dialog.what_combo.currentData() == "availability"
    dialog.detail_edit.setText("From 1 January, four days a week")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        dialog.save_button.click()
    assert first.contact.uuid not in {p.contact.uuid for p in view.refresh_plan.people}
    sent = demo.intermediaries.sent_to(first.contact.uuid)
    assert sent[0].what == "availability" and sent[0].detail == "From 1 January, four days a week"
    [line] = [
        view.sent_list.entry_model.index(row, 0).data()
        for row in range(view.sent_list.entry_model.rowCount())
        if "From 1 January" in view.sent_list.entry_model.index(row, 0).data()
    ]
    assert line.startswith("10 Mar · Sent availability")  # today (the test clock), what, detail


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE, "This plugin does not support grabbing the keyboard")  # the menu
def test_delete_a_sent_item_from_the_intermediaries_tab(
    qtbot, monkeypatch, window: MainWindow, journal: Journal
) -> None:
    ines = journal.contacts.create("Ines Broker", organisation="Hudson Interim", kind="intermediary")
    cv = journal.intermediaries.record_sent(ines, "cv", sent_on=date(2025, 1, 5), detail="Two pages")
    journal.intermediaries.record_sent(ines, "availability", sent_on=date(2026, 3, 1))
    view = window.network.intermediaries
    with qtbot.waitSignal(view.loaded, timeout=10000):
        window.show_network("intermediaries")
    assert view.select(ines)
    model = view.sent_list.entry_model

    def lines() -> list[str]:
        return [model.index(row, 0).data() for row in range(model.rowCount())]

    assert lines() == ["1 Mar · Sent availability", "5 Jan 2025 · Sent CV — Two pages"]
    assert view.sent_list.isVisible() and not view.sent_label.isVisible()
    assert "5 Jan 2025 · Sent CV — Two pages" in view.tree.currentIndex().data(Qt.ItemDataRole.ToolTipRole)
    asked: list[str] = []
    answers = iter([False, True])
    monkeypatch.setattr(
        messages, "confirm", lambda _p, _t, text, _a, **_k: asked.append(text) or next(answers)
    )
    view.sent_list.setCurrentIndex(model.index(1, 0))
    # The context menu offers Edit and Delete.
    view.sent_list.customContextMenuRequested.emit(view.sent_list.visualRect(model.index(1, 0)).center())
    menu = view.sent_list.menu
    assert menu is not None and [a.text() for a in menu.actions()] == ["&Edit…", "&Delete…"]
    menu.close()
    window.activateWindow()
    view.sent_list.setFocus()
    qtbot.waitUntil(view.sent_list.hasFocus, timeout=3000)
    qtbot.keyClick(view.sent_list, Qt.Key.Key_Delete)  # asked, and answered Cancel
    # Not on Ines's card: the question says whom it was sent to.
    assert asked == [
        "Delete “5 Jan 2025 · Sent CV — Two pages” (sent to Ines Broker) for good? "
        "Ines stays in your journal."
    ]
    assert len(journal.intermediaries.sent_to(ines)) == 2
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.delete_button.click()
    assert len(asked) == 2
    assert [s.what for s in journal.intermediaries.sent_to(ines)] == ["availability"]
    assert cv not in {e.uuid for e in model.entries()}
    assert lines() == ["1 Mar · Sent availability"]  # the tab reloaded, the same person still chosen
    assert view.selected_person() is not None and view.selected_person().contact.uuid == ines


def test_edit_a_sent_item_from_the_intermediaries_tab(qtbot, window: MainWindow, journal: Journal) -> None:
    ines = journal.contacts.create("Ines Broker", organisation="Hudson Interim", kind="intermediary")
    cv = journal.intermediaries.record_sent(ines, "cv", sent_on=date(2025, 1, 5), detail="Two pagse")
    journal.intermediaries.record_sent(ines, "availability", sent_on=date(2026, 3, 1))
    view = window.network.intermediaries
    with qtbot.waitSignal(view.loaded, timeout=10000):
        window.show_network("intermediaries")
    assert view.select(ines)
    model = view.sent_list.entry_model
    assert view.edit_button.isVisible() and not view.edit_button.isEnabled()  # nothing chosen yet
    view.sent_list.setCurrentIndex(model.index(1, 0))
    assert view.edit_button.isEnabled()
    view.edit_button.click()
    dialog = view.dialog
    assert isinstance(dialog, SentItemDialog) and dialog.windowTitle() == "Edit what you sent"
    assert (dialog.person_field.uuid, dialog.what_combo.currentData()) == (ines, "cv")
    assert (dialog.date_edit.value(), dialog.detail_edit.text()) == (date(2025, 1, 5), "Two pagse")
    dialog.reject()
    # Enter on the chosen line edits it too; fix the typo and the day.
    window.activateWindow()
    view.sent_list.setFocus()
    qtbot.waitUntil(view.sent_list.hasFocus, timeout=3000)
    qtbot.keyClick(view.sent_list, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, SentItemDialog) and dialog.detail_edit.text() == "Two pagse"
    dialog.detail_edit.setText("Two pages")
    dialog.date_edit.set_value(date(2025, 1, 7))
    with qtbot.waitSignal(view.loaded, timeout=10000):
        dialog.save_button.click()
    [stored] = [s for s in journal.intermediaries.sent_to(ines) if s.uuid == cv]
    assert (stored.what, stored.sent_on, stored.detail) == ("cv", date(2025, 1, 7), "Two pages")
    assert len(journal.intermediaries.sent_to(ines)) == 2  # changed, not added
    # The tab reloaded: the same person still chosen, the line and the CV column corrected.
    lines = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert lines == ["1 Mar · Sent availability", "7 Jan 2025 · Sent CV — Two pages"]
    assert view.selected_person() is not None and view.selected_person().contact.uuid == ines
    assert view.selected_person().last_cv_on == date(2025, 1, 7)


def test_who_can_introduce_me(qtbot, qtmodeltester, demo_window: MainWindow, demo: Journal) -> None:
    demo_window.intro_paths_action.trigger()
    view = demo_window.network.introductions
    assert demo_window.network.tabs.currentWidget() is view
    assert view.query_edit.hasFocus() or not demo_window.isActiveWindow()
    client = next(o.client for o in demo.opportunities.list() if o.client)
    expected = demo.intro_paths.who_can_introduce(client)
    assert expected.paths
    view.query_edit.setText(client)
    with qtbot.waitSignal(view.searched, timeout=3000):
        qtbot.keyClick(view.query_edit, Qt.Key.Key_Return)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == len(expected.paths)
    first = view.model.index(0, 0)
    assert first.data(PATH_ROLE) == expected.paths[0]
    assert expected.paths[0].describe() in first.data()
    with qtbot.waitSignal(demo_window.contactShown, timeout=3000):
        view.view.activated.emit(first)
    path = expected.paths[0]
    assert demo_window.card.contact_uuid == (path.introducer or path.target).uuid


def test_who_can_introduce_me_with_no_match_says_so(qtbot, demo_window: MainWindow) -> None:
    demo_window.show_network("introductions")
    view = demo_window.network.introductions
    assert not view.find_button.isEnabled()  # nothing typed yet
    view.query_edit.setText("Nonexistent Holdings Zzyzx")
    with qtbot.waitSignal(view.searched, timeout=3000):
        view.find_button.click()
    assert view.model.rowCount() == 0
    assert "Nobody in your journal" in view.summary.text()


def test_insights_tab_charts_the_dashboard(qtbot, demo_window: MainWindow, demo: Journal) -> None:
    view = demo_window.network.insights
    with qtbot.waitSignal(view.loaded, timeout=10000):
        demo_window.insights_action.trigger()
    dashboard = demo.insights.dashboard()
    assert view.weekly_chart.values == tuple((w.conversations,) for w in dashboard.weekly_conversations)
    assert view.streak_figure.value.text() == str(dashboard.streak.current)
    assert view.overdue_figure.value.text() == str(dashboard.reach.overdue_people)
    assert len(view.sources_chart.bars) == len(dashboard.sources)


def test_views_on_an_empty_journal_say_what_to_do(qtbot, window: MainWindow) -> None:
    work = window.network.work
    with qtbot.waitSignal(work.loaded, timeout=10000):
        window.show_network("work")
    assert work.model.rowCount() == 0
    assert "No opportunities yet" in work.totals.text()
    assert not work.edit_button.isEnabled() and not work.delete_button.isEnabled()
    inter = window.network.intermediaries
    with qtbot.waitSignal(inter.loaded, timeout=10000):
        window.show_network("intermediaries")
    assert inter.model.rowCount() == 0
    assert "No current assignment" in inter.banner_title.text()


def test_charts_paint_in_light_and_dark(qtbot) -> None:
    from PySide6.QtGui import QColor, QPalette

    bars = BarChart(("Won", "All"))
    bars.set_bars([Bar("Intermediary", (3, 6), "50% of won"), Bar("Referral", (0, 2))])
    columns = ColumnChart(("Given", "Received"), stacked=False)
    columns.set_columns(["2024", "2025"], [(1, 2), (0, 3)], target=2)
    empty = BarChart(("Won",), empty_text="Nothing yet")
    for widget in (bars, columns, empty):
        qtbot.addWidget(widget)
        widget.resize(400, widget.sizeHint().height())
        for window_colour in ("#ffffff", "#202124"):
            palette = QPalette(widget.palette())
            palette.setColor(QPalette.ColorRole.Window, QColor(window_colour))
            widget.setPalette(palette)
            image = widget.grab().toImage()
            assert not image.isNull() and image.width() == 400
    assert "Intermediary: Won 3, All 6" in bars.accessibleDescription()
    assert columns.values == ((1, 2), (0, 3))


@pytest.mark.parametrize("point_size", [9.0, 16.0])
def test_column_chart_scale_labels_are_not_cut_off(qtbot, point_size: float) -> None:
    # The top label ("12") is centred on the top line: it needs half a line of room above it,
    # and its full width to the left of the columns.
    chart = ColumnChart(("Conversations",), height=160, label_every=6)
    qtbot.addWidget(chart)
    font = chart.font()
    font.setPointSizeF(point_size)
    chart.setFont(font)
    values = [(3,), (5,), (12,), (4,)] + [(2,)] * 10  # the tallest column in the middle
    chart.set_columns([f"W{n}" for n in range(14)], values)
    chart.resize(480, 160)
    image = chart.grab().toImage()
    background = image.pixelColor(image.width() - 1, 0)
    metrics = QFontMetrics(font)
    scale_width = metrics.horizontalAdvance("12")

    def ink(x: int, y: int) -> bool:
        return image.pixelColor(x, y) != background

    assert not any(ink(x, 0) for x in range(scale_width + 8)), "the top of the label is cut off"
    assert not any(ink(0, y) for y in range(metrics.height() * 2)), "the left of the label is cut off"
    assert any(ink(x, y) for x in range(scale_width + 8) for y in range(metrics.height() + 4))


def test_who_can_introduce_a_person_is_worded_for_a_person(
    qtbot, demo_window: MainWindow, demo: Journal
) -> None:
    demo_window.show_network("introductions")
    view = demo_window.network.introductions

    def known_and_unique(name: str) -> bool:
        found = demo.intro_paths.who_can_introduce(name)
        return len(found.targets) == 1 and bool(found.paths) and found.paths[0].direct

    person = next(c for c in demo.contacts.list(limit=60) if known_and_unique(c.name))
    view.query_edit.setText(person.name)
    with qtbot.waitSignal(view.searched, timeout=3000):
        qtbot.keyClick(view.query_edit, Qt.Key.Key_Return)
    # Someone in my journal I have spoken with: I know them myself.
    assert view.summary.text().startswith(f"You know {person.name} yourself: no introduction needed")
    assert "there" not in view.summary.text()  # not "(1 person there)": a person is not a place
    organisation = next(o for o in demo.organisations.list() if o.people > 1)
    view.query_edit.setText(organisation.name)
    with qtbot.waitSignal(view.searched, timeout=3000):
        view.find_button.click()
    assert f"in to {organisation.name} ({organisation.people} people there)." in view.summary.text()


def test_intro_summary_wording() -> None:
    def ref(n: int) -> PersonRef:
        return PersonRef(f"u{n}", f"Emre {n}")

    def result(orgs: tuple[str, ...], targets: int, named: int, paths: int = 0) -> IntroPathResult:
        people = tuple(ref(n) for n in range(targets))
        path = IntroPath((PathHop(ref(0), "", 2, 0, None),))
        return IntroPathResult("Emre", orgs, people, (path,) * paths, (), people[targets - named :])

    assert summary_text(result((), 0, 0)) == "Nobody in your journal works at or is called “Emre”."
    # Someone I know myself needs no introduction (the path is just me → them).
    assert summary_text(result((), 1, 1, paths=1)) == "You know Emre 0 yourself: no introduction needed."
    assert summary_text(result((), 1, 1, paths=3)).endswith("needed. 2 other ways in below.")
    via = IntroPath((PathHop(ref(7), "", 2, 0, None), PathHop(ref(0), "", 1, 0, None)))
    through_someone = IntroPathResult("Emre", (), (ref(0),), (via,), (), (ref(0),))
    assert summary_text(through_someone).startswith("1 way in to Emre 0. Best first")
    assert summary_text(result((), 3, 3, paths=4)).startswith("4 ways in to 3 people named “Emre”.")
    assert summary_text(result((), 1, 1)) == "No path to Emre 0 yet: nobody you have spoken with knows them."
    assert summary_text(result(("Emre Works",), 2, 0)) == (
        "No path to Emre Works yet: nobody you have spoken with knows the 2 people there."
    )
    assert summary_text(result(("Emre Works",), 1, 0)).endswith("knows the person there.")
    assert summary_text(result(("Emre Works",), 3, 1, paths=2)).startswith(
        "2 ways in to Emre Works (2 people there) and Emre 2."
    )


@pytest.mark.qt_log_ignore(
    *OFFSCREEN_NOISE, "This plugin does not support grabbing the keyboard"
)  # the popup
def test_organisations_are_offered_as_you_type_and_picking_one_searches_once(
    qtbot, demo_window: MainWindow, demo: Journal
) -> None:
    demo_window.show_network("introductions")
    view = demo_window.network.introductions
    names = [o.name for o in demo.organisations.list()]
    assert view.organisation_names.stringList() == names
    target = next(n for n in names if len(n) > 8)
    searched: list[str] = []
    view.searched.connect(lambda: searched.append(view.query_edit.text()))
    qtbot.keyClicks(view.query_edit, target[2:6].lower())  # any part of the name, any case
    popup = view.completer.popup()
    assert popup.isVisible() and not searched  # completions as you type, no search yet
    offered = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert target in offered
    popup.setCurrentIndex(popup.model().index(offered.index(target), 0))
    with qtbot.waitSignal(view.searched, timeout=3000):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert searched == [target]  # Enter on a completion searches once, not twice
    assert target in view.summary.text()
    # A new organisation is offered the next time the tab is shown.
    demo_window.show_network("work")
    demo.contacts.create("Nadia New", organisation="Zephyr Newco")
    demo_window.show_network("introductions")
    assert "Zephyr Newco" in view.organisation_names.stringList()


def test_who_can_introduce_searches_off_the_gui_thread(qtbot, demo_window: MainWindow) -> None:
    demo_window.show_network("introductions")
    view = demo_window.network.introductions
    view.query_edit.setText("a")  # the slowest kind of query: a single letter
    with qtbot.waitSignal(view.searched, timeout=10_000):
        view.search()
        assert view.loader.busy and view.result is None  # returned at once; the worker searches
    assert view.result is not None and view.result.query == "a"
