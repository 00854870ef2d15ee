"""Render the main window to PNG, light and dark, and the Today and Network pages (light), from a
demo journal (offscreen).

    NETJOURNAL_PASSPHRASE='demo passphrase 1' .venv/bin/python -m netjournal \\
        --data-dir /tmp/nj-demo demo
    QT_QPA_PLATFORM=offscreen NETJOURNAL_PASSPHRASE='demo passphrase 1' \\
        .venv/bin/python packaging/screenshots/make_screenshots.py /tmp/nj-demo packaging/screenshots

Options after the two folders: ``--search TEXT`` types a search first, ``--size WxH``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

import netjournal.ui  # noqa: F401
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import Journal, open_with_secret
from netjournal.ui import theme
from netjournal.ui.app import configure_application
from netjournal.ui.changes import ChangeSignal
from netjournal.ui.main_window import MainWindow
from netjournal.ui.settings import UiSettings


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def showcase_contact(journal: Journal) -> str:
    """Someone overdue (the list shows why) with a full card: common ground, their world,
    open follow-ups, many talks."""
    best, best_score = "", -1
    for summary in journal.contacts.list(sort="overdue", limit=12):
        record = journal.contacts.get(summary.uuid)
        score = (
            3 * bool(record.common_ground)
            + 3 * bool(record.their_world)
            + 2 * bool(record.how_i_can_help)
            + 2 * min(2, len(journal.follow_ups.for_contact(record.uuid)))
            + min(4, journal.conversations.timeline_count(record.uuid) // 3)
            + bool(record.introduced_by)
        )
        if score > best_score:
            best, best_score = record.uuid, score
    return best


def main() -> None:
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    search = sys.argv[sys.argv.index("--search") + 1] if "--search" in sys.argv else ""
    width, height = 1280, 800
    if "--size" in sys.argv:
        width, height = (int(v) for v in sys.argv[sys.argv.index("--size") + 1].split("x"))
    app = QApplication([])
    app.setStyle("Fusion")
    configure_application(app)
    journal = open_with_secret(data, os.environ.get("NETJOURNAL_PASSPHRASE", "demo passphrase 1"))
    changes = ChangeSignal(journal.changes)
    uuid = showcase_contact(journal)
    out.mkdir(parents=True, exist_ok=True)
    for scheme, palette in (("light", theme.light_palette()), ("dark", theme.dark_palette())):
        app.setPalette(palette)
        store = QSettings(str(Path(tempfile.mkdtemp()) / "ui.ini"), QSettings.Format.IniFormat)
        settings = UiSettings(store)
        settings.set_sort("overdue")
        window = MainWindow(journal, changes, settings, KeyStore())
        window.resize(width, height)
        window.show()
        window.open_contact(uuid)
        if search:
            window.search_field.setText(search)
        settle(app)
        suffix = f"-{search.replace(' ', '-')}" if search else ""
        path = out / f"main-window-{scheme}{suffix}.png"
        window.grab().save(str(path))
        print("saved", path)
        window.shutdown()
        window.close()
        window.deleteLater()
        settle(app, 0.05)
    if not search:
        pages(app, journal, changes, uuid, out)
    changes.close()
    journal.close()


# The README's and the folder's page shots: name, size, how to get there (light theme).
PAGES = (
    ("today", (1280, 760), lambda w: w.show_page("today")),
    ("work-sources", (1400, 900), lambda w: w.show_network("work")),
    ("intermediaries", (1400, 900), lambda w: w.show_network("intermediaries")),
    ("insights", (1400, 900), lambda w: w.show_network("insights")),
)


def pages(app: QApplication, journal: Journal, changes: ChangeSignal, uuid: str, out: Path) -> None:
    """Today and the Network tabs, each once its background load has been shown."""
    app.setPalette(theme.light_palette())
    for name, (width, height), go in PAGES:
        store = QSettings(str(Path(tempfile.mkdtemp()) / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(journal, changes, UiSettings(store), KeyStore())
        window.resize(width, height)
        window.show()
        window.open_contact(uuid)
        go(window)
        settle(app, 2.5)  # the page's data loads on a worker thread
        path = out / f"{name}.png"
        window.grab().save(str(path))
        print("saved", path)
        window.shutdown()
        window.close()
        window.deleteLater()
        settle(app, 0.05)


if __name__ == "__main__":
    main()
