"""The interest cap: the rule's finding, the debts page and the dossier show the same number
for every debt, a debt with no contract date included (one function decides it)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pypdf import PdfReader

from evidence_logger.debts import add_debt
from evidence_logger.gui.models.debts import CAP_COLUMN, DebtsModel
from evidence_logger.report.document import build_report
from evidence_logger.rules import cap, case_profile, evaluate
from tests.fixtures.cases import fill

FUTURE = {"from": "2099-01-01", "percent": 5.0}  # a rate after today: no date must take it


@pytest.fixture
def future_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    """The LPR table with a rate that takes effect after today, so that judging a debt without
    a contract date by today's rate and by the table's latest rate give different caps."""
    real = cap.load_table

    def with_future(table_id: str) -> dict[str, Any]:
        table = real(table_id)
        return {**table, "rate": [*table["rate"], FUTURE]}

    monkeypatch.setattr(cap, "load_table", with_future)


def test_the_rule_the_debts_page_and_the_dossier_agree(case, tmp_path, qapp, future_rate):
    fill(case, tmp_path / "dump")
    debts = {"无日期贷": None, "旧合同贷": "2024-01-01", "新合同贷": "2025-06-01"}
    for name, contract in debts.items():
        add_debt(case.db, platform=name, principal="5000", annual_rate="35.9",
                 contract_date=contract, lender_type="platform")
    findings = [f for f in evaluate(case) if f.rule.check == "excess-interest"]
    by_rule = {str(f.platform): f.details["cap"] for f in findings}
    assert by_rule == {"无日期贷": "20.00", "旧合同贷": "13.80", "新合同贷": "12.00"}

    model = DebtsModel()
    model.load(case, case_profile(case.db, case.profile), findings)
    on_page = {model.index(r, 0).data(): model.index(r, CAP_COLUMN).data().rstrip("%")
               for r in range(model.rowCount())}
    assert on_page == by_rule

    text = re.sub(r"\s+", "", "".join(
        p.extract_text() for p in PdfReader(build_report(case, tmp_path / "d.pdf",
                                                         lang="en")).pages))
    section = text[text.rindex("Debtsandtheinterestcap"):]
    for platform, expected in by_rule.items():
        row = section[section.index(platform):]
        shown = re.search(r"from(\d{4}-\d{2}-\d{2})(\d+\.\d\d)%", row)
        assert shown is not None and shown.group(2) == expected, (platform, row[:80])


def test_a_rate_within_the_cap_on_paper_but_not_in_truth_is_said_everywhere(case, qapp):
    """砍头息: 10 % stated, 7,000 of 10,000 paid out, 11,000 due in a year."""
    from evidence_logger.gui.models.debts import _VERDICT, ORDER

    add_debt(case.db, platform="快借", principal="10000", annual_rate="10",
             contract_date="2025-06-01", lender_type="platform", received="7000",
             due_dates=["2026-06-01"], due_amounts=["11000"])
    findings = [f for f in evaluate(case) if f.rule.check == "excess-interest"]
    assert [f.details["rate_judged"] for f in findings] == ["true"]
    model = DebtsModel()
    model.load(case, case_profile(case.db, case.profile), findings)
    verdict = model.index(0, ORDER.index(_VERDICT)).data()
    assert "true rate" in verdict and "above" in verdict
    assert model.above_cap(model.debt(0))


def test_the_finding_s_detail_gives_the_true_rate_it_was_judged_by(case, qapp):
    from zoneinfo import ZoneInfo

    from evidence_logger.gui.finding_detail import facts_html

    add_debt(case.db, platform="快借", principal="10000", annual_rate="10",
             contract_date="2025-06-01", lender_type="platform", received="7000",
             due_dates=["2026-06-01"], due_amounts=["11000"])
    (found,) = [f for f in evaluate(case) if f.rule.check == "excess-interest"]
    html = facts_html(found, [], {}, "CN", ZoneInfo("Asia/Shanghai"))
    assert "True annual rate" in html and "7000 paid out after fees" in html
