"""The self-test's window step: open the main window on the sample case and close it again.

Run by ``evidence-logger selftest`` (see :mod:`evidence_logger.selftest`) in its own process, so
it never shares a QApplication with a window the user has open. With no display on Linux it uses
Qt's offscreen platform, which the frozen build ships too.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from evidence_logger.i18n import tr

SHOW_FOR_S = 0.5


def _no_display() -> bool:
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_and_close(case_dir: Path | None, lang: str) -> str:
    """Open the window (on ``case_dir`` if given), draw it, close it; say what was seen."""
    if _no_display() and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from evidence_logger.gui.app import make_app, make_window

    app = make_app()
    window = make_window(case=case_dir)
    window.show()
    deadline = time.monotonic() + SHOW_FOR_S
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    shown = window.isVisible() and window.width() > 0
    opened = window.session.case is not None if case_dir is not None else True
    title = window.windowTitle()
    window.close()
    QApplication.processEvents()
    if not shown:
        raise RuntimeError(tr("The main window did not show.", lang))
    if not opened:
        raise RuntimeError(tr("The main window did not open the sample case.", lang))
    return tr("shown and closed on the {platform} platform: {title}", lang,
              platform=app.platformName(), title=title)
