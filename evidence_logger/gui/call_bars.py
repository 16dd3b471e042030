"""Collection calls per day per creditor as labelled bars, the daily limit drawn across them.

One group of bars a day (one bar a creditor, each creditor its colour, named in the legend),
the count written on each bar, bars above the limit drawn full and the others pale. Wider than
its box when there are many days (it sits in a scroll area)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from evidence_logger.i18n import tr

COLOURS = ("#1565c0", "#6a1b9a", "#00838f", "#ad1457", "#2e7d32", "#5d4037", "#455a64")
LIMIT_COLOUR = "#c62828"
BAR, MAX_BAR, GAP, LEFT, TOP, BOTTOM, HEIGHT = 14, 36, 10, 34, 22, 26, 160


class CallBars(QWidget):
    """Shows ``per_creditor`` ({creditor: {day: calls}}) with ``limit`` calls a day marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: dict[str, dict[date, int]] = {}
        self._days: list[date] = []
        self._limit: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(self, per_creditor: dict[str, dict[str, int]], limit: int | None) -> None:
        self._data = {name: {date.fromisoformat(d): n for d, n in days.items()}
                      for name, days in sorted(per_creditor.items(),
                                               key=lambda kv: -sum(kv[1].values()))}
        every = sorted({d for days in self._data.values() for d in days})
        self._days = [every[0] + timedelta(days=n) for n in
                      range((every[-1] - every[0]).days + 1)] if every else []
        self._limit = limit
        over = sum(1 for days in self._data.values() for n in days.values()
                   if limit is not None and n > limit)
        self.setAccessibleDescription(tr(
            "{days} days, {creditors} creditor(s); {over} time(s) a creditor called more than "
            "the daily limit", days=len(self._days), creditors=len(self._data), over=over))
        self.setMinimumWidth(self.sizeHint().width())  # many days: the scroll area scrolls
        self.updateGeometry()
        self.update()

    def creditors(self) -> list[str]:
        return list(self._data)

    def colour(self, creditor: str) -> QColor:
        return QColor(COLOURS[self.creditors().index(creditor) % len(COLOURS)])

    def _bar(self) -> int:
        """A bar's width: wider when few days fill the width, never under BAR."""
        days, creditors = max(len(self._days), 1), max(len(self._data), 1)
        room = (self.width() - LEFT - 20) // days - GAP
        return max(BAR, min(MAX_BAR, room // creditors))

    def _group(self) -> int:
        return max(len(self._data), 1) * self._bar() + GAP

    def sizeHint(self) -> QSize:
        width = max(len(self._data), 1) * BAR + GAP
        return QSize(LEFT + len(self._days) * width + 20, HEIGHT)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette_text = self.palette().windowText().color()
        if not self._days:
            painter.setPen(palette_text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             tr("No collection calls from marked collectors yet."))
            return
        top = max([n for days in self._data.values() for n in days.values()]
                  + [(self._limit or 0) + 1])
        plot = self.height() - TOP - BOTTOM

        def y_of(value: float) -> float:
            return TOP + plot * (1 - value / top)

        painter.setPen(QColor("#bdbdbd"))
        painter.drawLine(LEFT, int(y_of(0)), self.width(), int(y_of(0)))
        painter.setPen(palette_text)
        painter.drawText(QRectF(0, y_of(top) - 8, LEFT - 4, 16), Qt.AlignmentFlag.AlignRight
                         | Qt.AlignmentFlag.AlignVCenter, str(top))
        painter.drawText(QRectF(0, y_of(0) - 8, LEFT - 4, 16), Qt.AlignmentFlag.AlignRight
                         | Qt.AlignmentFlag.AlignVCenter, "0")
        bar = self._bar()
        step = max(1, 48 // self._group() + 1)  # a day's label every few groups
        for index, day in enumerate(self._days):
            x0 = LEFT + index * self._group()
            for column, (creditor, days) in enumerate(self._data.items()):
                count = days.get(day, 0)
                if not count:
                    continue
                colour = self.colour(creditor)
                if self._limit is not None and count <= self._limit:
                    colour.setAlpha(110)
                rect = QRectF(x0 + column * bar + 1, y_of(count), bar - 2, y_of(0) - y_of(count))
                painter.fillRect(rect, colour)
                painter.setPen(palette_text)
                painter.drawText(QRectF(rect.x() - 6, rect.y() - 15, bar + 12, 14),
                                 Qt.AlignmentFlag.AlignCenter, str(count))
            if index % step == 0:
                painter.setPen(palette_text)
                painter.drawText(QRectF(x0 - 8, y_of(0) + 4, max(self._group(), 44), 16),
                                 Qt.AlignmentFlag.AlignLeft, day.strftime("%m-%d"))
        if self._limit is not None:
            y = y_of(self._limit)
            pen = QPen(QColor(LIMIT_COLOUR), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(LEFT, int(y), self.width(), int(y))
            painter.drawText(QRectF(0, y - 8, LEFT - 4, 16), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, str(self._limit))
