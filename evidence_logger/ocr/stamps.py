"""Times as phones show them (``10:32``, ``昨天 21:03``, ``星期二``, ``10月13日 下午3:05``,
``2026-10-13 15:05``, ``Yesterday 9:03 PM``, ``10-13``), read and resolved against the
screenshot's capture time.

:func:`parse_stamp` reads the text of one line (OCR noise folded: ``：`` for ``:``, O for 0,
spaces dropped or added) into a :class:`Stamp`, or None when the line is not a time alone;
:func:`resolve` makes it a :class:`~evidence_logger.ocr.page.ReadTime` from the capture time.
The rules of resolution: a time alone is on the capture day; ``昨天``/``前天`` one and two days
before it; a weekday the most recent such day before the capture day (1 to 7 days); a month and
day without a year in the capture's year, or the year before when that day would come after the
capture; a full date is absolute. A time with its minute has a precision of 60 s, a day alone
86400 s (``at`` is then the day's start).

``ReadTime.how`` is an English template (one of :data:`HOW_TEMPLATES`) whose ``{name}`` fields
are filled from ``ReadTime.how_params``; :func:`how_text` fills it in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from evidence_logger.i18n import N_, tr
from evidence_logger.ocr.page import ReadTime
from evidence_logger.ocr.text import fold_digits

_WEEKDAY_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_WEEKDAY_EN = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_MONTH_EN = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
             "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_PM = {"下午", "晚上", "傍晚", "夜里", "夜晚", "中午", "pm"}
_AM = {"上午", "早上", "凌晨", "清晨", "早晨", "am"}

_CLOCK = r"(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)"
_PERIOD = r"(?P<period>上午|下午|晚上|凌晨|中午|早上|傍晚|清晨|早晨|夜里|夜晚|am|pm|a\.m\.|p\.m\.)"
_DAY_FORMS = [
    r"(?P<year>20\d\d)年(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])日?",
    r"(?P<year>20\d\d)[-/.](?P<month>1[0-2]|0?[1-9])[-/.](?P<day>3[01]|[12]\d|0?[1-9])",
    r"(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])日?",
    r"(?P<month>1[0-2]|0?[1-9])[-/](?P<day>3[01]|[12]\d|0?[1-9])",
    r"(?P<relative>今天|昨天|前天|today|yesterday)",
    r"(?:星期|周|礼拜)(?P<weekday>[一二三四五六日天七])",
    r"(?P<weekday_en>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?",
    r"(?P<month_en>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?P<day_en>3[01]|"
    r"[12]\d|0?[1-9])(?:,(?P<year_en>20\d\d))?",
]
_TIME = f"(?:{_PERIOD}?{_CLOCK}{_PERIOD.replace('period', 'period2')}?)"
# a day with or without its time (the time may come first: "9:03 PM Yesterday" is rare), or a
# time alone; one pattern per day form (Python's re wants each group name once)
_STAMPS = [re.compile(f"^(?:{form}),?(?:{_TIME})?$") for form in _DAY_FORMS] + [
    re.compile(f"^{_TIME}$")]
_GROUPS = ("year", "month", "day", "relative", "weekday", "weekday_en", "month_en", "day_en",
           "year_en", "hour", "minute", "period", "period2")

PRECISION_MINUTE, PRECISION_DAY = 60, 86400


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a time text says, before it is resolved: a day (absolute, relative or a weekday),
    a time of day, or both."""

    text: str  # as shown (the OCR line's text)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    days_back: int | None = None  # 0 今天, 1 昨天, 2 前天
    weekday: int | None = None  # 0 Monday .. 6 Sunday
    hour: int | None = None
    minute: int | None = None

    @property
    def has_day(self) -> bool:
        return self.month is not None or self.days_back is not None or self.weekday is not None

    @property
    def has_time(self) -> bool:
        return self.hour is not None


def _clean(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    # a space between two numbers parts them ("Oct 2 12:54" is not "Oct 21 2:54"); others go
    folded = re.sub(r"\s+", "", re.sub(r"(?<=\d)\s+(?=\d)", ",", folded.strip()))
    folded = fold_digits(folded.replace(";", ":").replace("：", ":"))
    return folded.replace("．", ".")


def parse_stamp(text: str) -> Stamp | None:
    """The time ``text`` shows, or None when it is not a time (nothing else on the line)."""
    cleaned = _clean(text)
    if not cleaned or len(cleaned) > 24:
        return None
    for pattern in _STAMPS:
        match = pattern.match(cleaned)
        if match is not None:
            break
    else:
        return None
    g: dict[str, str] = {name: "" for name in _GROUPS} | {
        name: value for name, value in match.groupdict().items() if value is not None}
    hour = minute = None
    if g["hour"]:
        hour, minute = int(g["hour"]), int(g["minute"])
        period = (g["period"] or g["period2"] or "").replace(".", "")
        if hour > 23 or (period and hour > 12):
            return None
        if period in _PM and hour < 12 and not (period == "中午" and hour >= 11):
            hour += 12
        elif period in _AM and hour == 12:
            hour = 0
    year = month = day = days_back = weekday = None
    if g["month"]:
        month, day = int(g["month"]), int(g["day"])
        year = int(g["year"]) if g["year"] else None
    elif g["month_en"]:
        month, day = _MONTH_EN[g["month_en"]], int(g["day_en"])
        year = int(g["year_en"]) if g["year_en"] else None
    elif g["relative"]:
        days_back = {"今天": 0, "today": 0, "昨天": 1, "yesterday": 1, "前天": 2}[g["relative"]]
    elif g["weekday"]:
        weekday = _WEEKDAY_ZH[g["weekday"]]
    elif g["weekday_en"]:
        weekday = _WEEKDAY_EN[g["weekday_en"]]
    if month is not None and day is not None and not _valid(year or 2024, month, day):
        return None
    return Stamp(text.strip(), year, month, day, days_back, weekday, hour, minute)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# -- resolution -----------------------------------------------------------------------------

HOW_SAME_DAY = N_("{where} shows '{shown}': a time on the day of the capture ({at})")
HOW_DAY_BEFORE = N_("{where} shows '{shown}': the day before the capture ({at})")
HOW_TWO_DAYS_BEFORE = N_("{where} shows '{shown}': two days before the capture ({at})")
HOW_WEEKDAY = N_("{where} shows '{shown}': the last such weekday before the capture ({at})")
HOW_YEAR_OF_CAPTURE = N_("{where} shows '{shown}': the year taken from the capture ({at})")
HOW_YEAR_BEFORE = N_("{where} shows '{shown}': the year before the capture's, since that day "
                     "would come after the capture ({at})")
HOW_ABSOLUTE = N_("{where} shows '{shown}' ({at})")
HOW_BEFORE_STAMP = N_("no time shown above it: on or before '{shown}', the next time below "
                      "({at})")
HOW_BEFORE_CAPTURE = N_("no time shown above it: on or before the capture ({at})")
HOW_DAY_OF_ABOVE = N_("{where} shows '{shown}': on the day of the time separator '{above}' "
                      "above it ({at})")
HOW_TEMPLATES = (HOW_DAY_OF_ABOVE, HOW_SAME_DAY, HOW_DAY_BEFORE, HOW_TWO_DAYS_BEFORE, HOW_WEEKDAY,
                 HOW_YEAR_OF_CAPTURE, HOW_YEAR_BEFORE, HOW_ABSOLUTE, HOW_BEFORE_STAMP,
                 HOW_BEFORE_CAPTURE)
# the values of {where}: words of the templates too (translated with them, see how_sentence)
WHERE_ABOVE = N_("the time separator above it")
WHERE_ROW = N_("the time in its row")
WHERE_BESIDE = N_("the time beside it")
WHERE_TEMPLATES = (WHERE_ABOVE, WHERE_ROW, WHERE_BESIDE)


def how_sentence(how: str, params: dict[str, str], lang: str | None = None) -> str:
    """How a time was read off a screen, as a sentence in ``lang``: ``how`` (one of
    :data:`HOW_TEMPLATES`) with ``params``, its ``{where}`` translated too."""
    filled = {key: tr(value, lang) if key == "where" else value
              for key, value in params.items()}
    try:
        text = tr(how, lang, **filled)
    except (KeyError, IndexError, ValueError):  # a reading stored by another version
        text = how
    return text[:1].upper() + text[1:]


def how_text(read: ReadTime) -> str:
    """``read.how`` with its parameters filled in (English)."""
    text = read.how.format(**read.how_params)
    return text[:1].upper() + text[1:]


def resolve(stamp: Stamp, captured: datetime | None, *, line: int | None = None,
            where: str = WHERE_ABOVE) -> ReadTime | None:
    """``stamp`` as a time, or None when it needs a capture time and there is none."""
    day: date
    if stamp.year is not None and stamp.month is not None and stamp.day is not None:
        day, how, relative = date(stamp.year, stamp.month, stamp.day), HOW_ABSOLUTE, False
    elif captured is None:
        return None
    elif stamp.month is not None and stamp.day is not None:
        relative = True
        year = captured.year
        if not _valid(year, stamp.month, stamp.day) or date(year, stamp.month,
                                                             stamp.day) > captured.date():
            year -= 1
        how = HOW_YEAR_OF_CAPTURE if year == captured.year else HOW_YEAR_BEFORE
        if not _valid(year, stamp.month, stamp.day):  # 2月29日 in no leap year near it
            return None
        day = date(year, stamp.month, stamp.day)
    elif stamp.weekday is not None:
        back = (captured.weekday() - stamp.weekday) % 7 or 7
        day, how, relative = captured.date() - timedelta(days=back), HOW_WEEKDAY, True
    else:
        back = stamp.days_back or 0
        day, relative = captured.date() - timedelta(days=back), True
        how = (HOW_SAME_DAY, HOW_DAY_BEFORE, HOW_TWO_DAYS_BEFORE)[back]
    if stamp.hour is not None and stamp.minute is not None:
        at = datetime(day.year, day.month, day.day, stamp.hour, stamp.minute)
        precision = PRECISION_MINUTE
        shown_at = at.strftime("%Y-%m-%d %H:%M")
    else:
        at = datetime(day.year, day.month, day.day)
        precision = PRECISION_DAY
        shown_at = at.strftime("%Y-%m-%d")
    params = {"shown": stamp.text, "where": where, "at": shown_at}
    return ReadTime(at, precision, how, relative, line, params)


def before(read: ReadTime | None, captured: datetime | None) -> ReadTime | None:
    """The time of a message with no time shown above it: on or before ``read`` (the next time
    shown below it), or the capture; None when neither is known. The precision is a day (the
    message may be older still: ``at`` is a bound)."""
    if read is not None:
        shown = read.how_params.get("shown", "")
        return ReadTime(read.at, PRECISION_DAY, HOW_BEFORE_STAMP, read.relative, read.line,
                        {"shown": shown, "at": read.at.strftime("%Y-%m-%d %H:%M")})
    if captured is None:
        return None
    return ReadTime(captured, PRECISION_DAY, HOW_BEFORE_CAPTURE, True, None,
                    {"at": captured.strftime("%Y-%m-%d %H:%M")})
