"""Where a case stands on the way through, and what is worth a look before exporting."""

from __future__ import annotations

from pathlib import Path

from evidence_logger.case import Case
from evidence_logger.debts import add_debt
from evidence_logger.overview_facts import calls_by_creditor, daily_limit, direction_counts
from evidence_logger.parties import set_party
from evidence_logger.party_activity import latest_messages, recordings
from evidence_logger.readiness import DONE, NEXT, WAITING, before_export, standing
from evidence_logger.rules.profile import case_profile
from tests.fixtures.cases import fill


def test_an_empty_case_waits_for_its_files(tmp_path: Path):
    with Case.create(tmp_path / "c", name="c", timezone="Asia/Shanghai") as case:
        assert [s.state for s in standing(case, 0)] == [NEXT, WAITING, WAITING, WAITING]
        keys = [c.key for c in before_export(case, 0)]
        assert keys == ["collectors", "debts"]


def test_a_filled_case_moves_on_and_its_concerns_go_away(tmp_path: Path):
    with Case.create(tmp_path / "c", name="c", timezone="Asia/Shanghai") as case:
        fill(case, tmp_path / "in")
        steps = {s.key: s for s in standing(case, 3)}
        assert steps["import"].state == DONE and steps["import"].count > 0
        assert steps["parties"].count == 2 and steps["violations"].count == 3
        set_party(case.db, "+8617100000001", "CN", role="unknown")
        steps = {s.key: s for s in standing(case, 3)}
        assert steps["parties"].state == NEXT and steps["parties"].still == 1
        concerns = {c.key: c for c in before_export(case, 4)}
        assert concerns["unknown"].count == 1 and concerns["screenshots"].count == 4
        set_party(case.db, "+8617100000001", "CN", role="collector", platform="某某借")
        add_debt(case.db, platform="某某借", principal="5000", annual_rate="24")
        assert before_export(case, 0) == []


def test_the_overview_counts_calls_each_way_and_per_creditor(tmp_path: Path):
    with Case.create(tmp_path / "c", name="c", timezone="Asia/Shanghai") as case:
        fill(case, tmp_path / "in")
        counts = direction_counts(case)
        calls = case.db.execute("SELECT count(*) FROM events WHERE kind = 'call'").fetchone()[0]
        assert counts["calls_in"] + counts["calls_out"] <= calls
        assert counts["calls_in"] > 0 and counts["messages_in"] > 0
        per_day = calls_by_creditor(case)
        assert set(per_day) == {"某某借"}
        assert daily_limit(case_profile(case.db, case.profile)) == 3


def test_a_numbers_latest_messages_and_recordings(tmp_path: Path):
    with Case.create(tmp_path / "c", name="c", timezone="Asia/Shanghai") as case:
        fill(case, tmp_path / "in")
        messages = latest_messages(case, "+8617100000001")
        assert messages and messages == sorted(messages, key=lambda m: -m["at_ms"])
        found = recordings(case, "+8617100000001")
        assert found and all(len(r["sha256"]) == 64 for r in found)
        assert latest_messages(case, "+8600000000000") == []
