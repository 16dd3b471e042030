"""A window-modal progress dialog for a task run by :class:`~evidence_logger.gui.tasks.TaskRunner`:
a bar, the file being worked on, and Cancel. The window stays responsive behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from evidence_logger.gui.tasks import TaskFactory, TaskRunner
from evidence_logger.i18n import tr
from evidence_logger.progress import Progress

SHOW_AFTER_MS = 300


BAR_STEPS = 1000  # the bar shows thousandths (QProgressBar takes int32, files can be larger)


class TaskProgress(QDialog):
    """Shows one task's progress; Cancel (or Escape, or closing it) asks the task to stop, and
    the dialog stays until the task has really ended, saying it is stopping."""

    def __init__(self, parent: QWidget, runner: TaskRunner, title: str) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(480)
        self.label = QLabel(title)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName(title)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        self._ended = False
        runner.progressed.connect(self._show)
        # only a task that lasts shows a dialog (a quick one would just flash)
        QTimer.singleShot(SHOW_AFTER_MS, self, self._show_if_running)

    def _show_if_running(self) -> None:
        if not self._ended:
            self.show()

    def _show(self, progress: Progress | None) -> None:
        if progress is None:  # a task's cancel point, with no news
            return
        if not isinstance(progress, Progress):
            raise TypeError(f"a task yielded {type(progress).__name__}, not a Progress")
        fraction = progress.fraction
        if fraction is not None:
            self.bar.setRange(0, BAR_STEPS)
            self.bar.setValue(round(fraction * BAR_STEPS))
        label = progress.label()
        if label and self.cancel_button.isEnabled():
            self.label.setText(label)

    def _cancel(self) -> None:
        self.label.setText(tr("Stopping…"))
        self.cancel_button.setEnabled(False)
        self.runner.cancel()

    def reject(self) -> None:  # Escape: the same as Cancel, the dialog stays until the end
        if not self._ended:
            self._cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._ended:
            event.accept()
        else:
            event.ignore()
            self._cancel()

    def finish(self) -> None:
        self._ended = True
        self.runner.progressed.disconnect(self._show)
        self.hide()
        self.deleteLater()


def run_with_progress(parent: QWidget, runner: TaskRunner, title: str, factory: TaskFactory,
                      on_done: Callable[[Any], object], on_error: Callable[[Exception], None],
                      on_cancel: Callable[[], None] | None = None) -> TaskProgress:
    """Start ``factory`` on ``runner`` with a progress dialog; one of the callbacks follows."""
    dialog = TaskProgress(parent, runner, title)
    connections: list = []

    def end(callback: Callable[..., object], *args: Any) -> None:
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
    return dialog
