"""Lexicon words spoken in calls: the lexicon rules read the transcripts of the recordings of a
collector's calls (source "machine transcript"), each match cited with its segment's time in
the recording. The borrower's correction of a segment is read where there is one; the machine's
text stays beside it in the finding, so both are shown.
"""

from __future__ import annotations

from typing import Any

from evidence_logger.rules import lexicon
from evidence_logger.rules.engine import Context, Finding
from evidence_logger.rules.facts import day_text
from evidence_logger.rules.profile import Rule
from evidence_logger.speech.store import RECORDING_CALLS, TRANSCRIPT_SOURCE

# what the lexicon rules read of temp.facts: messages and notes, and the calls with a recording
LEXICON_FACTS = ("text IS NOT NULL OR note IS NOT NULL OR (kind = 'call' AND id IN "
                 f"(SELECT event_id FROM {RECORDING_CALLS}))")

# the call events a recording stands behind, with the transcript's segments, in order
_SPOKEN = f"""
    SELECT f.id, f.day, f.platform, f.number, f.owner, f.role, v.sha256, s.seq, s.start_ms,
           s.end_ms, s.text, s.corrected
    FROM temp.facts f
    JOIN {RECORDING_CALLS} o ON o.event_id = f.id
    JOIN evidence v ON v.id = o.evidence_id AND v.kind = 'recording'
    JOIN transcript_segments s ON s.evidence_id = v.id
    WHERE f.kind = 'call' AND f.role IN ('collector', 'unknown')
    ORDER BY f.at_ms, f.id, v.id, s.seq"""


def spoken(ctx: Context, rule: Rule, found: list[Finding]) -> None:
    """Add to ``found`` the calls whose transcripts hold the rule's words: a call that already
    has a finding (its note matched) gets the spoken words added to it, never a second one."""
    lexicon_id, extra = rule.params["lexicon"], tuple(rule.params.get("extra") or ())
    by_event = {f.events[0]: f for f in found if len(f.events) == 1}
    for event, day, platform, number, owner, role, sha, seq, start, end, text, corrected \
            in ctx.rows(_SPOKEN):
        heard = corrected if corrected else text
        matches = lexicon.find(heard, lexicon_id, extra)
        if not matches:
            continue
        segment: dict[str, Any] = {
            "sha256": sha, "seq": seq, "start_ms": start, "end_ms": end, "text": text,
            "corrected": corrected, "read": "corrected" if corrected else "machine",
            "spans": [[m.start, m.end] for m in matches]}
        finding = by_event.get(event)
        if finding is None:
            unmarked = role != "collector"
            finding = Finding(
                rule, "note" if unmarked else rule.severity, day=day_text(day),
                platform=platform, number=number, count=1, events=[event],
                details={"in": "transcript", "owner": owner, "spans": [], "note_spans": [],
                         "stated_by_borrower": False, "unmarked_party": unmarked})
            found.append(finding)
            by_event[event] = finding
        finding.details.setdefault("spoken", []).append(segment)
        finding.details["source"] = TRANSCRIPT_SOURCE
        finding.details["machine_made"] = True
        if corrected:
            finding.details["corrected_by_borrower"] = True
        for word in dict.fromkeys(m.text for m in matches):
            if word not in finding.matched:
                finding.matched.append(word)
