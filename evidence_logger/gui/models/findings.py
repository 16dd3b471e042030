"""The findings page's model: one row per finding (a rule broken on a day, by a creditor or a
number), filtered by rule, sortable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from evidence_logger.gui.labels import text_lang
from evidence_logger.i18n import N_, tr
from evidence_logger.rules.engine import Finding

COLUMNS = (N_("Severity"), N_("Rule"), N_("Day"), N_("Creditor or number"), N_("Count"))
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "note": 3}
SEVERITY_COLOURS = {"high": "#c62828", "medium": "#ef6c00", "low": "#9e9d24", "note": "#757575"}
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def who(finding: Finding) -> str:
    parts = [p for p in (finding.platform, finding.number) if p]
    return " · ".join(parts)


SORT_KEYS = (
    lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.sort_key()),
    lambda f: (f.rule.id, f.sort_key()), lambda f: (f.day or "", f.rule.id),
    lambda f: (who(f), f.day or ""), lambda f: (f.count or 0, f.day or ""),
)


class FindingsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Finding] = []
        self._rows: list[Finding] = []
        self._rule = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None

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
        rows = [f for f in self._all if not self._rule or f.rule.id == self._rule]
        if self._sort is not None:
            column, order = self._sort
            rows.sort(key=SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        return rows

    def finding(self, row: int) -> Finding:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        finding = self._rows[index.row()]
        column = index.column()
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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._rows.sort(key=SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(COLUMNS) - 1))
