"""Exporting and verifying an evidence bundle of about 1 GiB, against hashing and zipping.

Input: a case holding ``--mib`` MiB of recordings (default 1024; the inputs of
:mod:`bench.import_recordings`), imported once under ``--workdir`` and reused.

Export floor: for every original, read it, SHA-256 it and write it into a stored zip entry --
"hashing plus writing the zip". Subject: ``exporting.run_export`` (manifests, case
document, CSVs, signature, custody entry). Target: subject <= 2x floor (half the speed).

Verify floor: SHA-256 of the bundle file's bytes (1 MiB reads). Subject:
``bundle.verify.verify_bundle`` (zip safety checks, every member hashed from the zip, manifests
and signature). Target: subject <= 2x floor.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import zipfile
from pathlib import Path

from bench.common import (
    MIB,
    Ratio,
    default_workdir,
    interleave,
    markdown,
    missed,
    prepare_workdir,
    remove,
    warm,
)
from bench.recordings_input import build
from evidence_logger.bundle.verify import verify_bundle
from evidence_logger.case import Case
from evidence_logger.exporting import run_export
from evidence_logger.importing import run

TARGET = 2.0


def build_case(workdir: Path, mib: int) -> Case:
    folder = workdir / f"bundle-case-{mib}MiB"
    if not (folder / ".built").exists():
        remove(folder)
        paths = build(workdir / f"recordings-{mib}MiB", mib, workdir / "masters")
        case = Case.create(folder, timezone="Asia/Shanghai")
        report = run(case, [paths[0].parent])
        if not report.complete:
            raise RuntimeError([p.message() for p in report.problems])
        case.close()
        (folder / ".built").write_text("ok")
    return Case.open(folder)


def export_floor(case: Case, out: Path) -> float:
    originals = [case.vault.path(sha) for (sha,) in case.db.execute(
        "SELECT sha256 FROM evidence ORDER BY sha256")]
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    with zipfile.ZipFile(out, "w", allowZip64=True) as zf:
        for path in originals:
            digest = hashlib.sha256()
            with open(path, "rb") as src, zf.open(path.name, "w", force_zip64=True) as dst:
                while chunk := src.read(MIB):
                    digest.update(chunk)
                    dst.write(chunk)
    return time.perf_counter() - start


def export_subject(case: Case, out: Path) -> float:
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    run_export(case, out)
    return time.perf_counter() - start


def verify_floor(path: Path) -> float:
    start = time.perf_counter()
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(MIB):
            digest.update(chunk)
    return time.perf_counter() - start


def verify_subject(path: Path) -> float:
    start = time.perf_counter()
    verdict = verify_bundle(path)
    seconds = time.perf_counter() - start
    if verdict.status != "intact":
        raise RuntimeError(verdict.to_json())
    return seconds


def bench(workdir: Path, mib: int = 1024, rounds: int = 5) -> list[Ratio]:
    workdir = prepare_workdir(workdir)
    case = build_case(workdir, mib)
    bundle, scratch = workdir / "bench-bundle.zip", workdir / "bench-floor.zip"
    size = warm(case.vault.path(sha) for (sha,) in case.db.execute("SELECT sha256 FROM evidence"))
    print(f"bundle: {size / MIB:.0f} MiB of originals, {rounds} rounds", flush=True)
    floor, (subject,) = interleave(rounds, ("hash + write zip", lambda: export_floor(case,
                                                                                  scratch)),
                                   [("export", lambda: export_subject(case, bundle))])
    results = [Ratio("export bundle", floor, subject, TARGET,
                     f"{size / MIB:.0f} MiB; {size / MIB / subject.min:.0f} MiB/s")]
    warm([bundle])
    floor, (subject,) = interleave(rounds, ("sha256 of the zip", lambda: verify_floor(bundle)),
                                   [("verify", lambda: verify_subject(bundle))])
    results.append(Ratio("verify bundle", floor, subject, TARGET,
                         f"{bundle.stat().st_size / MIB:.0f} MiB; "
                         f"{bundle.stat().st_size / MIB / subject.min:.0f} MiB/s"))
    bundle.unlink()
    scratch.unlink()
    case.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument("--mib", type=int, default=1024, help="MiB of originals (default 1024)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    results = bench(args.workdir, args.mib, args.rounds)
    print(markdown(results))
    return 1 if missed(results) else 0


if __name__ == "__main__":
    sys.exit(main())
