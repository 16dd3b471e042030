"""The frozen app's entry point (PyInstaller): the same as the ``evidence-logger`` command."""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    # A windowed build (Windows) has no console: give print() and logging somewhere to write.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    # a large export is read by a second process of this program (reading_process): when this
    # run is that process, it reads and exits here, before the app is loaded
    multiprocessing.freeze_support()
    from evidence_logger.cli import main

    sys.exit(main())
