"""File → Import… and File → Export ▸ in the app, plus the automatic encrypted backup at start.

The work itself is :mod:`netjournal.importexport` (Qt-free); this module picks files, shows
what will happen before anything is written, and runs the work off the GUI thread with a
cancellable progress dialog (:func:`netjournal.ui.tasks.run_with_progress`). Imports write in
one transaction, so the views refresh from the one change signal like after any other write.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import ExportError, NetJournalError
from netjournal.importexport.destinations import ExportResult, check_destination, plaintext_warning
from netjournal.importexport.importer import AUTO, apply_import, prepare_import
from netjournal.importexport.plan import Action, ImportFormat, ImportPlan, PlanItem
from netjournal.importexport.textfile import ENCODING_TITLES
from netjournal.ui import theme
from netjournal.ui.tasks import IsCancelled, Progress, Task, run_with_progress
from netjournal.ui.widgets import show_inline_error

if TYPE_CHECKING:
    from netjournal.services.journal import Journal
    from netjournal.ui.main_window import MainWindow

log = logging.getLogger(__name__)

CSV, VCARD, BACKUP = "csv", "vcard", "backup"
BACKUP_CHECK_MS = 60 * 60 * 1000  # is today's automatic backup made? (a no-op when it is)
IMPORT_FILTERS = (
    "Contacts and backups (*.csv *.vcf *.vcard *.zip);;CSV files (*.csv);;vCard files (*.vcf *.vcard);;"
    "NetJournal backup (*.zip);;All files (*)"
)
_ACTION_TEXT = {Action.CREATE: "New", Action.MERGE: "Merge", Action.SKIP: "Skip"}
_KIND_TEXT = {"contacts": "Person", "organisations": "Organisation", "tags": "Tag"}


# -- the preview ------------------------------------------------------------------------------


class PlanItemsModel(QAbstractTableModel):
    """The records an import will create, merge or skip (one row each), in the plan's order."""

    HEADERS = ("Action", "Kind", "Name", "Details", "In the file")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[PlanItem] = []

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self._items = [] if plan is None else [i for a in Action for i in plan.items_for(a)]
        self.endResetModel()

    def item_at(self, row: int) -> PlanItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == 0:
                return _ACTION_TEXT[item.action]
            if column == 1:
                return _KIND_TEXT.get(item.kind, item.kind.replace("_", " ").capitalize())
            if column == 2:
                return item.label
            if column == 3:
                return item.reason
            if column == 4:
                return item.origin
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None


class ImportDialog(QDialog):
    """Choose a file (or backup folder), preview what importing it will do, then import.

    Nothing is written before the user presses Import; reading and importing run on a worker
    thread behind a cancellable progress dialog.

    Signals:
        previewReady(object plan): the file was read and planned (``ImportPlan``).
        imported(object plan): the import was written (``ImportPlan`` with ``applied``).
    """

    previewReady = Signal(object)
    imported = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.plan: ImportPlan | None = None
        self.result_plan: ImportPlan | None = None
        self.task: Task | None = None
        self.setWindowTitle("Import contacts or a backup")
        self.setObjectName("importDialog")

        intro = QLabel(
            "Bring in the contacts you already have — Google Contacts or Outlook CSV, LinkedIn "
            "Connections.csv, a vCard file from your phone — or restore a NetJournal CSV backup. "
            "You see what will happen before anything is written; importing the same file twice "
            "adds nothing new.",
            self,
        )
        intro.setWordWrap(True)

        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText("A .csv or .vcf file, or a backup folder or .zip")
        self.path_edit.setAccessibleName("File to import")
        self.path_edit.setClearButtonEnabled(True)
        self.file_button = QPushButton("Choose &file…", self)
        self.file_button.setAutoDefault(False)
        self.file_button.clicked.connect(self.choose_file)
        self.folder_button = QPushButton("Backup f&older…", self)
        self.folder_button.setAutoDefault(False)
        self.folder_button.setToolTip("A NetJournal CSV backup written as a folder")
        self.folder_button.clicked.connect(self.choose_folder)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.file_button)
        path_row.addWidget(self.folder_button)

        self.format_combo = QComboBox(self)
        self.format_combo.addItem("Detect automatically", AUTO)
        for fmt in ImportFormat:
            self.format_combo.addItem(fmt.display_name, fmt.value)
        self.format_combo.setAccessibleName("Format of the file")
        self.preview_button = QPushButton("&Preview", self)
        self.preview_button.setToolTip("Read the file and show what importing it would do (writes nothing)")
        self.preview_button.clicked.connect(self.preview)
        format_row = QHBoxLayout()
        format_row.addWidget(self.format_combo, 1)
        format_row.addWidget(self.preview_button)

        form = QFormLayout()
        file_label = QLabel("&File", self)
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, path_row)
        format_label = QLabel("F&ormat", self)
        format_label.setBuddy(self.format_combo)
        form.addRow(format_label, format_row)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings_label = QLabel(self)
        self.warnings_label.setObjectName("importWarnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.hide()
        self.model = PlanItemsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("importPreview")
        self.table.setModel(self.model)
        self.table.setAccessibleName("What the import will do")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 64), (1, 90), (2, 240), (4, 70)):
            self.table.setColumnWidth(column, width)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_now)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

        self.path_edit.textChanged.connect(self._source_changed)
        self.format_combo.currentIndexChanged.connect(self._source_changed)
        self.path_edit.returnPressed.connect(self.preview)
        self.setTabOrder(self.path_edit, self.file_button)
        self.setTabOrder(self.file_button, self.folder_button)
        self.setTabOrder(self.folder_button, self.format_combo)
        self.setTabOrder(self.format_combo, self.preview_button)
        self.setTabOrder(self.preview_button, self.table)
        self._source_changed()
        self.resize(940, 520)

    # -- choosing ---------------------------------------------------------------------------
    def source(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_source(self, path: Path, fmt: str = AUTO) -> None:
        """Choose what to import (and, optionally, its format) without a file dialog."""
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(fmt)))
        self.path_edit.setText(str(path))

    def choose_file(self) -> None:
        chosen = self.source()
        start = str(chosen.parent) if chosen is not None else str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(self, "Import from a file", start, IMPORT_FILTERS)
        if name:
            self.path_edit.setText(name)
            self.preview()

    def choose_folder(self) -> None:
        start = str(self.source()) if self.source() else str(Path.home())
        name = QFileDialog.getExistingDirectory(self, "Restore from a NetJournal backup folder", start)
        if name:
            self.path_edit.setText(name)
            self.preview()

    def _source_changed(self) -> None:
        self.plan = None
        self.model.set_plan(None)
        self.import_button.setEnabled(False)
        self.preview_button.setEnabled(self.source() is not None)
        self.preview_button.setDefault(True)
        self.warnings_label.hide()
        self.summary_label.setText(
            "Choose a file, then Preview to see who will be added, merged or skipped."
            if self.source() is None
            else "Preview to see who will be added, merged or skipped. Nothing is written yet."
        )
        self.summary_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

    # -- preview ----------------------------------------------------------------------------
    def preview(self) -> None:
        """Read and plan the chosen file on a worker thread; shows the plan when done."""
        path = self.source()
        if path is None or self.task is not None:
            return
        source = str(self.format_combo.currentData())
        journal = self._journal

        def work(progress: Progress, cancelled: IsCancelled) -> ImportPlan:
            return prepare_import(journal, path, source, progress=progress, cancelled=cancelled)

        self._start(work, "Reading the file", f"Reading {path.name}…", self.show_plan, "read the file")

    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.model.set_plan(plan)
        lines = [f"<b>{plan.source.name}</b> — {plan.format.display_name}"]
        encoding = ENCODING_TITLES.get(plan.encoding, plan.encoding)
        if plan.format is not ImportFormat.NETJOURNAL:
            lines[0] += f", read as {encoding} text"
        lines += [f"• {line[:1].upper()}{line[1:]}" for line in plan.summary_lines()]
        if not plan.changes_anything:
            lines.append("Everything in this file is already in your journal: there is nothing to import.")
        else:
            lines.append("Nothing has been written yet: press Import to add it to your journal.")
        self.summary_label.setText("<br>".join(lines))
        self.summary_label.setForegroundRole(QPalette.ColorRole.WindowText)
        if plan.warnings:
            self.warnings_label.setText("\n".join(f"Note: {w}" for w in plan.warnings))
            theme.set_text_colour(self.warnings_label, theme.due_soon_colour(self.palette()))
            self.warnings_label.show()
        else:
            self.warnings_label.hide()
        self.import_button.setEnabled(plan.changes_anything)
        if plan.changes_anything:
            self.import_button.setDefault(True)
            self.import_button.setFocus()
        self.previewReady.emit(plan)

    # -- import -----------------------------------------------------------------------------
    def import_now(self) -> None:
        """Write the previewed import (one transaction, on a worker thread)."""
        plan = self.plan
        if plan is None or not plan.changes_anything or self.task is not None:
            return
        journal = self._journal

        def work(progress: Progress, cancelled: IsCancelled) -> ImportPlan:
            return apply_import(journal, plan, progress=progress, cancelled=cancelled)

        self._start(work, "Importing", f"Importing {plan.source.name}…", self._imported, "import the file")

    def _imported(self, plan: ImportPlan) -> None:
        self.result_plan = plan
        self.imported.emit(plan)
        self.accept()

    # -- running ----------------------------------------------------------------------------
    def _start(self, work: Any, title: str, label: str, on_success: Any, doing: str) -> None:
        for widget in (self.import_button, self.preview_button, self.file_button, self.folder_button):
            widget.setEnabled(False)
        self.task = run_with_progress(
            self, title, label, work, on_success=on_success, journal=self._journal, doing=doing
        )
        self.task.finished.connect(self._finished)

    def _finished(self) -> None:
        self.task = None
        self.file_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.preview_button.setEnabled(self.source() is not None)
        self.import_button.setEnabled(self.plan is not None and self.plan.changes_anything)

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()  # the transaction rolls back; nothing is written
            return
        super().reject()


# -- export -----------------------------------------------------------------------------------


class ExportDialog(QDialog):
    """Export a CSV backup or a vCard file, or write an encrypted backup, to a chosen place.

    Before anything is written it says where the result goes and, for CSV and vCard, that the
    result is not encrypted.

    Signals:
        exported(object result): the export was written (``ExportResult``; for an encrypted
            backup its ``path`` only).
    """

    exported = Signal(object)

    TITLES: ClassVar[dict[str, str]] = {
        CSV: "Export a CSV backup",
        VCARD: "Export contacts as vCard",
        BACKUP: "Back up now (encrypted)",
    }

    def __init__(self, journal: Journal, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if kind not in self.TITLES:
            raise ValueError(f"unknown export kind {kind!r}")
        self._journal = journal
        self.kind = kind
        self.task: Task | None = None
        self.export_result: ExportResult | None = None
        self.setWindowTitle(self.TITLES[kind])
        self.setObjectName("exportDialog")

        explain = QLabel(self._explanation(), self)
        explain.setWordWrap(True)
        self.dest_edit = QLineEdit(self)
        self.dest_edit.setAccessibleName("Where to write it")
        self.browse_button = QPushButton("&Browse…", self)
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.browse)
        dest_row = QHBoxLayout()
        dest_row.addWidget(self.dest_edit, 1)
        dest_row.addWidget(self.browse_button)
        form = QFormLayout()
        dest_label = QLabel("&Save to", self)
        dest_label.setBuddy(self.dest_edit)
        form.addRow(dest_label, dest_row)

        self.zip_radio = QRadioButton("One &zip file", self)
        self.folder_radio = QRadioButton("A f&older of CSV files", self)
        self.excel_check = QCheckBox(
            "Made for &Excel (adds what Excel needs to read accents correctly)", self
        )
        if kind == CSV:
            self.zip_radio.setChecked(True)
            group = QButtonGroup(self)
            group.addButton(self.zip_radio)
            group.addButton(self.folder_radio)
            shape = QVBoxLayout()
            shape.addWidget(self.zip_radio)
            shape.addWidget(self.folder_radio)
            form.addRow("As", shape)
            form.addRow("", self.excel_check)
            self.zip_radio.toggled.connect(self._shape_changed)
        else:
            for widget in (self.zip_radio, self.folder_radio, self.excel_check):
                widget.hide()

        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("exportWarning")
        self.warning_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("exportError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "&Back up" if kind == BACKUP else "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export_now)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.dest_edit.setText(str(self._default_destination()))
        self.dest_edit.textChanged.connect(self._update_warning)
        self._update_warning()
        self.resize(620, self.sizeHint().height())

    def _explanation(self) -> str:
        if self.kind == CSV:
            return (
                "Every record — people, organisations, conversations, follow-ups, introductions, "
                "opportunities — in plain CSV files that any spreadsheet opens. Import the result "
                "(File → Import) to restore the journal exactly."
            )
        if self.kind == VCARD:
            return (
                "All your contacts in one .vcf file (vCard 3.0), with their notes and common ground, "
                "to put them back on a phone or into another address book."
            )
        return (
            "An encrypted copy of the whole journal. It opens with your passphrase or recovery "
            "key, so it is safe to keep in a cloud folder or on a USB stick."
        )

    def _default_destination(self) -> Path:
        folder = Path.home() / "Documents"
        if not folder.is_dir():
            folder = Path.home()
        stamp = date.today().isoformat()
        if self.kind == CSV:
            return folder / f"NetJournal backup {stamp}.zip"
        if self.kind == VCARD:
            return folder / f"NetJournal contacts {stamp}.vcf"
        return folder

    def destination(self) -> Path | None:
        text = self.dest_edit.text().strip()
        return Path(text).expanduser() if text else None

    def _shape_changed(self, as_zip: bool) -> None:
        dest = self.destination()
        if dest is None:
            return
        if as_zip and dest.suffix.lower() != ".zip":
            self.dest_edit.setText(str(dest.with_name(dest.name + ".zip")))
        elif not as_zip and dest.suffix.lower() == ".zip":
            self.dest_edit.setText(str(dest.with_suffix("")))

    def _update_warning(self) -> None:
        dest = self.destination()
        self.error_label.hide()
        self.export_button.setEnabled(dest is not None)
        if self.kind == CSV and dest is not None:
            as_zip = dest.suffix.lower() == ".zip"
            if self.zip_radio.isChecked() != as_zip:
                (self.zip_radio if as_zip else self.folder_radio).setChecked(True)
        if dest is None:
            self.warning_label.setText("Choose where to write it.")
            self.warning_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            return
        if self.kind == BACKUP:
            where = f"a new file in {dest}" if dest.is_dir() else str(dest)
            self.warning_label.setText(f"The encrypted copy goes to {where}.")
            self.warning_label.setForegroundRole(QPalette.ColorRole.WindowText)
            return
        self.warning_label.setText(f"⚠ {plaintext_warning(dest)}")
        theme.set_text_colour(self.warning_label, theme.overdue_colour(self.palette()))

    def browse(self) -> None:
        current = self.destination() or self._default_destination()
        if self.kind == BACKUP:
            name = QFileDialog.getExistingDirectory(self, "Put the encrypted backup in", str(current))
        elif self.kind == CSV and self.folder_radio.isChecked():
            name, _ = QFileDialog.getSaveFileName(self, "New folder for the CSV backup", str(current))
        else:
            filters = "Zip files (*.zip)" if self.kind == CSV else "vCard files (*.vcf)"
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.TITLES[self.kind],
                str(current),
                filters,
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
        if name:
            self.dest_edit.setText(name)

    def _show_error(self, text: str) -> None:
        show_inline_error(self.error_label, text)

    def export_now(self) -> None:
        """Check the destination, then write on a worker thread behind a progress dialog."""
        dest = self.destination()
        if dest is None or self.task is not None:
            return
        journal = self._journal
        kind = self.kind
        excel = self.excel_check.isChecked()
        try:
            if kind == CSV:
                check_destination(dest, folder=dest.suffix.lower() != ".zip")
            elif kind == VCARD:
                if dest.suffix.lower() not in (".vcf", ".vcard"):
                    raise ExportError(f"{dest.name}: give the vCard file a name ending in .vcf.")
                check_destination(dest, folder=False)
            elif not dest.is_dir():
                check_destination(dest, folder=False)
        except NetJournalError as error:
            self._show_error(str(error))
            return

        def work(progress: Progress, cancelled: IsCancelled) -> ExportResult:
            if kind == CSV:
                from netjournal.importexport.backup_csv import export_csv

                return export_csv(journal, dest, excel=excel, progress=progress, cancelled=cancelled)
            if kind == VCARD:
                from netjournal.importexport.vcard import export_vcard

                return export_vcard(journal, dest, progress=progress, cancelled=cancelled)
            from netjournal.importexport.encrypted_backup import backup_journal

            return ExportResult(backup_journal(journal, dest))

        self.export_button.setEnabled(False)
        self.browse_button.setEnabled(False)
        self.task = run_with_progress(
            self,
            self.TITLES[kind],
            "Writing the encrypted copy…" if kind == BACKUP else f"Writing {dest.name}…",
            work,
            on_success=self._done,
            journal=journal,
            doing="back up the journal" if kind == BACKUP else "export",
        )
        self.task.finished.connect(self._finished)

    def _done(self, result: ExportResult) -> None:
        self.export_result = result
        self.exported.emit(result)
        self.accept()

    def _finished(self) -> None:
        self.task = None
        self.export_button.setEnabled(self.destination() is not None)
        self.browse_button.setEnabled(True)

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()  # partial output is removed
            return
        super().reject()


def export_message(kind: str, result: ExportResult) -> str:
    """What the status bar says after an export."""
    if kind == BACKUP:
        return f"Encrypted backup written to {result.path}"
    people = result.counts.get("contacts", 0)
    noun = "contact" if people == 1 else "contacts"
    return f"Exported {people:,} {noun} to {result.path} (not encrypted)"


# -- in the main window -----------------------------------------------------------------------


class DataTransfers(QObject):
    """The File menu's import/export entries and the automatic backup, for one main window.

    Signals:
        autoBackupDone(object path): the automatic backup finished (the new file's ``Path``, or
            None when today's backup already existed or the journal is still empty).
        autoBackupFailed(str message): the automatic backup could not be made.
    """

    autoBackupDone = Signal(object)
    autoBackupFailed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._journal = window.journal
        self.dialog: ImportDialog | ExportDialog | None = None
        self.backup_task: Task | None = None
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.start_auto_backup)

        self.import_action = QAction("&Import…", window)
        self.import_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.import_action.setStatusTip("Import contacts (Google, Outlook, LinkedIn, vCard) or a CSV backup")
        self.import_action.triggered.connect(lambda _c=False: self.open_import())
        self.export_csv_action = QAction("&CSV backup…", window)
        self.export_csv_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_csv_action.setStatusTip("Everything as CSV files (not encrypted)")
        self.export_csv_action.triggered.connect(lambda _c=False: self.open_export(CSV))
        self.export_vcard_action = QAction("&vCard…", window)
        self.export_vcard_action.setStatusTip("All contacts as one .vcf file (not encrypted)")
        self.export_vcard_action.triggered.connect(lambda _c=False: self.open_export(VCARD))
        self.backup_action = QAction("&Back up now (encrypted)…", window)
        self.backup_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.backup_action.setStatusTip("An encrypted copy of the journal, safe for a cloud folder")
        self.backup_action.triggered.connect(lambda _c=False: self.open_export(BACKUP))
        for action in (
            self.import_action,
            self.export_csv_action,
            self.export_vcard_action,
            self.backup_action,
        ):
            window.addAction(action)

    def install(self, file_menu: QMenu) -> None:
        """Add Import… and the Export submenu to the File menu."""
        file_menu.addAction(self.import_action)
        self.export_menu = file_menu.addMenu("&Export")
        self.export_menu.addAction(self.export_csv_action)
        self.export_menu.addAction(self.export_vcard_action)
        self.export_menu.addSeparator()
        self.export_menu.addAction(self.backup_action)

    def _show(self, dialog: ImportDialog | ExportDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def open_import(self, path: Path | None = None) -> ImportDialog:
        """Open the import dialog (previewing ``path`` at once when given)."""
        self._window.card.save_pending()
        dialog = ImportDialog(self._journal, self._window)
        dialog.imported.connect(self._imported)
        self._show(dialog)
        if path is not None:
            dialog.set_source(path)
            dialog.preview()
        return dialog

    def _imported(self, plan: ImportPlan) -> None:
        created = plan.count(Action.CREATE, "contacts")
        merged = plan.count(Action.MERGE, "contacts")
        self._window.statusBar().showMessage(
            f"Imported from {plan.source.name}: {created:,} new, {merged:,} merged", 8000
        )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Import finished",
            "\n".join(plan.summary_lines()).capitalize(),
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.setObjectName("importReport")
        box.setDetailedText("\n".join(plan.report_lines(limit=500)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def open_export(self, kind: str) -> ExportDialog:
        self._window.card.save_pending()
        dialog = ExportDialog(self._journal, kind, self._window)
        dialog.exported.connect(
            lambda result: self._window.statusBar().showMessage(export_message(kind, result), 8000)
        )
        self._show(dialog)
        return dialog

    # -- automatic backup -------------------------------------------------------------------
    def start_auto_backup(self) -> Task | None:
        """Make today's encrypted backup on a worker thread (no dialog); returns the task."""
        if self.backup_task is not None:
            return None
        from netjournal.importexport.encrypted_backup import auto_backup
        from netjournal.services.preferences import PreferenceService

        journal = self._journal

        def work(_progress: Progress, _cancelled: IsCancelled) -> Path | None:
            keep = PreferenceService(journal.changes, journal.clock).backup_keep()
            return auto_backup(journal, keep=keep, skip_empty=True)

        task = Task(work, journal=journal)
        task.succeeded.connect(self._backup_made)
        task.failed.connect(self._backup_failed)
        task.finished.connect(lambda: setattr(self, "backup_task", None))
        self.backup_task = task
        task.start()
        return task

    def _backup_made(self, path: Path | None) -> None:
        if path is not None:
            log.info("automatic backup written: %s", path.name)
        self.autoBackupDone.emit(path)

    def _backup_failed(self, error: BaseException) -> None:
        if isinstance(error, NetJournalError):
            text = f"Automatic backup failed: {error}"
            log.warning("%s", text)
        else:
            text = "Automatic backup failed (a bug; details in the log)."
            log.error("automatic backup failed", exc_info=error)
        self._window.statusBar().showMessage(text, 15000)
        self.autoBackupFailed.emit(text)

    def after_start(self, first_run_step: str = "") -> None:
        """Once the window is on screen: the automatic backup, then the first-run choice.

        The backup is checked again every hour: the app may stay in the tray for weeks, and
        a first run's journal is empty at start (nothing to back up until the user adds some).
        """
        self.start_auto_backup()
        self.backup_timer.start()
        if first_run_step == "import":
            self.open_import()
        elif first_run_step == "demo":
            self._window.load_demo()

    def shutdown(self) -> None:
        """Stop background work before the journal closes."""
        self.backup_timer.stop()
        for task in (self.backup_task, self.dialog.task if self.dialog is not None else None):
            if task is not None:
                task.cancel()
                task.wait(30)
