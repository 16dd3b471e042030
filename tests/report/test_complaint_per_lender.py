"""One complaint per lender, to the right regulator, citing only what binds that lender."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from evidence_logger.debts import add_debt
from evidence_logger.report.document import build_report
from evidence_logger.rules import evaluate
from tests.fixtures.cases import fill

ART_68 = "仅适用于商业银行信用卡"  # the words of the Art. 68 ground, not of the rule's note


def text_of(case, path) -> str:
    reader = PdfReader(build_report(case, path, lang="zh"))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize(("lender_type", "regulator", "art_68", "answer"), [
    ("microlender", "所在地地方金融管理局（不是12378）", False, "答复期限由当地规定"),
    ("bank", "国家金融监督管理总局（12378热线）", True, "15日内"),
])
def test_the_regulator_and_grounds_follow_the_lender_type(case, tmp_path, lender_type,
                                                          regulator, art_68, answer):
    fill(case, tmp_path / "dump")
    assert any(f.rule.id == "cn.third-party" for f in evaluate(case))
    add_debt(case.db, platform="某某借", principal="5000", annual_rate="10",
             contract_date="2026-01-05", lender_type=lender_type)
    text = text_of(case, tmp_path / "d.pdf")
    assert regulator in text and "出借机构类型不明" not in text
    assert (ART_68 in text) is art_68
    assert answer in text  # the 15-day rule binds NFRA-supervised institutions only


def test_a_loan_facilitator_is_complained_about_through_its_funder(case, tmp_path):
    fill(case, tmp_path / "dump")
    add_debt(case.db, platform="某某借", principal="5000", annual_rate="10",
             contract_date="2026-01-05", lender_type="platform")
    case.db.execute("UPDATE debts SET funder = '某某银行股份有限公司'")
    case.db.conn.commit()
    text = text_of(case, tmp_path / "d.pdf")
    assert "针对资金方" in text and "资金方：某某银行股份有限公司" in text
    draft = text[text.index("投诉书草稿1"):]
    assert "被投诉机构（全称）某某银行股份有限公司" in draft
    numbers = draft.split("该机构的催收号码")[1].split("投诉人姓名")[0]
    assert "17100000001" in numbers  # a collector of 某某借, and no relative's number
