"""The way through, as a frightened borrower meets it on a small laptop: an empty case's start
screen with the phone guide, a checklist of steps, a window that fits a 1366x768 screen with a
taskbar, likely collectors marked at once, violations facts first, an export checked before and
explained after."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from evidence_logger.case import Case
from evidence_logger.gui.pages.debts import DebtsPage
from evidence_logger.gui.pages.export import ExportPage
from evidence_logger.gui.pages.findings import FindingsPage
from evidence_logger.gui.pages.overview import OverviewPage
from evidence_logger.gui.pages.parties import PartiesPage
from evidence_logger.parties import set_party
from evidence_logger.readiness import DONE, NEXT
from tests.fixtures.cases import MUM
from tests.gui.helpers import wait_idle

LAPTOP = QRect(0, 0, 1366, 728)  # 1366x768 less a 40-pixel taskbar


def empty_case(window, tmp_path: Path) -> None:
    window.session.create(tmp_path / "empty", name="空", timezone="Asia/Shanghai", profile="cn")


def in_sight(widget: QWidget) -> bool:
    """Shown, and all of it inside the window and not clipped by a scroll area or splitter."""
    if not widget.isVisible():
        return False
    window = widget.window()
    top_left = widget.mapTo(window, widget.rect().topLeft())
    inside = window.rect().contains(QRect(top_left, widget.size()))
    return inside and widget.visibleRegion().boundingRect().size() == widget.size()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_empty_case_starts_with_import_buttons_and_the_phone_guide(window, tmp_path, lang,
                                                                     monkeypatch):
    window.set_language(lang)
    empty_case(window, tmp_path)
    overview = window.page(OverviewPage)
    assert overview.body.currentWidget() is overview.start
    guide = overview.start.guide.toPlainText()
    for phone in ("Xiaomi" if lang == "en" else "小米", "Huawei" if lang == "en" else "华为",
                  "OPPO", "vivo", "realme", "iPhone", "MobileSync", "call_rec", "CallRecord"):
        assert phone in guide
    assert ("详单" in guide) and ("Samsung" in guide or "三星" in guide)
    asked: list[str] = []

    def choose_files(*_args: object, **_kwargs: object) -> tuple[list[str], str]:
        asked.append("files")
        return [], ""

    def choose_folder(*_args: object, **_kwargs: object) -> str:
        asked.append("folder")
        return ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose_files)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose_folder)
    overview.start.files_button.click()
    overview.start.folder_button.click()
    assert asked == ["files", "folder"]


def test_the_guide_is_under_help_too(window):
    window.act_guide.trigger()
    dialog = window.guide_dialog
    assert dialog.isVisible() and "iPhone" in dialog.view.toPlainText()
    dialog.close()


def test_a_drop_that_delivers_nothing_is_told(window, tmp_path, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: said.append(args[2]))
    empty_case(window, tmp_path)
    (tmp_path / "nothing").mkdir()
    window.handle_drop([])  # a phone's window handed over no file
    window.handle_drop([tmp_path / "nothing", tmp_path / "gone.mp3"])
    assert len(said) == 2 and all("copy them to a folder" in s for s in said)
    assert not window.runner.running  # no import was started


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_at_1366x768_with_a_taskbar_nothing_needed_is_out_of_sight(filled_window, lang, qtbot):
    window = filled_window
    window.set_language(lang)
    window.resize(QSize(1920, 1080))
    from evidence_logger.gui import screen_fit

    screen_fit.fit(window, LAPTOP)
    frame = screen_fit.frame_margins(window)
    assert window.width() + frame.left() + frame.right() <= LAPTOP.width()
    assert window.height() + frame.top() + frame.bottom() <= LAPTOP.height()
    qtbot.wait(10)
    needed = {PartiesPage: ["apply", "undo"], DebtsPage: ["add_button"],
              ExportPage: ["start", "browse"], FindingsPage: ["events_button"]}
    for kind, names in needed.items():
        page = window.show_page(kind)
        qtbot.wait(10)
        for name in names:
            assert in_sight(getattr(page, name)), f"{kind.__name__}.{name} ({lang})"
    assert in_sight(window.statusBar())
    for button in window.checklist.buttons.values():
        assert in_sight(button)
    for row in range(window.nav.count()):
        assert window.nav.visualItemRect(window.nav.item(row)).bottom() < window.nav.height()


def test_a_remembered_geometry_from_a_bigger_screen_is_fitted(window):
    from evidence_logger.gui import screen_fit

    window.setGeometry(QRect(400, 300, 1880, 1040))  # where it was on a big monitor
    screen_fit.fit(window, LAPTOP)
    assert LAPTOP.contains(window.frameGeometry()) or (
        window.x() >= 0 and window.y() >= 0 and window.width() <= 1366)


def test_the_first_window_takes_the_default_size_where_it_fits(window):
    from evidence_logger.gui import screen_fit

    screen_fit.fit(window, QRect(0, 0, 1920, 1040), first=True)
    assert window.size() == screen_fit.DEFAULT
    screen_fit.fit(window, LAPTOP, first=True)
    frame = screen_fit.frame_margins(window)
    assert window.height() + frame.top() + frame.bottom() <= LAPTOP.height()


def test_the_checklist_shows_each_steps_state_and_leads_there(window, tmp_path, filled_folder,
                                                              monkeypatch):
    empty_case(window, tmp_path)
    checklist = window.checklist
    assert checklist.isVisible()
    assert [s.state for s in checklist.steps] == [NEXT, "waiting", "waiting", "waiting"]
    chosen: list[str] = []

    def choose_folder(*_args: object, **_kwargs: object) -> str:
        chosen.append("folder")
        return ""

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose_folder)
    checklist.buttons["import"].click()
    assert chosen == ["folder"]
    window.session.open(filled_folder)
    states = {s.key: s.state for s in checklist.steps}
    assert states["import"] == DONE and states["export"] == NEXT
    checklist.buttons["parties"].click()
    assert isinstance(window.page_stack.currentWidget(), PartiesPage)
    checklist.buttons["violations"].click()
    assert isinstance(window.page_stack.currentWidget(), FindingsPage)
    checklist.buttons["export"].click()
    assert isinstance(window.page_stack.currentWidget(), ExportPage)


def test_likely_collectors_come_first_and_are_marked_in_one_action(filled_window):
    window = filled_window
    for number in ("+8617100000001", "+8617100000002"):
        window.session.set_parties([number], role="unknown")
    page = window.show_page(PartiesPage)
    suggested = page.model.suggested
    assert suggested and page.suggest_box.isVisible()
    first = [page.model.party(r)["number"] for r in range(len(suggested))]
    assert set(first) == suggested  # listed first
    assert page.model.index(0, 0).data().startswith("171 0000 000")  # as the phone writes it
    page.suggest_platform.setEditText("某某借")
    page.mark_all.click()
    case = window.session.case
    roles = dict(case.db.execute("SELECT number, role || '/' || ifnull(platform, '') "
                                 "FROM parties").fetchall())
    assert all(roles[n] == "collector/某某借" for n in suggested)
    assert not page.suggest_box.isVisible()
    page.undo.click()  # one undo puts them all back
    assert page.model.suggested == suggested


def test_the_selected_numbers_messages_and_recordings_are_beside_it(filled_window, qtbot):
    window = filled_window
    page = window.show_page(PartiesPage)
    page.select_numbers(["+8617100000001"])
    texts = [page.activity.messages.item(i).text()
             for i in range(page.activity.messages.count())]
    assert any("爆你通讯录" in t for t in texts)
    assert page.activity.recordings.count() >= 1
    assert "171 0000 0001" in page.activity.title.text()
    opened: list[str] = []
    page.evidence_requested.connect(opened.append)
    page.activity.play.click()
    assert opened and len(opened[0]) == 64


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_violations_show_facts_first_and_no_internal_words(filled_window, lang):
    window = filled_window
    window.set_language(lang)
    page = window.show_page(FindingsPage)
    whole = []
    third = None
    for row in range(page.model.rowCount()):
        page.table.selectRow(row)
        finding = page.current()
        assert finding is not None
        if finding.rule.check == "third-party":
            third = page.model.index(row, 1).data()
        shown = page.detail.facts.toPlainText() + page.detail.law.toPlainText()
        whole.append(shown)
        assert not page.detail.law.isVisible()  # the law is folded below the facts
        assert page.model.index(row, 3).data() in ("—", str(len(finding.events)))
    text = "\n".join(whole)
    for internal in ("cn-debt-disclosure", "cn-threat", "二手来源", "is: secondary", "cn."):
        assert internal not in text
    assert third is not None and "→" in third and "母亲" in third  # creditor → person reached
    assert "+86" not in third


def test_a_third_party_finding_names_the_creditor_and_the_person():
    from evidence_logger.gui.models.findings import who
    from evidence_logger.rules.engine import Finding
    from evidence_logger.rules.profile import load_profile

    rule = next(r for r in load_profile("cn").rules if r.check == "third-party")
    finding = Finding(rule, "high", "2026-10-13", "闪电借", "+8617000000101", 3,
                      details={"relation": "母亲", "name": "王秀兰"})
    assert who(finding) == "闪电借 → 母亲 王秀兰"


def test_the_messages_quoted_words_are_shown_with_the_finding(filled_window):
    page = filled_window.show_page(FindingsPage)
    for row in range(page.model.rowCount()):
        page.table.selectRow(row)
        if page.current() is not None and page.current().rule.check == "lexicon":
            assert "爆你通讯录" in page.detail.facts.toPlainText()
            assert page.detail.open_button.isEnabled()
            page.detail.fold.click()
            assert page.detail.law.isVisibleTo(page)
            return
    pytest.fail("no finding about words")


def test_the_overview_counts_say_what_they_count_and_draws_the_limit(filled_window):
    overview = filled_window.page(OverviewPage)
    case = filled_window.session.case
    received = case.db.execute("SELECT count(*) FROM events WHERE kind = 'call' "
                               "AND direction = 'in'").fetchone()[0]
    made = case.db.execute("SELECT count(*) FROM events WHERE kind = 'call' "
                           "AND direction = 'out'").fetchone()[0]
    assert overview.count_labels["calls_in"][1].text() == str(received)
    assert overview.count_labels["calls_out"][1].text() == str(made)
    assert overview.bars._limit == 3 and overview.bars.creditors() == ["某某借"]
    severity = overview.rules.item(0, 0)
    assert severity.foreground().color().name() in ("#c62828", "#ef6c00", "#9e9d24")
    # each rule's row: its findings and the distinct calls and messages they rest on
    found = [f for f in filled_window.session.findings() if f.severity != "note"]
    for row, rule_id in enumerate(overview._rule_ids):
        mine = [f for f in found if f.rule.id == rule_id]
        assert overview.rules.item(row, 2).text() == str(len(mine))
        assert overview.rules.item(row, 3).text() == str(len({e for f in mine
                                                              for e in f.events}))


def test_the_export_page_checks_before_and_lets_the_borrower_pass(filled_window, tmp_path,
                                                                  qtbot):
    window = filled_window
    window.session.set_parties(["+8617100000001"], role="unknown")
    page = window.show_page(ExportPage)
    keys = [c.key for c in page.before.concerns]
    assert "unknown" in keys and "debts" in keys
    assert page.before.isVisible() and page.start.isEnabled()
    page.before.buttons[-1].click()  # the debts' concern leads to the debts page
    assert isinstance(window.page_stack.currentWidget(), DebtsPage)
    window.show_page(ExportPage)
    page.output.setText(str(tmp_path / "out"))
    page.password.setText("secret")
    page.confirm.setText("secret")
    assert page.start_export()
    wait_idle(qtbot, window, timeout=120_000)
    qtbot.waitUntil(lambda: page.outcome is not None, timeout=60_000)
    text = page.result.text()
    assert " KB" in text or " MB" in text
    assert "another way" in text and page.outcome.bundle.fingerprint in text
    assert "bytes" not in text


def test_a_bundle_hides_the_checklist(window, filled_folder, tmp_path, qtbot):
    from evidence_logger.exporting import run_export

    with Case.open(filled_folder) as case:
        run_export(case, tmp_path / "b.zip")
    window.handle_drop([tmp_path / "b.zip"])
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.session.case is not None)
    assert not window.checklist.isVisible()


def test_every_page_icon_is_drawn_sharp_at_twice_the_size(window):
    from evidence_logger.gui.icons import icon
    from evidence_logger.gui.pages import PAGES

    for spec in PAGES:
        made = icon(spec.icon)
        pixmap = made.pixmap(QSize(24, 24), 2.0)
        assert not pixmap.isNull() and pixmap.width() == 48, spec.icon
    assert len({spec.icon for spec in PAGES}) == len(PAGES)  # each page its own


def test_a_marked_mothers_number_is_not_suggested(filled_folder):
    from evidence_logger.readiness import before_export

    with Case.open(filled_folder) as case:
        set_party(case.db, MUM, "CN", role="third-party", relation="母亲")
        keys = [c.key for c in before_export(case, 0)]
    assert "debts" in keys and "collectors" not in keys


def test_a_window_remembered_on_a_big_monitor_opens_inside_this_screen(app, qtbot):
    from PySide6.QtGui import QGuiApplication

    from evidence_logger.gui.app import make_window
    from evidence_logger.gui.settings import GEOMETRY, LANGUAGE, Settings

    settings = Settings()
    settings.set(LANGUAGE, "en")
    first = make_window(settings)
    qtbot.addWidget(first)
    first.setGeometry(QRect(1500, 900, 1880, 1040))  # on a monitor no longer there
    settings.set(GEOMETRY, first.saveGeometry())
    first.close()
    window = make_window(settings)
    qtbot.addWidget(window)
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert area.contains(window.frameGeometry())
    window.session.close()


def test_with_a_banner_shown_at_1366x768_the_overviews_boxes_never_overlap(filled_window, qtbot):
    from evidence_logger.gui import screen_fit

    window = filled_window
    screen_fit.fit(window, LAPTOP)
    overview = window.show_page(OverviewPage)
    overview.silence.setText("No word from you for over 30 days: 某某借. " * 8)
    overview.silence.show()
    qtbot.wait(20)
    for box in (overview.calendar_box, overview.rules_box, overview.counts_box):
        # squeezed below its minimum, a box's children would be drawn over one another
        assert box.height() >= box.minimumSizeHint().height(), box.objectName()
