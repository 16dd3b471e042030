"""The one way the window runs long work: a core generator on a worker thread.

The core's long jobs (import, export, verify, the sample case) are generators that yield
progress and return a result. :class:`TaskRunner` calls a *factory* on a worker thread (so the
job opens its own database connection there), forwards progress at most every
``PROGRESS_INTERVAL_MS`` and reports the result or the error back on the main thread.
Cancelling closes the generator between two steps, which is how the core cleans up.

Besides the one task the user waits for, the runner keeps one *background* task (reading
screenshots after an import): it reports on its own signals, never blocks the window, and
gives way to a task the user starts: it is stopped between two steps, the user's task runs,
and its owner hears ``background_ended("paused", None)`` so it can go on afterwards.

Widgets are never touched from the worker: it only emits signals.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_MS = 50

TaskFactory = Callable[[], Generator[Any, None, Any]]

# workers still running, kept alive even if their runner goes away (Qt aborts the process
# when a running QThread is destroyed)
_LIVE: set[_Worker] = set()


class _Worker(QThread):
    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(self, factory: TaskFactory) -> None:
        super().__init__()
        self._factory = factory
        self._stop = False

    def stop(self) -> None:
        self._stop = True

    def run(self) -> None:  # on the worker thread
        last = 0.0
        pending = None
        try:
            job = self._factory()
            while True:
                if self._stop:
                    job.close()
                    self.cancelled.emit()
                    return
                try:
                    pending = next(job)
                except StopIteration as stop:
                    if pending is not None:
                        self.progressed.emit(pending)
                    self.succeeded.emit(stop.value)
                    return
                now = time.monotonic()
                if (now - last) * 1000 >= PROGRESS_INTERVAL_MS:
                    self.progressed.emit(pending)
                    pending, last = None, now
        except Exception as error:
            log.exception("background task failed")
            self.failed.emit(error)


class TaskRunner(QObject):
    """Runs one task at a time, and one background task that gives way to it.

    Signals: ``progressed(object)``, ``succeeded(object)``, ``failed(object)`` (the
    exception), ``cancelled()``, ``running_changed(bool)``; for the background task
    ``background_progressed(object)`` and ``background_ended(str, object)`` (``"done"`` with
    the result, ``"failed"`` with the exception, ``"cancelled"`` or ``"paused"`` (it gave way
    to another task) with ``None``)."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    running_changed = Signal(bool)
    background_progressed = Signal(object)
    background_ended = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker: _Worker | None = None  # the task under way
        self._thread: _Worker | None = None  # the last task's thread, until it has ended
        self._background: _Worker | None = None  # the background task under way
        self._giving_way = False  # the background task was stopped for the user's task
        self._pending: _Worker | None = None  # the user's task, waiting for it to stop

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, factory: TaskFactory) -> None:
        if self._worker is not None:
            raise RuntimeError("a task is already running")
        worker = _Worker(factory)
        worker.progressed.connect(self.progressed)
        worker.succeeded.connect(lambda result: self._end(self.succeeded, result))
        worker.failed.connect(lambda error: self._end(self.failed, error))
        worker.cancelled.connect(lambda: self._end(self.cancelled))
        worker.finished.connect(lambda: self._forget(worker))
        self._worker = self._thread = worker
        _LIVE.add(worker)
        self.running_changed.emit(True)
        if self._background is not None:  # it stops between two steps, then this one starts
            self._giving_way = True
            self._pending = worker
            self._background.stop()
        else:
            worker.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.stop()

    # -- the background task ------------------------------------------------------------

    @property
    def background_running(self) -> bool:
        return self._background is not None

    def start_background(self, factory: TaskFactory) -> bool:
        """Start ``factory`` as the background task; False (nothing started) while another
        task or background task runs."""
        if self._worker is not None or self._background is not None:
            return False
        worker = _Worker(factory)
        worker.progressed.connect(self.background_progressed)
        worker.succeeded.connect(lambda result: self._background_end("done", result))
        worker.failed.connect(lambda error: self._background_end("failed", error))
        worker.cancelled.connect(lambda: self._background_end("cancelled", None))
        worker.finished.connect(lambda: self._background_finished(worker))
        self._background = worker
        _LIVE.add(worker)
        worker.start()
        return True

    def cancel_background(self) -> None:
        if self._background is not None:
            self._background.stop()

    def wait_background(self, ms: int = 30_000) -> bool:
        """Block until the background task's thread ends (for tests)."""
        worker = self._background
        return worker.wait(ms) if worker is not None and worker in _LIVE else True

    def _background_end(self, outcome: str, result: Any) -> None:
        self._background = None
        if outcome == "cancelled" and self._giving_way:
            outcome = "paused"
        self._giving_way = False
        self.background_ended.emit(outcome, result)

    def _background_finished(self, worker: _Worker) -> None:
        """The background thread has ended: the user's task waiting for it starts."""
        self._forget(worker)
        pending, self._pending = self._pending, None
        if pending is not None and pending is self._worker:
            pending.start()

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the task's thread ends (for closing the window and for tests)."""
        background = self._background
        if background is not None and background in _LIVE:
            background.wait(ms)
        worker = self._thread
        return worker.wait(ms) if worker is not None and worker in _LIVE else True

    def _end(self, signal, *args: Any) -> None:
        """The task ended: the runner is free before anyone hears the outcome, so a slot may
        start the next task at once."""
        self._worker = None
        self.running_changed.emit(False)
        signal.emit(*args)

    @staticmethod
    def _forget(worker: _Worker) -> None:
        _LIVE.discard(worker)
        worker.deleteLater()


def detached(factory: TaskFactory) -> _Worker:
    """A worker for ``factory`` that no runner owns (the session's findings): kept alive until
    its thread ends and stopped by :func:`stop_all`. Connect its signals, then ``start()``."""
    worker = _Worker(factory)
    _LIVE.add(worker)
    worker.finished.connect(lambda: TaskRunner._forget(worker))
    return worker


def stop_all(ms: int = 10_000) -> None:
    """Ask every task still running (the window's and any page's own) to stop, and wait for
    them: a running thread must not outlive the application."""
    for worker in list(_LIVE):
        worker.stop()
    for worker in list(_LIVE):
        worker.wait(ms)
