"""Parties: who each number is (the borrower, a collector and its platform, a third party)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from evidence_logger import custody
from evidence_logger.db import transaction
from evidence_logger.phones import normalize

ROLES = ("self", "collector", "third-party", "unknown")


@dataclass(slots=True)
class PartyIds:
    """A per-transaction cache of number key -> party id, creating parties as they appear."""

    db: sqlite_utils.Database
    cache: dict[str, int]

    @classmethod
    def for_db(cls, db: sqlite_utils.Database) -> PartyIds:
        return cls(db, {})

    def get(self, key: str, contact_name: str | None = None) -> int:
        party = self.cache.get(key)
        if party is None:
            self.db.execute("INSERT OR IGNORE INTO parties (number, contact_name) VALUES (?, ?)",
                            (key, contact_name))
            party = self.db.execute("SELECT id FROM parties WHERE number = ?",
                                    (key,)).fetchone()[0]
            self.cache[key] = party
        return party


def set_party(db: sqlite_utils.Database, number: str, region: str, *, role: str,
              platform: str | None = None, relation: str | None = None,
              name: str | None = None, reason: str = "user") -> dict[str, Any]:
    """Set a number's role (and platform, relation, name); returns the party as stored."""
    if role not in ROLES:
        raise ValueError(role)
    key = normalize(number, region)
    with transaction(db):
        party = PartyIds.for_db(db).get(key)
        db.execute("UPDATE parties SET role = ?, platform = ?, relation = ?, "
                   "name = coalesce(?, name) WHERE id = ?",
                   (role, platform if role == "collector" else None,
                    relation if role == "third-party" else None, name, party))
        stored = get_party(db, key)
        custody.append(db, "party-set", {"number": key, "role": role,
                                         "platform": stored["platform"],
                                         "relation": stored["relation"], "name": stored["name"],
                                         "by": reason})
    return stored


def get_party(db: sqlite_utils.Database, key: str) -> dict[str, Any]:
    rows = list(db.query("SELECT number, role, platform, relation, name, contact_name "
                         "FROM parties WHERE number = ?", [key]))
    return rows[0] if rows else {}


def list_parties(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every party with how many calls and messages involve it."""
    return list(db.query("""
        SELECT p.number, p.role, p.platform, p.relation, p.name, p.contact_name,
               count(CASE WHEN e.kind = 'call' THEN 1 END) AS calls,
               count(CASE WHEN e.kind = 'message' THEN 1 END) AS messages,
               min(e.at_ms) AS first_ms, max(e.at_ms) AS last_ms
        FROM parties p LEFT JOIN events e ON e.party_id = p.id
        GROUP BY p.id
        ORDER BY count(e.id) DESC, p.number
    """))


SUGGEST_MIN_CALLS = 3  # incoming calls from a number before it is suggested as a collector


def suggested_collectors(db: sqlite_utils.Database, min_calls: int = SUGGEST_MIN_CALLS
                         ) -> set[str]:
    """Numbers that look like collectors: not yet classified, not in the phone's contacts, and
    calling the borrower's phone at least ``min_calls`` times (or texting about it)."""
    rows = db.execute("""
        SELECT p.number FROM parties p JOIN events e ON e.party_id = p.id
        WHERE p.role = 'unknown' AND p.contact_name IS NULL AND p.name IS NULL
          AND p.number LIKE '+%' AND e.owner = 'self' AND e.direction = 'in'
        GROUP BY p.id
        HAVING count(CASE WHEN e.kind = 'call' THEN 1 END) >= ?
    """, (min_calls,))
    return {number for (number,) in rows}
