"""Carrier call-detail records (运营商通话详单): China Mobile, China Unicom, China Telecom.

They come as CSV, Excel (.xlsx, .xls) or a text PDF "电子详单" (see :mod:`.tables`); each is
one table under a title, or a workbook of sheets (the sheets with a carrier header are read).
The header row is found by its words (起始时间 / 通话起始时间,
通信地点 / 通话地点, 通信方式 / 呼叫类型, 对方号码, 通信时长 / 通话时长, 通信类型, 套餐优惠,
实收通信费(元) ...); a PDF repeats it on every page, which is passed over.

* ``主叫`` is an outgoing call, ``被叫`` an incoming one, anywhere in the cell (本地主叫,
  漫游被叫 ...; both in one cell is refused). ``呼转`` (call forwarding), looked for first, is a
  call to the borrower's number that the network forwarded to another phone: it is counted as
  an incoming call from the other number, status ``external`` (connected, not on this phone).
* Durations: ``56秒``, ``1分56秒``, ``1小时2分3秒``, ``1时2分3秒``, ``00:01:56``, ``1:56``
  (m:ss), ``1'56"``, ``1分56``, seconds; a call whose duration cannot be read is counted in a
  note.
* Dates without a year (``10-31 23:59:59``) take it only from a bill month the file states
  (:func:`bill_period`: 账期/查询月份/计费月份/账单月份/年月, a 起止 range, a ``2026年10月`` in a
  title naming 详单/账单 or in a header cell, a yyyyMM in the file name); a row whose month is
  far from the bill month belongs to the neighbouring year. Print, generation and download
  dates and a yyyyMMdd file name are only upper bounds. Failing a bill month, the year the user
  gave (``ReadContext.year``) is that of the file's first (earliest) row, rows after a
  December-January wrap getting the next; failing that, or when the year would put a row after
  the upper bound or today, :class:`~evidence_logger.records.YearNeeded`: the file is not
  imported and the user is asked, never a guess. A note says which year was used, from where.
* Subtotal and total rows (a start time or number of ``--``, 合计, 小计, 总计, 共计, or no start
  time and such a word) are not calls: they are passed over and counted in the file's summary
  (a :class:`~evidence_logger.records.FileNote`).
* An SMS detail record (短信详单: 起始时间, 对方号码, 通信方式 发送/接收) gives messages without
  text.

Every time is the carrier's (time source ``carrier``, trust strong), a local time in the case's
time zone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from evidence_logger.i18n import N_
from evidence_logger.importers import tables
from evidence_logger.importers.csv_calls import (
    NO_TIME,
    _BadRow,
    _parse_duration,
    _parse_number,
    _parse_time,
    columns_by_role,
)
from evidence_logger.records import (
    TRUST_STRONG,
    CallRecord,
    FileNote,
    MessageRecord,
    PartialFile,
    ReadContext,
    SkipFile,
    YearNeeded,
)

log = logging.getLogger(__name__)

CALLS, SMS = "carrier-calls", "carrier-sms"
BAD_DIRECTION = N_("the call type (主叫/被叫/呼转) could not be read")

_ROLES = {
    "start": "起始时间 通话起始时间 通信起始时间 开始时间 通话开始时间 呼叫时间 通话时间 发送时间"
             " 起始日期时间 时间",
    "date": "日期 通话日期 通信日期",
    "clock": "",
    "place": "通信地点 通话地点 呼叫地点 所在地 通话地",
    "mode": "通信方式 呼叫类型 呼叫方式 通话方式 收发类型 发送方式",
    "number": "对方号码 对端号码 对方号 通话号码 对方手机号",
    "duration": "通信时长 通话时长 时长 通话时长(秒)",
    "kind": "通信类型 通话类型 业务类型 费用类型 通话类别 信息类型",
    "discount": "套餐优惠 优惠项 套餐",
    "fee": "实收通信费 通信费 费用 话费 基本通话费 小计费用 本地费 总费用 应收费用 实收费用",
}
_WORDS = {word: role for role, words in _ROLES.items() for word in words.split()}
_NOISE = re.compile(r"[\s_\"'\ufeff:：]|[（(\[【].*?[)）\]】]")
_CARRIER_ONLY = {"place", "kind", "discount", "fee"}
_OUT = "主叫 主叫呼出 呼出 拨出 发送 发 上行 发出".split()
_IN = "被叫 被叫呼入 呼入 接听 接收 收 下行 接受".split()
_FORWARD = "呼转 呼叫转移 呼转主叫 前转 转接 呼叫前转".split()
_TOTAL = re.compile(r"合计|小计|总计|共计|总条数")
# a year and month with no day after it (a bill month, not a print date)
_YEAR_MONTH = (re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年\s*(1[0-2]|0?[1-9])\s*月"
                          r"(?!\s*\d{1,2}\s*[日号])"),
               re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](1[0-2]|0?[1-9])(?!\d|[-/.]\d)"),
               re.compile(r"(?<!\d)((?:19|20)\d\d)(1[0-2]|0[1-9])(?!\d)"))
_LABELLED = re.compile(r"账期|查询月份|计费月份|账单月份|账单周期|计费周期|统计月份|查询时间"
                       r"|起止时间|查询周期|年月")
_BILL_TITLE = re.compile(r"详单|账单|清单")
_DATE = (r"(?P<y{n}>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m{n}>\d{{1,2}})\s*[-/.月]\s*"
         r"(?P<d{n}>\d{{1,2}})\s*日?")
_PRINTED = re.compile(r"(?:打印|生成|下载|导出|制表)(?:时间|日期)\s*[:：]?\s*" + _DATE.format(n=""))
_RANGE = re.compile(_DATE.format(n=1) + r"(?:\s*\d{1,2}:\d\d(?::\d\d)?)?\s*"
                    r"(?:至|到|~|～|—|－|-{1,2})\s*" + _DATE.format(n=2))
_FILE_DAY = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-_.]?(?P<m>1[0-2]|0[1-9])[-_.]?"
                       r"(?P<d>3[01]|[12]\d|0[1-9])(?!\d)")
_NO_YEAR = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2})[:：](\d{1,2})"
                      r"(?:[:：](\d{1,2}))?")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
_SMS_TITLE = re.compile(r"短信|彩信|信息详单")


def header_roles(cells: list[str]) -> dict[str, int] | None:
    """Role -> column of a carrier detail record's header row, or None when the row is not one:
    it needs a start time and the other number, and a carrier's own column (通信方式, or a
    place, a fee, a package or a 通信类型 column) that a phone's call log never has."""
    roles = columns_by_role(cells, _WORDS, _NOISE)
    if "number" not in roles or not roles.keys() & {"start", "date"}:
        return None
    said = {_NOISE.sub("", cells[i]) for i in roles.values()}
    if roles.keys() & _CARRIER_ONLY or "通信方式" in said:
        return roles
    return None


def _find_header(sheet: tables.Sheet) -> tuple[int, dict[str, int]] | None:
    for index, (_, cells) in enumerate(sheet.rows[:tables.HEAD_ROWS]):
        roles = header_roles(cells)
        if roles is not None:
            return index, roles
    return None


def _is_sms(sheet: tables.Sheet, index: int, roles: dict[str, int], name: str) -> bool:
    above = " ".join(" ".join(c) for _, c in sheet.rows[:index]) + " ".join(sheet.text)
    return "duration" not in roles or bool(_SMS_TITLE.search(f"{above} {sheet.name} {name}"))


def _carrier_sheets(sheets: list[tables.Sheet], name: str
                    ) -> list[tuple[tables.Sheet, int, dict[str, int], bool]]:
    """The sheets with a carrier header, each with its header row, roles and whether it is an
    SMS record: the calls sheets when there are any (a workbook of a 汇总 sheet, a calls sheet
    and an SMS sheet gives its calls), else the SMS sheets."""
    found = [(sheet, *where, _is_sms(sheet, *where, name)) for sheet in sheets
             if (where := _find_header(sheet)) is not None]
    calls = [f for f in found if not f[3]]
    return calls or found


def sniff(head: bytes, path: Path) -> str | None:
    """``carrier-calls`` or ``carrier-sms`` for a CSV, Excel or PDF carrier detail record."""
    found = _carrier_sheets(tables.read_sheets(path, head, limit=tables.HEAD_ROWS), path.name)
    if not found:
        return None
    return SMS if found[0][3] else CALLS


def _month_in(text: str) -> re.Match[str] | None:
    """The first year-month without a day in ``text``."""
    for pattern in _YEAR_MONTH:
        if found := pattern.search(text):
            return found
    return None


def bill_month(texts: list[str]) -> tuple[int, int] | None:
    """(year, month) of the first year-month without a day written in ``texts`` (any form; no
    source rules)."""
    for text in texts:
        for pattern in _YEAR_MONTH:
            if m := pattern.search(text):
                return int(m[1]), int(m[2])
    return None


@dataclass(slots=True)
class Period:
    """What a file says of its bill month: ``bill`` (year, month) and where it was read
    (``source``: title, file name, range; ``said``: the text), and ``bound``, the last day its
    rows can be on (a print, generation or download date, a yyyyMMdd in the file name, the end
    of a 起止 range)."""

    bill: tuple[int, int] | None = None
    source: str = ""
    said: str = ""
    bound: date | None = None


def _day(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _bound(period: Period, day: date | None) -> None:
    if day is not None and (period.bound is None or day < period.bound):
        period.bound = day


def bill_period(lines: list[str], header: list[str], stem: str) -> Period:
    """The bill month a file states, only from text that says it is one: a labelled month
    (账期, 查询月份, 计费月份, 账单月份, 年月), a 起止/查询时间 range, a ``2026年10月`` in a title
    that names 详单/账单 or in a header cell, or a yyyyMM / yyyy-MM / yyyy年MM月 in the file
    name. A date labelled 打印时间/生成时间/下载时间 and a yyyyMMdd in the file name are only
    upper bounds (the file was made on or before that day), never the bill month."""
    period = Period()
    for line in lines:
        for m in _PRINTED.finditer(line):
            _bound(period, _day(*m.group("y", "m", "d")))
        rest = _PRINTED.sub(" ", line)
        if span := _RANGE.search(rest):
            _bound(period, _day(*span.group("y2", "m2", "d2")))
            if period.bill is None:
                period.bill, period.source, period.said = (
                    (int(span["y1"]), int(span["m1"])), "range", span[0])
            continue
        if period.bill is not None:
            continue
        label = _LABELLED.search(rest)
        texts = [(label[0] + " ", rest[label.end():label.end() + 24])] if label else []
        if _BILL_TITLE.search(rest):
            texts.append(("", rest))
        for said, text in texts:
            if (found := _month_in(text)) is not None:
                period.bill, period.source, period.said = (
                    (int(found[1]), int(found[2])), "title", said + found[0].strip())
                break
    for cell in header:
        if period.bill is None and (found := _YEAR_MONTH[0].search(cell)):
            period.bill, period.source, period.said = (int(found[1]), int(found[2])), "title", cell
    for m in _FILE_DAY.finditer(stem):
        _bound(period, _day(*m.group("y", "m", "d")))
    rest = _FILE_DAY.sub(" ", stem)
    if period.bill is None and (month := bill_month([rest])) is not None:
        period.bill, period.source, period.said = month, "file name", stem
    return period


def _year_for(month: int, bill: tuple[int, int]) -> int:
    """The year of a row of ``month`` in a bill of ``bill`` (year, month): the one that puts
    the row nearest the bill month (a December bill's January rows are the next year's, a
    January bill's December rows the year before's)."""
    year, bill_m = bill
    return min((year - 1, year, year + 1),
               key=lambda y: abs((y * 12 + month) - (year * 12 + bill_m)))


def first_month(months: set[int]) -> int:
    """The month of a file's earliest row, from the months of its rows (in no order): the one
    after the widest gap between them round the year (rows of December and January: December)."""
    ordered = sorted(months)
    gaps = [((ordered[(i + 1) % len(ordered)] - m) % 12 or 12, ordered[(i + 1) % len(ordered)])
            for i, m in enumerate(ordered)]
    return max(gaps)[1]


def read_carrier(path: Path, ctx: ReadContext) -> Iterator[CallRecord | MessageRecord | FileNote]:
    """Yield the calls (or messages) of a carrier detail record, then a note of its subtotal
    rows; raise YearNeeded when dates lack a year nothing gives, PartialFile for bad rows."""
    name = path.name
    with path.open("rb") as raw:
        head = raw.read(tables.HEAD_ROWS * 4096)
    chosen = _carrier_sheets(tables.read_sheets(path, head), name)
    if not chosen:
        raise SkipFile("{name} has no carrier detail header we recognise (起始时间, 对方号码,"
                       " 通信方式 ...).", name=name)
    parts, subtotals = [], 0
    for sheet, index, roles, sms in chosen:
        above = [" ".join(c) for _, c in sheet.rows[:index]] + sheet.text
        period = bill_period(above, sheet.rows[index][1], path.stem)
        rows, headers = [], 0
        for locator, cells in tables.iter_cells(tables.Sheet(sheet.container,
                                                             sheet.rows[index + 1:])):
            if header_roles(cells) is not None:
                headers += 1  # the header repeated on each PDF page
                continue
            if _is_total(cells, roles):
                subtotals += 1
                continue
            rows.append((locator, cells))
        log.debug("%s %s: %s, %d rows, header repeated %d times, bill month %s",
                  name, sheet.name, sheet.container, len(rows), headers, period)
        if rows:
            parts.append((rows, roles, sms,
                          _Years(name, period, ctx, [_when(c, roles) for _, c in rows])))
    if not parts:
        raise SkipFile("{name} has a carrier detail header but no calls or messages under it.",
                       name=name)
    bad, first_bad, good, no_duration = 0, None, 0, 0
    for rows, roles, sms, years in parts:
        records: list[CallRecord | MessageRecord] = []
        for locator, cells in rows:
            try:
                at_ms, precision = _time(_when(cells, roles), years, ctx)
                number = _parse_number(_cell(cells, roles, "number"))
                mode = _cell(cells, roles, "mode")
                if sms:
                    records.append(MessageRecord(locator, number, at_ms, _sms_direction(mode),
                                                 "", time_source="carrier",
                                                 time_trust=TRUST_STRONG))
                else:
                    # 主叫/被叫 under 通话类型 where 通信方式 is missing or says something else
                    direction, status = _direction(mode, _cell(cells, roles, "kind"))
                    duration = _duration(_cell(cells, roles, "duration"))
                    no_duration += duration is None
                    records.append(CallRecord(locator, number, at_ms, direction, status,
                                              duration, time_source="carrier",
                                              time_trust=TRUST_STRONG,
                                              time_precision_s=precision))
                good += 1
            except _BadRow as exc:
                bad += 1
                first_bad = first_bad or (locator, exc.args[0])
                log.debug("%s %s skipped: %s (%r)", name, locator, exc.args[0], cells)
        if note := years.check([r.at_ms for r in records]):
            yield note
        yield from records
    if no_duration:
        yield FileNote(N_("{name}: {rows} row(s) had no readable duration; those calls were"
                          " imported without one."), {"rows": no_duration})
    if subtotals:
        yield FileNote(N_("{name}: {count} subtotal or total row(s) were passed over (they are"
                          " not calls or messages)."), {"count": subtotals})
    if first_bad is not None:
        if not good:
            raise SkipFile("{name}: none of its {total} rows could be read (first at {row}:"
                           " {reason}); nothing of it was imported.",
                           name=name, total=bad, row=first_bad[0], reason=first_bad[1])
        raise PartialFile("{name}: {bad} of {total} rows could not be read (first at {row}:"
                          " {reason}); the others were imported.", name=name, bad=bad,
                          total=bad + good, row=first_bad[0], reason=first_bad[1])


def _is_total(cells: list[str], roles: dict[str, int]) -> bool:
    """A subtotal or total row: its start time or number says 合计/小计/总计/共计 or is ``--``,
    or it has no start time and says one of them somewhere (a 套餐优惠 cell reading
    ``套餐内(合计500分钟)`` under a real call does not make it one)."""
    start = _cell(cells, roles, "start") or _cell(cells, roles, "date")
    number = _cell(cells, roles, "number")
    for cell in (start, number):
        if _TOTAL.search(cell) or (cell and cell.strip("-") == ""):
            return True
    if re.search(r"\d[:：]\d|^\d{10,14}$", start):
        return False
    return "--" in "".join(cells) or any(_TOTAL.search(c) for c in cells)


def _cell(cells: list[str], roles: dict[str, int], role: str) -> str:
    i = roles.get(role)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _when(cells: list[str], roles: dict[str, int]) -> str:
    start, day = _cell(cells, roles, "start"), _cell(cells, roles, "date")
    if day and start and ":" in start and not re.search(r"\d[-/.月]\d", start):
        return f"{day} {start}"  # a date column and a time-of-day column
    return start or day


def _duration(text: str) -> float | None:
    """Seconds of a carrier's duration: as :func:`_parse_duration` reads them, and also
    ``1'56"``, ``1′56″`` and ``1分56`` (seconds without their 秒)."""
    text = re.sub(r"\s+", "", text).replace("′", "'").replace("″", '"')
    text = re.sub(r"(\d)'", r"\1分", text).replace('"', "秒")
    if re.search(r"分\d+$", text):
        text += "秒"
    return _parse_duration(text)


class _Years:
    """The year of each row written without one: from the bill month the file states, else from
    the year the user gave for its first (earliest) row; checked against the file's upper bound
    and today, and said in a note."""

    def __init__(self, name: str, period: Period, ctx: ReadContext, whens: list[str]) -> None:
        self.name, self.period, self.ctx, self.used = name, period, ctx, False
        found = [m for w in whens if (m := _NO_YEAR.fullmatch(w.strip())) and not
                 re.match(r"\d{4}", w.strip())]
        self.first = first_month({int(m[1]) for m in found}) if found else 1
        # the first and last month-day in time order (for the question), the year-end wrap
        keys = sorted(((int(m[1]) - self.first) % 12, int(m[1]), int(m[2])) for m in found)
        self.span = ({"first_day": f"{keys[0][1]:02d}-{keys[0][2]:02d}",
                      "last_day": f"{keys[-1][1]:02d}-{keys[-1][2]:02d}"} if keys else {})

    def year(self, month: int) -> int:
        self.used = True
        if self.period.bill is not None:
            return _year_for(month, self.period.bill)
        if self.ctx.year is None:
            raise YearNeeded("{name} gives dates without a year and does not say its bill month."
                             " Import it again with the year of its first (earliest) row"
                             " (import --year YYYY).", name=self.name, **self.span)
        return self.ctx.year + (month < self.first)

    def check(self, times: list[int]) -> FileNote | None:
        """A note of the year used, or YearNeeded when it puts a row after the file's upper
        bound or after today."""
        if not self.used or not times:
            return None
        today = datetime.now(self.ctx.tz).date()
        bound = min(today, self.period.bound or today)
        limit = ((datetime.combine(bound, datetime.min.time(), self.ctx.tz) + timedelta(days=1)
                  - _EPOCH) // _MS)
        first, last = (datetime.fromtimestamp(t / 1000, self.ctx.tz).date().isoformat()
                       for t in (min(times), max(times)))
        if max(times) >= limit:
            raise YearNeeded("{name} gives dates without a year, and the year read from it"
                             " ({said}) would put its last row on {last}, after {bound}. Import"
                             " it again with the year of its first (earliest) row"
                             " (import --year YYYY).", name=self.name, last=last,
                             bound=bound.isoformat(),
                             said=self.period.said or f"--year {self.ctx.year}", **self.span)
        params: dict[str, object] = {"first": first, "last": last, "said": self.period.said}
        if self.period.source == "title":
            return FileNote(N_("{name}: its dates have no year; they were read as {first} to"
                               " {last}, the year from the bill month in its title ({said})."),
                            params)
        if self.period.source == "file name":
            return FileNote(N_("{name}: its dates have no year; they were read as {first} to"
                               " {last}, the year from the bill month in its file name"
                               " ({said})."), params)
        if self.period.source == "range":
            return FileNote(N_("{name}: its dates have no year; they were read as {first} to"
                               " {last}, the year from the period it covers ({said})."), params)
        params["year"] = self.ctx.year
        return FileNote(N_("{name}: its dates have no year; they were read as {first} to"
                           " {last}, with the year {year} given for its first row (--year or"
                           " the question)."), params)


def _time(text: str, years: _Years, ctx: ReadContext) -> tuple[int, int]:
    if re.fullmatch(r"\d{14}", text := text.strip()):  # 20261003074109
        try:
            dt = datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=ctx.tz)
        except ValueError:
            raise _BadRow(NO_TIME) from None
        return (dt - _EPOCH) // _MS, 1
    if re.match(r"\s*\d{4}\s*[-/.年]", text) or (text.isdigit() and len(text) in (10, 13)):
        return _parse_time(text, ctx.tz)
    m = _NO_YEAR.fullmatch(text.strip())
    if m is None:
        raise _BadRow(NO_TIME)
    month, day, hour, minute, second = (int(g) if g else None for g in m.groups())
    assert month is not None and day is not None and hour is not None and minute is not None
    try:
        dt = datetime(years.year(month), month, day, hour, minute, second or 0, tzinfo=ctx.tz)
    except ValueError:
        raise _BadRow(NO_TIME) from None
    return (dt - _EPOCH) // _MS, (1 if second is not None else 60)


def _direction(mode: str, kind: str = "") -> tuple[str, str]:
    """(direction, status) of a call from its 通信方式 (or, failing that, its 通话类型)."""
    mode = mode.replace(" ", "")
    if not any(w in mode for w in (*_FORWARD, *_OUT, *_IN)) and kind:
        mode = kind.replace(" ", "")
    if any(word in mode for word in _FORWARD):
        return "in", "external"
    if "主叫" in mode and "被叫" in mode:
        raise _BadRow(BAD_DIRECTION)
    # 本地主叫, 国内主叫, 漫游被叫, 国际主叫 ...
    if mode in _OUT or "主叫" in mode or "呼出" in mode:
        return "out", "outgoing"
    if mode in _IN or "被叫" in mode or "呼入" in mode:
        return "in", "answered"
    raise _BadRow(BAD_DIRECTION)


def _sms_direction(mode: str) -> str:
    mode = mode.replace(" ", "")
    if mode in _OUT or mode.startswith(("发送", "主叫")):
        return "out"
    if mode in _IN or mode.startswith(("接收", "被叫")):
        return "in"
    raise _BadRow(N_("the message direction (发送/接收) could not be read"))
