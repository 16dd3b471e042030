"""A recording's length against the length of the call it joined, in words a court reader
understands.

A recording often covers only part of a call (the recorder started late or stopped early), and
the other side will ask why. When a recording joined to a call whose length a log gives differs
from it by more than :data:`MIN_GAP_S` seconds *and* by more than :data:`MIN_SHARE` of the
call's length, the event says so: "the recording covers the first 4 s of a 45 s call", or "the
recording (62 s) is longer than the call (45 s)". Both conditions are needed: a couple of
seconds are normal (the log counts from connection, the recorder from its start), and a
difference of 6 s means little on a 20-minute call.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence_logger.case import Case
from evidence_logger.i18n import tr

MIN_GAP_S = 5.0
MIN_SHARE = 0.2
LATE_START_S = 5  # a recording starting later than this after the call "covers part of it"


def seconds_words(seconds: float, lang: str | None = None) -> str:
    """``45 s``, ``3 min 05 s``, ``1 h 02 min``: a length as a person reads it."""
    whole = round(seconds)
    if whole < 120:
        return tr("{s} s", lang, s=whole)
    if whole < 3600:
        return tr("{m} min {s:02d} s", lang, m=whole // 60, s=whole % 60)
    return tr("{h} h {m:02d} min", lang, h=whole // 3600, m=whole // 60 % 60)


def length_note(recording_s: float | None, call_s: float | None, *,
                late_s: float | None = None, lang: str | None = None) -> str | None:
    """The sentence for a recording of ``recording_s`` seconds on a call of ``call_s``; None
    when they agree. ``late_s``: how long after the call's start the recording began, if
    known."""
    if recording_s is None or not call_s:
        return None
    gap = recording_s - call_s
    if abs(gap) <= MIN_GAP_S or abs(gap) <= MIN_SHARE * call_s:
        return None
    rec, call = seconds_words(recording_s, lang), seconds_words(call_s, lang)
    if gap > 0:
        return tr("the recording ({recording}) is longer than the call ({call})", lang,
                  recording=rec, call=call)
    if late_s is not None and late_s > LATE_START_S:
        return tr("the recording covers {recording} of a {call} call, starting about {late} "
                  "after the call began", lang, recording=rec, call=call,
                  late=seconds_words(late_s, lang))
    return tr("the recording covers the first {recording} of a {call} call", lang,
              recording=rec, call=call)


@dataclass(frozen=True, slots=True)
class Lengths:
    """A recorded call's two lengths, in seconds."""

    recording_s: float
    call_s: float | None
    late_s: float | None = None  # how long after the call's start the recorder started

    def note(self, lang: str | None = None) -> str | None:
        return length_note(self.recording_s, self.call_s, late_s=self.late_s, lang=lang)


def lengths(case: Case) -> dict[int, Lengths]:
    """Each call that a recording joined and a log (or the borrower) timed, by event id."""
    rows = case.db.execute("""
        SELECT e.id, e.duration, e.at_ms, o.at_ms, o.precision_s, o.locator,
               max(CAST(json_extract(v.meta, '$.duration') AS REAL))
        FROM events e
        JOIN observations o ON o.event_id = e.id AND o.source = 'recording'
        JOIN evidence v ON v.id = o.evidence_id
        WHERE e.kind = 'call' AND json_extract(v.meta, '$.duration') IS NOT NULL
          AND EXISTS (SELECT 1 FROM observations x
                      WHERE x.event_id = e.id AND x.source != 'recording')
        GROUP BY e.id""")
    found: dict[int, Lengths] = {}
    for event_id, call_s, call_ms, rec_ms, precision, locator, rec_s in rows:
        # how late the recorder started, when its own clock says (not a borrower's placing)
        late = (rec_ms - call_ms) / 1000 if precision == 1 and locator == "file name" else None
        found[event_id] = Lengths(rec_s, call_s, late)
    return found
