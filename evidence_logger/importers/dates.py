"""Dates written day and month first without saying which (``02/06/17``, ``2/6/2017 9:45 PM``).

The order is decided once per file from the values of its whole date column: the first value
whose first number is above 12 makes it day/month, whose second number is above 12 month/day.
When no value settles it, the case's region does (month first in the United States and the
places that write dates its way, day first elsewhere). Either way the file's import summary says
which order was read and why (:func:`DayMonth.note`). Two-digit years are 20YY.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from evidence_logger.i18n import N_
from evidence_logger.records import FileNote

DMY = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{1,2})"
                 r"(?::(\d{1,2}))?\s*([AaPp]\.?[Mm]\.?)?)?\s*")
MONTH_FIRST = frozenset("US PH FM MH PW GU AS MP VI PR UM BZ".split())


@dataclass(frozen=True, slots=True)
class DayMonth:
    """How a file's ``a/b/y`` dates are read, and what decided it."""

    day_first: bool
    row: str | None  # the locator of the value that settles it; None: the case's region did
    region: str = ""

    def note(self) -> FileNote:
        if self.row is not None:
            template = (N_("{name}: dates read as day/month/year ({row} has a day above 12).")
                        if self.day_first else
                        N_("{name}: dates read as month/day/year ({row} has a day above 12)."))
            return FileNote(template, {"row": self.row})
        template = (N_("{name}: dates read as day/month/year: no date in it has a day above 12,"
                       " so the case's region ({region}) decided.") if self.day_first else
                    N_("{name}: dates read as month/day/year: no date in it has a day above 12,"
                       " so the case's region ({region}) decided."))
        return FileNote(template, {"region": self.region})


def decide(values: Iterable[tuple[str, str]], region: str) -> DayMonth | None:
    """The order of a column of (locator, text) dates; None when its first date is not an
    ``a/b/y`` date (a year-first or other form: nothing to decide)."""
    seen = False
    for locator, text in values:
        if not text.strip():
            continue
        m = DMY.fullmatch(text)
        if m is None:
            if not seen:
                return None
            continue
        seen = True
        first, second = int(m[1]), int(m[2])
        if first > 12 >= second:
            return DayMonth(True, locator)
        if second > 12 >= first:
            return DayMonth(False, locator)
    if not seen:
        return None
    return DayMonth(region.upper() not in MONTH_FIRST, None, region.upper())


def parse(text: str, order: DayMonth) -> tuple[datetime, int] | None:
    """A naive local time and its precision in seconds, or None when ``text`` is not an
    ``a/b/y`` date with a time of day (or names no real day)."""
    m = DMY.fullmatch(text)
    if m is None or m[4] is None:
        return None
    first, second, year = int(m[1]), int(m[2]), int(m[3])
    day, month = (first, second) if order.day_first else (second, first)
    hour = int(m[4])
    ampm = (m[7] or "").replace(".", "").upper()
    if ampm == "PM" and hour < 12:
        hour += 12
    elif ampm == "AM" and hour == 12:
        hour = 0
    try:
        when = datetime(year + 2000 if year < 100 else year, month, day, hour, int(m[5]),
                        int(m[6] or 0))
    except ValueError:
        return None
    return when, (1 if m[6] is not None else 60)
