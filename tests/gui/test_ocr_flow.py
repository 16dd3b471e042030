"""Screenshots read in the background after an import: the summary does not wait, the
overview counts down, Cancel leaves every reading whole, other tasks pause the reading, the
engine's absence is said once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from evidence_logger import custody
from evidence_logger.gui import ocr_flow
from evidence_logger.gui.import_flow import SummaryDialog
from evidence_logger.gui.pages.overview import OverviewPage
from evidence_logger.ocr.engine import OcrUnavailable
from tests.gui.helpers import findings_of, wait_idle
from tests.gui.screens import StandInEngine, chats


@pytest.fixture
def case_window(window, tmp_path):
    window.session.create(tmp_path / "case", name="t", timezone="Asia/Shanghai", profile="cn")
    window.session.set_parties(["+8613800138000"], role="collector", platform="速借金融")
    return window


def wait_read(qtbot, window, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: not window.runner.running and not window.reading.reading,
                    timeout=timeout)


def test_after_an_import_screenshots_are_read_in_the_background(case_window, tmp_path, qtbot,
                                                                  monkeypatch):
    window = case_window
    monkeypatch.setattr(ocr_flow, "load_engine", lambda: StandInEngine(0.3))
    chats(tmp_path / "in", 5)
    window.imports.start([tmp_path / "in"], ask_owner=False)
    wait_idle(qtbot, window)
    # the import's summary is up while the screenshots are still being read
    assert any(isinstance(w, SummaryDialog) and w.isVisible()
               for w in QApplication.topLevelWidgets())
    assert window.reading.reading
    overview = window.show_page(OverviewPage)
    qtbot.waitUntil(lambda: window.reading.indicator.isVisible()
                    and "of 5" in window.reading.indicator.label.text())
    assert "being read" in overview.screens.text()
    wait_read(qtbot, window)
    assert window.reading.last_report.read == 5
    assert not window.reading.indicator.isVisible()
    assert overview.screens.text() == "5 read"
    assert not overview.read_button.isVisible()
    # the pages reloaded: the threats read off the screenshots are findings
    assert {f.rule.id for f in findings_of(qtbot, window.session)} >= {"cn.threat-language"}


def test_cancel_keeps_each_screenshot_read_whole_and_the_rest_unread(case_window, tmp_path,
                                                                     qtbot, monkeypatch):
    window = case_window
    monkeypatch.setattr(ocr_flow, "load_engine", lambda: StandInEngine(0.4))
    chats(tmp_path / "in", 6)
    window.imports.show_summary = False
    window.imports.start([tmp_path / "in"], ask_owner=False)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.reading.done >= 1, timeout=30_000)
    window.reading.indicator.cancel_button.click()
    wait_read(qtbot, window)
    db = window.session.case.db
    read = db.execute("SELECT count(*) FROM screen_reads").fetchone()[0]
    assert 1 <= read < 6
    # every reading has its lines, its events and its custody entry, nothing else is there
    assert db.execute("SELECT count(DISTINCT evidence_id) FROM screen_lines").fetchone()[0] \
        == read
    assert db.execute("SELECT count(*) FROM custody WHERE action = 'ocr'").fetchone()[0] == read
    assert db.execute("SELECT count(DISTINCT evidence_id) FROM observations "
                      "WHERE source = 'screenshot'").fetchone()[0] == read
    assert custody.verify(db)[1] == []
    overview = window.show_page(OverviewPage)
    assert f"{6 - read} not read yet" in overview.screens.text()
    assert overview.read_button.isVisible()
    overview.read_button.click()
    wait_read(qtbot, window)
    assert overview.screens.text() == "6 read"


def test_a_task_the_user_starts_pauses_the_reading_which_then_goes_on(case_window, tmp_path,
                                                                      qtbot, monkeypatch):
    window = case_window
    monkeypatch.setattr(ocr_flow, "load_engine", lambda: StandInEngine(0.3))
    chats(tmp_path / "in", 4)
    window.imports.show_summary = False
    window.imports.start([tmp_path / "in"], ask_owner=False)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.runner.background_running, timeout=10_000)

    def other():
        yield None
        return "other done"

    results: list[object] = []
    window.runner.succeeded.connect(results.append)
    window.runner.start(other)
    assert window.runner.running
    wait_idle(qtbot, window)
    assert results == ["other done"]
    wait_read(qtbot, window)
    assert window.session.case.db.execute(
        "SELECT count(*) FROM screen_reads").fetchone()[0] == 4


def test_the_engine_missing_is_said_once(case_window, tmp_path, qtbot, monkeypatch):
    from evidence_logger.ocr import engine

    def missing():
        raise OcrUnavailable("The text reader (OCR) could not be loaded ({reason}). Screenshots "
                             "are kept but not read; everything else works.",
                             reason="ImportError")

    monkeypatch.setattr(engine, "engine", missing)
    window = case_window
    window.imports.show_summary = False
    chats(tmp_path / "in", 1)
    window.imports.start([tmp_path / "in"], ask_owner=False)
    wait_read(qtbot, window)
    assert window.banner.isVisible()
    assert "could not be loaded" in window.banner.text()
    said = window.reading.unavailable_sentence
    assert said
    sayings: list[str] = []
    window.reading.unavailable.connect(sayings.append)
    chats(tmp_path / "more", 2, first=10)
    window.imports.start([tmp_path / "more"], ask_owner=False)
    wait_read(qtbot, window)
    window.reading.read_waiting()
    window.reading.read_all_again()
    wait_read(qtbot, window)
    assert sayings == []
    assert not window.act_read_again.isEnabled()
    assert window.session.case.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 3


def test_reading_again_from_the_menu_and_unread_ones_when_a_case_opens(window, tmp_path, qtbot,
                                                                       monkeypatch):
    from evidence_logger.case import Case
    from evidence_logger.importing import import_paths
    from evidence_logger.tasks import drive

    monkeypatch.setattr(ocr_flow, "load_engine", lambda: StandInEngine())
    folder = tmp_path / "case"
    with Case.create(folder, name="t", timezone="Asia/Shanghai") as case:
        drive(import_paths(case, chats(tmp_path / "in", 3)))  # as import --no-ocr leaves it
    window.session.open(folder)
    wait_read(qtbot, window)
    db = window.session.case.db
    assert db.execute("SELECT count(*) FROM screen_reads").fetchone()[0] == 3
    first = db.execute("SELECT max(read_at_ms) FROM screen_reads").fetchone()[0]
    window.act_read_again.trigger()
    wait_read(qtbot, window)
    assert window.reading.last_report.read == 3
    assert db.execute("SELECT min(read_at_ms) FROM screen_reads").fetchone()[0] >= first


def test_the_real_engine_reads_a_chat_after_an_import(case_window, tmp_path, qtbot):
    window = case_window
    window.imports.show_summary = False
    chats(tmp_path / "in", 1)
    window.imports.start([tmp_path / "in"], ask_owner=False)
    wait_read(qtbot, window, timeout=120_000)
    report = window.reading.last_report
    assert report.unavailable is None and report.read == 1
    assert report.kinds == {"chat": 1}
    texts = [row[0] for row in window.session.case.db.execute("SELECT text FROM screen_lines")]
    assert any("联系你的家人" in text for text in texts)
