"""A window-modal progress dialog for a task run by :class:`~evidence_logger.gui.tasks.TaskRunner`:
a bar, the file being worked on, and Cancel. The window stays responsive behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from evidence_logger.gui.tasks import TaskFactory, TaskRunner
from evidence_logger.i18n import tr


def describe(progress: Any) -> tuple[int, int, str]:
    """(done, total, label) for any of the core's progress reports."""
    if hasattr(progress, "fraction") and hasattr(progress, "label"):  # the sample case's
        return int(progress.fraction * 1000), 1000, progress.label()
    total = getattr(progress, "bytes_total", None) or getattr(progress, "total_bytes", None)
    done = getattr(progress, "bytes_done", None) or getattr(progress, "done_bytes", None) or 0
    if not total:
        total = getattr(progress, "files_total", 0) or getattr(progress, "total", 0)
        done = getattr(progress, "files_done", 0) or getattr(progress, "done", 0)
    current = getattr(progress, "current", "") or ""
    files_total = getattr(progress, "files_total", None)
    if files_total:
        label = tr("File {done} of {total}: {name}", done=min(progress.files_done + 1,
                                                                files_total),
                   total=files_total, name=current[-60:])
    else:
        label = current[-70:]
    return int(done), int(total or 0), label


class TaskProgress(QProgressDialog):
    """Shows one task's progress; Cancel closes the task's generator."""

    def __init__(self, parent: QWidget, runner: TaskRunner, title: str) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(title)
        self.setLabelText(title)
        self.setCancelButtonText(tr("Cancel"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)
        self.setMinimumWidth(480)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setRange(0, 0)
        self.canceled.connect(self._cancel)
        runner.progressed.connect(self._show)

    def _show(self, progress: Any) -> None:
        done, total, label = describe(progress)
        if total:
            scale = max(1, total // 1_000_000)  # QProgressDialog takes int32
            self.setRange(0, total // scale)
            self.setValue(min(done // scale, total // scale))
        if label:
            self.setLabelText(label)

    def _cancel(self) -> None:
        self.setLabelText(tr("Stopping…"))
        self.runner.cancel()

    def finish(self) -> None:
        self.runner.progressed.disconnect(self._show)
        self.reset()
        self.hide()
        self.deleteLater()


def run_with_progress(parent: QWidget, runner: TaskRunner, title: str, factory: TaskFactory,
                      on_done: Callable[[Any], None], on_error: Callable[[Exception], None],
                      on_cancel: Callable[[], None] | None = None) -> TaskProgress:
    """Start ``factory`` on ``runner`` with a progress dialog; one of the callbacks follows."""
    dialog = TaskProgress(parent, runner, title)
    connections: list = []

    def end(callback: Callable[..., None], *args: Any) -> None:
        for signal, slot in connections:
            signal.disconnect(slot)
        dialog.finish()
        callback(*args)

    for signal, slot in ((runner.succeeded, lambda result: end(on_done, result)),
                         (runner.failed, lambda error: end(on_error, error)),
                         (runner.cancelled, lambda: end(on_cancel or (lambda: None)))):
        signal.connect(slot)
        connections.append((signal, slot))
    runner.start(factory)
    dialog.show()
    return dialog
