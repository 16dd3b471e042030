"""Import one file or folder into a new case in this (fresh) process; print peak RSS as JSON.

    python -m bench._child SOURCE CASE_FOLDER

``ru_maxrss`` is the high-water mark of the whole process, so it is read once after Python and
the app are loaded (the baseline) and once after the import. On Linux, ``VmHWM`` (the same
high-water mark, kept by the kernel per address space) is printed too, as a cross-check: unlike
``ru_maxrss`` it never includes the process this one was started from.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024  # bytes vs KiB


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
    start = time.perf_counter()
    with Case.create(folder, timezone="Asia/Shanghai") as case:
        report = run(case, [source])
    seconds = time.perf_counter() - start
    print(json.dumps({"baseline_mib": baseline, "peak_mib": _peak_mib(),
                      "vm_hwm_mib": _vm_hwm_mib(), "seconds": seconds,
                      "imported": len(report.imported), "problems": len(report.problems),
                      "events": sum(i.events_added for i in report.imported)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
