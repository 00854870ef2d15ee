"""A scripted session for the plaintext scan, run as its own process with XDG_* and TMPDIR
pointed into a test folder (``NETJOURNAL_PASSPHRASE`` set):

    python session.py services DATA_DIR MARKER_PREFIX   settings, edits, search, backups
    python session.py gui      DATA_DIR MARKER_PREFIX   the main window, a search, QSettings
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def services(data_dir: Path, marker: str) -> None:
    from netjournal.importexport.encrypted_backup import auto_backup
    from netjournal.security.keystore import KeyStore
    from netjournal.services.journal import open_journal

    journal = open_journal(data_dir, KeyStore())
    try:
        uuid = journal.contacts.find_by_name(f"{marker}Name").uuid
        journal.contacts.update(
            uuid, their_world=f"{marker}World", how_i_can_help=f"{marker}Help", tags=[f"{marker}Tag"]
        )
        journal.reminders.set_kind_cadence("client", 30)
        journal.reminders.snooze_contact(uuid, 7)
        other = journal.contacts.create(f"{marker}Second", notes=f"{marker}Notes")
        journal.opportunities.create(
            f"{marker}Assignment",
            client=f"{marker}Client",
            people=[("referrer", uuid)],
            notes=f"{marker}Deal",
        )
        journal.contacts.update(other, introduced_by=uuid)
        assert journal.search.search(f"{marker}World")
        journal.briefs.brief(uuid)
        auto_backup(journal)
        print("services ok", flush=True)
    finally:
        journal.close()


def gui(data_dir: Path, marker: str) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from netjournal.ui.app import NetJournalApp, configure_application

    app = QApplication(["netjournal"])
    configure_application(app)
    controller = NetJournalApp(data_dir)
    assert controller.open_journal()
    window = controller.show_main_window()
    loop = QEventLoop()
    shown: list[int] = []
    window.searchShown.connect(lambda n: (shown.append(n), loop.quit()))
    QTimer.singleShot(10_000, loop.quit)
    window.search_field.setText(f"{marker}World")
    loop.exec()
    assert shown and shown[0] > 0, "the search found nothing"
    window.open_current_hit()
    app.processEvents()
    controller.shutdown()  # saves window state and the last contact to QSettings
    controller.settings.sync()
    print("gui ok", flush=True)


if __name__ == "__main__":
    mode, folder, prefix = sys.argv[1:]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    (services if mode == "services" else gui)(Path(folder), prefix)
