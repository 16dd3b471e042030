"""The command line of the way out: debt add/list/rank, negotiation add/list/letter,
plan set/show/export, warnings."""

from __future__ import annotations

import pytest

from tests.report.pdf import text_of_pdf
from tests.test_cli import run_cli, run_json


@pytest.fixture
def folder(tmp_path, capsys):
    case = tmp_path / "case"
    assert run_cli(capsys, "init", case, "--timezone", "Asia/Shanghai")[0] == 0
    return case


def test_debts_whole_in_priority_order(capsys, folder):
    code, out, err = run_cli(
        capsys, "--case", folder, "debt", "add", "--platform", "闪电借", "--principal", "5000",
        "--annual-rate", "35.9", "--contract-date", "2026-03-15", "--lender",
        "深圳闪电借网络科技有限公司", "--lender-type", "platform", "--received", "5000",
        "--fees", "900", "--due-date", "2026-04-15", "--due", "3100", "--due-date",
        "2026-05-15", "--due", "3100", "--reported", "no")
    assert code == 0, err
    assert run_cli(capsys, "--case", folder, "debt", "add", "--platform", "金桥银行",
                   "--principal", "20000", "--annual-rate", "18", "--lender-type", "bank",
                   "--funder", "", "--reported", "yes")[0] == 0
    debts = run_json(capsys, "--case", folder, "debt", "list", "--json")
    assert [d["platform"] for d in debts] == ["金桥银行", "闪电借"]
    first, second = debts
    assert first["rank"] == 1 and "credit reference centre" in first["reason"]
    assert first["cap"]["percent"] is None and first["verdict"] == "no-cap"
    assert second["overdue_days"] > 100 and float(second["true_annual_rate"]) > 100
    assert second["cap"]["percent"] == "12.00" and second["verdict"] == "above"
    assert second["cap"]["lpr_checked_as_of"] == "2026-01-20"
    assert set(first) >= {"rank", "reason", "overdue_days", "true_annual_rate", "cap",
                          "verdict"}
    assert run_cli(capsys, "--case", folder, "debt", "rank", "1", "1")[0] == 0
    assert run_json(capsys, "--case", folder, "debt", "list", "--json")[0]["platform"] == "闪电借"
    code, _, err = run_cli(capsys, "--case", folder, "debt", "add", "--platform", "x",
                           "--principal", "1", "--annual-rate", "1", "--due-date", "2026-01-01")
    assert code == 1 and "its amount" in err
    code, out, _ = run_cli(capsys, "--case", folder, "debt", "list", "--lang", "zh")
    assert code == 0 and "理由" in out


def test_negotiations_plan_and_letter(capsys, folder, tmp_path):
    run_cli(capsys, "--case", folder, "debt", "add", "--platform", "金桥银行", "--principal",
            "12000", "--annual-rate", "18", "--lender-type", "bank")
    code, out, err = run_cli(capsys, "--case", folder, "negotiation", "add", "--platform",
                             "金桥银行", "--at", "2026-10-15T10:00", "--channel", "call",
                             "--asked", "分期60期", "--offered", "分24期", "--outcome", "拒绝")
    assert code == 0 and "negotiation 1" in out, err
    (item,) = run_json(capsys, "--case", folder, "negotiation", "list", "--json")
    assert (item["platform"], item["channel"], item["offered"]) == ("金桥银行", "call", "分24期")
    code, _, err = run_cli(capsys, "--case", folder, "negotiation", "add", "--platform", "x",
                           "--at", "2026-10-15T10:00", "--channel", "call", "--asked", "a",
                           "--event", "99")
    assert code == 1 and "no event 99" in err
    code, _, err = run_cli(capsys, "--case", folder, "plan", "show")
    assert code == 1 and "plan set" in err
    assert run_cli(capsys, "--case", folder, "plan", "set", "--income", "6200", "--expenses",
                   "5200", "--hardship", "降薪")[0] == 0
    plan = run_json(capsys, "--case", folder, "plan", "show", "--json")
    assert plan["left_for_debts"] == "1000"
    assert plan["debts"][0]["monthly"] == "1000.00" and plan["debts"][0]["months_to_clear"] == 12
    code, out, _ = run_cli(capsys, "--case", folder, "negotiation", "letter", "--debt", "1",
                           "--lang", "zh")
    assert code == 0 and "第七十条" in out and "降薪" in out and "二手来源" in out
    out_pdf = tmp_path / "plan.pdf"
    code, out, err = run_cli(capsys, "--case", folder, "plan", "export", "--out", out_pdf)
    assert code == 0, err
    text = text_of_pdf(out_pdf)
    assert "还款计划" in text and "金桥银行" in text and "1000.00" in text
    letter_pdf = tmp_path / "letter.pdf"
    code, out, err = run_cli(capsys, "--case", folder, "negotiation", "letter", "--debt", "1",
                             "--lang", "zh", "--out", letter_pdf)
    assert code == 0 and "letter.pdf" in out, err
    text = text_of_pdf(letter_pdf).replace(" ", "")
    assert "分期还款" in text and "降薪" in text and "第七十条" in text and "二手来源" in text
    code, _, err = run_cli(capsys, "--case", folder, "negotiation", "letter", "--debt", "9",
                           "--out", tmp_path / "none.pdf")
    assert code == 1 and "no debt 9" in err and not (tmp_path / "none.pdf").exists()


def test_warnings_json_is_empty_for_a_new_case(capsys, folder):
    assert run_json(capsys, "--case", folder, "warnings", "--json") == []
    code, out, _ = run_cli(capsys, "--case", folder, "warnings")
    assert code == 0 and "No scam offers" in out
