"""Reading a case's screenshots: a generator with progress, run after an import (the command
line right away, the window in the background) and by ``evidence-logger ocr``.

Each image is read by the engine (:mod:`evidence_logger.ocr.engine`), its lines are read as a
chat, a call list or other text (:mod:`evidence_logger.ocr.layout`), and in one transaction the
reading, its lines, the messages and calls it shows (as observations of source ``screenshot``,
through the timeline's :class:`~evidence_logger.timeline.EventSink`) and a custody entry are
written. Times shown on a screen are resolved against the screenshot's capture time; a message
or call row that nothing dates is kept in the reading's ``unplaced`` list and said, never
guessed. A damaged image is named and passed over; the engine failing to load is said once.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Generator
from dataclasses import dataclass, field, replace
from datetime import datetime
from datetime import time as dt_time
from typing import Any

from PIL import Image

from evidence_logger import custody
from evidence_logger.case import Case
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import N_
from evidence_logger.matching import LISTED
from evidence_logger.ocr.engine import OcrEngine, OcrUnavailable, engine
from evidence_logger.ocr.layout import read_screen
from evidence_logger.ocr.page import PageText, ReadTime, ScreenReading
from evidence_logger.ocr.store import Unread, forget, lines_locator, save, waiting
from evidence_logger.phones import UNKNOWN, normalize
from evidence_logger.progress import FILES, Progress
from evidence_logger.records import TRUST_MEDIUM, TRUST_WEAK, CallRecord, MessageRecord
from evidence_logger.rules.facts import DAY_S
from evidence_logger.timeline import EventSink

log = logging.getLogger(__name__)

READING = N_("Reading screenshot {number} of {count}: {name}")
MAX_PIXELS = 60_000_000  # larger pictures are not screenshots (and would take minutes)


class ScreenshotUnreadable(UserFacingError):
    """An image in the case cannot be decoded for reading (it stays in the case as it is)."""


@dataclass(slots=True)
class OcrReport:
    """What reading the screenshots did."""

    read: int = 0
    messages: int = 0
    calls: int = 0
    unplaced: int = 0  # messages and call rows whose time nothing on the screen gives
    kinds: dict[str, int] = field(default_factory=dict)
    problems: list[ScreenshotUnreadable] = field(default_factory=list)
    unavailable: OcrUnavailable | None = None  # the engine could not be loaded: nothing read


def read_screenshots(case: Case, *, again: bool = False, shas: list[str] | None = None,
                     load: Any = engine) -> Generator[Progress, None, OcrReport]:
    """Read the images not read yet (``again``: all of them; ``shas``: only these), yielding
    progress; returns the report. ``load`` gives the engine (tests hand in their own)."""
    report = OcrReport()
    items = waiting(case.db, again=again, shas=shas)
    if not items:
        return report
    yield Progress(0, len(items), FILES, READING, {"number": 1, "count": len(items),
                                                   "name": items[0].name})
    try:
        reader: OcrEngine = load()
    except OcrUnavailable as error:
        report.unavailable = error
        return report
    for number, item in enumerate(items):
        yield Progress(number, len(items), FILES, READING,
                       {"number": number + 1, "count": len(items), "name": item.name})
        try:
            image = _decode(case, item)
        except ScreenshotUnreadable as problem:
            report.problems.append(problem)
            continue
        with image:
            page = reader.read(image)
            reading = read_screen(page, image, _local(case, item.at_ms))
        _store(case, item, reader, page, reading, report)
    yield Progress(len(items), len(items), FILES)
    return report


def _decode(case: Case, item: Unread) -> Image.Image:
    """The image's pixels as RGB (the original is only read)."""
    path = case.vault.path(item.sha256)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            if image.width * image.height > MAX_PIXELS:
                raise ScreenshotUnreadable(
                    "{name} is too large a picture to read ({width} x {height}); it is kept "
                    "as it is.", name=item.name, width=image.width, height=image.height)
            return image.convert("RGB")
    except ScreenshotUnreadable:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as error:
        log.warning("cannot decode %s: %s", item.name, error)
        raise ScreenshotUnreadable(
            "{name} could not be decoded, so its text was not read; the file is kept as it "
            "is.", name=item.name) from error


def _local(case: Case, at_ms: int | None) -> datetime | None:
    if at_ms is None:
        return None
    return datetime.fromtimestamp(at_ms / 1000, case.tz).replace(tzinfo=None)


def _store(case: Case, item: Unread, reader: OcrEngine, page: PageText,
           reading: ScreenReading, report: OcrReport) -> None:
    """Write one reading and what it shows, in one transaction."""
    db = case.db
    weak = item.at_trust == TRUST_WEAK or item.at_ms is None
    unplaced: list[dict[str, Any]] = []
    with transaction(db):
        forget(db, item.evidence_id)
        sink = EventSink(db, owner=item.owner, region=case.region,
                         evidence_id=item.evidence_id)
        number = _counterpart_number(case, reading)
        messages = calls = 0
        for message in reading.messages:
            locator = lines_locator(message.lines)
            if message.time is None or number is None:
                unplaced.append({"locator": locator, "text": message.text,
                                 "why": "no time" if message.time is None else "no counterpart"})
                continue
            at_ms, precision, trust = _utc(case, message.time, weak)
            sink.add_message(MessageRecord(
                locator, number, at_ms, message.direction, message.text,
                time_source="screen", time_trust=trust, time_precision_s=precision),
                source="screenshot")
            messages += 1
        for row in reading.calls:
            locator = lines_locator((row.line,))
            who = _row_number(case, row.number, row.name)
            if row.time is None or who is None:
                unplaced.append({"locator": locator, "text": row.number or row.name or "",
                                 "why": "no time" if row.time is None else "no counterpart"})
                continue
            status = row.status or ("outgoing" if row.direction == "out" else LISTED)
            direction = row.direction or ("in" if status == "missed" else "unknown")
            for n in range(max(1, row.count)):
                # a row of several calls shows the latest's time: the others, only its day
                shown = row.time if n == 0 else _day_of(row.time)
                at_ms, precision, trust = _utc(case, shown, weak)
                where = locator if row.count <= 1 else f"{locator} (call {n + 1} of {row.count})"
                sink.add_call(CallRecord(where, who, at_ms, direction, status,
                                         contact_name=row.name, time_source="screen",
                                         time_trust=trust, time_precision_s=precision),
                              source="screenshot")
                calls += 1
        sink.flush()
        meta = {"unplaced": unplaced, "times": _times(reading)}
        save(db, item, reader.info, page, reading, read_at_ms=int(time.time() * 1000),
             meta=meta)
        custody.append(db, "ocr", {"sha256": item.sha256, "engine": reader.info.engine,
                                   "model": reader.info.model, "kind": reading.kind,
                                   "lines": len(page.lines), "messages": messages,
                                   "calls": calls, "unplaced": len(unplaced)})
    report.read += 1
    report.messages += messages
    report.calls += calls
    report.unplaced += len(unplaced)
    report.kinds[reading.kind] = report.kinds.get(reading.kind, 0) + 1


def _times(reading: ScreenReading) -> list[dict[str, Any]]:
    """How each message's or row's time was derived (kept with the reading, shown to users)."""
    out: list[dict[str, Any]] = []
    for message in reading.messages:
        if message.time is not None:
            out.append(_time_entry(lines_locator(message.lines), message.time))
    for row in reading.calls:
        if row.time is not None:
            out.append(_time_entry(lines_locator((row.line,)), row.time))
    return out


def _time_entry(locator: str, shown: ReadTime) -> dict[str, Any]:
    return {"locator": locator, "at": shown.at.isoformat(timespec="minutes"),
            "precision_s": shown.precision_s, "how": shown.how, "how_params": shown.how_params,
            "relative": shown.relative}


def _day_of(shown: ReadTime) -> ReadTime:
    """The day of ``shown`` only (an earlier call of a grouped row: the same day, hour unknown)."""
    return replace(shown, at=datetime.combine(shown.at.date(), dt_time(0)),
                   precision_s=2 * DAY_S)


def _utc(case: Case, shown: ReadTime, weak_capture: bool) -> tuple[int, int, str]:
    """A shown local time as UTC milliseconds, its precision (a day shown alone becomes the
    day's noon, give or take twelve hours, see rules.facts.DAY_S) and how far to trust it:
    never strong (read by a machine), weak when it leans on a capture time itself weak."""
    at, precision = shown.at, shown.precision_s
    if precision >= 2 * DAY_S and at.time() == dt_time(0):
        at, precision = at.replace(hour=12), DAY_S
    at_ms = int(at.replace(tzinfo=case.tz).timestamp() * 1000)
    return at_ms, precision, TRUST_WEAK if shown.relative and weak_capture else TRUST_MEDIUM


def _counterpart_number(case: Case, reading: ScreenReading) -> str | None:
    """The number a chat is with: the header's number, else the number of a party known by the
    header's name, else the name itself (a WeChat contact or a platform)."""
    counterpart = reading.counterpart
    if counterpart is None:
        return None
    return _row_number(case, counterpart.number, counterpart.name)


def _row_number(case: Case, number: str | None, name: str | None) -> str | None:
    if number:
        return number
    if not name:
        return None
    rows = case.db.execute("SELECT number FROM parties WHERE contact_name = ? OR name = ? "
                           "LIMIT 2", (name, name)).fetchall()
    if len(rows) == 1 and rows[0][0] != UNKNOWN:
        return rows[0][0]
    return normalize(name, case.region)
