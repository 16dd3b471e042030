"""Export: make the signed evidence bundle (zip) and/or the PDF report, in Chinese or English,
optionally with third parties redacted and the bundle protected by a password. Beside the
form, a check before (what may be worth settling first, all passable); the work runs on the
window's task runner with progress and Cancel; afterwards the page says what was written, with
sizes, and what to do next. A case opened from a bundle can be exported too.

Signals: ``finished(object)``, ``page_requested(str)`` (a page that settles a concern).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.errors import reason
from evidence_logger.gui.export_guidance import BeforeExport, sizes_and_next_steps
from evidence_logger.gui.export_task import ExportOutcome, export_task, targets
from evidence_logger.gui.labels import sentence
from evidence_logger.gui.pages.base import Page
from evidence_logger.gui.progress import run_with_progress
from evidence_logger.gui.session import Session
from evidence_logger.gui.tasks import TaskRunner
from evidence_logger.i18n import N_, Language, current_language, tr
from evidence_logger.paths import documents_dir

log = logging.getLogger(__name__)


def default_output(case_name: str) -> Path:
    """``Documents/<case>-<today>`` (no suffix: the bundle gets .zip, the report .pdf)."""
    return documents_dir() / f"{case_name}-{time.strftime('%Y%m%d')}"


class ExportPage(Page):
    """Signals: ``finished(object)``: an ExportOutcome, an exception, or None when cancelled."""

    title = N_("Export")
    icon = "export"
    evidence_requested = Signal(str)
    finished = Signal(object)
    page_requested = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._runner: TaskRunner | None = None
        self.outcome: ExportOutcome | None = None
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.layout_.addLayout(columns, 1)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        left.addWidget(self.intro)
        self.before = BeforeExport()
        self.before.page_requested.connect(self.page_requested)
        right.addWidget(self.before)
        self.box = QGroupBox()
        form = QFormLayout(self.box)
        self.make_bundle = QCheckBox()
        self.make_bundle.setChecked(True)
        self.make_report = QCheckBox()
        self.make_report.setChecked(True)
        self.what_label = QLabel()
        what = QHBoxLayout()
        what.addWidget(self.make_bundle)
        what.addWidget(self.make_report)
        what.addStretch(1)
        form.addRow(self.what_label, what)
        self.chinese = QRadioButton("中文")
        self.english = QRadioButton("English")
        group = QButtonGroup(self)
        group.addButton(self.chinese)
        group.addButton(self.english)
        (self.chinese if current_language().chinese else self.english).setChecked(True)
        self.lang_label = QLabel()
        langs = QHBoxLayout()
        langs.addWidget(self.chinese)
        langs.addWidget(self.english)
        langs.addStretch(1)
        form.addRow(self.lang_label, langs)
        self.redact = QCheckBox()
        form.addRow("", self.redact)
        self.submission = QCheckBox()  # the submission bundle (提交版), bundle/submission.py
        form.addRow("", self.submission)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label, self.confirm_label = QLabel(), QLabel()
        form.addRow(self.password_label, self.password)
        form.addRow(self.confirm_label, self.confirm)
        self.output = QLineEdit()
        self.browse = QPushButton()
        self.browse.clicked.connect(self.choose_output)
        where = QHBoxLayout()
        where.addWidget(self.output, 1)
        where.addWidget(self.browse)
        self.output_label = QLabel()
        form.addRow(self.output_label, where)
        self.will_write = QLabel()
        self.will_write.setWordWrap(True)
        form.addRow("", self.will_write)
        self.start = QPushButton()
        self.start.setDefault(True)
        self.start.clicked.connect(self.start_export)
        form.addRow("", self.start)
        left.addWidget(self.box)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        left.addWidget(self.error)
        left.addStretch(1)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("nextStep")
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setVisible(False)
        right.addWidget(self.result)
        after = QHBoxLayout()
        self.show_folder = QPushButton()
        self.open_report = QPushButton()
        self.show_folder.clicked.connect(self._show_folder)
        self.open_report.clicked.connect(self._open_report)
        after.addWidget(self.show_folder)
        after.addWidget(self.open_report)
        after.addStretch(1)
        right.addLayout(after)
        right.addStretch(1)
        for first, second in ((self.make_bundle, self.make_report), (self.make_report,
                              self.chinese), (self.chinese, self.english),
                              (self.english, self.redact), (self.redact, self.submission),
                              (self.submission, self.password),
                              (self.password, self.confirm), (self.confirm, self.output),
                              (self.output, self.browse), (self.browse, self.start)):
            QWidget.setTabOrder(first, second)
        for widget in (self.make_bundle, self.make_report, self.redact, self.submission):
            widget.toggled.connect(self._update)
        self.output.textChanged.connect(self._update)
        self.password.returnPressed.connect(self.start_export)
        self.confirm.returnPressed.connect(self.start_export)
        self._shown_for: Path | None = None
        self.retranslate()

    @property
    def runner(self) -> TaskRunner | None:
        """The window's task runner (the main window sets it)."""
        return self._runner

    @runner.setter
    def runner(self, runner: TaskRunner) -> None:
        self._runner = runner
        runner.running_changed.connect(lambda _running: self._update())
        self._update()

    # -- state --------------------------------------------------------------------------

    def refresh(self) -> None:
        case = self.session.case
        if case is not None and self._shown_for != case.folder:
            self._shown_for = case.folder
            self.output.setText(str(default_output(case.name)))
            self._show_outcome(None)
            self.error.clear()
        self.check_before()
        self._update()

    def check_before(self) -> None:
        """What may be worth settling before exporting (none of it stops the export)."""
        case = self.session.case
        self.before.setVisible(case is not None and not self.session.read_only)
        if case is None or self.session.read_only:
            return
        from evidence_logger.ocr.store import count_waiting
        from evidence_logger.readiness import before_export

        self.reads.read(lambda case: before_export(case, count_waiting(case.db)),
                        self.before.show_concerns)  # a big case: on a worker

    def _paths(self) -> tuple[Path | None, Path | None]:
        text = self.output.text().strip()
        if not text:
            return None, None
        return targets(Path(text).expanduser(), self.make_bundle.isChecked(),
                       self.make_report.isChecked())

    def _update(self) -> None:
        bundle, report = self._paths()
        names = [str(p) for p in (bundle, report) if p is not None]
        self.will_write.setText(tr("Will write: {files}", files=", ".join(names))
                                if names else "")
        busy = self.runner is not None and self.runner.running
        self.start.setEnabled(bool(names) and self.session.case is not None and not busy)
        for widget in (self.password, self.confirm, self.redact, self.password_label,
                       self.confirm_label, self.submission):
            widget.setEnabled(self.make_bundle.isChecked())
        if self.submission.isChecked():  # a submission masks third parties itself
            self.redact.setEnabled(False)

    def choose_output(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, tr("Export to"), self.output.text())
        if chosen:
            self.output.setText(str(Path(chosen).with_suffix("")))

    # -- running ------------------------------------------------------------------------

    def start_export(self) -> bool:
        """Check the choices and start the export; False (with a sentence) when it cannot."""
        case = self.session.case
        self.error.clear()
        bundle, report = self._paths()
        if case is None or self.runner is None or (bundle is None and report is None):
            return False
        if self.runner.running:
            self.error.setText(tr("Another task is still running; wait for it to finish."))
            return False
        password = self.password.text() if bundle is not None else ""
        self._password_used = bool(password)
        if password != (self.confirm.text() if bundle is not None else ""):
            self.error.setText(tr("The two passwords are not the same."))
            self.confirm.setFocus()
            return False
        lang = (Language.CHINESE if self.chinese.isChecked() else Language.ENGLISH).short
        self._show_outcome(None)
        run_with_progress(self, self.runner, tr("Exporting…"),
                          export_task(case.folder, bundle, report, lang=lang,
                                      redact=self.redact.isChecked(),
                                      password=password or None,
                                      submission=self.submission.isChecked()),
                          self._done, self._failed, self._cancelled)
        self._update()
        return True

    def _done(self, outcome: ExportOutcome) -> None:
        self.session.notify_changed()  # the export's custody entry
        self._show_outcome(outcome)
        self.finished.emit(outcome)

    def _cancelled(self) -> None:
        self.error.setText(tr("Export cancelled; nothing was written."))
        self._update()
        self.finished.emit(None)

    def _failed(self, error: Exception) -> None:
        from evidence_logger.bundle.export import ExportError

        if isinstance(error, ExportError):
            text = sentence(error)
        elif isinstance(error, OSError):
            text = tr("The export could not be written: {reason}. Nothing was kept; check the "
                      "folder and the free space.", reason=error.strerror or error)
        else:
            text = tr("The export stopped: {reason}. The details are in the log.",
                      reason=reason(error))
        self.error.setText(text)
        self._update()
        self.finished.emit(error)

    def _show_outcome(self, outcome: ExportOutcome | None) -> None:
        self.outcome = outcome
        self.result.setVisible(outcome is not None)
        self.show_folder.setVisible(outcome is not None)
        self.open_report.setVisible(outcome is not None and outcome.report is not None)
        if outcome is not None:
            self.result.setText(self._sentence(outcome))

    def _sentence(self, outcome: ExportOutcome) -> str:
        """What was written, with sizes, and what to do next (HTML)."""
        return sizes_and_next_steps(outcome, getattr(self, "_password_used", False))

    def _folder(self) -> Path | None:
        if self.outcome is None:
            return None
        made = self.outcome.bundle.path if self.outcome.bundle else self.outcome.report
        return made.parent if made else None

    def _show_folder(self) -> None:
        folder = self._folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _open_report(self) -> None:
        if self.outcome is not None and self.outcome.report is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.outcome.report)))

    def select(self, sha256: str) -> None:
        """Nothing to select on this page."""

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(tr(
            "The bundle is a signed zip with every original and the case, which anyone can "
            "check has not been changed. The report is a PDF to attach to a complaint or give "
            "to a lawyer."))
        self.box.setTitle(tr("What to make"))
        self.what_label.setText(tr("Make:"))
        self.make_bundle.setText(tr("Evidence bundle (zip)"))
        self.make_report.setText(tr("PDF report"))
        self.lang_label.setText(tr("Language:"))
        self.chinese.setAccessibleName(tr("Chinese"))
        self.english.setAccessibleName(tr("English"))
        self.redact.setText(tr("Hide third parties (relatives, colleagues) in the bundle"))
        self.submission.setText(tr("Submission bundle (提交版) for a court or regulator: only "
                                   "the originals behind the findings, third parties masked"))
        self.submission.setToolTip(tr("Every other original is left out and listed by its "
                                      "SHA-256. Leave this off for the full bundle, for the "
                                      "borrower's lawyer."))
        self.password_label.setText(tr("Password (optional):"))
        self.confirm_label.setText(tr("Password again:"))
        self.password.setAccessibleName(tr("Password"))
        self.confirm.setAccessibleName(tr("Password again"))
        self.password.setPlaceholderText(tr("leave empty for no password"))
        self.output_label.setText(tr("Save as:"))
        self.output.setAccessibleName(tr("Where to save"))
        self.browse.setText(tr("Choose…"))
        self.browse.setAccessibleName(tr("Choose where to save"))
        self.start.setText(tr("Export"))
        self.show_folder.setText(tr("Show in folder"))
        self.open_report.setText(tr("Open the report"))
        if self.outcome is not None:
            self.result.setText(self._sentence(self.outcome))
        self.before.retranslate()
        self.error.clear()  # a sentence about the last attempt, in the language just left
        self._update()
