"""A heavy case stays fast: ``findings --json`` end to end, and a window that never waits.

Input: a case built by the real import of a ``calls.xml`` written by
:func:`bench.import_calls.build` (``--calls`` calls, default 300,000, from 200 numbers, spread
over three years, the ``<call>`` lines shuffled), then every number marked as a collector of
one of 5 platforms (as bench/findings.py marks its numbers, one ``UPDATE``). The same at a
tenth of the calls (the same 200 numbers and three years) for the growth. Built once under
``--workdir`` and reused.

Findings. Floor: a fresh Python process that opens the case's database with :mod:`sqlite3`
and runs three plain SQL scans of the calls (per day, per number, at night). Subject: a fresh
process running ``evidence-logger findings --json`` on the case, as a user would (start-up,
queries, building the findings, JSON to a pipe). Target: subject <= 3x floor (ratio of the
minimums; 2x is the aim). Growth: the same subject at a tenth of the calls (reported).

Window (offscreen, in this process), on a copy of the case. While a 5 ms timer on the UI
thread records the gaps between its ticks: open the case, show every page, then change the
role of ten numbers one after another through the session (as the Parties page does; the next
as soon as its findings are shown). Target: the longest gap <= 100 ms. Reported: the time from a
change until its findings are shown (the session's ``findings_ready``), the slowest step.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.common import (
    ROOT,
    Ratio,
    Stall,
    default_workdir,
    interleave,
    markdown,
    missed,
    prepare_workdir,
    remove,
)
from bench.import_calls import build, build_order

TARGET = 3.0
STALL_TARGET_MS = 100.0
NUMBERS = 200
PLATFORMS = 5
YEARS_MS = 3 * 365 * 86_400_000

SCANS = (
    "SELECT at_ms / 86400000 AS day, count(*) FROM events WHERE kind = 'call' GROUP BY day",
    "SELECT party_id, count(*) FROM events WHERE kind = 'call' GROUP BY party_id",
    "SELECT count(*) FROM events WHERE kind = 'call' AND ((at_ms + 28800000) % 86400000 "
    ">= 79200000 OR (at_ms + 28800000) % 86400000 < 28800000)",
)
FLOOR = ("import sqlite3, sys\n"
         "conn = sqlite3.connect(sys.argv[1])\n"
         f"for sql in {SCANS!r}:\n"
         "    conn.execute(sql).fetchall()\n")


def build_case(workdir: Path, calls: int) -> Path:
    """The heavy case of ``calls`` calls (built once; its folder)."""
    from evidence_logger.case import Case
    from evidence_logger.db import transaction
    from evidence_logger.importing import run

    folder = workdir / f"heavy-case-{calls}"
    done = folder / ".built"
    if not done.exists():
        remove(folder)
        source = build(workdir / f"heavy-calls-{calls}.xml", calls, numbers=NUMBERS,
                       spacing_ms=YEARS_MS // calls)
        shuffled = build_order(workdir, calls, "shuffled", source=source)
        print(f"importing {shuffled.name} ...", flush=True)
        with Case.create(folder, name="heavy", timezone="Asia/Shanghai") as case:
            report = run(case, [shuffled])
            if not report.complete:
                raise RuntimeError([p.message() for p in report.problems])
            with transaction(case.db):
                case.db.execute("UPDATE parties SET role = 'collector', "
                                f"platform = 'P' || (id % {PLATFORMS}) WHERE role = 'unknown'")
        done.write_text("ok")
    return folder


def _process(args: list[str], out: Path | None = None) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    with open(out or os.devnull, "wb") as sink:
        subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=sink)
    return time.perf_counter() - start


def floor_once(folder: Path) -> float:
    return _process([sys.executable, "-c", FLOOR, str(folder / "case.sqlite")])


def findings_once(folder: Path, out: Path | None = None) -> float:
    return _process([sys.executable, "-m", "evidence_logger", "--case", str(folder),
                     "findings", "--json"], out)


def bench_findings(workdir: Path, calls: int, rounds: int) -> list[Ratio]:
    big, small = build_case(workdir, calls), build_case(workdir, calls // 10)
    out = workdir / "heavy-findings.json"
    findings_once(big, out), floor_once(big)  # warm the page cache for both
    size = out.stat().st_size
    print(f"heavy findings: {calls:,} calls, {rounds} rounds", flush=True)
    floor, (subject, tenth) = interleave(
        rounds, ("three SQL scans (process)", lambda: floor_once(big)),
        [("findings --json", lambda: findings_once(big)),
         (f"findings --json, {calls // 10:,} calls", lambda: findings_once(small))])
    return [Ratio("findings --json, end to end", floor, subject, TARGET,
                  f"{calls:,} calls, {NUMBERS} collector numbers of {PLATFORMS} platforms, "
                  f"3 years, shuffled; {size / (1 << 20):.1f} MiB of JSON"),
            Ratio("findings --json: growth", tenth, subject, None,
                  f"{calls // 10:,} to {calls:,} calls; 10x is linear")]


def bench_window(workdir: Path, calls: int, changes: int = 10) -> list[Stall]:
    """The longest UI-thread gap while the window opens the case, shows every page and
    changes ``changes`` roles one after another; and how long each change's findings took."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer

    from evidence_logger.gui.app import make_app, make_window
    from evidence_logger.gui.pages import PAGES

    folder = workdir / "heavy-window-case"  # a copy: the roles it changes stay there
    remove(folder)
    shutil.copytree(build_case(workdir, calls), folder)
    app = make_app()
    window = make_window()
    window.show()
    session = window.session
    gaps: list[tuple[float, str]] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    step = ["open"]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append((now - last[0], step[0]))
        last[0] = now

    def settle(until) -> None:
        while not until():
            app.processEvents()
            time.sleep(0.001)

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    app.processEvents()
    last[0] = clock.elapsed()
    session.open(folder)
    settle(lambda: session.findings() is not None)
    for number, spec in enumerate(PAGES):
        step[0] = f"page {spec.name}"
        window.nav.setCurrentRow(number)
        pause = time.perf_counter() + 0.3
        settle(lambda pause=pause: time.perf_counter() > pause)
    settle(lambda: session.findings() is not None)
    numbers = [n for (n,) in session.case.db.execute(  # type: ignore[union-attr]
        "SELECT number FROM parties WHERE role = 'collector' ORDER BY id LIMIT ?", (changes,))]
    waits: list[float] = []
    for number, phone in enumerate(numbers):
        step[0] = f"change {number + 1}"
        started = time.perf_counter()
        session.set_parties([phone], role="third-party" if number % 2 else "unknown")
        settle(lambda: session.findings() is not None)
        waits.append((time.perf_counter() - started) * 1000)
    timer.stop()
    window.session.close()
    window.close()
    remove(folder)
    worst: dict[str, float] = {}
    for gap, during in gaps:
        worst[during] = max(worst.get(during, 0.0), gap)
    print("longest UI-thread gap during each step (ms): " + ", ".join(
        f"{during} {gap:.0f}" for during, gap in worst.items()), flush=True)
    longest, where = max(gaps)
    ordered = sorted(g for g, _ in gaps)
    waits.sort()
    return [Stall(f"UI thread: open a {calls:,}-call case, show every page, change {changes} "
                  "roles one after another (5 ms timer; typical = 99th percentile)", longest,
                  ordered[int(len(ordered) * 0.99)], len(gaps), STALL_TARGET_MS,
                  f"longest during: {where}"),
            Stall(f"findings shown after a role change ({changes} changes; typical = median)",
                  waits[-1], waits[len(waits) // 2], len(waits), None)]


def bench(workdir: Path, calls: int = 300_000, rounds: int = 5) -> list[Ratio | Stall]:
    workdir = prepare_workdir(workdir)
    results: list[Ratio | Stall] = []
    results += bench_findings(workdir, calls, rounds)
    results += bench_window(workdir, calls)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument("--calls", type=int, default=300_000, help="calls (default 300000)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("findings", "window"))
    args = parser.parse_args(argv)
    workdir = prepare_workdir(args.workdir)
    results: list[Ratio | Stall] = []
    if args.only in (None, "findings"):
        results += bench_findings(workdir, args.calls, args.rounds)
    if args.only in (None, "window"):
        results += bench_window(workdir, args.calls)
    print(markdown(results))
    return 1 if missed(results) else 0


if __name__ == "__main__":
    sys.exit(main())

