"""The cycle collector's full walks wait for a quiet case (see gui/collector.py)."""

from __future__ import annotations

import gc

from evidence_logger.gui.collector import Collector


def test_full_walks_wait_for_quiet_and_come_back_after(qtbot):
    before = gc.get_threshold()
    collector = Collector(idle_ms=150, longest_ms=60_000)
    try:
        assert gc.get_threshold()[:2] == before[:2]  # the young generations as before
        assert gc.get_threshold()[2] > 1_000_000  # no full walk started by counting
        collector.poke()
        qtbot.wait(60)
        collector.poke()  # more news: the quiet starts again
        assert collector.collections == 0
        qtbot.waitUntil(lambda: collector.collections == 1, timeout=2_000)
        qtbot.wait(300)
        assert collector.collections == 1  # once per quiet spell, not on a clock
    finally:
        collector.stop()
    assert gc.get_threshold() == before


def test_steady_work_still_gets_a_full_walk(qtbot):
    collector = Collector(idle_ms=10_000, longest_ms=200)
    try:
        for _ in range(8):  # news every 50 ms: never quiet
            collector.poke()
            qtbot.wait(50)
        assert collector.collections >= 1
    finally:
        collector.stop()


def test_two_windows_pace_until_the_last_closes(qtbot):
    before = gc.get_threshold()
    first, second = Collector(), Collector()
    first.stop()
    assert gc.get_threshold() != before
    first.stop()  # twice is once
    assert gc.get_threshold() != before
    second.stop()
    assert gc.get_threshold() == before


def test_the_main_window_paces_and_gives_it_back(window, qtbot):
    assert gc.get_threshold()[2] > 1_000_000
    window.close()
    assert gc.get_threshold()[2] < 1_000_000


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only a walk frees it


def test_what_is_alive_when_findings_are_in_is_left_out_of_the_walks(qtbot):
    import weakref

    collector = Collector(idle_ms=10_000, longest_ms=60_000)
    try:
        young = weakref.ref(_Node())
        collector.settle()  # the young cycles go first, the rest is set aside
        assert young() is None and gc.get_freeze_count() > 0
        kept = _Node()
        collector.settle()
        frozen = gc.get_freeze_count()
        later = weakref.ref(_Node())
        collector.collect()  # a walk through what was made since: the new cycle goes
        assert later() is None and gc.get_freeze_count() == frozen
        set_aside = weakref.ref(kept)
        del kept
        collector.collect()
        assert set_aside() is not None  # a cycle set aside waits for another case
        collector.release()  # another case is opened: one walk through everything
        assert set_aside() is None and gc.get_freeze_count() == 0
        collections = collector.collections
        collector.release()  # nothing set aside: no walk
        assert collector.collections == collections
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0


def test_a_closing_window_gives_back_what_it_set_aside(qtbot):
    collector = Collector()
    collector.settle()
    assert gc.get_freeze_count() > 0
    collector.stop()
    assert gc.get_freeze_count() == 0
    collector.settle()  # stopped: no more setting aside
    assert gc.get_freeze_count() == 0


def test_the_main_window_sets_aside_when_findings_are_in(filled_window):
    assert gc.get_freeze_count() > 0  # the filled case's findings came in
    filled_window.session.close()  # another case (none): what was set aside is walked
    assert gc.get_freeze_count() == 0
