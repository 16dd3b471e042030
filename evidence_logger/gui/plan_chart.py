"""The repayment plan's chart: each debt's balance month by month, one line per debt in the
colours of the plan PDF, drawn with QPainter."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from evidence_logger.i18n import tr
from evidence_logger.way_out.plan import Plan

PALETTE = ("#2f6690", "#d1495b", "#66a182", "#edae49", "#7b5ea7", "#3a7d7c")


class PlanChart(QWidget):
    """Balances over the months of the plan; empty until a plan has lines."""

    def __init__(self) -> None:
        super().__init__()
        self._plan: Plan | None = None
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_plan(self, plan: Plan | None) -> None:
        self._plan = plan
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lines = [line for line in (self._plan.lines if self._plan else []) if line.balances]
        if not lines:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             tr("Enter your income and expenses to see the plan."))
            return
        area = QRectF(self.rect()).adjusted(50, 10, -160, -30)
        top = float(max(line.outstanding for line in lines)) or 1.0
        months = max(len(line.balances) for line in lines) or 1
        painter.setPen(QPen(QColor("#9aa5b1")))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        painter.drawText(QRectF(0, area.top() - 6, 46, 14), Qt.AlignmentFlag.AlignRight,
                         f"{top:,.0f}")
        painter.drawText(QRectF(area.left(), area.bottom() + 4, area.width(), 16),
                         Qt.AlignmentFlag.AlignCenter,
                         tr("{months} months; the balance still owed", months=months))
        for i, line in enumerate(lines):
            colour = QColor(PALETTE[i % len(PALETTE)])
            painter.setPen(QPen(colour, 2))
            values = [float(line.outstanding)] + [max(float(b), 0.0) for b in line.balances]
            points = [QPointF(area.left() + area.width() * m / months,
                              area.bottom() - area.height() * v / top)
                      for m, v in enumerate(values)]
            for a, b in itertools.pairwise(points):
                painter.drawLine(a, b)
            y = area.top() + 18 * i
            painter.fillRect(QRectF(area.right() + 12, y, 10, 10), colour)
            painter.setPen(QPen(QColor("#222222")))
            painter.drawText(QRectF(area.right() + 26, y - 3, 130, 16),
                             Qt.AlignmentFlag.AlignLeft, line.platform)
        painter.end()
