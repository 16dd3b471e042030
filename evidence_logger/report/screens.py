"""Screenshots a judge can read: each one at least half a page wide, with the text read off it
by OCR beside it (marked machine-read, with engine and model, the time of each message as read
and how it was derived), and, for a lexicon finding on a screenshot, the region around the
matched lines cropped at reading size with the matched words boxed in red.

Pictures are decoded when drawn, one at a time, and scaled down at once (see
:mod:`evidence_logger.report.media`): memory stays flat however many a case holds.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Indenter,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from evidence_logger.i18n import N_, tr
from evidence_logger.ocr.stamps import how_sentence
from evidence_logger.report.complaint import evidence_numbers
from evidence_logger.report.crops import crop_region, locator_lines, word_boxes
from evidence_logger.report.data import ReportData
from evidence_logger.report.fonts import REGULAR, markup, printable
from evidence_logger.report.layout import GRID, MARGIN, PAGE, WIDTH, Bookmark, wrap
from evidence_logger.report.media import (
    PIXELS,
    Thumbnail,
    evidence_link,
    is_picture,
    jpeg,
    time_source,
    when,
)
from evidence_logger.report.timeline import mark, matched_words

log = logging.getLogger(__name__)

Styles = dict[str, ParagraphStyle]
RED = colors.HexColor("#c0392b")
MACHINE_FILL = colors.HexColor("#fff8dc")
SHEET_SHARE = 0.56  # of the page's width, for a screenshot with its text beside it
SHEET_GAP = 6.0  # points between a screenshot and its text
NUMBER_WIDTH = 16.0  # points: the column of line numbers
GREY = colors.HexColor("#8a96a3")
TIME_COLOUR = colors.HexColor("#1f5f99")
FRAME_HEIGHT = PAGE[1] - 2 * MARGIN - 4
SHEET_HEIGHT = FRAME_HEIGHT - 175  # room for the section's heading and a caption
CROP_WIDTH = WIDTH * 0.86
CROP_LINE = 20.0  # points: the height a text line of a crop is shown at, at most
MACHINE_READ = N_("Machine-read text (OCR), for reference only: the original image prevails.")
KINDS = {"chat": N_("chat"), "call-list": N_("call list"), "other": N_("other screen")}
ROLES = {"status-bar": N_("status bar"), "header": N_("header"), "time": N_("time shown"),
         "chrome": N_("screen furniture")}


def _jpeg(path: Path, region: tuple[int, int, int, int] | None,
          target: tuple[int, int]) -> bytes:
    """The picture (or ``region`` of it, in the pixels OCR read) as a JPEG of ``target``."""
    with Image.open(path) as opened:
        image: Image.Image = opened.crop(region) if region else opened.copy()
    image = image.resize(target, Image.Resampling.LANCZOS) if image.size != target else image
    return jpeg(image, quality=85)


def draw_jpeg(canvas: Any, jpeg: bytes, width: float, height: float) -> None:
    """Draw a JPEG from a file: reportlab passes a file's bytes through as they are."""
    fd, name = tempfile.mkstemp(prefix="crop-", suffix=".jpg")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(jpeg)
        canvas.drawImage(name, 0, 0, width, height)
    finally:
        os.unlink(name)


class ScreenCrop(Flowable):
    """The ``region`` of a screenshot (pixels as OCR read them) at reading size, the matched
    ``lines`` boxed in red, the estimated ``words`` in a heavier red box; decoded when drawn."""

    def __init__(self, path: Path, region: tuple[int, int, int, int], line_height: float,
                 lines: list[tuple[float, ...]], words: list[tuple[float, ...]]) -> None:
        super().__init__()
        self.path, self.region, self.lines, self.words = path, region, lines, words
        x0, y0, x1, y1 = region
        self.scale = min(CROP_WIDTH / max(x1 - x0, 1), CROP_LINE / max(line_height, 1))
        self.width, self.height = (x1 - x0) * self.scale, (y1 - y0) * self.scale

    def wrap(self, *_: float) -> tuple[float, float]:
        return self.width, self.height

    def _points(self, box: tuple[float, ...]) -> tuple[float, float, float, float]:
        x0, y0 = self.region[0], self.region[1]
        left, right = (box[0] - x0) * self.scale, (box[2] - x0) * self.scale
        top, bottom = (box[1] - y0) * self.scale, (box[3] - y0) * self.scale
        return left, self.height - bottom, right - left, bottom - top

    def draw(self) -> None:
        canvas = self.canv
        target = (max(1, round(self.width * PIXELS)), max(1, round(self.height * PIXELS)))
        try:
            draw_jpeg(canvas, _jpeg(self.path, self.region, target), self.width, self.height)
        except (OSError, UnidentifiedImageError, ValueError) as error:
            log.warning("cannot crop %s: %s", self.path, error)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.rect(0, 0, self.width, self.height)
        canvas.setStrokeColor(RED)
        canvas.setLineWidth(0.8)
        for box in self.lines:
            x, y, w, h = self._points(box)
            canvas.rect(x - 3, y - 2, w + 6, h + 4)
        canvas.setLineWidth(2)
        for box in self.words:
            x, y, w, h = self._points(box)
            canvas.rect(x - 1, y - 1, w + 2, h + 2)


def crop_of(path: Path, reading: dict[str, Any], numbers: list[int],
            words: list[str]) -> ScreenCrop | None:
    """The crop around lines ``numbers`` of a screenshot's ``reading``, or None when the
    reading has none of them."""
    lines = [line for line in reading["lines"] if line["line"] in set(numbers)]
    if not lines:
        return None
    boxes = [line["box"] for line in lines]
    region = crop_region(boxes, (reading["width"], reading["height"]))
    if region is None:
        return None
    tallest = max(b[3] - b[1] for b in boxes)
    return ScreenCrop(path, region, tallest, [tuple(b) for b in boxes],
                      list(word_boxes(lines, words)))


def finding_crops(data: ReportData, st: Styles, vault: Any, found: list[Any]) -> list[Flowable]:
    """Under a lexicon rule's findings: for each finding resting on a screenshot, the lines it
    matched in, cropped from the screenshot, with its evidence number."""
    lang = data.lang
    numbers = evidence_numbers(data)[0]
    events = {e["id"]: e for e in data.events}
    out: list[Flowable] = []
    for finding in found:
        if not finding.matched:
            continue
        for event_id in finding.events:
            for source in events.get(event_id, {}).get("sources", []):
                sha = source.get("sha256")
                reading = data.readings.get(sha or "")
                if source.get("source") != "screenshot" or reading is None \
                        or sha in data.withheld:
                    continue
                lines = locator_lines(source["locator"])
                crop = crop_of(vault.path(sha), reading, lines, finding.matched)
                if crop is None:
                    continue
                caption = tr("Evidence No. {number}, {locator} ({day}): the words matched, "
                             "{words}, boxed in red on the screenshot itself.", lang,
                             number=evidence_link(numbers[sha]) if sha in numbers else "—",
                             locator=lines_words(lang, lines), day=finding.day or "—",
                             words="、".join(finding.matched))
                out.append(KeepTogether([Paragraph(caption, st["small"]), Spacer(1, 3), crop,
                                         Spacer(1, 8)]))
    if out:
        out.insert(0, Paragraph(markup(tr(
            "Where the words stand on the screenshots: each region below is cut from the "
            "original picture at reading size. The thin red frame is the line(s) the words "
            "were read from; the thick one is where the words stand within the line, "
            "estimated from the characters' positions.", lang)), st["note"]))
    return out


def lines_words(lang: str, lines: list[int]) -> str:
    """"line 5" / "lines 5-6" in ``lang``."""
    if len(lines) == 1:
        return tr("line {first}", lang, first=lines[0])
    return tr("lines {first}-{last}", lang, first=lines[0], last=lines[-1])


def _machine_box(data: ReportData, reading: dict[str, Any], st: Styles) -> Table:
    lang = data.lang
    kind = tr(KINDS.get(reading["kind"], N_("other screen")), lang)
    facts = tr("Read by {engine}, model {model}; read as: {kind}.", lang,
               engine=reading["engine"], model=reading["model"], kind=kind)
    if reading.get("counterpart"):
        facts += " " + tr("The other side, as the header shows it: {who}.", lang,
                          who=reading["counterpart"])
    box = Table([[[Paragraph("<b>" + markup(tr(MACHINE_READ, lang)) + "</b>", st["small"]),
                   Paragraph(markup(facts), st["small"])]]])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), MACHINE_FILL),
                             ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#c8a200")),
                             ("FONTNAME", (0, 0), (-1, -1), REGULAR)]))
    return box


def _times_by_last_line(reading: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    """The times read for messages and call rows, under the last line of each."""
    out: dict[int, list[dict[str, Any]]] = {}
    meta = reading.get("meta") or {}
    for entry in meta.get("times") or []:
        if isinstance(entry, dict) and (lines := locator_lines(str(entry.get("locator")))):
            out.setdefault(lines[-1], []).append(entry)
    return out


def _precision(lang: str, seconds: Any) -> str:
    if not isinstance(seconds, int) or seconds <= 60:
        return tr("to the minute", lang)
    if seconds < 86_400:
        return tr("to within {hours} h", lang, hours=round(seconds / 3600))
    return tr("only the day", lang)


def _text_flowables(data: ReportData, reading: dict[str, Any], words: dict[int, set[str]],
                    st: Styles) -> list[Flowable]:
    """The lines read, numbered, with the time of each message as read under it: one small
    table per line of plain strings (a Paragraph only where words are marked), fast even for
    hundreds of screenshots."""
    lang = data.lang
    times = _times_by_last_line(reading)
    column = WIDTH - WIDTH * SHEET_SHARE - 2 * SHEET_GAP - NUMBER_WIDTH
    out: list[Flowable] = [_machine_box(data, reading, st), Spacer(1, 4)]
    for line in reading["lines"]:
        number = line["line"]
        text, _ = printable(line["text"])
        role = ROLES.get(line.get("role") or "")
        grey = role is not None
        if role:
            text += f" [{tr(role, lang)}]"
        cell: Any = Paragraph(mark(text, words[number]), st["ocr"]) if words.get(number) \
            else wrap(text, 8.5, column - 2)
        rows: list[list[Any]] = [[str(number), cell]]
        for entry in times.get(number, []):
            rows.append(["", wrap(tr(
                "time as read: {at} ({precision}); {how}", lang,
                at=str(entry.get("at", "")).replace("T", " "),
                precision=_precision(lang, entry.get("precision_s")),
                how=how_sentence(str(entry.get("how", "")), entry.get("how_params") or {},
                                 lang)), 7.5, column - 12)])
        out.append(_line_table(rows, grey))
    unplaced = (reading.get("meta") or {}).get("unplaced") or []
    if unplaced:
        out.append(Paragraph(markup(tr(
            "{count} message(s) or row(s) on this screen could not be dated or placed, and "
            "are not in the timeline.", lang, count=len(unplaced))), st["ocrtime"]))
    return out


def _line_table(rows: list[list[Any]], grey: bool) -> Table:
    column = WIDTH - WIDTH * SHEET_SHARE - 2 * SHEET_GAP - NUMBER_WIDTH
    grid = Table(rows, colWidths=[NUMBER_WIDTH, column])
    commands: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TEXTCOLOR", (0, 0), (0, -1), GREY), ("ALIGN", (0, 0), (0, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    if grey:
        commands.append(("TEXTCOLOR", (1, 0), (1, 0), GREY))
    if len(rows) > 1:
        commands += [("FONTSIZE", (1, 1), (1, -1), 7.5), ("LEADING", (1, 1), (1, -1), 10),
                     ("TEXTCOLOR", (1, 1), (1, -1), TIME_COLOUR),
                     ("LEFTPADDING", (1, 1), (1, -1), 10)]
    grid.setStyle(TableStyle(commands))
    return grid


def _lines_words(data: ReportData, sha: str) -> dict[int, set[str]]:
    """line number -> the words a lexicon finding matched on that line of screenshot ``sha``."""
    matched = matched_words(data)
    out: dict[int, set[str]] = {}
    for event in data.events:
        if event["id"] not in matched:
            continue
        for source in event.get("sources", []):
            if source.get("sha256") == sha and source.get("source") == "screenshot":
                for line in locator_lines(source["locator"]):
                    out.setdefault(line, set()).update(matched[event["id"]])
    return out


def _caption(data: ReportData, item: dict[str, Any], number: int | None) -> str:
    lang = data.lang
    parts = [tr("No. {number}", lang, number=evidence_link(number) if number else "—"),
             markup(item["name"]), markup(when(item["at"], lang))]
    if item["at_source"]:
        parts.append(markup(time_source(lang, item["at_source"], item["at_trust"])))
    return " · ".join(parts)


def screenshots(data: ReportData, st: Styles, vault: Any) -> list[Flowable]:
    """The section: each screenshot read by OCR on a page of its own with its text beside it;
    the other pictures two to a row, each half the page wide."""
    lang = data.lang
    numbers = evidence_numbers(data)[0]
    pictures = [item for item in data.originals if is_picture(item)]
    if not pictures:
        return []
    st = {**st, "ocr": ParagraphStyle("ocr", st["cell"], fontSize=8.5, leading=11.5),
          "ocrtime": ParagraphStyle("ocrtime", st["cell"], fontSize=7.5, leading=10,
                                    leftIndent=14, textColor=colors.HexColor("#1f5f99"))}
    out: list[Flowable] = [
        Bookmark("pictures", tr("Screenshots and pictures", lang)),
        Paragraph(markup(tr("Screenshots and pictures", lang)), st["h1"]),
        Paragraph(markup(tr(
            "Each screenshot is shown large enough to read; the original is in the bundle under "
            "its SHA-256 (see the evidence list entry). Beside a screenshot whose text was read "
            "by OCR stands that text, line by line: machine-read, for reference only, the "
            "picture itself prevails. The time under each picture is where the app found it, "
            "with how far it can be trusted: EXIF data written by the phone is more reliable "
            "than a file name, and a file's modification time least.", lang)), st["body"])]
    plain: list[dict[str, Any]] = []
    for item in pictures:
        sha = item["sha256"]
        reading = data.readings.get(sha)
        if reading is None or sha in data.withheld:
            plain.append(item)
            continue
        picture = Thumbnail(vault.path(sha), _size(item, reading), WIDTH * SHEET_SHARE,
                            SHEET_HEIGHT)
        text = _text_flowables(data, reading, _lines_words(data, sha), st)
        out += [CondPageBreak(picture.height + 28),
                Paragraph(_caption(data, item, numbers.get(sha)), st["cellhead"]), Spacer(1, 4),
                *_sheet(picture, text), PageBreak()]
    if plain:
        out += _grid(data, plain, numbers, st, vault)
    if not isinstance(out[-1], PageBreak):
        out.append(PageBreak())
    return out


def _sheet(picture: Thumbnail, text: list[Flowable]) -> list[Flowable]:
    """The picture with as much of its text beside it as its height holds; the rest below it,
    in the same column (a table row cannot run on to the next page)."""
    column = WIDTH - WIDTH * SHEET_SHARE - 2 * SHEET_GAP
    room, used, beside = max(picture.height, 200.0), 0.0, 0
    for flowable in text:
        height = flowable.wrap(column, FRAME_HEIGHT)[1] + flowable.getSpaceAfter()
        if used + height > room:
            break
        used, beside = used + height, beside + 1
    beside = max(beside, 1)
    grid = Table([[picture, text[:beside]]],
                 colWidths=[WIDTH * SHEET_SHARE + SHEET_GAP, column + SHEET_GAP])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              # a cell's font, set even where it holds flowables only: else
                              # reportlab names Helvetica, which the PDF does not embed
                              ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (0, 0), SHEET_GAP),
                              ("LEFTPADDING", (1, 0), (1, 0), SHEET_GAP),
                              ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    rest = text[beside:]
    if not rest:
        return [grid]
    indent = WIDTH * SHEET_SHARE + 2 * SHEET_GAP  # the text's own column, below the picture
    return [grid, Indenter(left=indent), *rest, Indenter(left=-indent)]


def _size(item: dict[str, Any], reading: dict[str, Any] | None) -> tuple[int, int] | None:
    meta = item["meta"] or {}
    if meta.get("width") and meta.get("height"):
        return meta["width"], meta["height"]
    return (reading["width"], reading["height"]) if reading else None


def _grid(data: ReportData, pictures: list[dict[str, Any]], numbers: dict[str, int],
          st: Styles, vault: Any) -> list[Flowable]:
    """Pictures not read by OCR, two to a row."""
    lang = data.lang
    cell = WIDTH / 2
    cells: list[list[Flowable]] = []
    for item in pictures:
        sha = item["sha256"]
        if sha in data.withheld:
            picture: Flowable = Paragraph(markup(tr(
                "Withheld from this bundle: it concerns a third party.", lang)), st["note"])
        else:
            picture = Thumbnail(vault.path(sha), _size(item, None), cell - 10, SHEET_HEIGHT / 1.6)
        caption = _caption(data, item, numbers.get(sha)).replace(" · ", "<br/>")
        if item["kind"] == "image" and sha not in data.withheld:
            caption += "<br/>" + markup(tr("Its text has not been read (OCR).", lang))
        cells.append([picture, Paragraph(caption, st["small"])])
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    rows[-1] += [[]] * (2 - len(rows[-1]))
    grid = Table(rows, colWidths=[cell, cell])
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                              ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("ALIGN", (0, 0), (-1, -1), "LEFT"),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return [grid]
