"""The card's give & take section: recording an introduction or something sent from it, and
editing or deleting them in its list."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from netjournal.errors import NotFoundError
from netjournal.services.journal import Journal
from netjournal.ui import messages
from netjournal.ui.dialogs.introduction_dialog import IntroductionDialog
from netjournal.ui.dialogs.sent_item_dialog import SentItemDialog
from netjournal.ui.main_window import MainWindow
from netjournal.ui.network.give_take import GiveTakePanel
from tests.gui.conftest import OFFSCREEN_NOISE


@pytest.fixture
def trio(journal: Journal) -> dict[str, str]:
    return {
        "carla": journal.contacts.create("Carla Connector", organisation="Own Firm"),
        "dan": journal.contacts.create("Dan Client", organisation="Helios Energy"),
        "eva": journal.contacts.create("Eva Peer"),
    }


def test_card_shows_who_they_introduced_me_to_and_the_verdict(
    qtbot, window: MainWindow, journal: Journal, trio: dict[str, str]
) -> None:
    journal.introductions.record(
        direction="received", introducer=trio["carla"], introduced=trio["dan"], occurred_on=date(2025, 4, 1)
    )
    journal.introductions.record(
        direction="received",
        kind="referral",
        introducer=trio["carla"],
        introduced=None,
        introduced_to=trio["eva"],
        occurred_on=date(2026, 2, 1),
    )
    window.open_contact(trio["carla"])
    panel = window.card.give_take_panel
    assert "Dan Client" in panel.introduced_me_to_label.text()
    assert "Eva Peer" in panel.introduced_me_to_label.text()
    assert panel.verdict_label.text() == journal.give_take.for_contact(trio["carla"]).verdict
    assert (
        "taking more than giving" in panel.verdict_label.text() or "given none" in panel.verdict_label.text()
    )
    assert panel.chart.values == ((0, 1), (0, 1))  # 2025 and 2026: given 0, received 1
    # A linked name opens that person.
    with qtbot.waitSignal(window.contactShown, timeout=3000):
        panel.introduced_me_to_label.linkActivated.emit(trio["dan"])
    assert window.card.contact_uuid == trio["dan"]


def test_record_an_introduction_i_received_from_the_card(
    qtbot, window: MainWindow, journal: Journal, trio: dict[str, str]
) -> None:
    window.open_contact(trio["carla"])
    panel = window.card.give_take_panel
    panel.record_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, IntroductionDialog) and dialog.isVisible()
    assert dialog.introducer_field.uuid == trio["carla"]  # pre-filled with the card's person
    assert not dialog.save_button.isEnabled()  # nobody introduced yet
    dialog.introduced_field.set_uuid(trio["dan"])
    assert dialog.save_button.isEnabled()
    assert dialog.explanation.text() == "Carla Connector introduced Dan Client to me."
    dialog.outcome_edit.setText("Coffee; became a client")
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        dialog.save_button.click()
    [intro] = journal.introductions.for_contact(trio["carla"])
    assert intro.direction == "received" and intro.introduced.uuid == trio["dan"]
    assert intro.introduced_to is None and intro.outcome == "Coffee; became a client"
    assert "Dan Client" in panel.introduced_me_to_label.text()  # the card refreshed


def test_record_an_introduction_i_gave(
    qtbot, window: MainWindow, journal: Journal, trio: dict[str, str]
) -> None:
    dialog = IntroductionDialog(journal, window, direction="given")
    qtbot.addWidget(dialog)
    assert not dialog.introducer_field.isVisibleTo(dialog)  # I made it
    dialog.introduced_field.set_uuid(trio["eva"])
    dialog.introduced_to_field.set_uuid(trio["dan"])
    dialog.date_edit.set_value(date(2026, 3, 1))
    dialog.save()
    assert dialog.saved_uuid is not None
    [intro] = journal.introductions.for_contact(trio["eva"])
    assert (intro.direction, intro.introducer, intro.occurred_on) == ("given", None, date(2026, 3, 1))
    assert journal.give_take.for_contact(trio["dan"]).given.introductions == 1


def test_introduction_dialog_refuses_nonsense(journal: Journal, qtbot, trio: dict[str, str]) -> None:
    dialog = IntroductionDialog(journal)
    qtbot.addWidget(dialog)
    assert dialog.problem() == "Choose who made the introduction."
    dialog.introducer_field.set_uuid(trio["carla"])
    assert "Choose who was introduced" in dialog.problem()
    dialog.introduced_field.set_uuid(trio["carla"])
    assert "cannot also be one of the two" in dialog.problem()
    dialog.introduced_field.set_uuid(trio["dan"])
    dialog.introduced_to_field.set_uuid(trio["dan"])
    assert "themselves" in dialog.problem()
    assert not dialog.save_button.isEnabled()
    dialog.save()
    assert journal.introductions.all() == []
    # Given, with "me" as the one introduced: "I introduced me to Dan" is refused.
    dialog.direction_combo.setCurrentIndex(dialog.direction_combo.findData("given"))
    dialog.introduced_field.set_uuid(None)
    assert "someone other than you" in (dialog.problem() or "")
    assert not dialog.save_button.isEnabled()
    dialog.introduced_field.set_uuid(trio["eva"])
    assert dialog.problem() is None and dialog.save_button.isEnabled()


def test_record_sent_from_the_card(qtbot, window: MainWindow, journal: Journal, trio: dict[str, str]) -> None:
    window.open_contact(trio["dan"])
    panel = window.card.give_take_panel
    panel.sent_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, SentItemDialog)
    assert dialog.person_field.uuid == trio["dan"]
    dialog.what_combo.setCurrentIndex(dialog.what_combo.findData("day_rate"))
    assert "a day" in dialog.detail_edit.placeholderText()
    dialog.detail_edit.setText("€1,250")
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        dialog.save_button.click()
    [sent] = journal.intermediaries.sent_to(trio["dan"])
    assert (sent.what, sent.detail) == ("day_rate", "€1,250")


def test_sent_dialog_needs_a_person(qtbot, journal: Journal) -> None:
    dialog = SentItemDialog(journal)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.save()
    assert dialog.saved_uuid is None


# -- the list of introductions and things sent: edit and delete ---------------------------------


@pytest.fixture
def history(journal: Journal, trio: dict[str, str]) -> dict[str, str]:
    """On Carla's card: an introduction she made (2025), one I gave her (2026), one undated
    favour, and two things sent to her (the people too, by name)."""
    return {
        **trio,
        "received": journal.introductions.record(
            direction="received",
            introducer=trio["carla"],
            introduced=None,
            introduced_to=trio["dan"],
            occurred_on=date(2025, 3, 12),
            outcome="became a client",
        ),
        "given": journal.introductions.record(
            direction="given",
            introduced=trio["carla"],
            introduced_to=trio["eva"],
            kind="referral",
            occurred_on=date(2026, 2, 1),
        ),
        "undated": journal.introductions.record(
            direction="received", introducer=trio["carla"], introduced=trio["eva"], kind="help"
        ),
        "cv": journal.intermediaries.record_sent(
            trio["carla"], "cv", sent_on=date(2026, 1, 3), detail="CV 2026"
        ),
        "rate": journal.intermediaries.record_sent(trio["carla"], "day_rate", sent_on=date(2024, 6, 1)),
    }


def _lines(panel: GiveTakePanel) -> list[str]:
    model = panel.entries.entry_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _choose(panel: GiveTakePanel, uuid: str) -> None:
    row = panel.entries.entry_model.row_of(uuid)
    assert row is not None
    panel.entries.setCurrentIndex(panel.entries.entry_model.index(row, 0))


def _carla_choosing(window: MainWindow, history: dict[str, str], entry: str) -> GiveTakePanel:
    """Carla's card open, with ``entry`` of her give & take list chosen."""
    window.open_contact(history["carla"])
    panel = window.card.give_take_panel
    _choose(panel, history[entry])
    return panel


def _answer_confirmation(monkeypatch: pytest.MonkeyPatch, button: str, asked: list[str]) -> None:
    """The real confirmation box, answered by clicking ``button`` instead of waiting for a user."""

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        chosen = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        chosen.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def test_card_lists_introductions_and_sent_items_newest_first(
    qtbot, qtmodeltester, window: MainWindow, journal: Journal, history: dict[str, str]
) -> None:
    window.open_contact(history["carla"])
    panel = window.card.give_take_panel
    qtmodeltester.check(panel.entries.entry_model)
    assert _lines(panel) == [
        "1 Feb · You referred Carla Connector to Eva Peer",
        "3 Jan · Sent CV — CV 2026",
        "12 Mar 2025 · Carla Connector introduced you to Dan Client — became a client",
        "1 Jun 2024 · Sent day rate",
        "Undated · Carla Connector helped you with Eva Peer",
    ]
    assert panel.entries.isVisible() and panel.delete_button.isVisible()
    assert panel.entries.accessibleName() and panel.delete_button.accessibleName() == "Delete…"
    assert panel.entries.height() < 8 * panel.entries.sizeHintForRow(0)  # compact: a few lines
    # Nothing chosen, nothing to edit or delete; a sent item can be edited and deleted too.
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()
    _choose(panel, history["cv"])
    assert panel.delete_button.isEnabled() and panel.edit_button.isEnabled()
    _choose(panel, history["given"])
    assert panel.edit_button.isEnabled()
    # A double-click edits an introduction (Enter too: see below).
    _double_click(qtbot, panel, history["given"])
    assert isinstance(panel.dialog, IntroductionDialog)
    assert panel.dialog.windowTitle() == "Edit introduction"
    panel.dialog.reject()
    # Someone with nothing either way: the list and its buttons are hidden.
    window.open_contact(journal.contacts.create("Nobody Yet"))
    assert not panel.entries.isVisible() and not panel.delete_button.isVisible()
    assert panel.record_button.isVisible()


def _double_click(qtbot, panel: GiveTakePanel, uuid: str) -> None:
    row = panel.entries.entry_model.row_of(uuid)
    assert row is not None
    rect = panel.entries.visualRect(panel.entries.entry_model.index(row, 0))
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # two double-clicks, not a triple-click
    # A real double-click: a click, then the second press (QTest's double-click alone lacks the
    # first press the view needs).
    qtbot.mouseClick(panel.entries.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.entries.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_edit_a_sent_item_from_the_card_by_double_click(
    qtbot, window: MainWindow, journal: Journal, history: dict[str, str]
) -> None:
    window.open_contact(history["carla"])
    panel = window.card.give_take_panel
    _double_click(qtbot, panel, history["cv"])
    dialog = panel.dialog
    assert isinstance(dialog, SentItemDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Edit what you sent" and dialog.save_button.text() == "Save"
    # Pre-filled with the record as stored; the person it was sent to cannot change.
    assert dialog.person_field.uuid == history["carla"]
    assert not dialog.person_field.choose_button.isVisibleTo(dialog)
    assert not dialog.person_field.clear_button.isVisibleTo(dialog)
    assert dialog.what_combo.currentData() == "cv"
    assert dialog.date_edit.value() == date(2026, 1, 3)
    assert dialog.detail_edit.text() == "CV 2026" and dialog.detail_edit.selectedText() == ""
    # The typo: it was the finance profile, sent two days later.
    dialog.detail_edit.setText("CV 2026, finance profile")
    dialog.date_edit.set_value(date(2026, 1, 5))
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        dialog.save_button.click()
    stored = {s.uuid: s for s in journal.intermediaries.sent_to(history["carla"])}
    assert len(stored) == 2  # changed, not added
    cv = stored[history["cv"]]
    assert (cv.what, cv.sent_on, cv.detail) == ("cv", date(2026, 1, 5), "CV 2026, finance profile")
    # The card's list refreshed.
    assert "5 Jan · Sent CV — CV 2026, finance profile" in _lines(panel)
    assert not any("3 Jan" in line for line in _lines(panel))


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE, "This plugin does not support grabbing the keyboard")  # the menu
def test_edit_button_and_context_menu_edit_a_sent_item(
    qtbot, window: MainWindow, journal: Journal, history: dict[str, str]
) -> None:
    panel = _carla_choosing(window, history, "rate")
    rect = panel.entries.visualRect(panel.entries.currentIndex())
    panel.entries.customContextMenuRequested.emit(rect.center())
    menu = panel.entries.menu
    assert menu is not None and menu.isVisible()
    assert [(a.text(), a.isEnabled()) for a in menu.actions()] == [("&Edit…", True), ("&Delete…", True)]
    menu.actions()[0].trigger()
    menu.close()
    dialog = panel.dialog
    assert isinstance(dialog, SentItemDialog) and dialog.what_combo.currentData() == "day_rate"
    dialog.reject()
    panel.edit_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, SentItemDialog) and dialog.windowTitle() == "Edit what you sent"
    dialog.detail_edit.setText("€1,250 a day")
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        qtbot.keyClick(dialog.detail_edit, Qt.Key.Key_Return)  # Enter saves
    rate = next(s for s in journal.intermediaries.sent_to(history["carla"]) if s.uuid == history["rate"])
    assert (rate.what, rate.sent_on, rate.detail) == ("day_rate", date(2024, 6, 1), "€1,250 a day")
    assert "1 Jun 2024 · Sent day rate — €1,250 a day" in _lines(panel)


def test_edit_an_introduction_from_the_card(
    qtbot, window: MainWindow, journal: Journal, history: dict[str, str]
) -> None:
    panel = _carla_choosing(window, history, "received")
    panel.entries.setFocus()
    qtbot.keyClick(panel.entries, Qt.Key.Key_Return)  # Enter edits, as a double-click does
    dialog = panel.dialog
    assert isinstance(dialog, IntroductionDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Edit introduction" and dialog.save_button.text() == "Save"
    # Pre-filled with the record as stored.
    assert dialog.direction() == "received" and dialog.kind_combo.currentData() == "introduction"
    assert dialog.introducer_field.uuid == history["carla"]
    assert dialog.introduced_field.uuid is None and dialog.introduced_to_field.uuid == history["dan"]
    assert dialog.date_edit.value() == date(2025, 3, 12)
    assert dialog.outcome_edit.text() == "became a client"
    # The typo: it was a referral, a month later, and it led to two assignments.
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("referral"))
    dialog.date_edit.set_value(date(2025, 4, 12))
    dialog.outcome_edit.setText("two assignments")
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        dialog.save_button.click()
    stored = journal.introductions.get(history["received"])
    assert (stored.kind, stored.occurred_on, stored.outcome) == (
        "referral",
        date(2025, 4, 12),
        "two assignments",
    )
    assert stored.introducer is not None and stored.introducer.uuid == history["carla"]
    assert len(journal.introductions.all()) == 3  # changed, not added
    assert "12 Apr 2025 · Carla Connector referred you to Dan Client — two assignments" in _lines(panel)
    assert panel.entries.current_entry() is not None
    assert panel.entries.current_entry().uuid == history["received"]  # still chosen after the refresh


def test_edit_button_changes_the_direction(
    qtbot, window: MainWindow, journal: Journal, history: dict[str, str]
) -> None:
    panel = _carla_choosing(window, history, "given")
    panel.edit_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, IntroductionDialog)
    assert dialog.direction() == "given" and not dialog.introducer_field.isVisibleTo(dialog)
    # It was the other way round: Eva introduced Carla to me.
    dialog.direction_combo.setCurrentIndex(dialog.direction_combo.findData("received"))
    dialog.introducer_field.set_uuid(history["eva"])
    dialog.introduced_to_field.set_uuid(None)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("introduction"))
    assert dialog.explanation.text() == "Eva Peer introduced Carla Connector to me."
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        dialog.save_button.click()
    stored = journal.introductions.get(history["given"])
    assert stored.direction == "received" and stored.introducer is not None
    assert stored.introducer.uuid == history["eva"] and stored.introduced_to is None
    assert journal.give_take.for_contact(history["carla"]).given.total == 0
    assert panel.verdict_label.text() == journal.give_take.for_contact(history["carla"]).verdict


def test_delete_an_introduction_asks_first(
    qtbot, monkeypatch, window: MainWindow, journal: Journal, history: dict[str, str]
) -> None:
    panel = _carla_choosing(window, history, "given")
    before_chart = panel.chart.values
    asked: list[str] = []
    _answer_confirmation(monkeypatch, "Cancel", asked)
    panel.delete_button.click()
    assert asked == [
        "Delete the introduction “1 Feb · You referred Carla Connector to Eva Peer” for good? "
        "The people in it stay in your journal."
    ]
    assert journal.introductions.get(history["given"]).kind == "referral"  # Cancel kept it
    assert len(_lines(panel)) == 5
    _answer_confirmation(monkeypatch, "Delete", asked)
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        panel.entries.delete_action.trigger()
    with pytest.raises(NotFoundError):
        journal.introductions.get(history["given"])
    assert len(asked) == 2
    assert not any("referred" in line for line in _lines(panel))
    fresh = journal.give_take.for_contact(history["carla"])
    assert fresh.given.total == 0 and panel.verdict_label.text() == fresh.verdict
    # 2025: received 1; 2026: the referral given is gone, the undated favour (recorded now) stays.
    assert (before_chart, panel.chart.values) == (((0, 1), (1, 1)), ((0, 1), (0, 1)))


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE, "This plugin does not support grabbing the keyboard")  # the menu
def test_delete_key_and_context_menu_delete_a_sent_item(
    qtbot, monkeypatch, window: MainWindow, journal: Journal, history: dict[str, str]
) -> None:
    window.open_contact(history["carla"])
    panel = window.card.give_take_panel
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text, _a, **_k: asked.append(text) or True)
    _choose(panel, history["cv"])
    window.activateWindow()
    panel.entries.setFocus()
    qtbot.waitUntil(panel.entries.hasFocus, timeout=3000)
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        qtbot.keyClick(panel.entries, Qt.Key.Key_Delete)
    # On Carla's own card the question need not say it was sent to her.
    assert asked == ["Delete “3 Jan · Sent CV — CV 2026” for good? Carla stays in your journal."]
    assert [s.what for s in journal.intermediaries.sent_to(history["carla"])] == ["day_rate"]
    assert not any("Sent CV" in line for line in _lines(panel))  # the card refreshed
    # The context menu offers Delete (and Edit) for a sent item.
    _choose(panel, history["rate"])
    rect = panel.entries.visualRect(panel.entries.currentIndex())
    panel.entries.customContextMenuRequested.emit(rect.center())
    menu = panel.entries.menu
    assert menu is not None and menu.isVisible()
    assert [(a.text(), a.isEnabled()) for a in menu.actions()] == [("&Edit…", True), ("&Delete…", True)]
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        menu.actions()[1].trigger()
    menu.close()
    assert journal.intermediaries.sent_to(history["carla"]) == []
    assert len(_lines(panel)) == 3


def test_the_panel_reloads_for_its_own_changes_not_for_every_card_save(
    qtbot, window: MainWindow, journal: Journal, trio: dict[str, str], monkeypatch
) -> None:
    window.open_contact(trio["carla"])
    panel = window.card.give_take_panel
    reloads: list[str] = []
    real = panel.set_contact
    monkeypatch.setattr(
        panel, "set_contact", lambda person, today: (reloads.append(person.name), real(person, today))
    )
    window.card.notes_edit.setPlainText("Met at the CFO forum")
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        assert window.card.save_pending()
    assert reloads == []  # a card save cannot change give and take: three queries saved
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        journal.introductions.record(direction="received", introducer=trio["carla"], introduced=trio["dan"])
    assert reloads == ["Carla Connector"]
    assert "Dan Client" in panel.introduced_me_to_label.text()
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        journal.contacts.update(trio["carla"], name="Carla Connector-Berg")  # its sentences name her
    assert reloads[-1] == "Carla Connector-Berg"
