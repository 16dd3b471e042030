import sqlite3

import pytest

from evidence_logger import custody
from evidence_logger.db import transaction


def test_chain_verifies_and_grows(case):
    with transaction(case.db):
        first = custody.append(case.db, "test", {"n": 1, "text": "第一"})
        second = custody.append(case.db, "test", {"n": 2})
    assert first != second
    assert custody.head(case.db) == second
    count, problems = custody.verify(case.db)
    assert count == 3  # case-created + two
    assert problems == []


def test_the_database_refuses_edits_and_deletes(case):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        case.db.execute("UPDATE custody SET action = 'x' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        case.db.execute("DELETE FROM custody")


@pytest.mark.parametrize("tamper", [
    "UPDATE custody SET detail = '{\"name\":\"forged\"}' WHERE seq = 2",
    "UPDATE custody SET at_ms = at_ms + 1 WHERE seq = 2",
    "DELETE FROM custody WHERE seq = 2",
])
def test_an_edit_behind_the_triggers_back_is_caught(case, tamper):
    with transaction(case.db):
        for n in range(3):
            custody.append(case.db, "test", {"n": n})
    case.db.execute("DROP TRIGGER custody_no_update")
    case.db.execute("DROP TRIGGER custody_no_delete")
    case.db.execute(tamper)
    _count, problems = custody.verify(case.db)
    assert problems, "tampering went unnoticed"
