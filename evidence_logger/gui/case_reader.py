"""Reading the open case on a worker thread, so that a big case never holds up the window.

:class:`CaseReader` runs a read of the case (a function of a :class:`~evidence_logger.case.Case`,
or a generator function yielding between steps) on a worker with its own read-only connection
(WAL lets it read while the window's connection writes). Each request gets a generation number;
a newer request supersedes the one under way rather than queueing behind it: the older worker
is stopped between two steps, the query it is running is interrupted, and whatever it still
reports carries an old generation and is dropped.

:func:`read_case` is how a page uses it: on a small case the read runs right away (a thread
costs more than it saves there), on a big one on the page's reader, and the page shows the
result when it comes.

Signals of CaseReader: ``ready(int, object)`` (the generation and the result, only for the
newest request), ``failed(int, object)`` (the generation and the exception).
"""

from __future__ import annotations

import inspect
import logging
import sqlite3
import threading
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, Signal

from evidence_logger.gui.tasks import _Worker, detached
from evidence_logger.i18n import N_, tr

log = logging.getLogger(__name__)

# a case with more events than this reads its pages on a worker: below it a page's reads take
# some tens of milliseconds (bench/heavy.py at 20,000 calls, read on the UI thread, stalled it
# for 363 ms while opening)
BIG_CASE_EVENTS = 5_000

Read = Callable[[Any], Any]
READING = N_("Reading the case…")  # what a page says while a big case is read for it
READ_FAILED = N_("This page could not read the case ({reason}). Close and open the case again; "
                 "the log has the details (Help ▸ Show the log folder).")


class _Stop:
    """How the window stops a read under way: a flag and the worker's connection."""

    def __init__(self) -> None:
        self.stopped = threading.Event()
        self.conn: sqlite3.Connection | None = None

    def stop(self) -> None:
        self.stopped.set()
        conn = self.conn
        if conn is not None:
            try:
                conn.interrupt()  # the query under way ends now, not at its end
            except sqlite3.ProgrammingError:  # closed already
                pass


# one read of the case at a time: several at once (the findings, and each page shown) would
# take both CPUs of a small laptop from the window's thread; a read waits for its turn
_TURN = threading.Semaphore(1)


def _task(folder: Path, read: Read, stop: _Stop) -> Callable[[], Generator[Any, None, Any]]:
    def run() -> Generator[Any, None, Any]:
        from evidence_logger.case import Case

        while not _TURN.acquire(timeout=0.02):
            yield None  # waiting for its turn, where it may be stopped
        try:
            yield None
            with Case.open(folder, read_only=True) as case:
                stop.conn = case.db.conn
                try:
                    if inspect.isgeneratorfunction(read):
                        return (yield from read(case))
                    return read(case)
                except sqlite3.OperationalError:
                    if stop.stopped.is_set():
                        return None  # interrupted: a newer request superseded this one
                    raise
                finally:
                    stop.conn = None
        finally:
            _TURN.release()
    return run


class CaseReader(QObject):
    ready = Signal(int, object)
    failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._worker: _Worker | None = None
        self._stop: _Stop | None = None

    @property
    def busy(self) -> bool:
        """A read is under way."""
        return self._worker is not None

    def request(self, folder: Path, read: Read) -> int:
        """Run ``read`` on the case in ``folder`` as it is now, superseding any read under
        way; returns the request's generation."""
        self.cancel()
        generation = self.generation
        stop = _Stop()
        worker = detached(_task(folder, read, stop))
        worker.succeeded.connect(lambda result: self._ended(generation, result, None))
        worker.failed.connect(lambda error: self._ended(generation, None, error))
        self._worker, self._stop = worker, stop
        worker.start()
        return generation

    def cancel(self) -> None:
        """Stop the read under way, if any: whatever it reports is dropped."""
        self.generation += 1
        if self._worker is not None and self._stop is not None:
            self._stop.stop()
            self._worker.stop()
        self._worker = self._stop = None

    def _ended(self, generation: int, result: Any, error: Any) -> None:
        if generation != self.generation:
            log.debug("read of generation %d dropped (now %d)", generation, self.generation)
            return
        self._worker = self._stop = None
        if error is not None:
            self.failed.emit(generation, error)
        else:
            self.ready.emit(generation, result)


def is_big(case: Any) -> bool:
    """Whether ``case`` is big enough for its pages to be read on a worker."""
    last = case.db.execute("SELECT max(id) FROM events").fetchone()[0]  # the rowid: no scan
    return (last or 0) > BIG_CASE_EVENTS


class PageReads(QObject):
    """A page's reads: :meth:`read` runs one and hands its result to a function on the UI
    thread. Signals: ``busy_changed(bool)``, ``failed(str)`` (a sentence for the user)."""

    busy_changed = Signal(bool)
    failed = Signal(str)

    def __init__(self, session: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reader = CaseReader(self)
        self.reader.ready.connect(self._ready)
        self.reader.failed.connect(self._failed)
        self._show: Callable[[Any], None] | None = None
        session.opened.connect(self.reader.cancel)  # a read of the case before is dropped

    @property
    def busy(self) -> bool:
        return self.reader.busy

    def read(self, read: Read, show: Callable[[Any], None]) -> None:
        """``show(read(case))``: at once on a small case, else ``read`` on the worker and
        ``show`` when it is done (a newer call superseding)."""
        case = self.session.case
        if case is None:
            return
        if not is_big(case):
            self.reader.cancel()
            result = read(case)
            if inspect.isgenerator(result):
                from evidence_logger.tasks import drive

                result = drive(cast(Generator[Any, None, Any], result))
            show(result)
            return
        self._show = show
        self.reader.request(case.folder, read)
        self.busy_changed.emit(True)

    def _ready(self, _generation: int, result: Any) -> None:
        show, self._show = self._show, None
        self.busy_changed.emit(False)
        if show is not None and self.session.case is not None:
            show(result)

    def _failed(self, _generation: int, error: Exception) -> None:
        self._show = None
        self.busy_changed.emit(False)
        log.error("reading the case failed", exc_info=error)
        self.failed.emit(tr(READ_FAILED, reason=str(error) or type(error).__name__))
