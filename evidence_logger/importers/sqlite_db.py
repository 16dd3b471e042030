"""Phone databases that are SQLite files (iPhone backups, Android's calllog.db and mmssms.db):
opened read-only and immutable, so that the original is never written and no ``-wal``/``-shm``
files appear beside it, and recognised by their tables."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"


def connect(path: Path) -> sqlite3.Connection:
    """Open ``path`` read-only and immutable: SQLite will neither write nor lock it."""
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True)


def tables(con: sqlite3.Connection) -> set[str]:
    return {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def columns(con: sqlite3.Connection, table: str) -> set[str]:
    quoted = table.replace('"', '""')
    return {row[1] for row in con.execute(f'PRAGMA table_info("{quoted}")')}


def _columns_or_none(con: sqlite3.Connection, table: str) -> set[str]:
    """A table's columns; none for one SQLite cannot describe here (a virtual table whose
    module this SQLite lacks), which must not hide the other tables."""
    try:
        return columns(con, table)
    except sqlite3.Error:
        return set()


def schema(path: Path) -> dict[str, set[str]] | None:
    """Each table of the SQLite file ``path`` with its columns; None when ``path`` is not a
    SQLite file or cannot be read as one (what a format's sniffer asks)."""
    try:
        with path.open("rb") as f:
            if f.read(16) != SQLITE_MAGIC:
                return None
        with closing(connect(path)) as con:
            return {table: _columns_or_none(con, table) for table in tables(con)}
    except (OSError, sqlite3.Error):
        return None


def select_list(present: set[str], wanted: set[str]) -> str:
    """The columns of a SELECT for ``wanted``; those the table lacks read as NULL."""
    return ", ".join(c if c in present else f"NULL AS {c}" for c in sorted(wanted))
