"""Telling the user about errors, and asking them to confirm.

Errors the user can act on (:class:`~netjournal.errors.NetJournalError`) are shown as their
one clear line. Anything else is a bug: it is logged with its traceback and the user sees a
short "unexpected error" message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QMessageBox, QWidget

from netjournal.errors import NetJournalError

log = logging.getLogger("netjournal.ui")

UNEXPECTED = (
    "Something unexpected went wrong (a bug in NetJournal). The details were written to the log. "
    "Your journal is safe: each change is saved completely or not at all."
)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessage")
    box.setAccessibleName(title)
    # Non-blocking: the box is window-modal but returns at once (safe from any slot).
    box.open()
    return box


def show_error(parent: QWidget | None, error: BaseException, *, doing: str = "") -> QMessageBox:
    """Show ``error``: its own message if the user can act on it, else log it as a bug."""
    if isinstance(error, NetJournalError):
        title = f"Could not {doing}" if doing else "NetJournal"
        return _box(parent, QMessageBox.Icon.Warning, title, str(error))
    log.error("unexpected error%s", f" while trying to {doing}" if doing else "", exc_info=error)
    return _box(parent, QMessageBox.Icon.Critical, "Unexpected error", UNEXPECTED)


@contextmanager
def reporting_errors(parent: QWidget | None, doing: str = "") -> Iterator[None]:
    """Run a user action; a :class:`NetJournalError` it raises is shown, not propagated.

    Other exceptions propagate to the global exception hook (logged and reported as bugs).
    """
    try:
        yield
    except NetJournalError as error:
        show_error(parent, error, doing=doing)


def confirm(parent: QWidget | None, title: str, text: str, action: str, *, destructive: bool = True) -> bool:
    """Ask before doing something that cannot be undone; True when the user agreed."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    yes = box.addButton(
        action, QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.AcceptRole
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is yes
