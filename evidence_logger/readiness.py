"""Where a case stands on the way through it (import, who is who, violations, export), and
what is worth a second look before exporting. Plain data for the window's checklist and the
export page's check; the sentences are translated where they are shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidence_logger.i18n import N_
from evidence_logger.parties import suggested_collectors

STEPS = ("import", "parties", "violations", "export")
DONE, NEXT, WAITING = "done", "next", "waiting"  # a step's state


@dataclass(frozen=True, slots=True)
class Step:
    key: str  # one of STEPS
    state: str  # DONE, NEXT (the one to do now, or one that can be done) or WAITING
    count: int  # what the step's sentence counts (files, collectors, findings, exports)
    still: int = 0  # what is left: likely collectors still unknown


@dataclass(frozen=True, slots=True)
class Concern:
    """Something to look at before exporting: a sentence (N_-marked) and its count."""

    key: str
    text: str
    count: int


def standing(case: Any, findings: int) -> list[Step]:
    """The four steps of ``case`` with their state (``findings``: how many the rules found)."""
    db = case.db
    files = db.execute("SELECT count(*) FROM evidence").fetchone()[0]
    collectors = db.execute("SELECT count(*) FROM parties WHERE role = 'collector'").fetchone()[0]
    exports = db.execute("SELECT count(*) FROM custody WHERE action = 'export'").fetchone()[0]
    unknown = len(suggested_collectors(db)) if files else 0
    imported = files > 0
    marked = imported and collectors > 0
    return [
        Step("import", DONE if imported else NEXT, files),
        Step("parties", DONE if marked and not unknown else NEXT if imported else WAITING,
             collectors, unknown),
        Step("violations", (DONE if exports else NEXT) if marked else WAITING, findings),
        Step("export", DONE if exports else NEXT if marked else WAITING, exports),
    ]


def before_export(case: Any, screenshots_waiting: int) -> list[Concern]:
    """What the borrower may want to settle before exporting (each can be passed by)."""
    db = case.db
    found = []
    unknown = len(suggested_collectors(db))
    if unknown:
        found.append(Concern("unknown", N_(
            "{count} number(s) that look like collectors are still unknown: the rules count "
            "only collectors' calls. Mark them on the Parties page."), unknown))
    if not db.execute("SELECT count(*) FROM parties WHERE role = 'collector'").fetchone()[0]:
        found.append(Concern("collectors", N_(
            "No number is marked as a collector yet, so no rule can find anything."), 0))
    if not db.execute("SELECT count(*) FROM debts").fetchone()[0]:
        found.append(Concern("debts", N_(
            "No debt is entered: the dossier cannot name the lenders or check the interest. "
            "Add them on the Debts page."), 0))
    if screenshots_waiting:
        found.append(Concern("screenshots", N_(
            "{count} screenshot(s) are still being read: what they show is not in the bundle "
            "yet."), screenshots_waiting))
    return found
