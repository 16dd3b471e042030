"""A bundle carries the debts in full, their schedules, the negotiations and the budget, and a
case opened from it shows them as the borrower entered them (the budget not in a submission)."""

from __future__ import annotations

import json
import zipfile

from evidence_logger import debts
from evidence_logger.bundle.opening import open_bundle
from evidence_logger.bundle.submission import plan_submission
from evidence_logger.exporting import run_export
from evidence_logger.way_out.budget import set_budget
from evidence_logger.way_out.negotiations import add_negotiation
from tests.fixtures.cases import fill

TABLES = ("debts", "debt_dues", "negotiations", "negotiation_events", "budget")


def _tables(case):
    return {t: [tuple(r) for r in case.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]
            for t in TABLES}


def _way_out(case, tmp_path):
    fill(case, tmp_path / "dump")
    debt = debts.add_debt(case.db, platform="闪电借", principal="8000", annual_rate="35.9",
                          lender="某某小额贷款有限公司", funder="某某银行", received="7200",
                          fees="800", due_dates=["2026-04-01", "2026-05-01"],
                          due_amounts=["4300", "4300"], reported="yes", repaid="1000")
    debts.set_rank(case.db, debt, 1)
    event = case.db.execute("SELECT min(id) FROM events").fetchone()[0]
    add_negotiation(case.db, platform="闪电借", at_ms=1_772_000_000_000, channel="call",
                    asked="分12期还本金，停止罚息", offered="只减免部分罚息", outcome="未同意",
                    counterpart="客服 王女士", event_ids=[event])
    set_budget(case.db, income="5200", expenses="3900", hardship="失业三个月", silence_days=21)


def test_a_bundle_opened_shows_the_way_out_as_it_was_entered(case, tmp_path):
    _way_out(case, tmp_path)
    before = _tables(case)
    assert all(before.values())  # every table has rows, so the comparison means something
    bundle = run_export(case, tmp_path / "b.zip").path
    with zipfile.ZipFile(bundle) as zf:
        document = json.loads(zf.read("data/case/case.json"))
    assert document["debts"][0]["funder"] == "某某银行"
    assert document["budget"]["hardship"] == "失业三个月"
    opened = open_bundle(bundle, tmp_path / "opened")
    assert _tables(opened) == before
    opened.close()


def test_a_submission_leaves_the_budget_out(case, tmp_path):
    _way_out(case, tmp_path)
    bundle = run_export(case, tmp_path / "s.zip", plan=plan_submission(case)).path
    with zipfile.ZipFile(bundle) as zf:
        document = json.loads(zf.read("data/case/case.json"))
    assert document["budget"] is None
    assert document["negotiations"] and document["debts"][0]["lender"] == "某某小额贷款有限公司"
    opened = open_bundle(bundle, tmp_path / "opened")
    assert _tables(opened)["budget"] == []
    opened.close()


def test_a_bundle_made_before_the_way_out_opens_with_its_debts(case, tmp_path):
    """Older bundles carry debts with fewer columns and none of the other tables."""
    _way_out(case, tmp_path)
    bundle = run_export(case, tmp_path / "b.zip").path
    from evidence_logger.bundle import opening

    with zipfile.ZipFile(bundle) as zf:
        document = json.loads(zf.read("data/case/case.json"))
    old = {**document, "debts": [{k: d[k] for k in ("id", "platform", "principal",
                                                     "annual_rate", "contract_date",
                                                     "lender_type", "note", "created_at_ms")}
                                 for d in document["debts"]]}
    for key in ("debt_dues", "negotiations", "negotiation_events", "budget"):
        del old[key]
    from evidence_logger.case import Case
    from evidence_logger.db import transaction

    rebuilt = Case.create(tmp_path / "rebuilt", timezone="Asia/Shanghai")
    with transaction(rebuilt.db):
        opening.way_out_document.restore(rebuilt.db, old)
    row = rebuilt.db.execute("SELECT platform, reported, lender FROM debts").fetchone()
    assert tuple(row) == ("闪电借", "unknown", None)
    rebuilt.close()
