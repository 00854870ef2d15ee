"""Small widgets shared by the views: empty states, in-place editors, section panels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QEnterEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShortcut,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from netjournal.ui import theme
from netjournal.ui.icons import app_pixmap


class EmptyState(QWidget):
    """What to do next, where a view would otherwise be blank: a title, a line, and actions.

    Signals: none (the buttons trigger the callbacks given to :meth:`add_action`).
    """

    def __init__(self, title: str, text: str, parent: QWidget | None = None, *, icon: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(2)
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._icon.setVisible(icon)
        layout.addWidget(self._icon)
        self.title = QLabel(title, self)
        self.title.setObjectName("emptyStateTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.title.setFont(theme.scaled_font(self.font(), 1.25, bold=True))
        layout.addWidget(self.title)
        self.text = QLabel(text, self)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.text)
        self._buttons = QVBoxLayout()
        self._buttons.setSpacing(8)
        self._buttons.setContentsMargins(0, 12, 0, 0)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(self._buttons)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(3)
        self.setAccessibleName(title)

    def showEvent(self, event) -> None:
        if not self._icon.isHidden():
            self._icon.setPixmap(app_pixmap(56, self.devicePixelRatioF()))
        super().showEvent(event)

    def set_text(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.setAccessibleName(title)

    def add_action(self, label: str, callback: Callable[[], object], *, default: bool = False) -> QPushButton:
        button = QPushButton(label, self)
        button.setDefault(default)
        button.setAutoDefault(default)
        button.setMinimumWidth(220)
        button.clicked.connect(lambda _checked=False: callback())
        self._buttons.addWidget(button)
        return button


def show_text(edit: QLineEdit, text: str, *, reset: bool = False) -> None:
    """Show a stored value in ``edit`` without getting in the user's way.

    ``reset`` (another record): replace the text and its undo history. Otherwise an edit that
    already shows ``text`` is left untouched, and a changed value replaces the text as one
    undoable step that keeps the cursor where it was. A field without focus shows the
    beginning of a value longer than itself.
    """
    if reset:
        edit.setText(text)
    elif edit.text() != text:
        position = edit.cursorPosition()
        edit.selectAll()
        edit.insert(text)
        edit.setCursorPosition(min(position, edit.cursorPosition()))  # the end, in Qt's units
    if not edit.hasFocus():
        edit.setCursorPosition(0)  # a value longer than the field shows its beginning


class InPlaceLineEdit(QLineEdit):
    """A line edit that reads like text until hovered or focused (editing in place).

    Signals: committed() — the user finished editing (Enter or focus out).
    """

    committed = Signal()

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.editingFinished.connect(self.committed)
        self.textChanged.connect(lambda _text: self.updateGeometry())
        self._raised = False
        self._show_as_text()

    def sizeHint(self) -> QSize:
        """As wide as its text (or placeholder), so a row of them reads like a sentence."""
        hint = super().sizeHint()
        text = self.text() or self.placeholderText()
        width = self.fontMetrics().horizontalAdvance(text) + 20
        return QSize(max(60, min(width, 480)), hint.height())

    def minimumSizeHint(self) -> QSize:
        # Never wider because of its text: a long name or organisation scrolls inside the field
        # rather than push the card wider than its pane.
        return QSize(min(self.sizeHint().width(), 40), super().minimumSizeHint().height())

    def _show_as_text(self) -> None:
        """No frame, and the background of whatever it sits on."""
        self._raised = False
        self.setFrame(False)
        parent = self.parentWidget()
        if parent is not None:
            palette = QPalette(parent.palette())
            palette.setColor(QPalette.ColorRole.Base, parent.palette().color(parent.backgroundRole()))
            self.setPalette(palette)

    def _show_as_field(self) -> None:
        self._raised = True
        self.setFrame(True)
        parent = self.parentWidget()
        if parent is not None:
            self.setPalette(parent.palette())

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._show_as_field()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._show_as_text()
        super().focusOutEvent(event)

    def enterEvent(self, event: QEnterEvent) -> None:
        self._show_as_field()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if not self.hasFocus():
            self._show_as_text()
        super().leaveEvent(event)

    def refresh_palette(self) -> None:
        """Follow the parent's palette again (after a light/dark switch)."""
        if self._raised:
            self._show_as_field()
        else:
            self._show_as_text()


class GrowingTextEdit(QTextEdit):
    """Plain multi-line text that grows with its content (no inner scroll bar up to a limit).

    Signals: committed() — focus left the editor or the user paused typing for a moment.
    """

    committed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, placeholder: str = "", min_lines: int = 2, max_lines: int = 30
    ) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.setAutoFillBackground(False)
        self._min_lines = min_lines
        self._max_lines = max_lines
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(1500)
        self._idle.timeout.connect(self.committed)
        self.document().contentsChanged.connect(self._fit)
        self.textChanged.connect(self._typed)
        self._loading = False

    def set_plain(self, text: str, *, reset: bool = False) -> None:
        """Show a stored value without it counting as an edit (see :func:`show_text`).

        ``reset`` replaces the text and the undo history (another record). Otherwise equal text
        is left alone, and a changed value is one undoable step that keeps the cursor in place.
        """
        if not reset and self.toPlainText() == text:
            return
        self._loading = True
        try:
            if reset:
                self.setPlainText(text)
            else:
                position = self.textCursor().position()
                cursor = QTextCursor(self.document())
                cursor.beginEditBlock()
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.insertText(text)
                cursor.endEditBlock()
                end = cursor.position()
                cursor = self.textCursor()
                cursor.setPosition(min(position, end))
                self.setTextCursor(cursor)
        finally:
            self._loading = False
        if reset:
            self._idle.stop()

    def _typed(self) -> None:
        if not self._loading and self.hasFocus():
            self._idle.start()

    def _fit(self) -> None:
        line = self.fontMetrics().lineSpacing()
        doc = self.document()
        doc.setTextWidth(max(10, self.viewport().width()))
        margins = self.contentsMargins()
        content = doc.size().height()
        lo = self._min_lines * line + doc.documentMargin() * 2
        hi = self._max_lines * line + doc.documentMargin() * 2
        height = int(min(max(content, lo), hi) + margins.top() + margins.bottom() + 2)
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._idle.stop()
        self.committed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape leaves the editor (and so saves), like in other in-place editors.
        if event.key() == Qt.Key.Key_Escape:
            self.clearFocus()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(200, self.height())


class GuardedDialog(QDialog):
    """A dialog that asks before typed text is thrown away, and saves with Ctrl+Enter.

    Esc, Cancel and the window's close button (QDialog.closeEvent) all end in :meth:`reject`; while
    :meth:`has_unsaved_text` is true it first asks "Discard / Keep editing" (as the quick entry
    does). ``discard_box`` is that question while it is open.

    Signals: none beyond QDialog's.
    """

    discard_title = "Discard what you typed?"
    discard_text = "Close this window and lose what you typed?"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.discard_box: QMessageBox | None = None
        self._discarding = False

    def has_unsaved_text(self) -> bool:
        """True when closing now would lose something the user typed (subclasses say what)."""
        return False

    def add_save_shortcut(self, button: QAbstractButton) -> None:
        """Ctrl+Enter (main or keypad Enter) presses ``button`` when it is enabled."""
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, lambda: button.click() if button.isEnabled() else None)

    def reject(self) -> None:
        if self._discarding or not self.has_unsaved_text():
            super().reject()
            return
        if self.discard_box is not None:
            return
        focused = self.focusWidget()

        def discard() -> None:
            self._discarding = True
            try:
                QDialog.reject(self)
            finally:
                self._discarding = False

        def keep() -> None:
            if focused is not None:
                focused.setFocus()

        self.discard_box = ask_to_discard(
            self,
            self.discard_title,
            self.discard_text,
            object_name="discardTypedText",
            on_discard=discard,
            on_keep=keep,
        )
        self.discard_box.finished.connect(lambda _r: setattr(self, "discard_box", None))


def ask_to_discard(
    parent: QWidget,
    title: str,
    text: str,
    *,
    object_name: str,
    on_discard: Callable[[], None],
    on_keep: Callable[[], None],
) -> QMessageBox:
    """Open (window-modal, not blocking) "Discard / Keep editing"; Keep is the default and Esc.

    Calls ``on_discard`` or ``on_keep`` with the answer; the box deletes itself when closed.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.setObjectName(object_name)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _r: on_discard() if box.clickedButton() is discard else on_keep())
    box.open()
    return box


class SectionPanel(QFrame):
    """A rounded, tinted panel with a heading and a hint: how the card gives weight to a topic.

    Signals: none.
    """

    def __init__(
        self,
        title: str,
        hint: str,
        parent: QWidget | None = None,
        *,
        warm: bool = False,
        strength: float = 0.09,
    ) -> None:
        super().__init__(parent)
        self._warm = warm
        self._strength = strength
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 12, 10)
        layout.setSpacing(2)
        self.heading = QLabel(title, self)
        self.heading.setFont(theme.scaled_font(self.font(), 1.12, bold=True))
        layout.addWidget(self.heading)
        self.hint = QLabel(hint, self)
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint.setFont(theme.scaled_font(self.font(), 0.92))
        layout.addWidget(self.hint)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(self.body)
        self._recolour()

    def _recolour(self) -> None:
        colour = theme.warm_accent(self.palette()) if self._warm else theme.accent_text(self.palette())
        theme.set_text_colour(self.heading, colour)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._recolour()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        edge = theme.warm_accent(palette) if self._warm else theme.accent(palette)
        base = palette.color(QPalette.ColorRole.Base)
        painter.setPen(theme.blend(base, edge, 0.35))
        painter.setBrush(theme.blend(base, edge, self._strength))
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, 8, 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(edge)
        painter.drawRoundedRect(QRectF(rect.left(), rect.top() + 8, 4, rect.height() - 16), 2, 2)
        painter.end()


def show_inline_error(label: QLabel, text: str) -> None:
    """Show ``text`` in a dialog's error line, in the theme's error red."""
    label.setText(text)
    theme.set_text_colour(label, theme.overdue_colour(label.palette()))
    label.show()
