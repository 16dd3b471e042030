"""Transcribing recordings in the background: after an import, and when a case opens with
recordings not transcribed yet, with the speech model the user added.

The core's ``transcribe_recordings`` runs on a runner of its own, on a worker thread at a lower
priority with its own connection (WAL lets the pages keep reading). It gives way to the user's
tasks (an import, an export: it is stopped between two segments and started again when that
task ends) and waits while screenshots are being read, so that two background jobs never share
the two cores. Each recording is written in one transaction, so stopping leaves nothing
half-written. Without a model nothing runs; the recording viewer says what adding one gives.

Signals: ``state_changed()`` (transcribing started, moved on or ended).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from evidence_logger.gui.session import Session
from evidence_logger.gui.tasks import TaskRunner
from evidence_logger.i18n import tr
from evidence_logger.progress import Progress

log = logging.getLogger(__name__)

SAID_MS = 10_000
BACKGROUND_NICE = 10


def transcribing_task(folder: Path):
    """A task factory: every recording not transcribed yet, with its own connection."""
    def run():
        from evidence_logger.case import Case
        from evidence_logger.speech.transcribing import transcribe_recordings

        _lower_priority()
        with Case.open(folder) as case:
            return (yield from transcribe_recordings(case))
    return run


def _lower_priority() -> None:
    import os
    import sys
    import threading

    if not sys.platform.startswith("linux"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
    except (AttributeError, OSError):
        log.debug("cannot lower the transcribing thread's priority", exc_info=True)


class SpeechFlow(QObject):
    """Transcribes recordings for the main window in the background."""

    state_changed = Signal()

    def __init__(self, window: Any, session: Session, runner: TaskRunner,
                 reading: Any = None) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.main_runner = runner
        self.reading = reading  # the OCR flow: transcribing waits while it reads
        self.runner = TaskRunner(self)
        self.wanted = False  # there may be recordings to transcribe
        self.stopping = False
        self.folder: Path | None = None
        self.done = self.total = 0.0
        self.unavailable_sentence = ""
        self.runner.progressed.connect(self._progressed)
        self.runner.succeeded.connect(self._done)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)
        runner.running_changed.connect(self._other_task)
        session.opened.connect(self._case_opened)
        if reading is not None:
            reading.state_changed.connect(self._next)

    @property
    def transcribing(self) -> bool:
        return self.runner.running or (self.wanted and self.has_model())

    @staticmethod
    def has_model() -> bool:
        from evidence_logger.speech import models

        return models.active() is not None

    def transcribe_new(self, shas: list[str]) -> None:
        """Recordings were imported: transcribe them (and any other waiting) when free."""
        if shas:
            self.wanted = True
            self._next()

    def transcribe_waiting(self) -> None:
        self.wanted = True
        self._next()

    def _blocked(self) -> bool:
        return self.main_runner.running or (
            self.reading is not None and getattr(self.reading, "reading", False))

    def _next(self) -> None:
        case = self.session.case
        if not self.wanted or case is None or self.session.read_only or self.runner.running \
                or self.stopping or not self.has_model():
            return
        if self._blocked():
            return
        from evidence_logger.speech.store import count_waiting

        if not count_waiting(case.db):
            self.wanted = False
            return
        self.folder = case.folder
        self.done = self.total = 0
        self.runner.start(transcribing_task(case.folder))
        self.state_changed.emit()

    def stop(self) -> None:
        """Stop between two segments (what is transcribed is kept)."""
        if self.runner.running:
            self.stopping = True
            self.runner.cancel()

    def shutdown(self) -> None:
        self.wanted = False
        self.stop()
        self.runner.wait(10_000)

    def _progressed(self, progress: Any) -> None:
        if isinstance(progress, Progress):
            self.done, self.total = progress.done, progress.total
            self.state_changed.emit()

    def _done(self, report: Any) -> None:
        self.wanted = False
        if report.unavailable is not None:
            self.unavailable_sentence = report.unavailable.message()
        elif report.transcribed:
            self.window.statusBar().showMessage(tr(
                "Transcribed {count} recording(s) in the background (machine transcripts).",
                count=report.transcribed), SAID_MS)
        self._finish()

    def _failed(self, error: Any) -> None:
        log.error("transcribing failed: %r", error)
        self.wanted = False
        self.window.statusBar().showMessage(tr(
            "Transcribing the recordings stopped; the details are in the log."), SAID_MS)
        self._finish()

    def _cancelled(self) -> None:
        self.stopping = False
        self._finish()
        self._next()  # given way to a task: goes on when it ends

    def _finish(self) -> None:
        self.stopping = False
        case = self.session.case
        if case is not None and case.folder == self.folder:
            self.session.notify_changed()
        self.state_changed.emit()

    def _other_task(self, running: bool) -> None:
        if running:
            self.stop()
        else:
            self._next()

    def _case_opened(self) -> None:
        self.stop()
        self.wanted = self.session.case is not None
        self._next()
        self.state_changed.emit()
