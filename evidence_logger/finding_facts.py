"""The facts a finding rests on, for showing it facts first: its calls and messages (when,
which number, what was said, the original to play or open) and who each number is."""

from __future__ import annotations

from typing import Any

EVENT_FIELDS = ("id", "at_ms", "kind", "direction", "number", "text", "duration", "connected",
                "sha256", "evidence_kind")


def finding_events(case: Any, ids: list[int]) -> list[dict[str, Any]]:
    """The events ``ids`` oldest first, each with the first original behind it (a recording
    before any other kind)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = case.db.execute(f"""
        SELECT e.id, e.at_ms, e.kind, e.direction, p.number, e.text, e.duration, e.connected,
               (SELECT v.sha256 FROM evidence v WHERE v.id IN (
                    SELECT evidence_id FROM observations WHERE event_id = e.id
                    UNION SELECT evidence_id FROM event_links WHERE event_id = e.id)
                ORDER BY v.kind != 'recording', v.id LIMIT 1),
               (SELECT v.kind FROM evidence v WHERE v.id IN (
                    SELECT evidence_id FROM observations WHERE event_id = e.id
                    UNION SELECT evidence_id FROM event_links WHERE event_id = e.id)
                ORDER BY v.kind != 'recording', v.id LIMIT 1)
        FROM events e JOIN parties p ON p.id = e.party_id
        WHERE e.id IN ({marks}) ORDER BY e.at_ms, e.id""", list(ids))
    return [dict(zip(EVENT_FIELDS, row, strict=True)) for row in rows]


def people(case: Any) -> dict[str, dict[str, Any]]:
    """Every number's role, platform, relation and name (the borrower's word or the contact's)."""
    return {number: {"role": role, "platform": platform, "relation": relation, "name": name}
            for number, role, platform, relation, name in case.db.execute(
                "SELECT number, role, platform, relation, coalesce(name, contact_name) "
                "FROM parties")}
