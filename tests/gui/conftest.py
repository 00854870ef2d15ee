"""GUI test fixtures: offscreen Qt, settings in tmp_path, a main window over a fresh journal."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

import netjournal.ui  # noqa: F401  (applies the PySide6 reference-leak guard first)
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import Journal
from netjournal.ui.app import NetJournalApp
from netjournal.ui.changes import ChangeSignal
from netjournal.ui.contact_card import ContactCard
from netjournal.ui.main_window import MainWindow
from netjournal.ui.settings import UiSettings

# The offscreen platform cannot do everything a window asks for and says so as a warning.
OFFSCREEN_NOISE = (r"This plugin does not support (propagateSizeHints|raise|setParent)\(\)",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    """QSettings objects made without a path write under tmp_path, never to the real home."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "ui-settings.ini"


@pytest.fixture
def ui_settings(settings_file: Path) -> UiSettings:
    return UiSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))


@pytest.fixture
def changes(qapp: QApplication, journal: Journal) -> Iterator[ChangeSignal]:
    signal = ChangeSignal(journal.changes)
    yield signal
    signal.close()


@pytest.fixture
def make_window(qtbot, journal: Journal, changes: ChangeSignal, ui_settings: UiSettings, keystore: KeyStore):
    """Build (and show) a main window over the test journal; shut down at the end."""
    made: list[MainWindow] = []

    def make(settings: UiSettings | None = None) -> MainWindow:
        window = MainWindow(journal, changes, settings or ui_settings, keystore)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


@pytest.fixture
def controller(qtbot, journal: Journal, ui_settings: UiSettings, keystore: KeyStore):
    """``controller(tray=...)`` builds the app controller over the test journal (attached)."""
    made: list[NetJournalApp] = []

    def make(*, tray: bool = False) -> NetJournalApp:
        app = NetJournalApp(journal.data_dir, keystore=keystore, settings=ui_settings, tray_available=tray)
        app.attach(journal)
        made.append(app)
        return app

    yield make
    for app in made:
        if app.quick_entry is not None:
            app.quick_entry.reset()
        app.journal = None  # the journal fixture closes it
        app.shutdown()


@pytest.fixture
def show_card(qtbot, journal: Journal, changes: ChangeSignal) -> Callable[[str], ContactCard]:
    """``show_card(uuid)``: a contact card on its own, shown, active, with that contact."""

    def show(uuid: str) -> ContactCard:
        widget = ContactCard(journal, changes)
        qtbot.addWidget(widget)
        widget.resize(560, 900)
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow)
        widget.set_contact(uuid)
        return widget

    return show
