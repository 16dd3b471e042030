"""What an evaluation reads on a connection of its own while the facts table is made.

On a heavy case the two longest steps of an evaluation were making ``temp.facts``
(:func:`facts.install`) and then reading the collectors' contacts as columns
(:func:`columns.read`), one after the other on the case's connection (0.23 s and 0.15 s on
300,000 calls, docs/benchmarks.md). SQLite lets go of Python's lock while it works, so the
contacts (read straight from the events, as the facts table would give them) and the
(event, file) pairs behind the findings' originals are read on a second, read-only connection
on a thread of their own, at the same time as the facts table is made.

Not when the case's connection is in a transaction (a second connection would not see what
it has not committed): then, or when the second connection cannot be opened, everything is
read on the case's connection, as before. Both connections read the same committed case:
a change made while an evaluation runs starts another one, which supersedes it.
"""

from __future__ import annotations

import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from evidence_logger.case import Case
from evidence_logger.db import DB_NAME
from evidence_logger.rules import columns

# the (event, file) pairs: every file each event rests on
EVIDENCE_PAIRS = """
    SELECT count(*), group_concat(event_id), group_concat(evidence_id) FROM (
        SELECT event_id, evidence_id FROM observations WHERE evidence_id IS NOT NULL
        UNION ALL SELECT event_id, evidence_id FROM event_links)"""


class SideReads:
    """The rows of the contacts' query and of the evidence pairs, once read (or None: read
    them on the case's connection)."""

    def __init__(self, future: Future[tuple[Any, Any]] | None = None) -> None:
        self._future = future
        self.connection: sqlite3.Connection | None = None  # while it reads

    def stop(self) -> None:
        """The evaluation ended (or was dropped, a newer change superseding it): a read still
        under way is interrupted rather than left to hold a core."""
        connection = self.connection
        if connection is not None and self._future is not None and not self._future.done():
            try:
                connection.interrupt()
            except sqlite3.ProgrammingError:  # closed meanwhile: nothing left to stop
                pass

    def _rows(self) -> tuple[Any, Any] | None:
        if self._future is None:
            return None
        try:
            return self._future.result()
        except sqlite3.Error:  # the second connection could not read: the first one will
            self._future = None
            return None

    def contacts(self) -> tuple | None:
        rows = self._rows()
        return rows[0] if rows is not None else None

    def evidence_pairs(self) -> tuple | None:
        rows = self._rows()
        return rows[1] if rows is not None else None


def start(case: Case) -> SideReads:
    """Start reading the contacts and the evidence pairs apart (after :func:`zone.install`,
    whose offsets the contacts' local times use)."""
    if case.db.conn.in_transaction:
        return SideReads()
    contacts_sql = columns.query(case.db)
    reads = SideReads()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="evidence-logger-side-reads")
    reads._future = pool.submit(_read, reads, case.folder / DB_NAME, contacts_sql)
    pool.shutdown(wait=False)  # the thread ends with its reads
    return reads


def _read(reads: SideReads, path: Path, contacts_sql: str) -> tuple[Any, Any]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                           check_same_thread=False)  # (interrupted from the evaluation's)
    reads.connection = conn
    try:
        return (conn.execute(contacts_sql).fetchone(),
                conn.execute(EVIDENCE_PAIRS).fetchone())
    finally:
        reads.connection = None
        conn.close()
