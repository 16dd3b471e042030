"""Turning what files say into one timeline of calls and messages, each counted once.

Every record an importer reads becomes an *observation* (what one original says about one
event). Observations of the same real call or message are joined into one *event*:

* a call in two call-log exports (same owner and number, same direction, start within
  :data:`LOG_TOLERANCE_MS` plus the sources' precision) is one call;
* a recording joins the connected call it recorded (same owner and number, start within
  :data:`RECORDING_TOLERANCE_MS`, nearest first); a recording no log mentions is a call of its own,
  and a log imported later joins it;
* a message in two exports (same owner, number, direction and text, within
  :data:`MESSAGE_TOLERANCE_MS`) is one message;
* records from the same file are only joined when they are identical.

Matching runs in batches: one query fetches the events near a batch's times, matching happens in
memory over sorted lists, and the writes go out with ``executemany``. Memory stays bounded by the
batch, whatever the file's size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import sqlite_utils

from evidence_logger.parties import PartyIds
from evidence_logger.phones import normalize
from evidence_logger.records import CallRecord, MessageRecord

LOG_TOLERANCE_MS = 2_000
RECORDING_TOLERANCE_MS = 120_000
MESSAGE_TOLERANCE_MS = 2_000
BATCH = 2_000
_REACH_MS = RECORDING_TOLERANCE_MS + 60_000  # the widest window, precision included

CONNECTED_STATUSES = frozenset({"answered", "external", "recorded"})


def is_connected(status: str, duration: float | None) -> bool:
    """Whether a call was connected: answered, or placed and lasting more than 0 s."""
    return status in CONNECTED_STATUSES or (status == "outgoing" and bool(duration))


@dataclass(slots=True)
class _Event:
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
    sources: set[str] = field(default_factory=set)  # "log", "recording", "messages", "manual"
    note: str | None = None
    shas: set[str] = field(default_factory=set)
    new: bool = False
    dirty: bool = False

    def row(self, owner: str) -> tuple:
        return (self.id, self.kind, owner, self.party, self.direction, self.at_ms, self.at_source,
                self.at_trust, self.precision, self.status, self.connected, self.duration,
                self.text, self.note)


@dataclass(slots=True)
class _Obs:
    """One observation waiting to be matched and written."""

    kind: str  # "call" or "message"
    source: str  # "log", "recording", "messages", "manual"
    party: int
    locator: str
    at_ms: int
    precision: int
    at_source: str
    at_trust: str
    direction: str
    status: str | None = None
    duration: float | None = None
    text: str | None = None
    contact_name: str | None = None
    date_sent_ms: int | None = None
    links: tuple[str, ...] = ()
    note: str | None = None  # manual entries: the borrower's words
    event: _Event | None = None


class _Lane:
    """The events of one kind with one party, sorted by time."""

    __slots__ = ("keys", "events")

    def __init__(self) -> None:
        self.keys: list[int] = []
        self.events: list[_Event] = []

    def add(self, event: _Event) -> None:
        i = bisect_right(self.keys, event.at_ms)
        self.keys.insert(i, event.at_ms)
        self.events.insert(i, event)

    def move(self, event: _Event, at_ms: int) -> None:
        i = bisect_left(self.keys, event.at_ms)
        while self.events[i] is not event:
            i += 1
        del self.keys[i], self.events[i]
        event.at_ms = at_ms
        self.add(event)

    def near(self, at_ms: int, reach: int) -> list[_Event]:
        return self.events[bisect_left(self.keys, at_ms - reach):
                           bisect_right(self.keys, at_ms + reach)]


class EventSink:
    """Receives one original's records (or manual entries) and writes them into the timeline.

    Use inside the transaction that records the original; call :meth:`flush` before it commits.
    """

    def __init__(self, db: sqlite_utils.Database, *, owner: str, region: str,
                 sha256: str | None) -> None:
        self.db = db
        self.owner = owner
        self.region = region
        self.sha256 = sha256
        self.parties = PartyIds.for_db(db)
        self.pending: list[_Obs] = []
        self.next_id = db.execute("SELECT ifnull(max(id), 0) + 1 FROM events").fetchone()[0]
        self.added = 0  # new events
        self.joined = 0  # observations that joined an existing event
        self.observations = 0

    # -- input ----------------------------------------------------------------------------

    def party_for(self, number: str, contact_name: str | None = None) -> int:
        return self.parties.get(normalize(number, self.region), contact_name)

    def add_call(self, rec: CallRecord, *, source: str = "log",
                 links: tuple[str, ...] = ()) -> None:
        self._push(_Obs("call", source, self.party_for(rec.number, rec.contact_name), rec.locator,
                        rec.at_ms, rec.time_precision_s, rec.time_source, rec.time_trust,
                        rec.direction, rec.status, rec.duration, None, rec.contact_name,
                        None, links))

    def add_message(self, rec: MessageRecord, *, links: tuple[str, ...] = ()) -> None:
        self._push(_Obs("message", "messages", self.party_for(rec.number, rec.contact_name),
                        rec.locator, rec.at_ms, 1, rec.time_source, rec.time_trust,
                        rec.direction, None, None, rec.text, rec.contact_name,
                        rec.date_sent_ms, links))

    def add_manual_call(self, *, number: str, at_ms: int, direction: str,
                        duration: float | None, note: str | None) -> None:
        status = ("outgoing" if direction == "out"
                  else "answered" if duration else "missed")
        self._push(_Obs("call", "manual", self.party_for(number), "entered by the borrower",
                        at_ms, 1, "user", "medium", direction, status, duration, note=note))

    def _push(self, obs: _Obs) -> None:
        self.pending.append(obs)
        if len(self.pending) >= BATCH:
            self.flush()

    # -- matching -------------------------------------------------------------------------

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        lanes = self._load_lanes(batch)
        for obs in batch:
            lane = lanes.setdefault((obs.kind, obs.party), _Lane())
            event = self._match(obs, lane)
            if event is None:
                event = self._new_event(obs)
                lane.add(event)
                self.added += 1
            else:
                self._join(event, obs, lane)
                self.joined += 1
            obs.event = event
            event.sources.add(obs.source)
            if self.sha256:
                event.shas.add(self.sha256)
        self._write(batch, lanes)

    def _load_lanes(self, batch: list[_Obs]) -> dict[tuple[str, int], _Lane]:
        lanes: dict[tuple[str, int], _Lane] = {}
        parties = sorted({obs.party for obs in batch})
        lo = min(obs.at_ms for obs in batch) - _REACH_MS
        hi = max(obs.at_ms for obs in batch) + _REACH_MS
        marks = ",".join("?" * len(parties))
        rows = self.db.execute(
            f"""SELECT e.id, e.kind, e.party_id, e.at_ms, e.at_source, e.at_trust,
                       e.at_precision_s, e.direction, e.status, e.connected, e.duration, e.text,
                       (SELECT group_concat(o.source || ' ' || ifnull(o.sha256, '-'))
                        FROM observations o WHERE o.event_id = e.id)
                FROM events e
                WHERE e.owner = ? AND e.at_ms BETWEEN ? AND ? AND e.party_id IN ({marks})
                ORDER BY e.at_ms""", (self.owner, lo, hi, *parties))
        for row in rows:
            event = _Event(*row[:12])
            for item in (row[12] or "").split(","):
                if item:
                    source, sha = item.split(" ")
                    event.sources.add(source)
                    event.shas.add(sha)
            lanes.setdefault((event.kind, event.party), _Lane()).add(event)
        return lanes

    def _match(self, obs: _Obs, lane: _Lane) -> _Event | None:
        best: _Event | None = None
        best_gap = None
        for event in lane.near(obs.at_ms, _REACH_MS):
            if not self._same(obs, event):
                continue
            gap = abs(event.at_ms - obs.at_ms)
            if best_gap is None or gap < best_gap:
                best, best_gap = event, gap
        return best

    def _same(self, obs: _Obs, event: _Event) -> bool:
        """Whether ``obs`` describes ``event``."""
        gap = abs(event.at_ms - obs.at_ms)
        precision = (max(obs.precision, event.precision) - 1) * 1000  # beyond whole seconds
        same_file = self.sha256 is not None and self.sha256 in event.shas
        if obs.source == "manual" or event.sources == {"manual"}:
            return (obs.source == "manual" and event.sources == {"manual"} and gap == 0
                    and obs.direction == event.direction)
        if obs.kind == "message":
            return (obs.direction == event.direction and obs.text == event.text
                    and gap <= (0 if same_file else MESSAGE_TOLERANCE_MS))
        logged = "log" in event.sources
        recorded = "recording" in event.sources
        if obs.source == "log" and logged:
            if same_file:
                return (gap == 0 and obs.direction == event.direction
                        and obs.status == event.status and obs.duration == event.duration)
            return obs.direction == event.direction and gap <= LOG_TOLERANCE_MS + precision
        if obs.source == "log" and recorded:  # a log entry for a call known from a recording
            return (is_connected(obs.status or "", obs.duration)
                    and event.direction in ("unknown", obs.direction)
                    and gap <= RECORDING_TOLERANCE_MS + precision)
        if obs.source == "recording" and logged and not recorded:
            return (bool(event.connected) and obs.direction in ("unknown", event.direction)
                    and gap <= RECORDING_TOLERANCE_MS + precision)
        return False

    def _new_event(self, obs: _Obs) -> _Event:
        event_id, self.next_id = self.next_id, self.next_id + 1
        connected = None
        if obs.kind == "call":
            connected = int(is_connected(obs.status or "", obs.duration))
        event = _Event(event_id, obs.kind, obs.party, obs.at_ms, obs.at_source, obs.at_trust,
                       obs.precision, obs.direction, obs.status, connected, obs.duration,
                       obs.text, new=True)
        event.note = obs.note
        return event

    def _join(self, event: _Event, obs: _Obs, lane: _Lane) -> None:
        if obs.source == "recording":
            event.connected = 1
            if not event.duration and obs.duration:
                event.duration = obs.duration
            event.dirty = True
        elif obs.source == "log" and "log" not in event.sources:
            # a call log is the authority on when, which way and how a call went
            if obs.at_ms != event.at_ms:
                lane.move(event, obs.at_ms)
            event.at_source, event.at_trust, event.precision = (obs.at_source, obs.at_trust,
                                                                obs.precision)
            event.direction, event.status = obs.direction, obs.status
            event.connected = 1  # it was recorded
            if obs.duration:
                event.duration = obs.duration
            event.dirty = True
        elif obs.source == "log" and event.duration is None and obs.duration is not None:
            event.duration = obs.duration
            event.dirty = True

    # -- writing --------------------------------------------------------------------------

    def _write(self, batch: list[_Obs], lanes: dict[tuple[str, int], _Lane]) -> None:
        new_rows, changed = [], []
        for lane in lanes.values():
            for event in lane.events:
                if event.new:
                    new_rows.append(event.row(self.owner))
                    event.new = event.dirty = False
                elif event.dirty:
                    changed.append((event.at_ms, event.at_source, event.at_trust, event.precision,
                                    event.direction, event.status, event.connected,
                                    event.duration, event.id))
                    event.dirty = False
        conn = self.db.conn
        conn.executemany(
            "INSERT INTO events (id, kind, owner, party_id, direction, at_ms, at_source, "
            "at_trust, at_precision_s, status, connected, duration, text, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new_rows)
        conn.executemany(
            "UPDATE events SET at_ms = ?, at_source = ?, at_trust = ?, at_precision_s = ?, "
            "direction = ?, status = ?, connected = ?, duration = ? WHERE id = ?", changed)
        conn.executemany(
            "INSERT INTO observations (event_id, sha256, locator, source, at_ms, precision_s, "
            "direction, status, duration, text, contact_name, date_sent_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(o.event.id, self.sha256, o.locator, o.source, o.at_ms, o.precision, o.direction,
              o.status, o.duration, o.text if o.note is None else o.note, o.contact_name,
              o.date_sent_ms)
             for o in batch if o.event is not None])
        links = [(o.event.id, sha) for o in batch if o.event is not None for sha in o.links]
        conn.executemany("INSERT OR IGNORE INTO event_links (event_id, sha256) VALUES (?, ?)",
                         links)
        self.observations += len(batch)
