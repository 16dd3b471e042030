"""The rule engine: a case and its profile in, findings out.

Findings are never stored: they are a pure function of the case (its events, parties, debts,
profile and thresholds), computed when asked, so that setting a number's role, adding a call or
importing more changes them at once and the same case always gives the same findings.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np

from evidence_logger.case import Case
from evidence_logger.i18n import N_
from evidence_logger.rules import columns, facts, side_reads, zone
from evidence_logger.rules.columns import Contacts
from evidence_logger.rules.profile import Profile, Rule, case_profile
from evidence_logger.rules.side_reads import SideReads
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
READS_CONTACTS: set[str] = set()  # the checks that count the contacts' columns
FACT_ROWS: dict[str, str | None] = {}  # what each check reads of temp.facts (None: all of it)


def check(name: str, *, contacts: bool = False,
          facts: str | None = None) -> Callable[[Check], Check]:
    """Register an evaluator for the rules whose ``check`` is ``name``. ``contacts``: it
    counts :meth:`Context.contacts` (and reads nothing of ``temp.facts``); ``facts``: the SQL
    condition over the facts' columns that holds for every row it reads of ``temp.facts``
    (when neither is said, it reads all of it). An evaluation makes the table of only the
    rows its checks read: on a heavy case of calls, a few rows instead of 300,000."""
    def register(func: Check) -> Check:
        CHECKS[name] = func
        if contacts:
            READS_CONTACTS.add(name)
        FACT_ROWS[name] = "0" if contacts else facts
        return func
    return register


def fact_rows(checks: list[str]) -> str | None:
    """The condition for the rows of ``temp.facts`` that ``checks`` read (None: every row)."""
    wanted = [FACT_ROWS.get(name) for name in dict.fromkeys(checks)]
    if any(one is None for one in wanted):
        return None
    return " OR ".join(f"({one})" for one in wanted if one != "0") or "0"


@dataclass(slots=True)
class Context:
    """What a check needs: the case, and the facts table installed on its connection."""

    case: Case
    side: SideReads | None = None  # what is read on a connection of its own
    _contacts: Contacts | None = None
    _rows: dict[tuple[str, tuple], list[tuple]] = field(default_factory=dict)

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        """The rows of a query, read once per evaluation: rules of one check (the lexicons'
        threats and impersonation) ask the same of the facts table, a scan of it each on a
        heavy case. The rows are shared: a check reads them, never changes them."""
        key = (sql, params)
        rows = self._rows.get(key)
        if rows is None:
            rows = self._rows[key] = self.case.db.execute(sql, params).fetchall()
        return rows

    def contacts(self) -> Contacts:
        """The collectors' contacts as columns (read once, for every rule that counts them)."""
        if self._contacts is None:
            # read apart, or (None) straight from the events on this connection
            self._contacts = columns.read(
                self.case.db, self.side.contacts() if self.side is not None else None)
        return self._contacts


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
    side = side_reads.start(case)  # while the facts table is made
    try:
        facts.install(case.db, fact_rows([rule.check for rule in profile.rules]))
        context = Context(case, side)
        # the rules that count the contacts last: their columns are still being read apart
        rules = profile.rules
        by_rule: list[list[Finding]] = [[] for _ in rules]
        for n in sorted(range(len(rules)), key=lambda n: rules[n].check in READS_CONTACTS):
            yield None
            by_rule[n] = sorted(CHECKS[rules[n].check](context, rules[n]),
                                key=Finding.sort_key)
        found = list(chain.from_iterable(by_rule))  # in the profile's order, each rule's by day
        yield None
        _attach_evidence(case, found, side.evidence_pairs())
        return found
    finally:
        side.stop()  # dropped half-way (a newer change): its reads are not wanted


def _attach_evidence(case: Case, found: list[Finding], pairs: tuple | None = None) -> None:
    """Each finding's originals: the SHA-256 of every file its events rest on.

    The (event, file) pairs are read as two columns and looked up with numpy, by event id:
    on a case of 300,000 calls a row per event, or sets of event ids per file, cost about as
    much as all the rules (and held the interpreter long enough to stall the window, whose
    worker evaluates the rules). Nearly every event rests on one file; the few that rest on
    more are looked up apart. The files are numbered in the order of their hashes, so that
    one sort gives each finding's hashes in order, and one list of hashes is sliced for all.
    ``pairs``: the row of ``side_reads.EVIDENCE_PAIRS``, read already on another
    connection."""
    lengths = np.fromiter((len(finding.events) for finding in found), dtype=np.int64,
                          count=len(found))
    if not lengths.sum():
        return
    count, events, files = pairs or case.db.execute(side_reads.EVIDENCE_PAIRS).fetchone()
    pair_event, pair_file = columns.parsed(count, events, files)
    files_by_hash = case.db.execute("SELECT id, sha256 FROM evidence ORDER BY sha256").fetchall()
    hashes = [sha for _, sha in files_by_hash]
    rank = np.full(max([0] + [file for file, _ in files_by_hash]) + 1, -1, dtype=np.int64)
    rank[[file for file, _ in files_by_hash]] = np.arange(len(files_by_hash))
    pair_file = rank[pair_file]  # each file as its place in the order of the hashes
    wanted = np.fromiter(chain.from_iterable(finding.events for finding in found),
                         dtype=np.int64, count=int(lengths.sum()))
    owner = np.repeat(np.arange(len(found)), lengths)  # the finding of each wanted event
    size = int(max(wanted.max(), pair_event.max(initial=0))) + 1
    file_of = np.full(size, -1, dtype=np.int64)  # event -> a file it rests on
    file_of[pair_event] = pair_file
    width = len(hashes) + 1  # files, and -1 (none) as 0
    picked = [owner * width + file_of[wanted] + 1]
    several = np.bincount(pair_event, minlength=size) > 1
    if several[wanted].any():  # the other files of the events that rest on more than one
        rest = several[pair_event]
        more_event, more_file = pair_event[rest], pair_file[rest]
        order = np.argsort(more_event, kind="stable")
        more_event, more_file = more_event[order], more_file[order]
        which = np.flatnonzero(several[wanted])
        low = np.searchsorted(more_event, wanted[which], "left")
        high = np.searchsorted(more_event, wanted[which], "right")
        spans = high - low
        at = np.repeat(low - np.cumsum(spans) + spans, spans) + np.arange(int(spans.sum()))
        picked.append(np.repeat(owner[which], spans) * width + more_file[at] + 1)
    # already in order of finding, nearly all in order: a stable sort (timsort) is a third
    # of the default's time here (and np.unique would import numpy.ma: 40 ms)
    keys = np.sort(np.concatenate(picked), kind="stable")
    keys = keys[np.append(True, keys[1:] != keys[:-1])]
    keys = keys[keys % width > 0]  # (an event that rests on no file)
    finding_of, file_1 = np.divmod(keys, width)
    names = [hashes[file - 1] for file in file_1.tolist()]
    bounds = np.searchsorted(finding_of, np.arange(len(found) + 1)).tolist()
    for n, finding in enumerate(found):
        finding.evidence = names[bounds[n]:bounds[n + 1]]
