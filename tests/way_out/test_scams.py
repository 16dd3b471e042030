"""Scam warnings: offers to repair credit or handle debts for a fee, requests to sign away
defences; ordinary messages (a lender's notice, a collector's demand, family) are not flagged."""

from __future__ import annotations

import pytest

from evidence_logger.way_out.scams import scan, warnings

FLAGGED = [
    ("专业征信修复，逾期记录可消除，先付定金", "cn-scam-credit-repair"),
    ("可帮您删除网贷逾期记录，包成功", "cn-scam-credit-repair"),
    ("专业债务优化，一对一规划", "cn-scam-debt-agent"),
    ("代办停息挂账，成功后收取服务费", "cn-scam-debt-agent"),
    ("反催收联盟，帮你对付催收", "cn-scam-debt-agent"),
    ("你写一份还款承诺书发过来", "cn-sign-waiver"),
    ("签字确认你自愿放弃一切抗辩权利", "cn-sign-waiver"),
]
ORDINARY = [
    "【工商银行】您尾号0000卡10月15日收入（工资）6,200.00元。",
    "【闪电借】李明先生，您在闪电借的借款5000元已逾期12天，请于今日18点前还款。",
    "【速贷宝】您的账单已逾期3天，请尽快登录App还款。",
    "您可以登录App申请分期还款，我行将按规定为您办理。",
    "您的征信报告可在中国人民银行征信中心官网免费查询。",
    "明明，这个月钱够用吗？不够跟妈说。",
    "周末一起吃饭？别太有压力，有事说。",
    "我们已收到您的投诉，将在15日内答复。",
    "停息挂账需要您本人向银行申请，我行不收取任何费用。",
]


@pytest.mark.parametrize(("text", "lexicon"), FLAGGED)
def test_offers_and_waivers_are_flagged(text, lexicon):
    assert lexicon in dict(scan(text))


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_messages_are_not_flagged(text):
    assert scan(text) == []


def _message(case, event_id, number, text, direction="in", role="unknown"):
    case.db.execute("INSERT OR IGNORE INTO parties (number, role) VALUES (?, ?)", (number, role))
    (party,) = case.db.execute("SELECT id FROM parties WHERE number = ?", (number,)).fetchone()
    case.db.execute("INSERT INTO events (id, kind, owner, party_id, direction, at_ms, at_source,"
                    " at_trust, text) VALUES (?, 'message', 'self', ?, ?, ?, 'log', 'device', ?)",
                    (event_id, party, direction, event_id * 1000, text))
    case.db.conn.commit()


def test_warnings_of_a_case_skip_the_borrowers_own_words(case):
    _message(case, 1, "+8617000000888", "专业债务优化，代办停息挂账，收服务费1980元")
    _message(case, 2, "+8617000000100", "我不会签承诺书", direction="out")
    _message(case, 3, "+8617100002001", "写一份承诺书，并承诺不再投诉", role="collector")
    _message(case, 4, "+8617000000101", "明明，吃饭了吗")
    found = warnings(case.db)
    assert [(w.kind, w.event_ids) for w in found] == [("scam", [1]), ("sign", [3])]
    item = found[0].to_json("en")
    assert item["matched_words"] == ["债务优化", "代办停息挂账"]
    assert "for free" in item["advice"] and item["reason"]
    assert found[1].to_json("zh")["advice"] == "签字前请先咨询律师。"
