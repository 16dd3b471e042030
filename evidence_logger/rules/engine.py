"""The rule engine: a case and its profile in, findings out.

Findings are never stored: they are a pure function of the case (its events, parties, debts,
profile and thresholds), computed when asked, so that setting a number's role, adding a call or
importing more changes them at once and the same case always gives the same findings.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

from evidence_logger.case import Case
from evidence_logger.i18n import N_
from evidence_logger.rules import facts, zone
from evidence_logger.rules.profile import Profile, Rule, case_profile
from evidence_logger.tasks import drive

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
        return {**rule_json(self.rule, lang), **self.own_json()}

    def own_json(self) -> dict[str, Any]:
        """What is this finding's own (the rest of :meth:`to_json` is its rule's)."""
        return {"severity": self.severity, "day": self.day, "platform": self.platform,
                "number": self.number, "count": self.count, "events": self.events,
                "evidence": self.evidence, "matched": self.matched, "details": self.details}


def rule_json(rule: Rule, lang: str) -> dict[str, Any]:
    """What every finding of ``rule`` says of it in its JSON."""
    return {"rule": rule.id, "title": rule.text("title", lang),
            "explanation": rule.text("explanation", lang),
            "citation": rule.text("citation", lang), "status": rule.status,
            "indicator": rule.indicator, "params": rule.params}


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
    return drive(evaluating(case, profile))


def evaluating(case: Case, profile: Profile | None = None
               ) -> Generator[None, None, list[Finding]]:
    """:func:`evaluate` as a task: yields between two rules (where the window's worker may
    stop it, a newer change of the case superseding it) and returns the findings."""
    from evidence_logger.rules import checks  # noqa: F401 - registers the evaluators

    profile = profile or case_profile(case.db, case.profile)
    zone.install(case.db, case.tz)
    facts.install(case.db)
    context = Context(case)
    found: list[Finding] = []
    for rule in profile.rules:  # in the profile's order, each rule's findings by day
        yield None
        found.extend(sorted(CHECKS[rule.check](context, rule), key=Finding.sort_key))
    yield None
    _attach_evidence(case, found)
    return found


def _attach_evidence(case: Case, found: list[Finding]) -> None:
    """Each finding's originals: the SHA-256 of every file its events rest on.

    Read as one row per file with the ids of its events (rather than a row per event, which
    cost more than all the rules on a case of 300,000 calls): nearly every event rests on one
    file, so each finding's files are one ``map`` over its events; the few events that rest on
    more than one file add the others after."""
    if not any(finding.events for finding in found):
        return
    first: dict[int, int] = {}  # event -> a file it rests on
    more: dict[int, set[int]] = {}  # event -> the other files it rests on
    for evidence, events in case.db.execute("""
            SELECT evidence_id, group_concat(event_id) FROM (
                SELECT evidence_id, event_id FROM observations
                UNION ALL SELECT evidence_id, event_id FROM event_links)
            GROUP BY evidence_id"""):
        ids = set(map(int, events.split(",")))
        for event in ids.intersection(first):
            more.setdefault(event, set()).add(evidence)
        first.update(dict.fromkeys(ids - first.keys(), evidence))
    sha = dict(case.db.execute("SELECT id, sha256 FROM evidence").fetchall())
    for finding in found:
        files = set(map(first.get, finding.events))
        files.discard(None)
        if more:
            for event in finding.events:
                files.update(more.get(event, ()))
        finding.evidence = sorted(sha[evidence] for evidence in files)
