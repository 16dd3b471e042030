"""The collectors' contacts as columns, grouped by numpy: the same groups as a plain loop."""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np
import pytest

from evidence_logger.parties import set_party
from evidence_logger.rules import evaluate
from evidence_logger.rules.columns import Contacts, grouped
from tests.rules.test_engine import COLLECTOR, Builder


def contacts_of(rows: list[tuple[int, int, int, int]]) -> Contacts:
    ids, party, day, flags = (np.array(col, dtype=np.int64) for col in zip(*rows, strict=True))
    return Contacts(ids=ids, party=party, platform=party % 3, day=day,
                    tod_ms=np.zeros(len(ids), dtype=np.int64), flags=flags,
                    platforms=["a", "b", None], numbers={}, party_platform={})


@pytest.mark.parametrize("seed", range(5))
def test_groups_are_those_of_a_plain_loop(seed):
    rnd = random.Random(seed)
    rows = [(event, rnd.randrange(1, 9), rnd.randrange(20_000, 20_012), rnd.randrange(16))
            for event in rnd.sample(range(1, 100_000), 3_000)]  # shuffled ids
    contacts = contacts_of(rows)
    for bits, more_than in ((1, 0), (1, 40), (1 | 8, 5), (2, 0)):
        expected: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for event, party, day, flags in rows:
            if flags & bits == bits:
                expected[(party % 3, day)].append(event)
        want = {key: sorted(ids) for key, ids in expected.items() if len(ids) > more_than}
        # the groups as columns: the lists, counts and sums of all of them at once
        together = grouped(contacts, (contacts.platform, contacts.day), contacts.having(bits),
                           more_than=more_than)
        got = dict(zip(together.keys, together.lists(contacts.ids), strict=True))
        assert got == want
        assert list(got) == sorted(got)  # in the order of their keys
        assert together.counts() == [len(want[key]) for key in together.keys]
        connected_events = {event for event, _, _, flags in rows if flags & 4}
        assert together.sums(contacts.having(4)) == [
            len(connected_events.intersection(want[key])) for key in together.keys]


def test_no_rows_no_groups():
    contacts = contacts_of([(1, 1, 1, 0)])
    assert grouped(contacts, (contacts.day,), contacts.having(1)).keys == []


def test_a_collector_without_a_platform_is_counted_on_its_own(case):
    set_party(case.db, COLLECTOR, "CN", role="collector")  # no platform said
    builder = Builder(case)
    builder.calls("2026-03-02", 6)
    builder.call("2026-03-02T23:30:00")
    found = {f.rule.id: f for f in evaluate(case)}
    assert found["cn.daily-calls"].platform is None and found["cn.daily-calls"].count == 7
    assert found["cn.redial"].number == COLLECTOR and found["cn.redial"].count == 7
    assert found["cn.quiet-hours"].events == [found["cn.daily-calls"].events[-1]]
    assert len(found["cn.daily-calls"].evidence) == 7  # one file per call, each named

