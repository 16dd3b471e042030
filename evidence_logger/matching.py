"""Which statements are of one event: the rules that join what several files say about the
same real call or message (used by :mod:`evidence_logger.timeline`, which finds the candidates).

* a call in two call-log exports (same owner and number, same direction, start within
  :data:`LOG_TOLERANCE_MS` plus the sources' precision) is one call;
* a recording joins the connected call it recorded (same owner and number, start within
  :data:`RECORDING_TOLERANCE_MS`, nearest first); a recording no log mentions is a call of its own,
  and a log imported later joins it;
* a message in two exports (same owner, number, direction and text, within
  :data:`MESSAGE_TOLERANCE_MS`) is one message;
* a carrier's detail record (运营商详单) and a phone's log of the same call are one call: same
  owner and number, same direction, the phone's entry connected (the carrier only lists
  connected calls, so it is never joined to a missed, rejected or blocked entry), the carrier's
  start from :data:`CARRIER_CLOCK_MS` before the log's to :data:`CARRIER_RING_MS` +
  :data:`CARRIER_CLOCK_MS` after it (the carrier counts from the connection, the phone from the
  ring or the dialling), and, when both give one, durations within
  :data:`CARRIER_DURATION_S` seconds of each other (plus 5 % of the longer one); a recording joins
  a carrier's call as it joins a log's. The phone's log keeps the event's time and outcome; the
  carrier's time is the event's when no phone log has the call; a carrier's SMS row (no text)
  and a message of the same number and direction within :data:`CARRIER_MESSAGE_MS` are one
  message, which keeps the phone's text and time;
* a message or call read off a screenshot (OCR) joins the same message or call from an export,
  a log, a carrier's record or another screenshot: same owner and number, direction and (for
  calls) outcome compatible where the screen shows them, messages' text equal after
  :func:`evidence_logger.ocr.text.normalise` folds OCR noise, start within
  :data:`LOG_TOLERANCE_MS` plus the precision the screen gives (a minute, or a day). The other
  source keeps the event's time, text and outcome; bubbles or rows of one screenshot are never
  joined to each other (two alike rows are two calls);
* records from the same file are only joined when they are identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LOG_TOLERANCE_MS = 2_000
RECORDING_TOLERANCE_MS = 120_000
MESSAGE_TOLERANCE_MS = 2_000
CARRIER_CLOCK_MS = 10_000  # the carrier's clock against the phone's, and their roundings
CARRIER_RING_MS = 75_000  # the longest ring before a call connects (networks give up at ~60 s)
CARRIER_DURATION_S = 10
CARRIER_MESSAGE_MS = 60_000  # a carrier's SMS row against the phone's time for the message

CONNECTED_STATUSES = frozenset({"answered", "external", "recorded"})

# a call read off a screenshot's call list whose row shows no outcome (see records.CALL_STATUSES)
LISTED = "listed"

# what kinds of source an event rests on, as bits
LOG, RECORDING, MESSAGES, MANUAL, CARRIER, SCREEN = 1, 2, 4, 8, 16, 32
SOURCE_BITS = {"log": LOG, "recording": RECORDING, "messages": MESSAGES, "manual": MANUAL,
               "carrier": CARRIER, "screenshot": SCREEN}


@dataclass(slots=True)
class Event:
    """An event as the matcher sees it."""

    id: int
    kind: str
    party: int
    at_ms: int
    at_source: str
    at_trust: str
    precision: int
    direction: str
    status: str | None
    connected: int | None
    duration: float | None
    text: str | None
    sources: int = 0  # SOURCE_BITS of its observations
    mine: bool = False  # has an observation from the file being imported
    new: bool = False
    dirty: bool = False


@dataclass(slots=True)
class Obs:
    """One observation waiting to be matched and written."""

    source: int  # one of the SOURCE_BITS
    party: int
    rec: Any  # a CallRecord, or a MessageRecord when source is MESSAGES (the code asks source)
    links: tuple[int, ...] = ()  # evidence ids of further originals (MMS parts, sidecars)
    note: str | None = None  # manual entries: the borrower's words
    event: Event | None = None


def bits(obs: Obs) -> int:
    """The source bits an observation gives its event (a carrier's SMS row: CARRIER)."""
    if obs.source == MESSAGES and obs.rec.time_source == "carrier":
        return CARRIER
    return obs.source


def carrier_fits(carrier_at: int, carrier_direction: str, carrier_duration: float | None,
                 log_at: int, log_direction: str, log_connected: bool,
                 log_duration: float | None, precision_ms: int = 0) -> bool:
    """Whether a carrier's row and a phone's log entry are the same call (see the module)."""
    if not log_connected or carrier_direction != log_direction:
        return False
    if not -CARRIER_CLOCK_MS - precision_ms <= carrier_at - log_at \
            <= CARRIER_RING_MS + CARRIER_CLOCK_MS + precision_ms:
        return False
    if carrier_duration and log_duration:
        slack = CARRIER_DURATION_S + 0.05 * max(carrier_duration, log_duration)
        return abs(carrier_duration - log_duration) <= slack
    return True


def is_message(obs: Obs) -> bool:
    """Whether ``obs`` states a message (else a call)."""
    return obs.source == MESSAGES or (obs.source == SCREEN and hasattr(obs.rec, "text"))


def connected_flag(status: str | None, duration: float | None) -> int | None:
    """``events.connected`` for a call: 1, 0, or None when the source does not show the outcome
    (a call list's row without a mark: neither answered nor unanswered for the rules)."""
    return None if status == LISTED else int(is_connected(status, duration))


def is_connected(status: str | None, duration: float | None) -> bool:
    """Whether a call was connected: answered, or placed and lasting more than 0 s."""
    return status in CONNECTED_STATUSES or (status == "outgoing" and bool(duration))


def same(obs: Obs, event: Event) -> bool:
    """Whether ``obs`` describes ``event``."""
    rec = obs.rec
    gap = abs(event.at_ms - rec.at_ms)
    source = obs.source
    if source == MANUAL or event.sources == MANUAL:
        return (source == MANUAL and event.sources == MANUAL and gap == 0
                and rec.direction == event.direction)
    if source == SCREEN or event.sources == SCREEN:
        return _same_screen(obs, event, gap)
    if source == MESSAGES:
        if rec.time_source == "carrier" or event.at_source == "carrier":
            return _same_carrier_message(obs, event, gap)
        return (rec.direction == event.direction and rec.text == event.text
                and gap <= (0 if event.mine else MESSAGE_TOLERANCE_MS))
    precision = (max(rec.time_precision_s, event.precision) - 1) * 1000  # beyond 1 s
    logged = event.sources & LOG
    # a phone's log entry against an event a phone's log already times: the log rules,
    # whether or not a carrier's row joined that event too (a later backup repeats it)
    if source == CARRIER or (event.sources & CARRIER and not (source == LOG and logged)):
        return _same_carrier(obs, event, gap, precision)
    recorded = event.sources & RECORDING
    if source == LOG and logged:
        if event.mine:  # rows of one file are one call only when identical
            return (gap == 0 and rec.direction == event.direction
                    and rec.status == event.status and rec.duration == event.duration)
        return rec.direction == event.direction and gap <= LOG_TOLERANCE_MS + precision
    if source == LOG and recorded:  # a log entry for a call known from a recording
        return (is_connected(rec.status, rec.duration)
                and event.direction in ("unknown", rec.direction)
                and gap <= RECORDING_TOLERANCE_MS + precision)
    if source == RECORDING and logged and not recorded:
        return (bool(event.connected) and rec.direction in ("unknown", event.direction)
                and gap <= RECORDING_TOLERANCE_MS + precision)
    return False

def _same_carrier_message(obs: Obs, event: Event, gap: int) -> bool:
    """A carrier's SMS row (no text) and a message of the same moment: one message."""
    rec = obs.rec
    if rec.direction != event.direction:
        return False
    if event.mine:  # rows of one file are one message only when identical
        return gap == 0 and rec.text == event.text
    return gap <= CARRIER_MESSAGE_MS

def _same_carrier(obs: Obs, event: Event, gap: int, precision: int) -> bool:
    """Whether ``obs`` describes ``event`` when one of them is a carrier's record."""
    rec, source = obs.rec, obs.source
    if source == CARRIER and event.sources & CARRIER:
        if event.mine:  # a bill lists each call once: two rows are two calls, even alike
            return False
        if event.sources & LOG:  # the event keeps the phone's time: judge as its log entry
            return carrier_fits(rec.at_ms, rec.direction, rec.duration, event.at_ms,
                                event.direction, bool(event.connected), event.duration,
                                precision)
        # the same bill in two files (a PDF and a spreadsheet)
        return rec.direction == event.direction and gap <= LOG_TOLERANCE_MS + precision
    if source == RECORDING:  # a recording of a call the carrier billed
        return (not event.sources & RECORDING and bool(event.connected)
                and rec.direction in ("unknown", event.direction)
                and gap <= RECORDING_TOLERANCE_MS + precision)
    if source == CARRIER and event.sources == RECORDING:
        return (event.direction in ("unknown", rec.direction)
                and gap <= RECORDING_TOLERANCE_MS + precision)
    if source == CARRIER and event.sources & LOG:  # a carrier's row, the phone's entry
        return carrier_fits(rec.at_ms, rec.direction, rec.duration, event.at_ms,
                            event.direction, bool(event.connected), event.duration,
                            precision)
    if source == LOG and not event.sources & LOG:  # the phone's entry, a carrier's row
        return carrier_fits(event.at_ms, event.direction, event.duration, rec.at_ms,
                            rec.direction, is_connected(rec.status, rec.duration),
                            rec.duration, precision)
    return False


def _same_screen(obs: Obs, event: Event, gap: int) -> bool:
    """Whether a statement and an event, one of them read off a screenshot, are one event."""
    from evidence_logger.ocr.text import same_text

    rec = obs.rec
    if obs.source == SCREEN and event.mine:
        return False  # bubbles or rows of one screenshot are events of their own
    precision = (max(rec.time_precision_s, event.precision) - 1) * 1000
    if event.kind == "message":
        if rec.direction != event.direction:
            return False
        if rec.text is None or event.text is None:  # a carrier's SMS row: no text
            return gap <= CARRIER_MESSAGE_MS + precision
        return gap <= MESSAGE_TOLERANCE_MS + precision and same_text(rec.text, event.text)
    if rec.direction != event.direction and "unknown" not in (rec.direction, event.direction):
        return False
    ours = None if rec.status == LISTED else is_connected(rec.status, rec.duration)
    theirs = event.connected if event.status != LISTED else None
    if ours is not None and theirs is not None and bool(theirs) != ours:
        return False
    tolerance = RECORDING_TOLERANCE_MS if obs.source == RECORDING else LOG_TOLERANCE_MS
    return gap <= tolerance + precision
