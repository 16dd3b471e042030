"""Violations: each possible violation, facts first (the day, who, the calls and messages with
the quoted words, a button that plays or opens the original), what the rule says folded below
in plain words, and a way through to the events in the timeline.

Signals: ``events_requested(list)`` (event ids), ``evidence_requested(str)`` (a SHA-256).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.gui.finding_detail import FindingDetail
from evidence_logger.gui.findings_feed import findings_state
from evidence_logger.gui.models.findings import FindingsModel
from evidence_logger.gui.pages.base import Page, empty_state
from evidence_logger.gui.session import Session
from evidence_logger.i18n import N_, tr
from evidence_logger.rules.engine import Finding


class FindingsPage(Page):
    title = N_("Violations")
    icon = "violations"
    uses_findings = True
    events_requested = Signal(list)
    evidence_requested = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.model = FindingsModel(self)
        bar = QHBoxLayout()
        self.rule = QComboBox()
        self.rule.currentIndexChanged.connect(
            lambda: self.model.set_rule(self.rule.currentData() or ""))
        bar.addWidget(self.rule, 1)
        self.layout_.addLayout(bar)
        self.count_note = QLabel()
        self.count_note.setWordWrap(True)
        self.count_note.setObjectName("hint")
        self.layout_.addWidget(self.count_note)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (1, 190), (3, 90), (4, 55)):
            self.table.setColumnWidth(column, width)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.table.doubleClicked.connect(lambda _: self._show_events())

        self.detail = FindingDetail()
        self.detail.evidence_requested.connect(self.evidence_requested)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.detail, 1)
        self.events_button = QPushButton()
        self.events_button.clicked.connect(self._show_events)
        side_layout.addWidget(self.events_button)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([620, 500])
        self.empty = empty_state("")
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        self.layout_.addWidget(self.stack, 1)
        self._people: dict[str, dict[str, Any]] = {}
        self.retranslate()

    # -- data ---------------------------------------------------------------------------

    def refresh(self) -> None:
        case = self.session.case
        findings = self.session.findings()
        if case is not None and findings:
            from evidence_logger.finding_facts import people

            self._people = people(case)
        self.model.load(findings or [], self._people,
                        case.region if case is not None else "CN")
        self._fill_rules()
        # until they are in (recomputed on a worker), the page says so instead
        self.empty.setText(findings_state(self.session) or self._no_findings())
        self.stack.setCurrentIndex(0 if findings else 1)
        shown = self.current()
        if findings:
            self.table.selectRow(0)  # shows it, when it is another row
        if not findings or self.current() is shown:
            self._show_current()

    def _fill_rules(self) -> None:
        chosen = self.rule.currentData()
        self.rule.blockSignals(True)
        self.rule.clear()
        self.rule.addItem(tr("All rules ({count})", count=len(self.model._all)), "")
        for rule_id, title in self.model.rules():
            self.rule.addItem(title, rule_id)
        self.rule.setCurrentIndex(max(self.rule.findData(chosen), 0))
        self.rule.blockSignals(False)
        self.model.set_rule(self.rule.currentData() or "")

    def select_rule(self, rule_id: str) -> None:
        self.rule.setCurrentIndex(max(self.rule.findData(rule_id), 0))
        if self.model.rowCount():
            self.table.selectRow(0)

    def current(self) -> Finding | None:
        index = self.table.currentIndex()
        return self.model.finding(index.row()) if index.isValid() else None

    def _show_current(self) -> None:
        finding = self.current()
        self.events_button.setEnabled(bool(finding and finding.events))
        self.detail.show_finding(finding, self.session.case, self._people)
        self.events_button.setText(tr("Show its {count} call(s) and message(s) in the timeline",
                                      count=len(finding.events) if finding else 0))

    @staticmethod
    def _no_findings() -> str:
        return tr("No findings. Findings appear when the case has collectors' calls or messages: "
                  "import your phone's files, then mark the collectors' numbers on the Parties "
                  "page.")

    def _show_events(self) -> None:
        finding = self.current()
        if finding is not None and finding.events:
            self.events_requested.emit(list(finding.events))

    def retranslate(self) -> None:
        super().retranslate()
        self.rule.setAccessibleName(tr("Show the findings of"))
        self.table.setAccessibleName(tr("Violations"))
        self.count_note.setText(tr("Each row is one finding: a rule broken on one day by one "
                                   "creditor, or towards one person. “Calls and messages” "
                                   "counts the calls and messages it rests on."))
        self.model.retranslate()
        self.detail.retranslate()
        self.reload()
