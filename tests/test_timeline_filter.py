"""The filter of an import's own writes: never "surely nothing" where an event lies within reach."""

import random

from evidence_logger.timeline_filter import BUCKET_SHIFT, WriteFilter
from evidence_logger.timeline_lanes import REACH_MS


def test_every_time_within_reach_of_a_written_event_may_be_near():
    rng = random.Random(7)
    filt = WriteFilter(REACH_MS)
    written = [(rng.randrange(1, 500), rng.randrange(-10**9, 2 * 10**12)) for _ in range(5000)]
    # times right at a bucket's edge too, so that a reach crossing into the next bucket counts
    written += [(3, (k << BUCKET_SHIFT) - 1) for k in range(1, 50)]
    filt.mark([p for p, _ in written], [t for _, t in written])
    probes = [(p, t + d) for p, t in written for d in (-REACH_MS, -1, 0, 1, REACH_MS)]
    assert all(filt.maybe([p for p, _ in probes], [t for _, t in probes]))


def test_most_records_far_from_every_written_event_are_screened_out():
    rng = random.Random(8)
    filt = WriteFilter(REACH_MS)
    written = [(rng.randrange(1, 200), rng.randrange(0, 10**11)) for _ in range(20_000)]
    filt.mark([p for p, _ in written], [t for _, t in written])
    # other parties entirely: only chance hits of the hash remain
    probes = [(rng.randrange(1000, 2000), rng.randrange(0, 10**11)) for _ in range(20_000)]
    hits = sum(filt.maybe([p for p, _ in probes], [t for _, t in probes]))
    assert hits < len(probes) * 0.02


def test_an_empty_batch_asks_and_marks_nothing():
    filt = WriteFilter(REACH_MS)
    filt.mark([], [])
    assert filt.maybe([], []) == []
    assert not filt.bits.any()
