"""Help ▸ Check this installation: runs ``evidence-logger selftest`` of this installation in its
own process (:func:`evidence_logger.selftest.run_in_child`, on the window's task runner) and
shows a line per step as it ends, with a bar, Cancel, and Copy for sending the result to
someone who helps."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence_logger import __version__
from evidence_logger.gui.tasks import TaskRunner
from evidence_logger.i18n import current_language, tr
from evidence_logger.progress import Progress
from evidence_logger.selftest import ChildReport, StepResult, run_in_child


class SelfTestDialog(QDialog):
    """The check's progress and outcome; :meth:`start` starts the check. Signals:
    ``step_ended(StepResult)``, emitted from the task's thread as each step ends (queued to
    the window's thread, where the result is shown)."""

    step_ended = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Check this installation"))
        self.setMinimumSize(620, 360)
        self.lang = current_language()
        self.runner = TaskRunner(self)
        self.intro = QLabel(tr("Evidence Logger {version} checks itself in a temporary folder: "
                               "it makes the sample case, finds its violations, writes both "
                               "dossiers, exports and verifies a bundle, plays the recordings "
                               "through its decoder and opens a second window for a moment. "
                               "Your cases are not touched.", version=__version__))
        self.intro.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(tr("Check this installation"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.output.setAccessibleName(tr("Results"))
        self.buttons = QDialogButtonBox()
        self.copy_button = QPushButton(tr("Copy the results"))
        self.copy_button.clicked.connect(self._copy)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(tr("Close"))
        self.close_button.clicked.connect(self.accept)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.bar, self.status, self.output):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        self.runner.progressed.connect(self._show)
        self.step_ended.connect(self._add)
        self.results: list[StepResult] = []
        self.runner.succeeded.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._stopped)
        self.report: ChildReport | None = None

    def start(self) -> None:
        self.output.clear()
        self.bar.setRange(0, 0)
        self.copy_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(tr("Starting the check…"))
        self.results = []
        self.runner.start(lambda: run_in_child(self.lang, on_result=self.step_ended.emit))

    def _show(self, progress: Progress) -> None:
        self.bar.setRange(0, int(progress.total))
        self.bar.setValue(int(progress.done))
        if progress.doing and self.cancel_button.isEnabled():
            self.status.setText(progress.label(self.lang))

    def _add(self, result: StepResult) -> None:
        self.results.append(result)
        self.output.appendPlainText(result.line(self.lang))

    def _finished(self, report: ChildReport) -> None:
        self.report = report
        self.bar.setValue(self.bar.maximum())
        failed = [r for r in report.results if not r.ok]
        if report.ok and not failed:
            self.status.setText(tr("All {total} checks passed: this installation works.",
                                   total=len(report.results)))
        else:
            self.status.setText(tr("{count} check(s) failed. Copy the results and send them "
                                   "with the log (Help ▸ Show the log folder) to whoever "
                                   "helps you.", count=max(len(failed), 1)))
        self._ended()

    def _failed(self, error: Exception) -> None:
        self.status.setText(tr("The check could not be started: {reason}", reason=error))
        self._ended()

    def _stopped(self) -> None:
        self.status.setText(tr("The check was cancelled."))
        self._ended()

    def _ended(self) -> None:
        self.cancel_button.setEnabled(False)
        self.close_button.setEnabled(True)
        self.copy_button.setEnabled(True)
        self.close_button.setFocus()

    def _cancel(self) -> None:
        self.status.setText(tr("Stopping…"))
        self.cancel_button.setEnabled(False)
        self.runner.cancel()

    def _copy(self) -> None:
        text = "\n".join([f"Evidence Logger {__version__}", self.status.text(),
                          self.output.toPlainText()])
        QGuiApplication.clipboard().setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing while the check runs stops it; the dialog stays until it has stopped."""
        if self.runner.running:
            self._cancel()
            event.ignore()
            return
        event.accept()

    def reject(self) -> None:  # Escape: the same as closing
        if self.runner.running:
            self._cancel()
            return
        super().reject()
