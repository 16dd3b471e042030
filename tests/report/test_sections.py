"""The dossier's chart, timeline, pictures and links, read back from the PDF."""

from __future__ import annotations

import re

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
    (found,) = [p for p in pages if title in p]
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
