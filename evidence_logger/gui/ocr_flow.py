"""Reading screenshots in the background: after an import, when a case opens with screenshots
not read yet, and again on request (Case ▸ Read screenshots again).

The core's ``read_screenshots`` runs as the window runner's *background* task on a worker
thread with its own connection (WAL lets the pages keep reading); a small indicator in the
status bar says how far it is, with Cancel. A task the user starts (an import, an export)
pauses it; it goes on when that task ends. Each screenshot is written in one transaction, so
stopping between two leaves nothing half-written. An engine that cannot be loaded is said once
a session (the window's banner), never again.

Signals: ``state_changed()`` (reading started, moved on or ended; the overview listens),
``unavailable(str)`` (the sentence saying the engine cannot be loaded, emitted once).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from evidence_logger.errors import reason
from evidence_logger.gui.labels import sentence
from evidence_logger.gui.session import Session
from evidence_logger.gui.tasks import TaskRunner
from evidence_logger.i18n import tr
from evidence_logger.progress import Progress

if TYPE_CHECKING:
    from evidence_logger.ocr.reading import OcrReport

log = logging.getLogger(__name__)

SAID_MS = 10_000  # how long the status bar keeps what a reading did
BACKGROUND_NICE = 10  # the reading thread's niceness (0 normal, 19 lowest)


def load_engine() -> Any:
    """The OCR engine (looked up when called, so a test can stand in its own)."""
    from evidence_logger.ocr import engine

    return engine.engine()


def reading_task(folder: Path, *, again: bool = False, shas: list[str] | None = None):
    """A task factory: the screenshots are read with their own connection on the worker."""
    def run():
        from evidence_logger.case import Case
        from evidence_logger.ocr.reading import read_screenshots

        _lower_priority()
        with Case.open(folder) as case:
            return (yield from read_screenshots(case, again=again, shas=shas,
                                                load=load_engine))
    return run


def _lower_priority() -> None:
    """Let the window go first: the worker thread (and the engine's own threads, which inherit
    it when the engine is loaded here) runs at a lower priority where the system allows it
    (Linux nices each thread; elsewhere nothing changes)."""
    import os
    import sys
    import threading

    if not sys.platform.startswith("linux"):  # elsewhere an id of a thread is not a pid's
        return
    try:  # the engine loads at full speed: a thread slowed down while it holds Python's
        load_engine()  # lock (most of the loading) would stall the window with it
    except Exception:  # the reading says the engine is missing, once
        log.debug("the engine does not load", exc_info=True)
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
    except (AttributeError, OSError):  # no per-thread priority here (Windows)
        log.debug("cannot lower the reading thread's priority", exc_info=True)


class ReadingIndicator(QWidget):
    """The status bar's "Reading screenshots 3 of 40…" with a thin bar and Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setFlat(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()
        self.retranslate()

    def show_count(self, done: int, total: int) -> None:
        self.label.setText(tr("Reading screenshots {number} of {count}…",
                              number=min(done + 1, total), count=total))
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.cancel_button.setEnabled(True)
        self.show()

    def show_paused(self) -> None:
        self.label.setText(tr("Reading screenshots paused until the other task ends…"))

    def show_stopping(self) -> None:
        self.label.setText(tr("Stopping…"))
        self.cancel_button.setEnabled(False)

    def retranslate(self) -> None:
        self.cancel_button.setText(tr("Cancel"))
        self.cancel_button.setAccessibleName(tr("Stop reading screenshots"))
        self.bar.setAccessibleName(tr("Reading screenshots"))


class OcrFlow(QObject):
    """Reads screenshots for the main window in the background (see the module's text)."""

    state_changed = Signal()
    unavailable = Signal(str)

    def __init__(self, window: Any, session: Session, runner: TaskRunner) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.runner = runner
        self.read_on_open = True  # read what is still unread when a case opens
        self.indicator = ReadingIndicator()
        self.indicator.cancel_button.clicked.connect(self.cancel)
        self.done = self.total = 0
        self.last_report: OcrReport | None = None
        self.unavailable_sentence = ""  # said once; nothing is read again this session
        self._again: list[str] | None = None  # reading again: the screenshots left to read
        self._wanted: list[str] | None = []  # read next: these (None: every unread one)
        self._current: list[str] | None = []  # what the reading under way was asked to read
        self._paused = False
        self._folder: Path | None = None  # the case being read
        runner.background_progressed.connect(self._progressed)
        runner.background_ended.connect(self._ended)
        runner.running_changed.connect(self._other_task)
        session.opened.connect(self._case_opened)

    @property
    def reading(self) -> bool:
        """Reading now, or paused while another task runs."""
        return self.runner.background_running or self._paused

    # -- what to read -------------------------------------------------------------------

    def read_new(self, shas: list[str]) -> None:
        """Read these screenshots (just imported), after whatever is being read now."""
        if shas and self._wanted is not None:
            self._wanted += [sha for sha in shas if sha not in self._wanted]
        self._next()

    def read_waiting(self) -> None:
        """Read every screenshot not read yet."""
        self._wanted = None
        self._next()

    def read_all_again(self) -> None:
        """Read every screenshot again (e.g. after an update of the engine)."""
        case = self.session.case
        if case is None or self.session.read_only or self.unavailable_sentence:
            return
        from evidence_logger.ocr.store import waiting

        self._again = [item.sha256 for item in waiting(case.db, again=True)]
        if self.runner.background_running:
            self.runner.cancel_background()  # the reading again starts when it has stopped
        else:
            self._next()

    def cancel(self) -> None:
        """Stop reading (what was read is kept; the rest stays unread)."""
        self._wanted, self._again = [], None
        if self.runner.background_running:
            self.indicator.show_stopping()
            self.runner.cancel_background()
        elif self._paused:
            self._paused = False
            self._finish()

    # -- running ------------------------------------------------------------------------

    def _next(self) -> None:
        """Start the next reading if there is one and nothing stands in its way."""
        case = self.session.case
        if case is None or self.session.read_only or self.unavailable_sentence \
                or self.runner.background_running:
            return
        if self.runner.running:
            self._paused = self._again is not None or self._wanted != []
            if self._paused:
                self.indicator.show_paused()
            return
        self._paused = False
        if self._again is not None:
            factory = reading_task(case.folder, again=True, shas=self._again)
        elif self._wanted is None:
            factory = reading_task(case.folder)
        elif self._wanted:
            factory = reading_task(case.folder, shas=self._wanted)
        else:
            return
        self._folder = case.folder
        self._current = None if self._wanted is None else list(self._wanted)
        self.done, self.total = 0, 0
        if self.runner.start_background(factory):
            self.indicator.show_count(0, max(self.total, 1))
            self.indicator.label.setText(tr("Reading screenshots…"))
            self.state_changed.emit()

    def _progressed(self, progress: Progress | None) -> None:
        if not isinstance(progress, Progress) or progress.total is None:
            return
        self.done, self.total = int(progress.done), int(progress.total)
        if self.indicator.cancel_button.isEnabled():
            self.indicator.show_count(self.done, self.total)
        self.state_changed.emit()

    def _ended(self, outcome: str, result: Any) -> None:
        case = self.session.case
        same_case = case is not None and case.folder == self._folder
        if outcome == "paused":
            if self._again is not None:  # go on from the last one reported
                self._again = self._again[max(self.done - 1, 0):]
            self._paused = same_case
            self.indicator.show_paused()
            if same_case:
                self.session.notify_changed()
            self.state_changed.emit()
            return
        if outcome == "done":
            self.last_report = result
            self._said(result)
            if self._again is None and self._wanted is not None and self._current is not None:
                left = [sha for sha in self._wanted if sha not in self._current]
                if left:  # imported while this reading ran
                    self._wanted = left
                    self._finish(same_case)
                    self._next()
                    return
            self._wanted, self._again = [], None
        elif outcome == "failed":
            self._wanted, self._again = [], None
            self.window.statusBar().showMessage(tr(
                "Reading the screenshots stopped: {reason}. The details are in the log.",
                reason=reason(result)),
                SAID_MS)
        elif self._again is not None or self._wanted != []:  # stopped to read something else
            self._finish(same_case)
            self._next()
            return
        else:
            self.window.statusBar().showMessage(tr(
                "Reading screenshots stopped; those read so far are kept."), SAID_MS)
        self._finish(same_case)

    def _finish(self, changed: bool = True) -> None:
        self.indicator.hide()
        self.done = self.total = 0
        if changed and self.session.case is not None:
            self.session.notify_changed()
        self.state_changed.emit()

    def _said(self, report: OcrReport) -> None:
        """Say what a reading did in the status bar (the engine's absence: once, louder)."""
        if report.unavailable is not None:
            self.unavailable_sentence = sentence(report.unavailable)
            self.unavailable.emit(self.unavailable_sentence)
            return
        if report.read:
            text = tr("Read {count} screenshot(s): {messages} message(s) and {calls} call(s) "
                      "read off them (machine-read).", count=report.read,
                      messages=report.messages, calls=report.calls)
            if report.problems:
                text += " " + tr("{count} could not be read.", count=len(report.problems))
            self.window.statusBar().showMessage(text, SAID_MS)

    def _other_task(self, running: bool) -> None:
        if not running and self._paused:
            self._paused = False
            self._next()

    def _case_opened(self) -> None:
        """Another case (or none): forget the last one's queue; read what this one has not."""
        self._wanted, self._again, self._paused = [], None, False
        if self.runner.background_running:
            self.runner.cancel_background()
        self.indicator.hide()
        case = self.session.case
        if case is not None and self.read_on_open and not self.session.read_only:
            from evidence_logger.ocr.store import count_waiting

            if count_waiting(case.db):
                self._wanted = None
                self._next()
        self.state_changed.emit()

    def unread(self) -> int:
        """How many screenshots of the open case are not read yet."""
        case = self.session.case
        if case is None:
            return 0
        from evidence_logger.ocr.store import count_waiting

        return count_waiting(case.db)

    def retranslate(self) -> None:
        self.indicator.retranslate()
