"""The PDF dossier of a large case, against reportlab laying out a bare table of the same rows.

Input (built once under ``--workdir``): a case of ``--events`` events (70% calls, 30% messages,
from 40 collector numbers of 8 platforms and 200 other numbers, over about 100 days; a tenth of
the messages carry threat words, so the lexicon rules fire) and ``--shots`` screenshots, phone
sized (1080x2340), half PNG and half JPEG, each with EXIF time; every other one has a reading (OCR
results made by hand, 24 lines with boxes), so that the dossier shows it with its text beside it
and the rest in the grid of pictures not read.

Floor: one reportlab ``Table`` of plain strings, a row per event (time, kind, number, text or
duration) and per screenshot (name, time), in the same font, laid out by a ``SimpleDocTemplate``
into a PDF file -- "a bare table of the same rows". Subject: ``report.document.build_report``
(everything: findings, chart, timeline, thumbnails, evidence list, evidence root). Target:
subject <= 3x floor (ratio of minimums over interleaved rounds).

Memory: peak RSS of ``build_report`` in a fresh process for the same events with 100 and with
300 screenshots: the larger must stay within 1.25x of the smaller (pictures are decoded one at a
time; only their small JPEG thumbnails stay, inside the PDF being written).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.common import (
    ROOT,
    Memory,
    Ratio,
    default_workdir,
    interleave,
    markdown,
    missed,
    prepare_workdir,
    remove,
)

TARGET = 3.0
MEMORY_TARGET = 1.25
SEED = 5
T0_MS = 1_767_225_600_000  # 2026-01-01 08:00 in Shanghai
THREATS = ["再不还款就爆你通讯录", "我们会上门找你家人", "你的照片会发到你单位", "今天必须还清"]


def _case_folder(workdir: Path, events: int, shots: int) -> Path:
    return workdir / f"report-case-v2-{events}-{shots}"  # v2: with screenshot readings


def build_case(workdir: Path, events: int, shots: int) -> Path:
    """The case (reused when built); returns its folder."""
    from evidence_logger.case import Case
    from evidence_logger.importing import run
    from evidence_logger.parties import set_party
    from tests.fixtures.exports import SBR_PROLOG, sbr_call, sbr_sms
    from tests.fixtures.images import make_screenshot

    folder = _case_folder(workdir, events, shots)
    if (folder / ".built").exists():
        return folder
    remove(folder)
    print(f"building a case of {events:,} events and {shots} screenshots ...", flush=True)
    rng = random.Random(SEED)
    source = workdir / f"report-input-{events}-{shots}"
    remove(source)
    (source / "shots").mkdir(parents=True)
    collectors = [f"+86171{n:08d}" for n in range(40)]
    others = [f"+86139{n:08d}" for n in range(200)]
    spacing = 100 * 86_400_000 // events
    calls, messages = [], []
    for n in range(events):
        at = T0_MS + n * spacing + rng.randint(0, spacing // 2)
        number = rng.choice(collectors) if rng.random() < 0.8 else rng.choice(others)
        if rng.random() < 0.7:
            kind = rng.choice(["1", "3", "3", "2"])
            calls.append("  " + sbr_call(n, number=number, date=str(at), type=kind,
                                         duration=str(rng.randint(5, 600) if kind == "1" else 0)))
        else:
            body = rng.choice(THREATS) if rng.random() < 0.1 else \
                f"【催收】您的借款已逾期{rng.randint(1, 90)}天，请尽快处理，编号{n}。"
            messages.append("  " + sbr_sms(n, address=number, date=str(at), body=body,
                                           date_sent=str(at - 2000)))
    (source / "calls.xml").write_text(
        SBR_PROLOG + f'<calls count="{len(calls)}">\n' + "\n".join(calls) + "\n</calls>\n",
        encoding="utf-8")
    (source / "sms.xml").write_text(
        SBR_PROLOG + f'<smses count="{len(messages)}">\n' + "\n".join(messages) + "\n</smses>\n",
        encoding="utf-8")
    zone = timezone(timedelta(hours=8))
    for n in range(shots):
        when = datetime.fromtimestamp(T0_MS / 1000 + n * 28_800, zone).replace(tzinfo=None)
        fmt = "png" if n % 2 else "jpeg"
        make_screenshot(source / "shots" / f"Screenshot_{when:%Y%m%d-%H%M%S}.{fmt[:3]}",
                        when=when, fmt=fmt, size=(1080, 2340), text=f"催收截图 {n}")
    with Case.create(folder, name="大案件", timezone="Asia/Shanghai") as case:
        report = run(case, [source])
        if not report.complete:
            raise RuntimeError([p.message() for p in report.problems])
        for n, number in enumerate(collectors):
            set_party(case.db, number, "CN", role="collector", platform=f"平台{n % 8 + 1}")
        _read_half(case)
    remove(source)
    (folder / ".built").write_text("ok")
    return folder


def _read_half(case) -> None:  # type: ignore[no-untyped-def]
    """Store a reading of every other screenshot, as OCR would have (no engine needed)."""
    from evidence_logger.db import transaction
    from evidence_logger.ocr.engine import EngineInfo
    from evidence_logger.ocr.page import Box, OcrLine, PageText, ScreenReading
    from evidence_logger.ocr.store import save, waiting

    info = EngineInfo("rapidocr (bench)", "PP-OCR (bench)")
    with transaction(case.db):
        for n, item in enumerate(waiting(case.db)):
            if n % 2:
                continue
            lines = tuple(OcrLine(f"{THREATS[k % 4]}，第{k}行", Box(60, 200 + k * 80, 900,
                                                                 250 + k * 80), 0.95)
                          for k in range(24))
            save(case.db, item, info, PageText(1080, 2340, lines), ScreenReading(kind="chat"),
                 read_at_ms=T0_MS, meta={"unplaced": [], "times": []})


def floor_once(folder: Path, out: Path) -> float:
    """Lay out one bare table of the case's rows (read before the clock starts)."""
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from evidence_logger import listing
    from evidence_logger.case import Case
    from evidence_logger.report.fonts import REGULAR, register

    register()
    with Case.open(folder) as case:
        rows = [[e["at"], e["kind"], e["number"],
                 e.get("text") or str(e.get("duration") or "")] for e in listing.events(case)]
        rows += [[e["name"], e["at"] or "", "", ""] for e in listing.evidence(case)
                 if e["kind"] == "image"]
    start = time.perf_counter()
    grid = Table(rows, repeatRows=0)
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                              ("FONTSIZE", (0, 0), (-1, -1), 7)]))
    SimpleDocTemplate(str(out), initialFontName=REGULAR).build([grid])
    return time.perf_counter() - start


def subject_once(folder: Path, out: Path) -> float:
    from evidence_logger.case import Case
    from evidence_logger.report.document import build_report

    with Case.open(folder) as case:
        start = time.perf_counter()
        build_report(case, out, lang="zh")
        return time.perf_counter() - start


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(folder: Path, out: Path) -> None:
    """Build the report in this (fresh) process; print peak RSS before and after as JSON."""
    from evidence_logger.case import Case
    from evidence_logger.report.document import build_report

    with Case.open(folder) as case:
        baseline = _peak_mib()
        start = time.perf_counter()
        build_report(case, out, lang="zh")
        print(json.dumps({"baseline_mib": baseline, "peak_mib": _peak_mib(),
                          "seconds": time.perf_counter() - start,
                          "pdf_mib": out.stat().st_size / (1 << 20)}))


def report_in_child(folder: Path, out: Path) -> dict:
    command = [sys.executable, "-m", "bench.report", "--child", str(folder), str(out)]
    if os.name == "posix":  # see bench.common.import_in_child: start from a small process
        command = ["/bin/sh", "-c", '"$0" "$@"; exit $?', *command]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"report child failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(workdir: Path, events: int = 10_000, shots: int = 300, rounds: int = 5,
          memory: bool = True) -> list[Ratio | Memory]:
    workdir = prepare_workdir(workdir)
    folder = build_case(workdir, events, shots)
    out, scratch = workdir / "bench-report.pdf", workdir / "bench-report-floor.pdf"
    print(f"report: {events:,} events, {shots} screenshots, {rounds} rounds", flush=True)
    floor, (subject,) = interleave(rounds, ("bare table", lambda: floor_once(folder, scratch)),
                                   [("build_report", lambda: subject_once(folder, out))])
    pages = out.stat().st_size / (1 << 20)
    results: list[Ratio | Memory] = [Ratio(
        "report", floor, subject, TARGET,
        f"{events:,} events, {shots} screenshots; PDF {pages:.1f} MiB")]
    out.unlink(missing_ok=True)
    scratch.unlink(missing_ok=True)
    if memory:
        sizes = [shots // 3, shots]
        figures = [report_in_child(build_case(workdir, events, n), out) for n in sizes]
        out.unlink(missing_ok=True)
        results.append(Memory("report", [f"{n} screenshots" for n in sizes],
                              [f["peak_mib"] for f in figures],
                              [f["baseline_mib"] for f in figures], MEMORY_TARGET))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--shots", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-memory", action="store_true", help="skip the peak RSS runs")
    parser.add_argument("--child", nargs=2, type=Path, metavar=("CASE", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    results = bench(args.workdir, args.events, args.shots, args.rounds, not args.no_memory)
    print(markdown(results))
    return 1 if missed(results) else 0


if __name__ == "__main__":
    sys.exit(main())
