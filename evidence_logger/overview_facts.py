"""What the window's overview counts, each count saying what it counts: calls received and
made, messages received and sent, and collection calls per day per creditor (as the daily-calls
rule counts them) with the rule's daily limit."""

from __future__ import annotations

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
    rows = case.db.execute(  # the local day as the rules count it (facts.day)
        f"SELECT coalesce(platform, number), day, count(*) FROM temp.facts "
        f"WHERE {facts.TO_BORROWER} GROUP BY 1, 2")
    for creditor, day, count in rows:
        found.setdefault(creditor, {})[facts.day_text(day)] = count
    return found


def overview(case: Any, lang: str) -> dict[str, Any]:
    """Everything the overview shows but the findings, read at once (on a worker for a big
    case): the counts, the calls per day per creditor, the daily limit, the silence warning."""
    from evidence_logger.listing import status
    from evidence_logger.rules.profile import case_profile
    from evidence_logger.way_out.silence import silence_warning

    return {"facts": {**status(case), **direction_counts(case)},
            "per_creditor": calls_by_creditor(case),
            "limit": daily_limit(case_profile(case.db, case.profile)),
            "silence": silence_warning(case.db, case.tz, lang)}


def daily_limit(profile: Any) -> int | None:
    """The daily-calls rule's limit in force for the case, if its profile has that rule."""
    for rule in profile.rules:
        if rule.check == "daily-calls":
            value = rule.params.get("max_calls")
            return int(value) if value is not None else None
    return None
