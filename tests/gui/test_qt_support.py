"""Support pieces: the app icon, settings hygiene, and the PySide6 reference-leak guard."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QLineEdit

from netjournal.ui.icons import app_icon, app_pixmap, line_icon
from netjournal.ui.qtcompat import guard_singleton_refcounts
from netjournal.ui.settings import UiSettings


def test_app_icon_comes_from_the_packaged_svg(qapp) -> None:
    icon = app_icon()
    assert not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 256} <= sizes
    crisp = app_pixmap(48, 2.0)
    assert crisp.width() == 96 and crisp.devicePixelRatio() == 2.0
    assert not line_icon("search").isNull()


def test_settings_refuse_anything_but_a_uuid(tmp_path) -> None:
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.set_last_contact_uuid("Anna Berg")  # not a UUID: never stored
    assert settings.last_contact_uuid() is None
    settings.set_sort("name; DROP")
    assert settings.sort() == "name"
    settings.set_last_contact_uuid("0d0cab0f-6903-4c4b-9f6d-ce5add13b5d2")
    settings.sync()
    assert "Anna" not in (tmp_path / "s.ini").read_text()


class _Emitter(QObject):
    ping = Signal()


def test_many_void_calls_and_emits_do_not_exhaust_none_or_true(qapp) -> None:
    """PySide6 6.12.0 on Python < 3.12 steals a reference to None per void call and to True per
    emit; without the guard this loop aborts the interpreter ("deallocating None")."""
    guarded = guard_singleton_refcounts()
    if sys.version_info < (3, 12):
        before = sys.getrefcount(None)
        edit, emitter = QLineEdit(), _Emitter()
        for i in range(20_000):
            edit.setText("x" if i % 2 else "y")
            emitter.ping.emit()
        stolen = before - sys.getrefcount(None)
        assert guarded or stolen < 1_000


def test_application_setup_shortens_the_gil_switch_interval(qapp) -> None:
    # A worker thread running Python (an import) must not starve the GUI thread's slots.
    from netjournal.ui.app import GIL_SWITCH_INTERVAL_S, configure_application

    before = sys.getswitchinterval()
    try:
        configure_application(qapp)
        assert sys.getswitchinterval() == GIL_SWITCH_INTERVAL_S < 0.005
    finally:
        sys.setswitchinterval(before)
