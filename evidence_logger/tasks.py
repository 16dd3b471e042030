"""Long work as generators: they yield progress and return their result.

The command line drives them with :func:`drive`; the window (issue 6) will run the same
generators on a worker thread, cancelling by closing them.
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
