"""The Qt binding itself: PySide6 6.12.0 dropped a reference to ``True`` on every signal
emitted from Python, so a long session crashed ("deallocating True or False"). pyproject
excludes that release; this test catches any other release with the same fault."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    ping = Signal()


def test_emitting_a_signal_keeps_the_reference_count_of_true(qapp):
    sender = _Sender()
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(200):
        sender.ping.emit()
    gc.collect()
    assert sys.getrefcount(True) >= before - 5
