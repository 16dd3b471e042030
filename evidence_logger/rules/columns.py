"""The collectors' contacts with the borrower's phone as columns, for the rules that count per day.

Three rules of every profile count the same contacts by day (daily calls, redials, contact at
night; rolling windows too), and on a heavy case each of them grouping ``temp.facts`` in SQL
cost about as much as reading the contacts once: SQLite spends its time on the aggregates
(``count``, ``sum``, ``group_concat``), row by row. So the contacts are read once, as a few
integer columns (:func:`read`, one ``group_concat`` each, parsed by numpy), and each rule groups
them with numpy (:func:`groups`). See docs/benchmarks.md (heavy case).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sqlite_utils

from evidence_logger.rules.facts import COLLECTOR_CONTACT, TIMED, TO_BORROWER, select_sql

# the bits of ``flags``
TO_BORROWER_BIT = 1  # a collection call to the borrower (facts.TO_BORROWER)
TIMED_BIT = 2  # its time is good to the minute (facts.TIMED)
CONNECTED_BIT = 4  # connected = 1
UNANSWERED_BIT = 8  # connected = 0 (a message's connected is neither)

# the day, the time of day and the flags in one number (one group_concat fewer, 10 % of
# the read): the time of day (below 2**27 ms) and the flags (4 bits) in the low 31 bits
DAY_SHIFT = 31
TOD_MASK = (1 << DAY_SHIFT) - 1

_READ = f"""
SELECT count(*), group_concat(id), group_concat(party_id),
       group_concat(day * {1 << DAY_SHIFT} + tod_ms * 16
           + CASE WHEN {TO_BORROWER} THEN {TO_BORROWER_BIT} ELSE 0 END
           + CASE WHEN {TIMED} THEN {TIMED_BIT} ELSE 0 END
           + CASE connected WHEN 1 THEN {CONNECTED_BIT} WHEN 0 THEN {UNANSWERED_BIT} ELSE 0 END)
FROM {{source}} WHERE {COLLECTOR_CONTACT} AND owner = 'self'
"""


def query(db: sqlite_utils.Database) -> str:
    """The contacts' query, straight from the events (``facts.select_sql``, after
    ``zone.install``): ``temp.facts`` holds none of the contacts (see ``engine.check``)."""
    return _READ.replace("{source}", f"({select_sql(db)})")


@dataclass(frozen=True, slots=True)
class Contacts:
    """Every collector's contact with the borrower's own phone (one row each, any order)."""

    ids: np.ndarray  # event id
    party: np.ndarray  # party id
    platform: np.ndarray  # index into ``platforms``
    day: np.ndarray  # local day number
    tod_ms: np.ndarray  # local time of day
    flags: np.ndarray  # the bits above
    platforms: list[str | None]  # the platforms' names, as the parties have them
    numbers: dict[int, str]  # party id -> number
    party_platform: dict[int, str | None]  # party id -> platform

    def having(self, bits: int) -> np.ndarray:
        """Which rows have all of ``bits``."""
        return (self.flags & bits) == bits


def column(text: str | None) -> np.ndarray:
    """The integers of a ``group_concat`` (None when it had no rows)."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def parsed(count: int, *texts: str | None) -> list[np.ndarray]:
    """The columns of one query's ``count(*)`` and ``group_concat``s, each ``count`` long (the
    query's values are NOT NULL, which ``group_concat`` would skip: never otherwise)."""
    columns = [column(text) for text in texts]
    if any(len(one) != count for one in columns):
        raise RuntimeError("a query's columns differ in length")
    return columns


def read(db: sqlite_utils.Database, row: tuple | None = None) -> Contacts:
    """The contacts, read by :func:`query` on ``db``, or ``row``, the row of that query read
    already (on another connection, ``side_reads``)."""
    count, *texts = row if row is not None else db.execute(query(db)).fetchone()
    ids_a, party_a, packed_a = parsed(count, *texts)
    parties = db.execute("SELECT id, number, platform FROM parties "
                         "WHERE role = 'collector'").fetchall()
    platforms = sorted({platform for _, _, platform in parties}, key=lambda p: (p is None, p))
    code = {platform: n for n, platform in enumerate(platforms)}
    lookup = np.zeros(max([0] + [int(pid) for pid, _, _ in parties]) + 1, dtype=np.int64)
    for pid, _, platform in parties:
        lookup[pid] = code[platform]
    return Contacts(ids=ids_a, party=party_a, platform=lookup[party_a],
                    day=packed_a >> DAY_SHIFT, tod_ms=(packed_a & TOD_MASK) >> 4,
                    flags=packed_a & 15, platforms=platforms,
                    numbers={pid: number for pid, number, _ in parties},
                    party_platform={pid: platform for pid, _, platform in parties})


@dataclass(frozen=True, slots=True)
class Grouped:
    """The groups of :func:`grouped`, as columns: the rows of every group one after another
    (each group's in order of id), and where each group starts and ends among them."""

    keys: list[tuple[int, ...]]  # each group's key values, in the order of the keys
    rows: np.ndarray  # the groups' rows (positions in the contacts' columns)
    starts: np.ndarray
    ends: np.ndarray

    def counts(self) -> list[int]:
        return (self.ends - self.starts).tolist()

    def sums(self, values: np.ndarray) -> list[int]:
        """Each group's sum of ``values`` (a column, or a mask: how many of its rows)."""
        total = np.concatenate(([0], np.cumsum(values[self.rows], dtype=np.int64)))
        return (total[self.ends] - total[self.starts]).tolist()

    def lists(self, values: np.ndarray) -> list[list[int]]:
        """Each group's ``values`` (e.g. the event ids) as a Python list, in order of id."""
        flat = values[self.rows].tolist()  # one conversion for all: a call a group cost more
        return [flat[start:end] for start, end in zip(self.starts.tolist(), self.ends.tolist(),
                                                       strict=True)]


def grouped(contacts: Contacts, keys: tuple[np.ndarray, ...], mask: np.ndarray, *,
            more_than: int = 0) -> Grouped:
    """The groups of the rows in ``mask`` by ``keys`` (columns of ``contacts``) that have more
    than ``more_than`` rows, in the order of their keys. A rule makes its findings from the
    columns of all its groups at once (:meth:`Grouped.lists`, :meth:`Grouped.sums`): with
    14,000 groups a rule, a numpy call a group cost more than the grouping."""
    rows = np.flatnonzero(mask)
    if not len(rows):
        empty = np.zeros(0, dtype=np.int64)
        return Grouped([], empty, empty, empty)
    ids = contacts.ids[rows]
    if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():  # read in order of id, nearly always
        rows = rows[np.argsort(ids, kind="stable")]
    # the keys as one number, then a stable sort (the rows are in order of id): a third of a
    # lexsort's time, and a radix sort when the number fits in 16 bits (5 platforms, 3 years)
    combined = np.zeros(len(rows), dtype=np.int64)
    for key in keys:
        values = key[rows]
        low = int(values.min())
        combined = combined * (int(values.max()) - low + 1) + (values - low)
    if int(combined.max()) < 1 << 16:
        combined = combined.astype(np.uint16)
    order = np.argsort(combined, kind="stable")
    rows, combined = rows[order], combined[order]
    chosen = [key[rows] for key in keys]
    change = np.empty(len(rows), dtype=bool)
    change[0] = True
    change[1:] = combined[1:] != combined[:-1]
    starts = np.flatnonzero(change)
    ends = np.append(starts[1:], len(rows))
    big = ends - starts > more_than
    starts, ends = starts[big], ends[big]
    counts = ends - starts
    kept_starts = np.cumsum(counts) - counts  # where each group starts among the kept rows
    kept = np.repeat(starts - kept_starts, counts) + np.arange(int(counts.sum()))
    return Grouped(list(zip(*(key[starts].tolist() for key in chosen), strict=True)),
                   rows[kept], kept_starts, kept_starts + counts)

