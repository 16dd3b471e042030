"""The PDF dossier: Chinese and English, every hash and finding in it, fonts embedded."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader

from evidence_logger import listing
from evidence_logger.debts import add_debt
from evidence_logger.importing import run
from evidence_logger.parties import set_party
from evidence_logger.report.document import build_report
from evidence_logger.rules import evaluate
from tests.fixtures.cases import fill
from tests.report.pdf import fonts_of
from tests.test_cli import run_cli
from tests.test_importing import build_dump


@pytest.fixture
def filled(case, tmp_path):
    fill(case, tmp_path / "dump")
    return case


def flat(reader: PdfReader) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize(("lang", "page_one"), [("zh", "第1页共"), ("en", "Page1of")])
def test_the_dossier_holds_every_finding_and_hash(filled, tmp_path, lang, page_one):
    case = filled
    out = build_report(case, tmp_path / "out" / f"dossier-{lang}.pdf", lang=lang)
    assert out.exists() and not list(out.parent.glob("*.part"))
    reader = PdfReader(out)
    text = flat(reader)
    assert "证据材料" in text and page_one in text
    code = "zh_CN" if lang == "zh" else "en"
    found = evaluate(case)
    assert found
    for finding in found:
        assert re.sub(r"\s+", "", finding.rule.text("title", code)) in text
    for item in listing.evidence(case):
        assert item["sha256"] in text
    assert ("证据目录" if lang == "zh" else "Evidencelist") in text
    fonts = fonts_of(reader)
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts)
    assert len(reader.outline) >= 4
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title and "测试案件" in metadata.title
    assert metadata.author == "Evidence Logger"
    pages = len(reader.pages)
    assert (f"第{pages}页共{pages}页" if lang == "zh" else f"Page{pages}of{pages}") in text


def test_manual_entries_are_marked_as_the_borrowers_statement(filled, tmp_path, capsys):
    case = filled
    code, _, err = run_cli(capsys, "--case", case.folder, "calls", "add", "--at",
                           "2026-03-02T21:00", "--number", "17100000001", "--note",
                           "他说要上门")
    assert code == 0, err
    reader = PdfReader(build_report(case, tmp_path / "d.pdf", lang="zh"))
    text = flat(reader)
    assert "借款人陈述" in text and "手工录入的通话" in text and "他说要上门" in text


def test_the_period_limits_events_and_findings(filled, tmp_path):
    case = filled
    found = evaluate(case)
    assert {f.day for f in found} == {"2026-03-02"}
    reader = PdfReader(build_report(case, tmp_path / "d.pdf", lang="en",
                                    start=date(2026, 3, 3), end=date(2026, 3, 3)))
    text = flat(reader)
    assert "2026-03-03–2026-03-03" in text
    for finding in found:  # every finding is of the 2nd: none is left
        assert re.sub(r"\s+", "", finding.rule.text("title", "en")) not in text
    assert "Noruleisbroken" in text
    kept = [e["sha256"] for e in listing.evidence(case) if e["sha256"] in text]
    assert 0 < len(kept) < len(list(listing.evidence(case)))


def test_the_report_command(filled, tmp_path, capsys):
    case = filled
    case_dir = case.folder
    out = tmp_path / "cli" / "证据材料.pdf"
    code, stdout, err = run_cli(capsys, "--case", case_dir, "report", "--out", out,
                                "--lang", "en", "--from", "2026-03-01", "--to", "2026-03-31")
    assert code == 0, err
    assert out.exists() and str(out) in stdout
    assert "证据材料" in flat(PdfReader(out))
    code, _, err = run_cli(capsys, "--case", case_dir, "report", "--out", out, "--from",
                           "March")
    assert code == 1 and "March" in err


def test_the_debts_table_shows_the_cap_and_the_verdict(filled, tmp_path):
    case = filled
    add_debt(case.db, platform="某某借", principal="5000", annual_rate="36",
             contract_date="2025-06-01", lender_type="platform")
    add_debt(case.db, platform="好借银行", principal="8000", annual_rate="10",
             contract_date="2025-07-01", lender_type="private")
    add_debt(case.db, platform="小贷公司", principal="3000", annual_rate="24",
             contract_date="2025-07-01", lender_type="microlender")
    zh = flat(PdfReader(build_report(case, tmp_path / "d.pdf", lang="zh")))
    assert "借款与利率上限" in zh and "借款人陈述" in zh
    assert "12.00%" in zh and "3.00%" in zh
    assert "未超过上限" in zh and "持牌机构" in zh
    assert zh.count("超过上限") > zh.count("未超过上限")  # 36% is above the 12.00% cap
    en = flat(PdfReader(build_report(case, tmp_path / "e.pdf", lang="en")))
    assert "Debtsandtheinterestcap" in en and "abovethecap" in en and "12.00%" in en
    assert en.index("Debtsandtheinterestcap") < en.index("Evidencelist(证据目录)")


def test_no_debts_no_debts_section(filled, tmp_path):
    text = flat(PdfReader(build_report(filled, tmp_path / "d.pdf", lang="zh")))
    assert "借款与利率上限" not in text


def test_the_complaint_draft_names_the_platform_and_110_when_threatened(filled, tmp_path):
    case = filled
    assert any(f.rule.id == "cn.threat-language" for f in evaluate(case))
    text = flat(PdfReader(build_report(case, tmp_path / "d.pdf", lang="zh")))
    assert "12378投诉草稿" in text and "债权人/平台：某某借" in text
    assert "17100000001" in text and "爆你通讯录" in text and "［由借款人填写］" in text
    assert "威胁或暴力：110" in text and "第293条之一" in text
    assert "中国互联网金融协会" in text and "金融管理局" in text
    assert text.index("12378投诉草稿") < text.index("证据目录提交人")  # the heading
    en = flat(PdfReader(build_report(case, tmp_path / "e.pdf", lang="en")))
    assert "Complaintdraftfor12378" in en and "Threatsorviolence:110" in en
    assert "Art.293-1" in en


def test_the_complaint_draft_has_no_110_note_without_threats(case, tmp_path):
    dump = build_dump(tmp_path / "dump")
    run(case, [dump["calls"]])
    set_party(case.db, "17100000001", "CN", role="collector", platform="某某借")
    set_party(case.db, "17100000002", "CN", role="collector", platform="某某借")
    found = evaluate(case)
    assert found and not any(f.rule.id in ("cn.threat-language", "cn.impersonation")
                             for f in found)
    text = flat(PdfReader(build_report(case, tmp_path / "d.pdf", lang="zh")))
    assert "12378投诉草稿" in text and "债权人/平台：某某借" in text
    assert "威胁或暴力" not in text and "拨打110" not in text and "第293条之一" not in text
