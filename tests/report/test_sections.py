"""The dossier's chart, timeline, pictures and links, read back from the PDF."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pypdf import PdfReader

from evidence_logger.report.document import build_report
from evidence_logger.report.fonts import BOLD, missing_glyphs, printable
from evidence_logger.report.timeline import mark
from tests.fixtures.cases import fill


@pytest.fixture
def filled(case, tmp_path):
    fill(case, tmp_path / "dump")
    return case


def pages_text(reader: PdfReader) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def page_with(pages: list[str], title: str) -> str:
    """The page that starts with the heading ``title``."""
    (found,) = [p for p in pages if p.startswith(title)]
    return found


def test_the_chart_counts_calls_per_creditor_and_draws_the_limit(filled, tmp_path):
    pages = pages_text(PdfReader(build_report(filled, tmp_path / "d.pdf", lang="zh")))
    chart = page_with(pages, "每日催收来电")
    assert "2026年03月" in chart and "每日上限：3次" in chart
    # 5 incoming calls to the borrower from 某某借's two numbers on 2 March (not the mother's)
    assert "某某借(5)" in chart and "03-02(5)" in chart
    en = pages_text(PdfReader(build_report(filled, tmp_path / "e.pdf", lang="en")))
    assert "dailylimit:3" in page_with(en, "Collectioncallsperday")


def test_the_chart_follows_the_cases_limit(filled, tmp_path, capsys):
    from tests.test_cli import run_cli

    code, _, err = run_cli(capsys, "--case", filled.folder, "rules", "set",
                           "cn.daily-calls.max_calls", "6")
    assert code == 0, err
    pages = pages_text(PdfReader(build_report(filled, tmp_path / "d.pdf", lang="zh")))
    chart = page_with(pages, "每日催收来电")
    assert "每日上限：6次" in chart and "超过上限的日期" not in chart


def test_the_timeline_quotes_messages_and_marks_matched_words(filled, tmp_path):
    pages = pages_text(PdfReader(build_report(filled, tmp_path / "d.pdf", lang="zh")))
    timeline = page_with(pages, "催收联系时间线")
    assert "再不还款就爆你通讯录[U+1F620]" in timeline  # the emoji written as its code point
    assert "缺少此短信中1个字符的字形" in timeline
    assert "在母亲的手机上" in timeline and "95588" not in timeline  # the bank is no collector
    assert "已接通，95秒" in timeline


def test_mark_escapes_user_text_and_marks_each_word():
    marked = mark("<b>还钱 & 爆你通讯录，爆你通讯录", ["爆你通讯录", ""])
    assert marked.startswith("&lt;b&gt;还钱 &amp; ")
    assert marked.count(f'<font name="{BOLD}" color="#c0392b">爆你通讯录</font>') == 2


def test_printable_names_what_the_font_lacks():
    assert missing_glyphs("还钱😠") == {"😠"}
    assert printable("还钱😠") == ("还钱[U+1F620]", {"😠"})
    assert printable("还钱") == ("还钱", set())


def test_screenshots_are_small_jpegs_with_their_time_and_its_source(filled, tmp_path):
    reader = PdfReader(build_report(filled, tmp_path / "d.pdf", lang="zh"))
    pages = pages_text(reader)
    shots = page_with(pages, "截图与图片")
    assert "2026-03-0223:10:05+08:00" in shots and "时间取自图片的EXIF信息（可信度高）" in shots
    assert "Screenshot_20260302-231005.png" in shots and "photo.png" in shots
    page: Any = reader.pages[pages.index(shots)]
    images = [x.get_object() for x in page["/Resources"]["/XObject"].values()
              if x.get_object()["/Subtype"] == "/Image"]
    assert images and all("/DCTDecode" in i["/Filter"] for i in images)
    assert max(i["/Width"] for i in images) <= 360  # never more pixels than the original
    recordings = page_with(pages, "通话录音")
    assert "+8617100000001某某借" in recordings and "0:02" in recordings
    assert "时间取自文件名（可信度中）" in recordings


def test_shrink_decodes_a_large_photo_to_the_thumbnail_size(tmp_path):
    from PIL import Image

    from evidence_logger.report.media import shrink

    photo = tmp_path / "p.jpg"
    Image.new("RGB", (3000, 4000), "red").save(photo, quality=90)
    with Image.open(__import__("io").BytesIO(shrink(photo, (200, 300)))) as small:
        assert small.format == "JPEG" and small.size == (200, 267)


def _links(reader: PdfReader) -> list[tuple[int, int]]:
    """(page of the link, page it goes to), 1-based, for every internal link."""
    pages = {getattr(p.indirect_reference, "idnum", None): n
             for n, p in enumerate(reader.pages, 1)}
    found = []
    for n, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                found.append((n, pages[annot["/Dest"][0].idnum]))
    return found


def test_findings_link_to_their_evidence_and_their_day_in_the_timeline(filled, tmp_path):
    reader = PdfReader(build_report(filled, tmp_path / "d.pdf", lang="en"))
    outline = {o.title: reader.get_destination_page_number(o) + 1  # type: ignore[operator]
               for o in reader.outline
               if not isinstance(o, list)}
    findings, timeline = outline["Findings by rule"], outline["Timeline of collection contacts"]
    evidence = outline["Evidence list"]
    assert sorted(outline.values()) == list(outline.values())  # each entry where it belongs
    assert len(set(outline.values())) == len(outline)
    targets = [to for at, to in _links(reader) if at == findings]
    assert timeline in targets and evidence in targets
    # the 证据目录 may run over several pages, up to the next section
    after = min((page for page in outline.values() if page > evidence),
                default=len(reader.pages) + 1)
    assert set(targets) <= {timeline} | set(range(evidence, after))


def test_thresholds_and_source_status_are_shown_in_words(filled, tmp_path):
    en = "".join(pages_text(PdfReader(build_report(filled, tmp_path / "e.pdf", lang="en"))))
    assert "mostcallsaday:3;mostconnectedcallsaday:3" in en and "max_calls" not in en
    assert "secondary/secondary" not in en and "Thesecondary" not in en
    assert "The3-a-dayfigurecomesfromGB/T45251-2025" in en  # the profile's note on its source
    zh = "".join(pages_text(PdfReader(build_report(filled, tmp_path / "z.pdf", lang="zh"))))
    assert "每日来电上限：3" in zh and "二手来源（secondary）" in zh


def test_the_report_command_warns_of_characters_the_font_lacks(filled, tmp_path, capsys):
    from tests.test_cli import run_cli

    code, _, err = run_cli(capsys, "--case", filled.folder, "report", "--out",
                           tmp_path / "d.pdf")
    assert code == 0 and "😠" in err and "U+1F620" in err
