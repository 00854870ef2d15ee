"""New contact: a name already in the journal is pointed out while typing, with a way to the
existing card; adding a second person of the same name stays possible."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from netjournal.services.journal import Journal
from netjournal.ui.dialogs.contact_dialog import NewContactDialog
from netjournal.ui.main_window import MainWindow


def test_a_taken_name_is_pointed_out_and_another_is_still_allowed(qtbot, journal: Journal) -> None:
    priya = journal.contacts.create("Priya Raman", organisation="Acme & Sons")
    dialog = NewContactDialog(journal)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "priya  raman")  # case and spacing do not hide her
    qtbot.waitUntil(dialog.namesake_label.isVisible, timeout=2000)
    text = dialog.namesake_label.text()
    assert f'href="{priya}"' in text and "Acme &amp; Sons" in text
    qtbot.keyClicks(dialog.name_edit, "i")  # "priya ramani": nobody
    qtbot.waitUntil(lambda: not dialog.namesake_label.isVisible(), timeout=2000)
    dialog.name_edit.backspace()
    qtbot.waitUntil(dialog.namesake_label.isVisible, timeout=2000)
    dialog.add_button.click()  # a second Priya Raman is a real possibility
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.created_uuid is not None and dialog.created_uuid != priya
    assert journal.contacts.get(dialog.created_uuid).name == "priya  raman"


def test_the_link_opens_the_existing_card_instead(qtbot, window: MainWindow, journal: Journal) -> None:
    priya = journal.contacts.create("Priya Raman")
    other = journal.contacts.create("Someone Else")
    window.open_contact(other)
    window.new_contact_action.trigger()
    dialog = window._dialog
    assert isinstance(dialog, NewContactDialog)
    qtbot.keyClicks(dialog.name_edit, "Priya Raman")
    qtbot.keyClicks(dialog.role_edit, "CFO")  # typed, yet no "discard?" question: she exists
    qtbot.waitUntil(dialog.namesake_label.isVisible, timeout=2000)
    with qtbot.waitSignal(window.contactShown, timeout=3000):
        dialog.namesake_label.linkActivated.emit(priya)
    assert window.card.contact_uuid == priya
    assert not dialog.isVisible() and dialog.discard_box is None
    assert len(journal.contacts.named("Priya Raman")) == 1
