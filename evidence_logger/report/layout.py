"""The dossier's page furniture: styles, tables, running header and "page N of M" footer,
bookmarks. Everything uses the embedded Noto Sans SC (see :mod:`evidence_logger.report.fonts`).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from evidence_logger.i18n import tr
from evidence_logger.report import linebreak
from evidence_logger.report.fonts import BOLD, REGULAR, markup, printable, register

# a CJK character on its own, or a run of other characters with the spaces after it
_TOKENS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|"
                     r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+\s*|\s+")
_NO_LINE_START = "，：；？！”’》〉』」）】〗…—·％‰℃、。,.;:!?)"
_NO_LINE_END = "（“‘《〈「『【〔〖(["
# where a word too long for its column (a file name, a time) may break: after these
_WORD_BREAKS = re.compile(r"[^_\-.()+/]*[_\-.()+/]+|[^_\-.()+/]+")
PAGE = A4
MARGIN = 18 * mm
WIDTH = PAGE[0] - 2 * MARGIN  # the usable width of a page
GRID = colors.HexColor("#9aa5b1")
HEAD_FILL = colors.HexColor("#e8edf2")
STATED_FILL = colors.HexColor("#fff4e0")  # rows that rest on the borrower's word
PADDING = 3  # left and right in table cells
LINK = "#1f5f99"  # the colour of links inside the PDF


def styles() -> dict[str, ParagraphStyle]:
    register()
    linebreak.install()  # no "（" or "“" at a line's end
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=15, wordWrap="CJK",
                          spaceAfter=4)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=26, leading=34,
                                spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=14, leading=20, spaceAfter=14,
                                   textColor=colors.HexColor("#44505c")),
        "h1": ParagraphStyle("h1", base, fontName=BOLD, fontSize=16, leading=22, spaceBefore=4,
                             spaceAfter=10),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=12, leading=17, spaceBefore=10,
                             spaceAfter=4),
        "small": ParagraphStyle("small", base, fontSize=8, leading=11, spaceAfter=0),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=12, spaceAfter=0),
        "cellhead": ParagraphStyle("cellhead", base, fontName=BOLD, fontSize=8.5, leading=12,
                                   spaceAfter=0),
        "hash": ParagraphStyle("hash", base, fontSize=6.5, leading=9, spaceAfter=0,
                               wordWrap="CJK"),
        "note": ParagraphStyle("note", base, fontSize=8.5, leading=12,
                               textColor=colors.HexColor("#44505c")),
    }


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    """Evidence text as a Paragraph (escaped; ``None`` as an empty cell; a character the font
    lacks written as its code point, see :func:`~evidence_logger.report.fonts.printable`)."""
    return Paragraph(markup(printable("" if text is None else str(text))[0]), style)


def _cell(value: Any, style: ParagraphStyle, width: float) -> Any:
    """A cell's text as a plain string when each of its lines fits the column in the cell
    style's font (reportlab draws those without a Paragraph, several times faster), else as a
    wrapping Paragraph."""
    text = printable("" if value is None else str(value))[0]
    room = width - 2 * PADDING
    if style.fontName == REGULAR:
        return "\n".join(wrap(line, style.fontSize, room) for line in text.split("\n"))
    return Paragraph(markup(text), style)


def wrap(line: str, size: float, room: float) -> str:
    """``line`` broken into lines of at most ``room`` points in the regular face: between
    words, between CJK characters, inside a word only when it alone is too long (a file name,
    a hash). A plain string with line breaks is drawn by reportlab several times faster than a
    Paragraph, which matters in tables of thousands of rows."""
    if stringWidth(line, REGULAR, size) <= room:
        return line
    lines, current, width = [], "", 0.0
    tokens: list[str] = []
    for token in _TOKENS.findall(line):  # a long word in pieces: after "_", "-", ".", ...
        tokens += _WORD_BREAKS.findall(token) if stringWidth(token, REGULAR, size) > room \
            else [token]
    for token in tokens:
        token_width = stringWidth(token, REGULAR, size)
        if token_width > room:  # one piece wider than the column: break it anywhere
            if current.strip() and width + token_width > room:
                lines.append(current.rstrip())
                current, width = "", 0.0
            for ch in token:
                ch_width = stringWidth(ch, REGULAR, size)
                if width + ch_width > room and current:
                    lines.append(current)
                    current, width = "", 0.0
                current += ch
                width += ch_width
            continue
        if width + token_width > room and current.strip():
            carried = ""
            while current and current[-1] in _NO_LINE_END:  # "（" goes down with its text
                carried, current = current[-1] + carried, current[:-1]
            lines.append(current.rstrip())
            token = carried + token.lstrip()
            current, width = "", 0.0
            token_width = stringWidth(token, REGULAR, size)
        if lines and not current and token and token[0] in _NO_LINE_START:
            # Chinese punctuation never starts a line: it hangs on the line before if it
            # fits there, else takes that line's last character down with it
            if stringWidth(lines[-1] + token, REGULAR, size) <= room or len(lines[-1]) < 2:
                lines[-1] += token
                continue
            current, lines[-1] = lines[-1][-1], lines[-1][:-1]
            width = stringWidth(current, REGULAR, size)
        current += token
        width += token_width
    if current.strip():
        lines.append(current.rstrip())
    return "\n".join(lines)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
          st: dict[str, ParagraphStyle], cell_styles: Sequence[str] | None = None,
          stated_rows: Sequence[int] = ()) -> Table:
    """A grid table with a repeated header row; widths are fractions of the page width.

    Cells are wrapped in Paragraphs so long text wraps instead of running off the page.
    ``cell_styles`` names the style per column; ``stated_rows`` (0-based data rows) are shaded
    as resting on the borrower's statement.
    """
    names = list(cell_styles or ["cell"] * len(header))
    columns = [w * WIDTH for w in widths]
    data = [[para(h, st["cellhead"]) for h in header]]
    for row in rows:
        data.append([c if isinstance(c, Flowable) else _cell(c, st[names[i]], columns[i])
                     for i, c in enumerate(row)])
    # splitInRow: a row taller than a page (a purpose naming hundreds of days) is split across
    # pages instead of stopping the whole dossier with a LayoutError
    grid = Table(data, colWidths=columns, repeatRows=1, splitInRow=1)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # plain cells must not fall back to Helvetica
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5), ("LEADING", (0, 0), (-1, -1), 12),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]
    for i, name in enumerate(names):  # plain cells of a column drawn in its style's size
        if st[name].fontSize != 8.5:
            commands += [("FONTSIZE", (i, 1), (i, -1), st[name].fontSize),
                         ("LEADING", (i, 1), (i, -1), st[name].leading)]
    commands += [("BACKGROUND", (0, r + 1), (-1, r + 1), STATED_FILL) for r in stated_rows]
    grid.setStyle(TableStyle(commands))
    return grid


class Bookmark(Flowable):
    """An invisible mark: a PDF outline entry pointing at where it is drawn."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def wrap(self, *_: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


TOTAL = "\x00"  # where the page count goes in the footer's text


def numbered_canvas(header: str, footer: Callable[[int, str], str],
                    watermark: str | None = None) -> type[Canvas]:
    """A canvas class that draws on each page the running ``header`` and the footer
    ``footer(page, TOTAL)`` ("page N of M"), and ``watermark`` across the page if given.

    Pages are written as they come (holding them back until the count is known would leave
    every link and outline entry pointing at page 1); the part of the footer from
    :data:`TOTAL` on is a form XObject, filled in once, at the end, with the page count.
    """

    class NumberedCanvas(Canvas):
        def showPage(self) -> None:
            self._furniture()
            super().showPage()

        def save(self) -> None:
            self.beginForm("page-count")
            self.setFont(REGULAR, 8)
            self.setFillColor(colors.HexColor("#44505c"))
            self.drawString(0, 0, self._tail.replace(TOTAL, str(self._pageNumber - 1)))
            self.endForm()
            super().save()

        def _furniture(self) -> None:
            width, height = PAGE
            self.saveState()
            self.setFont(REGULAR, 8)  # the canvas default is Helvetica: never use it
            self.setFillColor(colors.HexColor("#44505c"))
            self.drawString(MARGIN, height - 12 * mm, header)
            self.setStrokeColor(GRID)
            self.setLineWidth(0.4)
            self.line(MARGIN, height - 13.5 * mm, width - MARGIN, height - 13.5 * mm)
            text = footer(self._pageNumber, TOTAL)
            head, _, rest = text.partition(TOTAL)
            self._tail = TOTAL + rest
            # centred as if the count had as many digits as this page's number
            guess = self._tail.replace(TOTAL, str(self._pageNumber)) if TOTAL in text else ""
            full = self.stringWidth(head, REGULAR, 8) + self.stringWidth(guess, REGULAR, 8)
            x = (width - full) / 2
            self.drawString(x, 10 * mm, head)
            self.restoreState()
            if TOTAL in text:
                self.saveState()
                self.translate(x + self.stringWidth(head, REGULAR, 8), 10 * mm)
                self.doForm("page-count")
                self.restoreState()
            if watermark:  # across the page, over everything, faint enough to read through
                self.saveState()
                self.setFillColor(colors.HexColor("#c0392b"))
                self.setFillAlpha(0.16)
                self.translate(width / 2, height / 2)
                self.rotate(40)
                self.setFont(REGULAR, 54)
                self.drawCentredString(0, 0, watermark)
                self.restoreState()

    return NumberedCanvas


def write_pdf(out: str | Path, story: list[Flowable], *, title: str, header: str, language: str,
              subject: str | None = None,
              canvas: Callable[[type[Canvas]], type[Canvas]] = lambda kind: kind,
              sample: bool = False) -> Path:
    """Lay ``story`` out on A4 pages headed ``header`` and numbered "Page N of M" in
    ``language``, into ``out`` whole or not at all (a ``.part`` file beside it, renamed when
    done and removed on any failure). ``canvas`` may wrap the page-numbering canvas class.
    ``sample``: the case is the sample case (invented data): every page says so, in its header
    and across it, so that no one takes it for a borrower's evidence."""
    watermark = None
    if sample:
        watermark = tr("SAMPLE · INVENTED DATA", language)
        header = f"{watermark} · {header}"
        title = f"{watermark} · {title}"

    def footer(page: int, pages: str) -> str:
        return tr("Page {page} of {pages}", language, page=page, pages=pages)

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        doc = SimpleDocTemplate(
            temp, pagesize=PAGE, initialFontName=REGULAR, leftMargin=MARGIN,
            rightMargin=MARGIN, topMargin=MARGIN + 4, bottomMargin=MARGIN, title=title,
            author="Evidence Logger", creator="Evidence Logger", subject=subject or "",
            lang=language.replace("_", "-"))
        doc.build(story, canvasmaker=canvas(numbered_canvas(header, footer, watermark)))
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return out
