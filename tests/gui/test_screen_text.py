"""The screenshot viewer: the recognised lines outlined over the image, the machine-read text
beside it (selectable, copied), the lines and the outlines leading to each other, matched
threat words in red; the Evidence page's search finding text in screenshots; the timeline's
search finding messages read off them."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from evidence_logger.case import Case
from evidence_logger.gui.models.screen_lines import ScreenLinesModel, marked_lines
from evidence_logger.gui.pages.evidence import IMAGE, EvidencePage
from evidence_logger.gui.pages.timeline import TimelinePage
from evidence_logger.importing import import_paths
from evidence_logger.ocr.reading import read_screenshots
from evidence_logger.ocr.store import reading_of
from evidence_logger.parties import set_party
from evidence_logger.tasks import drive
from tests.gui.screens import StandInEngine, chats
from tests.ocr.test_layout import SMS


def line_of(words: str) -> int:
    """The number (1-based) of the chat's line holding ``words``."""
    return next(n for n, spec in enumerate(SMS, 1) if words in spec[0])


THREAT, COURT, PAY = line_of("联系你的家人"), line_of("我们是法院"), line_of("利息太高")


@pytest.fixture
def read_folder(tmp_path):
    """A case with a chat screenshot read by the stand-in engine, its sender a collector."""
    folder = tmp_path / "case"
    with Case.create(folder, name="t", timezone="Asia/Shanghai") as case:
        set_party(case.db, "+8613800138000", case.region, role="collector", platform="速借金融")
        drive(import_paths(case, chats(tmp_path / "in", 1)))
        drive(read_screenshots(case, load=StandInEngine))
    return folder


@pytest.fixture
def viewer(window, read_folder):
    window.reading.read_on_open = False
    window.session.open(read_folder)
    page = window.show_page(EvidencePage)
    page.table.selectRow(0)
    assert page.media.currentIndex() == IMAGE
    return page


def test_the_lines_model(qtmodeltester, read_folder):
    model = ScreenLinesModel()
    qtmodeltester.check(model)
    with Case.open(read_folder) as case:
        sha = case.db.execute("SELECT sha256 FROM evidence").fetchone()[0]
        reading = reading_of(case.db, sha)
    assert reading is not None
    lines = reading["lines"]
    model.load(lines, marked_lines(lines, ["联系你的家人"]))
    qtmodeltester.check(model)
    assert model.rowCount() == len(lines) == len(SMS)
    assert model.marked == {THREAT: ["联系你的家人"]}


def test_the_viewer_outlines_each_line_and_says_it_is_machine_read(viewer):
    text = viewer.screen_text
    assert "Machine-read text (OCR)" in text.header.text()
    assert "stand-in engine 1.0" in text.header.text()
    assert "the test's own lines" in text.header.text()
    assert text.model.rowCount() == len(SMS)
    assert len(viewer.image.outlines) == len(SMS)
    assert all(rect.isVisible() for rect in viewer.image.outlines.values())
    text.outlines.setChecked(False)
    assert not any(rect.isVisible() for rect in viewer.image.outlines.values())
    text.outlines.setChecked(True)
    assert all(rect.isVisible() for rect in viewer.image.outlines.values())


def test_matched_threat_words_are_red_on_the_image_and_in_the_text(viewer):
    marked = viewer.image.marked
    assert marked[THREAT] == ["联系你的家人"]
    assert marked[COURT] == ["我们是法院"]
    assert {label.text() for label in viewer.image.words} == {"联系你的家人", "我们是法院"}
    assert viewer.image.outlines[THREAT].pen().color().red() > 200
    assert viewer.screen_text.model.index(THREAT - 1, 1).data() == "再不还款就联系你的家人和单位"


def test_a_line_and_its_outline_lead_to_each_other_and_copy(viewer, qtbot):
    text = viewer.screen_text
    text.table.selectRow(PAY - 1)
    assert viewer.image.highlighted == PAY
    text.copy_selected()
    assert QGuiApplication.clipboard().text() == SMS[PAY - 1][0]
    text.copy_everything()
    assert QGuiApplication.clipboard().text().splitlines()[THREAT - 1] \
        == "再不还款就联系你的家人和单位"
    # clicking the outline of the threat on the image selects it in the text
    center = viewer.image.outlines[THREAT].rect().center()
    assert viewer.image.line_at(center) == THREAT
    viewer.image.line_clicked.emit(THREAT)
    assert text.table.currentIndex().row() == THREAT - 1
    assert viewer.image.highlighted == THREAT
    text.table.setFocus()
    qtbot.keySequence(text.table, "Ctrl+C")
    assert QGuiApplication.clipboard().text() == "再不还款就联系你的家人和单位"


def test_the_evidence_search_finds_text_in_screenshots(viewer, qtbot):
    viewer.search.setText("利息太高")
    viewer.apply_filter()
    assert viewer.model.rowCount() == 1
    assert viewer.screen_text.table.currentIndex().row() == PAY - 1
    viewer.search.setText("没有这句话")
    viewer.apply_filter()
    assert viewer.model.rowCount() == 0


def test_the_timeline_search_finds_messages_read_off_screenshots(viewer, window):
    timeline = window.show_page(TimelinePage)
    timeline.search.setText("法院")
    timeline.apply_filter()
    assert timeline.model.rowCount() == 1
    assert "法院" in timeline.model.index(0, 6).data()


def test_an_unread_screenshot_says_so(window, tmp_path):
    folder = tmp_path / "unread"
    with Case.create(folder, name="t", timezone="Asia/Shanghai") as case:
        drive(import_paths(case, chats(tmp_path / "in", 1)))
    window.reading.read_on_open = False
    window.session.open(folder)
    page = window.show_page(EvidencePage)
    page.table.selectRow(0)
    assert page.screen_text.header.text() == "Its text has not been read yet."
    assert page.screen_text.table.isHidden()
    assert page.image.outlines == {}
