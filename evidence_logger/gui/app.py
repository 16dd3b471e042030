"""Starting the window: the Qt application, the bundled font, the language, the main window.

``evidence-logger`` with no command (or ``evidence-logger gui``) calls :func:`run`.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from evidence_logger import __version__
from evidence_logger.gui import i18n_qt
from evidence_logger.gui import settings as keys
from evidence_logger.gui.main_window import MainWindow
from evidence_logger.gui.pages import preload as preload_pages
from evidence_logger.gui.settings import Settings
from evidence_logger.paths import resource
from evidence_logger.recent import last_case

log = logging.getLogger(__name__)
PRELOAD_AFTER_MS = 500  # the pages' imports start this long after the window is made

FONT_FAMILY_FALLBACKS = ["Noto Sans SC"]
EXIT_AT_FIRST_PAINT_ENV = "EVIDENCE_LOGGER_EXIT_AT_FIRST_PAINT"  # benchmarks only
DESKTOP_FILE_NAME = "io.github.evidence_logger.EvidenceLogger"  # packaging/linux/<this>.desktop
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def register_font() -> str | None:
    """Register the shipped Noto Sans SC so Chinese renders on any machine; returns its family."""
    family = None
    for name in ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"):
        data = QByteArray(resource("fonts", name).read_bytes())
        font_id = QFontDatabase.addApplicationFontFromData(data)
        if font_id < 0:
            log.warning("could not register %s", name)
            continue
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    return family


def style_sheet() -> str:
    return resource("style", "app.qss").read_text(encoding="utf-8")


def app_icon() -> QIcon:
    """The app's icon at every size shipped (PNGs made from resources/icons/evidence-logger.svg
    by packaging/make_icons.py: no SVG plugin needed, in a frozen build either)."""
    icon = QIcon()
    for size in ICON_SIZES:
        item = resource("icons", f"evidence-logger-{size}.png")
        pixmap = QPixmap()
        if item.is_file() and pixmap.loadFromData(item.read_bytes(), "PNG"):
            icon.addPixmap(pixmap)
    return icon


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication, set up once (tests reuse pytest-qt's)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Evidence Logger")
    app.setOrganizationName("Evidence Logger")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(app_icon())
    family = register_font()
    if family:
        font = QFont(app.font())
        font.setFamilies([app.font().family(), family])  # system UI font, ours for what it lacks
        app.setFont(font)
    app.setStyleSheet(style_sheet())
    if not hasattr(app, "qt_catalogue"):
        app.qt_catalogue = i18n_qt.QtCatalogue(app)  # type: ignore[attr-defined]
    return app


def make_window(settings: Settings | None = None, case: Path | None = None, *,
                later: bool = False) -> MainWindow:
    """The main window in the saved language, on ``case`` or the last case (if it opens).

    With ``later``, the case opens just after the window is first drawn (the window is up at
    once and says it is opening the case), which is how the app starts.
    """
    app = make_app()
    settings = settings or Settings()
    i18n_qt.switch(i18n_qt.resolve(settings.get(keys.LANGUAGE)), app.qt_catalogue)  # type: ignore[attr-defined]
    window = MainWindow(settings)
    folder = case or last_case()
    if folder is not None and (folder / "case.sqlite").is_file():
        if later:
            window.open_after_showing(folder)
        else:
            from evidence_logger.case import CaseError

            try:
                window.session.open(folder)
            except CaseError:
                log.warning("could not reopen %s", folder, exc_info=True)
    # the pages' imports on a thread, after the window's first paint, before they are shown
    QTimer.singleShot(PRELOAD_AFTER_MS, preload_pages)
    return window


class _ExitAtFirstPaint(QObject):
    """For bench/frozen.py: ends the process when the window is first drawn, the moment a user
    sees it, so that the installed and the frozen app's start-up can be timed from outside."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            logging.shutdown()
            os._exit(0)
        return False


def run(case: Path | None = None) -> int:
    app = make_app()
    window = make_window(case=case, later=True)
    if os.environ.get(EXIT_AT_FIRST_PAINT_ENV):
        window.exit_filter = _ExitAtFirstPaint(window)  # type: ignore[attr-defined]
        window.installEventFilter(window.exit_filter)  # type: ignore[attr-defined]
    window.show()
    return app.exec()
