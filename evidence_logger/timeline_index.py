"""The case's events by party and time, held in memory while a large import out of time order
writes without the ``events_at`` index.

A file whose rows are not in time order lands its events all over ``events_at`` (at_ms,
party_id): for 300,000 events that costs about twice what writing them in order does, where
building the index again in one sorted pass (``CREATE INDEX``) costs a third of it. So
:class:`~evidence_logger.timeline.EventSink`, when a large import turns out to be out of order
in a case that holds few events before it, drops the index (inside the import's transaction: a
failure or a cancel rolls the drop back with everything else), builds it again before the
commit, and in between asks this index the questions the matcher asked ``events_at``: which
events lie within a window of time of a party.

Each event is one 64-bit key, the party (mod 2^21) above the time (clipped to 0 .. 2^42 ms,
1970 to 2109). Both maps keep order, so a window's key range holds every event the window holds,
and at most a few more (another party, a clipped time), which the matcher then sets aside as it
does any event out of reach. Keys are kept in sorted runs, merged as they grow (as a binary
counter carries), so adding n events costs O(n log n) in all and a look-up one binary search per
run. An event that moves is added again at its new time; its old key only brings it in as a
candidate now and then. 16 bytes an event (4.6 MiB for 300,000), where ``events_at`` itself
would have needed a page cache of 16 MiB to be written at all quickly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import numpy as np

Ints: TypeAlias = "Sequence[int] | np.ndarray"

_PARTY_SHIFT = 42
_TIME_MAX = (1 << _PARTY_SHIFT) - 1
_PARTIES = (1 << (63 - _PARTY_SHIFT)) - 1  # party ids are taken modulo 2^21


def _keys(parties: Ints, at_ms: Ints) -> np.ndarray:
    who = np.asarray(parties, dtype=np.int64) & _PARTIES
    return (who << _PARTY_SHIFT) | np.clip(np.asarray(at_ms, dtype=np.int64), 0, _TIME_MAX)


class TimeIndex:
    """Event ids by (party, time); see the module's text."""

    __slots__ = ("runs",)

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted keys, their event ids)

    def __len__(self) -> int:
        return sum(len(keys) for keys, _ in self.runs)

    def add(self, parties: Ints, at_ms: Ints, ids: Ints) -> None:
        """Note events ``ids`` at (party, at_ms)."""
        if not len(ids):
            return
        keys = _keys(parties, at_ms)
        order = np.argsort(keys, kind="stable")
        self.runs.append((keys[order], np.asarray(ids, dtype=np.int64)[order]))
        while len(self.runs) > 1 and len(self.runs[-2][0]) <= 2 * len(self.runs[-1][0]):
            (keys_b, ids_b), (keys_a, ids_a) = self.runs.pop(), self.runs.pop()
            keys = np.concatenate((keys_a, keys_b))
            order = np.argsort(keys, kind="stable")
            self.runs.append((keys[order], np.concatenate((ids_a, ids_b))[order]))

    def near(self, parties: Ints, at_ms: Ints, reach_ms: int) -> list[int]:
        """The ids of events within ``reach_ms`` of each (party, time) (see :meth:`within`)."""
        times = np.asarray(at_ms, dtype=np.int64)
        return self.within(parties, times - reach_ms, times + reach_ms)

    def within(self, parties: Ints, lo_ms: Ints, hi_ms: Ints) -> list[int]:
        """The ids of events of ``parties[i]`` between ``lo_ms[i]`` and ``hi_ms[i]`` (both
        included), for every i; now and then an event just outside (see the module)."""
        if not len(parties) or not self.runs:
            return []
        low, high = _keys(parties, lo_ms), _keys(parties, hi_ms)
        found: list[int] = []
        for keys, ids in self.runs:
            start = np.searchsorted(keys, low, "left")
            end = np.searchsorted(keys, high, "right")
            some = end > start
            for s, e in zip(start[some].tolist(), end[some].tolist(), strict=True):
                found.extend(ids[s:e].tolist())
        return found
