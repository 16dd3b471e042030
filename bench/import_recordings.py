"""Importing a folder of call recordings, against hashing and copying the same bytes.

Input: ``--mib`` MiB (default 512) of recordings named as MIUI, Huawei, vivo and BCR name them
(mp3, m4a, AMR-NB, wav; about one to eleven MiB each), built once under ``--workdir`` from a
few real encoded files; ``bench/recordings_input.py`` says how.

Floor: for every file, SHA-256 it (hashlib, 1 MiB reads) and ``shutil.copyfile`` it to a
scratch folder: hashing and copying the same bytes, as two passes, with no fsync.
Subject: ``importing.run(Case.create(new folder), [the folder])``; the case is deleted after each
round. Both run on a warm page cache; dirty pages are written back (``os.sync``) before each
timed run. Target: subject <= 2x floor (ratio of the minimums). MiB/s is reported for both.
Reported beside it, not a target: a second floor that also fsyncs every copy, as the vault does
for every original (the first floor leaves its copies in the page cache).
Memory (reported, not a target): peak RSS of the import in a fresh process for ``--mib``/8 and
``--mib`` MiB.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
from pathlib import Path

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
from bench.recordings_input import build

TARGET = 2.0


def hash_and_copy(paths: list[Path], scratch: Path, durable: bool = False) -> None:
    """The floor: SHA-256 of every file in 1 MiB reads, then a copy of it (``durable``: and an
    fsync of the copy, as the vault does)."""
    buffer = bytearray(MIB)
    view = memoryview(buffer)
    for path in paths:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            while n := f.readinto(buffer):
                digest.update(view[:n])
        digest.hexdigest()
        shutil.copyfile(path, scratch / path.name)
        if durable:
            fd = os.open(scratch / path.name, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)


def floor_once(paths: list[Path], scratch: Path, durable: bool = False) -> float:
    fresh(scratch).mkdir(parents=True)
    seconds = timed(lambda: hash_and_copy(paths, scratch, durable))
    remove(scratch)
    return seconds


def subject_once(folder: Path, count: int, case_folder: Path) -> float:
    from evidence_logger.case import Case
    from evidence_logger.importing import run

    case = Case.create(fresh(case_folder), timezone="Asia/Shanghai")
    reports = []
    seconds = timed(lambda: reports.append(run(case, [folder])))
    case.close()
    remove(case_folder)
    report = reports[0]
    if len(report.imported) != count or report.problems:
        raise RuntimeError(f"imported {len(report.imported)} of {count}: "
                           f"{[p.message('en') for p in report.problems[:5]]}")
    return seconds


# -- main -----------------------------------------------------------------------------------


def bench(workdir: Path, mib: int = 512, rounds: int = 5, memory: bool = True,
          profile_one: bool = False) -> list[Ratio | Memory]:
    workdir = prepare_workdir(workdir)
    masters = workdir / "masters"
    paths = build(workdir / f"recordings-{mib}MiB", mib, masters)
    folder = paths[0].parent
    size = warm(paths)
    print(f"recordings: {len(paths)} files, {size / MIB:.0f} MiB, {rounds} rounds", flush=True)
    scratch, case_folder = workdir / "scratch-copy", workdir / "scratch-case"
    floor, (durable, subject) = interleave(
        rounds, ("hash + copy", lambda: floor_once(paths, scratch)),
        [("hash + copy + fsync", lambda: floor_once(paths, scratch, durable=True)),
         ("import", lambda: subject_once(folder, len(paths), case_folder))])
    note = (f"{len(paths)} files, {size / MIB:.0f} MiB; MiB/s floor {size / MIB / floor.min:.0f}"
            f", import {size / MIB / subject.min:.0f}")
    results: list[Ratio | Memory] = [
        Ratio("import recordings", floor, subject, TARGET, note),
        Ratio("import recordings", durable, subject, None,
              f"against a floor that fsyncs too; {size / MIB / durable.min:.0f} MiB/s")]
    if profile_one:
        profile(lambda: subject_once(folder, len(paths), case_folder), workdir / "recordings.prof")
    if memory:
        small_mib = max(mib // 8, 1)
        small = build(workdir / f"recordings-{small_mib}MiB", small_mib, masters)
        figures = [import_in_child(p[0].parent, case_folder) for p in (small, paths)]
        results.append(Memory("import recordings", [f"{small_mib} MiB", f"{mib} MiB"],
                              [f["peak_mib"] for f in figures],
                              [f["baseline_mib"] for f in figures], None))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument("--mib", type=int, default=512, help="MiB of recordings (default 512)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-memory", action="store_true", help="skip the peak RSS runs")
    parser.add_argument("--profile", action="store_true", help="also profile one import")
    args = parser.parse_args(argv)
    results = bench(args.workdir, args.mib, args.rounds, not args.no_memory, args.profile)
    print(markdown(results))
    return 1 if missed(results) else 0


if __name__ == "__main__":
    sys.exit(main())
