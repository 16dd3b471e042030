"""Whether a drop on the window delivered anything: no local path at all (a phone's window
hands over links the file manager cannot resolve), only paths that do not exist, or only
folders with no file inside."""

from __future__ import annotations

import os
from pathlib import Path


def nothing_arrived(paths: list[Path]) -> bool:
    """True when none of ``paths`` is a file, or a folder holding at least one file."""
    return not any(_holds_a_file(path) for path in paths)


def _holds_a_file(path: Path) -> bool:
    try:
        if path.is_file():
            return True
        if path.is_dir():
            return any(files for _root, _dirs, files in os.walk(path))
    except OSError:
        return False
    return False
