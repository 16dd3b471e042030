"""Every item model passes Qt's model tester, filled and empty, and sorts as the user expects."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidence_logger.case import Case
from evidence_logger.gui.models.events import EventFilter, EventsModel
from evidence_logger.gui.models.findings import FindingsModel
from evidence_logger.gui.models.parties import NUMBER_ROLE, PartiesModel
from evidence_logger.rules.engine import evaluate


def test_events_model(qtmodeltester, filled_folder):
    model = EventsModel()
    qtmodeltester.check(model)
    with Case.open(filled_folder) as case:
        model.load(case)
    qtmodeltester.check(model)
    assert model.rowCount() == model.total > 0
    model.sort(0, Qt.SortOrder.DescendingOrder)
    first, last = model.index(0, 0).data(), model.index(model.rowCount() - 1, 0).data()
    assert first >= last
    model.set_filter(EventFilter(kind="call"))
    assert all(model.index(r, 1).data() == "call" for r in range(model.rowCount()))
    qtmodeltester.check(model)


def test_parties_model(qtmodeltester, filled_folder):
    model = PartiesModel()
    qtmodeltester.check(model)
    with Case.open(filled_folder) as case:
        model.load(case)
    qtmodeltester.check(model)
    numbers = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "171 0000 0001" in numbers  # as the phone writes it
    keys = [model.index(r, 0).data(NUMBER_ROLE) for r in range(model.rowCount())]
    assert "+8617100000001" in keys  # E.164 stays in the data
    assert model.index(keys.index("+8617100000001"), 0).data(
        Qt.ItemDataRole.ToolTipRole) == "+8617100000001"
    model.sort(4, Qt.SortOrder.DescendingOrder)
    calls = [int(model.index(r, 4).data()) for r in range(model.rowCount())]
    assert calls == sorted(calls, reverse=True)


def test_findings_model(qtmodeltester, filled_folder):
    model = FindingsModel()
    qtmodeltester.check(model)
    with Case.open(filled_folder) as case:
        findings = evaluate(case)
    model.load(findings)
    qtmodeltester.check(model)
    assert model.rowCount() == len(findings)
    rule_id = model.rules()[0][0]
    model.set_rule(rule_id)
    assert model.rowCount() == sum(f.rule.id == rule_id for f in findings)


def test_suggested_collectors_are_unknown_frequent_callers(filled_folder):
    from evidence_logger.parties import set_party, suggested_collectors

    with Case.open(filled_folder) as case:
        assert "+8617100000001" not in suggested_collectors(case.db)  # already a collector
        set_party(case.db, "+8617100000001", "CN", role="unknown")
        assert "+8617100000001" in suggested_collectors(case.db, min_calls=1)
        assert "+8613800138000" not in suggested_collectors(case.db, min_calls=1)  # a relative
