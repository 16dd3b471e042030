"""The case's events by party and time in memory (while events_at is built again at the end):
every event within a window is found, whatever the order the events came in."""

from __future__ import annotations

import random

from evidence_logger.timeline_index import TimeIndex


def _brute(events, party, lo, hi):
    return {i for p, at, i in events if p == party and lo <= at <= hi}


def test_every_event_within_a_window_is_found_whatever_the_order():
    rng = random.Random(4)
    index = TimeIndex()
    events: list[tuple[int, int, int]] = []
    for _ in range(40):  # batches of many sizes: runs are merged as they grow
        size = rng.choice((1, 7, 100, 2000))
        rows = [(rng.randrange(50), rng.randrange(10**12, 10**12 + 10**9), len(events) + k)
                for k in range(size)]
        events += rows
        index.add(*zip(*rows, strict=True))
        windows = [(rng.randrange(50), rng.randrange(10**12, 10**12 + 10**9)) for _ in range(30)]
        found = set(index.within([p for p, _ in windows], [at - 600_000 for _, at in windows],
                                 [at + 600_000 for _, at in windows]))
        wanted = set().union(*(_brute(events, p, at - 600_000, at + 600_000)
                               for p, at in windows))
        assert found == wanted  # parties and times within range: exactly
    assert len(index) == len(events) and len(index.runs) <= 12


def test_near_is_within_the_reach_either_side():
    index = TimeIndex()
    index.add([3, 3, 3, 4], [1_000, 5_000, 9_000, 5_000], [1, 2, 3, 4])
    assert sorted(index.near([3], [5_000], 4_000)) == [1, 2, 3]
    assert sorted(index.near([3], [5_000], 3_999)) == [2]
    assert index.near([5], [5_000], 10**6) == []


def test_an_event_that_moved_is_found_at_its_new_time():
    index = TimeIndex()
    index.add([1], [10**12], [7])
    index.add([1], [10**12 + 86_400_000], [7])  # moved a day later
    assert index.near([1], [10**12 + 86_400_000], 1_000) == [7]


def test_times_and_parties_out_of_range_are_found_too_never_lost():
    """Times before 1970 or after 2109, party ids past 2^21: a window still holds them (with,
    at worst, a few others the matcher sets aside)."""
    index = TimeIndex()
    index.add([1, 1, 2**21 + 1, 2**40], [-5_000, 2**43, 50, 60], [1, 2, 3, 4])
    assert 1 in index.within([1], [-10_000], [0])
    assert 2 in index.within([1], [2**43 - 10], [2**43 + 10])
    assert 3 in index.within([2**21 + 1], [0], [100])
    assert 4 in index.within([2**40], [0], [100])
    assert index.within([7], [0], [100]) == []


def test_an_empty_index_or_no_windows_finds_nothing():
    index = TimeIndex()
    assert index.within([1], [0], [10]) == [] and index.within([], [], []) == []
    index.add([], [], [])
    assert len(index) == 0
