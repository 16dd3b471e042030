"""Rows of cells out of the files a table comes in: CSV text, Excel (.xlsx with openpyxl, .xls
with xlrd), the HTML tables that many Chinese web pages save under an ``.xls`` name, and text
PDFs (pdfplumber's table finder).

Every reader gives the same thing: a :class:`Sheet`, the rows (each a list of strings, with the
locator of the row in the original) and the text around the table (a PDF's title lines above the
table), so that one parser can read a carrier's detail record whatever file it came in. Excel
values are turned into the text a person sees: dates as ``YYYY-MM-DD HH:MM:SS``, whole numbers
without ``.0`` (a phone number stored as a number stays a number), durations in seconds.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from evidence_logger.importers.csv_calls import _encodings

log = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
HTML_SCAN = 2 << 20  # how far into a web page a <table is looked for (a big <style> first)
HEAD_ROWS = 20  # rows a sniffer reads to find a header
SNIFF_PAGES = 2  # pages of a PDF a sniffer reads (a long PDF without tables is not read through)


@dataclass(slots=True)
class Sheet:
    """A table as read: (locator, cells) rows, and text printed above or around it."""

    container: str  # "csv", "xlsx", "xls", "html", "pdf"
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # title lines outside the rows (PDF)
    name: str = ""  # a workbook sheet's name


def container(head: bytes) -> str | None:
    """Which kind of file ``head`` starts: ``xlsx``, ``xls``, ``pdf``, or ``csv`` for text."""
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE2_MAGIC):
        return "xls"
    start = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    if start.startswith(PDF_MAGIC):
        return "pdf"
    if start[:1] == b"<" and b"<table" in head.lower():
        return "html"  # a web page's table saved as .xls
    return "csv" if _encodings(head) else None


def file_container(path: Path, head: bytes) -> str | None:
    """:func:`container`, and a web page whose ``<table`` comes after ``head`` (a long
    ``<style>`` or script block first) found by reading on, up to :data:`HTML_SCAN` bytes."""
    kind = container(head)
    if kind in ("csv", None) and head.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] == b"<":
        tail = b""
        with path.open("rb") as raw:
            raw.seek(len(head))
            while raw.tell() < HTML_SCAN and (chunk := raw.read(1 << 16)):
                if b"<table" in (tail + chunk).lower():
                    return "html"
                tail = chunk[-8:]
    return kind


def read_sheet(path: Path, head: bytes, *, limit: int | None = None) -> Sheet | None:
    """The table in ``path`` (its first sheet with rows, or every page of a PDF); ``limit``
    stops after that many rows (sniffing). None when the file cannot be read as a table."""
    sheets = read_sheets(path, head, limit=limit)
    return sheets[0] if sheets else None


def read_sheets(path: Path, head: bytes, *, limit: int | None = None) -> list[Sheet]:
    """Every table in ``path``: each sheet with rows of a workbook, else the one table (every
    page of a PDF); ``limit`` stops each after that many rows. Empty when the file cannot be
    read as a table."""
    kind = file_container(path, head)
    try:
        return _read(kind, path, head, limit)
    except Exception as error:  # a damaged or foreign file of that container: not a table
        log.debug("%s is not a readable %s table: %s", path.name, kind, error)
    return []


def _read(kind: str | None, path: Path, head: bytes, limit: int | None) -> list[Sheet]:
    if kind == "xlsx":
        return _xlsx(path, limit)
    if kind == "xls":
        return _xls(path, limit)
    sheet = None
    if kind == "csv":
        sheet = _csv(path, head, limit)
    elif kind == "pdf":
        sheet = _pdf(path, limit)
    elif kind == "html":
        sheet = _html(path, head, limit)
    return [sheet] if sheet is not None else []


TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".pdf", ".htm", ".html")


def damage(path: Path) -> str | None:
    """Why a file that is a spreadsheet or PDF by its name and its first bytes gives no table:
    ``damaged`` (a truncated zip, broken XML, an unreadable .xls or PDF) or ``no table`` (a PDF
    without one); None when it is not such a file or reads as a table."""
    if path.suffix.lower() not in TABLE_SUFFIXES:
        return None
    with path.open("rb") as raw:
        head = raw.read(1 << 16)
    kind = file_container(path, head)
    if kind not in ("xlsx", "xls", "pdf", "html"):
        return None
    if kind == "xlsx" and not zipfile.is_zipfile(path):
        return "damaged"
    try:
        sheets = _read(kind, path, head, HEAD_ROWS)
    except Exception as error:
        log.debug("%s: a damaged %s: %s", path.name, kind, error)
        return "damaged"
    if kind == "pdf" and not any(sheet.rows for sheet in sheets):
        return "no table"
    return None


def _text(value: Any) -> str:
    """An Excel value as the text a person sees in the cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, timedelta):
        return str(int(value.total_seconds()))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv(path: Path, head: bytes, limit: int | None) -> Sheet | None:
    sheet = Sheet("csv")
    for encoding in _encodings(head):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except (UnicodeDecodeError, LookupError):
            continue
        with path.open(encoding=encoding, errors="replace", newline="") as text:
            lines = text if limit is None else io.StringIO("".join(
                line for _, line in zip(range(limit), text, strict=False)))
            first = head.decode(encoding, "ignore").splitlines()[:HEAD_ROWS]
            delimiter = max(",;\t", key=lambda d: sum(line.count(d) for line in first))
            for number, row in enumerate(csv.reader(lines, delimiter=delimiter), 1):
                sheet.rows.append((f"row {number}", [cell.strip() for cell in row]))
        return sheet
    return None


def _xlsx(path: Path, limit: int | None) -> list[Sheet]:
    import openpyxl

    if not zipfile.is_zipfile(path):
        return []
    sheets = []
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in book.worksheets:
            sheet = Sheet("xlsx", name=ws.title)
            for number, values in enumerate(ws.iter_rows(values_only=True), 1):
                sheet.rows.append((f"{ws.title} row {number}", [_text(v) for v in values]))
                if limit is not None and number >= limit:
                    break
            if any(any(cells) for _, cells in sheet.rows):
                sheets.append(sheet)
    finally:
        book.close()
    return sheets


def _xls(path: Path, limit: int | None) -> list[Sheet]:
    import xlrd

    sheets = []
    book = xlrd.open_workbook(path, on_demand=True)
    try:
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            sheet = Sheet("xls", name=ws.name)
            for r in range(ws.nrows if limit is None else min(ws.nrows, limit)):
                cells = []
                for cell in ws.row(r):
                    if cell.ctype == xlrd.XL_CELL_DATE and 0 <= cell.value < 1:
                        # a time of day (a duration cell formatted hh:mm:ss): its seconds
                        cells.append(str(round(cell.value * 86400)))
                    elif cell.ctype == xlrd.XL_CELL_DATE:
                        cells.append(_text(xlrd.xldate_as_datetime(cell.value, book.datemode)))
                    else:
                        cells.append(_text(cell.value))
                sheet.rows.append((f"{ws.name} row {r + 1}", cells))
            if any(any(cells) for _, cells in sheet.rows):
                sheets.append(sheet)
    finally:
        book.release_resources()
    return sheets


class _TableRows(HTMLParser):
    """The text of every ``<tr>``'s cells; the text outside tables kept as title lines."""

    def __init__(self, sheet: Sheet) -> None:
        super().__init__(convert_charrefs=True)
        self.sheet = sheet
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._end_row()
            self.row = []
        elif tag in ("td", "th"):
            self._end_cell()
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is None and data.strip():
            self.sheet.text.append(data.strip())

    def _end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
        self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            self.sheet.rows.append((f"row {len(self.sheet.rows) + 1}", self.row))
        self.row = None


def _html(path: Path, head: bytes, limit: int | None) -> Sheet | None:
    sheet = Sheet("html")
    charset = re.search(rb"charset=[\"']?([\w-]+)", head[:4096], re.I)
    encodings = [charset[1].decode("ascii").lower()] if charset else _encodings(head)
    encodings = ["gb18030" if e in ("gb2312", "gbk") else e for e in encodings]
    for encoding in encodings:
        try:
            codecs.lookup(encoding)
        except LookupError:
            continue
        parser = _TableRows(sheet)
        with path.open(encoding=encoding, errors="replace") as text:
            while chunk := text.read(1 << 16):
                parser.feed(chunk)
                if limit is not None and len(sheet.rows) >= limit:
                    break
        parser.close()
        parser._end_row()
        return sheet
    return None


def _pdf(path: Path, limit: int | None) -> Sheet | None:
    import pdfplumber

    sheet = Sheet("pdf")
    with pdfplumber.open(path) as pdf:
        for page_no, page in enumerate(pdf.pages, 1):
            tables = page.find_tables()
            top = min((t.bbox[1] for t in tables), default=page.height)
            above = page.crop((0, 0, page.width, top)).extract_text() if top > 1 else ""
            sheet.text += [line.strip() for line in (above or "").splitlines() if line.strip()]
            for t_no, table in enumerate(tables, 1):
                for r_no, row in enumerate(table.extract(), 1):
                    sheet.rows.append((f"page {page_no} table {t_no} row {r_no}",
                                       [(c or "").replace("\n", " ").strip() for c in row]))
            page.close()
            if limit is not None and (len(sheet.rows) >= limit or page_no >= SNIFF_PAGES):
                break
    return sheet


def iter_cells(sheet: Sheet) -> Iterator[tuple[str, list[str]]]:
    """The sheet's rows without the empty ones."""
    for locator, cells in sheet.rows:
        if any(cells):
            yield locator, cells
