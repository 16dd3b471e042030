"""Findings are computed off the UI thread: a change returns at once, the pages say the findings
are being recomputed, then show the new ones; a newer change supersedes an older evaluation;
closing the case while one runs is safe."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from evidence_logger.case import Case
from evidence_logger.gui.pages.findings import FindingsPage
from evidence_logger.gui.pages.overview import OverviewPage
from evidence_logger.gui.pages.parties import PartiesPage
from evidence_logger.rules import engine
from evidence_logger.rules.counting import counted
from tests.gui.helpers import findings_of

RECOMPUTING = "Recomputing findings…"
EVALUATING = engine.evaluating  # the real one, whatever a test puts in its place


@pytest.fixture
def gate(monkeypatch) -> Iterator[threading.Event]:
    """Evaluations on the worker wait at their start until the test sets this event."""
    event = threading.Event()
    real = EVALUATING
    started: list[int] = []

    def held(case, profile=None):
        started.append(1)
        event.wait(20)
        return (yield from real(case, profile))

    monkeypatch.setattr(engine, "evaluating", held)
    event.started = started  # type: ignore[attr-defined]
    yield event
    event.set()


def _expected(folder) -> list[tuple]:
    """The findings of the case as it is on disk, computed here, as comparable tuples."""
    with Case.open(folder, read_only=True) as case:
        return [(f.rule.id, f.day, f.platform, f.number, tuple(f.events))
                for f in engine.drive(EVALUATING(case))]


def _shown(findings) -> list[tuple]:
    return [(f.rule.id, f.day, f.platform, f.number, tuple(f.events)) for f in findings]


def test_a_role_change_returns_at_once_and_the_pages_follow_the_findings(filled_window, qtbot,
                                                                         gate):
    window = filled_window
    session = window.session
    before = _shown(session.findings())
    overview = window.show_page(OverviewPage)
    assert overview.rules.rowCount() >= 2
    parties = window.show_page(PartiesPage)
    parties.select_numbers(["+8617100000002"])  # to another platform: calls counted apart
    parties.role.setCurrentIndex(parties.role.findData("collector"))
    parties.detail.setEditText("速贷宝")
    started = time.perf_counter()
    parties.apply_to_selection()  # the evaluation on the worker is held at the gate
    assert time.perf_counter() - started < 2  # returned without waiting for the findings
    assert session.findings() is None
    assert window.checklist.details["violations"].text() == RECOMPUTING
    findings = window.show_page(FindingsPage)
    assert findings.empty.text() == RECOMPUTING and findings.stack.currentIndex() == 1
    overview = window.show_page(OverviewPage)
    assert overview.rules.rowCount() == 0
    assert overview.rules_hint.text() == RECOMPUTING
    with qtbot.waitSignal(session.findings_ready, timeout=20_000):
        gate.set()
    after = session.findings()
    assert after is not None and _shown(after) != before
    assert _shown(after) == _expected(session.case.folder)
    assert overview.rules.rowCount() == len({f.rule.id for f in counted(after)}) >= 1
    assert overview.rules_hint.text() != RECOMPUTING
    assert window.checklist.details["violations"].text() != RECOMPUTING
    findings = window.show_page(FindingsPage)
    assert findings.model.rowCount() == len(after)
    assert findings.stack.currentIndex() == 0


def test_two_quick_changes_give_the_second_ones_findings_only(filled_window, qtbot, gate):
    window = filled_window
    session = window.session
    heard: list[object] = []
    session.findings_ready.connect(lambda: heard.append(session.findings()))
    session.set_parties(["+8617100000001"], role="unknown")  # held at the gate
    qtbot.waitUntil(lambda: len(gate.started) >= 1)
    session.set_parties(["+8617100000002"], role="unknown")  # supersedes it
    assert session.findings() is None
    with qtbot.waitSignal(session.findings_ready, timeout=20_000):
        gate.set()
    qtbot.wait(200)  # the first evaluation, stopped, reports nothing afterwards either
    expected = _expected(session.case.folder)  # both changes in
    assert heard and all(_shown(found) == expected for found in heard)


def test_closing_the_case_while_its_findings_are_computed_is_safe(filled_window, qtbot, gate):
    window = filled_window
    session = window.session
    heard: list[int] = []
    session.findings_ready.connect(lambda: heard.append(1))
    session.set_parties(["+8617100000001"], role="unknown")
    qtbot.waitUntil(lambda: len(gate.started) >= 1)
    session.close()
    gate.set()
    qtbot.wait(300)
    assert heard == [] and session.findings() == []
    assert window.stack.currentWidget() is window.welcome


def test_a_change_interrupts_an_evaluation_under_way_and_the_window_closes(filled_window,
                                                                           qtbot):
    """Without a gate: changes one after another while the worker runs, then the window
    closes at once; the last change's findings are the ones shown."""
    window = filled_window
    session = window.session
    for number, role in (("+8617100000001", "unknown"), ("+8617100000002", "unknown"),
                         ("+8617100000001", "collector")):
        session.set_parties([number], role=role, platform="闪电借" if role == "collector"
                            else None)
    assert _shown(findings_of(qtbot, session)) == _expected(session.case.folder)
    session.set_parties(["+8617100000002"], role="collector", platform="闪电借")
    window.close()  # stops the worker and waits for it
    assert session.case is None


def test_a_failed_evaluation_is_said_on_the_pages(filled_window, qtbot, monkeypatch):
    window = filled_window
    session = window.session

    def broken(case, profile=None):
        yield None
        raise RuntimeError("disk gone")

    monkeypatch.setattr(engine, "evaluating", broken)
    with qtbot.waitSignal(session.findings_ready, timeout=20_000):
        session.set_parties(["+8617100000001"], role="unknown")
    assert session.findings() == []
    findings = window.show_page(FindingsPage)
    assert "could not be computed (disk gone)" in findings.empty.text()
