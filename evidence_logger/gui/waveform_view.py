"""A recording's waveform, drawn from the core's peaks (:mod:`evidence_logger.waveform`), with
the play position marked; clicking or dragging on it asks to seek.

Signals: ``seek_requested(float)`` (a fraction 0..1 of the recording).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from evidence_logger.waveform import Peaks


class WaveformView(QWidget):
    """Paints min/max bars of :class:`Peaks`, scaled to the loudest, and a position line."""

    seek_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._peaks: Peaks | None = None
        self._scale = 1.0
        self._position = 0.0
        self._message = ""
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(400, 150)

    @property
    def peaks(self) -> Peaks | None:
        return self._peaks

    def set_peaks(self, peaks: Peaks | None) -> None:
        self._peaks = peaks
        loudest = max((max(-low, high) for low, high in peaks.pairs), default=0.0) if peaks \
            else 0.0
        self._scale = 0.9 / loudest if loudest > 0.001 else 1.0
        self._message = ""
        self.update()

    def set_message(self, text: str) -> None:
        """A sentence shown instead of the waveform (decoding, or why there is none)."""
        self._peaks = None
        self._message = text
        self.update()

    def set_position(self, fraction: float) -> None:
        self._position = min(max(fraction, 0.0), 1.0)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        rect = QRectF(self.rect())
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        if self._peaks is None or not self._peaks.pairs:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignCenter
                             | Qt.TextFlag.TextWordWrap, self._message)
            return
        pairs = self._peaks.pairs
        middle = rect.height() / 2
        half = middle - 4
        width = rect.width()
        played_x = self._position * width
        colour = palette.color(QPalette.ColorRole.Highlight)
        dim = QColor(colour)
        dim.setAlpha(110)
        columns = max(int(width), 1)
        for x in range(columns):
            first = x * len(pairs) // columns
            last = max((x + 1) * len(pairs) // columns, first + 1)
            low = min(p[0] for p in pairs[first:last]) * self._scale
            high = max(p[1] for p in pairs[first:last]) * self._scale
            painter.setPen(QPen(colour if x <= played_x else dim, 1))
            painter.drawLine(QPointF(x + 0.5, middle - high * half),
                             QPointF(x + 0.5, middle - low * half))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 1))
        painter.drawLine(QPointF(played_x, 0), QPointF(played_x, rect.height()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._seek(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._seek(event)

    def _seek(self, event: QMouseEvent) -> None:
        if self._peaks is not None and self.width() > 0:
            self.seek_requested.emit(min(max(event.position().x() / self.width(), 0.0), 1.0))
