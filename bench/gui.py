"""The window's speed: how fast it is up, and whether it stays responsive while importing.

Start-up. Floor: a bare PySide6 window (import QtWidgets, make a QApplication and a
QMainWindow, show it, process the first events) in a fresh Python process. Subject: the same
for Evidence Logger's window on the sample case (`evidence-logger demo`), the way a user starts
it: the app's modules, the bundled font registered, the settings, the case opened and every
page filled. Both are timed from process start to exit, offscreen. Target: subject <= 3x floor.

Stalls. The window imports 1,000 files (500 screenshots, 500 recordings, each distinct) from a
dropped folder on its worker thread, with its progress dialog, while a 5 ms timer on the UI
thread records the longest gap between two ticks. Target: the longest gap <= 100 ms (the UI
never freezes for longer). Reported as a figure, not a ratio: it is a latency, not a speed.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
import wave
from pathlib import Path

from bench.common import (ROOT, Ratio, Stall, default_workdir, interleave, markdown, missed,
                          prepare_workdir, remove)

START_TARGET = 3.0
STALL_TARGET_MS = 100.0

BARE = ("from PySide6.QtWidgets import QApplication, QMainWindow\n"
        "app = QApplication([])\nwindow = QMainWindow()\nwindow.resize(1200, 780)\n"
        "window.show()\napp.processEvents()\n")
APP = ("import sys\nfrom pathlib import Path\n"
       "from evidence_logger.gui.app import make_app, make_window\n"
       "app = make_app()\nwindow = make_window(case=Path(sys.argv[1]))\n"
       "window.show()\napp.processEvents()\nassert window.session.case is not None\n")


def sample_case(workdir: Path) -> Path:
    folder = workdir / "gui-sample-case"
    if not (folder / "case.sqlite").exists():
        from evidence_logger.demo import make_demo
        from evidence_logger.tasks import drive

        remove(folder)
        drive(make_demo(folder, lang="zh"))
    return folder


def _child(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_start(workdir: Path, rounds: int) -> Ratio:
    case = sample_case(workdir)
    _child(BARE), _child(APP, str(case))  # warm the page cache for both
    floor, (subject,) = interleave(rounds, ("bare PySide6 window", lambda: _child(BARE)),
                                   [("app window on the sample", lambda: _child(APP, str(case)))])
    return Ratio("window start-up", floor, subject, START_TARGET)


# -- stalls during an import ----------------------------------------------------------------


def build_inputs(folder: Path, count: int) -> list[Path]:
    """``count`` distinct files: PNG screenshots and 1-second WAV recordings, half each."""
    done = folder / ".built"
    if done.exists() and done.read_text() == f"{count} v2":
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    from PIL import Image, ImageDraw

    remove(folder)
    folder.mkdir(parents=True)
    for number in range(count):
        if number % 2 == 0:
            image = Image.new("RGB", (360, 640), (250, 250, 250))
            ImageDraw.Draw(image).text((20, 20 + number % 500), f"message {number}",
                                       fill=(0, 0, 0))
            image.save(folder / f"{number:04d}-Screenshot_2026-10-{1 + number % 28:02d}-12-00-"
                       f"{number % 60:02d}.png")
        else:
            buffer = io.BytesIO()
            with wave.open(buffer, "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(8000)
                out.writeframes(number.to_bytes(4, "little") * 4000)
            name = f"17100000{number % 100:03d}_20261{number % 3}{1 + number % 28:02d}" \
                   f"{number % 24:02d}{number % 60:02d}00.wav"
            (folder / f"{number:04d}-{name}").write_bytes(buffer.getvalue())
    done.write_text(f"{count} v2")
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def bench_stalls(workdir: Path, files: int) -> Stall:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer

    from evidence_logger.gui.app import make_app, make_window

    inputs = build_inputs(workdir / f"gui-import-{files}", files)
    case_folder = workdir / "gui-import-case"
    remove(case_folder)
    app = make_app()
    window = make_window()
    window.show()
    window.session.create(case_folder, name="bench", timezone="Asia/Shanghai", profile="cn")
    window.imports.show_summary = False
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    started = time.perf_counter()
    window.imports.start([inputs[0].parent], ask_owner=False)
    while window.runner.running:
        app.processEvents()
        time.sleep(0.001)
    seconds = time.perf_counter() - started
    timer.stop()
    report = window.imports.last_report
    imported = len(report.imported) if report else 0
    window.session.close()
    window.close()
    remove(case_folder)
    gaps.sort()
    return Stall("UI thread during a 1,000-file import" if files == 1000 else
                 f"UI thread during a {files:,}-file import", max(gaps),
                 gaps[int(len(gaps) * 0.99)], len(gaps), STALL_TARGET_MS,
                 f"{imported} files in {seconds:.1f} s")


def bench(workdir: Path, rounds: int, files: int = 1000) -> list:
    prepare_workdir(workdir)
    return [bench_start(workdir, rounds), bench_stalls(workdir, files)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args(argv)
    results = bench(args.workdir, args.rounds, args.files)
    print(markdown(results))
    return 1 if missed(results) else 0


if __name__ == "__main__":
    sys.exit(main())
