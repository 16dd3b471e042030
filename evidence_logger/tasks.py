"""Long work as generators: they yield :class:`~evidence_logger.progress.Progress` (or None, a
point where they may be stopped) and return their result.

The command line drives them with :func:`drive`; the window runs the same generators on a worker
thread (:mod:`evidence_logger.gui.tasks`), cancelling by closing them.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TypeVar

P = TypeVar("P")
R = TypeVar("R")


def drive(task: Generator[P, None, R], on_progress: Callable[[P], None] | None = None) -> R:
    """Run ``task`` to the end, handing each progress report to ``on_progress``."""
    while True:
        try:
            progress = next(task)
        except StopIteration as stop:
            return stop.value
        if on_progress is not None:
            on_progress(progress)
