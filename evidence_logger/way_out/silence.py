"""The warning against silence: refusing every contact looks like evasion and invites a
lawsuit. For each creditor the borrower owes, the last time the borrower was heard from: a
negotiation recorded, a call or message the borrower made to its collectors, a call of theirs
the borrower answered. A creditor not heard from for longer than the case's setting (default
30 days) is named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlite_utils

from evidence_logger.i18n import Language, tr
from evidence_logger.way_out.budget import budget


@dataclass(frozen=True, slots=True)
class Silence:
    platform: str
    last_ms: int | None  # None: never
    days: int | None  # days since, None: never


def silences(db: sqlite_utils.Database, tz: ZoneInfo, now: datetime | None = None
             ) -> list[Silence]:
    """The creditors (platforms of the debts) not heard from for longer than the setting."""
    limit = budget(db).silence_days
    now = now or datetime.now(tz)
    now_ms = int(now.timestamp() * 1000)
    last: dict[str, int] = {}
    for platform, at_ms in db.execute(
            "SELECT platform, max(at_ms) FROM negotiations GROUP BY platform UNION ALL "
            "SELECT p.platform, max(e.at_ms) FROM events e JOIN parties p ON p.id = e.party_id "
            "WHERE p.role = 'collector' AND p.platform IS NOT NULL AND e.owner = 'self' "
            "AND (e.direction = 'out' OR (e.kind = 'call' AND e.connected = 1)) "
            "GROUP BY p.platform"):
        last[platform] = max(last.get(platform, at_ms), at_ms)
    out = []
    for (platform,) in db.execute("SELECT DISTINCT platform FROM debts ORDER BY id"):
        at_ms = last.get(platform)
        days = None if at_ms is None else (now_ms - at_ms) // 86_400_000
        if days is None or days > limit:
            out.append(Silence(platform, at_ms, days))
    return out


def silence_warning(db: sqlite_utils.Database, tz: ZoneInfo, lang: str | None = None,
                    now: datetime | None = None) -> str | None:
    """The Overview's warning in words, or None when every creditor heard from the borrower
    recently enough."""
    quiet = silences(db, tz, now)
    if not quiet:
        return None
    names = ("、" if Language.of(lang).chinese else ", ").join(
        q.platform if q.days is None else tr("{platform} ({days} days)", lang,
                                              platform=q.platform, days=q.days)
        for q in quiet)
    return tr("No word from you for over {limit} days: {names}. Refusing all contact looks like "
              "evasion and invites a lawsuit: contact them, ask for instalments and record it "
              "under Way out.", lang, limit=budget(db).silence_days, names=names)
