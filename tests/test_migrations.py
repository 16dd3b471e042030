"""Migrations: a case made with each older schema opens as one identical to a fresh case's.

Each ``tests/fixtures/schemas/vN.sql`` is a small case as schema version N wrote it, frozen when
that version was the newest (never regenerated from the current migrations): a new migration
needs the fixture of the version before it, and the test below asks for it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from evidence_logger import custody
from evidence_logger.case import Case
from evidence_logger.db import DB_NAME, schema_version
from evidence_logger.schema import MIGRATIONS

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
OLD_VERSIONS = range(1, len(MIGRATIONS))


def schema(db: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """Every table, index and trigger as SQLite keeps them (the statement that made it)."""
    return db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                      "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()


def old_case(folder: Path, version: int) -> Path:
    folder.mkdir()
    with sqlite3.connect(folder / DB_NAME) as made:
        made.executescript((SCHEMAS / f"v{version}.sql").read_text(encoding="utf-8"))
    made.close()
    return folder


def test_every_older_version_has_its_fixture():
    assert sorted(int(p.stem[1:]) for p in SCHEMAS.glob("v*.sql")) == list(OLD_VERSIONS)


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_an_old_case_migrates_to_the_schema_of_a_fresh_one(tmp_path: Path, version: int):
    folder = old_case(tmp_path / "old", version)
    with sqlite3.connect(folder / DB_NAME) as before:
        assert before.execute("PRAGMA user_version").fetchone()[0] == version
        counts = {t: before.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("case_info", "parties", "events", "observations", "debts",
                            "custody")}
    before.close()
    with Case.create(tmp_path / "fresh", name="新", timezone="Asia/Shanghai") as fresh:
        expected = schema(fresh.db.conn)
    with Case.open(folder) as migrated:
        assert schema_version(migrated.db) == len(MIGRATIONS)
        assert schema(migrated.db.conn) == expected
        for table, count in counts.items():  # nothing lost on the way
            assert migrated.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
        assert custody.verify(migrated.db)[1] == []  # the chain still holds
        assert migrated.name == "旧案件"
