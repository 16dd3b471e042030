"""Call logs saved as CSV (phone-vendor and spreadsheet exports), Chinese or English headers.

The header row is found among the first lines by its vocabulary (a title line above it is
allowed); the delimiter (comma, semicolon, tab) is the one that makes such a header. Rows are
decoded and parsed as a stream. Naive times are local times in the case's time zone. Dates
written day and month first without a year first (iExplorer's ``02/06/2017 9:45 AM``) are read in
the order the whole column settles (:mod:`.dates`), which the file's summary says.
"""

from __future__ import annotations

import codecs
import csv
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from charset_normalizer import from_bytes

from evidence_logger.i18n import N_
from evidence_logger.importers import dates
from evidence_logger.records import CallRecord, FileNote, PartialFile, ReadContext, SkipFile

log = logging.getLogger(__name__)

# Values of {reason} in BAD_ROWS (translated too).
NO_TIME = N_("the time could not be read")
NO_TIME_OF_DAY = N_("the time has no time of day")
BAD_NUMBER = N_("the phone number could not be read")
ROUNDED_NUMBER = N_("the phone number was rounded by a spreadsheet")

HEAD_BYTES = 1 << 16
_HEADER_LINES = 10
_ROLES = {
    "number": "号码 电话号码 对方号码 手机号码 电话 来电号码 phone number phonenumber tel"
              " telephone",
    "datetime": "通话时间 开始时间 呼叫时间 通话开始时间 起始时间 日期时间 datetime starttime start"
                " calltime timestamp date/time",
    "date": "日期 通话日期 date calldate",
    "time": "时间 time",
    "duration": "通话时长 时长 持续时间 duration seconds",
    "type": "类型 通话类型 呼叫类型 type direction calltype",
    "name": "姓名 联系人 联系人姓名 名称 name contact contactname",
}
_HEADER_WORDS = {word: role for role, words in _ROLES.items() for word in words.split()}
_HEADER_NOISE = re.compile(r"[\s_\-\"'\ufeff]|[（(\[【].*?[)）\]】]")
_IN, _OUT = ("answered", "in"), ("outgoing", "out")
_TYPES = {
    **dict.fromkeys("呼入 来电 已接来电 已接 接听 被叫 incoming in answered received 1".split(),
                    _IN),
    **dict.fromkeys("呼出 去电 已拨电话 已拨 拨出 主叫 outgoing out dialed dialled 2".split(),
                    _OUT),
    **dict.fromkeys("未接 未接来电 missed 3".split(), ("missed", "in")),
    **dict.fromkeys("语音信箱 voicemail 4".split(), ("voicemail", "in")),
    **dict.fromkeys("拒接 已拒接 rejected declined 5".split(), ("rejected", "in")),
    **dict.fromkeys("拦截 骚扰拦截 已拦截 blocked 6".split(), ("blocked", "in")),
    **dict.fromkeys("external 7".split(), ("external", "in")),
}
_NO_NUMBER = frozenset(
    "未知号码 未知 私人号码 隐藏号码 无号码 unknown private null -1 -2 -3".split())
_NUMBER = re.compile(r"\+?[0-9(][0-9 ()\-*#]*")
_ROUNDED = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+")
_DATETIME = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:(?:T|\s*)(上午|下午|AM|PM)?\s*(\d{1,2})[:时]"
    r"(\d{1,2})(?:[:分](\d{1,2})(?:[.,](\d{1,6}))?秒?)?分?\s*(AM|PM)?)?\s*(Z|[+-]\d\d:?\d\d)?",
    re.I)
_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})")
_UNITS = re.compile(r"(?:(\d+)\s*(?:小时|时|h))?\s*(?:(\d+)\s*(?:分钟|分|min|m))?\s*"
                    r"(?:(\d+(?:\.\d+)?)\s*(?:秒|sec|s))?", re.I)
_GB = {"gb18030", "gbk", "gb2312", "cp936"}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


class _BadRow(ValueError):
    """A row that cannot become a call; the argument is one of the reason constants."""


def _encodings(head: bytes) -> list[str]:
    """Encodings to try for a file starting with ``head``, likeliest first."""
    if head.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    if b"\x00" in head:  # binary, or UTF-16 without a BOM: not a CSV we read
        return []
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return ["utf-8"]
    except UnicodeDecodeError:
        pass
    matches = from_bytes(head)
    # Short Chinese text fits several CJK code pages equally well; for Chinese users a GB
    # reading wins whenever charset-normalizer finds one plausible. gb18030 is a superset of
    # gb2312/gbk, so it is the one used.
    if any(_GB & set(m.could_be_from_charset) for m in matches):
        return ["gb18030"]
    best = matches.best()
    return [best.encoding, "gb18030"] if best is not None else ["gb18030"]


def columns_by_role(cells: list[str], words: dict[str, str], noise: re.Pattern[str]
                    ) -> dict[str, int]:
    """Role -> column of a header row: each cell, less ``noise``, looked up in ``words``
    (header word -> role); the first column of a role wins. Shared with the carrier reader."""
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        role = words.get(noise.sub("", cell).lower())
        if role is not None and role not in roles:
            roles[role] = i
    return roles


def _header_roles(cells: list[str]) -> dict[str, int] | None:
    """Map role -> column for a header row; None unless it has a number and a time column."""
    roles = columns_by_role(cells, _HEADER_WORDS, _HEADER_NOISE)
    has_time = roles.keys() & {"datetime", "date", "time"}
    return roles if "number" in roles and has_time else None


def _find_header(head: bytes) -> tuple[str, str, int, dict[str, int]] | None:
    """(encoding, delimiter, index of the header row, roles) for a file starting with ``head``."""
    for encoding in _encodings(head):
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except (UnicodeDecodeError, LookupError):
            continue
        for index, line in enumerate(text.splitlines()[:_HEADER_LINES]):
            delimiter = max(",;\t", key=line.count)
            roles = _header_roles(next(csv.reader([line], delimiter=delimiter), []))
            if roles is not None:
                return encoding, delimiter, index, roles
    return None


def sniff_csv_calls(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) starts a call-log CSV we can read."""
    return _find_header(head[:HEAD_BYTES]) is not None


def _day_month(path: Path, encoding: str, delimiter: str, header_index: int,
               roles: dict[str, int], region: str) -> dates.DayMonth | None:
    """The day-month order of the file's date column, read in a first pass over it."""
    column = roles.get("datetime", roles.get("date"))
    if column is None:
        return None
    with path.open(encoding=encoding, errors="replace", newline="") as text:
        for _ in range(header_index + 1):
            text.readline()
        try:
            return dates.decide(((f"row {n}", row[column] if column < len(row) else "")
                                 for n, row in enumerate(csv.reader(text, delimiter=delimiter),
                                                         1)), region)
        except csv.Error:
            return None  # the reading pass says where the file is damaged


def read_csv_log(path: Path, ctx: ReadContext) -> Iterator[CallRecord | FileNote]:
    """The registry's reader: :func:`read_csv_calls`, with the note of the day-month order
    first when the file's dates needed one."""
    notes: list[FileNote] = []
    calls = read_csv_calls(path, ctx, notes)
    first = next(calls, None)  # the order is decided before the first row is read
    yield from notes
    if first is not None:
        yield first
        yield from calls


def read_csv_calls(path: Path, ctx: ReadContext, notes: list[FileNote] | None = None
                   ) -> Iterator[CallRecord]:
    """Yield the calls of a CSV call log, row by row (``notes`` gets the day-month order it
    read, when its dates need one); raise PartialFile at the end for bad rows, SkipFile when
    no row could be read."""
    name = path.name
    with path.open("rb") as raw:
        found = _find_header(raw.read(HEAD_BYTES))
    if found is None:
        raise SkipFile("{name} has no call-log header we recognise (a phone number column and"
                       " a time column).", name=name)
    encoding, delimiter, header_index, roles = found
    log.debug("%s: %s, delimiter %r, columns %s", name, encoding, delimiter, roles)
    order = _day_month(path, encoding, delimiter, header_index, roles, ctx.region)
    if order is not None and notes is not None:
        notes.append(order.note())
    total = bad = row_no = 0
    first_bad: tuple[int, str] | None = None
    with path.open(encoding=encoding, errors="replace", newline="") as text:
        for _ in range(header_index):  # title lines above the header
            text.readline()
        rows = csv.reader(text, delimiter=delimiter)
        next(rows, None)
        try:
            for row_no, row in enumerate(rows, 1):
                if not any(cell.strip() for cell in row):
                    continue
                total += 1
                try:
                    yield _call(row, roles, row_no, ctx.tz, order)
                except _BadRow as exc:
                    bad += 1
                    first_bad = first_bad or (row_no, exc.args[0])
                    log.debug("%s row %d skipped: %s (%r)", name, row_no, exc.args[0], row)
        except csv.Error as exc:
            log.warning("%s: CSV error at row %d: %s", name, row_no + 1, exc)
            raise PartialFile("{name} is damaged at row {row}: {count} rows before that point"
                              " were read, the rest could not be.",
                              name=name, row=row_no + 1, count=total - bad) from None
    if total == 0:
        raise SkipFile("{name} has a call-log header but no rows under it.", name=name)
    if first_bad is not None and bad == total:
        raise SkipFile("{name}: none of its {total} rows could be read (first at row {row}:"
                       " {reason}); nothing of it was imported.",
                       name=name, total=total, row=first_bad[0], reason=first_bad[1])
    if first_bad is not None:
        raise PartialFile("{name}: {bad} of {total} rows could not be read (first at row {row}:"
                          " {reason}); the others were imported.",
                          name=name, bad=bad, total=total, row=first_bad[0], reason=first_bad[1])


def _call(row: list[str], roles: dict[str, int], row_no: int, tz: ZoneInfo,
          order: dates.DayMonth | None = None) -> CallRecord:
    def cell(role: str) -> str:
        i = roles.get(role)
        return row[i].strip() if i is not None and i < len(row) else ""

    clock, date = cell("datetime") or cell("time"), cell("date")
    if date and clock and not (clock.isdigit() or _DATETIME.fullmatch(clock)
                               or dates.DMY.fullmatch(clock)):
        when = f"{date} {clock}"  # separate date and time-of-day columns
    else:
        when = clock or date
    at_ms, precision = _parse_time(when, tz, order)
    duration = _parse_duration(cell("duration"))
    status, direction = _TYPES.get(cell("type").lower().removesuffix(" call")) or (
        "answered" if duration else "missed", "in")
    return CallRecord(f"row {row_no}", _parse_number(cell("number")), at_ms, direction, status,
                      duration, cell("name") or None, time_precision_s=precision)


def _parse_number(raw: str) -> str:
    """The number as written, minus spreadsheet wrapping (="...", a leading ', a trailing .0)."""
    if raw.startswith('="') and raw.endswith('"'):
        raw = raw[2:-1]
    raw = raw.lstrip("'").strip().removesuffix(".0")
    if not raw or raw.lower() in _NO_NUMBER:
        return ""  # private or unknown caller
    if _ROUNDED.fullmatch(raw):
        raise _BadRow(ROUNDED_NUMBER)
    if not _NUMBER.fullmatch(raw):
        raise _BadRow(BAD_NUMBER)
    return raw


def _parse_time(text: str, tz: ZoneInfo, order: dates.DayMonth | None = None
                ) -> tuple[int, int]:
    """(UTC ms, precision in seconds) for a local or offset time, or epoch s/ms; ``order``
    reads day-month dates (``02/06/17 09:45``)."""
    if text.isdigit() and len(text) in (10, 13):
        return (int(text) * 1000 if len(text) == 10 else int(text)), 1
    if order is not None and dates.DMY.fullmatch(text):
        found = dates.parse(text, order)
        if found is None:
            raise _BadRow(NO_TIME)
        return (found[0].replace(tzinfo=tz) - _EPOCH) // _MS, found[1]
    m = _DATETIME.fullmatch(text)
    if m is None:
        raise _BadRow(NO_TIME)
    y, mo, d, ampm, h, mi, s, frac, ampm2, offset = m.groups()
    if h is None:
        raise _BadRow(NO_TIME_OF_DAY)
    hour = int(h)
    ampm = (ampm or ampm2 or "").upper()
    if ampm in ("PM", "下午") and hour < 12:
        hour += 12
    elif ampm in ("AM", "上午") and hour == 12:
        hour = 0
    zone: timezone | ZoneInfo = tz
    if offset == "Z" or offset == "z":
        zone = UTC
    elif offset:
        sign = -1 if offset[0] == "-" else 1
        zone = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[-2:])))
    try:
        dt = datetime(int(y), int(mo), int(d), hour, int(mi), int(s or 0),
                      int((frac or "0").ljust(6, "0")), tzinfo=zone)
    except ValueError:
        raise _BadRow(NO_TIME) from None
    return (dt - _EPOCH) // _MS, (1 if s is not None else 60)


def _parse_duration(text: str) -> float | None:
    """Seconds from "80", "80秒", "1分20秒", "00:01:20" or "01:20" (mm:ss); None if unreadable."""
    if not text:
        return None
    if text.replace(".", "", 1).isdigit():
        return float(text)
    if m := _CLOCK.fullmatch(text):
        return int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3])
    if (m := _UNITS.fullmatch(text)) and any(m.groups()):
        return int(m[1] or 0) * 3600 + int(m[2] or 0) * 60 + float(m[3] or 0)
    log.debug("unreadable duration %r", text)
    return None
