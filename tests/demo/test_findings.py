"""The sample case gives exactly the findings its story was written to give."""

from __future__ import annotations

import pytest

from evidence_logger.case import Case
from evidence_logger.rules import evaluate

SHANDIAN, SUDAI = "闪电借", "速贷宝"
MUM = "+8617000000101"
# (rule, severity, day, platform, number, count, matched words)
EXPECTED = [
    ("cn.daily-calls", "medium", "2026-10-13", SHANDIAN, None, 5, []),
    ("cn.daily-calls", "medium", "2026-10-14", SUDAI, None, 4, []),
    ("cn.daily-calls", "medium", "2026-10-15", SHANDIAN, None, 4, []),
    ("cn.daily-calls", "medium", "2026-10-16", SUDAI, None, 7, []),
    ("cn.redial", "low", "2026-10-16", SUDAI, "+8617100002002", 7, []),
    ("cn.quiet-hours", "medium", "2026-10-13", SHANDIAN, None, 2, []),
    ("cn.quiet-hours", "medium", "2026-10-14", SUDAI, None, 1, []),
    ("cn.quiet-hours", "medium", "2026-10-15", SUDAI, None, 1, []),
    ("cn.third-party", "high", "2026-10-13", SHANDIAN, MUM, 3,
     ["借款", "5000元", "逾期", "紧急联系人", "还款"]),
    ("cn.third-party", "medium", "2026-10-15", SUDAI, MUM, 1, []),
    ("cn.threat-language", "high", "2026-10-13", SHANDIAN, "+8617100001002", 3,
     ["爆你通讯录", "通知你单位", "后果自负"]),
    ("cn.threat-language", "high", "2026-10-13", SHANDIAN, "+8617100001003", 1, ["后果自负"]),
    ("cn.threat-language", "high", "2026-10-15", SHANDIAN, "+8617100001003", 1, ["子女政审"]),
    ("cn.threat-language", "high", "2026-10-16", SUDAI, "+8617100002002", 2,
     ["安排外访人员上门", "去你老家"]),
    # read off the WeChat screenshot (OCR): the collector known by his chat's name
    ("cn.threat-language", "high", "2026-10-16", SUDAI, "速贷宝-贷后专员小刘", 1, ["全家都知道"]),
    ("cn.impersonation", "high", "2026-10-14", SUDAI, "+8617100002001", 3,
     ["已提交法院立案", "传票", "律师函"]),
    ("cn.impersonation", "high", "2026-10-15", SHANDIAN, "+8617100001003", 2,
     ["列入网贷黑名单", "征信一辈子"]),
    ("cn.impersonation", "high", "2026-10-17", SHANDIAN, "+8617100001001", 4,
     ["公安局", "经侦", "民警", "骗贷"]),
    # the two debts without collectors in the files: a bank card, a consumer-finance loan
    ("cn.excess-interest", "note", "2025-11-01", "金桥银行信用卡", None, None, []),
    ("cn.excess-interest", "note", "2025-12-10", "好分期", None, None, []),
    ("cn.excess-interest", "medium", "2026-03-15", SHANDIAN, None, None, []),
    ("cn.excess-interest", "note", "2026-05-08", SUDAI, None, None, []),
]


@pytest.fixture(scope="module")
def findings(built):
    with Case.open(built.case_dir, read_only=True) as case:
        return evaluate(case)


def test_the_findings_are_exactly_the_expected_ones(findings):
    got = [(f.rule.id, f.severity, f.day, f.platform, f.number, f.count, f.matched)
           for f in findings]
    assert got == EXPECTED


def test_daily_calls_count_connected_and_unanswered(findings):
    daily = {(f.day, f.platform): f.details for f in findings if f.rule.id == "cn.daily-calls"}
    assert daily[("2026-10-13", SHANDIAN)] == {"connected": 2, "unanswered": 3, "limit": 3}
    assert daily[("2026-10-16", SUDAI)]["connected"] == 0


def test_the_borrowers_note_and_the_licensed_lender(findings):
    note = next(f for f in findings if f.day == "2026-10-17")
    assert note.details["in"] == "note" and note.details["stated_by_borrower"]
    interest = {f.platform: f.details for f in findings if f.rule.id == "cn.excess-interest"}
    assert interest[SHANDIAN]["annual_rate"] == "35.9" and interest[SHANDIAN]["cap"] == "12.00"
    assert interest[SUDAI]["lender_type"] == "microlender"


def test_every_finding_rests_on_originals_except_the_debts(findings):
    for finding in findings:
        if finding.rule.id == "cn.impersonation" and finding.day == "2026-10-17":
            assert finding.evidence == []  # the borrower's own account of a call
        elif finding.rule.id != "cn.excess-interest":
            assert finding.evidence, finding


def test_the_words_found_do_not_depend_on_the_hash_seed():
    """Two patterns of one length matching at one place: the same one wins in every process."""
    import subprocess
    import sys

    code = ("from evidence_logger.rules import lexicon; "
            "print(lexicon.compile_patterns(lexicon.patterns('cn-threat')).pattern)")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={"PYTHONHASHSEED": seed}, check=True, timeout=60).stdout
            for seed in ("1", "2", "3")}
    assert len(seen) == 1
