"""The repayment plan, the negotiation record, the letters and the silence warning."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from evidence_logger.debts import add_debt
from evidence_logger.way_out.budget import Budget, BudgetError, budget, set_budget
from evidence_logger.way_out.letters import letter
from evidence_logger.way_out.negotiations import (
    NegotiationError,
    add_negotiation,
    list_negotiations,
    parse_event_ids,
)
from evidence_logger.way_out.plan import make_plan
from evidence_logger.way_out.priority import ranked_debts
from evidence_logger.way_out.silence import silence_warning, silences


def _two_debts(case):
    add_debt(case.db, platform="银行", principal="1200", annual_rate="18", lender_type="bank",
             reported="yes")
    add_debt(case.db, platform="平台", principal="2400", annual_rate="30",
             lender_type="platform")


def test_the_plan_shares_what_is_left_in_priority_order(case):
    _two_debts(case)
    debts = ranked_debts(case.db)
    plan = make_plan(Budget(Decimal(5000), Decimal(4700), None, 30), debts)
    assert plan.left == 300
    first, second = plan.lines
    assert first.platform == "银行"
    # a twelfth each (100 + 200 = 300): nothing left over for the top
    assert (first.monthly, second.monthly) == (Decimal(100), Decimal(200))
    assert (first.months, second.months) == (12, 12)
    richer = make_plan(Budget(Decimal(5000), Decimal(4000), None, 30), debts)
    assert richer.lines[0].monthly == 1000 - 200 and richer.lines[0].months == 2
    assert richer.months == max(line.months or 0 for line in richer.lines)
    assert richer.lines[1].balances[-1] <= 0


def test_a_plan_without_money_left_says_so(case):
    _two_debts(case)
    plan = make_plan(Budget(Decimal(100), Decimal(300), None, 30), ranked_debts(case.db))
    assert plan.left == 0 and all(line.months is None for line in plan.lines)
    assert make_plan(budget(case.db), ranked_debts(case.db)).ready is False


def test_the_budget_is_kept_and_checked(case):
    set_budget(case.db, income="6,200", expenses="3800", hardship="降薪")
    set_budget(case.db, silence_days=14)
    now = budget(case.db)
    assert (now.income, now.expenses, now.left, now.hardship, now.silence_days) == (
        Decimal(6200), Decimal(3800), Decimal(2400), "降薪", 14)
    with pytest.raises(BudgetError):
        set_budget(case.db, income="lots")
    with pytest.raises(BudgetError):
        set_budget(case.db, silence_days=0)


def test_a_negotiation_is_recorded_with_its_events(case):
    case.db.execute("INSERT INTO parties (id, number) VALUES (1, '+8617100001001')")
    case.db.execute("INSERT INTO events (id, kind, owner, party_id, direction, at_ms, at_source,"
                    " at_trust) VALUES (7, 'call', 'self', 1, 'in', 1000, 'log', 'device')")
    case.db.conn.commit()
    n_id = add_negotiation(case.db, platform="闪电借", at_ms=1_790_000_000_000, channel="call",
                           asked="分6期", offered="一次结清", outcome="拒绝", event_ids=[7])
    (row,) = list_negotiations(case.db, case.tz)
    assert (row["id"], row["events"], row["outcome"]) == (n_id, [7], "拒绝")
    assert row["at"].endswith("+08:00")
    with pytest.raises(NegotiationError, match="no event 8"):
        add_negotiation(case.db, platform="x", at_ms=1, channel="call", asked="a",
                        event_ids=[8])
    with pytest.raises(NegotiationError):
        add_negotiation(case.db, platform="x", at_ms=1, channel="fax", asked="a")
    with pytest.raises(NegotiationError):
        add_negotiation(case.db, platform="x", at_ms=1, channel="call", asked=" ")
    assert parse_event_ids("12, 15，18") == [12, 15, 18]
    with pytest.raises(NegotiationError):
        parse_event_ids("12a")


def test_letters_cite_the_bank_rule_only_for_a_bank_with_its_status(case):
    _two_debts(case)
    set_budget(case.db, income="5000", expenses="4000", hardship="失业")
    debts = ranked_debts(case.db)
    plan = make_plan(budget(case.db), debts)
    bank = letter("instalments", debts[0], plan, budget(case.db), "zh")
    assert bank["rule"] is not None and "第七十条" in bank["rule"]["citation"]
    assert bank["rule"]["status"] == "二手来源" and "并未强制" in bank["rule"]["status_note"]
    assert any("失业" in p for p in bank["paragraphs"])
    assert any("800" in p for p in bank["paragraphs"])  # the plan's instalment
    other = letter("waiver", debts[1], plan, budget(case.db), "en")
    assert other["rule"] is None
    assert not any("Art. 70" in p for p in other["paragraphs"])
    assert any("waive" in p for p in other["paragraphs"])


def test_silence_is_warned_per_creditor_after_the_setting(case):
    _two_debts(case)
    now = datetime(2026, 10, 20, 12, 0, tzinfo=case.tz)
    assert {s.platform for s in silences(case.db, case.tz, now)} == {"银行", "平台"}
    add_negotiation(case.db, platform="银行", channel="call", asked="分期",
                    at_ms=int((now - timedelta(days=5)).timestamp() * 1000))
    assert [s.platform for s in silences(case.db, case.tz, now)] == ["平台"]
    set_budget(case.db, silence_days=3)
    quiet = silences(case.db, case.tz, now)
    assert [(s.platform, s.days) for s in quiet] == [("银行", 5), ("平台", None)]
    text = silence_warning(case.db, case.tz, "en", now)
    assert text and "银行 (5 days)" in text and "3 days" in text
    set_budget(case.db, silence_days=30)
    add_negotiation(case.db, platform="平台", channel="sms", asked="分期",
                    at_ms=int(now.timestamp() * 1000))
    assert silence_warning(case.db, case.tz, "en", now) is None
