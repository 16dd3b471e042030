"""Turning what files say into one timeline of calls and messages, each counted once.

Every record an importer reads becomes an *observation* (what one original says about one
event). Observations of the same real call or message are joined into one *event*, by the rules of
:mod:`evidence_logger.matching` (which statements are of one event).

Matching runs in batches: one query fetches, for each party of a batch, only the events within
reach of that party's records (:mod:`timeline_near`: the batch's time windows, merged per
party, joined to the ``events_at`` index on time and party), so what is looked at depends on the
records, not on how far apart in time a batch's rows lie: a file in any order costs the same. A
record far from the events the case held before the import can only meet the import's own
events; a fixed-size filter of those (made only for a file out of time order) screens its window
before any look-up. Matching happens in memory over sorted lists; records with nothing near them
and no identical twin in the batch are written through one narrow temporary table from which
``INSERT ... SELECT`` fills ``events`` and ``observations``, the others through the general
matcher. Memory stays bounded by the batch (and the filter's fixed 2 MiB), whatever the file's
size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlite_utils

from evidence_logger import timeline_near
from evidence_logger.db import event_span, raise_page_cache
from evidence_logger.matching import (
    CARRIER,
    LOG,
    MANUAL,
    MESSAGES,
    RECORDING,
    SCREEN,
    SOURCE_BITS,
    Event,
    Obs,
    bits,
    connected_flag,
    is_message,
    same,
)
from evidence_logger.parties import PartyIds
from evidence_logger.phones import normalize
from evidence_logger.records import CallRecord, MessageRecord
from evidence_logger.timeline_lanes import REACH_MS, Lane, split

if TYPE_CHECKING:
    from evidence_logger.timeline_filter import WriteFilter
    from evidence_logger.timeline_index import TimeIndex

BATCH = 2_000
_FILTER_FROM = BATCH // 16  # records of a batch to screen before the filter is worth making
# the most events a case may hold before an import for that import to write without events_at
# (see timeline_index): building the index again costs about a microsecond an event of the case
DEFER_INDEX_UP_TO = 100_000


_STAGE = """CREATE TEMP TABLE IF NOT EXISTS timeline_stage (
    event_id INTEGER, new INTEGER, kind TEXT, party_id INTEGER, direction TEXT, at_ms INTEGER,
    at_source TEXT, at_trust TEXT, precision_s INTEGER, status TEXT, connected INTEGER,
    duration REAL, text TEXT, note TEXT, locator TEXT, source TEXT, contact_name TEXT,
    date_sent_ms INTEGER)"""
_FRESH = """CREATE TEMP TABLE IF NOT EXISTS timeline_fresh (
    party_id INTEGER, direction TEXT, at_ms INTEGER, precision_s INTEGER DEFAULT 1,
    status TEXT, duration REAL, text TEXT, locator TEXT, contact_name TEXT, date_sent_ms INTEGER)"""
_SOURCE_NAMES = {bit: name for name, bit in SOURCE_BITS.items()}
# a carrier's rows are stored as observations of a log (the schema's sources); what makes them a
# carrier's is their original's format (carrier-calls), read back in timeline_near
_SOURCE_NAMES[CARRIER] = "log"


class EventSink:
    """Receives one original's records (or manual entries) and writes them into the timeline.

    Use inside the transaction that records the original; call :meth:`flush` before it commits.
    """

    def __init__(self, db: sqlite_utils.Database, *, owner: str, region: str,
                 evidence_id: int | None, cache_kib: int | None = None,
                 defer_index: bool = False) -> None:
        """``cache_kib``: the page cache the sink may raise SQLite's to when it makes its filter
        (a large file out of time order), inside the caller's :func:`db.page_cache_kept`.
        ``defer_index``: such a file may be written without ``events_at``, built again by
        :meth:`finish`, which the caller then must call before it commits."""
        self.db = db
        self.cache_kib = cache_kib
        self.owner = owner
        self.region = region
        self.evidence_id = evidence_id
        self.parties = PartyIds.for_db(db)
        self.by_written: dict[str, int] = {}  # numbers as written -> party id
        self.pending: list[Obs] = []
        self.next_id = db.execute("SELECT ifnull(max(id), 0) + 1 FROM events").fetchone()[0]
        self.added = 0  # new events
        self.joined = 0  # observations that joined an existing event
        self.observations = 0
        self.has_carrier = timeline_near.has_carrier(db, evidence_id)
        self.candidates = 0  # events of the case read as possible matches (see _load_lanes)
        # the times the case's events span (this import's included), or None when it has none
        self.span: tuple[int, int] | None = event_span(db)
        # the times the case's events spanned before this import: a record more than the reach
        # outside it can only meet events this import wrote or moved there, which seen knows
        self.before: tuple[int, int] | None = self.span
        self.first_id = self.next_id  # this import's events are numbered from here
        # the (party, time bucket) of every event this sink wrote and every event outside
        # `before`, as bits of a fixed-size filter; made by _filter when a batch has many records
        # to screen (never for a file in time order, or a file of one batch), then kept up to
        # date
        self.seen: WriteFilter | None = None
        self.defer_index = defer_index
        # while events_at is dropped: the case's events by party and time, and the index's SQL
        self.index: TimeIndex | None = None
        self.index_sql: str | None = None
        self.without_index = False  # whether this import wrote without events_at
        db.execute(_STAGE)

    # -- input ----------------------------------------------------------------------------

    def party_for(self, number: str, contact_name: str | None = None,
                  region: str | None = None) -> int:
        """The party of ``number`` as written; ``region``: the country a number without +
        belongs to, when the record says (else the case's)."""
        written = number if region is None else f"{region} {number}"
        party = self.by_written.get(written)  # a file writes its numbers the same way each time
        if party is None:
            party = self.by_written[written] = self.parties.get(
                normalize(number, region or self.region), contact_name)
        return party

    def add_call(self, rec: CallRecord, *, source: str = "log",
                 links: tuple[int, ...] = ()) -> None:
        party = self.by_written.get(rec.number) if rec.region is None else None
        if party is None:
            party = self.party_for(rec.number, rec.contact_name, rec.region)
        pending = self.pending
        pending.append(Obs(SOURCE_BITS[source], party, rec, links))
        if len(pending) >= BATCH:
            self.flush()

    def add_message(self, rec: MessageRecord, *, links: tuple[int, ...] = (),
                    source: str = "messages") -> None:
        self.pending.append(Obs(SOURCE_BITS[source], self.party_for(rec.number,
                                                                    rec.contact_name), rec, links))
        if len(self.pending) >= BATCH:
            self.flush()

    def add_manual_call(self, *, number: str, at_ms: int, direction: str,
                        duration: float | None, note: str | None) -> None:
        status = ("outgoing" if direction == "out"
                  else "answered" if duration else "missed")
        rec = CallRecord("entered by the borrower", number, at_ms, direction, status, duration,
                         time_source="user", time_trust="medium")
        self.pending.append(Obs(MANUAL, self.party_for(number), rec, note=note))
        if len(self.pending) >= BATCH:
            self.flush()

    # -- matching -------------------------------------------------------------------------

    def finish(self) -> None:
        """Write what is pending and build ``events_at`` again if it was dropped."""
        self.flush()
        if self.index_sql is not None:
            self.db.execute(self.index_sql)
            self.index = self.index_sql = None

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        lanes = self._load_lanes(batch)
        fresh, batch = self._split(batch, lanes)
        if fresh:
            self._write_fresh(fresh)
        if not batch:
            return
        for obs in batch:
            key = (is_message(obs), obs.party)
            lane = lanes.get(key)
            if lane is None:
                lane = lanes[key] = Lane()
                event = None
            else:
                event = self._match(obs, lane)
            if event is None:
                event = self._new_event(obs)
                lane.add(event)
                self.added += 1
            else:
                self._join(event, obs, lane)
                self.joined += 1
            obs.event = event
            event.sources |= bits(obs)
            event.mine = self.evidence_id is not None
        self._write(batch, lanes)

    def _load_lanes(self, batch: list[Obs]) -> dict[tuple[bool, int], Lane]:
        """The case's events that any record of ``batch`` could join, in lanes.

        Each party's record times are turned into windows of :data:`REACH_MS` either side,
        merged where they overlap (and left out where the case has no event), and one query
        joins them to ``events_at`` (at_ms, party_id): only rows of events of that party inside
        a window are read, whatever the batch's spread in time."""
        lanes: dict[tuple[bool, int], Lane] = {}
        times = [obs.rec.at_ms for obs in batch]
        # a screenshot's times may be good to the minute or the day only: its reach is wider
        reach = max([REACH_MS] + [obs.rec.time_precision_s * 1000 for obs in batch
                                   if obs.source == SCREEN])
        span, first, last = self.span, min(times), max(times)
        self.span = (first, last) if span is None else (min(span[0], first), max(span[1], last))
        if span is None:
            return lanes  # the case has no event yet
        # windows outside the span of the case's events need no look-up (a file in order)
        start, end = span[0] - reach, span[1] + reach
        inside = [(obs.party, at_ms) for obs, at_ms in zip(batch, times, strict=True)
                  if start <= at_ms <= end]
        seen, before = self.seen, self.before
        lo_before, hi_before = ((before[0] - REACH_MS, before[1] + REACH_MS)
                                if before is not None else (0, -1))
        if seen is None and self.index is None and sum(
                1 for _, at_ms in set(inside) if not lo_before <= at_ms <= hi_before
        ) >= _FILTER_FROM:  # many to screen (a file out of time order)
            if not self._drop_index():  # then the index in memory answers exactly
                seen = self._filter()
        if self.index is not None:  # in memory and exact: each record asks for itself
            ids: list[int] = []
            if inside:
                parties, at = zip(*inside, strict=True)
                ids = self.index.near(parties, at, reach)
            if not ids:
                return lanes
            rows = timeline_near.named(self.db.conn, ids, self.owner, self.has_carrier)
        else:
            if seen is not None and inside:  # only events this import wrote or moved can be
                # near a record outside `before`: ask the filter first
                parties, at = zip(*inside, strict=True)
                inside = [pair for pair, maybe in zip(inside, seen.maybe(parties, at),
                                                      strict=True)
                          if maybe or lo_before <= pair[1] <= hi_before]
            windows = timeline_near.windows(inside, reach)
            if not windows:
                return lanes
            rows = timeline_near.within(self.db.conn, windows, self.owner, self.has_carrier)
        self.candidates += timeline_near.into_lanes(rows, lanes, self.evidence_id)
        return lanes

    def _match(self, obs: Obs, lane: Lane) -> Event | None:
        best: Event | None = None
        best_gap = 0
        at_ms = obs.rec.at_ms
        reach = (REACH_MS if obs.source != SCREEN
                 else max(REACH_MS, obs.rec.time_precision_s * 1000))
        for event in lane.near(at_ms, reach):
            if same(obs, event):
                gap = abs(event.at_ms - at_ms)
                if best is None or gap < best_gap:
                    best, best_gap = event, gap
        return best

    def _new_event(self, obs: Obs) -> Event:
        event_id, self.next_id = self.next_id, self.next_id + 1
        rec = obs.rec
        if is_message(obs):
            return Event(event_id, "message", obs.party, rec.at_ms, rec.time_source,
                          rec.time_trust, rec.time_precision_s, rec.direction, None, None, None,
                          rec.text, new=True)
        return Event(event_id, "call", obs.party, rec.at_ms, rec.time_source, rec.time_trust,
                      rec.time_precision_s, rec.direction, rec.status,
                      connected_flag(rec.status, rec.duration), rec.duration, None, new=True)

    def _join(self, event: Event, obs: Obs, lane: Lane) -> None:
        rec = obs.rec
        if obs.source == RECORDING:
            event.connected = 1
            if not event.duration and rec.duration:
                event.duration = rec.duration
            event.dirty = True
        elif event.sources == SCREEN and obs.source != SCREEN:
            # known from a screenshot only: the export, log or carrier's record is the authority
            if rec.at_ms != event.at_ms:
                lane.move(event, rec.at_ms)
            event.at_source, event.at_trust = rec.time_source, rec.time_trust
            event.precision = rec.time_precision_s
            event.direction = rec.direction
            if is_message(obs):
                event.text = rec.text if rec.text is not None else event.text
            else:
                event.status, event.duration = rec.status, rec.duration
                event.connected = 1 if obs.source == CARRIER else connected_flag(
                    rec.status, rec.duration)
            event.dirty = True
        elif obs.source == LOG and not event.sources & LOG:
            # a call log is the authority on when, which way and how a call went
            if rec.at_ms != event.at_ms:
                lane.move(event, rec.at_ms)
            event.at_source, event.at_trust = rec.time_source, rec.time_trust
            event.precision = rec.time_precision_s
            event.direction, event.status = rec.direction, rec.status
            event.connected = 1  # it was recorded
            if rec.duration:
                event.duration = rec.duration
            event.dirty = True
        elif (obs.source == MESSAGES and event.at_source == "carrier"
              and rec.time_source != "carrier"):
            # the phone's message joins the carrier's row: its text, its time
            if rec.at_ms != event.at_ms:
                lane.move(event, rec.at_ms)
            event.at_source, event.at_trust = rec.time_source, rec.time_trust
            event.text = rec.text
            event.dirty = True
        elif obs.source == CARRIER:
            if not event.sources & (LOG | CARRIER):  # known from a recording only
                if rec.at_ms != event.at_ms:
                    lane.move(event, rec.at_ms)
                event.at_source, event.at_trust = rec.time_source, rec.time_trust
                event.precision = rec.time_precision_s
                event.direction, event.status = rec.direction, rec.status
            if event.duration is None and rec.duration is not None:
                event.duration = rec.duration
            event.connected = 1  # the carrier bills connected calls only
            event.dirty = True
        elif obs.source == LOG and event.duration is None and rec.duration is not None:
            event.duration = rec.duration
            event.dirty = True

    # -- writing --------------------------------------------------------------------------

    def _split(self, batch: list[Obs], lanes: dict[tuple[bool, int], Lane]
               ) -> tuple[list[Obs], list[Obs]]:
        """``(fresh, rest)``: see :func:`timeline_lanes.split`."""
        return split(batch, lanes)

    def _drop_index(self) -> bool:
        """Go on without ``events_at`` (see :mod:`timeline_index`) when the caller allows it
        and the case held few events before this import; whether it did."""
        if not self.defer_index or self.db.execute(
                "SELECT count(*) FROM events WHERE id < ?",
                (self.first_id,)).fetchone()[0] > DEFER_INDEX_UP_TO:
            return False
        row = self.db.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND "
                              "name = 'events_at'").fetchone()
        if row is None:
            return False
        from evidence_logger.timeline_index import TimeIndex  # numpy, for large files only

        index = TimeIndex()
        events = self.db.conn.execute("SELECT party_id, at_ms, id FROM events")
        for rows in iter(lambda: events.fetchmany(50_000), []):
            index.add(*zip(*rows, strict=True))
        self.db.execute("DROP INDEX events_at")
        self.index, self.index_sql, self.without_index = index, row[0], True
        return True

    def _filter(self) -> WriteFilter:
        """Make the filter of this import's writes (see :mod:`timeline_filter`): this import's
        events so far (a range of ids) and the case's events outside ``before`` (moved there by
        this import), read once; the writers mark what they write from then on."""
        from evidence_logger.timeline_filter import WriteFilter  # numpy, for large files only

        self.seen = WriteFilter(REACH_MS)
        if self.cache_kib:  # its inserts will land all over events_at: room for the index
            raise_page_cache(self.db, self.cache_kib)
        written = self.db.conn.execute(
            "SELECT party_id, at_ms FROM events WHERE id >= ?1 UNION ALL "
            "SELECT party_id, at_ms FROM events INDEXED BY events_at WHERE at_ms < ?2 "
            "AND id < ?1 UNION ALL "
            "SELECT party_id, at_ms FROM events INDEXED BY events_at WHERE at_ms > ?3 "
            "AND id < ?1",
            (self.first_id, *(self.before or (0, -1))))
        for rows in iter(lambda: written.fetchmany(50_000), []):
            self.seen.mark(*zip(*rows, strict=True))
        return self.seen

    def _mark_written(self, parties: list[int], at_ms: list[int], ids: Sequence[int]) -> None:
        """Tell the filter or the index in memory (whichever this import keeps) where events
        were written or moved to."""
        if self.seen is not None:
            self.seen.mark(parties, at_ms)
        if self.index is not None:
            self.index.add(parties, at_ms, ids)

    def _write_fresh(self, batch: list[Obs]) -> None:
        """Write records that are each an event of their own (see :meth:`_split`): one
        narrow temporary table, then one ``INSERT ... SELECT`` into each table."""
        first = batch[0]
        source, claim = first.source, (first.rec.time_source, first.rec.time_trust)
        messages = source == MESSAGES
        rows: list[tuple[Any, ...]] = (
            [(obs.party, (rec := obs.rec).direction, rec.at_ms, rec.text, rec.locator,
              rec.contact_name, rec.date_sent_ms) for obs in batch] if messages else
            [(obs.party, (rec := obs.rec).direction, rec.at_ms, rec.time_precision_s,
              rec.status, rec.duration, rec.locator, rec.contact_name) for obs in batch])
        if self.seen is not None or self.index is not None:
            self._mark_written([obs.party for obs in batch], [obs.rec.at_ms for obs in batch],
                               range(self.next_id, self.next_id + len(batch)))
        conn = self.db.conn
        conn.execute(_FRESH)
        conn.execute("DELETE FROM temp.timeline_fresh")  # rowids start at 1 again
        if messages:
            conn.executemany("INSERT INTO temp.timeline_fresh (party_id, direction, at_ms, text, "
                             "locator, contact_name, date_sent_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             rows)
        else:
            conn.executemany("INSERT INTO temp.timeline_fresh (party_id, direction, at_ms, "
                             "precision_s, status, duration, locator, contact_name) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        first_id = self.next_id
        conn.execute(
            "INSERT INTO events (id, kind, owner, party_id, direction, at_ms, at_source, "
            "at_trust, at_precision_s, status, connected, duration, text) "
            "SELECT ?1 + rowid - 1, ?2, ?3, party_id, direction, at_ms, ?4, ?5, precision_s, "
            "status, CASE WHEN ?2 = 'message' THEN NULL WHEN status IN "
            "('answered', 'external', 'recorded') OR (status = 'outgoing' AND duration > 0) "
            "THEN 1 ELSE 0 END, duration, text FROM temp.timeline_fresh",
            (first_id, "message" if messages else "call", self.owner, *claim))
        conn.execute(
            "INSERT INTO observations (event_id, evidence_id, locator, source, at_ms, "
            "precision_s, direction, status, duration, text, contact_name, date_sent_ms) "
            "SELECT ?1 + rowid - 1, ?2, locator, ?3, at_ms, precision_s, direction, status, "
            "duration, text, contact_name, date_sent_ms FROM temp.timeline_fresh",
            (first_id, self.evidence_id, _SOURCE_NAMES[source]))
        links = [(first_id + n, ev) for n, obs in enumerate(batch) for ev in obs.links]
        conn.executemany("INSERT OR IGNORE INTO event_links (event_id, evidence_id) "
                         "VALUES (?, ?)", links)
        self.next_id = first_id + len(batch)
        self.added += len(batch)
        self.observations += len(batch)

    def _write(self, batch: list[Obs], lanes: dict[tuple[bool, int], Lane]) -> None:
        conn = self.db.conn
        changed = [(e.at_ms, e.at_source, e.at_trust, e.precision, e.direction, e.status,
                    e.connected, e.duration, e.text, e.id)
                   for lane in lanes.values() for e in lane.events if e.dirty and not e.new]
        if self.seen is not None or self.index is not None:  # new events, and events that moved
            marked = [e for lane in lanes.values() for e in lane.events if e.dirty or e.new]
            self._mark_written([e.party for e in marked], [e.at_ms for e in marked],
                               [e.id for e in marked])
        rows, own = [], []
        for n, obs in enumerate(batch, 1):
            e, rec = obs.event, obs.rec
            assert e is not None
            rows.append((e.id, e.new, e.kind, e.party, e.direction, e.at_ms, e.at_source,
                         e.at_trust, e.precision, e.status, e.connected, e.duration, e.text,
                         obs.note, rec.locator, _SOURCE_NAMES[obs.source], rec.contact_name,
                         getattr(rec, "date_sent_ms", None)))
            e.new = e.dirty = False
            # what this original says, where it differs from the event as written
            message = is_message(obs)
            if message:
                said = (rec.at_ms, rec.time_precision_s, rec.direction, None, None, rec.text)
            else:
                said = (rec.at_ms, rec.time_precision_s, rec.direction, rec.status,
                        rec.duration, None)
            if said != (e.at_ms, e.precision, e.direction, e.status, e.duration,
                        e.text if message else None):
                own.append((*said, n))
        conn.execute("DELETE FROM temp.timeline_stage")
        conn.executemany(
            "INSERT INTO temp.timeline_stage (rowid, event_id, new, kind, party_id, direction, "
            "at_ms, at_source, at_trust, precision_s, status, connected, duration, text, note, "
            "locator, source, contact_name, date_sent_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(n, *row) for n, row in enumerate(rows, 1)])
        conn.execute(
            "INSERT INTO events (id, kind, owner, party_id, direction, at_ms, at_source, "
            "at_trust, at_precision_s, status, connected, duration, text, note) "
            "SELECT event_id, kind, ?, party_id, direction, at_ms, at_source, at_trust, "
            "precision_s, status, connected, duration, text, note "
            "FROM temp.timeline_stage WHERE new", (self.owner,))
        conn.executemany(
            "UPDATE temp.timeline_stage SET at_ms = ?, precision_s = ?, direction = ?, "
            "status = ?, duration = ?, text = ? WHERE rowid = ?", own)
        conn.execute(
            "INSERT INTO observations (event_id, evidence_id, locator, source, at_ms, "
            "precision_s, direction, status, duration, text, contact_name, date_sent_ms) "
            "SELECT event_id, ?, locator, source, at_ms, precision_s, direction, status, "
            "duration, coalesce(note, text), contact_name, date_sent_ms "
            "FROM temp.timeline_stage", (self.evidence_id,))
        conn.executemany(
            "UPDATE events SET at_ms = ?, at_source = ?, at_trust = ?, at_precision_s = ?, "
            "direction = ?, status = ?, connected = ?, duration = ?, text = ? WHERE id = ?",
            changed)
        links = [(o.event.id, ev) for o in batch if o.event is not None for ev in o.links]
        conn.executemany("INSERT OR IGNORE INTO event_links (event_id, evidence_id) "
                         "VALUES (?, ?)", links)
        self.observations += len(batch)
