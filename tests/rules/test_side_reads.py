"""The contacts and the originals' pairs are read on a second connection while the facts table
is made (rules/side_reads.py): the findings are the same as read on the case's connection, a
transaction's uncommitted rows are seen, and a second connection that cannot read costs
nothing but the time."""

from __future__ import annotations

import sqlite3

from evidence_logger.case import Case
from evidence_logger.db import transaction
from evidence_logger.parties import set_party
from evidence_logger.rules import evaluate, side_reads
from tests.rules.test_engine import COLLECTOR, Builder


def _filled(case) -> Builder:
    set_party(case.db, COLLECTOR, "CN", role="collector", platform="某某借")
    builder = Builder(case)
    builder.calls("2026-03-02", 7)
    builder.call("2026-03-02T23:30:00")
    builder.call("2026-03-03T06:10:00", owner="13800000000")
    builder.message("2026-03-03T09:00:00", "再不还钱就上门")
    return builder


def _json(found) -> list:
    return [f.to_json("en") for f in found]


def test_read_apart_or_on_the_one_connection_the_findings_are_the_same(case, monkeypatch):
    _filled(case)
    started: list[int] = []
    real_start = side_reads.start

    def start(case_: Case) -> side_reads.SideReads:
        started.append(1)
        return real_start(case_)

    monkeypatch.setattr(side_reads, "start", start)
    apart = evaluate(case)
    assert started and {f.rule.id for f in apart} >= {"cn.daily-calls", "cn.quiet-hours"}
    assert all(f.evidence for f in apart if f.events)
    monkeypatch.setattr(side_reads, "start", lambda c: side_reads.SideReads(None))
    assert _json(evaluate(case)) == _json(apart)


def test_inside_a_transaction_what_it_has_not_committed_counts(case):
    builder = _filled(case)
    before = {f.rule.id: f.count for f in evaluate(case)}
    with transaction(case.db):
        sink = builder._sink("self")
        from evidence_logger.records import CallRecord

        sink.add_call(CallRecord("late", COLLECTOR, builder.ms("2026-03-02T23:45:00"), "in",
                                 "missed", 0.0))
        sink.flush()
        inside = {f.rule.id: f.count for f in evaluate(case)}
    assert inside["cn.daily-calls"] == (before["cn.daily-calls"] or 0) + 1


def test_a_second_connection_that_cannot_read_costs_only_time(case, monkeypatch):
    _filled(case)
    expected = _json(evaluate(case))

    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(side_reads.sqlite3, "connect", refuse)
    assert _json(evaluate(case)) == expected


def test_a_dropped_evaluation_stops_its_side_read(case, monkeypatch):
    """A newer change drops an evaluation half-way: a read it started apart is interrupted,
    not left to hold a core."""
    import time

    from evidence_logger.rules.engine import evaluating

    _filled(case)
    endless = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
               "SELECT count(*), NULL, NULL, NULL FROM n")
    monkeypatch.setattr(side_reads.columns, "query", lambda db: endless)
    started: list[side_reads.SideReads] = []
    real_start = side_reads.start

    def start(case_: Case) -> side_reads.SideReads:
        started.append(real_start(case_))
        return started[-1]

    monkeypatch.setattr(side_reads, "start", start)
    task = evaluating(case)
    next(task)
    reads = started[0]
    deadline = time.monotonic() + 10
    while reads.connection is None and time.monotonic() < deadline:
        time.sleep(0.01)  # its thread has opened its connection and is reading
    assert reads.connection is not None
    task.close()
    assert reads._future is not None
    error = reads._future.exception(timeout=10)
    assert isinstance(error, sqlite3.OperationalError) and "interrupt" in str(error)
