"""A big case's pages are read on a worker and shown when the read comes back; a newer read
supersedes an older one; a read that fails is said on the page."""

from __future__ import annotations

import pytest

from evidence_logger.case import Case
from evidence_logger.gui import case_reader
from evidence_logger.gui.models.events import EventsModel
from evidence_logger.gui.pages.overview import OverviewPage
from evidence_logger.gui.pages.parties import PartiesPage
from evidence_logger.gui.pages.timeline import TimelinePage
from tests.gui.helpers import findings_of


@pytest.fixture
def big(monkeypatch):
    """Every case counts as big: pages read it on the worker."""
    monkeypatch.setattr(case_reader, "BIG_CASE_EVENTS", 0)


def _idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not any(p is not None and p.reads.busy for p in window.pages)
                    and not window.checklist.reads.busy, timeout=20_000)


def test_pages_of_a_big_case_are_read_on_the_worker_then_shown(window, filled_folder, qtbot,
                                                              big):
    window.session.open(filled_folder)
    overview = window.show_page(OverviewPage)
    assert overview.reads.busy  # the read is under way; the window goes on
    _idle(qtbot, window)
    assert overview.count_labels["calls_in"][1].text() != "0"
    findings_of(qtbot, window.session)
    assert overview.rules.rowCount() >= 2
    timeline = window.show_page(TimelinePage)
    assert timeline.model.total == 0 and timeline.count.text() == "Reading the case…"
    _idle(qtbot, window)
    direct = EventsModel()  # the same rows as a read on the UI thread gives
    with Case.open(filled_folder, read_only=True) as case:
        direct.load(case)
    assert timeline.model.total == direct.total > 0
    assert window.checklist.steps


def test_a_newer_read_supersedes_and_a_change_is_shown(window, filled_folder, qtbot, big):
    window.session.open(filled_folder)
    parties = window.show_page(PartiesPage)
    window.session.set_parties(["+8617100000001"], role="unknown")  # reads again at once
    _idle(qtbot, window)
    rows = {parties.model.party(r)["number"]: parties.model.party(r)["role"]
            for r in range(parties.model.rowCount())}
    assert rows["+8617100000001"] == "unknown"


def test_a_read_that_fails_is_said_on_the_page(window, filled_folder, qtbot, big, monkeypatch):
    def broken(_case):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(EventsModel, "read", staticmethod(broken))
    window.session.open(filled_folder)
    timeline = window.show_page(TimelinePage)
    qtbot.waitUntil(lambda: timeline.problem.isVisible(), timeout=20_000)
    assert "could not read the case (disk gone)" in timeline.problem.text()
