"""Import one file or folder into a new case in this (fresh) process; print peak RSS as JSON.

    python -m bench._child SOURCE CASE_FOLDER

``ru_maxrss`` is the high-water mark of the whole process, so it is read once after Python and
the app are loaded (the baseline) and once after the import. On Linux, ``VmHWM`` (the same
high-water mark, kept by the kernel per address space) is printed too, as a cross-check: unlike
``ru_maxrss`` it never includes the process this one was started from.

A large file is read by a second process (``evidence_logger.reading_process``), alive while
this one writes: its peak is added to the figure. On Linux it is its ``VmHWM``, watched while
the import runs; elsewhere ``RUSAGE_CHILDREN``, which also counts the image the child was
started from (an upper bound).
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import sys
import threading
import time
from pathlib import Path


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024  # bytes vs KiB


class ReaderPeak(threading.Thread):
    """The largest peak of the processes this one starts while it runs (the reading process)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            for child in multiprocessing.active_children():
                try:
                    with open(f"/proc/{child.pid}/status", encoding="ascii") as f:
                        for line in f:
                            if line.startswith("VmHWM:"):
                                self.peak_kib = max(self.peak_kib, int(line.split()[1]))
                except OSError:
                    pass  # gone already (its last samples were taken)

    def mib(self) -> float:
        self.done.set()
        self.join()
        if sys.platform.startswith("linux"):
            return self.peak_kib / 1024
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def _vm_hwm_mib() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def main(argv: list[str]) -> int:
    source, folder = Path(argv[0]), Path(argv[1])
    from evidence_logger.case import Case
    from evidence_logger.importing import run

    baseline = _peak_mib()
    watch = ReaderPeak()
    watch.start()
    start = time.perf_counter()
    with Case.create(folder, timezone="Asia/Shanghai") as case:
        report = run(case, [source])
    seconds = time.perf_counter() - start
    reader = watch.mib()
    # both processes are alive at once while the file is read: their peaks added is the most
    # the import can have held
    print(json.dumps({"baseline_mib": baseline, "peak_mib": _peak_mib() + reader,
                      "own_peak_mib": _peak_mib(), "reader_peak_mib": reader,
                      "vm_hwm_mib": _vm_hwm_mib(), "seconds": seconds,
                      "imported": len(report.imported), "problems": len(report.problems),
                      "events": sum(i.events_added for i in report.imported)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
