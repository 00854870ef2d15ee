"""Preferences: data folder, look, start at login, reminders, backups, passphrase and keyring.

What belongs with the journal (keep-in-touch rhythms, reminder time, how many backups to keep)
is stored encrypted in the journal through services. What belongs to this computer (theme) is
kept in QSettings — a choice from a fixed list, never anything from the journal — and starting
at login is the platform's own autostart entry (:mod:`netjournal.autostart`).
"""

from __future__ import annotations

import logging
from datetime import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStringListModel, Qt, QTime, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from netjournal import autostart
from netjournal.errors import NetJournalError
from netjournal.importexport.encrypted_backup import list_backups
from netjournal.paths import DATA_DIR_ENV, backup_dir
from netjournal.services.integrity import RESTORE_COMMAND, describe_backup
from netjournal.services.preferences import MAX_BACKUPS, PreferenceService
from netjournal.services.vocabulary import CONTACT_KINDS
from netjournal.ui import theme
from netjournal.ui.dialogs.passphrase_dialog import ChangePassphraseDialog, RecoveryKeyDialog
from netjournal.ui.formatting import kind_label
from netjournal.ui.widgets import show_inline_error

if TYPE_CHECKING:
    from pathlib import Path

    from netjournal.security.keystore import KeyStore
    from netjournal.services.journal import Journal

log = logging.getLogger(__name__)

THEME_KEY = "appearance/theme"
THEMES = (("system", "Same as the system"), ("light", "Light"), ("dark", "Dark"))


def saved_theme(store: QSettings | None = None) -> str:
    """The theme chosen on this computer: "system", "light" or "dark"."""
    value = (store or QSettings()).value(THEME_KEY, "system")
    return value if value in ("system", "light", "dark") else "system"


def apply_theme(choice: str) -> None:
    """Use the light or dark palette, or follow the system's choice."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = QGuiApplication.styleHints()
    if choice == "system":
        hints.unsetColorScheme()
        dark = hints.colorScheme() == Qt.ColorScheme.Dark
    else:
        dark = choice == "dark"
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    if dark != theme.is_dark(app.palette()):
        app.setPalette(theme.dark_palette() if dark else theme.light_palette())


def apply_saved_theme(store: QSettings | None = None) -> None:
    """At start-up: apply a light or dark choice (following the system needs nothing)."""
    choice = saved_theme(store)
    if choice != "system":
        apply_theme(choice)


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(size // 1024, 1)} KB"


class PreferencesDialog(QDialog):
    """NetJournal's preferences, in four tabs.

    Signals:
        passphraseChanged(): the journal was re-encrypted with a new passphrase (connections
            opened before then must be reopened).
    """

    passphraseChanged = Signal()

    def __init__(
        self,
        journal: Journal,
        keystore: KeyStore,
        parent: QWidget | None = None,
        *,
        store: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._keystore = keystore
        self._store = store if store is not None else QSettings()
        self._prefs = PreferenceService(journal.changes, journal.clock)
        self.child: QDialog | None = None  # a passphrase dialog opened from here (tests look)
        self.setWindowTitle("Preferences")
        self.setObjectName("preferencesDialog")

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general_tab(), "&General")
        self.tabs.addTab(self._rhythm_tab(), "&Keep in touch")
        self.tabs.addTab(self._backup_tab(), "&Backups")
        self.security_page = self._security_tab()
        self.tabs.addTab(self.security_page, "&Security")

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(600, 500)

    # -- tabs -------------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)

        folder = QGroupBox("Where your journal lives", page)
        box = QVBoxLayout(folder)
        self.data_dir_label = QLabel(str(self._journal.data_dir), folder)
        self.data_dir_label.setObjectName("dataFolder")
        self.data_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_dir_label.setWordWrap(True)
        box.addWidget(self.data_dir_label)
        row = QHBoxLayout()
        self.open_folder_button = QPushButton("&Open folder", folder)
        self.open_folder_button.setAutoDefault(False)
        self.open_folder_button.clicked.connect(lambda: self.open_folder(self._journal.data_dir))
        row.addWidget(self.open_folder_button)
        row.addStretch(1)
        box.addLayout(row)
        move = QLabel(
            "To move it (say, into a synced or encrypted drive): quit NetJournal, move the whole "
            "folder, then start NetJournal with <tt>--data-dir NEW-FOLDER</tt> or set "
            f"<tt>{DATA_DIR_ENV}</tt>. The journal is encrypted wherever it is.",
            folder,
        )
        move.setWordWrap(True)
        move.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        box.addWidget(move)
        layout.addWidget(folder)

        look = QGroupBox("This computer", page)
        form = QFormLayout(look)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.theme_combo = QComboBox(look)
        for key, text in THEMES:
            self.theme_combo.addItem(text, key)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(saved_theme(self._store))))
        theme_label = QLabel("&Theme", look)
        theme_label.setBuddy(self.theme_combo)
        form.addRow(theme_label, self.theme_combo)
        self.autostart_check = QCheckBox("Start NetJournal in the tray when I log in", look)
        try:
            self._autostart_was = autostart.is_enabled()
        except OSError:
            self._autostart_was = False
            self.autostart_check.setEnabled(False)
        self.autostart_check.setChecked(self._autostart_was)
        self.autostart_check.setToolTip("Off by default. Quick entry is then one click away.")
        form.addRow("", self.autostart_check)
        layout.addWidget(look)

        reminders = QGroupBox("Reminders", page)
        form = QFormLayout(reminders)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.reminder_time_edit = QTimeEdit(reminders)
        self.reminder_time_edit.setDisplayFormat("HH:mm")
        when = self._prefs.reminder_time()
        self.reminder_time_edit.setTime(QTime(when.hour, when.minute))
        self.reminder_time_edit.setAccessibleName("Time of the daily reminder")
        time_label = QLabel("&Daily reminder at", reminders)
        time_label.setBuddy(self.reminder_time_edit)
        form.addRow(time_label, self.reminder_time_edit)
        hint = QLabel("Once a day, who is due for a call or a note, and which promises fall due.", reminders)
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(hint)
        layout.addWidget(reminders)
        layout.addStretch(1)
        return page

    def _rhythm_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        hint = QLabel(
            "How often to keep in touch, by kind of contact. Used for anyone without their own "
            "rhythm on their card.",
            page,
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        self.spins: dict[str, QSpinBox] = {}
        current = self._journal.reminders.kind_cadences()
        for kind in CONTACT_KINDS:
            spin = QSpinBox(page)
            spin.setRange(0, 3650)
            spin.setSuffix(" days")
            spin.setSpecialValueText("No reminders")
            spin.setValue(current.get(kind) or 0)
            spin.setAccessibleName(f"Keep in touch with {kind_label(kind)} contacts every so many days")
            label = QLabel(f"{kind_label(kind)}", page)
            label.setBuddy(spin)
            form.addRow(label, spin)
            self.spins[kind] = spin
        return page

    def _backup_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        explain = QLabel(
            "Each day you open NetJournal, it puts an encrypted copy of the journal in the backups "
            "folder and keeps the newest few. A copy opens with your passphrase or recovery key.",
            page,
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.keep_spin = QSpinBox(page)
        self.keep_spin.setRange(1, MAX_BACKUPS)
        self.keep_spin.setValue(self._prefs.backup_keep())
        self.keep_spin.setSuffix(" backups")
        keep_label = QLabel("&Keep the newest", page)
        keep_label.setBuddy(self.keep_spin)
        form.addRow(keep_label, self.keep_spin)
        layout.addLayout(form)

        self.backups_model = QStringListModel(self)
        self.backups_view = QListView(page)
        self.backups_view.setObjectName("backupList")
        self.backups_view.setModel(self.backups_model)
        self.backups_view.setAccessibleName("Existing automatic backups")
        self.backups_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        list_label = QLabel("&Existing backups (newest first)", page)
        list_label.setBuddy(self.backups_view)
        layout.addWidget(list_label)
        layout.addWidget(self.backups_view, 1)
        row = QHBoxLayout()
        self.open_backups_button = QPushButton("Open backups &folder", page)
        self.open_backups_button.setAutoDefault(False)
        self.open_backups_button.clicked.connect(lambda: self.open_folder(backup_dir(self._journal.data_dir)))
        row.addWidget(self.open_backups_button)
        row.addStretch(1)
        layout.addLayout(row)
        restore = QLabel(
            f"To restore: quit NetJournal and run <tt>{RESTORE_COMMAND} [FILE]</tt> (the latest "
            "backup unless you name one); the journal it replaces is kept beside it. When a "
            "journal cannot be opened, NetJournal offers this itself.",
            page,
        )
        restore.setWordWrap(True)
        restore.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(restore)
        self.refresh_backups()
        return page

    def refresh_backups(self) -> None:
        backups = list_backups(self._journal.data_dir)
        lines = [f"{describe_backup(info)} — {_size(info.size)}" for info in backups]
        self.backups_model.setStringList(
            lines or ["No automatic backup yet (one is made when the app starts)."]
        )
        self.open_backups_button.setEnabled(backup_dir(self._journal.data_dir).is_dir())

    def _security_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        unlocking = QGroupBox("Unlocking", page)
        box = QVBoxLayout(unlocking)
        remembered = self._keystore.load(self._journal.path) is not None
        if self._keystore.available():
            text = f"The system keyring ({self._keystore.describe()}) " + (
                "remembers the key on this computer, so NetJournal opens without asking."
                if remembered
                else "does not remember the key yet."
            )
        else:
            text = "No system keyring is available: NetJournal asks for your passphrase at each start."
        self.keyring_label = QLabel(text, unlocking)
        self.keyring_label.setWordWrap(True)
        box.addWidget(self.keyring_label)
        self.forget_button = QPushButton("&Forget the key on this computer", unlocking)
        self.forget_button.setAutoDefault(False)
        self.forget_button.setToolTip("NetJournal will ask for the passphrase (or recovery key) next time.")
        self.forget_button.setEnabled(remembered)
        self.forget_button.clicked.connect(self._forget)
        box.addWidget(self.forget_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(unlocking)

        secrets = QGroupBox("Passphrase and recovery key", page)
        box = QVBoxLayout(secrets)
        explain = QLabel(
            "Either one opens the journal. Without both, nobody can open it — not even us.", secrets
        )
        explain.setWordWrap(True)
        box.addWidget(explain)
        row = QHBoxLayout()
        self.change_button = QPushButton("&Change passphrase…", secrets)
        self.change_button.setAutoDefault(False)
        self.change_button.clicked.connect(self.change_passphrase)
        self.recovery_button = QPushButton("Show &recovery key…", secrets)
        self.recovery_button.setAutoDefault(False)
        self.recovery_button.clicked.connect(self.show_recovery_key)
        row.addWidget(self.change_button)
        row.addWidget(self.recovery_button)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(secrets)
        layout.addStretch(1)
        return page

    # -- actions ----------------------------------------------------------------------------
    def open_folder(self, folder: Path) -> bool:
        """Show ``folder`` in the file manager; False (and a message) if that failed."""
        opened = folder.is_dir() and QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if not opened:
            self._show_error(f"Could not open {folder} in the file manager.")
        return bool(opened)

    def _forget(self) -> None:
        self._keystore.forget(self._journal.path)
        self.keyring_label.setText("Forgotten: NetJournal will ask for your passphrase next time.")
        self.forget_button.setEnabled(False)

    def _open_child(self, dialog: QDialog) -> None:
        self.child = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._child_closed(dialog))
        dialog.open()

    def _child_closed(self, dialog: QDialog) -> None:
        if self.child is dialog:
            self.child = None

    def show_security(self) -> None:
        """Open on the Security tab, its Change passphrase button focused."""
        self.tabs.setCurrentWidget(self.security_page)
        self.change_button.setFocus()

    def change_passphrase(self) -> None:
        dialog = ChangePassphraseDialog(self._journal, self._keystore, self)
        dialog.changed.connect(self._passphrase_changed)
        self._open_child(dialog)

    def _passphrase_changed(self, recovery_key: str) -> None:
        self.passphraseChanged.emit()
        self.forget_button.setEnabled(self._keystore.load(self._journal.path) is not None)
        # Show the new recovery key at once: the old one no longer opens the journal.
        self._open_child(RecoveryKeyDialog(self._journal, self, key=recovery_key))

    def show_recovery_key(self) -> None:
        self._open_child(RecoveryKeyDialog(self._journal, self))

    def _show_error(self, text: str) -> None:
        show_inline_error(self.error_label, text)

    def _save(self) -> None:
        current = self._journal.reminders.kind_cadences()
        qtime = self.reminder_time_edit.time()
        try:
            for kind, spin in self.spins.items():
                value = spin.value() or None
                if current.get(kind) != value:
                    self._journal.reminders.set_kind_cadence(kind, value)
            if self.keep_spin.value() != self._prefs.backup_keep():
                self._prefs.set_backup_keep(self.keep_spin.value())
            when = time(qtime.hour(), qtime.minute())
            if when != self._prefs.reminder_time():
                self._prefs.set_reminder_time(when)
        except NetJournalError as error:
            self._show_error(str(error))
            return
        wanted = self.autostart_check.isChecked()
        if self.autostart_check.isEnabled() and wanted != self._autostart_was:
            try:
                autostart.enable() if wanted else autostart.disable()
            except OSError as error:
                self._show_error(f"Could not change starting at login: {error.strerror or error}.")
                return
            self._autostart_was = wanted
        choice = str(self.theme_combo.currentData())
        if choice != saved_theme(self._store):
            self._store.setValue(THEME_KEY, choice)
            apply_theme(choice)
        self.accept()
