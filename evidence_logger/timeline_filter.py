"""A fixed-size filter of the (party, time) pairs an import has written, for a file out of order.

:class:`~evidence_logger.timeline.EventSink` looks up, for each record of a batch, the case's
events within reach of it. A record far from the events the case held before the import can
only meet events this import wrote (or moved there), and in a file out of time order most records
are far from every one of them: this filter answers "surely nothing near" for those without a
query. It holds bits of hashed (party, time bucket) pairs: a bucket (2^19 ms, 8.7 min) is wider
than a whole window, so the times within reach of an event touch at most two buckets; both are
set when the event is written, and a record then asks for its own bucket only. 2^24 bits (2 MiB,
whatever the file's size) keep chance hits near 4 % at 300,000 events. It answers a whole batch
at once (numpy), so screening costs next to nothing against the look-ups it saves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

BUCKET_SHIFT = 19
BITS = 1 << 24
_SHIFT = np.uint64(64 - 24)  # the top 24 bits of a 64-bit multiplicative hash
_P = np.uint64(0x9E3779B97F4A7C15)
_B = np.uint64(0xC2B2AE3D27D4EB4F)
_SEVEN = np.uint64(7)
_THREE = np.uint64(3)


def _keys(parties: np.ndarray, buckets: np.ndarray) -> np.ndarray:
    """The bit of each (party, bucket) pair (uint64 arithmetic wraps, as a hash should)."""
    return ((parties.astype(np.uint64) * _P) ^ (buckets.astype(np.uint64) * _B)) >> _SHIFT


class WriteFilter:
    """Bits of the (party, time bucket) pairs of events written; see the module's text."""

    __slots__ = ("bits", "reach")

    def __init__(self, reach_ms: int) -> None:
        self.bits = np.zeros(BITS // 8, dtype=np.uint8)
        self.reach = reach_ms

    def mark(self, parties: Sequence[int], at_ms: Sequence[int]) -> None:
        """Note events written at (party, at_ms): the buckets of the times within reach."""
        if not parties:
            return
        who = np.asarray(parties, dtype=np.int64)
        times = np.asarray(at_ms, dtype=np.int64)
        low = (times - self.reach) >> BUCKET_SHIFT
        high = (times + self.reach) >> BUCKET_SHIFT
        crossing = high != low
        keys = np.concatenate((_keys(who, low), _keys(who[crossing], high[crossing])))
        np.bitwise_or.at(self.bits, (keys >> _THREE).astype(np.intp),
                         np.left_shift(1, (keys & _SEVEN).astype(np.uint8)).astype(np.uint8))

    def maybe(self, parties: Sequence[int], times: Sequence[int]) -> list[bool]:
        """For each record at (party, at_ms): whether an event written may lie within reach
        (False: surely none)."""
        if not parties:
            return []
        keys = _keys(np.asarray(parties, dtype=np.int64),
                     np.asarray(times, dtype=np.int64) >> BUCKET_SHIFT)
        hit = (self.bits[(keys >> _THREE).astype(np.intp)]
               >> (keys & _SEVEN).astype(np.uint8)) & 1
        return hit.astype(bool).tolist()
