"""Importing files and folders into the open case: whose phone they come from, the import on
a worker thread with progress and Cancel, then a summary naming every skipped file and why."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.errors import reason
from evidence_logger.gui.import_preview import PreviewDialog, preview_task
from evidence_logger.gui.labels import sentence
from evidence_logger.gui.progress import run_with_progress
from evidence_logger.gui.session import Session
from evidence_logger.gui.tasks import TaskRunner
from evidence_logger.i18n import N_, tr

if TYPE_CHECKING:
    from evidence_logger.import_preview import Preview
    from evidence_logger.importing import ImportReport

log = logging.getLogger(__name__)


class OwnerDialog(QDialog):
    """Asks whose phone the files come from: the borrower's, or another person's number."""

    def __init__(self, parent: QWidget, count: int, region: str) -> None:
        super().__init__(parent)
        self.region = region
        self.setWindowTitle(tr("Import files"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("{count} file(s) or folder(s) to import. Whose phone do they "
                                   "come from?", count=count)))
        self.mine = QRadioButton(tr("My phone"))
        self.other = QRadioButton(tr("Someone else's phone (a relative, a colleague):"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(tr("their phone number"))
        self.number.setAccessibleName(tr("Their phone number"))
        self.number.setEnabled(False)
        group = QButtonGroup(self)
        for button in (self.mine, self.other):
            group.addButton(button)
            layout.addWidget(button)
        layout.addWidget(self.number)
        self.mine.setChecked(True)
        self.other.toggled.connect(self.number.setEnabled)
        self.other.toggled.connect(lambda on: on and self.number.setFocus())
        self.error = QLabel()
        self.error.setObjectName("error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def owner(self) -> str | None:
        return self.number.text().strip() if self.other.isChecked() else None

    def accept(self) -> None:
        from evidence_logger.importing import OwnerError, owner_key  # the importers load late

        try:
            owner_key(self.owner(), self.region)
        except OwnerError:
            self.error.setText(tr("{number} is not a phone number.", number=self.owner() or ""))
            return
        super().accept()


class SummaryDialog(QDialog):
    """What an import did: counts, then each file that was skipped or only partly read, and the
    recordings it could not place, with a button leading to them.

    It ends with the next step's button: say who is who on the Parties page.

    Signals: ``unplaced_requested()``, ``parties_requested()``.
    """

    unplaced_requested = Signal()
    parties_requested = Signal()

    def __init__(self, parent: QWidget, report: ImportReport) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import finished"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        events = sum(i.events_added for i in report.imported)
        layout.addWidget(QLabel(tr("Imported {files} file(s) with {events} new call(s) and "
                                   "message(s). {already} file(s) were already in the case.",
                                   files=len(report.imported), events=events,
                                   already=len(report.already))))
        self.notes = QListWidget()  # what the readers said of the files (subtotals, dates)
        self.notes.setAccessibleName(tr("Notes on the imported files"))
        for item in report.imported:
            self.notes.addItems(item.note_lines())
        if self.notes.count():
            layout.addWidget(QLabel(tr("How the files were read:")))
            layout.addWidget(self.notes)
        _wrap(self.notes)
        self.problems = QListWidget()
        _wrap(self.problems)  # long sentences read without sideways scrolling
        self.problems.setAccessibleName(tr("Files not imported"))
        for problem in report.problems:
            line = N_("Skipped: {name} — {reason}") if problem.skipped \
                else N_("Partly read: {name} — {reason}")
            self.problems.addItem(tr(line, name=Path(problem.path).name,
                                     reason=problem.message()))
        if report.problems:
            layout.addWidget(QLabel(tr("{count} file(s) could not be fully imported; nothing "
                                       "else was affected:", count=len(report.problems))))
            layout.addWidget(self.problems)
        self.unplaced = QListWidget()
        self.unplaced.setAccessibleName(tr("Recordings not placed"))
        self.show_unplaced = QPushButton(tr("Place them on the Evidence page"))
        self.show_unplaced.clicked.connect(self.unplaced_requested)
        self.show_unplaced.clicked.connect(self.accept)
        if report.unplaced:
            from evidence_logger.placing import reason_words

            layout.addWidget(QLabel(tr("{count} recording(s) could not be placed: no number or "
                                       "time in their names.", count=len(report.unplaced))))
            for item in report.unplaced:
                self.unplaced.addItem(tr("{name} ({reason})", name=Path(item.path).name,
                                         reason=reason_words(item.unplaced or "")))
            layout.addWidget(self.unplaced)
            layout.addWidget(self.show_unplaced)
        self.timestamp = QLabel(report.timestamp.sentence() if report.timestamp else "")
        self.timestamp.setWordWrap(True)  # the import's trusted timestamp, or why there is none
        if report.timestamp is not None:
            layout.addWidget(self.timestamp)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        self.next_step = buttons.addButton(tr("Next: say who is who (Parties)"),
                                           QDialogButtonBox.ButtonRole.ActionRole)
        self.next_step.setVisible(bool(report.imported))
        self.next_step.clicked.connect(self.parties_requested)
        self.next_step.clicked.connect(self.accept)
        layout.addWidget(buttons)
        if report.imported:
            self.next_step.setDefault(True)


def _wrap(view: QListWidget) -> None:
    """Each line of ``view`` wrapped to its width: no sideways scrolling."""
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)


class YearDialog(QDialog):
    """Asks the year of the first (earliest) row of a file whose dates have none (a carrier's
    detail record that does not say its bill month); the file is then imported again with it.
    It starts with no year; OK waits for one that puts no row after today, and the dates the
    answer gives are shown before importing (``first_day``/``last_day``, ``MM-DD`` in time
    order, from the reader's question)."""

    NO_YEAR = 1989  # the spin box's empty value

    def __init__(self, parent: QWidget, name: str, first_day: str = "",
                 last_day: str = "") -> None:
        super().__init__(parent)
        self.first_day, self.last_day = first_day, last_day
        self.setWindowTitle(tr("Which year?"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        question = QLabel(tr("{name} gives its dates without a year and does not say which month"
                             " its bill is for. In which year is its first (earliest) row? (Look"
                             " at the bill or at the app you downloaded it from.)", name=name))
        question.setWordWrap(True)
        layout.addWidget(question)
        self.spin = QSpinBox()
        self.spin.setRange(self.NO_YEAR, 2100)
        self.spin.setSpecialValueText(" ")
        self.spin.setValue(self.NO_YEAR)
        self.spin.setAccessibleName(tr("Year"))
        layout.addWidget(self.spin)
        self.dates = QLabel()
        self.dates.setWordWrap(True)
        layout.addWidget(self.dates)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Import with this year"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.spin.valueChanged.connect(self._update)
        self._update()

    def span(self, year: int) -> tuple[str, str] | None:
        """The first and last date ``year`` gives (a wrap past December: the next year)."""
        if not (self.first_day and self.last_day):
            return None
        wrap = int(self.last_day[:2]) < int(self.first_day[:2])
        return f"{year}-{self.first_day}", f"{year + wrap}-{self.last_day}"

    def _update(self) -> None:
        from datetime import date

        year = self.spin.value()
        span = self.span(year) if year != self.NO_YEAR else None
        future = span is not None and span[1] > date.today().isoformat()
        if year == self.NO_YEAR:
            self.dates.setText("")
        elif span is not None and future:
            self.dates.setText(tr("With {year} its last row would be on {last}, after today:"
                                  " choose an earlier year.", year=year, last=span[1]))
        elif span is not None:
            self.dates.setText(tr("Its rows will be read as {first} to {last}.", first=span[0],
                                  last=span[1]))
        else:
            self.dates.setText("")
        self.ok.setEnabled(year != self.NO_YEAR and not future
                           and year <= date.today().year)

    def year(self) -> int:
        return self.spin.value()


def import_task(folder: Path, paths: list[Path], owner: str | None, year: int | None = None):
    """A task factory: the import runs with its own connection on the worker thread."""
    def run():
        from evidence_logger.case import Case
        from evidence_logger.importing import import_paths

        with Case.open(folder) as case:
            return (yield from import_paths(case, paths, owner=owner, year=year))
    return run


class ImportFlow:
    """Runs imports for the main window. ``ask_owner`` is False for tests and the sample."""

    def __init__(self, window: QMainWindow, session: Session, runner: TaskRunner) -> None:
        self.window = window
        self.session = session
        self.runner = runner
        self.last_report: ImportReport | None = None
        self.preview_dialog: PreviewDialog | None = None
        self.summary: SummaryDialog | None = None
        self.show_summary = True
        self.owner: str | None = None
        # files to import again once their year is known, with what the reader said of them
        self.year_queue: list[tuple[Path, dict]] = []
        # the screenshots just imported are handed on to be read in the background
        self.read_screenshots: Callable[[list[str]], None] | None = None
        # and the recordings just imported, to be transcribed (when a speech model is added)
        self.transcribe_recordings: Callable[[list[str]], None] | None = None

    def start(self, paths: list[Path], *, owner: str | None = None,
              ask_owner: bool = True, look_first: bool | None = None) -> bool:
        """Import ``paths``; ``look_first`` (default: as ``ask_owner``): a folder is looked
        at first, and only the files ticked in :class:`PreviewDialog` are imported."""
        case = self.session.case
        if case is None or not paths:
            return False
        if case.sample and not case.read_only_bundle:
            from evidence_logger.case import SAMPLE_REFUSAL

            QMessageBox.information(self.window, tr("Import files"), tr(SAMPLE_REFUSAL))
            return False
        if self.session.read_only:
            QMessageBox.information(self.window, tr("Import files"),
                                    tr("This case was opened from a bundle and is read-only."))
            return False
        if self.runner.running:
            QMessageBox.information(self.window, tr("Import files"),
                                    tr("Another task is still running; wait for it to finish."))
            return False
        if ask_owner:
            dialog = OwnerDialog(self.window, len(paths), case.region)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            owner = dialog.owner()
        self.owner = owner
        if (ask_owner if look_first is None else look_first) and any(p.is_dir() for p in paths):
            run_with_progress(self.window, self.runner, tr("Looking at the files…"),
                              preview_task(case.folder, paths), self._looked, self._failed)
        else:
            self._run(paths, None)
        return True

    def _looked(self, preview: Preview) -> None:
        """The look is done: the user ticks what to import (the dialog stays open, not
        modal to the event loop, so that tests and the window go on)."""
        dialog = PreviewDialog(self.window, preview)
        self.preview_dialog = dialog

        def chosen() -> None:
            paths = dialog.chosen()
            if paths:
                self._run(paths, None)

        dialog.accepted.connect(chosen)
        dialog.open()

    def _run(self, paths: list[Path], year: int | None) -> None:
        case = self.session.case
        assert case is not None
        run_with_progress(self.window, self.runner, tr("Importing…"),
                          import_task(case.folder, paths, self.owner, year), self._done,
                          self._failed, self._cancelled)

    def _ask_years(self) -> None:
        """Ask the year of the next file that needs one, and import it again with it."""
        while self.year_queue and self.session.case is not None:
            path, said = self.year_queue.pop(0)
            dialog = YearDialog(self.window, path.name, str(said.get("first_day", "")),
                                str(said.get("last_day", "")))
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self._run([path], dialog.year())
                return  # the next file is asked when this one is done

    def _done(self, report: ImportReport) -> None:
        self.last_report = report
        self.session.notify_changed()
        screenshots = [item.sha256 for item in report.imported if item.kind == "image"]
        if screenshots and self.read_screenshots is not None:
            self.read_screenshots(screenshots)  # in the background: the summary does not wait
        recordings = [item.sha256 for item in report.imported if item.kind == "recording"]
        if recordings and self.transcribe_recordings is not None:
            self.transcribe_recordings(recordings)
        if self.show_summary:
            dialog = SummaryDialog(self.window, report)
            dialog.unplaced_requested.connect(self.show_unplaced)
            dialog.parties_requested.connect(self.show_parties)
            self.summary = dialog
            dialog.open()
        self.year_queue += [(Path(p.path), p.params) for p in report.problems if p.needs_year]
        self._ask_years()

    def show_parties(self) -> None:
        """The next step after an import: say who is who."""
        from evidence_logger.gui.pages.parties import PartiesPage

        self.window.show_page(PartiesPage)  # type: ignore[attr-defined]

    def show_unplaced(self) -> None:
        """The Evidence page, showing the recordings no call rests on."""
        from evidence_logger.gui.pages.evidence import EvidencePage

        page = self.window.show_page(EvidencePage)  # type: ignore[attr-defined]
        page.show_unplaced()

    def _cancelled(self) -> None:
        self.session.notify_changed()  # the files before the cancel are in
        self.window.statusBar().showMessage(tr("Import cancelled; the files imported before "
                                               "stopping are kept."), 8000)

    def _failed(self, error: Exception) -> None:
        from evidence_logger.case import CaseError

        self.session.notify_changed()
        if isinstance(error, CaseError):
            text = sentence(error)
        else:
            text = tr("The import stopped: {reason}. The details are in the log.",
                      reason=reason(error))
        QMessageBox.warning(self.window, tr("Import files"), text)
