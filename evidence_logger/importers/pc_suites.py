"""CSV exports of PC tools whose layout is not a header of our vocabulary.

* iMazing (iPhone call history) writes no header: ``Incoming,02/06/17 09:45,00:01:43,+46...,Name``
  (type, date and time, duration, number, name).
* Nokia LogExport (Symbian's log) writes ``Date,"Time","Type","RemoteParty","Direction",...,
  "Duration",...,"Number"``: calls and messages in one file, dates ``MM/DD/YYYY``. Messages carry
  no text; rows of other kinds (packet data, faxes) are passed over and counted.

(iExplorer's ``Contact,Number,Date,Duration,Call Type,...`` has a header the call-log CSV reader
knows: :mod:`.csv_calls`.) Day and month order is decided from the whole date column
(:mod:`.dates`) and said in the file's summary. Naive times are in the case's time zone.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from evidence_logger.i18n import N_
from evidence_logger.importers import dates, tables
from evidence_logger.importers.csv_calls import (
    NO_TIME,
    _BadRow,
    _encodings,
    _parse_duration,
    _parse_number,
)
from evidence_logger.records import (
    CallRecord,
    FileNote,
    MessageRecord,
    PartialFile,
    ReadContext,
    SkipFile,
)

log = logging.getLogger(__name__)

IMAZING, NOKIA = "imazing-calls", "nokia-logexport"
BAD_TYPE = N_("the kind of call could not be read")
_IMAZING_TYPES = {"incoming": ("answered", "in"), "outgoing": ("outgoing", "out"),
                  "missed": ("missed", "in"), "cancelled": ("outgoing", "out"),
                  "canceled": ("outgoing", "out"), "blocked": ("blocked", "in"),
                  "rejected": ("rejected", "in"), "declined": ("rejected", "in")}
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


def _cells(head: bytes) -> list[list[str]]:
    """The first rows of a text file, as CSV cells."""
    for encoding in _encodings(head):
        try:
            text = head.decode(encoding, "ignore")
        except LookupError:
            continue
        lines = text.splitlines()[:5]
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO("\n".join(lines)))]
    return []


def _nokia_header(cells: list[str]) -> dict[str, int] | None:
    names = [c.strip().strip('"').lower().replace(" ", "") for c in cells]
    if not {"remoteparty", "direction", "date", "number"} <= set(names):
        return None
    return {name: names.index(name) for name in dict.fromkeys(names)}


def _imazing_row(cells: list[str]) -> bool:
    return (len(cells) >= 4 and cells[0].lower() in _IMAZING_TYPES
            and dates.DMY.fullmatch(cells[1]) is not None and bool(_CLOCK.fullmatch(cells[2])))


def sniff(head: bytes, path: Path) -> str | None:
    """``imazing-calls`` or ``nokia-logexport`` from a text file's first rows."""
    if b"\x00" in head[:4096]:
        return None
    rows = [row for row in _cells(head[:4096]) if any(row)]
    if not rows:
        return None
    if _nokia_header(rows[0]) is not None:
        return NOKIA
    return IMAZING if _imazing_row(rows[0]) else None


def _time(text: str, order: dates.DayMonth | None, ctx: ReadContext) -> tuple[int, int]:
    found = dates.parse(text, order) if order is not None else None
    if found is None:
        raise _BadRow(NO_TIME)
    return (found[0].replace(tzinfo=ctx.tz) - _EPOCH) // _MS, found[1]


def _finish(name: str, total: int, bad: int, first_bad: tuple[str, str] | None) -> None:
    if first_bad is None:
        return
    row = first_bad[0].removeprefix("row ")
    if bad == total:
        raise SkipFile("{name}: none of its {total} rows could be read (first at row {row}:"
                       " {reason}); nothing of it was imported.",
                       name=name, total=total, row=row, reason=first_bad[1])
    raise PartialFile("{name}: {bad} of {total} rows could not be read (first at row {row}:"
                      " {reason}); the others were imported.",
                      name=name, bad=bad, total=total, row=row, reason=first_bad[1])


def _sheet(path: Path) -> tables.Sheet:
    with path.open("rb") as raw:
        head = raw.read(1 << 16)
    sheet = tables.read_sheet(path, head)
    if sheet is None:
        raise SkipFile("{name} could not be read as text.", name=path.name)
    return sheet


def read_imazing(path: Path, ctx: ReadContext) -> Iterator[CallRecord | FileNote]:
    """Yield the calls of an iMazing call-history CSV (no header)."""
    rows = list(tables.iter_cells(_sheet(path)))
    order = dates.decide(((loc, cells[1] if len(cells) > 1 else "") for loc, cells in rows),
                         ctx.region)
    if order is not None:
        yield order.note()
    bad, first_bad = 0, None
    for locator, cells in rows:
        try:
            kind = _IMAZING_TYPES.get(cells[0].lower())
            if kind is None or len(cells) < 4:
                raise _BadRow(BAD_TYPE)
            at_ms, precision = _time(cells[1], order, ctx)
            yield CallRecord(locator, _parse_number(cells[3]), at_ms, kind[1], kind[0],
                             _parse_duration(cells[2]),
                             (cells[4] if len(cells) > 4 else "") or None,
                             time_precision_s=precision)
        except _BadRow as exc:
            bad += 1
            first_bad = first_bad or (locator, exc.args[0])
    _finish(path.name, len(rows), bad, first_bad)


def read_nokia(path: Path, ctx: ReadContext
               ) -> Iterator[CallRecord | MessageRecord | FileNote]:
    """Yield the calls and messages of a Nokia LogExport CSV."""
    rows = list(tables.iter_cells(_sheet(path)))
    if not rows or (roles := _nokia_header(rows[0][1])) is None:
        raise SkipFile("{name} has no Nokia LogExport header.", name=path.name)
    rows = rows[1:]
    if not rows:
        raise SkipFile("{name} has a call-log header but no rows under it.", name=path.name)

    def cell(cells: list[str], name: str) -> str:
        i = roles.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    order = dates.decide(((loc, f"{cell(c, 'date')} {cell(c, 'time')}".strip())
                          for loc, c in rows), ctx.region)
    if order is not None:
        yield order.note()
    bad, other, first_bad = 0, 0, None
    for locator, cells in rows:
        kind = cell(cells, "type").lower()
        is_call = "call" in kind or "voice" in kind
        is_message = "message" in kind or "sms" in kind or "mms" in kind
        if not (is_call or is_message):
            other += 1
            continue
        try:
            at_ms, precision = _time(f"{cell(cells, 'date')} {cell(cells, 'time')}", order, ctx)
            number = _parse_number(cell(cells, "number"))
            way = cell(cells, "direction").lower()
            missed = "missed" in way
            direction = "in" if missed or way.startswith(("in", "rec")) else (
                "out" if way.startswith(("out", "sent")) else None)
            if direction is None:
                raise _BadRow(BAD_TYPE)
            name = cell(cells, "remoteparty") or None
            if is_message:
                yield MessageRecord(locator, number, at_ms, direction, "", name)
                continue
            duration = _parse_duration(cell(cells, "duration"))
            status = "missed" if missed else ("answered" if direction == "in" else "outgoing")
            yield CallRecord(locator, number, at_ms, direction, status, duration, name,
                             time_precision_s=precision)
        except _BadRow as exc:
            bad += 1
            first_bad = first_bad or (locator, exc.args[0])
    if other:
        yield FileNote(N_("{name}: {count} row(s) of other kinds (data connections, faxes) were"
                          " passed over."), {"count": other})
    _finish(path.name, len(rows) - other, bad, first_bad)
