"""Creating, editing and deleting opportunities from the Where-work-comes-from tab."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from netjournal.errors import NotFoundError, ValidationError
from netjournal.services.journal import Journal
from netjournal.ui import messages
from netjournal.ui.dialogs.opportunity_dialog import ChainModel, OpportunityDialog
from netjournal.ui.main_window import MainWindow
from netjournal.ui.network.work_sources import FITTED_COLUMNS, SHARED_COLUMNS, share_width


@pytest.fixture
def people(journal: Journal) -> dict[str, str]:
    return {
        "carla": journal.contacts.create("Carla Introducer", organisation="Own Firm"),
        "ines": journal.contacts.create("Ines Broker", organisation="Hudson Interim", kind="intermediary"),
        "dan": journal.contacts.create("Dan Client", organisation="Helios Energy", kind="client"),
    }


def _loaded_work(qtbot, window: MainWindow):
    view = window.network.work
    with qtbot.waitSignal(view.loaded, timeout=10000):
        window.show_network("work")
    return view


def test_create_an_opportunity_with_its_chain(
    qtbot, window: MainWindow, journal: Journal, people: dict[str, str]
) -> None:
    view = _loaded_work(qtbot, window)
    view.new_button.click()
    dialog = view.dialog
    assert isinstance(dialog, OpportunityDialog) and dialog.isVisible()
    assert not dialog.save_button.isEnabled()  # no title yet
    qtbot.keyClicks(dialog.title_edit, "Interim CFO")
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("won"))
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("intermediary"))
    dialog.client_edit.setText("Helios Energy")
    dialog.intermediary_edit.setText("Hudson Interim")
    dialog.add_link("introducer", people["carla"])
    assert dialog.role_combo.currentData() == "referrer"  # the next role in the usual order
    dialog.add_link("intermediary", people["ines"])
    dialog.add_link("client", people["dan"])
    dialog.started_edit.set_value(date(2026, 1, 5))
    dialog.ended_edit.set_value(date(2026, 6, 30))
    dialog.day_rate_edit.setText("€1,250")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        dialog.save_button.click()
    [record] = journal.opportunities.list()
    assert (record.title, record.status, record.source) == ("Interim CFO", "won", "intermediary")
    assert (record.client, record.intermediary, record.day_rate) == (
        "Helios Energy",
        "Hudson Interim",
        "€1,250",
    )
    assert [(role, p.name) for role, p in record.people] == [
        ("introducer", "Carla Introducer"),
        ("intermediary", "Ines Broker"),
        ("client", "Dan Client"),
    ]
    assert (record.started_on, record.ended_on) == (date(2026, 1, 5), date(2026, 6, 30))
    assert view.selected_uuid() == record.uuid  # the new one is selected
    assert "Carla Introducer → Ines Broker → Dan Client" in view.model.index(0, 5).data()
    assert view.report is not None and view.report.won == 1


def test_end_before_start_cannot_be_saved(qtbot, window: MainWindow, journal: Journal) -> None:
    dialog = OpportunityDialog(journal, window)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Board advisor")
    dialog.started_edit.set_value(date(2026, 5, 1))
    dialog.ended_edit.set_value(date(2026, 4, 1))
    assert not dialog.save_button.isEnabled()
    assert "end before it starts" in dialog.problem_label.text()
    dialog.save()
    assert journal.opportunities.list() == []


def test_edit_changes_fields_and_chain_keeping_the_uuid(
    qtbot, window: MainWindow, journal: Journal, people: dict[str, str]
) -> None:
    uuid = journal.opportunities.create(
        "PMI lead", status="lead", client="Helios Energy", people=[("introducer", people["carla"])]
    )
    view = _loaded_work(qtbot, window)
    view.select(uuid)
    view.edit_button.click()
    dialog = view.dialog
    assert isinstance(dialog, OpportunityDialog)
    assert dialog.title_edit.text() == "PMI lead" and dialog.chain_model.rowCount() == 1
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("interview"))
    dialog.chain_view.setCurrentIndex(dialog.chain_model.index(0, 0))
    dialog.remove_person_button.click()
    dialog.add_link("client", people["dan"])
    dialog.client_edit.setText("")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        dialog.save_button.click()
    record = journal.opportunities.get(uuid)
    assert record.status == "interview" and record.client == ""
    assert [(role, p.uuid) for role, p in record.people] == [("client", people["dan"])]
    assert len(journal.opportunities.list()) == 1


def test_update_service_rejects_bad_input(journal: Journal) -> None:
    uuid = journal.opportunities.create("Interim COO")
    fields = {
        "kind": "assignment",
        "status": "lead",
        "source": "network",
        "client": "",
        "intermediary": "",
        "people": [],
        "event": "",
        "started_on": None,
        "ended_on": None,
        "day_rate": "",
        "notes": "",
    }
    with pytest.raises(ValidationError):
        journal.opportunities.update(uuid, "   ", **fields)
    with pytest.raises(ValidationError):
        journal.opportunities.update(uuid, "Interim COO", **{**fields, "status": "maybe"})
    with pytest.raises(NotFoundError):
        journal.opportunities.update("no-such-uuid", "Interim COO", **fields)
    with pytest.raises(NotFoundError):
        journal.opportunities.update(uuid, "Interim COO", **{**fields, "people": [("client", "gone")]})
    assert journal.opportunities.get(uuid).title == "Interim COO"  # nothing half-written


def test_delete_asks_first(qtbot, monkeypatch, window: MainWindow, journal: Journal) -> None:
    uuid = journal.opportunities.create("Carve-out lead")
    view = _loaded_work(qtbot, window)
    view.select(uuid)
    answers = iter([False, True])
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: next(answers))
    view.delete_button.click()
    assert journal.opportunities.get(uuid).title == "Carve-out lead"
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.delete_button.click()
    assert journal.opportunities.list() == []
    assert view.model.rowCount() == 0


def test_a_failed_save_is_shown_and_keeps_the_dialog(
    qtbot, monkeypatch, window: MainWindow, journal: Journal
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "netjournal.ui.dialogs.opportunity_dialog.show_error",
        lambda _parent, error, **_k: shown.append(str(error)) or QMessageBox(),
    )
    uuid = journal.opportunities.create("Interim CFO")
    record = journal.opportunities.get(uuid)
    dialog = OpportunityDialog(journal, window, record=record)
    qtbot.addWidget(dialog)
    journal.opportunities.delete(uuid)
    dialog.save()
    assert shown == ["That opportunity no longer exists."]
    assert dialog.saved_uuid is None


def test_chain_model_moves(qtmodeltester, journal: Journal, people: dict[str, str]) -> None:
    from netjournal.services.records import PersonRef

    model = ChainModel()
    model.append("introducer", PersonRef(people["carla"], "Carla"))
    model.append("client", PersonRef(people["dan"], "Dan"))
    model.append("client", PersonRef(people["dan"], "Dan"))  # the same link twice is ignored
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.move(0, 1) == 1
    assert [p.name for _r, p in model.links] == ["Dan", "Carla"]
    assert model.move(1, 1) == 1  # already last
    model.remove(0)
    assert [p.name for _r, p in model.links] == ["Carla"]


# -- column widths: the short columns whole, the long ones share the rest ----------------------


def test_share_width_gives_each_column_at_most_its_need_and_the_rest_by_weight() -> None:
    weights = {0: 2.0, 1: 1.0, 2: 1.0}
    # Plenty of room: everyone gets more than they need, in proportion.
    assert share_width(800, {0: 100, 1: 100, 2: 100}, weights, {}) == {0: 400, 1: 200, 2: 200}
    # A short column takes only its need; the others share what it leaves.
    assert share_width(400, {0: 500, 1: 50, 2: 500}, weights, {}) == {1: 50, 0: 234, 2: 116}
    # Too little room: nobody goes under a minimum (the header), the rest is shared.
    assert share_width(300, {0: 500, 1: 500, 2: 500}, weights, {2: 120}) == {2: 120, 0: 120, 1: 60}
    # No room at all: the minimums, and the table scrolls.
    assert share_width(0, {0: 500, 1: 500}, {0: 1.0, 1: 1.0}, {0: 30, 1: 40}) == {0: 30, 1: 40}
    # A minimum never makes a column wider than its text.
    assert share_width(0, {0: 10}, {0: 1.0}, {0: 30}) == {0: 10}


@pytest.mark.parametrize("width", [1280, 1600])
def test_opportunity_table_fits_the_window_without_cutting_dates(
    qtbot, window: MainWindow, journal: Journal, people: dict[str, str], width: int
) -> None:
    for n, title in enumerate(("Working-capital programme for the group treasury", "Interim CFO")):
        journal.opportunities.create(
            title,
            status="won",
            source="intermediary",
            client="Polaris Public Sector Transformation Agency",
            intermediary="Atlantic Interim Partners International",
            people=[
                ("introducer", people["carla"]),
                ("intermediary", people["ines"]),
                ("client", people["dan"]),
            ],
            started_on=date(2024 - n, 12, 17),
            ended_on=date(2025 - n, 11, 28),
        )
    window.resize(width, 800)
    view = _loaded_work(qtbot, window)
    table, header = view.table, view.table.horizontalHeader()

    def fitted() -> bool:
        total = sum(header.sectionSize(c) for c in range(header.count()))
        return abs(total - table.viewport().width()) <= 2

    qtbot.waitUntil(fitted, timeout=3000)  # the columns fill the width, no more
    # (The scroll bar's range follows the sections on the view's next layout pass.)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=3000)
    for column in FITTED_COLUMNS:  # status, source, dates: never cut
        assert header.sectionSize(column) >= table.sizeHintForColumn(column), column
    starts = [view.proxy.index(row, 6).data() for row in range(view.proxy.rowCount())]
    assert "17 Dec 2024" in starts
    for column in SHARED_COLUMNS:  # long text: elided, but the header stays readable
        assert header.sectionSize(column) >= header.sectionSizeHint(column)
    assert header.sectionSize(0) >= header.sectionSize(1)  # the title has the biggest share
    assert table.textElideMode() == Qt.TextElideMode.ElideRight
    assert "Atlantic Interim Partners International" in view.proxy.index(0, 0).data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_a_column_the_user_sized_keeps_its_width(
    qtbot, window: MainWindow, journal: Journal, people: dict[str, str]
) -> None:
    journal.opportunities.create("Interim CFO", client="Helios Energy")
    window.resize(1280, 800)
    view = _loaded_work(qtbot, window)
    header = view.table.horizontalHeader()
    edge = QPoint(header.sectionViewportPosition(0) + header.sectionSize(0) - 1, header.height() // 2)
    # Drag the title's right edge 60 pixels to the right.
    before = header.sectionSize(0)
    for kind, x, buttons in (
        (QEvent.Type.MouseButtonPress, edge.x(), Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseMove, edge.x() + 60, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, edge.x() + 60, Qt.MouseButton.NoButton),
    ):
        pos = QPointF(x, edge.y())
        event = QMouseEvent(
            kind,
            pos,
            header.viewport().mapToGlobal(pos),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(header.viewport(), event)
    assert header.sectionSize(0) == before + 60
    window.resize(1400, 800)
    qtbot.wait(50)
    assert header.sectionSize(0) == before + 60  # not fitted again over the user's choice
