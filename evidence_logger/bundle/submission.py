"""The submission bundle (提交版): what goes to a court or a regulator, as against the full
bundle for the borrower's lawyer.

It holds only the originals that back a finding plus those the borrower adds, with third
parties' numbers masked in everything the app writes (unless the borrower unmasks them); every
other original is withheld and still listed by its SHA-256 (case.json, evidence.csv, the
dossier's list of withheld originals, HOW-TO-VERIFY.txt). Its case document keeps only the
collectors' calls and messages and the events a finding rests on. An original is never cut:
one that backs a finding goes whole, whatever else it holds (``exclude`` leaves it out).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from evidence_logger.case import Case
from evidence_logger.case_document import Redaction, plan_redaction
from evidence_logger.errors import UserFacingError
from evidence_logger.rules import evaluate

log = logging.getLogger(__name__)


class SubmissionError(UserFacingError, ValueError):
    """An original the borrower named cannot be found; the message says which."""


def _resolve(case: Case, prefixes: Iterable[str]) -> set[str]:
    """Full SHA-256s of the originals named by the start of their hash (at least 8 digits)."""
    found = set()
    for prefix in prefixes:
        prefix = prefix.strip().lower()
        rows = [] if not re.fullmatch(r"[0-9a-f]{8,64}", prefix) else [
            sha for (sha,) in case.db.execute(
                "SELECT sha256 FROM evidence WHERE sha256 LIKE ? || '%'", (prefix,))]
        if len(rows) != 1:
            raise SubmissionError("{prefix} does not name exactly one original: give at least "
                                  "8 digits of its SHA-256 (evidence list shows them).",
                                  prefix=prefix)
        found.add(rows[0])
    return found


def backing(case: Case) -> set[str]:
    """The SHA-256s of the originals that back a finding."""
    return {sha for finding in evaluate(case) for sha in finding.evidence}


def plan_submission(case: Case, *, include: Iterable[str] = (), exclude: Iterable[str] = (),
                    mask: bool = True) -> Redaction:
    """What a submission bundle holds: a redaction that masks third parties (unless ``mask``
    is false) and withholds every original but those that back findings and ``include``
    (hash prefixes), less ``exclude``; with the events its case document keeps."""
    kept = (backing(case) | _resolve(case, include)) - _resolve(case, exclude)
    redaction = plan_redaction(case) if mask else Redaction()
    ids = {eid: sha for eid, sha in case.db.execute("SELECT id, sha256 FROM evidence")}
    redaction.withheld = {eid for eid, sha in ids.items() if sha not in kept}
    cited = {event for finding in evaluate(case) for event in finding.events}
    redaction.events = cited | {eid for (eid,) in case.db.execute(
        "SELECT e.id FROM events e JOIN parties p ON p.id = e.party_id "
        "WHERE p.role = 'collector'")}
    redaction.submission = True
    log.info("submission: %d of %d originals, %d events", len(kept), len(ids),
             len(redaction.events))
    return redaction
