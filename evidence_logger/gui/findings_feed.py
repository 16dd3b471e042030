"""The findings of the open case, computed on a worker thread so that no page waits for them.

The session asks for them whenever the case changes (:meth:`FindingsFeed.request`). Each
request gets a generation number; a newer request supersedes the one under way rather than
queueing behind it: the older worker is stopped between two rules and the query it is running
is interrupted, and whatever it still reports carries an old generation and is dropped. The
worker opens the case read-only on its own connection (WAL lets it read while the window's
connection writes).

Signals: ``ready(int, object)`` (the generation and its findings, only for the newest
request), ``failed(int, object)`` (the generation and the exception).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from evidence_logger.gui.tasks import TaskFactory, _Worker, detached
from evidence_logger.i18n import N_

if TYPE_CHECKING:
    from evidence_logger.rules.engine import Finding

log = logging.getLogger(__name__)

RECOMPUTING = N_("Recomputing findings…")
FAILED = N_("The findings could not be computed ({reason}). Close and open the case again; "
            "the log has the details (Help ▸ Show the log folder).")


class _Stop:
    """How the window stops an evaluation under way: a flag and the worker's connection."""

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


def findings_task(folder: Path, stop: _Stop) -> TaskFactory:
    """A task factory: the findings of the case in ``folder``, on the worker's connection."""
    def run() -> Generator[None, None, list[Finding] | None]:
        from evidence_logger.case import Case
        from evidence_logger.rules.engine import evaluating

        with Case.open(folder, read_only=True) as case:
            stop.conn = case.db.conn
            try:
                return (yield from evaluating(case))
            except sqlite3.OperationalError:
                if stop.stopped.is_set():
                    return None  # interrupted: a newer request superseded this one
                raise
            finally:
                stop.conn = None
    return run


class FindingsFeed(QObject):
    ready = Signal(int, object)
    failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._worker: _Worker | None = None
        self._stop: _Stop | None = None

    @property
    def busy(self) -> bool:
        """An evaluation is under way."""
        return self._worker is not None

    def request(self, folder: Path) -> int:
        """Evaluate the case in ``folder`` as it is now, superseding any evaluation under way;
        returns the request's generation."""
        self.cancel()
        generation = self.generation
        stop = _Stop()
        worker = detached(findings_task(folder, stop))
        worker.succeeded.connect(lambda found: self._ended(generation, found, None))
        worker.failed.connect(lambda error: self._ended(generation, None, error))
        self._worker, self._stop = worker, stop
        worker.start()
        return generation

    def cancel(self) -> None:
        """Stop the evaluation under way, if any: whatever it reports is dropped."""
        self.generation += 1
        if self._worker is not None and self._stop is not None:
            self._stop.stop()
            self._worker.stop()
        self._worker = self._stop = None

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the evaluation's thread ends (for tests)."""
        worker = self._worker
        return worker.wait(ms) if worker is not None else True

    def _ended(self, generation: int, found: Any, error: Any) -> None:
        if generation != self.generation:
            log.debug("findings of generation %d dropped (now %d)", generation, self.generation)
            return
        self._worker = self._stop = None
        if error is not None:
            self.failed.emit(generation, error)
        else:
            self.ready.emit(generation, found)


def findings_state(session: Any) -> str:
    """What a page shows instead of the findings: that they are being recomputed, or why they
    could not be; "" when they are in."""
    from evidence_logger.i18n import tr

    if session.case is None:
        return ""
    if session.findings_problem:
        return tr(FAILED, reason=session.findings_problem)
    return tr(RECOMPUTING) if session.findings() is None else ""
