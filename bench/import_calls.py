"""Importing a big SMS Backup & Restore call log, against bare streaming XML parses of it.

Input: a ``calls.xml`` of ``--calls`` calls (default 300,000; about 230 bytes each) written with
the test fixtures' ``sbr_call``: about 2,000 distinct collector-like numbers (mobiles with and
without +86, landlines, 95xxx and 400 numbers, a few withheld), called with a skewed
frequency; types 1/2/3/5/6 in a realistic mix; ``contact_name`` "(Unknown)" for 97%; dates
about 37 s apart (oldest first). Built once under ``--workdir``. The same calls are also written
newest first and shuffled (a fixed seed, :data:`SHUFFLE_SEED`): the same ``<call>`` lines, only
their order differs, so each file is the same size and holds the same calls.

Floors, each a full streaming parse of the same warm file that keeps nothing:
(a) stdlib ``xml.etree.ElementTree.iterparse``, ``elem.clear()`` at every end event and the root
cleared so that memory stays flat; (b) the same with ``defusedxml.ElementTree.iterparse``
(``forbid_dtd=True``), the safe parser the importer must use.
Subject: ``importing.run(Case.create(new folder), [calls.xml])`` -- stage, hash, parse, match
and write 300,000 events -- into a fresh case each round.
Target: for each order (oldest first, newest first, shuffled), the import of that file <= 4x
floor (a) of the same file (ratio of the minimums), floor and subject interleaved per order; the
ratio to (b) is reported for the oldest-first file.
Memory target: flat. The import runs in fresh processes for ``--calls``/10, /3 and the full
count, oldest first and shuffled; peak RSS (``ru_maxrss`` after the import) of the largest must
stay within 1.5x of the smallest: the app's process, and, at the sizes where a second process
parses the file (``reading_process.PROCESS_FROM``, 8 MiB: not the smallest), both processes'
peaks added.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import defusedxml.ElementTree as DET  # noqa: N814 - the module, named as usual

from bench.common import (
    MIB,
    Memory,
    Ratio,
    default_workdir,
    fresh,
    import_in_child,
    interleave,
    markdown,
    missed,
    prepare_workdir,
    profile,
    remove,
    timed,
    warm,
)

TARGET = 4.0
MEMORY_TARGET = 1.5
SEED = 20261124
SHUFFLE_SEED = 20261201
ORDERS = ("oldest-first", "newest-first", "shuffled")
BUILD_VERSION = 1
T0_MS = 1_756_710_000_000  # 2025-09-01 15:00 in Shanghai
SPACING_MS = 37_000
TYPES = (("1", 30), ("2", 12), ("3", 38), ("5", 15), ("6", 5))  # answered, out, missed,
# rejected, blocked
SHANGHAI = ZoneInfo("Asia/Shanghai")


# -- building the export --------------------------------------------------------------------


def _numbers(rng: random.Random, count: int) -> list[str]:
    """Collector-like numbers as a phone's call log writes them."""
    mobile = ("130", "131", "132", "155", "156", "166", "170", "171", "176", "185", "186", "199")
    found: dict[str, None] = {}
    while len(found) < count:
        roll = rng.random()
        if roll < 0.55:
            number = rng.choice(mobile) + f"{rng.randrange(10**8):08d}"
        elif roll < 0.75:
            number = "+86" + rng.choice(mobile) + f"{rng.randrange(10**8):08d}"
        elif roll < 0.90:
            number = rng.choice(("010", "021", "0755", "0571", "028")) + \
                f"{rng.randrange(10**7, 10**8)}"
        elif roll < 0.96:
            number = f"400{rng.randrange(10**7):07d}"
        else:
            number = f"95{rng.randrange(100, 1000)}"
        found[number] = None
    return list(found)


def _readable(ms: int) -> str:
    t = datetime.fromtimestamp(ms / 1000, SHANGHAI)
    half = "上午" if t.hour < 12 else "下午"
    return f"{t.year}年{t.month}月{t.day}日 {half}{(t.hour % 12) or 12}:{t:%M:%S}"


def build(path: Path, calls: int, *, numbers: int = 2_000,
          spacing_ms: int = SPACING_MS) -> Path:
    """The export of ``calls`` calls from ``numbers`` numbers, ``spacing_ms`` apart on average
    (reused when already built)."""
    from tests.fixtures.exports import SBR_PROLOG, sbr_call

    manifest = path.with_suffix(".json")
    want: dict = {"version": BUILD_VERSION, "calls": calls, "seed": SEED}
    if (numbers, spacing_ms) != (2_000, SPACING_MS):  # the default's manifest stays as it was
        want |= {"numbers": numbers, "spacing_ms": spacing_ms}
    if manifest.exists() and path.exists() and \
            json.loads(manifest.read_text()) == {**want, "size": path.stat().st_size}:
        return path
    print(f"building {path.name} ({calls:,} calls) ...", flush=True)
    start = time.perf_counter()
    rng = random.Random(SEED)
    pool = _numbers(rng, numbers)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(pool))]  # a few call a lot
    names = ["张经理", "李专员", "某某借贷后", "王律师", "催收中心"]
    picks = rng.choices(pool, weights, k=calls)
    types = rng.choices([t for t, _ in TYPES], [w for _, w in TYPES], k=calls)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(SBR_PROLOG + f'<calls count="{calls}">\n')
        for n in range(calls):
            kind = types[n]
            duration = rng.randint(3, 900) if kind == "1" else \
                (rng.randint(0, 400) if kind == "2" and rng.random() < 0.6 else 0)
            at = T0_MS + n * spacing_ms + rng.randint(-4_000, 4_000)
            number, presentation = picks[n], "1"
            if rng.random() < 0.003:
                number, presentation = "-2", "2"  # withheld
            f.write("  " + sbr_call(
                n, number=number, duration=str(duration), date=str(at), type=kind,
                presentation=presentation, readable_date=_readable(at),
                contact_name=rng.choice(names) if rng.random() < 0.03 else "(Unknown)") + "\n")
        f.write("</calls>\n")
    manifest.write_text(json.dumps({**want, "size": path.stat().st_size}))
    print(f"  {path.stat().st_size / MIB:.0f} MiB in {time.perf_counter() - start:.0f} s",
          flush=True)
    return path


def build_order(workdir: Path, calls: int, order: str, *, source: Path | None = None) -> Path:
    """The export of ``calls`` calls with its ``<call>`` lines in ``order`` (one of
    :data:`ORDERS`); built from the oldest-first file (``source``, default the one of
    :func:`build`), reused when already built."""
    source = source or build(workdir / f"calls-{calls}.xml", calls)
    if order == "oldest-first":
        return source
    path = source.with_name(f"{source.stem}-{order}.xml")
    manifest = path.with_suffix(".json")
    want = {"source_size": source.stat().st_size, "order": order, "seed": SHUFFLE_SEED}
    if manifest.exists() and path.exists() and json.loads(manifest.read_text()) == want:
        return path
    print(f"writing {path.name} ...", flush=True)
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    calls_at = [n for n, line in enumerate(lines) if line.startswith("  <call ")]
    head, body, tail = lines[:calls_at[0]], lines[calls_at[0]:calls_at[-1] + 1], \
        lines[calls_at[-1] + 1:]
    if order == "newest-first":
        body.reverse()
    else:
        random.Random(SHUFFLE_SEED).shuffle(body)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.writelines(head + body + tail)
    manifest.write_text(json.dumps(want))
    return path


# -- floors and subject ---------------------------------------------------------------------


def stream_parse(path: Path, iterparse) -> int:  # ET's or defusedxml's iterparse
    """Parse the whole file, keeping nothing; returns the number of <call> elements."""
    count = 0
    events = iterparse(str(path), events=("start", "end"))
    _, root = next(events)
    for event, elem in events:
        if event == "end":
            if elem.tag == "call":
                count += 1
            elem.clear()
            root.clear()
    return count


def defused_iterparse(source, events):
    return DET.iterparse(source, events=events, forbid_dtd=True)


def floor_once(path: Path, iterparse, calls: int) -> float:
    counts = []
    seconds = timed(lambda: counts.append(stream_parse(path, iterparse)))
    if counts != [calls]:
        raise RuntimeError(f"parsed {counts} calls, expected {calls}")
    return seconds


def subject_once(path: Path, calls: int, case_folder: Path) -> float:
    from evidence_logger.case import Case
    from evidence_logger.importing import run

    case = Case.create(fresh(case_folder), timezone="Asia/Shanghai")
    reports = []
    seconds = timed(lambda: reports.append(run(case, [path])))
    case.close()
    remove(case_folder)
    report = reports[0]
    if report.problems or len(report.imported) != 1 or report.imported[0].events_added != calls:
        raise RuntimeError(f"import went wrong: {report}")
    return seconds


# -- main -----------------------------------------------------------------------------------


def bench(workdir: Path, calls: int = 300_000, rounds: int = 5, memory: bool = True,
          profile_one: bool = False, orders: tuple[str, ...] = ORDERS) -> list[Ratio | Memory]:
    """``orders``: the files to time (all three by default; the memory runs do not change)."""
    workdir = prepare_workdir(workdir)
    paths = {order: build_order(workdir, calls, order) for order in orders}
    case_folder = workdir / "scratch-case"
    results: list[Ratio | Memory] = []
    for order, path in paths.items():
        size = warm([path])
        print(f"calls ({order}): {calls:,} calls, {size / MIB:.0f} MiB, {rounds} rounds",
              flush=True)
        contenders = [("import", lambda path=path: subject_once(path, calls, case_folder))]
        if order == "oldest-first":
            contenders.insert(0, ("defusedxml iterparse",
                                  lambda path=path: floor_once(path, defused_iterparse, calls)))
        floor, subjects = interleave(
            rounds, ("ElementTree.iterparse", lambda path=path: floor_once(path, ET.iterparse,
                                                                            calls)),
            contenders)
        subject = subjects[-1]
        note = (f"{order}, {calls:,} calls, {size / MIB:.0f} MiB; "
                f"{calls / subject.min:,.0f} calls/s")
        results.append(Ratio("import calls.xml", floor, subject, TARGET, note))
        if order == "oldest-first":
            defused = subjects[0]
            results += [Ratio("import calls.xml", defused, subject, None,
                              "against the safe parser"),
                        Ratio("defusedxml vs stdlib parse", floor, defused, None)]
    if profile_one:
        profile(lambda: subject_once(paths.get("shuffled", next(iter(paths.values()))), calls,
                                     case_folder),
                workdir / "calls.prof")
    if memory:
        for order in ("oldest-first", "shuffled"):
            sizes = [calls // 10, calls // 3, calls]
            figures = [import_in_child(build_order(workdir, n, order), case_folder)
                       for n in sizes]
            results.append(Memory(f"import calls.xml ({order}), the app's process",
                                  [f"{n:,} calls" for n in sizes],
                                  [f["own_peak_mib"] for f in figures],
                                  [f["baseline_mib"] for f in figures], MEMORY_TARGET))
            # a file of reading_process.PROCESS_FROM bytes or more is parsed by a second
            # process (a fixed ~21 MiB while it runs): both processes' peaks added, at the
            # sizes that have one
            read = [(n, f) for n, f in zip(sizes, figures, strict=True) if f["reader_peak_mib"]]
            if len(read) > 1:
                results.append(Memory(f"import calls.xml ({order}), with its reading process",
                                      [f"{n:,} calls" for n, _ in read],
                                      [f["peak_mib"] for _, f in read],
                                      [f["baseline_mib"] for _, f in read], MEMORY_TARGET))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument("--calls", type=int, default=300_000, help="calls (default 300000)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-memory", action="store_true", help="skip the peak RSS runs")
    parser.add_argument("--profile", action="store_true", help="also profile one import")
    parser.add_argument("--order", action="append", choices=ORDERS,
                        help="time only this order (repeatable; default: all three)")
    args = parser.parse_args(argv)
    results = bench(args.workdir, args.calls, args.rounds, not args.no_memory, args.profile,
                    tuple(args.order or ORDERS))
    print(markdown(results))
    return 1 if missed(results) else 0


if __name__ == "__main__":
    sys.exit(main())
