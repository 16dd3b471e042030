#!/usr/bin/env python3
"""Set up and run Evidence Logger from a checkout, with nothing but Python 3.11+.

    python3 dev.py app      # set up .venv (first time) and open the app
    python3 dev.py test     # set up .venv (first time) and run every test
    python3 dev.py package  # set up .venv (first time) and build the frozen app in
                            # dist/evidence-logger/ (PyInstaller, for this system)

Extra arguments go to the app, to pytest or to PyInstaller. The virtual environment is rebuilt
only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def setup() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs before any check of the version
        sys.exit("Evidence Logger needs Python 3.11 or newer.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return python
    if not python.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("Installing Evidence Logger and its test tools ...", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                   check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e",
                    f"{ROOT}[test,package]"], check=True)
    STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "test", "package", "setup"):
        print(__doc__)
        return 2
    python = setup()
    if argv[0] == "app":
        return subprocess.call([str(python), "-m", "evidence_logger", *argv[1:]])
    if argv[0] == "test":
        return subprocess.call([str(python), "-m", "pytest", *argv[1:]], cwd=ROOT)
    if argv[0] == "package":
        return subprocess.call([str(python), "-m", "PyInstaller", "--noconfirm", "--clean",
                                "--log-level", "WARN", "--distpath", str(ROOT / "dist"),
                                "--workpath", str(ROOT / "build" / "pyinstaller"), *argv[1:],
                                str(ROOT / "packaging" / "evidence-logger.spec")], cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
