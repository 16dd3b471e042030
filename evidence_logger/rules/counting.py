"""Honest counts (collection-rules.md, "Counting"): a finding counts calls or messages, never
matched words; notes are not findings; calls are split by who was called and by whom; the
daily-calls finding says which count broke which threshold.

Used alike by the dossier, the command line and the window, so that all say the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from evidence_logger.i18n import N_, Language, tr
from evidence_logger.rules.engine import Finding

NOTE = "note"


def counted(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that count as findings: notes (an exempt lender's rate, an unmarked
    number's words, an indicator) are shown but never counted."""
    return [f for f in findings if f.severity != NOTE]


def notes(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == NOTE]


def events_per_rule(findings: Iterable[Finding]) -> dict[str, int]:
    """Rule id -> how many distinct calls and messages its counted findings rest on."""
    per_rule: dict[str, set[int]] = {}
    for finding in counted(findings):
        per_rule.setdefault(finding.rule.id, set()).update(finding.events)
    return {rule_id: len(events) for rule_id, events in per_rule.items()}


class FindingList(list):  # of Finding
    """Findings with what every page shows of them counted once, where they were computed (the
    window's worker): on a heavy case the distinct events per rule are 400,000 ids."""

    def __init__(self, found: Iterable[Finding]) -> None:
        super().__init__(found)
        self.events_per_rule = events_per_rule(self)


@dataclass(frozen=True, slots=True)
class CallSplit:
    """The case's calls, by whose phone and who called."""

    collection_connected: int = 0  # collectors' calls to the borrower's phone, answered
    collection_unanswered: int = 0  # ... not answered (missed, rejected, blocked)
    borrower_own: int = 0  # calls the borrower made
    other_to_borrower: int = 0  # calls to the borrower from family, friends, unknown numbers
    relatives_phones: int = 0  # any call found on a third party's phone

    @property
    def collection(self) -> int:
        return self.collection_connected + self.collection_unanswered


def split_calls(events: Iterable[Mapping[str, Any]],
                parties: Mapping[str, Mapping[str, Any]]) -> CallSplit:
    """Split ``events`` (as :func:`evidence_logger.listing.events` gives them) by whose phone
    held each call and who made it; ``parties`` maps number -> its role."""
    counts = {"collection_connected": 0, "collection_unanswered": 0, "borrower_own": 0,
              "other_to_borrower": 0, "relatives_phones": 0}
    for event in events:
        if event["kind"] != "call":
            continue
        if event.get("owner") not in (None, "self"):
            counts["relatives_phones"] += 1
        elif event.get("direction") == "out":
            counts["borrower_own"] += 1
        elif parties.get(event.get("number") or "", {}).get("role") == "collector":
            key = "collection_connected" if event.get("connected") else "collection_unanswered"
            counts[key] += 1
        else:
            counts["other_to_borrower"] += 1
    return CallSplit(**counts)


def daily_breaches(finding: Finding) -> list[str]:
    """Which threshold which count broke, for a daily-calls finding: ``calls`` (every call)
    and ``connected`` (connected calls alone)."""
    details = finding.details
    broke = []
    if (finding.count or 0) > details.get("limit", 0):
        broke.append("calls")
    if details.get("connected", 0) > details.get("connected_limit", details.get("limit", 0)):
        broke.append("connected")
    return broke


def count_words(finding: Finding, lang: str) -> str:
    """What a finding's count is, in words: for daily calls the connected and unanswered
    calls apart and the threshold each count broke (and the severity rule); for the others
    how many calls or messages."""
    details = finding.details
    sep = "；" if Language.of(lang).chinese else "; "
    if finding.rule.check == "daily-calls":
        connected, unanswered = details.get("connected", 0), details.get("unanswered", 0)
        limit = details.get("limit", 0)
        parts = [tr("{count} calls: {connected} connected, {unanswered} unanswered", lang,
                    count=finding.count, connected=connected, unanswered=unanswered)]
        breaches = daily_breaches(finding)
        if "calls" in breaches:
            parts.append(tr("all calls together exceed {limit} a day ({severity})", lang,
                            limit=limit, severity=tr("medium", lang)))
        if "connected" in breaches:
            parts.append(tr("connected calls alone exceed {limit} a day ({severity})", lang,
                            limit=details.get("connected_limit", limit),
                            severity=tr("high", lang)))
        elif connected == 0:
            parts.append(tr("none of them connected", lang))
        else:
            parts.append(tr("connected calls alone do not exceed {limit}", lang,
                            limit=details.get("connected_limit", limit)))
        return sep.join(parts)
    if finding.count is None:
        return "—"
    what = _UNITS.get(finding.rule.check, N_("{count} calls or messages"))
    return tr(what, lang, count=finding.count)


_UNITS = {"redial": N_("{count} unanswered calls"), "rolling-calls": N_("{count} calls"),
          "after-conversation": N_("{count} call after a conversation"),
          "lexicon": N_("{count} message or call"),
          "third-party": N_("{count} calls or messages to a third party")}
