"""Checks that count collectors' calls: per day, redials, rolling windows, after a conversation,
and contact at night."""

from __future__ import annotations

from collections import defaultdict

from evidence_logger.rules.columns import (
    CONNECTED_BIT,
    TIMED_BIT,
    TO_BORROWER_BIT,
    UNANSWERED_BIT,
    grouped,
)
from evidence_logger.rules.engine import Context, Finding, check
from evidence_logger.rules.facts import TIMED, clock_ms, day_text
from evidence_logger.rules.profile import Rule


@check("daily-calls", contacts=True)
def daily_calls(ctx: Context, rule: Rule) -> list[Finding]:
    """More than ``max_calls`` collection calls in one day from one creditor (all its numbers)."""
    limit, connected_limit = rule.params["max_calls"], rule.params["max_connected"]
    contacts = ctx.contacts()
    days = grouped(contacts, (contacts.platform, contacts.day),
                   contacts.having(TO_BORROWER_BIT), more_than=limit)
    found = []
    for (platform, day), count, connected, events in zip(
            days.keys, days.counts(), days.sums(contacts.having(CONNECTED_BIT)),
            days.lists(contacts.ids), strict=True):
        found.append(Finding(
            rule, "high" if connected > connected_limit else rule.severity, day=day_text(day),
            platform=contacts.platforms[platform], count=count, events=events,
            # which count broke which threshold: see rules.counting.daily_breaches
            details={"connected": connected, "unanswered": count - connected,
                     "limit": limit, "connected_limit": connected_limit}))
    return found


@check("redial", contacts=True)
def redial(ctx: Context, rule: Rule) -> list[Finding]:
    """More than ``max_unanswered`` unanswered attempts from one number in one day."""
    limit = rule.params["max_unanswered"]
    contacts = ctx.contacts()
    days = grouped(contacts, (contacts.party, contacts.day),
                   contacts.having(TO_BORROWER_BIT | UNANSWERED_BIT), more_than=limit)
    found = []
    for (party, day), count, events in zip(days.keys, days.counts(), days.lists(contacts.ids),
                                           strict=True):
        found.append(Finding(rule, rule.severity, day=day_text(day),
                             platform=contacts.party_platform[party],
                             number=contacts.numbers[party], count=count, events=events,
                             details={"limit": limit}))
    return found


@check("quiet-hours", contacts=True)
def quiet_hours(ctx: Context, rule: Rule) -> list[Finding]:
    """Collector calls and messages at night, local time: at or after start, before end."""
    start, end = clock_ms(rule.params["start"]), clock_ms(rule.params["end"])
    contacts = ctx.contacts()
    tod = contacts.tod_ms
    at_night = (tod >= start) | (tod < end) if start > end else (tod >= start) & (tod < end)
    nights = grouped(contacts, (contacts.platform, contacts.day),
                     contacts.having(TIMED_BIT) & at_night)
    found = []
    for (platform, day), count, events in zip(nights.keys, nights.counts(),
                                              nights.lists(contacts.ids), strict=True):
        found.append(Finding(rule, rule.severity, day=day_text(day),
                             platform=contacts.platforms[platform], count=count, events=events,
                             details={"start": rule.params["start"],
                                      "end": rule.params["end"]}))
    return found


@check("rolling-calls", contacts=True)
def rolling_calls(ctx: Context, rule: Rule) -> list[Finding]:
    """More than ``max_calls`` call attempts from one creditor within ``days`` consecutive
    days; one finding for each day on which the window ending that day is over the limit."""
    limit, days = rule.params["max_calls"], rule.params["days"]
    contacts = ctx.contacts()
    per_day: dict[int, dict[int, list[int]]] = defaultdict(dict)
    each_day = grouped(contacts, (contacts.platform, contacts.day),
                       contacts.having(TO_BORROWER_BIT))
    for (platform, day), events in zip(each_day.keys, each_day.lists(contacts.ids),
                                       strict=True):
        per_day[platform][day] = events
    found = []
    for platform, calendar in per_day.items():
        for day in sorted(calendar):
            window = [e for d in range(day - days + 1, day + 1) for e in calendar.get(d, ())]
            if len(window) > limit:
                found.append(Finding(rule, rule.severity, day=day_text(day),
                                     platform=contacts.platforms[platform],
                                     count=len(window), events=sorted(window),
                                     details={"limit": limit, "days": days,
                                              "from": day_text(day - days + 1)}))
    return found


@check("after-conversation")
def after_conversation(ctx: Context, rule: Rule) -> list[Finding]:
    """A creditor's call within ``days`` days (the conversation's day being day 1) after a
    telephone conversation of at least ``min_conversation_s`` seconds with the borrower."""
    days, minimum = rule.params["days"], rule.params["min_conversation_s"]
    rows = ctx.rows(f"""
        SELECT platform, id, at_ms, day, direction, connected, duration FROM temp.facts
        WHERE kind = 'call' AND role = 'collector' AND owner = 'self' AND {TIMED}
        ORDER BY platform, at_ms, id""")
    found = []
    last: dict[str | None, tuple[int, int, int]] = {}  # platform -> (event, at_ms, day)
    for platform, event, at_ms, day, direction, connected, duration in rows:
        talk = last.get(platform)
        if (direction == "in" and talk is not None and at_ms > talk[1]
                and day - talk[2] < days):
            found.append(Finding(rule, rule.severity, day=day_text(day), platform=platform,
                                 count=1, events=[talk[0], event],
                                 details={"conversation": talk[0],
                                          "conversation_day": day_text(talk[2]),
                                          "days": days}))
        if connected and (duration or 0) >= minimum:
            last[platform] = (event, at_ms, day)
    return found
