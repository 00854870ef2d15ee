"""Small painting helpers shared by the item delegates (avatars, badges, marked text)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from netjournal.services.records import HIT_END, HIT_START
from netjournal.ui import theme
from netjournal.ui.formatting import initials


@dataclass(frozen=True, slots=True)
class ItemLook:
    """What a delegate needs to paint one row over its (already drawn) background."""

    palette: QPalette
    rect: QRect
    font: QFont
    selected: bool
    text: QColor  # the main text colour (highlighted text when selected)
    muted: QColor  # secondary text; the main colour when selected, for contrast


def draw_item_panel(
    delegate: QStyledItemDelegate,
    painter: QPainter,
    option: QStyleOptionViewItem,
    index: QModelIndex | QPersistentModelIndex,
) -> ItemLook:
    """Draw the row's background the style's way (hover, selection, focus) and return its look."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    opt.text = ""
    widget = opt.widget
    if widget is not None:
        widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
    # Copies: the option (and what its attributes point into) dies when this function returns.
    palette, rect, font = QPalette(opt.palette), QRect(opt.rect), QFont(opt.font)
    selected = bool(opt.state & QStyle.StateFlag.State_Selected)
    text = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
    return ItemLook(palette, rect, font, selected, text, text if selected else theme.secondary_text(palette))


def draw_avatar(painter: QPainter, rect: QRect, name: str, key: str, palette: QPalette) -> None:
    """A filled circle with the person's initials (colour from their UUID)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = theme.person_colour(key, palette)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(QRectF(rect))
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(8, int(rect.height() * 0.38)))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff") if colour.lightnessF() < 0.62 else QColor("#1b1f23"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.restore()


def draw_pill(painter: QPainter, rect: QRect, text: str, colour: QColor, *, filled: bool, font: QFont) -> int:
    """A rounded badge right-aligned in ``rect``; returns its width."""
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance(text) + 14
    height = metrics.height() + 4
    box = QRectF(rect.right() - width, rect.center().y() - height / 2 + 1, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    if filled:
        painter.setPen(Qt.PenStyle.NoPen)
        fill = QColor(colour)
        fill.setAlphaF(0.16)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, height / 2, height / 2)
    painter.setPen(colour)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
    return width


def focus_on_first_match(runs: list[tuple[str, bool]], fits: int) -> list[tuple[str, bool]]:
    """Drop leading words so the first matched run starts within the first ``fits`` characters."""
    if not runs or runs[0][1]:
        return runs
    lead, rest = runs[0][0], runs[1:]
    if not any(matched for _, matched in rest) or len(lead) <= fits:
        return runs
    words = lead.split(" ")
    kept: list[str] = []
    for word in reversed(words):
        if len(" ".join([word, *kept])) > fits:
            break
        kept.insert(0, word)
    return [("…" + " ".join(kept), False), *rest]


def marked_runs(text: str) -> list[tuple[str, bool]]:
    """Split a search snippet into (text, matched) runs at the HIT_START/HIT_END markers."""
    runs: list[tuple[str, bool]] = []
    matched = False
    current: list[str] = []
    for char in " ".join(text.split()):
        if char in (HIT_START, HIT_END):
            if current:
                runs.append(("".join(current), matched))
                current = []
            matched = char == HIT_START
        else:
            current.append(char)
    if current:
        runs.append(("".join(current), matched))
    return runs


def draw_marked_text(
    painter: QPainter,
    rect: QRect,
    text: str,
    *,
    font: QFont,
    colour: QColor,
    highlight: QColor,
) -> None:
    """Draw one line of snippet text, matched words bold on a highlight, elided at the end."""
    bold = QFont(font)
    bold.setBold(True)
    plain_metrics, bold_metrics = QFontMetrics(font), QFontMetrics(bold)
    x = float(rect.left())
    right = float(rect.right())
    baseline = rect.top() + (rect.height() + plain_metrics.ascent() - plain_metrics.descent()) / 2
    ellipsis = "…"
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    average = max(1, plain_metrics.averageCharWidth())
    runs = focus_on_first_match(marked_runs(text), int((right - x) / average * 0.35))
    for text_run, matched in runs:
        run = text_run
        metrics = bold_metrics if matched else plain_metrics
        width = metrics.horizontalAdvance(run)
        clipped = False
        if x + width > right:
            run = metrics.elidedText(run, Qt.TextElideMode.ElideRight, max(0, int(right - x)))
            width = metrics.horizontalAdvance(run)
            clipped = True
            if not run:
                break
        if matched:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight)
            painter.drawRoundedRect(QRectF(x - 1, rect.top() + 1, width + 2, rect.height() - 2), 3, 3)
        painter.setFont(bold if matched else font)
        painter.setPen(colour)
        painter.drawText(QPointF(x, baseline), run)
        x += width
        if clipped or (run.endswith(ellipsis) and x >= right):
            break
    painter.restore()


def plain_snippet(text: str) -> str:
    """A snippet without its markers (for tooltips and accessibility)."""
    return " ".join(text.replace(HIT_START, "").replace(HIT_END, "").split())
