"""The main window's flows, driven as a user would: welcome, import by drop, who is who,
findings to events, language, window state, a bundle opened as a lawyer."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from evidence_logger.case import Case
from evidence_logger.exporting import run_export
from evidence_logger.gui.import_flow import OwnerDialog, SummaryDialog
from evidence_logger.gui.pages.findings import FindingsPage
from evidence_logger.gui.pages.overview import OverviewPage
from evidence_logger.gui.pages.parties import PartiesPage
from evidence_logger.gui.pages.timeline import TimelinePage
from tests.bundle.bags import write_zip
from tests.gui.helpers import answer_next_dialog, findings_of, wait_idle
from tests.test_importing import build_dump


def drop(window, paths: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_without_a_case_the_welcome_screen_offers_the_four_ways_in(window):
    assert window.stack.currentWidget() is window.welcome
    assert set(window.welcome.buttons) == {"new", "open", "bundle", "sample"}
    assert not window.act_import.isEnabled()
    assert window.windowTitle() == "Evidence Logger"


def test_opening_a_case_shows_its_counts_and_findings(filled_window):
    window = filled_window
    assert window.stack.currentWidget() is window.case_view
    overview = window.page(OverviewPage)
    assert overview.count_labels["calls_in"][1].text() != "0"
    assert overview.rules.rowCount() >= 2
    assert "测试案件" in window.windowTitle()


def test_drop_files_imports_them_with_progress_and_a_summary(window, tmp_path, qtbot):
    window.session.create(tmp_path / "case", name="new", timezone="Asia/Shanghai",
                          profile="cn")
    dump = build_dump(tmp_path / "phone")
    junk = tmp_path / "phone" / "not-audio.mp3"
    junk.write_text("this is a text file named .mp3", encoding="utf-8")
    answer_next_dialog()  # "whose phone?" -> my phone
    drop(window, [dump["calls"], dump["sms"], dump["miui"], junk])
    wait_idle(qtbot, window)
    report = window.imports.last_report
    assert report is not None and len(report.imported) == 3
    assert [Path(p.path).name for p in report.problems] == ["not-audio.mp3"]
    summary = next(w for w in window.findChildren(SummaryDialog))
    assert summary.problems.count() == 1 and "not-audio.mp3" in summary.problems.item(0).text()
    timeline = window.page(TimelinePage)
    assert timeline.model.total > 0


def test_files_from_a_relatives_phone_are_imported_as_theirs(window, tmp_path, qtbot):
    window.session.create(tmp_path / "case", name="new", timezone="Asia/Shanghai",
                          profile="cn")
    dump = build_dump(tmp_path / "phone")

    def mums_phone(dialog):
        assert isinstance(dialog, OwnerDialog)
        dialog.other.setChecked(True)
        dialog.number.setText("13800138000")
        dialog.accept()

    answer_next_dialog(mums_phone)
    drop(window, [dump["mum_calls"]])
    wait_idle(qtbot, window)
    owners = {row[0] for row in window.session.case.db.execute("SELECT owner FROM events")}
    assert owners == {"+8613800138000"}


def test_a_bad_owner_number_is_refused_with_a_sentence(window, tmp_path):
    dialog = OwnerDialog(window, 1, "CN")
    dialog.other.setChecked(True)
    dialog.number.setText("hello")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "hello is not a phone number." == dialog.error.text()


def test_cancelling_an_import_keeps_the_case_whole(window, tmp_path, qtbot):
    window.session.create(tmp_path / "case", name="new", timezone="Asia/Shanghai",
                          profile="cn")
    folder = tmp_path / "many"
    dump = build_dump(tmp_path / "phone")
    folder.mkdir()
    for number in range(40):  # distinct files, each a separate original
        (folder / f"{number}.xml").write_bytes(dump["calls"].read_bytes().replace(
            b"</calls>", f"<!-- {number} --></calls>".encode()))
    window.imports.show_summary = False
    window.imports.start([folder], ask_owner=False)
    window.runner.cancel()
    wait_idle(qtbot, window)
    case = window.session.case
    stored = case.db.execute("SELECT count(*) FROM evidence").fetchone()[0]
    assert stored < 40
    assert case.missing_originals() == []
    assert len(list((case.folder / "originals").rglob("*"))) >= stored  # no orphan rows
    with Case.open(case.folder):
        pass  # the case still opens


def test_marking_numbers_changes_the_findings_and_undo_puts_them_back(filled_window, qtbot):
    window = filled_window
    before = len(findings_of(qtbot, window.session))
    parties = window.show_page(PartiesPage)
    parties.select_numbers(["+8617100000001", "+8617100000002"])
    assert parties.apply.isEnabled()
    parties.role.setCurrentIndex(parties.role.findData("unknown"))
    parties.apply_to_selection()
    after = len(findings_of(qtbot, window.session))
    assert after < before
    findings = window.page(FindingsPage)
    assert findings.model.rowCount() == after
    parties.undo_stack.undo()
    assert len(findings_of(qtbot, window.session)) == before
    log = [row[0] for row in window.session.case.db.execute(
        "SELECT action FROM custody ORDER BY seq")]
    assert log.count("party-set") >= 7  # three by the fixture, two marks, two undos


def test_marking_a_platform_from_the_parties_page(filled_window, qtbot):
    window = filled_window
    parties = window.show_page(PartiesPage)
    parties.select_numbers(["+8617100000001"])
    parties.role.setCurrentIndex(parties.role.findData("collector"))
    parties.detail.setEditText("闪电借")
    parties.apply_to_selection()
    platforms = {f.platform for f in findings_of(qtbot, window.session) if f.platform}
    assert "闪电借" in platforms


def test_a_finding_leads_to_its_events_in_the_timeline(filled_window):
    window = filled_window
    findings = window.show_page(FindingsPage)
    findings.table.selectRow(0)
    finding = findings.current()
    assert finding is not None and finding.events
    assert finding.rule.text("title", "en") in findings.detail.facts.toPlainText()
    findings.events_button.click()
    timeline = window.page(TimelinePage)
    assert window.page_stack.currentWidget() is timeline
    shown = {timeline.model.event_id(r) for r in range(timeline.model.rowCount())}
    assert shown == set(finding.events)


def test_the_overview_opens_a_rules_findings(filled_window):
    window = filled_window
    overview = window.page(OverviewPage)
    rule_id = overview._rule_ids[0]
    overview.rules.cellDoubleClicked.emit(0, 0)
    findings = window.page(FindingsPage)
    assert window.page_stack.currentWidget() is findings
    assert findings.rule.currentData() == rule_id


def test_timeline_filters_and_search(filled_window):
    timeline = filled_window.show_page(TimelinePage)
    total = timeline.model.rowCount()
    timeline.kind.setCurrentIndex(timeline.kind.findData("message"))
    messages = timeline.model.rowCount()
    assert 0 < messages < total
    timeline.clear_filters()
    timeline.role.setCurrentIndex(timeline.role.findData("collector"))
    assert 0 < timeline.model.rowCount() < total
    timeline.clear_filters()
    timeline.search.setText("17100000001")
    timeline.apply_filter()
    assert all("17100000001" in timeline.model.number(r)
               for r in range(timeline.model.rowCount()))
    timeline.clear_filters()
    assert timeline.model.rowCount() == total


def test_switching_language_relabels_the_window(filled_window):
    window = filled_window
    window.set_language("zh_CN")
    assert window.file_menu.title() == "文件(&F)"
    assert window.nav.item(0).text() == "概览"
    timeline = window.page(TimelinePage)
    assert timeline.model.headerData(0, Qt.Orientation.Horizontal) == "时间"
    window.set_language("en")
    assert window.file_menu.title() == "&File"


def test_window_state_and_page_are_remembered(app, window, filled_folder, qtbot):
    from evidence_logger.gui.app import make_window

    window.session.open(filled_folder)
    window.resize(1000, 700)
    window.nav.setCurrentRow(2)
    window.close()
    again = make_window(window.settings)
    qtbot.addWidget(again)
    assert again.nav.currentRow() == 2
    assert again.session.case is not None  # the last case reopened
    assert again.session.case.folder == filled_folder.resolve()
    again.session.close()


def test_a_bundle_opens_verified_and_read_only(window, filled_folder, tmp_path, qtbot):
    with Case.open(filled_folder) as case:
        bundle = run_export(case, tmp_path / "bundle.zip").path
    window.cases.open_bundle(bundle)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.session.case is not None)
    assert window.banner.isVisible()
    assert window.banner.property("level") == "ok"
    assert "exactly as it was exported" in window.banner.text()
    assert not window.act_import.isEnabled()
    parties = window.page(PartiesPage)
    assert not parties.editor.isEnabled()


def test_an_altered_bundle_says_exactly_what_changed(window, filled_folder, tmp_path, qtbot):
    with Case.open(filled_folder) as case:
        bundle = run_export(case, tmp_path / "bundle.zip").path
    with zipfile.ZipFile(bundle) as zf:
        files = {name: zf.read(name) for name in zf.namelist() if not name.endswith("/")}
    target = next(n for n in files if n.endswith("events.csv"))
    files[target] = files[target].replace(b"17100000001", b"17100000009", 1)
    altered = tmp_path / "altered.zip"
    write_zip(altered, files)
    window.cases.open_bundle(altered)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.session.case is not None)
    assert window.banner.property("level") == "error"
    assert "changed after export" in window.banner.text()
    assert target in window.banner.text()


def test_a_file_that_is_not_a_bundle_gets_a_sentence(window, tmp_path, qtbot, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[2]))
    fake = tmp_path / "fake.zip"
    fake.write_text("not a zip", encoding="utf-8")
    window.handle_drop([fake])
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(said))
    assert "fake.zip" in said[0]
    assert window.session.case is None


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_page_has_accessible_names_on_its_inputs(filled_window, lang):
    from PySide6.QtWidgets import QComboBox, QLineEdit

    filled_window.set_language(lang)
    for index in range(len(filled_window.pages)):
        page = filled_window.page_at(index)
        for widget in page.findChildren(QLineEdit) + page.findChildren(QComboBox):
            if isinstance(widget.parent(), QComboBox) or widget.objectName().startswith("qt_"):
                continue  # a combo box's or a spin box's own line edit
            assert widget.accessibleName(), f"{type(page).__name__}: {widget!r}"


def test_the_sample_case_opens_with_its_findings(window, qtbot):
    window.cases.sample_case()
    wait_idle(qtbot, window, timeout=120_000)
    qtbot.waitUntil(lambda: window.session.case is not None)
    rules = {f.rule.check for f in findings_of(qtbot, window.session)}
    assert {"daily-calls", "quiet-hours", "third-party", "lexicon"} <= rules
    bars = window.page(OverviewPage).bars  # days over the limit stand above the line
    assert bars._limit == 3
    assert any(n > 3 for days in bars._data.values() for n in days.values())


def test_the_navigation_lists_each_page_with_its_own_title_and_icon(window):
    from evidence_logger.gui.pages import PAGES

    for index, spec in enumerate(PAGES):
        kind: Any = spec.load()
        assert (kind.title, kind.icon) == (spec.title, spec.icon)
        assert window.nav.item(index).text() == spec.title  # English here


def test_pages_are_built_when_first_shown(filled_window):
    filled_window._prebuild.stop()
    assert filled_window.pages[4] is None or filled_window.nav.currentRow() == 4
    filled_window.nav.setCurrentRow(4)
    assert filled_window.pages[4] is not None
    assert filled_window.page_stack.currentWidget() is filled_window.pages[4]


def test_pages_are_built_ahead_once_the_findings_are_in_and_read_when_shown(filled_window,
                                                                            qtbot):
    window = filled_window
    qtbot.waitUntil(lambda: window.session.findings() is not None)
    window.session.findings_ready.emit()
    qtbot.waitUntil(lambda: all(page is not None for page in window.pages), timeout=10_000)
    unseen = [page for index, page in enumerate(window.pages)
              if index != window.nav.currentRow()]
    assert all(page._stale for page in unseen)  # built, but the case not read yet
    window.nav.setCurrentRow(window.pages.index(unseen[0]))
    assert not unseen[0]._stale


def test_the_app_starts_with_the_last_case_opening_right_after_the_first_paint(
        app, filled_folder, qtbot):
    from evidence_logger.gui.app import make_window

    started = make_window(case=filled_folder, later=True)
    qtbot.addWidget(started)
    assert started.session.case is None
    assert started.stack.currentWidget() is started.case_view  # no flash of the welcome
    assert "Opening" in started.statusBar().currentMessage()
    started.show()
    qtbot.waitUntil(lambda: started.session.case is not None)
    overview: Any = started.page(OverviewPage)
    assert overview.count_labels["calls_in"][1].text() != "0"
    started.session.close()


def test_a_last_case_that_no_longer_opens_falls_back_to_the_welcome(app, tmp_path, qtbot,
                                                                     monkeypatch):
    from evidence_logger.gui.app import make_window

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[2]))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "case.sqlite").write_bytes(b"not a database")
    started = make_window(case=broken, later=True)
    qtbot.addWidget(started)
    started.show()
    qtbot.waitUntil(lambda: started.stack.currentWidget() is started.welcome)
    assert said
