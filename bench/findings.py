"""Computing the findings of a big case, against three plain SQL scans of the same calls.

Input: a case built by importing the ``calls.xml`` of :mod:`bench.import_calls` (``--calls``
calls, default 300,000), with a third of its numbers marked as collectors of 20 platforms. Built
once under ``--workdir`` and reused.

Floor: three plain SQL scans of the calls: calls per day, calls per number, calls at night.
Subject: ``rules.evaluate(case)`` under the ``cn`` profile: every rule, local days and clock
times in the case's zone, each finding's events and originals.
Target: subject <= 5x floor (ratio of the minimums). Linear growth: the same subject on a case
of a third of the calls; the full case must take at most 3.6x the time of the third (3x would be
exactly linear; the slack covers the fixed costs' share shrinking).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.common import (
    Ratio,
    default_workdir,
    interleave,
    markdown,
    missed,
    prepare_workdir,
    remove,
)
from bench.import_calls import build
from evidence_logger.case import Case
from evidence_logger.db import transaction
from evidence_logger.importing import run
from evidence_logger.rules import evaluate

TARGET = 5.0
LINEAR_TARGET = 3.6

SCANS = (
    "SELECT at_ms / 86400000 AS day, count(*) FROM events WHERE kind = 'call' GROUP BY day",
    "SELECT party_id, count(*) FROM events WHERE kind = 'call' GROUP BY party_id",
    "SELECT count(*) FROM events WHERE kind = 'call' AND ((at_ms + 28800000) % 86400000 "
    ">= 79200000 OR (at_ms + 28800000) % 86400000 < 28800000)",
)


def build_case(workdir: Path, calls: int) -> Case:
    folder = workdir / f"findings-case-{calls}"
    done = folder / ".built"
    if not done.exists():
        remove(folder)
        case = Case.create(folder, timezone="Asia/Shanghai")
        report = run(case, [build(workdir / f"calls-{calls}.xml", calls)])
        if not report.complete:
            raise RuntimeError([p.message() for p in report.problems])
        with transaction(case.db):
            case.db.execute("UPDATE parties SET role = 'collector', platform = 'P' || (id % 20) "
                            "WHERE id % 3 = 0")
        case.close()
        done.write_text("ok")
    return Case.open(folder)


def scans(case: Case) -> float:
    start = time.perf_counter()
    for sql in SCANS:
        case.db.execute(sql).fetchall()
    return time.perf_counter() - start


def findings(case: Case) -> float:
    start = time.perf_counter()
    evaluate(case)
    return time.perf_counter() - start


def bench(workdir: Path, calls: int = 300_000, rounds: int = 5) -> list[Ratio]:
    workdir = prepare_workdir(workdir)
    big, small = build_case(workdir, calls), build_case(workdir, calls // 3)
    print(f"findings: {calls:,} calls, {rounds} rounds", flush=True)
    floor, (subject, third) = interleave(
        rounds, ("three SQL scans", lambda: scans(big)),
        [("findings", lambda: findings(big)),
         (f"findings, {calls // 3:,} calls", lambda: findings(small))])
    count = len(evaluate(big))
    results = [Ratio("findings", floor, subject, TARGET, f"{calls:,} calls, {count:,} findings"),
               Ratio("findings: growth", third, subject, LINEAR_TARGET,
                     f"{calls // 3:,} to {calls:,} calls; 3x is linear")]
    big.close()
    small.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument("--calls", type=int, default=300_000, help="calls (default 300000)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    results = bench(args.workdir, args.calls, args.rounds)
    print(markdown(results))
    return 1 if missed(results) else 0


if __name__ == "__main__":
    sys.exit(main())
