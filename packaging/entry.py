"""The frozen app's entry point (PyInstaller): the same as the ``evidence-logger`` command."""

import os
import sys

from evidence_logger.cli import main

if __name__ == "__main__":
    # A windowed build (Windows) has no console: give print() and logging somewhere to write.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    sys.exit(main())
