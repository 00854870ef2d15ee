"""The Organisations page: rename, change kind, archive and restore, delete, and the edit dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from netjournal.services.journal import Journal
from netjournal.ui import messages
from netjournal.ui.contact_list import UUID_ROLE
from netjournal.ui.dialogs.organisation_dialog import INTERMEDIARY_HINT, OrganisationDialog
from netjournal.ui.main_window import MainWindow
from netjournal.ui.organisations import ORG_ROLE, OrganisationsPage
from tests.gui.conftest import OFFSCREEN_NOISE

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def harbour(journal: Journal) -> str:
    journal.contacts.create("Ines Duarte", organisation="Harbour Interim Partners", role="Partner")
    journal.contacts.create("Anna Berg", organisation="Nordwind Logistics")
    return next(o.uuid for o in journal.organisations.list() if o.name == "Harbour Interim Partners")


@pytest.fixture
def page(qtbot, window: MainWindow, harbour: str) -> OrganisationsPage:
    QApplication.processEvents()  # deliver the fixtures' own change notifications first
    window.show_page("organisations")
    page = window.organisations
    page.select(harbour)
    assert page.current_uuid() == harbour
    return page


def _names(page: OrganisationsPage) -> list[str]:
    return [page.model.index(row, 0).data() for row in range(page.model.rowCount())]


def _open_dialog(qtbot, page: OrganisationsPage, *, by_key: bool = True) -> OrganisationDialog:
    window = page.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.list_view.setFocus()
    if by_key:
        qtbot.keyClick(page.list_view, Qt.Key.Key_F2)
    else:
        page.edit_action.trigger()  # as from the context menu or the Edit… button
    dialog = page.dialog
    assert isinstance(dialog, OrganisationDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # Ctrl+Enter is a shortcut of the active window
    return dialog


def _save(qtbot, page: OrganisationsPage, dialog: OrganisationDialog) -> None:
    with qtbot.waitSignal(page.window().changes.changed, timeout=3000):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return, CTRL)
    assert page.dialog is None  # closed (and deleted)


def test_rename_is_stored_and_the_list_shows_the_new_name(
    qtbot, page: OrganisationsPage, journal: Journal, harbour: str
) -> None:
    dialog = _open_dialog(qtbot, page)
    assert dialog.name_edit.text() == "Harbour Interim Partners"
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, "Harbour Interim")
    qtbot.keyClicks(dialog.website_edit, "harbour-interim.example")
    _save(qtbot, page, dialog)
    record = journal.organisations.get(harbour)
    assert (record.name, record.website) == ("Harbour Interim", "harbour-interim.example")
    assert _names(page) == ["Harbour Interim", "Nordwind Logistics"]
    assert page.name_label.text() == "Harbour Interim" and page.current_uuid() == harbour
    assert page.website_label.text() == "harbour-interim.example" and not page.website_label.isHidden()
    assert page.list_view.currentIndex().data() == "Harbour Interim"  # still selected
    # The organisation's people show it under its new name.
    assert journal.contacts.find_by_name("Ines Duarte").organisation == "Harbour Interim"


def test_kind_intermediary_puts_it_under_intermediaries(
    qtbot, page: OrganisationsPage, journal: Journal, harbour: str
) -> None:
    assert not [g for g in journal.intermediaries.overview() if g.organisation_uuid == harbour]
    dialog = _open_dialog(qtbot, page, by_key=False)
    assert dialog.kind_combo.currentData() == "company"
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("intermediary"))
    assert dialog.kind_hint.text() == INTERMEDIARY_HINT
    _save(qtbot, page, dialog)
    assert journal.organisations.get(harbour).kind == "intermediary"
    assert page.kind_label.text().startswith("Intermediary · 1 person")
    (group,) = [g for g in journal.intermediaries.overview() if g.organisation_uuid == harbour]
    assert [p.contact.name for p in group.people] == ["Ines Duarte"]


def test_archive_hides_it_show_archived_shows_it_and_restore_brings_it_back(
    qtbot, window: MainWindow, page: OrganisationsPage, journal: Journal, harbour: str
) -> None:
    anna = journal.contacts.find_by_name("Anna Berg").uuid
    window.open_contact(anna)  # a contact on the (hidden) card: Ctrl+E must not archive them
    window.show_page("organisations")
    page.select(harbour)
    QApplication.processEvents()
    page.list_view.setFocus()
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        qtbot.keyClick(page.list_view, Qt.Key.Key_E, CTRL)
    assert journal.organisations.get(harbour).archived
    assert not journal.contacts.get(anna).archived
    assert _names(page) == ["Nordwind Logistics"]
    # Still shown on the right, ready to be restored.
    assert not page.archived_banner.isHidden() and page.archive_button.text() == "Restore"
    assert page.archive_action.text() == "&Restore organisation"
    assert "Archived Harbour Interim Partners" in window.statusBar().currentMessage()

    page.archived_check.setChecked(True)
    assert _names(page) == ["Harbour Interim Partners", "Nordwind Logistics"]
    assert page.model.index(0, 0).data(ORG_ROLE).archived
    with qtbot.waitSignal(window.changes.changed, timeout=3000):
        page.archive_button.click()
    assert not journal.organisations.get(harbour).archived
    assert page.archived_banner.isHidden() and page.archive_button.text() == "Archive"
    page.archived_check.setChecked(False)
    assert _names(page) == ["Harbour Interim Partners", "Nordwind Logistics"]


def test_renaming_onto_an_existing_name_is_refused_and_writes_nothing(
    qtbot, page: OrganisationsPage, journal: Journal, harbour: str
) -> None:
    dialog = _open_dialog(qtbot, page)
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, "nordwind logistics")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("recruiter"))
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return, CTRL)
    box = dialog.findChild(QMessageBox, "errorMessage")
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "already an organisation called 'Nordwind Logistics'" in box.text()
    assert "cannot be merged" in box.text()
    assert box.windowTitle() == "Could not save the organisation"
    box.accept()
    assert dialog.isVisible() and page.dialog is dialog  # the user can choose another name
    record = journal.organisations.get(harbour)
    assert (record.name, record.kind) == ("Harbour Interim Partners", "company")
    assert _names(page) == ["Harbour Interim Partners", "Nordwind Logistics"]
    dialog.done(0)


def test_esc_with_changes_asks_before_discarding_them(
    qtbot, page: OrganisationsPage, journal: Journal, harbour: str
) -> None:
    dialog = _open_dialog(qtbot, page)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)  # nothing changed: closes at once
    assert page.dialog is None

    dialog = _open_dialog(qtbot, page)
    qtbot.keyClicks(dialog.notes_edit, "Places finance interims in the Nordics")
    qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == OrganisationDialog.discard_text
    with qtbot.waitSignal(box.finished, timeout=3000):
        next(b for b in box.buttons() if "Keep editing" in b.text().replace("&", "")).click()
    assert dialog.isVisible() and dialog.notes_edit.toPlainText().startswith("Places finance")
    qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert isinstance(box, QMessageBox)
    with qtbot.waitSignal(box.finished, timeout=3000):
        next(b for b in box.buttons() if "Discard" in b.text().replace("&", "")).click()
    assert page.dialog is None
    assert journal.organisations.get(harbour).notes == ""


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE, "This plugin does not support grabbing the keyboard")  # the menu
def test_context_menu_and_delete_after_asking(
    qtbot, page: OrganisationsPage, journal: Journal, harbour: str, monkeypatch
) -> None:
    row = page.model.index(1, 0)
    nordwind = row.data(UUID_ROLE)
    page.list_view.customContextMenuRequested.emit(page.list_view.visualRect(row).center())
    menu = page.menu
    assert menu is not None and menu.isVisible()
    assert page.current_uuid() == nordwind  # the row clicked on is the one acted on
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&Edit organisation…", "&Archive organisation", "&Delete organisation…"]
    with qtbot.waitSignal(page.window().changes.changed, timeout=3000):
        menu.actions()[1].trigger()
    menu.close()
    assert journal.organisations.get(nordwind).archived

    page.select(harbour)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text, _a, **_k: asked.append(text) or False)
    page.list_view.setFocus()
    qtbot.keyClick(page.list_view, Qt.Key.Key_Delete)
    assert asked and "Harbour Interim Partners" in asked[0] and "archive it instead" in asked[0]
    assert "The one person there stays in your journal" in asked[0]  # (Ines)
    assert "opportunit" not in asked[0]  # none names it: nothing to say about them
    journal.opportunities.create("Interim CFO", intermediary="Harbour Interim Partners")
    qtbot.keyClick(page.list_view, Qt.Key.Key_Delete)
    assert "The opportunity that names it stays, without it." in asked[1]
    assert journal.organisations.get(harbour)  # declined: still there
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    with qtbot.waitSignal(page.window().changes.changed, timeout=3000):
        qtbot.keyClick(page.list_view, Qt.Key.Key_Delete)
    assert _names(page) == []
    assert journal.contacts.find_by_name("Ines Duarte").organisation == ""
    assert page.detail_stack.currentWidget() is page.empty_detail
    assert not page.edit_action.isEnabled() and not page.archive_action.isEnabled()


def test_an_organisation_without_people_says_so(qtbot, window: MainWindow, journal: Journal) -> None:
    empty = journal.organisations.create("Zephyr Holdings")
    window.show_page("organisations")
    window.organisations.select(empty)
    page = window.organisations
    assert page.people_stack.currentWidget() is page.people_empty
    assert "Nobody at Zephyr Holdings" in page.people_empty.text()
    journal.contacts.create("Chen Wei", organisation="Zephyr Holdings")
    qtbot.waitUntil(lambda: page.people_stack.currentWidget() is page.people_view)
    assert page.people_model.rowCount() == 1


def test_contact_archive_shortcut_is_off_away_from_the_people_page(
    window: MainWindow, journal: Journal
) -> None:
    window.open_contact(journal.contacts.create("Dana Scully"))
    assert window.archive_action.isEnabled()
    window.show_page("organisations")
    assert not window.archive_action.isEnabled()
    window.show_page("people")
    assert window.archive_action.isEnabled()


def test_double_click_opens_the_edit_dialog(qtbot, page: OrganisationsPage) -> None:
    rect = page.list_view.visualRect(page.list_view.currentIndex())
    # Qt pairs a double-click with the press before it, as a real one has.
    qtbot.mouseClick(page.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert isinstance(page.dialog, OrganisationDialog)
    assert page.dialog.name_edit.text() == "Harbour Interim Partners"
    page.dialog.done(0)
