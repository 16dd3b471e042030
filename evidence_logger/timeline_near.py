"""The case's events near a batch's records, read for the matcher of
:class:`~evidence_logger.timeline.EventSink`.

Each party's record times are turned into windows of :data:`timeline_lanes.REACH_MS` either
side, merged where they overlap (:func:`windows`), and one query joins them to ``events_at``
(at_ms, party_id) (:func:`within`): only rows of events of that party inside a window are read,
whatever the batch's spread in time. While a large import writes without ``events_at``
(:mod:`timeline_index`), the ids its index in memory names are read instead (:func:`named`).
Either way each event comes with the sources its observations give it, and goes into the lane
of its kind and party (:func:`into_lanes`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import sqlite_utils

from evidence_logger.matching import SOURCE_BITS, Event
from evidence_logger.timeline_lanes import Lane

Lanes = dict[tuple[bool, int], Lane]

CANDIDATE = """SELECT e.id, e.kind, e.party_id, e.at_ms, e.at_source, e.at_trust,
       e.at_precision_s, e.direction, e.status, e.connected, e.duration, e.text,
       (SELECT group_concat(o.source || ' ' || ifnull(o.evidence_id, 0))
        FROM observations o WHERE o.event_id = e.id)"""
# the same, naming a carrier's rows (kept as a log's) by their original's format; used only in a
# case that holds a carrier's record, so that other imports pay nothing for the join
CANDIDATE_WITH_CARRIER = CANDIDATE.replace(
    "o.source || ' '",
    "CASE WHEN v.format LIKE 'carrier-%' THEN 'carrier' ELSE o.source END || ' '").replace(
    "FROM observations o WHERE",
    "FROM observations o LEFT JOIN evidence v ON v.id = o.evidence_id WHERE")
_NEAR = """CREATE TEMP TABLE IF NOT EXISTS timeline_near (party_id INTEGER, lo INTEGER,
    hi INTEGER)"""
# the outer loop is the windows (CROSS JOIN keeps that order), each a range of events_at (at_ms,
# party_id) whose entries of other parties are passed over in the index, before any row is read
NEAR_EVENTS = """
FROM temp.timeline_near w CROSS JOIN events e INDEXED BY events_at
WHERE e.party_id = w.party_id AND e.at_ms BETWEEN w.lo AND w.hi AND e.owner = ?"""
# while events_at is rebuilt at the end (timeline_index): the events the index in memory named
_IDS = "CREATE TEMP TABLE IF NOT EXISTS timeline_ids (id INTEGER PRIMARY KEY)"
NAMED_EVENTS = """
FROM temp.timeline_ids w CROSS JOIN events e ON e.id = w.id WHERE e.owner = ?"""


def has_carrier(db: sqlite_utils.Database, evidence_id: int | None) -> bool:
    """Whether the case holds a carrier's record (this original, or one before it). The
    answer is kept on the connection (originals are only ever added, and a file that is a
    carrier's says so itself), so that a folder of 20,000 recordings does not scan the
    originals once per file."""
    known = getattr(db, "_has_carrier_record", None)
    if not known and evidence_id is not None:
        row = db.execute("SELECT format LIKE 'carrier-%' FROM evidence WHERE id = ?",
                         (evidence_id,)).fetchone()
        known = bool(row and row[0]) or known
    if known is None:
        known = bool(db.execute("SELECT EXISTS (SELECT 1 FROM evidence "
                                "WHERE format LIKE 'carrier-%')").fetchone()[0])
    setattr(db, "_has_carrier_record", known)  # noqa: B010 - a cache on the connection
    return bool(known)


def windows(inside: list[tuple[int, int]], reach: int) -> list[tuple[int, int, int, int]]:
    """(rowid, party, from, to): the times within ``reach`` of each (party, time), merged
    where they overlap."""
    found: list[tuple[int, int, int, int]] = []
    party = lo = hi = -1
    for p, at_ms in sorted(set(inside)):
        if p == party and at_ms - reach <= hi:
            hi = at_ms + reach
            continue
        if party != -1:
            found.append((len(found) + 1, party, lo, hi))
        party, lo, hi = p, at_ms - reach, at_ms + reach
    if party != -1:
        found.append((len(found) + 1, party, lo, hi))
    return found


def within(conn: sqlite3.Connection, near: list[tuple[int, int, int, int]], owner: str,
           carrier: bool) -> sqlite3.Cursor:
    """The events of ``owner`` inside the ``near`` windows (of :func:`windows`)."""
    conn.execute(_NEAR)
    conn.execute("DELETE FROM temp.timeline_near")
    conn.executemany("INSERT INTO temp.timeline_near (rowid, party_id, lo, hi) "
                     "VALUES (?, ?, ?, ?)", near)
    return conn.execute((CANDIDATE_WITH_CARRIER if carrier else CANDIDATE) + NEAR_EVENTS,
                        (owner,))


def named(conn: sqlite3.Connection, ids: Iterable[int], owner: str,
          carrier: bool) -> sqlite3.Cursor:
    """The events of ``owner`` among ``ids`` (each read once, however often named)."""
    conn.execute(_IDS)
    conn.execute("DELETE FROM temp.timeline_ids")
    conn.executemany("INSERT OR IGNORE INTO temp.timeline_ids (id) VALUES (?)",
                     [(i,) for i in ids])
    return conn.execute((CANDIDATE_WITH_CARRIER if carrier else CANDIDATE) + NAMED_EVENTS,
                        (owner,))


def into_lanes(rows: Iterable[tuple], lanes: Lanes, evidence_id: int | None) -> int:
    """Put the events of ``rows`` (of :func:`within` or :func:`named`) into ``lanes``, by kind
    and party; an event is ``mine`` when original ``evidence_id`` already says something of
    it. Returns how many were read."""
    mine = str(evidence_id)
    count = 0
    for row in rows:
        count += 1
        event = Event(*row[:12])
        for item in row[12].split(","):
            source, evidence = item.split(" ")
            event.sources |= SOURCE_BITS[source]
            event.mine = event.mine or evidence == mine
        key = (event.kind == "message", event.party)
        lane = lanes.get(key)
        if lane is None:
            lane = lanes[key] = Lane()
        lane.add(event)
    return count
