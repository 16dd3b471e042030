"""What one number said and did lately: its latest messages and its recorded calls, which is
how a borrower recognises a platform (the window's parties page shows them beside the list)."""

from __future__ import annotations

from typing import Any


def latest_messages(case: Any, number: str, limit: int = 8) -> list[dict[str, Any]]:
    """The number's latest messages, newest first: at_ms, direction, text, owner."""
    return [dict(zip(("at_ms", "direction", "text", "owner"), row, strict=True))
            for row in case.db.execute("""
        SELECT e.at_ms, e.direction, e.text, e.owner FROM events e
        JOIN parties p ON p.id = e.party_id
        WHERE p.number = ? AND e.kind = 'message'
        ORDER BY e.at_ms DESC, e.id DESC LIMIT ?""", (number, limit))]


def recordings(case: Any, number: str, limit: int = 8) -> list[dict[str, Any]]:
    """The number's recorded calls, newest first: at_ms, direction, duration, sha256, name."""
    return [dict(zip(("at_ms", "direction", "duration", "sha256", "name"), row, strict=True))
            for row in case.db.execute("""
        SELECT e.at_ms, e.direction, e.duration, v.sha256, v.name FROM events e
        JOIN parties p ON p.id = e.party_id
        JOIN (SELECT event_id, evidence_id FROM observations WHERE source = 'recording'
              UNION SELECT event_id, evidence_id FROM event_links) x ON x.event_id = e.id
        JOIN evidence v ON v.id = x.evidence_id AND v.kind = 'recording'
        WHERE p.number = ? AND e.kind = 'call'
        GROUP BY v.id ORDER BY e.at_ms DESC LIMIT ?""", (number, limit))]
