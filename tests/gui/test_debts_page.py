"""The debts page: add a debt through the form, see the cap verdict; errors next to fields."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidence_logger.gui.models.debts import VERDICT_COLUMN, DebtsModel
from evidence_logger.gui.pages.debts import DebtsPage
from tests.gui.helpers import findings_of


def _fill(page: DebtsPage, platform: str, principal: str, rate: str, lender: str) -> None:
    page.platform.setText(platform)
    page.principal.setText(principal)
    page.rate.setText(rate)
    page.lender.setCurrentIndex(page.lender.findData(lender))


def _verdicts(page: DebtsPage) -> dict[str, str]:
    model = page.model
    return {model.index(r, 0).data(): model.index(r, VERDICT_COLUMN).data()
            for r in range(model.rowCount())}


def test_enter_adds_a_debt_with_its_cap_verdict(filled_window, qtbot):
    page = filled_window.show_page(DebtsPage)
    before = page.model.rowCount()
    _fill(page, "测试贷", "5000", "36", "platform")
    page.date.setDate(page.date.date().fromString("2025-06-01", "yyyy-MM-dd"))
    qtbot.keyClick(page.rate, Qt.Key.Key_Return)
    assert page.model.rowCount() == before + 1
    assert _verdicts(page)["测试贷"].startswith("above the cap")
    assert page.platform.text() == ""
    _fill(page, "某银行", "10000", "36", "bank")
    page.submit()
    assert "does not apply" in _verdicts(page)["某银行"]
    _fill(page, "低息贷", "1000", "10", "platform")
    page.submit()
    assert _verdicts(page)["低息贷"] == "within the cap"
    assert any(f.rule.check == "excess-interest" and f.platform == "测试贷"
               for f in findings_of(qtbot, filled_window.session))


def test_a_bad_rate_shows_a_sentence_next_to_the_field(filled_window):
    page = filled_window.show_page(DebtsPage)
    before = page.model.rowCount()
    _fill(page, "测试贷", "5000", "lots", "platform")
    assert page.submit() is None
    assert page.errors["rate"].text() == "The annual rate must be a number, not lots."
    assert page.model.rowCount() == before
    page.platform.clear()
    page.submit()
    assert page.errors["platform"].text() == "A debt needs the platform or lender's name."


def test_empty_state_and_read_only(window, tmp_path):
    from evidence_logger.case import Case

    page = window.show_page(DebtsPage)
    Case.create(tmp_path / "empty", name="空", timezone="Asia/Shanghai").close()
    window.session.open(tmp_path / "empty")
    assert page.stack.currentWidget() is page.empty
    assert "4 x" in page.empty.text()
    assert page.form_box.isEnabled()
    window.session.case.read_only_bundle = True
    page.refresh()
    assert not page.form_box.isEnabled()


def test_model_passes_the_model_tester(filled_window, qtmodeltester, qtbot):
    page = filled_window.show_page(DebtsPage)
    _fill(page, "测试贷", "5000", "36", "platform")
    page.submit()
    model = DebtsModel()
    session = filled_window.session
    model.load(session.case, session.profile(), findings_of(qtbot, session))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_chinese_labels(filled_window):
    filled_window.set_language("zh_CN")
    page = filled_window.show_page(DebtsPage)
    assert page.add_button.text() == "添加债务"
    assert page.model.headerData(VERDICT_COLUMN, Qt.Orientation.Horizontal) == "结论"
    _fill(page, "测试贷", "5000", "36", "platform")
    page.submit()
    assert "超过上限；无合同日期：采用最新LPR" in {page.model.index(r, VERDICT_COLUMN).data()
                                       for r in range(page.model.rowCount())}


def test_a_debt_whose_contract_date_is_not_known(filled_window):
    page = filled_window.show_page(DebtsPage)
    _fill(page, "无日期贷", "2000", "30", "platform")
    assert page.date.text() == "not known"
    page.submit()
    stored = filled_window.session.case.db.execute(
        "SELECT contract_date FROM debts WHERE platform = '无日期贷'").fetchone()
    assert stored == (None,)
    assert "no contract date: the latest LPR was used" in _verdicts(page)["无日期贷"]
