"""The findings page's model: one row per finding (a rule broken on a day, by a creditor or a
number), filtered by rule, sortable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from evidence_logger.gui.labels import text_lang
from evidence_logger.gui.models.table import RowsModel
from evidence_logger.i18n import N_, tr
from evidence_logger.rules.engine import Finding

COLUMNS = (N_("Severity"), N_("Rule"), N_("Day"), N_("Creditor or number"), N_("Count"))
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "note": 3}
SEVERITY_COLOURS = {"high": "#c62828", "medium": "#ef6c00", "low": "#9e9d24", "note": "#757575"}
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1



def who(finding: Finding) -> str:
    parts = [p for p in (finding.platform, finding.number) if p]
    return " · ".join(parts)


SORT_KEYS = (
    lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.sort_key()),
    lambda f: (f.rule.id, f.sort_key()), lambda f: (f.day or "", f.rule.id),
    lambda f: (who(f), f.day or ""), lambda f: (f.count or 0, f.day or ""),
)


class FindingsModel(RowsModel):
    columns = COLUMNS
    sort_keys = SORT_KEYS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Finding] = []
        self._rule = ""

    def load(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self._all = list(findings)
        self._rows = self._apply()
        self.endResetModel()

    def set_rule(self, rule_id: str) -> None:
        self.beginResetModel()
        self._rule = rule_id
        self._rows = self._apply()
        self.endResetModel()

    def rules(self) -> list[tuple[str, str]]:
        """(rule id, title) of every rule with findings, in the profile's order."""
        seen: dict[str, str] = {}
        for finding in self._all:
            seen.setdefault(finding.rule.id, finding.rule.text("title", text_lang()))
        return list(seen.items())

    def _apply(self) -> list[Finding]:
        return self.sorted_rows([f for f in self._all if not self._rule or f.rule.id == self._rule])

    def finding(self, row: int) -> Finding:
        return self._rows[row]

    def cell(self, finding: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return tr(finding.severity)
            if column == 1:
                return finding.rule.text("title", text_lang())
            if column == 2:
                return finding.day or ""
            if column == 3:
                return who(finding)
            return "" if finding.count is None else str(finding.count)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QColor(SEVERITY_COLOURS.get(finding.severity, "#000000"))
        if role == FINDING_ROLE:
            return finding
        return None
