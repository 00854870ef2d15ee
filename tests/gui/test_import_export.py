"""File → Import… and File → Export ▸ in the app, and the automatic backup after start-up."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from netjournal.importexport import importer
from netjournal.importexport.encrypted_backup import backup_name, list_backups
from netjournal.importexport.plan import Action, ImportFormat
from netjournal.services.journal import Journal, open_with_secret
from netjournal.services.preferences import PreferenceService
from netjournal.ui import import_export
from netjournal.ui.import_export import BACKUP, CSV, VCARD, ExportDialog, ImportDialog, PlanItemsModel
from netjournal.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE

DATA = Path(__file__).parent.parent / "data"


def error_box(parent) -> QMessageBox | None:
    return parent.findChild(QMessageBox, "errorMessage")


def preview(qtbot, dialog: ImportDialog, path: Path, fmt: str = importer.AUTO):
    dialog.set_source(path, fmt)
    with qtbot.waitSignal(dialog.previewReady, timeout=10_000) as blocker:
        dialog.preview_button.click()
    return blocker.args[0]


def test_file_menu_has_import_and_export(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "&Import…" in texts
    export = window.transfers.export_menu
    assert [a.text() for a in export.actions() if not a.isSeparator()] == [
        "&CSV backup…",
        "&vCard…",
        "&Back up now (encrypted)…",
    ]


def test_plan_items_model(qtmodeltester, journal: Journal) -> None:
    plan = importer.prepare_import(journal, DATA / "google-contacts.csv")
    model = PlanItemsModel()
    model.set_plan(plan)
    qtmodeltester.check(model)
    assert model.rowCount() == len(plan.items) > 0
    assert model.index(0, 0).data() == "New"
    assert any(str(model.index(r, 2).data()).startswith("Priya Raman") for r in range(model.rowCount()))
    model.set_plan(None)
    assert model.rowCount() == 0


def test_preview_writes_nothing_then_import_refreshes_the_list(
    qtbot, window: MainWindow, journal: Journal
) -> None:
    dialog = window.transfers.open_import()
    assert isinstance(dialog, ImportDialog) and not dialog.import_button.isEnabled()
    plan = preview(qtbot, dialog, DATA / "google-contacts.csv")
    assert plan.format is ImportFormat.GOOGLE and not plan.applied
    assert "Google Contacts CSV" in dialog.summary_label.text()
    assert "UTF-8" in dialog.summary_label.text()
    assert dialog.model.rowCount() == len(plan.items)
    assert journal.stats()["contacts"] == 0  # the preview wrote nothing
    assert dialog.import_button.isEnabled()
    created = plan.count(Action.CREATE, "contacts")
    assert created > 0

    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    assert journal.stats()["contacts"] == created
    qtbot.waitUntil(lambda: window.contact_list.model.total == created)
    assert window.contact_list.stack.currentWidget() is window.contact_list.view
    report = window.findChild(QMessageBox, "importReport")
    assert report is not None and "created" in report.text()
    assert "Imported from google-contacts.csv" in window.statusBar().currentMessage()

    # The same file again: nothing to import, the button stays off.
    again = window.transfers.open_import()
    plan = preview(qtbot, again, DATA / "google-contacts.csv")
    assert not plan.changes_anything
    assert not again.import_button.isEnabled()
    assert "already in your journal" in again.summary_label.text()


def test_detected_encoding_is_shown(qtbot, window: MainWindow) -> None:
    dialog = window.transfers.open_import()
    plan = preview(qtbot, dialog, DATA / "outlook-contacts-cp1252.csv")
    assert plan.encoding == "cp1252"
    assert "Windows-1252" in dialog.summary_label.text()
    assert dialog.warnings_label.isVisible() and "not UTF-8" in dialog.warnings_label.text()


@pytest.mark.parametrize(
    ("content", "fmt", "expected"),
    [
        (b"\x00\x01\x02garbage\xff\xfe" * 50, importer.AUTO, "garbage.csv"),
        (b'First Name,Last Name\n"Ann,Lee\n', "google", "garbage.csv"),
        (b"PK\x03\x04 not really a zip", importer.AUTO, "not a readable zip"),
    ],
)
def test_bad_files_are_refused_clearly_and_nothing_written(
    qtbot, window: MainWindow, journal: Journal, tmp_path: Path, *, content: bytes, fmt: str, expected: str
) -> None:
    bad = tmp_path / "garbage.csv"
    bad.write_bytes(content)
    dialog = window.transfers.open_import()
    dialog.set_source(bad, fmt)
    with qtbot.waitSignal(dialog.preview_button.clicked):
        dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.task is None)
    box = error_box(dialog)
    assert box is not None and box.windowTitle() == "Could not read the file"
    assert expected in box.text()
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert dialog.preview_button.isEnabled()  # the user can pick another file and retry
    assert journal.stats()["contacts"] == 0


def test_wrong_format_override_is_an_error(qtbot, window: MainWindow, journal: Journal) -> None:
    dialog = window.transfers.open_import()
    dialog.set_source(DATA / "google-contacts.csv", "linkedin")
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.task is None)
    box = error_box(dialog)
    assert box is not None and "google-contacts.csv" in box.text()
    assert journal.stats()["contacts"] == 0


def test_cancel_during_import_leaves_the_journal_unchanged(
    qtbot, window: MainWindow, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = window.transfers.open_import()
    preview(qtbot, dialog, DATA / "linkedin-connections.csv")
    started, release = threading.Event(), threading.Event()
    real_apply = importer.apply_import

    def held_apply(*args, **kwargs):
        started.set()
        release.wait(10)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(import_export, "apply_import", held_apply)
    dialog.import_button.click()
    assert started.wait(10)
    dialog.reject()  # Escape / Cancel while importing cancels the work, not the dialog
    assert dialog.isVisible()
    task = dialog.task
    assert task is not None
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        release.set()
    assert journal.stats()["contacts"] == 0
    assert error_box(dialog) is None  # a cancel is not an error
    assert dialog.import_button.isEnabled()  # and the user can still import


def test_backup_folder_restores_into_an_empty_journal(
    qtbot, window: MainWindow, journal: Journal, tmp_path: Path
) -> None:
    from netjournal.importexport.backup_csv import export_csv

    other_dir = tmp_path / "other"
    from netjournal.services.journal import create_journal

    source = create_journal(other_dir, PASSPHRASE)
    try:
        source.contacts.create(name="Ines Duarte", common_ground="Both studied in Porto")
        export_csv(source, tmp_path / "backup")
    finally:
        source.close()
    dialog = window.transfers.open_import(tmp_path / "backup")
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.plan.format is ImportFormat.NETJOURNAL
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    found = journal.contacts.find_by_name("Ines Duarte")
    assert journal.contacts.get(found.uuid).common_ground == "Both studied in Porto"


# -- export -----------------------------------------------------------------------------------


def test_csv_export_says_it_is_not_encrypted_before_writing(
    qtbot, window: MainWindow, journal: Journal, tmp_path: Path
) -> None:
    journal.contacts.create(name="Ada Lovelace", common_ground="=SUM(A1)")
    dialog = window.transfers.open_export(CSV)
    assert isinstance(dialog, ExportDialog)
    dest = tmp_path / "out.zip"
    dialog.dest_edit.setText(str(dest))
    assert "not encrypted" in dialog.warning_label.text() and str(dest) in dialog.warning_label.text()
    assert dialog.zip_radio.isChecked()
    dialog.folder_radio.setChecked(True)  # switching the shape renames the destination
    assert dialog.destination() == tmp_path / "out"
    dialog.excel_check.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_button.click()
    contacts = (tmp_path / "out" / "contacts.csv").read_bytes()
    assert contacts.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    assert b"Ada Lovelace" in contacts
    assert "not encrypted" in window.statusBar().currentMessage()


def test_export_refuses_an_existing_destination(window: MainWindow, tmp_path: Path) -> None:
    dest = tmp_path / "taken.zip"
    dest.write_bytes(b"keep me")
    dialog = window.transfers.open_export(CSV)
    dialog.dest_edit.setText(str(dest))
    dialog.export_button.click()
    assert dialog.task is None and dialog.error_label.isVisible()
    assert "already exists" in dialog.error_label.text()
    assert dest.read_bytes() == b"keep me"


def test_vcard_export_checks_the_name_then_writes(
    qtbot, window: MainWindow, journal: Journal, tmp_path: Path
) -> None:
    journal.contacts.create(name="Grace Hopper")
    dialog = window.transfers.open_export(VCARD)
    assert "not encrypted" in dialog.warning_label.text()
    dialog.dest_edit.setText(str(tmp_path / "contacts.txt"))
    dialog.export_button.click()
    assert ".vcf" in dialog.error_label.text() and not (tmp_path / "contacts.txt").exists()
    dialog.dest_edit.setText(str(tmp_path / "contacts.vcf"))
    assert not dialog.error_label.isVisible()
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_button.click()
    assert "FN:Grace Hopper" in (tmp_path / "contacts.vcf").read_text(encoding="utf-8")


def test_encrypted_backup_now(qtbot, window: MainWindow, journal: Journal, tmp_path: Path) -> None:
    journal.contacts.create(name="Katherine Johnson")
    dialog = window.transfers.open_export(BACKUP)
    dialog.dest_edit.setText(str(tmp_path))
    assert "not encrypted" not in dialog.warning_label.text()
    assert "encrypted copy" in dialog.warning_label.text()
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as blocker:
        dialog.export_button.click()
    written = blocker.args[0].path
    assert written.parent == tmp_path and written.read_bytes()[:16] != b"SQLite format 3\x00"
    copy_dir = tmp_path / "restored"
    copy_dir.mkdir()
    written.rename(copy_dir / "journal.db")
    restored = open_with_secret(copy_dir, PASSPHRASE)
    try:
        assert restored.stats()["contacts"] == 1
    finally:
        restored.close()


# -- automatic backup -------------------------------------------------------------------------


def test_auto_backup_after_start_keeps_the_preferred_count(
    qtbot, window: MainWindow, journal: Journal, clock
) -> None:
    from datetime import timedelta

    journal.contacts.create("Someone worth a backup")
    PreferenceService(journal.changes, journal.clock).set_backup_keep(2)
    folder = journal.data_dir / "backups"
    folder.mkdir(mode=0o700)
    for days in (3, 2, 1):
        (folder / backup_name(clock() - timedelta(days=days))).write_bytes(b"old")
    with qtbot.waitSignal(window.transfers.autoBackupDone, timeout=10_000) as blocker:
        window.transfers.after_start()
    made = blocker.args[0]
    assert made is not None and made.exists()
    kept = list_backups(journal.data_dir)
    assert kept[0].path == made and len(kept) == 2
    # Once a day: a second start the same day makes none.
    with qtbot.waitSignal(window.transfers.autoBackupDone, timeout=10_000) as blocker:
        window.transfers.start_auto_backup()
    assert blocker.args[0] is None


def test_auto_backup_waits_for_something_to_protect_and_is_checked_hourly(
    qtbot, window: MainWindow, journal: Journal
) -> None:
    # First run: the journal is empty at start, so no backup is made (it would count as the
    # day's and protect nothing the user then enters) ...
    with qtbot.waitSignal(window.transfers.autoBackupDone, timeout=10_000) as blocker:
        window.transfers.after_start()
    assert blocker.args[0] is None and list_backups(journal.data_dir) == []
    # ... and the hourly check makes it once there is something.
    assert window.transfers.backup_timer.isActive()
    assert window.transfers.backup_timer.interval() == 60 * 60 * 1000
    journal.contacts.create("First contact")
    with qtbot.waitSignal(window.transfers.autoBackupDone, timeout=10_000) as blocker:
        window.transfers.backup_timer.timeout.emit()
    made = blocker.args[0]
    assert made is not None and [b.path for b in list_backups(journal.data_dir)] == [made]
    window.transfers.shutdown()
    assert not window.transfers.backup_timer.isActive()


def test_auto_backup_failure_is_reported_not_raised(
    qtbot, window: MainWindow, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netjournal.errors import ExportError
    from netjournal.importexport import encrypted_backup

    def broken(*_args, **_kwargs):
        raise ExportError("Cannot write the backup: disk full.")

    monkeypatch.setattr(encrypted_backup, "auto_backup", broken)
    with qtbot.waitSignal(window.transfers.autoBackupFailed, timeout=10_000) as blocker:
        window.transfers.start_auto_backup()
    assert "disk full" in blocker.args[0]
    assert "Automatic backup failed" in window.statusBar().currentMessage()
