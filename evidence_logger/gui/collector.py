"""Python's cycle collector, paced for a window that holds a heavy case.

Python frees most objects at once, but it also walks every container now and then to find
reference cycles, and a full walk holds the interpreter: with a case of 300,000 calls on
screen (the timeline's rows, two evaluations' findings) one took about 115 ms, and the
background work of a change of role (its findings) made enough objects to start one almost
every time, so the window froze for 100-140 ms at each change (docs/benchmarks.md, heavy
case). While a window is open the full walks are therefore not started by the count of new
objects; the young generations are still collected as usual (they are small), and the full
walk runs when the case has been quiet for :data:`IDLE_MS` (nobody is waiting for the window
then), or at the latest every :data:`LONGEST_MS` of steady work, so that memory held by
cycles is always given back.

Even a walk in a quiet spell holds the window when the borrower acts just then (one of ten
role changes in a row met one and waited 130 ms). So what is alive when new findings are in
(the case's rows, the pages, the findings: what lives as long as the case) is set aside with
:func:`gc.freeze` (:meth:`Collector.settle`), and the walks go only through what was made
since: a few milliseconds. What is set aside is still freed as soon as nothing uses it; only
a reference cycle among it would wait, and that waits only until another case is opened
(:meth:`Collector.release`: the walk through everything then, while the borrower waits for
the case anyway).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

IDLE_MS = 5_000
LONGEST_MS = 300_000
_NO_AUTOMATIC_FULL = 1 << 30  # gc's third threshold: full walks only when asked

_pacing = 0  # collectors running (a test may open several windows)
_thresholds: tuple[int, int, int] | None = None  # as they were before the first


class Collector(QObject):
    """Runs the full walk when the case is quiet; :meth:`poke` on every change of the case."""

    def __init__(self, parent: QObject | None = None, *, idle_ms: int = IDLE_MS,
                 longest_ms: int = LONGEST_MS) -> None:
        global _pacing, _thresholds
        super().__init__(parent)
        self.collections = 0
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_ms)
        self._idle.timeout.connect(self.collect)
        self._longest = QTimer(self)
        self._longest.setInterval(longest_ms)
        self._longest.timeout.connect(self.collect)
        self._longest.start()
        if _pacing == 0:
            _thresholds = gc.get_threshold()
            gc.set_threshold(_thresholds[0], _thresholds[1], _NO_AUTOMATIC_FULL)
        _pacing += 1
        self._running = True
        self._frozen = False

    def poke(self) -> None:
        """The case changed (or new data arrived): walk once it has been quiet a while."""
        if self._running:
            self._idle.start()

    def collect(self) -> None:
        self._idle.stop()
        self._longest.start()  # counts from this walk
        gc.collect()
        self.collections += 1

    def settle(self) -> None:
        """New data is in (the findings of the case as it is now): what is alive now lives
        about as long as the case, and the walks from now on leave it out."""
        if self._running:
            gc.collect(1)  # the young cycles, before they would be set aside with the rest
            gc.freeze()
            self._frozen = True

    def release(self) -> None:
        """Another case (or none) is open: what the last one left in reference cycles can go,
        in one walk through everything (the borrower is waiting for the case anyway)."""
        if self._running and self._frozen:
            gc.unfreeze()
            self._frozen = False
            self.collect()

    def stop(self) -> None:
        """The window closes: Python's own pacing again once no window paces it."""
        global _pacing
        if not self._running:
            return
        self._running = False
        self._idle.stop()
        self._longest.stop()
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        _pacing -= 1
        if _pacing == 0 and _thresholds is not None:
            gc.set_threshold(*_thresholds)
