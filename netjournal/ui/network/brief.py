"""The pre-meeting brief in its own window, with Print… and Save as PDF… (Qt's own PDF writer).

The page is the services' :func:`~netjournal.services.brief.render_html`, so it says exactly
what ``netjournal brief NAME`` says. A saved PDF is plain, unencrypted: the user is told so
before choosing where it goes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMarginsF, QObject, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import QFileDialog, QMainWindow, QTextBrowser, QToolBar, QWidget

from netjournal.errors import NetJournalError, NotFoundError
from netjournal.services.brief import Brief, render_html
from netjournal.ui import messages

if TYPE_CHECKING:
    from netjournal.services.changes import Change
    from netjournal.services.journal import Journal
    from netjournal.ui.changes import ChangeSignal

PDF_WARNING = (
    "The PDF is not encrypted: anyone who gets hold of the file can read this brief. "
    "Save it somewhere private and delete it when you no longer need it."
)


class PdfWriteError(NetJournalError):
    """The PDF could not be written where the user asked."""


def brief_document(html: str) -> QTextDocument:
    """The brief as a QTextDocument, ready to print or write as PDF."""
    document = QTextDocument()
    document.setHtml(html)
    return document


def write_pdf(html: str, path: Path, title: str = "") -> None:
    """Write ``html`` as an A4 PDF at ``path``; raises :class:`PdfWriteError` on failure."""
    try:
        with open(path, "ab"):
            pass  # QPdfWriter fails silently: find out now whether the place is writable
    except OSError as error:
        raise PdfWriteError(f"Cannot write {path}: {error.strerror or error}.") from error
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("NetJournal")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(18, 18, 18, 18)
        )
    )
    writer.setResolution(300)
    document = brief_document(html)
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)
    del writer  # finishes the file
    if not path.exists() or path.stat().st_size == 0:
        raise PdfWriteError(f"Cannot write {path}.")


class BriefWindow(QMainWindow):
    """One contact's brief. Re-reads itself when the journal changes.

    Signals:
        pdfSaved(str): a PDF was written (its path).
    """

    pdfSaved = Signal(str)

    def __init__(
        self, journal: Journal, changes: ChangeSignal, contact_uuid: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._journal = journal
        self.contact_uuid = contact_uuid
        self.brief: Brief | None = None
        self.html = ""
        self.setObjectName("briefWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Brief")
        self.setCentralWidget(self.browser)
        sk = QKeySequence.StandardKey
        self.print_action = self._action("&Print…", self.print_brief, QKeySequence(sk.Print))
        self.pdf_action = self._action("Save as &PDF…", self.ask_and_save_pdf, QKeySequence("Ctrl+Shift+P"))
        self.close_action = self._action("&Close", self.close, QKeySequence(sk.Close))
        self.close_action.setShortcuts([QKeySequence(sk.Close), QKeySequence("Esc")])
        bar = QToolBar("Brief", self)
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.print_action)
        bar.addAction(self.pdf_action)
        self.addToolBar(bar)
        self._stale = False
        changes.changed.connect(self._on_change)
        self.resize(720, 860)
        self.reload()

    def _action(self, text: str, slot: Any, shortcut: QKeySequence) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        keys = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({keys})")
        action.triggered.connect(lambda _c=False: slot())
        self.addAction(action)
        return action

    def reload(self) -> None:
        """Build the brief again from the journal (the contact may have changed or gone)."""
        try:
            self.brief = self._journal.briefs.brief(self.contact_uuid)
        except NotFoundError:
            self.brief = None
            self.html = ""
            self.browser.setPlainText("This contact is no longer in your journal.")
            self.print_action.setEnabled(False)
            self.pdf_action.setEnabled(False)
            return
        self.html = render_html(self.brief)
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(self.html)
        self.browser.verticalScrollBar().setValue(scroll)
        self.setWindowTitle(f"Brief: {self.brief.person.name} — NetJournal")

    def _on_change(self, change: Change) -> None:
        # A brief touches nearly every kind of record; a hidden window catches up when shown.
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.reload()
        super().showEvent(event)

    # -- output -------------------------------------------------------------------------------
    def default_pdf_name(self) -> str:
        name = self.brief.person.name if self.brief else "contact"
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in name).strip() or "contact"
        return f"Brief - {safe}.pdf"

    def save_pdf(self, path: Path) -> None:
        """Write the brief to ``path`` as PDF (errors are shown, not raised)."""
        if self.brief is None:
            return
        try:
            write_pdf(self.html, path, f"Brief: {self.brief.person.name}")
        except NetJournalError as error:
            messages.show_error(self, error, doing="save the PDF")
            return
        self.statusBar().showMessage(f"Saved {path.name} (not encrypted)", 5000)
        self.pdfSaved.emit(str(path))

    def ask_and_save_pdf(self) -> None:
        """Warn that the PDF is not encrypted, ask where, and save."""
        if self.brief is None:
            return
        if not messages.confirm(self, "Save as PDF", PDF_WARNING, "Choose where…", destructive=False):
            return
        start = str(Path.home() / self.default_pdf_name())
        chosen, _filter = QFileDialog.getSaveFileName(self, "Save brief as PDF", start, "PDF files (*.pdf)")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.save_pdf(path)

    def print_brief(self) -> None:
        """The platform's print dialog, then print (printers offer "print to file" too)."""
        if self.brief is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"Brief: {self.brief.person.name}")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print brief")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            brief_document(self.html).print_(printer)


class BriefWindows(QObject):
    """One brief window per contact: asking again raises the open one.

    Signals:
        opened(str): a brief window is showing this contact (for tests and timing).
    """

    opened = Signal(str)

    def __init__(self, journal: Journal, changes: ChangeSignal, parent: QWidget) -> None:
        super().__init__(parent)
        self._journal = journal
        self._changes = changes
        self._parent = parent
        self.windows: dict[str, BriefWindow] = {}

    def show(self, contact_uuid: str) -> BriefWindow:
        window = self.windows.get(contact_uuid)
        if window is None:
            window = BriefWindow(self._journal, self._changes, contact_uuid, self._parent)
            self.windows[contact_uuid] = window
            window.destroyed.connect(lambda _o=None, uuid=contact_uuid: self.windows.pop(uuid, None))
        window.show()
        window.raise_()
        window.activateWindow()
        self.opened.emit(contact_uuid)
        return window

    def close_all(self) -> None:
        for window in list(self.windows.values()):
            window.close()
