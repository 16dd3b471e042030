"""Who each collector number belongs to, and on what basis (号码归属).

The other side's first answer is "不是我司号码". A number's platform is only as good as its
basis: an SMS from that number signed 【平台名】 (``signature``), the caller naming the platform
in a message or in a screenshot's text (``named``), or only the borrower's statement
(``statement``). The app *suggests* links from what the case's messages say; the borrower
confirms them, and only confirmed links (table ``attributions``) are printed as a basis. A
collector number with no confirmed basis rests on the borrower's statement.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils

from evidence_logger import custody
from evidence_logger.db import transaction
from evidence_logger.errors import UserFacingError
from evidence_logger.i18n import N_

BASES = ("signature", "named", "statement")
BASIS_WORDS = {"signature": N_("SMS from this number signed 【{platform}】"),
               "named": N_("the caller names {platform} in a message or on a screen"),
               "statement": N_("the borrower's statement")}
_SIGNATURE = re.compile(r"【([^【】\s]{1,20})】")


class AttributionError(UserFacingError, ValueError):
    """A link cannot be recorded; the message is a sentence for the user."""


@dataclass(slots=True)
class Link:
    """One basis linking a number to a platform, with the event and originals it rests on."""

    number: str
    platform: str
    basis: str
    event: int | None = None
    at_ms: int | None = None
    evidence: list[str] = field(default_factory=list)  # SHA-256 of the event's originals
    statement: str | None = None
    confirmed: bool = False
    current: str | None = None  # the platform the number has now (suggestions only)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _originals(db: sqlite_utils.Database, events: list[int]) -> dict[int, list[str]]:
    found: dict[int, set[str]] = {}
    for event_id, sha in db.execute("""
            SELECT o.event_id, v.sha256 FROM observations o JOIN evidence v ON v.id = o.evidence_id
            WHERE o.event_id IN (SELECT value FROM json_each(?1))
            UNION
            SELECT l.event_id, v.sha256 FROM event_links l JOIN evidence v ON v.id = l.evidence_id
            WHERE l.event_id IN (SELECT value FROM json_each(?1))""", (json.dumps(events),)):
        found.setdefault(event_id, set()).add(sha)
    return {event: sorted(shas) for event, shas in found.items()}


def known_platforms(db: sqlite_utils.Database) -> list[str]:
    """The platforms the case knows: those of marked collectors and of the debts."""
    rows = db.execute("SELECT platform FROM parties WHERE platform IS NOT NULL "
                      "UNION SELECT platform FROM debts")
    return sorted({p for (p,) in rows if p and p.strip()}, key=lambda p: (-len(p), p))


def _confirmed_keys(db: sqlite_utils.Database) -> set[tuple[str, str, str, int | None]]:
    return {(number, platform, basis, event) for number, platform, basis, event in db.execute(
        "SELECT p.number, a.platform, a.basis, a.event_id FROM attributions a "
        "JOIN parties p ON p.id = a.party_id")}


def suggest(db: sqlite_utils.Database, *, include_confirmed: bool = False) -> list[Link]:
    """Links the case's messages suggest, for the borrower to confirm: a collector's (or an
    unmarked number's) incoming message signed 【X】 or naming a platform the case knows, and a
    number known by a name that holds a platform's name (a WeChat chat's header). Numbers the
    borrower marked as themself or a third party are never suggested. One link per number,
    platform and basis, resting on its earliest message."""
    platforms = known_platforms(db)
    confirmed = _confirmed_keys(db)
    found: dict[tuple[str, str, str], Link] = {}

    def add(number: str, platform: str, basis: str, event: int, at_ms: int,
            current: str | None) -> None:
        key = (number, platform, basis)
        if key not in found:
            found[key] = Link(number, platform, basis, event, at_ms, current=current,
                              confirmed=(number, platform, basis, event) in confirmed)

    rows = db.execute("""
        SELECT p.number, p.role, p.platform, coalesce(p.contact_name, ''), e.id, e.at_ms,
               coalesce(e.text, '')
        FROM events e JOIN parties p ON p.id = e.party_id
        WHERE e.kind = 'message' AND e.direction = 'in' AND p.role IN ('collector', 'unknown')
        ORDER BY e.at_ms, e.id""").fetchall()
    for number, role, current, contact, event, at_ms, text in rows:
        signed = set()
        for name in _SIGNATURE.findall(text):
            name = name.strip()
            # an unmarked number signed by a brand the case does not know (a bank's salary
            # notice) is not a collector: only known platforms are suggested for it
            if role == "collector" or name in platforms:
                signed.add(name)
                add(number, name, "signature", event, at_ms, current)
        bare = _SIGNATURE.sub("", text)
        for platform in platforms:
            if platform not in signed and (platform in bare or platform in number
                                           or platform in contact):
                add(number, platform, "named", event, at_ms, current)
    links = [link for link in found.values() if include_confirmed or not link.confirmed]
    shas = _originals(db, [link.event for link in links if link.event is not None])
    for link in links:
        link.evidence = shas.get(link.event or 0, [])
    return sorted(links, key=lambda x: (x.platform, x.number, BASES.index(x.basis)))


def _party(db: sqlite_utils.Database, number: str) -> tuple[int, str, str | None]:
    row = db.execute("SELECT id, role, platform FROM parties WHERE number = ?",
                     (number,)).fetchone()
    if row is None:
        raise AttributionError("The case has no number {number}.", number=number)
    return row


def confirm(db: sqlite_utils.Database, number: str, *, platform: str | None = None
            ) -> list[Link]:
    """Confirm the suggested links of ``number`` (only those to ``platform`` when given): each
    is recorded with its event, and the number becomes a collector of that platform. Returns
    the links confirmed."""
    wanted = [link for link in suggest(db) if link.number == number
              and (platform is None or link.platform == platform)]
    if not wanted:
        raise AttributionError("Nothing suggests a platform for {number}; say whose it is with "
                               "party set NUMBER --role collector --platform NAME --statement "
                               "TEXT.", number=number)
    if len({link.platform for link in wanted}) > 1:
        raise AttributionError("The messages of {number} name more than one platform ({names}); "
                               "choose one with --platform.", number=number,
                               names="、".join(sorted({x.platform for x in wanted})))
    party_id = _party(db, number)[0]
    now = time.time_ns() // 10**6
    with transaction(db):
        for link in wanted:
            db.execute("INSERT OR IGNORE INTO attributions (party_id, platform, basis, event_id,"
                       " evidence, confirmed_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
                       (party_id, link.platform, link.basis, link.event,
                        json.dumps(link.evidence), now))
            link.confirmed = True
        db.execute("UPDATE parties SET role = 'collector', platform = ?, relation = NULL "
                   "WHERE id = ?", (wanted[0].platform, party_id))
        custody.append(db, "attribution-confirmed", {
            "number": number, "platform": wanted[0].platform,
            "bases": [{"basis": x.basis, "event": x.event, "evidence": x.evidence}
                      for x in wanted]})
    return wanted


def record_statement(db: sqlite_utils.Database, number: str, platform: str,
                     statement: str) -> None:
    """The borrower's own account of why ``number`` is ``platform``'s (how they know it)."""
    if not statement.strip():
        raise AttributionError("The statement is empty: say how you know the number is the "
                               "platform's.")
    party_id = _party(db, number)[0]
    with transaction(db):
        db.execute("DELETE FROM attributions WHERE party_id = ? AND basis = 'statement'",
                   (party_id,))
        db.execute("INSERT INTO attributions (party_id, platform, basis, statement, "
                   "confirmed_at_ms) VALUES (?, ?, 'statement', ?, ?)",
                   (party_id, platform, statement.strip(), time.time_ns() // 10**6))
        custody.append(db, "attribution-stated", {"number": number, "platform": platform,
                                                  "statement": statement.strip()})


def links(db: sqlite_utils.Database) -> list[Link]:
    """The 号码归属 table: every collector number with its platform and each confirmed basis;
    a number with no confirmed basis from a file rests on the borrower's statement (with their
    words when they gave any). Links to a platform the number no longer has are left out."""
    rows = db.execute("""
        SELECT p.number, p.platform, a.basis, a.event_id, e.at_ms, a.statement, a.evidence
        FROM parties p LEFT JOIN attributions a
             ON a.party_id = p.id AND a.platform = coalesce(p.platform, '')
        LEFT JOIN events e ON e.id = a.event_id
        WHERE p.role = 'collector'
        ORDER BY coalesce(p.platform, ''), p.number""").fetchall()
    by_number: dict[str, list[Link]] = {}
    for number, platform, basis, event, at_ms, statement, kept in rows:
        items = by_number.setdefault(number, [])
        if basis is not None:
            items.append(Link(number, platform or "", basis, event, at_ms,
                              json.loads(kept) if kept else [], statement, confirmed=True))
        elif not items:  # nothing confirmed: the borrower's word alone
            items.append(Link(number, platform or "", "statement"))
    out: list[Link] = []
    for items in by_number.values():
        out += sorted(items, key=lambda x: (BASES.index(x.basis), x.at_ms or 0))
    shas = _originals(db, [x.event for x in out if x.event is not None])
    for link in out:  # the message's originals now, else those it had when confirmed
        link.evidence = shas.get(link.event or 0) or link.evidence
    return out


def statement_only(items: list[Link]) -> set[str]:
    """The numbers whose every basis is the borrower's statement."""
    numbers = {x.number for x in items}
    return {n for n in numbers if all(x.basis == "statement" for x in items if x.number == n)}
