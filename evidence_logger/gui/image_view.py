"""A screenshot or photo with zoom: Ctrl+wheel, Ctrl+= / Ctrl+-, buttons for zooming, fitting
the window and showing it at 100 %; over a screenshot that was read, the outlines of its
recognised lines (lines holding a finding's matched words in red, with the words), one of them
highlighted; clicking a line's outline selects it.

Signals: ``line_clicked(int)`` (a line's number, 1-based).

Images are read with :class:`QImageReader` under an allocation limit and scaled down while
decoding when they are very large, so a huge picture cannot exhaust memory.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImageReader,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QShortcut,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.i18n import tr

log = logging.getLogger(__name__)

ALLOCATION_LIMIT_MB = 512
MAX_SIDE = 8192  # larger images are scaled down while decoding
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.02, 32.0
OUTLINE = QColor(30, 110, 230)
MARKED = QColor(210, 20, 20)
HIGHLIGHT = QColor(255, 200, 0)


class _View(QGraphicsView):
    """A graphics view that zooms on Ctrl+wheel instead of scrolling."""

    def __init__(self, owner: ImageView) -> None:
        super().__init__()
        self.owner = owner

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.owner.zoom_by(ZOOM_STEP ** steps)
            event.accept()
        else:
            super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            number = self.owner.line_at(self.mapToScene(event.position().toPoint()))
            if number is not None:
                self.owner.line_clicked.emit(number)
        super().mousePressEvent(event)


class ImageView(QWidget):
    """Shows one image file; :meth:`load` returns an error sentence or ``""``."""

    line_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outlines: dict[int, QGraphicsRectItem] = {}  # line number -> its outline
        self.words: list[QGraphicsSimpleTextItem] = []  # matched words over marked lines
        self.marked: dict[int, list[str]] = {}
        self.highlighted: int | None = None
        self.outlines_on = True
        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = _View(self)
        self.view.setScene(self.scene)
        self.view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.scale = 1.0
        self.fitting = True
        self.scaled_from: QSize | None = None  # the original size when decoded smaller

        self.zoom_out, self.zoom_in = QToolButton(), QToolButton()
        self.fit_button, self.actual_button = QToolButton(), QToolButton()
        self.zoom_out.setText("−")
        self.zoom_in.setText("+")
        self.zoom_out.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.zoom_in.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit)
        self.actual_button.clicked.connect(lambda: self.set_scale(1.0))
        self.zoom_label = QLabel()
        bar = QHBoxLayout()
        for widget in (self.zoom_out, self.zoom_in, self.fit_button, self.actual_button,
                       self.zoom_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.view, 1)
        for keys, slot in ((("Ctrl+=", "Ctrl++"), lambda: self.zoom_by(ZOOM_STEP)),
                           (("Ctrl+-",), lambda: self.zoom_by(1 / ZOOM_STEP)),
                           (("Ctrl+0",), self.fit)):
            for key in keys:
                QShortcut(QKeySequence(key), self, slot,
                          context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()

    def load(self, path: Path) -> str:
        """Show the image at ``path``; returns ``""`` or a sentence saying why it cannot."""
        QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        self.scaled_from = None
        if size.isValid() and max(size.width(), size.height()) > MAX_SIDE:
            self.scaled_from = size
            reader.setScaledSize(size.scaled(MAX_SIDE, MAX_SIDE,
                                             Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            log.warning("cannot show %s: %s", path, reader.errorString())
            self.clear()
            return tr("This image cannot be shown here. The original is unchanged.")
        self.item.setPixmap(QPixmap.fromImage(image))
        self.scene.setSceneRect(self.item.boundingRect())
        self.fit()
        return ""

    def clear(self) -> None:
        self.item.setPixmap(QPixmap())
        self.scaled_from = None
        self.set_outlines([], 0, {})

    # -- outlines of the recognised lines ---------------------------------------------------

    def set_outlines(self, lines: list[dict[str, Any]], width: int,
                     marked: dict[int, list[str]]) -> None:
        """Outline ``lines`` (``reading_of``'s, boxes in pixels of an image ``width`` wide);
        ``marked``: line number -> matched words, drawn in red with the words."""
        for item in [*self.outlines.values(), *self.words]:
            self.scene.removeItem(item)
        self.outlines, self.words, self.marked = {}, [], dict(marked)
        self.highlighted = None
        shown = self.item.pixmap().width()
        factor = shown / width if width and shown else 1.0
        for line in lines:
            x0, y0, x1, y1 = (v * factor for v in line["box"])
            rect = QGraphicsRectItem(QRectF(x0 - 2, y0 - 2, x1 - x0 + 4, y1 - y0 + 4))
            rect.setData(0, line["line"])
            rect.setToolTip(line["text"])
            rect.setZValue(1)
            self.scene.addItem(rect)
            self.outlines[line["line"]] = rect
            if line["line"] in marked:
                # the words at reading size whatever the zoom, just above the line
                label = QGraphicsSimpleTextItem("、".join(marked[line["line"]]))
                font = QFont(label.font())
                font.setPixelSize(13)
                font.setBold(True)
                label.setFont(font)
                label.setBrush(QBrush(MARKED))
                label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
                label.setPos(x0, y0)
                label.setTransform(QTransform.fromTranslate(0, -label.boundingRect().height()))
                label.setZValue(2)
                self.scene.addItem(label)
                self.words.append(label)
            self._style(line["line"])
        self.show_outlines(self.outlines_on)

    def _style(self, number: int) -> None:
        rect = self.outlines[number]
        color = MARKED if number in self.marked else OUTLINE
        highlighted = number == self.highlighted
        pen = QPen(color, 3 if highlighted or number in self.marked else 1.5)
        pen.setCosmetic(True)
        rect.setPen(pen)
        fill = QColor(HIGHLIGHT if highlighted else color)
        fill.setAlpha(90 if highlighted else (40 if number in self.marked else 0))
        rect.setBrush(QBrush(fill))

    def show_outlines(self, on: bool) -> None:
        """Show or hide the outlines (the highlighted line stays visible)."""
        self.outlines_on = on
        for number, rect in self.outlines.items():
            rect.setVisible(on or number == self.highlighted)
        for label in self.words:
            label.setVisible(on)

    def highlight(self, number: int | None) -> None:
        """Highlight one line's outline (and scroll it into view), or none."""
        before, self.highlighted = self.highlighted, number
        for line in (before, number):
            if line is not None and line in self.outlines:
                self._style(line)
        self.show_outlines(self.outlines_on)
        if number is not None and number in self.outlines:
            self.view.ensureVisible(self.outlines[number], 20, 20)

    def line_at(self, point: Any) -> int | None:
        """The number of the line whose outline holds ``point`` (scene coordinates)."""
        hits = [rect for rect in self.outlines.values()
                if rect.isVisible() and rect.rect().contains(point)]
        if not hits:
            return None
        smallest = min(hits, key=lambda r: r.rect().width() * r.rect().height())
        return int(smallest.data(0))

    # -- zoom ---------------------------------------------------------------------------

    def set_scale(self, scale: float) -> None:
        self.fitting = False
        self._apply(scale)

    def zoom_by(self, factor: float) -> None:
        self.set_scale(self.scale * factor)

    def fit(self) -> None:
        """Fit the whole image into the view (also after resizing, until the user zooms)."""
        self.fitting = True
        rect = self.item.boundingRect()
        if rect.isEmpty():
            return
        viewport = self.view.maximumViewportSize()  # without scroll bars: none are needed
        scale = min((viewport.width() - 4) / rect.width(), (viewport.height() - 4) / rect.height())
        self._apply(scale)

    def _apply(self, scale: float) -> None:
        self.scale = min(max(scale, ZOOM_MIN), ZOOM_MAX)
        self.view.resetTransform()
        self.view.scale(self.scale, self.scale)
        self.zoom_label.setText(f"{round(self.scale * 100)} %")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fitting:
            self.fit()

    def retranslate(self) -> None:
        for button, text, name in (
                (self.zoom_out, None, tr("Zoom out (Ctrl+-)")),
                (self.zoom_in, None, tr("Zoom in (Ctrl+=)")),
                (self.fit_button, tr("Fit"), tr("Fit the image to the window (Ctrl+0)")),
                (self.actual_button, "100 %", tr("Show at actual size"))):
            if text:
                button.setText(text)
            button.setToolTip(name)
            button.setAccessibleName(name)
        self.view.setAccessibleName(tr("The image (Ctrl+wheel to zoom)"))
        self.zoom_label.setAccessibleName(tr("Zoom"))
