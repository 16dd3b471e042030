"""The window fitted to the screen it opens on: a first window sized to the screen's available
area (the part the taskbar leaves), and a remembered geometry brought back inside it when the
screen is now smaller or gone (a laptop off its big monitor)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

DEFAULT = QSize(1280, 800)  # the first window, when the screen has room for it
FRAME = QMargins(8, 31, 8, 8)  # a title bar and borders, until the window manager tells


def available_area(window: QWidget) -> QRect:
    """The available geometry of the screen the window is (mostly) on, else the primary's."""
    centre = window.frameGeometry().center()
    screen = QGuiApplication.screenAt(centre) or window.screen() \
        or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(window: QWidget) -> QMargins:
    frame, inner = window.frameGeometry(), window.geometry()
    margins = QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                       frame.right() - inner.right(), frame.bottom() - inner.bottom())
    return margins if margins.top() > 0 else FRAME


def fit(window: QWidget, area: QRect | None = None, *, first: bool = False) -> None:
    """Size and place ``window`` so that all of it, frame included, lies in ``area`` (default:
    the available area of its screen). ``first``: no remembered geometry, use the default size
    where it fits."""
    area = area or available_area(window)
    margins = frame_margins(window)
    room = QSize(area.width() - margins.left() - margins.right(),
                 area.height() - margins.top() - margins.bottom())
    wanted = DEFAULT if first else window.size()
    size = wanted.boundedTo(room).expandedTo(window.minimumSize().boundedTo(room))
    window.resize(size)
    frame = QRect(QPoint(0, 0), size.grownBy(margins))
    if first or not area.contains(window.frameGeometry()):
        frame.moveCenter(area.center())
        frame.moveTopLeft(QPoint(max(frame.left(), area.left()), max(frame.top(), area.top())))
        window.move(frame.topLeft())
