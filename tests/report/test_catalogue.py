"""The 证据目录 in court form: numbering by creditor, purposes written from the findings (never
the borrower's own remark), the page where each item is shown, the provenance page and the
declaration; and the line breaking the dossier's text needs."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from evidence_logger import provenance
from evidence_logger.i18n import Language
from evidence_logger.report import catalogue, complaint
from evidence_logger.report.catalogue_pages import PageRef, page_refs
from evidence_logger.report.data import gather
from evidence_logger.report.document import build_report
from evidence_logger.report.layout import Bookmark, styles, wrap
from evidence_logger.report.timeline import day_anchor
from tests.fixtures.cases import fill
from tests.test_cli import run_cli

REMARK = "那天的通话记录被我误删了"


@pytest.fixture
def noted(case, tmp_path, capsys):
    fill(case, tmp_path / "dump")
    code, _, err = run_cli(capsys, "--case", case.folder, "calls", "add", "--at",
                           "2025-03-03T10:00", "--number", "17100000001", "--note", REMARK)
    assert code == 0, err
    return case


def flat(path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))


def test_entries_are_numbered_by_creditor_and_every_citation_uses_them(noted):
    data = gather(noted, lang=Language.of("zh"), start=None, end=None)
    rows = catalogue.entries(data)
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    groups = [r.group for r in rows]
    assert groups[0] == "某某借"  # the creditor with findings first
    assert groups == sorted(groups, key=groups.index)  # each group in one run
    assert catalogue.evidence_numbers(data) == complaint.evidence_numbers(data)
    by_sha, by_event = catalogue.evidence_numbers(data)
    assert set(by_sha) == {item["sha256"] for item in data.originals}
    assert set(by_event) == {e["id"] for e in data.stated}
    first = next(r for r in rows if r.sha256)
    assert catalogue.number_of(data, first.sha256 or "") == first.number


def test_a_purpose_is_a_sentence_from_the_findings_never_the_borrowers_remark(noted):
    data = gather(noted, lang=Language.of("zh"), start=None, end=None)
    rows = catalogue.entries(data)
    assert not any(REMARK in r.purpose for r in rows)
    backed = [r for r in rows if r.sha256 in data.supports]
    assert backed
    for row in backed:
        assert row.purpose.startswith("证明") and row.purpose.endswith("。")
        assert "某某借" in row.purpose and "对应违规认定" in row.purpose
        assert re.search(r"\d{4}-\d{2}-\d{2}", row.purpose) and "+86171" in row.purpose
    stated = [r for r in rows if r.stated]
    assert stated and stated[0].form == "当事人陈述"
    assert stated[0].purpose.startswith("借款人陈述") and REMARK not in stated[0].purpose
    forms = {r.form for r in rows}
    assert "视听资料（录音）" in forms and "电子数据（短信）" in forms


def test_the_dossier_puts_the_remark_in_the_statement_of_circumstances(noted, tmp_path):
    text = flat(build_report(noted, tmp_path / "zh.pdf", lang="zh"))
    start = text.index("证据目录提交人")
    assert "证明目的" in text[start:] and "页码" in text[start:]
    assert text.index("情况说明", start) < text.index(REMARK, start)
    assert "原始载体与提取说明" in text and "声明人（签字）" in text
    en = flat(build_report(noted, tmp_path / "en.pdf", lang="en"))
    assert "Statementofcircumstances(情况说明)" in en and "Declaration(声明)" in en


def test_the_provenance_page_and_the_declaration_print_what_the_borrower_entered(noted,
                                                                               tmp_path):
    phone = provenance.add_device(noted.db, label="我的手机", make="小米", model="Redmi 12",
                                  number="13900000000", owner_name="李明")
    provenance.add_extraction(noted.db, device=phone, method="SMS Backup & Restore 导出 XML",
                              made_at="2026-03-20T21:30", made_by="李明")
    provenance.set_statement(noted.db, declarant="李明", phones_kept="由李明保管于家中")
    text = flat(build_report(noted, tmp_path / "zh.pdf", lang="zh"))
    page = text[text.index("原始载体与提取说明手机"):]
    assert "小米Redmi12" in page and "13900000000" in page and "SMSBackup&Restore导出XML" in page
    assert "2026-03-2021:30" in page and "保管日志第" in page and "由李明保管于家中" in page
    assert "本人李明声明" in text and "提交人：李明" in text
    data = gather(noted, lang=Language.of("zh"), start=None, end=None)
    assert all("小米" in r.source for r in catalogue.entries(data) if not r.stated
               and data.originals[[i["sha256"] for i in data.originals].index(r.sha256)]
               ["owner"] == "self")


def test_the_page_of_an_entry_is_where_the_dossier_shows_it(tmp_path):
    st = styles()
    seen: dict[int, object] = {}

    class Spy(page_refs(Canvas)):  # type: ignore[misc]
        def save(self) -> None:
            seen.update({n: self.shown_at(n) for n in self._refs})
            super().save()

    story = [Bookmark("findings", "F"), Paragraph('<a href="#ev-1">1</a> <a href="#ev-2">2</a>',
                                                  st["body"]), PageBreak(),
             Bookmark("timeline", "T"), Paragraph(f'<a name="{day_anchor("2026-01-02")}"/>d',
                                                  st["body"]), PageBreak(),
             Paragraph(f'<a name="{day_anchor("2026-01-03")}"/>d', st["body"]), PageBreak(),
             Bookmark("pictures", "P"), Paragraph('<a href="#ev-1">1</a>', st["body"]),
             PageBreak(), Paragraph('<a name="ev-1"/>1 <a name="ev-2"/>2', st["body"]),
             PageRef(1, ["2026-01-02"]), PageRef(2, ["2026-01-02", "2026-01-03"]),
             PageRef(3, ["2026-01-09"])]
    SimpleDocTemplate(str(tmp_path / "t.pdf"), pagesize=A4).build(story, canvasmaker=Spy)
    assert seen[1] == ("pictures", [4])  # its picture, not the findings that cite it
    assert seen[2] == ("timeline", [2, 3])  # the timeline's days it shows
    assert seen[3] is None
    text = PdfReader(tmp_path / "t.pdf").pages[4].extract_text()
    assert "4" in text and "2–3" in text and "—" in text


def test_no_opening_mark_ends_a_line_and_times_break_at_the_space():
    st = styles()
    text = ("证明2026-10-13，闪电借的催收号码 +8617100001001 向借款人拨打电话 1 次"
            "（其中接通 1 次），对应违规认定：单日催收来电过多（2026-10-13）；"
            "威胁、恐吓、侮辱性言语（2026-10-13）")
    for width in range(60, 240, 4):
        for para in (Paragraph(text, st["cell"]), Paragraph(text.replace("证明", "证明<b>x</b>"),
                                                            st["cell"])):
            para.wrap(width, 1000)
            for line in para.blPara.lines:
                words = line.words if hasattr(line, "words") else line[1]
                shown = "".join(getattr(f, "text", f if isinstance(f, str) else "")
                                for f in words)
                assert not shown.endswith(("（", "“")), (width, shown)
        for line in wrap(text, 8.5, width).split("\n"):
            assert not line.endswith(("（", "“")), (width, line)
    assert wrap("2026-10-12 09:15:26+08:00", 8.5, 68).split("\n") == ["2026-10-12",
                                                                       "09:15:26+08:00"]
    assert catalogue.shown_time("2026-10-13T23:06:12.450+08:00") == "2026-10-13 23:06:12+08:00"
    for line in wrap("17100001001(17100001001)_20261012091526.mp3", 8.5, 68).split("\n"):
        assert not line.startswith(("(", ")")) or line.startswith("(17100001001)")


def test_a_paragraph_split_across_pages_keeps_its_spaces():
    st = styles()
    text = "The quick brown fox jumps over the lazy dog and keeps running far away. " * 6
    para = Paragraph(text, st["body"])
    para.wrap(300, 1000)
    parts = para.split(300, 45)
    assert len(parts) == 2
    buf = io.BytesIO()
    canvas = Canvas(buf)
    y = 800.0
    for part in parts:
        part.wrap(300, 1000)
        part.drawOn(canvas, 50, y - part.height)
        y -= part.height + 20
    canvas.save()
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", PdfReader(buf).pages[0].extract_text())}
    assert words == set(re.findall(r"[a-z]+", text.lower()))  # no "foxjumps"


def test_the_dossier_text_this_module_owns_never_says_you():
    from evidence_logger.paths import resource

    owned = json.loads((resource("translations", "zh_CN") / "dossier_form.json").read_text(
        encoding="utf-8"))
    assert not [v for v in owned.values() if "你" in v]


def test_a_table_row_taller_than_a_page_is_split_not_refused():
    # a heavy case once stopped the whole dossier: an export backing a year of findings made a
    # 证明目的 cell 1,470 points tall, and reportlab refused the row (LayoutError)
    from evidence_logger.report.layout import table

    st = styles()
    tall = "2026-01-01、" * 2500
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    doc.build([table(["序号", "证明目的"], [["1", tall]], (0.1, 0.9), st=st)])
    assert len(PdfReader(buf).pages) >= 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_purpose_names_a_few_days_of_a_rule_and_how_many_more(lang):
    days = [f"2026-{m:02d}-{d:02d}" for m in range(1, 13) for d in (3, 17)]
    text = catalogue._days(days, lang)
    assert days[0] in text and days[-1] in text and "2026-06-03" not in text
    assert str(len(days) - catalogue.MAX_DAYS + 1) in text
    assert catalogue._days(days[:3], lang).count("2026") == 3
