"""The window asks the year of a carrier's detail record whose dates have none, then imports
that file again with it; cancelling the question leaves the file out."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from evidence_logger import listing
from evidence_logger.gui.import_flow import YearDialog
from tests.fixtures.carrier import MOBILE, mobile_row, write_table
from tests.gui.helpers import answer_next_dialog, wait_idle


def yearless(tmp_path):
    return write_table(tmp_path / "详单.xlsx", MOBILE, [
        mobile_row("11-02 08:00:00", "主叫", "13800002222", "9秒"),
        mobile_row("11-03 21:15:40", "被叫", "13800003333", "1分2秒")])


def new_case(window, tmp_path):
    window.session.create(tmp_path / "case", name="年份", timezone="Asia/Shanghai",
                          profile="cn")
    window.imports.show_summary = False


def test_the_year_is_asked_and_the_file_imported_again_with_it(window, tmp_path, qtbot):
    new_case(window, tmp_path)
    asked: list[str] = []

    def answer(dialog):
        assert isinstance(dialog, YearDialog)
        asked.append(dialog.windowTitle())
        assert any("详单.xlsx" in label.text() for label in dialog.findChildren(QLabel))
        assert not dialog.ok.isEnabled()  # no year chosen yet
        dialog.spin.setValue(2024)
        assert dialog.ok.isEnabled()
        assert dialog.dates.text() == "Its rows will be read as 2024-11-02 to 2024-11-03."
        dialog.accept()

    answer_next_dialog(answer)
    window.imports.start([yearless(tmp_path)], ask_owner=False)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(asked) and not window.runner.running
                    and window.imports.last_report is not None
                    and window.imports.last_report.complete, timeout=30_000)
    assert asked == ["Which year?"]
    events = list(listing.events(window.session.case))
    assert [e["at"][:19] for e in events] == ["2024-11-02T08:00:00", "2024-11-03T21:15:40"]
    assert window.imports.year_queue == []


def test_the_question_starts_empty_and_refuses_a_year_in_the_future(window, qtbot):
    from datetime import date

    dialog = YearDialog(window, "详单.csv", "12-30", "01-02")
    qtbot.addWidget(dialog)
    assert dialog.spin.text().strip() == "" and not dialog.ok.isEnabled()
    dialog.spin.setValue(2024)  # the year of the first row; January is the next year's
    assert dialog.ok.isEnabled()
    assert dialog.dates.text() == "Its rows will be read as 2024-12-30 to 2025-01-02."
    dialog.spin.setValue(date.today().year + 1)
    assert not dialog.ok.isEnabled() and "after today" in dialog.dates.text()


def test_cancelling_the_question_imports_nothing_of_that_file(window, tmp_path, qtbot):
    new_case(window, tmp_path)
    cancelled: list[bool] = []

    def cancel(dialog):
        cancelled.append(isinstance(dialog, YearDialog))
        dialog.reject()

    answer_next_dialog(cancel)
    window.imports.start([yearless(tmp_path)], ask_owner=False)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(cancelled), timeout=30_000)
    assert cancelled == [True]
    report = window.imports.last_report
    assert [p.needs_year for p in report.problems] == [True]
    assert list(listing.events(window.session.case)) == []


def test_the_summary_lists_what_the_readers_said(window, tmp_path, qtbot):
    from evidence_logger.gui.import_flow import SummaryDialog
    from evidence_logger.importing import Imported, ImportReport
    from evidence_logger.records import FileNote

    note = FileNote("{name}: {count} subtotal or total row(s) were passed over (they are not"
                    " calls or messages).", {"count": 2})
    report = ImportReport(imported=[Imported(str(tmp_path / "详单.pdf"), "0" * 64, "call-log",
                                             "carrier-calls", 3, 0, [note])])
    dialog = SummaryDialog(window, report)
    qtbot.addWidget(dialog)
    assert [dialog.notes.item(i).text() for i in range(dialog.notes.count())] == [
        "详单.pdf: 2 subtotal or total row(s) were passed over (they are not calls or messages)."]
