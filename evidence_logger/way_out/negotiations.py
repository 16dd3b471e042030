"""The negotiation record (协商记录): every contact the borrower had with a creditor about
repaying, linked to the calls and messages (and through them the originals) that show it.

A borrower who asked in good faith for instalments, a stop of interest or a waiver, and can
show it, stands far stronger before a regulator or a court; the record is the borrower's own
statement, its links are the evidence.
"""

from __future__ import annotations

import time
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from evidence_logger import custody
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError
from evidence_logger.listing import iso

CHANNELS = ("call", "sms", "app", "letter", "visit")


class NegotiationError(UserFacingError, ValueError):
    """A negotiation's values are not usable; the message is a sentence for the user."""

    def __init__(self, template: str, /, *, field: str, **params: object) -> None:
        super().__init__(template, **params)
        self.field = field


def add_negotiation(db: sqlite_utils.Database, *, platform: str, at_ms: int, channel: str,
                    asked: str, offered: str | None = None, outcome: str | None = None,
                    counterpart: str | None = None, event_ids: list[int] | None = None) -> int:
    """Record one contact about repaying; returns its id."""
    if not platform.strip():
        raise NegotiationError("A negotiation needs the creditor's name.", field="platform")
    if channel not in CHANNELS:
        raise NegotiationError("Unknown channel {value}; use one of {choices}.", field="channel",
                               value=channel, choices=", ".join(CHANNELS))
    if not asked.strip():
        raise NegotiationError("Say what you asked for (instalments, a stop of interest, a "
                               "waiver of penalties).", field="asked")
    events = sorted(set(event_ids or []))
    known = {i for (i,) in db.execute(
        f"SELECT id FROM events WHERE id IN ({','.join('?' * len(events))})", events)} \
        if events else set()
    for event_id in events:
        if event_id not in known:
            raise NegotiationError("There is no event {value}; evidence-logger events list "
                                   "shows their ids.", field="event", value=event_id)
    clean = {k: (v or "").strip() or None for k, v in
             (("offered", offered), ("outcome", outcome), ("counterpart", counterpart))}
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO negotiations (platform, at_ms, channel, counterpart, asked, offered, "
            "outcome, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (platform.strip(), at_ms, channel, clean["counterpart"], asked.strip(),
             clean["offered"], clean["outcome"], time.time_ns() // 10**6))
        negotiation_id = cursor.lastrowid
        assert negotiation_id is not None
        for event_id in events:
            db.execute("INSERT INTO negotiation_events (negotiation_id, event_id) VALUES (?, ?)",
                       (negotiation_id, event_id))
        custody.append(db, "negotiation-added", {
            "id": negotiation_id, "platform": platform.strip(), "at_ms": at_ms,
            "channel": channel, "asked": asked.strip(), **clean, "events": events})
    return negotiation_id


def list_negotiations(db: sqlite_utils.Database, tz: ZoneInfo) -> list[dict[str, Any]]:
    """Every negotiation, oldest first, with its events and the originals behind them."""
    rows = list(db.query("SELECT id, platform, at_ms, channel, counterpart, asked, offered, "
                         "outcome FROM negotiations ORDER BY at_ms, id"))
    events: dict[int, list[int]] = {}
    originals: dict[int, set[str]] = {}
    for negotiation_id, event_id, sha in db.execute(
            "SELECT n.negotiation_id, n.event_id, e.sha256 FROM negotiation_events n "
            "LEFT JOIN (SELECT event_id, evidence_id FROM event_links UNION "
            "           SELECT event_id, evidence_id FROM observations "
            "           WHERE evidence_id IS NOT NULL) l ON l.event_id = n.event_id "
            "LEFT JOIN evidence e ON e.id = l.evidence_id ORDER BY n.event_id"):
        if event_id not in events.setdefault(negotiation_id, []):
            events[negotiation_id].append(event_id)
        if sha:
            originals.setdefault(negotiation_id, set()).add(sha)
    for row in rows:
        row["at"] = iso(row["at_ms"], tz)
        row["events"] = events.get(row["id"], [])
        row["originals"] = sorted(originals.get(row["id"], set()))
    return rows


def parse_event_ids(text: str) -> list[int]:
    """Event numbers typed as "12, 15 18" (as the timeline shows them)."""
    ids = []
    for part in text.replace("，", ",").replace(",", " ").split():
        if not part.isdigit():
            raise NegotiationError("{value} is not an event number.", field="event", value=part)
        ids.append(int(part))
    return ids
