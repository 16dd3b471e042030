"""The rule engine: a case and its profile in, findings out.

Findings are never stored: they are a pure function of the case (its events, parties, debts,
profile and thresholds), computed when asked, so that setting a number's role, adding a call or
importing more changes them at once and the same case always gives the same findings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from evidence_logger.case import Case
from evidence_logger.i18n import N_
from evidence_logger.rules import facts, zone
from evidence_logger.rules.profile import Profile, Rule, case_profile

SEVERITIES = (N_("note"), N_("low"), N_("medium"), N_("high"))
STATUSES = (N_("verified"), N_("secondary"), N_("uncertain"))


@dataclass(slots=True)
class Finding:
    """One violation (or, for indicators and exempt lenders, one note) and what it rests on."""

    rule: Rule
    severity: str
    day: str | None = None  # YYYY-MM-DD, local
    platform: str | None = None  # the creditor or platform
    number: str | None = None  # the number concerned (collector, or the third party reached)
    count: int | None = None
    events: list[int] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)

    def sort_key(self) -> tuple:
        return (self.day or "", self.platform or "", self.number or "", self.events[:1])

    def to_json(self, lang: str) -> dict[str, Any]:
        rule = self.rule
        return {
            "rule": rule.id, "severity": self.severity, "title": rule.text("title", lang),
            "explanation": rule.text("explanation", lang),
            "citation": rule.text("citation", lang), "status": rule.status,
            "indicator": rule.indicator, "day": self.day, "platform": self.platform,
            "number": self.number, "count": self.count, "events": self.events,
            "evidence": self.evidence, "matched": self.matched, "details": self.details,
            "params": rule.params,
        }


Check = Callable[["Context", Rule], list[Finding]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    """Register an evaluator for the rules whose ``check`` is ``name``."""
    def register(func: Check) -> Check:
        CHECKS[name] = func
        return func
    return register


@dataclass(slots=True)
class Context:
    """What a check needs: the case, and the facts view installed on its connection."""

    case: Case

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.case.db.execute(sql, params).fetchall()


def evaluate(case: Case, profile: Profile | None = None) -> list[Finding]:
    """Every finding of the case under its profile (and thresholds), in a stable order."""
    from evidence_logger.rules import checks  # noqa: F401 - registers the evaluators

    profile = profile or case_profile(case.db, case.profile)
    zone.install(case.db, case.tz)
    facts.install(case.db)
    context = Context(case)
    found: list[Finding] = []
    for rule in profile.rules:  # in the profile's order, each rule's findings by day
        found.extend(sorted(CHECKS[rule.check](context, rule), key=Finding.sort_key))
    _attach_evidence(case, found)
    return found


def _attach_evidence(case: Case, found: list[Finding]) -> None:
    """Each finding's originals: the SHA-256 of every file its events rest on."""
    wanted = sorted({event for finding in found for event in finding.events})
    if not wanted:
        return
    by_event: dict[int, set[str]] = {}
    rows = case.db.execute("""
        SELECT o.event_id, v.sha256 FROM observations o JOIN evidence v ON v.id = o.evidence_id
        WHERE o.event_id IN (SELECT value FROM json_each(?1))
        UNION
        SELECT l.event_id, v.sha256 FROM event_links l JOIN evidence v ON v.id = l.evidence_id
        WHERE l.event_id IN (SELECT value FROM json_each(?1))""", (json.dumps(wanted),))
    for event_id, sha in rows:
        by_event.setdefault(event_id, set()).add(sha)
    for finding in found:
        finding.evidence = sorted({sha for event in finding.events
                                   for sha in by_event.get(event, ())})
