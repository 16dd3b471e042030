"""The timeline's events of one party in memory, and which records need the matcher.

:class:`Lane` holds the events of one kind with one party, sorted by time, for the matcher of
:class:`~evidence_logger.timeline.EventSink`; :func:`split` tells the records of a batch that
are events of their own for certain (written the fast way) from those the matcher decides.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter

from evidence_logger.matching import (
    MANUAL,
    MESSAGES,
    RECORDING_TOLERANCE_MS,
    SCREEN,
    Event,
    Obs,
    same,
)

REACH_MS = RECORDING_TOLERANCE_MS + 60_000  # the widest window, precision included


class Lane:
    """The events of one kind with one party, sorted by time."""

    __slots__ = ("events", "keys")

    def __init__(self) -> None:
        self.keys: list[int] = []
        self.events: list[Event] = []

    def add(self, event: Event) -> None:
        i = bisect_right(self.keys, event.at_ms)
        self.keys.insert(i, event.at_ms)
        self.events.insert(i, event)

    def move(self, event: Event, at_ms: int) -> None:
        i = bisect_left(self.keys, event.at_ms)
        while self.events[i] is not event:
            i += 1
        del self.keys[i], self.events[i]
        event.at_ms = at_ms
        self.add(event)

    def near(self, at_ms: int, reach: int = REACH_MS) -> list[Event]:
        keys = self.keys
        return self.events[bisect_left(keys, at_ms - reach):
                           bisect_right(keys, at_ms + reach)]


def split(batch: list[Obs], lanes: dict[tuple[bool, int], Lane]
          ) -> tuple[list[Obs], list[Obs]]:
    """``(fresh, rest)``: records that are events of their own for certain (no event within
    reach accepts them, no record that one accepts within twice the reach: a join moves its
    event there; no identical record), written fast, and the rest, for the matcher. Only a
    batch of one source and one time claim is split (its records join this file's events
    only when identical); anything else goes to the matcher whole."""
    first = batch[0]
    source = first.source
    if source in (MANUAL, SCREEN) or len(
            {(obs.source, obs.rec.time_source, obs.rec.time_trust) for obs in batch}) > 1:
        return [], batch
    messages = source == MESSAGES
    recs = [obs.rec for obs in batch]
    keys: list[tuple | None] = (
        [(obs.party, rec.at_ms, rec.direction, rec.text)
         for obs, rec in zip(batch, recs, strict=True)] if messages else
        [(obs.party, rec.at_ms, rec.direction, rec.status, rec.duration)
         for obs, rec in zip(batch, recs, strict=True)])
    if lanes:
        joining: dict[int, list[int]] = {}  # party -> times of records an event accepts
        doubted: list[int] = []  # records every event near them turned down
        for n, obs in enumerate(batch):
            lane = lanes.get((messages, obs.party))
            if lane is None or not (near := lane.near(at_ms := recs[n].at_ms)):
                continue
            if any(same(obs, event) for event in near):
                keys[n] = None  # it joins one: the matcher decides which
                joining.setdefault(obs.party, []).append(at_ms)
            else:
                doubted.append(n)
        for times in joining.values():
            times.sort()
        for n in doubted:  # near a joining record: the matcher, in the batch's order
            at_ms = recs[n].at_ms
            times = joining.get(batch[n].party, [])
            i = bisect_left(times, at_ms - 2 * REACH_MS)
            if i < len(times) and times[i] <= at_ms + 2 * REACH_MS:
                keys[n] = None  # (an identical record has the same party and time: it too)
    if len(set(keys)) == len(keys) and None not in keys:
        return batch, []  # the usual case: every record an event of its own
    # identical rows are one event: the matcher joins them (identical rows have the same
    # party and time, so either all of them or none has something near)
    counts = Counter(keys)
    fresh = [obs for obs, key in zip(batch, keys, strict=True)
             if key is not None and counts[key] == 1]
    rest = [obs for obs, key in zip(batch, keys, strict=True)
            if key is None or counts[key] > 1]
    return fresh, rest
