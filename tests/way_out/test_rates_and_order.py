"""The true annual rate (IRR over the real cash flows), the cap that binds each lender type,
and the order to deal with the debts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from evidence_logger.debts import DebtError, add_debt, list_debts, parse_schedule, set_rank
from evidence_logger.way_out.caps import binding_cap, verdict_code, verdict_text
from evidence_logger.way_out.priority import ranked, ranked_debts
from evidence_logger.way_out.true_rate import TrueRate, amortised
from evidence_logger.way_out.true_rate import true_rate as _true_rate

TODAY = date(2026, 10, 20)


class Known(TrueRate):
    """A TrueRate whose rate the test knows is there (for the type checker)."""

    rate: Decimal


def true_rate(d) -> Known:
    return _true_rate(d)  # type: ignore[return-value]


def debt(**kw):
    base = {"id": 1, "platform": "p", "principal": "1000", "annual_rate": "10",
            "contract_date": "2026-01-01", "lender_type": "private", "note": None,
            "lender": None, "funder": None, "received": None, "fees": None,
            "reported": "unknown", "repaid": None, "user_rank": None, "dues": []}
    return {**base, **kw}


def test_a_one_year_loan_repaid_at_once_costs_its_stated_rate():
    rate = true_rate(debt(dues=[("2027-01-01", "1100")]))
    assert rate.compounded == Decimal("10.00")
    assert Decimal("9.5") < rate.rate < Decimal("9.6")  # monthly rate x 12: the lower figure


def test_fees_and_a_short_payout_raise_the_true_rate_far_above_the_stated_one():
    dues = amortised(Decimal(5000), Decimal("35.9"), 12, date(2026, 4, 15))
    plain = true_rate(debt(principal="5000", annual_rate="35.9", contract_date="2026-03-15",
                           dues=dues))
    assert abs(plain.rate - Decimal("35.9")) < 1
    charged = true_rate(debt(principal="5000", annual_rate="35.9",
                             contract_date="2026-03-15", dues=dues, fees="900"))
    assert charged.net_received == 4100 and charged.rate > Decimal(70)
    short = true_rate(debt(principal="3000", received="2700", annual_rate="18",
                           contract_date="2026-05-08",
                           dues=amortised(Decimal(3000), Decimal(18), 6, date(2026, 6, 8))))
    assert short.rate > Decimal(50)


def test_without_a_schedule_a_year_at_the_stated_rate_is_assumed_and_said():
    rate = true_rate(debt(fees="100"))
    assert rate.notes and "assumed" in rate.notes[0]
    assert rate.rate > Decimal(20)
    assert true_rate(debt(contract_date=None, dues=[("2027-01-01", "1100")])).rate is None


def test_each_lender_type_gets_the_cap_that_binds_it():
    assert binding_cap(debt(lender_type="private")).percent == Decimal("12.00")
    assert binding_cap(debt(lender_type=None)).id == "private"
    micro = binding_cap(debt(lender_type="microlender"))
    assert (micro.id, micro.percent, micro.status) == ("microlender", Decimal(24), "secondary")
    assert binding_cap(debt(lender_type="bank")).percent is None
    assert binding_cap(debt(lender_type="platform", funder="某消费金融公司",
                            contract_date="2025-11-01")).id == "assisted"
    assert binding_cap(debt(lender_type="platform", funder="某消费金融公司",
                            contract_date="2025-01-01")).id == "private"


def test_an_lpr_cap_carries_the_tables_check_date_and_is_not_verified_after_it():
    before = binding_cap(debt(contract_date="2025-06-01"))
    assert before.checked_as_of == "2026-01-20" and before.status == "verified"
    after = binding_cap(debt(contract_date="2026-03-15"))
    assert after.after_check and after.status == "secondary"
    words = verdict_text(true_rate(debt(contract_date="2026-03-15")), after, "en")
    assert "checked as of 2026-01-20" in words and "check the LPR in force" in words


def test_verdicts():
    high = debt(dues=[("2027-01-01", "1500")])
    assert verdict_code(true_rate(high), binding_cap(high)) == "above"
    low = debt(dues=[("2027-01-01", "1050")])
    assert verdict_code(true_rate(low), binding_cap(low)) == "within"
    bank = debt(lender_type="bank", dues=[("2027-01-01", "1500")])
    assert verdict_code(true_rate(bank), binding_cap(bank)) == "no-cap"


def test_reported_and_licensed_first_then_growth_then_overdue():
    debts = [debt(id=1, dues=[("2026-02-01", "2000")]),  # private, grows fast
             debt(id=2, lender_type="bank", dues=[("2027-01-01", "1100")]),  # licensed
             debt(id=3, reported="yes", dues=[("2027-01-01", "1050")]),  # reported
             debt(id=4, dues=[("2026-09-01", "2000")], reported="no")]  # slower, less overdue
    order = ranked(debts, TODAY)
    assert [d.debt["id"] for d in order] == [3, 2, 1, 4]
    assert order[0].reason("en").startswith("reported to the credit reference centre")
    assert "licensed lender" in order[1].reason("en")
    assert order[2].overdue_days == (TODAY - date(2026, 2, 1)).days
    assert "days overdue" in order[2].reason("en")


def test_overdue_days_start_at_the_first_unpaid_due_date():
    dues = [("2026-08-01", "100"), ("2026-09-01", "100"), ("2026-10-01", "100")]
    assert ranked([debt(dues=dues, repaid="150")], TODAY)[0].overdue_days == 49
    assert ranked([debt(dues=dues, repaid="300")], TODAY)[0].overdue_days is None
    assert ranked([debt(dues=dues, repaid="150")], TODAY)[0].outstanding == 150


def test_the_borrower_overrides_the_order(case):
    for name, kind in (("a", "private"), ("b", "bank"), ("c", "private")):
        add_debt(case.db, platform=name, principal="1000", annual_rate="10", lender_type=kind)
    assert [d.debt["platform"] for d in ranked_debts(case.db)] == ["b", "a", "c"]
    set_rank(case.db, 3, 1)
    order = ranked_debts(case.db)
    assert [d.debt["platform"] for d in order] == ["c", "b", "a"]
    assert order[0].by_borrower and order[0].reason("en").startswith("placed here by you")
    set_rank(case.db, 3, None)
    assert [d.debt["platform"] for d in ranked_debts(case.db)] == ["b", "a", "c"]
    with pytest.raises(DebtError):
        set_rank(case.db, 99, 1)


def test_a_debt_whole_is_kept_with_its_schedule(case):
    dates, amounts = parse_schedule("2026-04-15 3000; 2026-05-15 3000")
    debt_id = add_debt(case.db, platform="闪电借", principal="5000", annual_rate="35.9",
                       contract_date="2026-03-15", lender="某网络小额贷款有限公司",
                       lender_type="microlender", funder=None, received="5000", fees="900",
                       due_dates=dates, due_amounts=amounts, reported="yes")
    (row,) = list_debts(case.db)
    assert row["id"] == debt_id and row["dues"] == [("2026-04-15", "3000"), ("2026-05-15", "3000")]
    assert (row["lender"], row["fees"], row["reported"]) == ("某网络小额贷款有限公司", "900", "yes")
    with pytest.raises(DebtError, match="its amount"):
        add_debt(case.db, platform="x", principal="1", annual_rate="1", due_dates=["2026-01-01"])
    with pytest.raises(DebtError):
        parse_schedule("2026-01-01")
    with pytest.raises(DebtError):
        add_debt(case.db, platform="x", principal="1", annual_rate="1", reported="maybe")


def test_the_entered_rate_verdict_names_the_lpr_tables_check_date():
    from evidence_logger.interest import verdict
    from evidence_logger.rules.cap import legal_cap
    from evidence_logger.rules.profile import load_profile

    rule = next(r for r in load_profile("cn").rules if r.check == "excess-interest")
    late = debt(contract_date="2026-03-15", annual_rate="35.9")
    cap = legal_cap(rule.params, late["contract_date"])
    assert cap["lpr_checked_as_of"] == "2026-01-20" and cap["after_lpr_check"]
    assert verdict(rule, late, cap, "en") == (
        "above the cap; the LPR table was checked up to 2026-01-20: check the LPR in force on "
        "the contract date")
    early = debt(contract_date="2025-06-01", annual_rate="35.9")
    assert verdict(rule, early, legal_cap(rule.params, "2025-06-01"), "en") == "above the cap"
