"""The window's icons: line drawings in one style (24-unit grid, 2-unit round strokes, slate
grey, red only for violations and colour only for a step's state), drawn for this app as SVG in
``resources/icons/`` and rendered by QtSvg at each size and device-pixel ratio, so they stay
sharp on high-DPI screens (no image plugin needed, in a frozen build either).

A name that starts with ``SP_`` is one of Qt's standard icons (for pages that bring no drawing
of their own)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyle

from evidence_logger.paths import resource

SIZES = (16, 20, 24, 28, 32, 48)
RATIOS = (1.0, 1.25, 1.5, 2.0)


def svg_bytes(name: str) -> bytes:
    return resource("icons", f"{name}.svg").read_bytes()


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (``resources/icons/<name>.svg``, or a Qt standard ``SP_…`` icon)."""
    if name.startswith("SP_"):
        style = QApplication.style()
        return style.standardIcon(getattr(QStyle.StandardPixmap, name))
    renderer = QSvgRenderer(QByteArray(svg_bytes(name)))
    made = QIcon()
    for size in SIZES:
        for ratio in RATIOS:
            side = round(size * ratio)
            pixmap = QPixmap(side, side)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, side, side))
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            made.addPixmap(pixmap)
    return made
