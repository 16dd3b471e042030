"""What every benchmark shares: the work folder, interleaved timing, peak RSS in a child, tables.

A speed target is a ratio: the subject (the app's code) against a floor (the least any code
could do with the same bytes), both measured in the same run on the same warm inputs. Floor and
subject runs alternate (floor first in even rounds, subject first in odd ones) so that a noisy
stretch of the machine hits both; the ratio of the minimums is the figure that counts, the ratio
of the medians shows how steady the run was.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

MIB = 1 << 20
ROOT = Path(__file__).resolve().parent.parent


def default_workdir() -> Path:
    """A fixed folder under the system's temp folder, so that built inputs are reused."""
    return Path(tempfile.gettempdir()) / "evidence-logger-bench"


def prepare_workdir(workdir: Path) -> Path:
    """Create ``workdir`` and point the app's data folder into it (the user's is never touched)."""
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / "data"
    data.mkdir(exist_ok=True)
    os.environ["EVIDENCE_LOGGER_DATA_DIR"] = str(data)
    os.environ["EVIDENCE_LOGGER_LANG"] = "en"
    os.environ.pop("EVIDENCE_LOGGER_CASE", None)
    return workdir


def fresh(path: Path) -> Path:
    """``path``, removed if it was there (a case or scratch folder of an earlier run)."""
    remove(path)
    return path


def remove(path: Path) -> None:
    if path.exists():
        for p in path.rglob("*"):  # vault originals are read-only
            if not p.is_symlink():
                p.chmod(0o755 if p.is_dir() else 0o644)
        shutil.rmtree(path)


def warm(paths: Iterable[Path]) -> int:
    """Read every file once, so that floor and subject both start from a warm page cache."""
    total = 0
    buffer = bytearray(MIB)
    for path in paths:
        with open(path, "rb") as f:
            while n := f.readinto(buffer):
                total += n
    return total


def settle() -> None:
    """Write back what an earlier run left dirty, so that it is not charged to the next run."""
    if hasattr(os, "sync"):
        os.sync()


def timed(fn: Callable[[], object]) -> float:
    settle()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@dataclass
class Runs:
    """The timings of one contender, in seconds."""

    name: str
    seconds: list[float] = field(default_factory=list)

    @property
    def min(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def interleave(rounds: int, floor: tuple[str, Callable[[], float]],
               subjects: list[tuple[str, Callable[[], float]]],
               log: Callable[[str], None] = print) -> tuple[Runs, list[Runs]]:
    """Run the floor and each subject once per round, alternating which goes first.

    Each callable does its own untimed setup and cleanup and returns the seconds it measured.
    """
    floor_runs = Runs(floor[0])
    subject_runs = [Runs(name) for name, _ in subjects]
    contenders = [(floor_runs, floor[1])] + [
        (runs, fn) for runs, (_, fn) in zip(subject_runs, subjects, strict=True)]
    for number in range(rounds):
        order = contenders if number % 2 == 0 else contenders[::-1]
        for runs, fn in order:
            seconds = fn()
            runs.seconds.append(seconds)
            log(f"  round {number + 1}/{rounds}: {runs.name:<28} {seconds:8.3f} s")
    return floor_runs, subject_runs


@dataclass
class Ratio:
    """One row of the results: subject against floor, with the target the ratio must meet."""

    bench: str
    floor: Runs
    subject: Runs
    target: float | None  # None: reported, not a target
    note: str = ""

    @property
    def ratio_min(self) -> float:
        return self.subject.min / self.floor.min

    @property
    def ratio_median(self) -> float:
        return self.subject.median / self.floor.median

    @property
    def passed(self) -> bool | None:
        return None if self.target is None else self.ratio_min <= self.target

    def as_dict(self) -> dict:
        return {"bench": self.bench, "floor": self.floor.name, "subject": self.subject.name,
                "floor_s": self.floor.seconds, "subject_s": self.subject.seconds,
                "ratio_min": self.ratio_min, "ratio_median": self.ratio_median,
                "target": self.target, "passed": self.passed, "note": self.note}


@dataclass
class Memory:
    """Peak RSS of the same import at growing input sizes; flat means the largest stays within
    ``target`` times the smallest."""

    bench: str
    sizes: list[str]  # labels, smallest first
    peaks_mib: list[float]
    baseline_mib: list[float]  # the child's peak before the import (Python and the app loaded)
    target: float | None

    @property
    def ratio(self) -> float:
        return self.peaks_mib[-1] / self.peaks_mib[0]

    @property
    def passed(self) -> bool | None:
        return None if self.target is None else self.ratio <= self.target

    def as_dict(self) -> dict:
        return {"bench": self.bench, "sizes": self.sizes, "peak_mib": self.peaks_mib,
                "baseline_mib": self.baseline_mib, "ratio": self.ratio, "target": self.target,
                "passed": self.passed}


@dataclass
class Stall:
    """The longest time the UI thread went without running its event loop during some work."""

    bench: str
    longest_ms: float
    p99_ms: float
    ticks: int
    target_ms: float | None
    note: str = ""

    @property
    def passed(self) -> bool | None:
        return None if self.target_ms is None else self.longest_ms <= self.target_ms

    def as_dict(self) -> dict:
        return {"bench": self.bench, "longest_ms": self.longest_ms, "p99_ms": self.p99_ms,
                "ticks": self.ticks, "target_ms": self.target_ms, "passed": self.passed,
                "note": self.note}


def import_in_child(source: Path, case_folder: Path) -> dict:
    """Import ``source`` into a new case in a fresh Python process; its peak RSS and figures."""
    remove(case_folder)
    command = [sys.executable, "-m", "bench._child", str(source), str(case_folder)]
    if os.name == "posix":
        # A process's ru_maxrss starts at the peak of the process image it was exec'd from,
        # i.e. this (big) benchmark process. Started by a shell that forks it, it starts at the
        # shell's few MiB instead. ("; exit" stops the shell from exec'ing the command itself.)
        command = ["/bin/sh", "-c", '"$0" "$@"; exit $?', *command]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    remove(case_folder)
    if done.returncode != 0:
        raise RuntimeError(f"import child failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(fn: Callable[[], object], out: Path) -> None:
    """Run ``fn`` once under cProfile; keep the stats in ``out`` and print the top functions."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(fn)
    profiler.dump_stats(out)
    print(f"profile of one run, kept in {out}:")
    pstats.Stats(str(out)).sort_stats("tottime").print_stats(25)


# -- output ---------------------------------------------------------------------------------


def _verdict(passed: bool | None) -> str:
    return "info" if passed is None else "ok" if passed else "**MISSED**"


def markdown(results: list[Ratio | Memory | Stall]) -> str:
    """The results as Markdown tables (speed, then memory)."""
    lines = []
    speed = [r for r in results if isinstance(r, Ratio)]
    memory = [r for r in results if isinstance(r, Memory)]
    stalls = [r for r in results if isinstance(r, Stall)]
    if speed:
        lines += [("| benchmark | floor | floor min / median (s) | subject min / median (s) "
                   "| ratio of mins | ratio of medians | target | result |"),
                  "|---|---|---|---|---|---|---|---|"]
        for r in speed:
            target = f"≤ {r.target:g}x" if r.target is not None else "—"
            note = f" ({r.note})" if r.note else ""
            lines.append(f"| {r.bench}{note} | {r.floor.name} | {r.floor.min:.2f} / "
                         f"{r.floor.median:.2f} | {r.subject.min:.2f} / {r.subject.median:.2f} "
                         f"| **{r.ratio_min:.2f}x** | {r.ratio_median:.2f}x | {target} "
                         f"| {_verdict(r.passed)} |")
    if memory:
        if lines:
            lines.append("")
        lines += [("| memory | sizes | peak RSS (MiB) | before import (MiB) | largest / smallest "
                   "| target | result |"), "|---|---|---|---|---|---|---|"]
        for m in memory:
            target = f"≤ {m.target:g}x" if m.target is not None else "—"
            lines.append(f"| {m.bench} | {' / '.join(m.sizes)} | "
                         f"{' / '.join(f'{p:.0f}' for p in m.peaks_mib)} | "
                         f"{' / '.join(f'{p:.0f}' for p in m.baseline_mib)} | "
                         f"**{m.ratio:.2f}x** | {target} | {_verdict(m.passed)} |")
    if stalls:
        if lines:
            lines.append("")
        lines += ["| responsiveness | longest UI block (ms) | typical (ms) | samples "
                  "| target | result |", "|---|---|---|---|---|---|"]
        for s in stalls:
            target = f"≤ {s.target_ms:g} ms" if s.target_ms is not None else "—"
            note = f" ({s.note})" if s.note else ""
            lines.append(f"| {s.bench}{note} | **{s.longest_ms:.0f}** | {s.p99_ms:.0f} | "
                         f"{s.ticks} | {target} | {_verdict(s.passed)} |")
    return "\n".join(lines)


def missed(results: list[Ratio | Memory | Stall]) -> list[str]:
    """The targets missed, e.g. "import calls.xml (speed)"."""
    kinds = {Memory: "memory", Stall: "responsiveness"}
    return [f"{r.bench} ({kinds.get(type(r), 'speed')})" for r in results if r.passed is False]
