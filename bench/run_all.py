"""Run every benchmark, print the results as Markdown, exit 1 when a target is missed.

    .venv/bin/python -m bench.run_all            # full size: 512 MiB of recordings, 300,000 calls
                                                 # (imported, then judged by the rules)
    .venv/bin/python -m bench.run_all --quick    # small sizes, 2 rounds: a smoke run

Exit status: 0 every target met, 1 a target missed (the table says which), 2 a usage error.
The figures are also written as JSON to ``bench/results/latest.json`` (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import time
from pathlib import Path

from bench import (
    bundle,
    findings,
    frozen,
    gui,
    heavy,
    import_calls,
    import_recordings,
    ocr,
    report,
)
from bench.common import ROOT, default_workdir, markdown, missed

QUICK = {"mib": 32, "calls": 20_000, "bundle_mib": 32, "events": 2_000, "shots": 30,
         "files": 200, "timeline_calls": 30_000, "rounds": 2, "ocr_rounds": 1}
FULL = {"mib": 512, "calls": 300_000, "bundle_mib": 1024, "events": 10_000, "shots": 300,
        "files": 1000, "timeline_calls": 100_000, "rounds": 5, "ocr_rounds": 3}


def machine() -> dict[str, str]:
    return {"cpus": str(os.cpu_count()), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "system": platform.platform(),
            "date": time.strftime("%Y-%m-%d")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, 2 rounds")
    parser.add_argument("--workdir", type=Path, default=default_workdir(),
                        help="where inputs are built and kept (default: %(default)s)")
    parser.add_argument("--rounds", type=int, help="rounds of each benchmark (default 5, 2 quick)")
    parser.add_argument("--only", choices=("recordings", "calls", "findings", "heavy", "bundle",
                                           "report", "gui", "frozen", "ocr"))
    parser.add_argument("--no-memory", action="store_true", help="skip the peak RSS runs")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args(argv)
    size = dict(QUICK if args.quick else FULL)
    if args.rounds:
        size["rounds"] = args.rounds
    started = time.perf_counter()
    results = []
    if args.only in (None, "recordings"):
        results += import_recordings.bench(args.workdir, size["mib"], size["rounds"],
                                           not args.no_memory)
    if args.only in (None, "calls"):
        results += import_calls.bench(args.workdir, size["calls"], size["rounds"],
                                      not args.no_memory)
    if args.only in (None, "findings"):
        results += findings.bench(args.workdir, size["calls"], size["rounds"])
    if args.only in (None, "heavy"):  # the heavy case: findings --json and the window
        results += heavy.bench(args.workdir, size["calls"], size["rounds"])
    if args.only in (None, "bundle"):
        results += bundle.bench(args.workdir, size["bundle_mib"], size["rounds"])
    if args.only in (None, "report"):
        results += report.bench(args.workdir, size["events"], size["shots"], size["rounds"],
                                not args.no_memory)
    if args.only in (None, "gui"):
        results += gui.bench(args.workdir, size["rounds"], size["files"], size["timeline_calls"])
    if args.only in (None, "ocr"):  # 20 rendered screenshots read by the OCR engine
        results += ocr.bench(args.workdir, min(size["rounds"], size["ocr_rounds"]),
                             not args.no_memory)
    if args.only in (None, "frozen"):  # only when a frozen build is there (dev.py package)
        results += frozen.bench(args.workdir, size["rounds"])
    info = machine()
    print()
    print(f"{'Quick run' if args.quick else 'Full run'}, {size['rounds']} rounds; "
          f"{info['cpus']} CPUs, Python {info['python']}, SQLite {info['sqlite']}, "
          f"{info['system']}, {info['date']}; {time.perf_counter() - started:.0f} s in all")
    print()
    print(markdown(results))
    if figures := ocr.figures_markdown(results):
        print()
        print(figures)
    failed = missed(results)
    if failed:
        print(f"\nMissed: {', '.join(failed)}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": info, "size": size,
                                     "results": [r.as_dict() for r in results]}, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
