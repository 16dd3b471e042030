"""The Way out page (negotiations and letters, the repayment plan, scam warnings), the debts
page's order, and the Overview's warning against silence."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidence_logger.case import Case
from evidence_logger.debts import add_debt
from evidence_logger.gui.models.debts import REASON_COLUMN, TRUE_RATE_COLUMN, DebtsModel
from evidence_logger.gui.models.way_out import NegotiationsModel, PlanModel, WarningsModel
from evidence_logger.gui.pages.debts import DebtsPage
from evidence_logger.gui.pages.overview import OverviewPage
from evidence_logger.gui.pages.way_out import WayOutPage
from evidence_logger.way_out.budget import budget, set_budget
from evidence_logger.way_out.negotiations import list_negotiations
from evidence_logger.way_out.plan import make_plan
from evidence_logger.way_out.priority import ranked_debts
from evidence_logger.way_out.scams import warnings
from tests.report.pdf import text_of_pdf


def _debts(folder) -> None:
    with Case.open(folder) as case:
        add_debt(case.db, platform="金桥银行", principal="12000", annual_rate="18",
                 lender_type="bank", reported="yes")
        add_debt(case.db, platform="闪电借", principal="5000", annual_rate="35.9",
                 contract_date="2026-03-15", fees="900", due_dates=["2026-09-15"],
                 due_amounts=["6800"])
        case.db.execute("INSERT INTO parties (number, role) VALUES ('+8617000000888', "
                        "'unknown')")
        case.db.execute(
            "INSERT INTO events (kind, owner, party_id, direction, at_ms, at_source, at_trust,"
            " text) SELECT 'message', 'self', id, 'in', 1790000000000, 'log', 'device', "
            "'专业债务优化，代办停息挂账，收服务费' FROM parties WHERE number = '+8617000000888'")
        case.db.conn.commit()


def test_the_models_pass_qts_tester(qtmodeltester, filled_folder):
    _debts(filled_folder)
    with Case.open(filled_folder) as case:
        set_budget(case.db, income="6000", expenses="4000")
        debts = DebtsModel()
        qtmodeltester.check(debts)
        debts.load(case)
        qtmodeltester.check(debts)
        assert debts.headerData(0, Qt.Orientation.Vertical) == "1"
        assert debts.index(0, 0).data() == "金桥银行"
        assert debts.index(1, TRUE_RATE_COLUMN).data().endswith("%")
        assert "credit reference centre" in debts.index(0, REASON_COLUMN).data()
        for model, rows in ((NegotiationsModel(), list_negotiations(case.db, case.tz)),
                            (WarningsModel(), warnings(case.db)),
                            (PlanModel(), make_plan(budget(case.db), ranked_debts(case.db)))):
            qtmodeltester.check(model)
            model.load(rows)  # type: ignore[arg-type]
            qtmodeltester.check(model)
        assert model.rowCount() == 2


def test_the_way_out_page_records_plans_and_warns(filled_window, filled_folder, tmp_path):
    _debts(filled_folder)
    filled_window.session.open(filled_folder)
    page = filled_window.show_page(WayOutPage)
    assert page.warnings.rowCount() == 1 and "(1)" in page.tabs.tabText(2)
    assert page.warnings.index(0, 0).data() == "likely scam"
    page.n_platform.setCurrentText("闪电借")
    page.n_asked.setText("分6期")
    page.n_events.setText("x")
    assert page.add_negotiation() is None and "not an event number" in page.n_error.text()
    page.n_events.clear()
    assert page.add_negotiation() is not None
    assert page.negotiations.rowCount() == 1
    assert page.negotiations.index(0, 7).data() == "your statement only"
    page.income.setText("6000")
    page.expenses.setText("lots")
    assert not page.save_budget() and "not an amount" in page.p_error.text()
    page.expenses.setText("4000")
    assert page.save_budget()
    assert page.plan_model.rowCount() == 2 and "2,000.00 a month" in page.left.text()
    page.l_debt.setCurrentIndex(page.l_debt.findData(1))
    assert "Art. 70" in page.write_letter()
    letter = page.export_letter(tmp_path / "letter.pdf")
    assert letter is not None and not page.l_error.text()
    assert "Art. 70" in text_of_pdf(letter)
    assert page.export_letter(letter / "in-a-file.pdf") is None  # its folder is a file
    assert page.l_error.text()  # a sentence, not a traceback
    out = page.export_plan(tmp_path / "plan.pdf")
    assert out is not None
    text = text_of_pdf(out)
    assert "金桥银行" in text and "债务优化" not in text


def test_the_debts_page_lets_the_borrower_reorder(filled_window, filled_folder):
    _debts(filled_folder)
    filled_window.session.open(filled_folder)
    page = filled_window.show_page(DebtsPage)
    assert [page.model.debt(r)["platform"] for r in range(2)] == ["金桥银行", "闪电借"]
    page.table.selectRow(1)
    page.move_debt(-1)
    assert [page.model.debt(r)["platform"] for r in range(2)] == ["闪电借", "金桥银行"]
    assert page.model.ranked(0).by_borrower
    page.move_debt(0)
    assert page.model.debt(0)["platform"] == "金桥银行"
    page.platform.setText("分期贷")
    page.principal.setText("1000")
    page.rate.setText("10")
    page.dues.setText("2026-01-01")
    assert page.submit() is None and page.errors["dues"].isVisible()
    page.dues.setText("2026-01-01 1100")
    assert page.submit() is not None


def test_the_overview_warns_when_a_creditor_has_not_heard_from_the_borrower(filled_window,
                                                                            filled_folder):
    _debts(filled_folder)
    filled_window.session.open(filled_folder)
    page = filled_window.show_page(OverviewPage)
    assert page.silence.isVisible() and "金桥银行" in page.silence.text()
    with Case.open(filled_folder) as case:
        for platform in ("金桥银行", "闪电借"):
            case.db.execute("INSERT INTO negotiations (platform, at_ms, channel, asked, "
                            "created_at_ms) VALUES (?, strftime('%s','now') * 1000, 'call', "
                            "'分期', 0)", (platform,))
        case.db.conn.commit()
    filled_window.session.notify_changed()
    assert not page.silence.isVisible()
