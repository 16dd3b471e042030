"""Local days and times in SQL: the case's time zone as a table of UTC offsets.

Rules count per *local* calendar day and judge *local* clock times, in zones with daylight
saving too. Converting every event in Python would dominate the cost of the rules, so the zone
goes into a small temporary table of (start, offset) rows, one per transition, and SQL adds the
offset that was in force at each event's instant.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from evidence_logger.db import event_span

DAY_MS = 86_400_000
_FAR_PAST = -(2**62)


def _offset_ms(tz: ZoneInfo, ms: int) -> int:
    moment = datetime.fromtimestamp(ms / 1000, UTC).astimezone(tz)
    delta = moment.utcoffset() or timedelta()
    return int(delta.total_seconds() * 1000)


def offsets(tz: ZoneInfo, lo_ms: int, hi_ms: int) -> list[tuple[int, int]]:
    """``(start_ms, offset_ms)`` rows covering ``[lo_ms, hi_ms]``; the first starts far back."""
    rows = [(_FAR_PAST, _offset_ms(tz, lo_ms))]
    step = DAY_MS
    at = lo_ms
    while at < hi_ms:
        nxt = min(at + step, hi_ms)
        if _offset_ms(tz, nxt) != rows[-1][1]:
            lo, hi = at, nxt  # the transition is in (lo, hi]: find it to the millisecond
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset_ms(tz, mid) == rows[-1][1]:
                    lo = mid
                else:
                    hi = mid
            rows.append((hi, _offset_ms(tz, hi)))
        at = nxt
    return rows


def install(db: sqlite_utils.Database, tz: ZoneInfo) -> None:
    """Fill ``temp.tz_offsets`` for the span of the case's events."""
    now = int(datetime.now(UTC).timestamp() * 1000)
    lo, hi = event_span(db) or (now, now)
    rows = offsets(tz, lo, hi)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS tz_offsets "
               "(start_ms INTEGER PRIMARY KEY, offset_ms INTEGER NOT NULL)")
    db.execute("DELETE FROM temp.tz_offsets")
    db.conn.executemany("INSERT INTO temp.tz_offsets VALUES (?, ?)", rows)


def offset_case_sql(db: sqlite_utils.Database, column: str) -> str:
    """SQL for the UTC offset in force at a UTC-milliseconds column: a ``CASE`` over the few
    rows of ``temp.tz_offsets`` (after :func:`install`), rather than a look-up per row."""
    rows = db.execute("SELECT start_ms, offset_ms FROM temp.tz_offsets "
                      "ORDER BY start_ms DESC").fetchall()
    if len(rows) == 1:
        return str(int(rows[0][1]))
    branches = " ".join(f"WHEN {column} >= {int(start)} THEN {int(offset)}"
                        for start, offset in rows[:-1])
    return f"(CASE {branches} ELSE {int(rows[-1][1])} END)"
