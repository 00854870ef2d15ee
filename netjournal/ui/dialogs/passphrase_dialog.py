"""Changing the passphrase, and showing the recovery key after the passphrase is typed again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netjournal.errors import NetJournalError
from netjournal.services import passphrase
from netjournal.ui import theme
from netjournal.ui.passphrase_strength import estimate
from netjournal.ui.tasks import IsCancelled, Progress, Task, run_with_progress
from netjournal.ui.widgets import show_inline_error

if TYPE_CHECKING:
    from netjournal.security.keystore import KeyStore
    from netjournal.services.journal import Journal


class StrengthMeter(QWidget):
    """A bar and a sentence saying how hard a passphrase is to guess, and how to do better."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.setAccessibleName("Passphrase strength")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        self.set_passphrase("")

    def set_passphrase(self, text: str) -> None:
        strength = estimate(text)
        # Anything typed shows at least a red sliver: an empty bar reads as "nothing typed".
        self.bar.setValue(max(1, strength.score) if text else 0)
        palette = self.bar.palette()
        own = self.palette()
        colour = (
            theme.overdue_colour(own)
            if strength.score <= 1
            else theme.due_soon_colour(own)
            if strength.score == 2
            else theme.ok_colour(own)
        )
        palette.setColor(QPalette.ColorRole.Highlight, colour)
        self.bar.setPalette(palette)
        self.label.setText(f"{strength.label}. {strength.hint}" if text else strength.hint)


def recovery_key_label(key: str, parent: QWidget) -> QLabel:
    """The recovery key in large monospace, on two lines, selectable."""
    groups = key.split("-")
    half = len(groups) // 2
    label = QLabel("-".join(groups[:half]) + "-\n" + "-".join(groups[half:]), parent)
    label.setObjectName("recoveryKey")
    label.setAccessibleName("Recovery key")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setBackgroundRole(QPalette.ColorRole.Base)
    label.setAutoFillBackground(True)
    label.setMargin(10)
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    mono.setPointSizeF(max(mono.pointSizeF(), parent.font().pointSizeF()) * 1.3)
    mono.setWeight(QFont.Weight.DemiBold)
    label.setFont(mono)
    return label


def _password_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.hide()
    return label


class ChangePassphraseDialog(QDialog):
    """Current passphrase, new one twice (with a strength meter); re-encrypts on a worker.

    Signals:
        changed(str recovery_key): the journal is re-encrypted; the new recovery key.
    """

    changed = Signal(str)

    def __init__(self, journal: Journal, keystore: KeyStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._keystore = keystore
        self.task: Task | None = None
        self.new_recovery_key = ""
        self.setWindowTitle("Change passphrase")
        self.setObjectName("changePassphraseDialog")

        explain = QLabel(
            "The journal is re-encrypted with the new passphrase. Your old passphrase and your old "
            "recovery key stop working: you get a new recovery key to write down.",
            self,
        )
        explain.setWordWrap(True)
        self.current_edit = _password_edit(self, "Current passphrase or recovery key")
        self.new_edit = _password_edit(self, "New passphrase")
        self.repeat_edit = _password_edit(self, "Repeat the new passphrase")
        self.meter = StrengthMeter(self)
        self.show_check = QCheckBox("S&how passphrases", self)
        self.show_check.toggled.connect(self._toggle_echo)
        form = QFormLayout()
        for text, edit in (
            ("&Current passphrase", self.current_edit),
            ("&New passphrase", self.new_edit),
            ("&Repeat it", self.repeat_edit),
        ):
            label = QLabel(text, self)
            label.setBuddy(edit)
            form.addRow(label, edit)
        form.addRow("", self.meter)
        form.addRow("", self.show_check)
        self.error_label = _error_label(self)

        self.buttons = QDialogButtonBox(self)
        self.change_button = self.buttons.addButton(
            "C&hange passphrase", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.change_button.setDefault(True)
        self.change_button.clicked.connect(self.change_now)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.new_edit.textChanged.connect(self._update)
        self.repeat_edit.textChanged.connect(self._update)
        self.current_edit.textChanged.connect(self._update)
        self._update()
        self.resize(520, self.sizeHint().height())
        self.current_edit.setFocus()

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for edit in (self.current_edit, self.new_edit, self.repeat_edit):
            edit.setEchoMode(mode)

    def _update(self) -> None:
        new, repeat = self.new_edit.text(), self.repeat_edit.text()
        self.meter.set_passphrase(new)
        self.change_button.setEnabled(
            self.task is None and bool(self.current_edit.text()) and bool(new) and new == repeat
        )
        if repeat and new != repeat and len(repeat) >= len(new):
            self._show_error("The two new passphrases differ.")
        else:
            self.error_label.hide()

    def _show_error(self, text: str) -> None:
        show_inline_error(self.error_label, text)

    def change_now(self) -> None:
        """Check what was typed, then re-encrypt on a worker thread."""
        if self.task is not None:
            return
        current, new, repeat = self.current_edit.text(), self.new_edit.text(), self.repeat_edit.text()
        try:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                passphrase.check_passphrase_change(self._journal, current, new, repeat)
            finally:
                QGuiApplication.restoreOverrideCursor()
        except NetJournalError as error:
            self._show_error(str(error))
            return
        journal, keystore = self._journal, self._keystore

        def work(_progress: Progress, _cancelled: IsCancelled) -> str:
            # Not cancellable: a rekey is one statement that completes or rolls back whole.
            return passphrase.change_passphrase(journal, current, new, repeat, keystore)

        self.change_button.setEnabled(False)
        self.task = run_with_progress(
            self,
            "Change passphrase",
            "Re-encrypting the journal…",
            work,
            on_success=self._changed,
            journal=journal,
            doing="change the passphrase",
        )
        self.task.finished.connect(self._finished)

    def _changed(self, recovery_key: str) -> None:
        passphrase.reconnect(self._journal)  # this thread's connection still has the old key
        for edit in (self.current_edit, self.new_edit, self.repeat_edit):
            edit.clear()
        self.new_recovery_key = recovery_key
        self.changed.emit(recovery_key)
        self.accept()

    def _finished(self) -> None:
        self.task = None
        self._update()

    def reject(self) -> None:
        if self.task is not None:
            return  # the rekey finishes on its own; closing now would hide its outcome
        super().reject()


FIT_WIDTH = 520


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once the passphrase (or the recovery key itself) is typed again.

    Signals: none beyond QDialog's.
    """

    def __init__(self, journal: Journal, parent: QWidget | None = None, *, key: str = "") -> None:
        super().__init__(parent)
        self._journal = journal
        self.setWindowTitle("Recovery key")
        self.setObjectName("recoveryKeyDialog")
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.passphrase_edit = _password_edit(self, "Passphrase")
        self.form = QFormLayout()
        label = QLabel("&Passphrase", self)
        label.setBuddy(self.passphrase_edit)
        self.form.addRow(label, self.passphrase_edit)
        layout.addLayout(self.form)
        self.error_label = _error_label(self)
        layout.addWidget(self.error_label)
        self.key_label: QLabel | None = None
        self.copy_button = QPushButton("&Copy to clipboard", self)
        self.copy_button.hide()
        self.copy_button.clicked.connect(self._copy)
        self.buttons = QDialogButtonBox(self)
        self.show_button = self.buttons.addButton(
            "&Show recovery key", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.reveal)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        self._layout = layout
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        if key:
            self._show_key(key, new=True)
        else:
            self.intro.setText(
                "The recovery key opens your journal if you forget the passphrase. Type your "
                "passphrase to see it."
            )
            self.passphrase_edit.setFocus()
            self._fit()

    def reveal(self) -> None:
        secret = self.passphrase_edit.text()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok = passphrase.verify_secret(self._journal, secret)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if not ok:
            show_inline_error(self.error_label, "That is not the passphrase of this journal.")
            self.passphrase_edit.selectAll()
            return
        self._show_key(self._journal.recovery_key(), new=False)

    def _show_key(self, key: str, *, new: bool) -> None:
        self._key = key
        self.intro.setText(
            ("Your new recovery key. " if new else "")
            + "Write it down or print it and keep it somewhere safe and offline — not in a file next "
            "to the journal or in your e-mail. With it, anyone can open the journal."
        )
        self.passphrase_edit.clear()
        self.passphrase_edit.setEnabled(False)
        self.form.setRowVisible(0, False)
        self.error_label.hide()
        self.key_label = recovery_key_label(key, self)
        self._layout.insertWidget(2, self.key_label)
        self._layout.insertWidget(3, self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.copy_button.show()
        self.show_button.hide()
        self.copy_button.setFocus()
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        # Wide enough for the key, and tall enough for the wrapped text at that width (the
        # plain size hint knows nothing of word wrap, and clipped the intro's lines).
        self._layout.activate()
        width = max(self.width() if self.isVisible() else 0, FIT_WIDTH, self.sizeHint().width())
        height = self._layout.totalHeightForWidth(width) if self._layout.hasHeightForWidth() else 0
        self.resize(width, max(self.height() if self.isVisible() else 0, height, self.sizeHint().height()))

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self._key)
        self.copy_button.setText("Copied — paste it somewhere safe, then clear the clipboard")
