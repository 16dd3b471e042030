"""Pictures decoded when drawn (:class:`Thumbnail`), with their time and where that time comes
from (the screenshots' section is :mod:`evidence_logger.report.screens`); recordings as a list
with number, time and duration.

Memory stays flat however many pictures a case holds: a :class:`Thumbnail` knows only its
original's path and size until reportlab draws it; then it decodes that one picture at reduced
size (``Image.draft`` lets JPEG decode at 1/2-1/8 scale), shrinks it, hands reportlab a small
JPEG and lets go of the pixels. Only the small JPEGs stay, inside the PDF being written.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph

from evidence_logger.i18n import N_, tr
from evidence_logger.report.complaint import evidence_numbers
from evidence_logger.report.data import ReportData
from evidence_logger.report.fonts import markup
from evidence_logger.report.layout import GRID, LINK, Bookmark, table

log = logging.getLogger(__name__)

Styles = dict[str, ParagraphStyle]
PIXELS = 2.0  # thumbnail pixels per point (144 dpi: sharp enough to read a screen's text)
IMAGE_FORMATS = {"png", "jpeg", "jpg", "webp", "gif", "bmp", "heic", "tiff"}
TIME_SOURCES = {"carrier": N_("the carrier's call-detail record"),
                "log": N_("the phone's log"), "sidecar": N_("the recorder's sidecar file"),
                "exif": N_("the picture's EXIF data"), "file-name": N_("the file's name"),
                "file-mtime": N_("the file's modification time"),
                "user": N_("the borrower's entry"),
                "placed": N_("the borrower, who placed the recording on this call"),
                "screen": N_("what the screenshot shows, read by OCR")}
TRUST = {"strong": N_("reliable"), "medium": N_("fairly reliable"), "weak": N_("unreliable")}


def evidence_link(number: int) -> str:
    """Markup of a link to entry ``number`` of the 证据目录."""
    return f'<a href="#ev-{number}" color="{LINK}">{number}</a>'


def time_source(lang: str, source: str | None, trust: str | None) -> str:
    """Where a time comes from and how far it can be trusted, as a phrase."""
    if not source:
        return tr("time unknown", lang)
    where = tr(TIME_SOURCES.get(source, N_("another source")), lang)
    return tr("from {source} ({trust})", lang, source=where,
              trust=tr(TRUST.get(trust or "", N_("trust unknown")), lang))


class Thumbnail(Flowable):
    """A picture scaled to fit ``max_width`` x ``max_height``, decoded only when drawn."""

    def __init__(self, path: Path, size: tuple[int, int] | None, max_width: float,
                 max_height: float) -> None:
        super().__init__()
        self.path = path
        width, height = size or self._probe(path)
        scale = min(max_width / max(width, 1), max_height / max(height, 1), 1.0)
        self.width, self.height = max(width * scale, 1), max(height * scale, 1)

    @staticmethod
    def _probe(path: Path) -> tuple[int, int]:
        try:
            with Image.open(path) as image:  # reads the header only
                return image.size
        except (OSError, UnidentifiedImageError):
            return 3, 4

    def wrap(self, *_: float) -> tuple[float, float]:
        return self.width, self.height

    # what reportlab's ImageAndFlowables asks of the picture it sets text beside
    def _restrictSize(self, width: float, height: float) -> tuple[float, float]:  # noqa: N802
        self._full = getattr(self, "_full", (self.width, self.height))
        scale = min(width / self._full[0], height / self._full[1], 1.0)
        self.width, self.height = self._full[0] * scale, self._full[1] * scale
        return self.width, self.height

    def _unRestrictSize(self) -> None:  # noqa: N802
        self.width, self.height = getattr(self, "_full", (self.width, self.height))

    def draw(self) -> None:
        target = (round(self.width * PIXELS), round(self.height * PIXELS))
        try:
            jpeg = shrink(self.path, target)
        except (OSError, UnidentifiedImageError, ValueError) as error:
            log.warning("cannot draw %s: %s", self.path, error)
            self.canv.setStrokeColor(GRID)
            self.canv.rect(0, 0, self.width, self.height)
            return
        # from a file: reportlab passes a .jpg file's bytes through as they are, whereas an
        # ImageReader is decoded to raw RGB (to name it) and that copy stays until the end
        fd, name = tempfile.mkstemp(prefix="thumb-", suffix=".jpg")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(jpeg)
            self.canv.drawImage(name, 0, 0, self.width, self.height)
        finally:
            os.unlink(name)
        self.canv.setStrokeColor(GRID)  # a white screen needs an edge
        self.canv.setLineWidth(0.4)
        self.canv.rect(0, 0, self.width, self.height)


def shrink(path: Path, target: tuple[int, int]) -> bytes:
    """One picture as a JPEG of at most ``target`` pixels; the full picture is never held."""
    with Image.open(path) as opened:
        opened.draft("RGB", target)  # JPEG: decode at a fraction of the size
        opened.thumbnail(target)  # before turning: exif_transpose would decode at full size
        return jpeg(ImageOps.exif_transpose(opened), quality=72, optimize=True)


def jpeg(image: Image.Image, *, quality: int, optimize: bool = False) -> bytes:
    """``image`` as JPEG bytes, a picture with transparency laid on white first."""
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=optimize)
    return out.getvalue()


def is_picture(item: dict[str, Any]) -> bool:
    """Whether an original is a picture (a screenshot, a photo, an MMS image)."""
    fmt = (item["format"] or "").lower().removeprefix("image/")
    return item["kind"] == "image" or (item["kind"] == "attachment" and fmt in IMAGE_FORMATS)


def when(at: str | None, lang: str) -> str:
    """An ISO time as the dossier prints it (or "time unknown")."""
    return at.replace("T", " ") if at else tr("time unknown", lang)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}" if whole >= 3600 \
        else f"{whole // 60}:{whole % 60:02d}"


def recordings(data: ReportData, st: Styles) -> list[Flowable]:
    """The call recordings: evidence number, the other party's number, time, duration."""
    lang = data.lang
    numbers = evidence_numbers(data)[0]
    heard = [item for item in data.originals if item["kind"] == "recording"]
    if not heard:
        return []
    number_of: dict[str, str] = {}
    note_of: dict[str, str] = {}
    for event in data.events:
        if event["kind"] == "call":
            for sha in event["evidence"]:
                number_of.setdefault(sha, event["number"])
                if event.get("recording_note"):
                    note_of.setdefault(sha, event["recording_note"])
    rows = []
    for item in heard:
        party = data.parties.get(number_of.get(item["sha256"], ""), {})
        who = " ".join(x for x in (number_of.get(item["sha256"]), party.get("platform")) if x)
        rows.append([Paragraph(evidence_link(numbers[item["sha256"]]), st["cell"]),
                     who or (tr("not placed on a call", lang)
                             if item["sha256"] not in number_of else "—"),
                     when(item["at"], lang),
                     _duration((item["meta"] or {}).get("duration")),
                     time_source(lang, item["at_source"], item["at_trust"]),
                     Paragraph(markup(item["name"]) + '<br/><font color="#8a5a00">'
                               + markup(note_of[item["sha256"]]) + "</font>", st["cell"])
                     if item["sha256"] in note_of else item["name"]])
    return [Bookmark("recordings", tr("Call recordings", lang)),
            Paragraph(markup(tr("Call recordings", lang)), st["h1"]),
            table([tr("No.", lang), tr("Number", lang), tr("Time", lang), tr("Duration", lang),
                   tr("Time taken from", lang), tr("File", lang)], rows,
                  (0.06, 0.2, 0.22, 0.08, 0.19, 0.25), st=st), PageBreak()]

