"""The shipped font is embedded in PDFs and Chinese comes back out of them."""

from __future__ import annotations

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from evidence_logger.report.fonts import BOLD, REGULAR, markup, missing_glyphs, register
from tests.report.pdf import fonts_of

TEXT = "催收骚扰证据：逾期后“爆通讯录”，录音 3 段；Collection harassment <evidence> & notes"


def test_a_pdf_embeds_the_font_and_keeps_the_chinese(tmp_path):
    register()
    out = tmp_path / "t.pdf"
    style = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=16, wordWrap="CJK")
    table = Table([["号码", "次数"], ["+86 171 0000 0001", "5"]])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)]))
    SimpleDocTemplate(str(out), pagesize=A4, initialFontName=REGULAR).build(
        [Paragraph(f"<b>{markup(TEXT)}</b>", style), Paragraph(markup(TEXT), style), table])
    reader = PdfReader(out)
    fonts = fonts_of(reader)
    assert fonts and all(fonts.values()), fonts  # every font embedded, none left to the reader
    assert any(REGULAR in name for name in fonts) and any(BOLD in name for name in fonts)
    assert not any("Helvetica" in name for name in fonts)
    text = "".join(page.extract_text() for page in reader.pages)
    for words in ("催收骚扰证据", "爆通讯录", "次数", "<evidence> & notes"):
        assert words in text


def test_missing_glyphs_are_reported():
    assert missing_glyphs(TEXT) == set()
    assert missing_glyphs("还钱😠𠮷") == {"😠", "𠮷"}
