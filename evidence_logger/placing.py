"""Recordings whose names say too little, and placing them by hand.

A recording is *unplaced* when no call rests on it: its name gave no phone number or no time
(``importing`` keeps it all the same, timed by the file's modification time). The borrower
places it by saying the other party's number and when the call began; the recording then
becomes (or joins) a call like any other recording, its time source is ``placed`` (the borrower
placed it) and a ``recording-placed`` custody entry records what was said.

Placement lives in the ordinary tables (an observation of the recording, the evidence row's
time and ``meta.placed``), so it survives reopening and travels in a bundle's ``case.json``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from evidence_logger import custody
from evidence_logger.case import Case
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import N_, tr
from evidence_logger.listing import iso
from evidence_logger.phones import UNKNOWN, normalize
from evidence_logger.records import PLACED_LOCATOR, TRUST_MEDIUM, CallRecord
from evidence_logger.timeline import EventSink

log = logging.getLogger(__name__)

PLACED = "placed"  # the time source of a recording the borrower placed
SUGGEST_DURATION_S = 5  # a log entry "of the same length": within this many seconds
SUGGEST_NEAR_NAME_MS = 30 * 60_000  # how far from a time the name gave
SUGGEST_NEAR_MTIME_MS = 3 * 86_400_000  # how far from a file date (copying moves it)
SUGGESTIONS = 5

REASONS = {"no-time": N_("no time in its name"), "no-number": N_("no phone number in its name")}
_UNPLACED_SQL = """
    SELECT v.id, v.sha256, v.name, v.owner, v.at_ms, v.at_source, v.at_trust, v.meta
    FROM evidence v
    WHERE v.kind = 'recording'
      -- NOT IN: each list is built once (observations have no index on evidence_id)
      AND v.id NOT IN (SELECT o.evidence_id FROM observations o
                       WHERE o.source = 'recording' AND o.evidence_id IS NOT NULL)
      AND v.id NOT IN (SELECT l.evidence_id FROM event_links l)"""


class PlaceError(UserFacingError):
    """A recording cannot be placed as asked; the sentence says why."""


@dataclass(slots=True)
class Placed:
    """What placing a recording did."""

    event_id: int
    joined: bool  # True: it joined a call already known (from a log); False: a new call


def reason_of(meta: dict[str, Any]) -> str:
    """``no-time`` or ``no-number``: why the import could not place a recording."""
    if meta.get("unplaced") in REASONS:
        return str(meta["unplaced"])
    return "no-time" if "time" in str(meta.get("note", "")) else "no-number"


def reason_words(reason: str, lang: str | None = None) -> str:
    return tr(REASONS.get(reason, REASONS["no-number"]), lang)


def unplaced(case: Case, *, suggest: bool = True) -> list[dict[str, Any]]:
    """Every recording no call rests on, in import order, with log entries it may belong to."""
    found = []
    for _rid, sha, name, owner, at_ms, at_source, at_trust, meta_text in case.db.execute(
            _UNPLACED_SQL + " ORDER BY v.id").fetchall():
        meta = json.loads(meta_text)
        item: dict[str, Any] = {
            "sha256": sha, "name": name, "owner": owner, "at": iso(at_ms, case.tz),
            "at_source": at_source, "at_trust": at_trust, "duration": meta.get("duration"),
            "reason": reason_of(meta), "reason_text": reason_words(reason_of(meta))}
        if suggest:
            item["suggestions"] = suggestions(case, owner=owner, at_ms=at_ms,
                                              at_source=at_source,
                                              duration=meta.get("duration"))
        found.append(item)
    return found


def suggestions(case: Case, *, owner: str, at_ms: int | None, at_source: str | None,
                duration: float | None) -> list[dict[str, Any]]:
    """Connected calls from a log, not yet recorded, as long as the recording (within
    :data:`SUGGEST_DURATION_S`) and near its time; the closest first."""
    if at_ms is None or duration is None:
        return []
    reach = SUGGEST_NEAR_MTIME_MS if at_source == "file-mtime" else SUGGEST_NEAR_NAME_MS
    rows = case.db.execute("""
        SELECT e.id, e.at_ms, p.number, e.direction, e.duration,
               coalesce(p.name, p.contact_name)
        FROM events e JOIN parties p ON p.id = e.party_id
        WHERE e.kind = 'call' AND e.owner = ? AND e.connected = 1 AND e.at_ms BETWEEN ? AND ?
          AND e.duration BETWEEN ? AND ?
          AND NOT EXISTS (SELECT 1 FROM observations o
                          WHERE o.event_id = e.id AND o.source = 'recording')""",
        (owner, at_ms - reach, at_ms + reach, duration - SUGGEST_DURATION_S,
         duration + SUGGEST_DURATION_S)).fetchall()
    rows.sort(key=lambda r: (abs(r[4] - duration), abs(r[1] - at_ms)))
    return [{"event_id": eid, "at": iso(ms, case.tz), "at_ms": ms, "number": number,
             "direction": direction, "duration": dur, "name": name}
            for eid, ms, number, direction, dur, name in rows[:SUGGESTIONS]]


def find_recording(case: Case, ref: str) -> tuple[int, str, str, str, dict[str, Any]]:
    """(id, sha256, name, owner, meta) of the recording ``ref`` names: a SHA-256 prefix (at
    least 6 hex digits) or its file name as imported."""
    ref = ref.strip()
    rows = []
    if re.fullmatch(r"[0-9a-fA-F]{6,64}", ref):
        rows = case.db.execute("SELECT id, sha256, name, owner, kind, meta FROM evidence "
                               "WHERE sha256 LIKE ?", (ref.lower() + "%",)).fetchall()
    if not rows:
        rows = case.db.execute("SELECT id, sha256, name, owner, kind, meta FROM evidence "
                               "WHERE name = ?", (ref,)).fetchall()
    if not rows:
        raise PlaceError("No original in the case is called {ref} or has a SHA-256 starting "
                         "with it.", ref=ref)
    if len(rows) > 1:
        raise PlaceError("{ref} names {count} originals; give more of the SHA-256.", ref=ref,
                         count=len(rows))
    rid, sha, name, owner, kind, meta = rows[0]
    if kind != "recording":
        raise PlaceError("{name} is not a call recording.", name=name)
    return rid, sha, name, owner, json.loads(meta)


def place(case: Case, ref: str, *, number: str, at_ms: int) -> Placed:
    """Place the recording ``ref`` as a call with ``number`` that began at ``at_ms``."""
    case.refuse_changes()
    if not re.search(r"\d", number) and normalize(number, case.region) != UNKNOWN:
        raise PlaceError("{value} is not a phone number.", value=number)
    with transaction(case.db):
        rid, sha, name, owner, meta = find_recording(case, ref)
        if case.db.execute("SELECT 1 FROM observations WHERE evidence_id = ? UNION "
                           "SELECT 1 FROM event_links WHERE evidence_id = ?",
                           (rid, rid)).fetchone():
            raise PlaceError("{name} is already placed on a call.", name=name)
        before = case.db.execute("SELECT at_ms, at_source, at_trust FROM evidence WHERE id = ?",
                                 (rid,)).fetchone()
        sink = EventSink(case.db, owner=owner, region=case.region, evidence_id=rid)
        sink.add_call(CallRecord(locator=PLACED_LOCATOR, number=number.strip(), at_ms=at_ms,
                                 direction="unknown", status="recorded",
                                 duration=meta.get("duration"), time_source=PLACED,
                                 time_trust=TRUST_MEDIUM), source="recording")
        sink.flush()
        event_id = case.db.execute("SELECT event_id FROM observations WHERE evidence_id = ?",
                                   (rid,)).fetchone()[0]
        meta["placed"] = {"number": number.strip(), "at_ms": at_ms,
                          "before": {"at_ms": before[0], "at_source": before[1],
                                     "at_trust": before[2]}}
        case.db.execute("UPDATE evidence SET at_ms = ?, at_source = ?, at_trust = ?, meta = ? "
                        "WHERE id = ?", (at_ms, PLACED, TRUST_MEDIUM,
                                         json.dumps(meta, ensure_ascii=False, sort_keys=True),
                                         rid))
        custody.append(case.db, "recording-placed", {
            "sha256": sha, "name": name, "number": number.strip(), "at": iso(at_ms, case.tz),
            "event_id": event_id, "joined": bool(sink.joined), "owner": owner})
    log.info("placed %s on event %s", sha[:12], event_id)
    return Placed(event_id, bool(sink.joined))
