"""Honest counts: calls split by whose phone and who called, notes apart, and a daily-calls
finding that says which count broke which threshold."""

from __future__ import annotations

from typing import Any

from evidence_logger.rules.counting import (
    FindingList,
    count_words,
    counted,
    daily_breaches,
    events_per_rule,
    notes,
    split_calls,
)
from evidence_logger.rules.engine import Finding
from evidence_logger.rules.profile import load_profile

CN = load_profile("cn")


def daily(count: int, connected: int) -> Finding:
    rule = CN.rule("cn.daily-calls")
    assert rule is not None
    return Finding(rule, "high" if connected > 3 else "medium", count=count,
                   details={"connected": connected, "unanswered": count - connected,
                            "limit": 3, "connected_limit": 3})


def test_calls_are_split_by_whose_phone_and_who_called():
    parties = {"+861": {"role": "collector"}, "+862": {"role": "third-party"}}
    events: list[dict[str, Any]] = [
        {"kind": "call", "owner": "self", "direction": "in", "number": "+861", "connected": True},
        {"kind": "call", "owner": "self", "direction": "in", "number": "+861",
         "connected": False},
        {"kind": "call", "owner": "self", "direction": "out", "number": "+862"},
        {"kind": "call", "owner": "self", "direction": "in", "number": "+862", "connected": True},
        {"kind": "call", "owner": "+862", "direction": "in", "number": "+861"},
        {"kind": "message", "owner": "self", "direction": "in", "number": "+861"},
    ]
    split = split_calls(events, parties)
    assert (split.collection_connected, split.collection_unanswered, split.borrower_own,
            split.other_to_borrower, split.relatives_phones) == (1, 1, 1, 1, 1)


def test_a_day_of_unanswered_calls_says_none_connected():
    finding = daily(7, 0)
    assert daily_breaches(finding) == ["calls"]
    words = count_words(finding, "en")
    assert "0 connected, 7 unanswered" in words and "none of them connected" in words
    assert "exceed 3 a day (medium)" in words


def test_connected_calls_alone_over_the_limit_are_named_as_the_high_breach():
    finding = daily(5, 4)
    assert daily_breaches(finding) == ["calls", "connected"]
    assert "connected calls alone exceed 3 a day (high)" in count_words(finding, "en")
    assert "仅接通的来电就超过每日3次（高）" in count_words(finding, "zh_CN")


def test_notes_are_not_counted():
    note = Finding(CN.rules[-1], "note")
    assert len(counted([daily(4, 1), note])) == 1 and counted([note]) == []
    assert notes([daily(4, 1), note]) == [note]


def test_distinct_events_per_rule_count_each_call_once_and_leave_notes_out():
    night = CN.rule("cn.quiet-hours")
    assert night is not None
    found = [daily(4, 0), daily(5, 0), Finding(night, "medium"), Finding(night, "note")]
    found[0].events, found[1].events = [1, 2, 3, 4], [3, 4, 5, 6, 7]
    found[2].events, found[3].events = [9], [10, 11]
    assert events_per_rule(found) == {"cn.daily-calls": 7, "cn.quiet-hours": 1}
    listed = FindingList(found)
    assert listed == found and listed.events_per_rule == events_per_rule(found)
