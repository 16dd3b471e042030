"""The frozen app (PyInstaller onedir, ``python3 dev.py package``): start-up, size, build time.

Start-up. Floor: the installed package's window, ``python -m evidence_logger --case SAMPLE``
from the venv, timed from process start to the window's first paint (the app ends itself there
when EVIDENCE_LOGGER_EXIT_AT_FIRST_PAINT is set). Subject: the frozen executable with the same
arguments. Offscreen, the sample case, warm page cache. Target (ours): the frozen window is up in
at most 1.5x the venv's time, since a user who installs the app should not wait longer than a
developer does.

Size. The onedir's size on disk, what takes the space (the largest parts), and, when
``packaging/build_installer.py`` has made it, the Linux archive. Aim (issue 10): the archive
under 200 MB. Reported, not timed.

Build time. With ``--build``: ``python3 dev.py package`` (a clean PyInstaller build) and the
archive, timed once each. Reported.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT, Ratio, default_workdir, interleave, markdown, prepare_workdir
from bench.gui import sample_case

START_TARGET = 1.5
ARCHIVE_AIM_MB = 200
DIST = ROOT / "dist"
EXE = DIST / "evidence-logger" / ("evidence-logger.exe" if os.name == "nt" else "evidence-logger")


def _first_paint(command: list[str]) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EVIDENCE_LOGGER_EXIT_AT_FIRST_PAINT="1")
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120)
    return time.perf_counter() - start


def bench_start(workdir: Path, rounds: int) -> Ratio:
    case = str(sample_case(workdir))
    venv = [sys.executable, "-m", "evidence_logger", "--case", case]
    frozen = [str(EXE), "--case", case]
    _first_paint(venv), _first_paint(frozen)  # warm the page cache for both
    floor, (subject,) = interleave(
        rounds, ("venv window (first paint)", lambda: _first_paint(venv)),
        [("frozen window (first paint)", lambda: _first_paint(frozen))])
    return Ratio("frozen window start-up", floor, subject, START_TARGET)


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def sizes() -> list[tuple[str, float]]:
    """(what, MB): the onedir, its largest parts, the archive if built."""
    onedir = EXE.parent
    internal = onedir / "_internal"
    parts = {
        "ffmpeg (imageio-ffmpeg's binary)": internal / "imageio_ffmpeg",
        "Qt libraries (PySide6/Qt/lib)": internal / "PySide6" / "Qt" / "lib",
        "Qt plugins": internal / "PySide6" / "Qt" / "plugins",
        "Qt's Chinese translations": internal / "PySide6" / "Qt" / "translations",
        "PySide6 bindings": internal / "PySide6",
        "fonts (Noto Sans SC, 2 faces)": internal / "evidence_logger" / "resources" / "fonts",
        "Python and its standard library": internal / "base_library.zip",
        "cryptography + Cryptodome": internal / "cryptography",
        "Pillow": internal / "PIL",
    }
    rows = [("onedir in all", _size(onedir) / 1e6)]
    qt = internal / "PySide6"
    for name, path in parts.items():
        if not path.exists():
            continue
        size = _size(path)
        if path == qt:  # the bindings alone, without Qt's own files counted above
            size -= _size(qt / "Qt")
        rows.append((f"  {name}", size / 1e6))
    for archive in sorted(DIST.glob("evidence-logger-*-linux-*.tar.gz")):
        rows.append((f"archive {archive.name}", archive.stat().st_size / 1e6))
    return rows


def build_times() -> list[tuple[str, float]]:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "dev.py"), "package"], check=True, cwd=ROOT)
    built = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build_installer.py")], check=True,
                   cwd=ROOT)
    return [("python3 dev.py package (clean)", built),
            ("packaging/build_installer.py (Linux archive)", time.perf_counter() - started)]


def bench(workdir: Path, rounds: int, build: bool = False) -> list[Ratio]:
    prepare_workdir(workdir)
    timings = build_times() if build else []
    if not EXE.is_file():
        print(f"No frozen build at {EXE}: run python3 dev.py package (or pass --build).")
        return []
    result = bench_start(workdir, rounds)
    print()
    for what, seconds in timings:
        print(f"| build | {what} | {seconds:.0f} s |")
    for what, mb in sizes():
        aim = f" (aim < {ARCHIVE_AIM_MB} MB)" if what.startswith("archive") else ""
        print(f"| size | {what} | {mb:.1f} MB{aim} |")
    return [result]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--build", action="store_true", help="build first, and time the build")
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    args = parser.parse_args(argv)
    results = bench(args.workdir, args.rounds, args.build)
    print()
    print(markdown(results))
    return 0 if all(r.passed is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
