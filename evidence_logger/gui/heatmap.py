"""A calendar heat map: one square per day, darker with more collection calls, outlined in red
on days over the limit. Weeks run left to right, Monday at the top."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from evidence_logger.i18n import tr

CELL, GAP, TOP, LEFT = 18, 4, 18, 30


class CallHeatMap(QWidget):
    """Shows ``counts`` (day → calls); ``over`` are the days with a daily-limit finding."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[date, int] = {}
        self._over: set[date] = set()
        self._first = self._last = date.today()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_data(self, counts: dict[str, int], over: set[str]) -> None:
        self._counts = {date.fromisoformat(d): n for d, n in counts.items()}
        self._over = {date.fromisoformat(d) for d in over}
        days = sorted(self._counts) or [date.today()]
        self._first = days[0] - timedelta(days=days[0].weekday())  # a Monday
        self._last = days[-1]
        self.setAccessibleDescription(tr("{days} days with collection calls, {over} over the "
                                         "daily limit", days=len(self._counts),
                                         over=len(self._over)))
        self.updateGeometry()
        self.update()

    def _weeks(self) -> int:
        return (self._last - self._first).days // 7 + 1

    def sizeHint(self) -> QSize:
        return QSize(max(LEFT + self._weeks() * (CELL + GAP) + 8, LEFT + 80),
                     TOP + 7 * (CELL + GAP) + 4)

    def _cell(self, day: date) -> QRect:
        offset = (day - self._first).days
        return QRect(LEFT + (offset // 7) * (CELL + GAP), TOP + (offset % 7) * (CELL + GAP),
                     CELL, CELL)

    def _day_at(self, point: QPoint) -> date | None:
        column = (point.x() - LEFT) // (CELL + GAP)
        row = (point.y() - TOP) // (CELL + GAP)
        if point.x() < LEFT or point.y() < TOP or not 0 <= row < 7:
            return None
        day = self._first + timedelta(days=column * 7 + row)
        return day if self._first <= day <= self._last else None

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        empty = palette.color(palette.ColorRole.Mid)
        empty.setAlpha(60)
        most = max(self._counts.values(), default=1)
        painter.setPen(palette.color(palette.ColorRole.WindowText))
        shown_month = None
        day = self._first
        while day <= self._last:
            rect = self._cell(day)
            if day.month != shown_month and day.weekday() == 0:
                painter.drawText(rect.x(), TOP - 4, f"{day.year}-{day.month:02d}"
                                 if shown_month is None or day.month == 1 else f"{day.month:02d}")
                shown_month = day.month
            count = self._counts.get(day, 0)
            color = QColor(empty) if not count else QColor.fromHsv(
                20, 60 + int(195 * count / most), 230 - int(80 * count / most))
            painter.setPen(QPen(QColor("#d00000"), 2) if day in self._over else Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(rect, 2, 2)
            day += timedelta(days=1)
        painter.setPen(palette.color(palette.ColorRole.WindowText))
        for row, label in ((0, tr("Mon")), (3, tr("Thu")), (6, tr("Sun"))):
            painter.drawText(0, TOP + row * (CELL + GAP) + CELL - 2, label)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            day = self._day_at(event.pos())
            if day is None:
                QToolTip.hideText()
            else:
                text = tr("{day}: {count} collection calls", day=day.isoformat(),
                          count=self._counts.get(day, 0))
                if day in self._over:
                    text += "\n" + tr("over the daily limit")
                QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)
