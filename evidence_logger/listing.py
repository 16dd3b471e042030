"""Read-only views of a case, as plain dicts: what ``events list``, ``evidence list`` and
``status`` print, and what later the report and the window show."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from evidence_logger import custody, recording_length
from evidence_logger.case import Case
from evidence_logger.db import event_span
from evidence_logger.i18n import N_, tr
from evidence_logger.records import PLACED_LOCATOR

EVIDENCE_KINDS = {"call-log": N_("call log"), "messages": N_("messages"),
                  "recording": N_("call recording"), "image": N_("screenshot or photo"),
                  "attachment": N_("picture or file sent in a message"),
                  "metadata": N_("metadata"),
                  "other": N_("other evidence (kept, not read by the app)")}


def evidence_kind(kind: str, lang: str | None = None) -> str:
    """An original's kind in words (the window and the dossier say it the same way)."""
    return tr(EVIDENCE_KINDS.get(kind, N_("file")), lang)


def iso(ms: int | None, tz: ZoneInfo) -> str | None:
    """ISO 8601 in the case's time zone with its offset, e.g. 2026-03-02T11:20:00+08:00."""
    if ms is None:
        return None
    moment = datetime.fromtimestamp(ms / 1000, tz)
    spec = "milliseconds" if ms % 1000 else "seconds"
    return moment.isoformat(timespec=spec)


def events(case: Case, lang: str | None = None) -> Iterator[dict[str, Any]]:
    """Every event, oldest first, with the originals it rests on; a recorded call whose log
    gives its length also has ``recording_duration`` and, when the two differ much,
    ``recording_note`` (a sentence in ``lang``, see :mod:`evidence_logger.recording_length`)."""
    lengths = recording_length.lengths(case)
    rows = case.db.execute("""
        SELECT e.id, e.kind, e.at_ms, p.number, e.direction, e.status, e.connected, e.duration,
               e.text, e.owner, e.at_source, e.at_trust, e.note,
               (SELECT group_concat(v.sha256) FROM evidence v WHERE v.id IN (
                    SELECT o.evidence_id FROM observations o WHERE o.event_id = e.id
                    UNION SELECT l.evidence_id FROM event_links l WHERE l.event_id = e.id)),
               (SELECT json_group_array(json_object(
                    'sha256', v.sha256, 'locator', o.locator,
                    -- a carrier's rows are kept as a log's; their original says whose
                    'source', CASE WHEN v.format LIKE 'carrier-%' THEN 'carrier'
                                   ELSE o.source END))
                FROM observations o LEFT JOIN evidence v ON v.id = o.evidence_id
                WHERE o.event_id = e.id)
        FROM events e JOIN parties p ON p.id = e.party_id
        ORDER BY e.at_ms, e.id""")
    for (event_id, kind, at_ms, number, direction, status, connected, duration, text, owner,
         at_source, at_trust, note, shas, sources) in rows:
        sources = json.loads(sources)
        item: dict[str, Any] = {
            "id": event_id, "kind": kind, "at": iso(at_ms, case.tz), "number": number,
            "direction": direction, "owner": owner, "at_source": at_source,
            "at_trust": at_trust, "evidence": sorted(shas.split(",")) if shas else [],
            # where each statement about the event comes from: original and row, or the borrower
            "sources": sources,
            "entered_by_borrower": any(s["source"] == "manual" for s in sources),
            # a recording whose name said too little, put on this call by the borrower
            "placed_by_borrower": any(s["locator"] == PLACED_LOCATOR for s in sources),
        }
        if kind == "call":
            item.update(connected=bool(connected), duration=duration, status=status)
            if (both := lengths.get(event_id)) is not None:
                item["recording_duration"] = both.recording_s
                if note_of_length := both.note(lang):
                    item["recording_note"] = note_of_length
        else:
            item["text"] = text
        if note:
            item["note"] = note
        yield item


def evidence(case: Case) -> Iterator[dict[str, Any]]:
    """Every original, in import order."""
    rows = case.db.execute("""
        SELECT sha256, kind, format, name, size, at_ms, at_source, at_trust, owner, source_path,
               imported_at_ms, parent_sha256, parent_locator, meta
        FROM evidence ORDER BY id""")
    for (sha, kind, fmt, name, size, at_ms, at_source, at_trust, owner, source_path,
         imported_ms, parent, locator, meta) in rows:
        item = {"sha256": sha, "kind": kind, "format": fmt, "name": name, "size": size,
                "at": iso(at_ms, case.tz), "at_source": at_source, "at_trust": at_trust,
                "owner": owner, "source_path": source_path,
                "imported_at": iso(imported_ms, case.tz), "meta": json.loads(meta)}
        if parent:
            item.update(parent_sha256=parent, parent_locator=locator)
        yield item


def status(case: Case) -> dict[str, Any]:
    """Counts and health of a case."""
    db = case.db

    def one(sql: str) -> Any:
        return db.execute(sql).fetchone()[0]

    from evidence_logger.ocr.store import count_waiting
    from evidence_logger.placing import unplaced  # placing reads listing's helpers
    from evidence_logger.speech.store import count_waiting as untranscribed

    by_kind = dict(db.execute("SELECT kind, count(*) FROM evidence GROUP BY kind").fetchall())
    entries, problems = custody.verify(db)
    span = event_span(db) or (None, None)
    return {
        "case": str(case.folder), "name": case.name, "timezone": case.timezone,
        "profile": case.profile,
        "calls": one("SELECT count(*) FROM events WHERE kind = 'call'"),
        "messages": one("SELECT count(*) FROM events WHERE kind = 'message'"),
        "evidence": one("SELECT count(*) FROM evidence"),
        "evidence_by_kind": by_kind,
        "bytes": one("SELECT ifnull(sum(size), 0) FROM evidence"),
        "parties": one("SELECT count(*) FROM parties"),
        "collectors": one("SELECT count(*) FROM parties WHERE role = 'collector'"),
        "third_parties": one("SELECT count(*) FROM parties WHERE role = 'third-party'"),
        "debts": one("SELECT count(*) FROM debts"),
        "unplaced_recordings": len(unplaced(case, suggest=False)),
        "screenshots_unread": count_waiting(db),
        "screenshots_read": one("SELECT count(*) FROM screen_reads"),
        "recordings_untranscribed": untranscribed(db),
        "first_event": iso(span[0], case.tz), "last_event": iso(span[1], case.tz),
        "custody_entries": entries, "custody_head": custody.head(db),
        "custody_ok": not problems, "missing_originals": case.missing_originals(),
        "opened_from": case.opened_from, "bundle_status": case.bundle_status,
        "read_only": case.read_only_bundle, "sample": case.sample,
    }


EVENT_COLUMNS = ("id", "kind", "at_ms", "number", "direction", "connected", "duration", "text",
                 "owner", "role", "platform", "relation", "name", "at_trust")


def event_table(case: Case) -> list[tuple]:
    """Every event as one flat row (see ``EVENT_COLUMNS``), oldest first: what a table of
    100,000+ events needs, in one query without the per-event source lists."""
    return case.db.execute("""
        SELECT e.id, e.kind, e.at_ms, p.number, e.direction, e.connected, e.duration, e.text,
               e.owner, p.role, p.platform, p.relation, coalesce(p.name, p.contact_name),
               e.at_trust
        FROM events e JOIN parties p ON p.id = e.party_id
        ORDER BY e.at_ms, e.id""").fetchall()


def spoken_texts(case: Case) -> dict[int, str]:
    """Event id -> what its recordings' transcripts say (the machine's text and any correction,
    casefolded): for a search of the calls by what was said."""
    from evidence_logger.speech.store import RECORDING_CALLS

    rows = case.db.execute(f"""
        SELECT o.event_id, group_concat(s.text || ' ' || coalesce(s.corrected, ''), ' ')
        FROM transcript_segments s JOIN {RECORDING_CALLS} o ON o.evidence_id = s.evidence_id
        GROUP BY o.event_id""")
    return {event_id: text.casefold() for event_id, text in rows}


def calls_per_day(case: Case) -> dict[str, int]:
    """Collection calls per local day (YYYY-MM-DD), counted as the daily-calls rule counts
    them: incoming calls from collectors on the borrower's own phone."""
    from evidence_logger.rules import facts, zone

    zone.install(case.db, case.tz)
    facts.install(case.db)
    counts: dict[str, int] = {}
    rows = case.db.execute(f"SELECT at_ms FROM temp.facts WHERE {facts.TO_BORROWER}")
    for (at_ms,) in rows:
        day = datetime.fromtimestamp(at_ms / 1000, case.tz).date().isoformat()
        counts[day] = counts.get(day, 0) + 1
    return counts


def backing_events(case: Case) -> dict[str, list[int]]:
    """Each original's SHA-256 -> the ids of the events it backs (read or linked)."""
    rows = case.db.execute("""
        SELECT v.sha256, x.event_id FROM evidence v JOIN (
            SELECT evidence_id, event_id FROM observations WHERE event_id IS NOT NULL
            UNION SELECT evidence_id, event_id FROM event_links) x ON x.evidence_id = v.id
        ORDER BY v.sha256, x.event_id""")
    found: dict[str, list[int]] = {}
    for sha, event_id in rows:
        found.setdefault(sha, []).append(event_id)
    return found


def evidence_names(case: Case, shas: list[str]) -> dict[str, str]:
    """The file name of each of these originals, by SHA-256."""
    if not shas:
        return {}
    marks = ",".join("?" * len(shas))
    return dict(case.db.execute(f"SELECT sha256, name FROM evidence WHERE sha256 IN ({marks})",
                                shas).fetchall())


def phone_owners(case: Case) -> dict[str, str]:
    """Whose phone each set of files came from, in words: a name, else the relation, else the
    number (the borrower's own phone, ``self``, is not listed)."""
    return {number: name or relation or number for number, relation, name in case.db.execute(
        "SELECT number, relation, coalesce(name, contact_name) FROM parties "
        "WHERE number IN (SELECT DISTINCT owner FROM events)")}
