"""Driving modal dialogs and waiting for background tasks in the window's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog


def answer_next_dialog(action: Callable[[QDialog], None] = QDialog.accept) -> None:
    """When the next modal dialog opens, do ``action`` to it (default: accept)."""
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            action(dialog)
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(20, poll)


def wait_idle(qtbot, window: Any, timeout: int = 30_000) -> None:
    """Wait until the window's background task has finished."""
    qtbot.waitUntil(lambda: not window.runner.running, timeout=timeout)


def settled(qtbot, window: Any, timeout: int = 60_000) -> list:
    """Wait until nothing runs in the window's background (the screenshots a case holds unread
    are read when it opens, and their reading changes the findings) and the findings of the case
    as it is then are in; returns them."""
    qtbot.waitUntil(lambda: not window.runner.running and not window.runner.background_running
                    and window.session.findings() is not None, timeout=timeout)
    return window.session.findings()


def findings_of(qtbot, session: Any, timeout: int = 30_000) -> list:
    """The session's findings, once its worker has computed them for the case as it is now."""
    qtbot.waitUntil(lambda: session.findings() is not None, timeout=timeout)
    return session.findings()
