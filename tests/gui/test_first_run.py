"""First run, as a newcomer meets it: welcome → journal → first contact → first conversation."""

from __future__ import annotations

from pathlib import Path

import pytest

from netjournal.security.keystore import KeyStore
from netjournal.ui import app as app_module
from netjournal.ui.app import NetJournalApp
from netjournal.ui.dialogs.contact_dialog import NewContactDialog
from netjournal.ui.dialogs.conversation_dialog import ConversationDialog
from netjournal.ui.import_export import ImportDialog
from netjournal.ui.main_window import MainWindow
from netjournal.ui.settings import UiSettings
from netjournal.ui.welcome import WelcomeDialog

DATA = Path(__file__).parent.parent / "data"
PASSPHRASE = "lantern otter quiet tram"


def scripted_welcome(choice: str) -> type[WelcomeDialog]:
    """A welcome dialog that a newcomer fills in: passphrase twice, key kept, a way to start."""

    class Scripted(WelcomeDialog):
        def exec(self) -> int:
            self.show()
            assert self.create_button.isEnabled() is False
            self.passphrase_edit.setText(PASSPHRASE)
            self.repeat_edit.setText(PASSPHRASE)
            self.create_button.click()
            assert self.pages.currentIndex() == 1 and self.recovery_key
            buttons = {"import": self.import_button, "demo": self.demo_button, "": self.start_button}
            assert not buttons[choice].isEnabled()  # not before the key is kept
            self.kept_check.setChecked(True)
            buttons[choice].click()
            return int(self.result())

    return Scripted


@pytest.fixture
def start_app(qtbot, data_dir: Path, keystore: KeyStore, ui_settings: UiSettings, monkeypatch):
    """Run the app's start-up up to the window being shown, as ``run()`` does."""
    controllers: list[NetJournalApp] = []

    def start(choice: str) -> tuple[NetJournalApp, MainWindow]:
        monkeypatch.setattr(app_module, "WelcomeDialog", scripted_welcome(choice))
        controller = NetJournalApp(data_dir, keystore=keystore, settings=ui_settings)
        controllers.append(controller)
        assert controller.open_journal()
        window = controller.show_main_window()
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        window.transfers.after_start(controller.first_run_step)
        return controller, window

    yield start
    for controller in controllers:
        controller.shutdown()


@pytest.fixture
def started(start_app) -> tuple[NetJournalApp, MainWindow]:
    return start_app("")


def test_no_blank_panes_in_a_new_journal(qtbot, started) -> None:
    controller, window = started
    assert controller.first_run_step == ""
    pane = window.contact_list
    assert pane.stack.currentWidget() is pane.empty
    visible = [b.text() for b in pane.empty.findChildren(type(pane._add_button)) if b.isVisible()]
    assert visible == ["Add your first contact (Ctrl+N)", "Import your contacts…", "Load demo data…"]
    assert window.card.stack.currentWidget() is window.card.empty
    assert window.card.empty.title.text() and window.card.empty.text.text()
    assert window.timeline.stack.currentWidget() is window.timeline.empty
    assert window.timeline.empty.text.text()  # says what will appear there


def test_newcomer_logs_a_first_conversation(qtbot, started) -> None:
    controller, window = started
    journal = controller.journal
    assert journal is not None
    with qtbot.waitSignal(window.contactShown, timeout=5000):
        window.contact_list._add_button.click()
        dialog = window._dialog
        assert isinstance(dialog, NewContactDialog)
        qtbot.keyClicks(dialog.name_edit, "Marta Keller")
        qtbot.keyClicks(dialog.common_ground_edit, "Both moved here from Basel")
        dialog.add_button.click()
    timeline = window.timeline
    assert timeline.stack.currentWidget() is timeline.empty and timeline.empty_button.isVisible()
    timeline.empty_button.click()
    conversation = window._dialog
    assert isinstance(conversation, ConversationDialog)
    qtbot.keyClicks(conversation.summary_edit, "Coffee: she is looking for an interim CFO in spring")
    conversation.save_button.click()
    qtbot.waitUntil(lambda: timeline.model.rowCount() == 1, timeout=5000)
    assert timeline.stack.currentWidget() is timeline.view
    assert journal.stats()["conversations"] == 1
    # No backup of the empty journal at start; the hourly check backs up what was entered.
    qtbot.waitUntil(lambda: window.transfers.backup_task is None, timeout=10_000)
    assert not list((journal.data_dir / "backups").glob("journal-*.db"))
    with qtbot.waitSignal(window.transfers.autoBackupDone, timeout=10_000):
        window.transfers.backup_timer.timeout.emit()
    assert list((journal.data_dir / "backups").glob("journal-*.db"))


def test_import_your_contacts_step(qtbot, start_app) -> None:
    controller, window = start_app("import")
    assert controller.first_run_step == "import"
    dialog = window.transfers.dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    dialog.set_source(DATA / "linkedin-connections.csv")
    with qtbot.waitSignal(dialog.previewReady, timeout=10_000):
        dialog.preview_button.click()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: window.contact_list.model.total > 0, timeout=5000)
    assert window.contact_list.stack.currentWidget() is window.contact_list.view


def test_explore_with_demo_data_step(qtbot, start_app) -> None:
    controller, window = start_app("demo")
    assert controller.first_run_step == "demo"
    qtbot.waitUntil(lambda: window.contact_list.model.total > 50, timeout=60_000)
    qtbot.waitUntil(lambda: window.card.contact_uuid is not None, timeout=5000)
