"""Screenshots in the dossier: large, their machine-read text beside them, and the region of a
lexicon finding cropped at reading size with its words boxed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pypdf import PdfReader

from evidence_logger import listing
from evidence_logger.ocr.store import reading_of
from evidence_logger.report.crops import crop_region, locator_lines, word_box, word_boxes
from evidence_logger.report.document import build_report
from evidence_logger.report.layout import WIDTH
from evidence_logger.report.media import PIXELS
from evidence_logger.report.screens import crop_of
from tests.report.pdf import fonts_of
from tests.report.screens import ENGINE, THREAT, read_chat


@pytest.fixture
def read_case(case, tmp_path):
    read_chat(case, tmp_path / "shots")
    return case


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _images(page: Any) -> list[Any]:
    return [x.get_object() for x in page["/Resources"].get("/XObject", {}).values()
            if x.get_object()["/Subtype"] == "/Image"]


@pytest.mark.parametrize(("lang", "marking"), [
    ("zh", "机器识别文字（OCR），仅供参考，以原图为准"),
    ("en", "Machine-readtext(OCR),forreferenceonly:theoriginalimageprevails."),
])
def test_the_machine_read_text_stands_beside_its_screenshot(read_case, tmp_path, lang, marking):
    reader = PdfReader(build_report(read_case, tmp_path / f"d-{lang}.pdf", lang=lang))
    pages = [_flat(page.extract_text()) for page in reader.pages]
    sheet = next(n for n, text in enumerate(pages) if marking in text)
    text = pages[sheet]
    assert _flat(ENGINE.engine) in text and _flat(ENGINE.model) in text
    for line in (*THREAT, "您的借款已逾期三天", "我下周一定还"):
        assert line in text
    assert ("识别出的时间：2026-10-1315:06" if lang == "zh" else "timeasread:2026-10-1315:06") \
        in text
    # the screenshot itself at least half the page wide, at 2 pixels a point
    assert max(image["/Width"] for image in _images(reader.pages[sheet])) >= WIDTH / 2 * PIXELS
    fonts = fonts_of(reader)  # the sheet's two columns name no font the PDF leaves out
    assert all(fonts.values()) and not any("Helvetica" in name for name in fonts), fonts


def test_a_lexicon_finding_on_a_screenshot_shows_the_region_cropped(read_case, tmp_path):
    case = read_case
    sha = next(e["sha256"] for e in listing.evidence(case))
    reading = reading_of(case.db, sha)
    assert reading is not None
    crop = crop_of(case.vault.path(sha), reading, [5, 6], ["爆你通讯录", "上门找你"])
    assert crop is not None
    reader = PdfReader(build_report(case, tmp_path / "d.pdf", lang="zh"))
    findings = next(page for page in reader.pages
                    if "命中词语在截图中的位置" in _flat(page.extract_text()))
    assert "证据第1号，第5–6行" in _flat(findings.extract_text())
    sizes = {(image["/Width"], image["/Height"]) for image in _images(findings)}
    assert (round(crop.width * PIXELS), round(crop.height * PIXELS)) in sizes


def test_the_crop_takes_the_lines_with_context_and_the_screens_width(read_case):
    case = read_case
    sha = next(e["sha256"] for e in listing.evidence(case))
    reading = reading_of(case.db, sha)
    assert reading is not None
    five, six = (line["box"] for line in reading["lines"] if line["line"] in (5, 6))
    region = crop_region([five, six], (1080, 2340))
    assert region is not None
    left, top, right, bottom = region
    assert (left, right) == (0, 1080)
    assert top < five[1] and bottom > six[3]
    assert top > reading["lines"][3]["box"][1]  # the bubble above is not in it
    crop = crop_of(case.vault.path(sha), reading, [5, 6], ["爆你通讯录"])
    assert crop is not None and crop.lines == [tuple(five), tuple(six)]
    (word,) = crop.words  # on line 6 alone: it starts the line
    assert word[0] == six[0] and (word[1], word[3]) == (six[1], six[3])
    assert six[0] < word[2] < six[2]
    # 爆你通讯录 is 5 of the line's 12 wide characters
    assert word[2] - word[0] == pytest.approx((six[2] - six[0]) * 5 / 12, abs=1)


def test_a_word_running_on_to_the_next_line_gets_a_box_on_each():
    lines = [{"text": "我们就爆你", "box": [0, 0, 500, 40]},
             {"text": "通讯录abc", "box": [0, 50, 300, 90]}]
    first, second = word_boxes(lines, ["爆你通讯录"])
    assert first == (300.0, 0, 500.0, 40)
    assert second[0] == 0 and second[2] == pytest.approx(300 * 3 / 4.65)
    assert word_box("ab", [0, 0, 100, 10], 1, 2) == (50.0, 0, 100.0, 10)


def test_locators_name_their_lines():
    assert locator_lines("line 5") == [5]
    assert locator_lines("lines 5-7") == [5, 6, 7]
    assert locator_lines("line 3 (call 2 of 3)") == [3]
    assert locator_lines("sms 4") == [] and locator_lines("lines 7-5") == []
