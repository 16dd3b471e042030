"""Read-only views of a case, as the window shows them."""

from __future__ import annotations

from pathlib import Path

from evidence_logger.case import Case
from evidence_logger.listing import calls_per_day, events
from evidence_logger.rules import evaluate
from tests.fixtures.cases import fill


def test_the_calendar_counts_collection_calls_as_the_daily_rule_does(tmp_path: Path):
    with Case.create(tmp_path / "case", timezone="Asia/Shanghai") as case:
        fill(case, tmp_path / "inputs")
        collectors = {"+8617100000001", "+8617100000002"}
        expected: dict[str, int] = {}
        for event in events(case):
            if event["kind"] == "call" and event["number"] in collectors \
                    and event["direction"] == "in" and event["owner"] == "self":
                expected[event["at"][:10]] = expected.get(event["at"][:10], 0) + 1
        counted = calls_per_day(case)
        assert counted == expected
        # the mother's phone and the borrower's own calls to collectors are not counted
        assert sum(counted.values()) < sum(
            1 for e in events(case) if e["kind"] == "call" and e["number"] in collectors)
        for finding in evaluate(case):
            if finding.rule.check == "daily-calls":
                assert finding.day is not None and finding.count is not None
                assert counted[finding.day] >= finding.count
