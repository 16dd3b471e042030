"""The facts every rule judges: events with who the other party is, in local time.

``temp.facts`` is a temporary table made from the case by :func:`install`: one row per event
a rule may judge (a collector's contact, or a message from a number nobody has marked yet)
with its local wall-clock time (``local_ms``), local day number (``day``, days since 1970-01-01
in the case's zone) and time of day (``tod_ms``), the party's role and platform, and whose
phone it was found on. It is filled in one pass, so that the rules, which each read it again,
do not each join the events with the parties and work out the local time (on a case of
300,000 calls that made the findings several times slower, see docs/benchmarks.md).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import sqlite_utils

from evidence_logger.rules.zone import DAY_MS, offset_case_sql

_EPOCH = date(1970, 1, 1)
# how exact a time must be for a rule: to the minute (time of day, order), or the day. Times
# read off a screenshot may give only the day ("昨天", "10-13"): those events count per day
# only, and not where a log of that day may hold the same calls (``covered``)
MINUTE_S = 60
DAY_S = 43_200  # a day-only time is kept as the day's noon, give or take twelve hours

FACTS_SELECT = f"""
SELECT id, kind, at_ms, local_ms, local_ms / {DAY_MS} AS day, local_ms % {DAY_MS} AS tod_ms,
       owner, direction, status, connected, duration, text, note, party_id, number, role,
       platform, precision_s, covered
FROM (
    SELECT e.id, e.kind, e.at_ms, e.at_ms + {{offset}} AS local_ms, e.owner, e.direction,
           e.status, e.connected, e.duration, e.text, e.note, e.party_id, p.number, p.role,
           p.platform, e.at_precision_s AS precision_s,
           -- a call read off a screenshot that shows only its day, on a day for which a log
           -- or a carrier's record has calls of the same number: it may be one of them
           CASE WHEN e.at_source = 'screen' AND e.at_precision_s > {MINUTE_S} THEN EXISTS (
               SELECT 1 FROM events x INDEXED BY events_at
               WHERE x.at_ms BETWEEN e.at_ms - e.at_precision_s * 1000
                                 AND e.at_ms + e.at_precision_s * 1000
                 AND x.party_id = e.party_id AND x.kind = e.kind AND x.owner = e.owner
                 AND x.at_source != 'screen') ELSE 0 END AS covered
    FROM events e JOIN parties p ON p.id = e.party_id
    -- what any rule judges: a collector's contact, or a message from an unmarked number
    WHERE p.role = 'collector' OR (p.role = 'unknown' AND e.kind = 'message')
)
"""

# a contact from a collector: a call or message the collector made (never the borrower's own)
COLLECTOR_CONTACT = "role = 'collector' AND direction = 'in'"
# a message to the borrower's phone from a number nobody has said who it is (a WeChat name read
# off a screenshot, an unknown number): its threats are shown as notes until it is marked
UNMARKED_CONTACT = "role = 'unknown' AND direction = 'in' AND kind = 'message' AND owner = 'self'"
# collection calls to the borrower: incoming calls from collectors on the borrower's own phone
# (also what the window's calendar counts, over events joined with parties), on a known day
TO_BORROWER = (f"kind = 'call' AND {COLLECTOR_CONTACT} AND owner = 'self' "
               f"AND precision_s <= {DAY_S} AND NOT covered")
# what a rule on the time of day or the order of contacts may use
TIMED = f"precision_s <= {MINUTE_S}"


def select_sql(db: sqlite_utils.Database) -> str:
    """The query that gives the facts (after :func:`zone.install`, whose offsets it writes in)."""
    return FACTS_SELECT.replace("{offset}", offset_case_sql(db, "e.at_ms"))


def install(db: sqlite_utils.Database, rows: str | None = None) -> None:
    """(Re)make ``temp.facts`` from the case as it is now (after :func:`zone.install`):
    every fact, or only those the SQL condition ``rows`` (over the facts' columns) holds for,
    what an evaluation's checks read of the table (see ``engine.check``)."""
    select = select_sql(db)
    if rows is not None:
        select = f"SELECT * FROM ({select}) WHERE {rows}"
    # emptied and filled, never dropped: a table cannot be dropped while another statement of
    # the connection is under way (a caller may be reading rows when it asks for findings)
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS facts AS {select} LIMIT 0")
    db.execute("DELETE FROM temp.facts")
    db.execute(f"INSERT INTO temp.facts {select}")


@cache  # a few thousand days at most, each asked by many findings
def day_text(day: int) -> str:
    """YYYY-MM-DD of a local day number."""
    return (_EPOCH + timedelta(days=day)).isoformat()


def clock_ms(text: str) -> int:
    """Milliseconds since midnight of an ``HH:MM`` clock time."""
    hours, minutes = text.split(":")
    return (int(hours) * 60 + int(minutes)) * 60_000
