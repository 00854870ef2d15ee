"""Small, readable charts painted with QPainter in palette colours (light and dark alike).

Two shapes cover every chart in the app: :class:`BarChart` (labelled horizontal bars, one or
two series side by side, for shares and rankings) and :class:`ColumnChart` (a time series of
columns, for weeks and months). They paint what they are given and know nothing of services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from netjournal.ui import theme


@dataclass(frozen=True, slots=True)
class Bar:
    """One labelled row: one value per series, and an optional note shown after the bars."""

    label: str
    values: tuple[float, ...]
    note: str = ""


def series_colours(palette: QPalette, count: int) -> list[QColor]:
    """Distinct colours for ``count`` series: the accent first, then the warm accent, then a muted one."""
    base = [theme.accent(palette), theme.warm_accent(palette), theme.secondary_text(palette)]
    return [base[i % len(base)] for i in range(count)]


def _axis_colour(palette: QPalette) -> QColor:
    return theme.blend(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.2)


class _Chart(QWidget):
    """Shared painting: a legend line and the empty text. Signals: none."""

    def __init__(self, series: Sequence[str], parent: QWidget | None = None, *, empty_text: str = "") -> None:
        super().__init__(parent)
        self._series = tuple(series)
        self._empty_text = empty_text or "Nothing to show yet."
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setBackgroundRole(QPalette.ColorRole.Base)

    def _legend(self, painter: QPainter, top: float) -> float:
        """Paint the legend (only for two or more series); returns the height used."""
        if len(self._series) < 2:
            return 0.0
        metrics = QFontMetrics(self.font())
        x = 0.0
        for name, colour in zip(self._series, series_colours(self.palette(), len(self._series)), strict=True):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(x, top + 3, 10, 10), 2, 2)
            painter.setPen(theme.secondary_text(self.palette()))
            painter.drawText(QRectF(x + 14, top, 400, metrics.height()), Qt.AlignmentFlag.AlignVCenter, name)
            x += 14 + metrics.horizontalAdvance(name) + 18
        return metrics.height() + 6

    def _paint_empty(self, painter: QPainter) -> None:
        painter.setPen(theme.secondary_text(self.palette()))
        painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self._empty_text)


class BarChart(_Chart):
    """Horizontal bars, one row per :class:`Bar`, the series of a row side by side.

    Signals: none.
    """

    def __init__(
        self,
        series: Sequence[str],
        parent: QWidget | None = None,
        *,
        empty_text: str = "",
    ) -> None:
        super().__init__(series, parent, empty_text=empty_text)
        self._bars: tuple[Bar, ...] = ()

    @property
    def bars(self) -> tuple[Bar, ...]:
        return self._bars

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = tuple(bars)
        self.setAccessibleDescription(
            "; ".join(
                f"{b.label}: "
                + ", ".join(
                    f"{name} {self._value_text(v)}" for name, v in zip(self._series, b.values, strict=False)
                )
                for b in self._bars
            )
        )
        self.updateGeometry()
        self.update()

    def _value_text(self, value: float) -> str:
        return f"{value:g}"

    def _row_text(self, bar: Bar) -> str:
        text = " / ".join(self._value_text(v) for v in bar.values)
        return f"{text}  {bar.note}" if bar.note else text

    def _row_height(self) -> int:
        metrics = QFontMetrics(self.font())
        return max(metrics.height() + 4, 10 * len(self._series) + 6)

    def sizeHint(self) -> QSize:
        legend = QFontMetrics(self.font()).height() + 6 if len(self._series) > 1 else 0
        rows = max(1, len(self._bars))
        return QSize(360, legend + rows * (self._row_height() + 6) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self._bars or not any(v for b in self._bars for v in b.values):
            self._paint_empty(painter)
            painter.end()
            return
        palette = self.palette()
        metrics = QFontMetrics(self.font())
        top = self._legend(painter, 0)
        label_width = min(
            max(metrics.horizontalAdvance(b.label) for b in self._bars) + 16, int(self.width() * 0.38)
        )
        value_width = max(metrics.horizontalAdvance(self._row_text(b)) for b in self._bars)
        value_width = min(value_width + 10, int(self.width() * 0.45))
        plot_left = label_width
        plot_width = max(20.0, self.width() - plot_left - value_width)
        biggest = max(v for b in self._bars for v in b.values) or 1.0
        colours = series_colours(palette, len(self._series))
        row = self._row_height()
        bar_height = max(6.0, (row - 4) / max(1, len(self._series)))
        for index, bar in enumerate(self._bars):
            y = top + index * (row + 6)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(
                QRectF(0, y, label_width - 10, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                label,
            )
            painter.setPen(_axis_colour(palette))
            painter.drawLine(int(plot_left), int(y), int(plot_left), int(y + row))
            end = float(plot_left)
            for s, value in enumerate(bar.values):
                width = plot_width * (value / biggest) if biggest else 0.0
                rect = QRectF(
                    plot_left + 1, y + 2 + s * bar_height, max(width, 1.5 if value else 0), bar_height - 2
                )
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colours[s])
                painter.drawRoundedRect(rect, 2, 2)
                end = max(end, rect.right())
            text = self._row_text(bar)
            painter.setPen(theme.secondary_text(palette))
            painter.drawText(
                QRectF(end + 6, y, self.width() - end - 6, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(self.width() - end - 6)),
            )
        painter.end()


class ColumnChart(_Chart):
    """A time series as columns (oldest left), with a few labels along the bottom.

    ``labels`` name each column; every ``label_every``-th is written under the axis.
    Signals: none.
    """

    def __init__(
        self,
        series: Sequence[str],
        parent: QWidget | None = None,
        *,
        empty_text: str = "",
        height: int = 150,
        label_every: int = 1,
        stacked: bool = True,
    ) -> None:
        super().__init__(series, parent, empty_text=empty_text)
        self._stacked = stacked
        self._labels: tuple[str, ...] = ()
        self._values: tuple[tuple[float, ...], ...] = ()
        self._height = height
        self._label_every = max(1, label_every)
        self._target: float | None = None

    @property
    def values(self) -> tuple[tuple[float, ...], ...]:
        return self._values

    def set_columns(
        self, labels: Sequence[str], values: Sequence[Sequence[float]], *, target: float | None = None
    ) -> None:
        """One label and one value per series for each column; ``target`` draws a dashed line."""
        self._labels = tuple(labels)
        self._values = tuple(tuple(v) for v in values)
        self._target = target
        total = sum(sum(v) for v in self._values)
        self.setAccessibleDescription(f"{len(self._values)} columns, {total:g} in all")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, self._height)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self._values or not any(v for col in self._values for v in col):
            self._paint_empty(painter)
            painter.end()
            return
        palette = self.palette()
        metrics = QFontMetrics(self.font())
        # The scale's labels sit centred on the top and bottom lines: half a line of text is
        # kept free above the top one, and the widest label sets the margin on the left.
        top = self._legend(painter, 0) + metrics.height() / 2 + 2
        tallest = max((sum(col) if self._stacked else max(col, default=0)) for col in self._values)
        biggest = max(tallest, self._target or 0) or 1.0
        scale = (f"{biggest:g}", "0")
        scale_width = max(metrics.horizontalAdvance(text) for text in scale) + 8
        left = float(scale_width)
        bottom = float(self.height() - metrics.height() - 6)
        plot_height = max(10.0, bottom - top)
        width = max(10.0, self.width() - left - 4)
        step = width / len(self._values)
        gap = min(3.0, step * 0.25)
        colours = series_colours(palette, len(self._series))
        axis = _axis_colour(palette)
        painter.setPen(axis)
        painter.drawLine(int(left), int(bottom), int(left + width), int(bottom))
        painter.setPen(theme.secondary_text(palette))
        for text, line in zip(scale, (top, bottom), strict=True):
            painter.drawText(
                QRectF(0, line - metrics.height() / 2, scale_width - 4, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        for index, column in enumerate(self._values):
            x = left + index * step + gap / 2
            y: float = bottom
            share = (step - gap) / (1 if self._stacked else max(1, len(column)))
            for s, value in enumerate(column):
                h = plot_height * value / biggest
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colours[s % len(colours)])
                if self._stacked:
                    painter.drawRect(QRectF(x, y - h, max(1.0, share), h))
                    y -= h
                else:
                    painter.drawRect(QRectF(x + s * share, bottom - h, max(1.0, share - 1), h))
            if index % self._label_every == 0 and index < len(self._labels):
                # Centred under its column, but never cut off by either edge.
                label = self._labels[index]
                label_width = metrics.horizontalAdvance(label) + 2
                centre = x + (step - gap) / 2
                label_left = max(0.0, min(centre - label_width / 2, self.width() - label_width))
                painter.setPen(theme.secondary_text(palette))
                painter.drawText(
                    QRectF(label_left, bottom + 2, label_width, metrics.height() + 2),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    label,
                )
        if self._target:
            pen_colour = theme.warm_accent(palette)
            target_y = bottom - plot_height * self._target / biggest
            painter.setPen(Qt.PenStyle.DashLine)
            pen = painter.pen()
            pen.setColor(pen_colour)
            painter.setPen(pen)
            painter.drawLine(int(left), int(target_y), int(left + width), int(target_y))
        painter.end()
