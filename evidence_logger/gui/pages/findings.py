"""Findings: each possible violation, explained with its legal source and how sure that source
is, clicking through to the events and originals it rests on.

Signals: ``events_requested(list)`` (event ids), ``evidence_requested(str)`` (a SHA-256).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.gui.labels import text_lang
from evidence_logger.gui.models.findings import FindingsModel
from evidence_logger.gui.pages.base import Page, empty_state
from evidence_logger.gui.session import Session
from evidence_logger.i18n import N_, current_language, tr
from evidence_logger.rules.engine import Finding
from evidence_logger.rules.params import show_params


class FindingsPage(Page):
    title = N_("Violations")
    icon = "violations"
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

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 70), (2, 95), (3, 170), (4, 55)):
            self.table.setColumnWidth(column, width)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.table.doubleClicked.connect(lambda _: self._show_events())

        detail = QWidget()
        side = QVBoxLayout(detail)
        side.setContentsMargins(0, 0, 0, 0)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        side.addWidget(self.text, 3)
        self.events_button = QPushButton()
        self.events_button.clicked.connect(self._show_events)
        side.addWidget(self.events_button)
        self.evidence_label = QLabel()
        side.addWidget(self.evidence_label)
        self.evidence = QListWidget()
        self.evidence.itemActivated.connect(
            lambda item: self.evidence_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        side.addWidget(self.evidence, 1)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setSizes([560, 440])
        self.empty = empty_state("")
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        self.layout_.addWidget(self.stack, 1)
        self.retranslate()

    # -- data ---------------------------------------------------------------------------

    def refresh(self) -> None:
        findings = self.session.findings()
        self.model.load(findings)
        self._fill_rules()
        self.stack.setCurrentIndex(0 if findings else 1)
        if findings:
            self.table.selectRow(0)
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
        self.evidence.clear()
        if finding is None:
            self.text.clear()
            return
        self.text.setHtml(describe(finding))
        names = self._evidence_names(finding.evidence)
        for sha in finding.evidence:
            item = QListWidgetItem(f"{names.get(sha, '')}  ({sha[:12]}…)")
            item.setData(Qt.ItemDataRole.UserRole, sha)
            item.setToolTip(sha)
            self.evidence.addItem(item)
        self.events_button.setText(tr("Show its {count} event(s) in the timeline",
                                      count=len(finding.events)))

    def _evidence_names(self, shas: list[str]) -> dict[str, str]:
        from evidence_logger.listing import evidence_names

        case = self.session.case
        return evidence_names(case, shas) if case is not None else {}

    def _show_events(self) -> None:
        finding = self.current()
        if finding is not None and finding.events:
            self.events_requested.emit(list(finding.events))

    def retranslate(self) -> None:
        super().retranslate()
        self.rule.setAccessibleName(tr("Show the findings of"))
        self.table.setAccessibleName(tr("Violations"))
        self.text.setAccessibleName(tr("What the rule says"))
        self.evidence_label.setText(tr("Originals it rests on (double-click to see one):"))
        self.evidence.setAccessibleName(tr("Originals it rests on"))
        self.empty.setText(tr("No findings. Findings appear when the case has collectors' calls "
                              "or messages: import your phone's files, then mark the "
                              "collectors' numbers on the Parties page."))
        self.model.retranslate()
        self.reload()


def describe(finding: Finding) -> str:
    """The finding as HTML: what the rule says, its source and certainty, the instance."""
    lang = text_lang()
    rule = finding.rule
    facts = []
    if finding.day:
        facts.append((tr("Day"), finding.day))
    if finding.platform:
        facts.append((tr("Creditor"), finding.platform))
    if finding.number:
        facts.append((tr("Number"), finding.number))
    if finding.count is not None:
        facts.append((tr("Count"), str(finding.count)))
    if finding.matched:
        facts.append((tr("Words found"), "、".join(finding.matched)))
    thresholds = show_params(rule.params, current_language())
    rows = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in facts)
    note = rule.text("status_note", lang)
    return (f"<h3>{escape(rule.text('title', lang))}</h3>"
            f"<p>{escape(rule.text('explanation', lang))}</p>"
            f"<p><b>{escape(tr('Source'))}:</b> {escape(rule.text('citation', lang))}<br>"
            f"<b>{escape(tr('How sure the source is'))}:</b> {escape(tr(rule.status))}"
            + (f" — {escape(note)}" if note else "") + "<br>"
            f"<b>{escape(tr('Thresholds'))}:</b> {escape(thresholds or '—')}<br>"
            f"<b>{escape(tr('Severity'))}:</b> {escape(tr(finding.severity))}</p>"
            f"<table cellpadding='3'>{rows}</table>")
