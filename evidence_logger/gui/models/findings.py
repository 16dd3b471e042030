"""The findings page's model: one row per finding, facts first (the day, who: the creditor and
the number as the phone writes it, or for a third party the creditor and the person reached,
``闪电借 → 母亲 王秀兰``; what happened; how many calls and messages), then its severity in
colour. Filtered by rule, sortable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from evidence_logger.gui.labels import text_lang
from evidence_logger.gui.models.table import RowsModel
from evidence_logger.i18n import N_, tr
from evidence_logger.phones import as_phone_writes
from evidence_logger.rules.engine import Finding

COLUMNS = (N_("Day"), N_("Who"), N_("What happened"), N_("Calls and messages"), N_("Severity"))
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "note": 3}
SEVERITY_COLOURS = {"high": "#c62828", "medium": "#ef6c00", "low": "#9e9d24", "note": "#757575"}
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


def reached(finding: Finding) -> bool:
    """Whether the finding's number is the third party reached, not the collector."""
    return finding.rule.check == "third-party"


def who(finding: Finding, people: dict[str, dict[str, Any]] | None = None,
        region: str = "CN") -> str:
    """The creditor and the number (as the phone writes it), or for a finding about a third
    party the creditor and the person reached: ``闪电借 → 母亲 王秀兰``."""
    people = people or {}
    number = finding.number
    shown = as_phone_writes(number, region) if number else ""
    if reached(finding) and number:
        person = people.get(number, {})
        relation = finding.details.get("relation") or person.get("relation")
        name = finding.details.get("name") or person.get("name")
        whom = " ".join(p for p in (relation, name) if p) or shown
        return f"{finding.platform or tr('a collector')} → {whom}"
    return " · ".join(p for p in (finding.platform, shown) if p)


class FindingsModel(RowsModel):
    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Finding] = []
        self._rule = ""
        self.people: dict[str, dict[str, Any]] = {}
        self.region = "CN"
        self.sort_keys = (
            lambda f: (f.day or "", f.rule.id), lambda f: (self.who(f), f.day or ""),
            lambda f: (f.rule.id, f.sort_key()), lambda f: (len(f.events), f.day or ""),
            lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.sort_key()),
        )

    def load(self, findings: list[Finding], people: dict[str, dict[str, Any]] | None = None,
             region: str = "CN") -> None:
        self.beginResetModel()
        self._all = list(findings)
        self.people, self.region = people or {}, region
        self._rows = self._apply()
        self.endResetModel()

    def who(self, finding: Finding) -> str:
        return who(finding, self.people, self.region)

    def set_rule(self, rule_id: str) -> None:
        if rule_id == self._rule:
            return  # the rows are those of this rule already (a big case: 14,000 sorted)
        self.beginResetModel()
        self._rule = rule_id
        self._rows = self._apply()
        self.endResetModel()

    def rules(self) -> list[tuple[str, str]]:
        """(rule id, title) of every rule with findings, in the profile's order."""
        rules = {finding.rule.id: finding.rule for finding in self._all}
        lang = text_lang()
        return [(rule_id, rule.text("title", lang)) for rule_id, rule in rules.items()]

    def _apply(self) -> list[Finding]:
        return self.sorted_rows([f for f in self._all if not self._rule or f.rule.id == self._rule])

    def finding(self, row: int) -> Finding:
        return self._rows[row]

    def cell(self, finding: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return finding.day or ""
            if column == 1:
                return self.who(finding)
            if column == 2:
                return finding.rule.text("title", text_lang())
            if column == 3:
                return str(len(finding.events)) if finding.events else "—"
            return tr(finding.severity)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QColor(SEVERITY_COLOURS.get(finding.severity, "#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == FINDING_ROLE:
            return finding
        return None
