"""The case database: connection, migrations keyed on ``user_version``, transactions.

The only module that opens SQLite connections to a case. Connections run in autocommit mode
and every write happens inside :func:`transaction`, which takes SQLite's write lock up front
(``BEGIN IMMEDIATE``), so that a write sees a stable case and a crash leaves either all of it
or none of it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from evidence_logger.schema import MIGRATIONS

log = logging.getLogger(__name__)

DB_NAME = "case.sqlite"
BUSY_TIMEOUT_MS = 10_000  # how long a write waits for another process's transaction
# SQLite's page cache while a large file out of time order is imported (KiB): room for the
# events_at index of a few hundred thousand events, whose entries such a file writes all over
# it. A fixed cap, so memory stays flat whatever the file's size; otherwise the default (2 MiB)
IMPORT_CACHE_KIB = 16 * 1024


class CaseVersionError(Exception):
    """The case was written by a newer version of the app."""


def connect(path: Path, *, read_only: bool = False) -> sqlite_utils.Database:
    """Open (and, when writable, migrate) the case database at ``path``."""
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA temp_store = MEMORY")
    db = sqlite_utils.Database(conn, execute_plugins=False)  # no third-party plugins (and ~50 ms)
    version = schema_version(db)
    if version > len(MIGRATIONS):
        raise CaseVersionError(version)
    if not read_only:
        migrate(db)
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> None:
    """Apply every migration the database has not seen yet, in one transaction."""
    if schema_version(db) == len(MIGRATIONS):
        return  # up to date: no need for the write lock
    with transaction(db):
        start = schema_version(db)
        for number, script in enumerate(MIGRATIONS[start:], start=start + 1):
            log.info("migrating case database to version %d", number)
            for statement in _statements(script):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Run the block as one write transaction; roll back on any exception."""
    conn = db.conn
    if conn.in_transaction:  # nested: the outer block owns the transaction
        yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


@contextmanager
def page_cache_kept(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Run the block, then put SQLite's page cache cap back as it was (the block may raise it,
    see :func:`raise_page_cache`; pages above the cap are freed then)."""
    conn = db.conn
    before = conn.execute("PRAGMA cache_size").fetchone()[0]
    try:
        yield db
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")


def raise_page_cache(db: sqlite_utils.Database, kib: int) -> None:
    """Cap SQLite's page cache at ``kib`` KiB if it is capped lower (pages are only taken as
    they are used). Only inside :func:`page_cache_kept`, which restores it."""
    conn = db.conn
    now = conn.execute("PRAGMA cache_size").fetchone()[0]
    size = -now if now < 0 else now * conn.execute("PRAGMA page_size").fetchone()[0] // 1024
    if size < kib:
        conn.execute(f"PRAGMA cache_size = {-int(kib)}")


def event_span(db: sqlite_utils.Database) -> tuple[int, int] | None:
    """The first and last ``at_ms`` of the case's events, or None when it has none. Asked
    apart: each alone is one step down the ``events_at`` index, where ``min`` and ``max`` in
    one query read every event (40 ms on a case of 300,000 calls)."""
    lo = db.execute("SELECT min(at_ms) FROM events").fetchone()[0]
    if lo is None:
        return None
    return int(lo), int(db.execute("SELECT max(at_ms) FROM events").fetchone()[0])
