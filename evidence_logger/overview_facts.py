"""What the window's overview counts, each count saying what it counts: calls received and
made, messages received and sent, and collection calls per day per creditor (as the daily-calls
rule counts them) with the rule's daily limit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from evidence_logger.rules import facts, zone


def direction_counts(case: Any) -> dict[str, int]:
    """``calls_in``, ``calls_out``, ``messages_in``, ``messages_out`` over every phone's files."""
    found = {"calls_in": 0, "calls_out": 0, "messages_in": 0, "messages_out": 0}
    for kind, direction, count in case.db.execute(
            "SELECT kind, direction, count(*) FROM events GROUP BY kind, direction"):
        key = f"{kind}s_{direction}"
        if key in found:
            found[key] += count
    return found


def calls_by_creditor(case: Any) -> dict[str, dict[str, int]]:
    """Collection calls to the borrower per creditor (platform, else the number) per local day
    (YYYY-MM-DD): what the daily-calls rule counts."""
    zone.install(case.db, case.tz)
    facts.install(case.db)
    found: dict[str, dict[str, int]] = {}
    rows = case.db.execute(
        f"SELECT at_ms, coalesce(platform, number) FROM temp.facts WHERE {facts.TO_BORROWER}")
    for at_ms, creditor in rows:
        day = datetime.fromtimestamp(at_ms / 1000, case.tz).date().isoformat()
        per_day = found.setdefault(creditor, {})
        per_day[day] = per_day.get(day, 0) + 1
    return found


def daily_limit(profile: Any) -> int | None:
    """The daily-calls rule's limit in force for the case, if its profile has that rule."""
    for rule in profile.rules:
        if rule.check == "daily-calls":
            value = rule.params.get("max_calls")
            return int(value) if value is not None else None
    return None
