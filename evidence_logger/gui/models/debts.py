"""The debts page's model: each debt the borrower entered, with its annual rate checked against
the legal cap (4 x the one-year LPR in force at the contract date) by the same code as the
dossier (:mod:`evidence_logger.interest`). Every row is the borrower's own statement."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from evidence_logger.debts import list_debts
from evidence_logger.gui.models.table import RowsModel
from evidence_logger.i18n import N_, current_language, tr
from evidence_logger.interest import LENDER_NAMES, cap_of, verdict
from evidence_logger.rules.engine import Finding
from evidence_logger.rules.profile import Profile, Rule

log = logging.getLogger(__name__)

COLUMNS = (N_("Platform or lender"), N_("Principal"), N_("Annual rate"), N_("Contract date"),
           N_("Lender type"), N_("One-year LPR"), N_("Cap"), N_("Verdict"), N_("Note"))
VERDICT_COLUMN = 7
ABOVE_ROLE = Qt.ItemDataRole.UserRole + 1  # True when the rate is above the cap



class DebtsModel(RowsModel):
    columns = COLUMNS

    """Debts with their cap; :meth:`load` takes the case, its profile and the findings."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rule: Rule | None = None
        self._findings: dict[int, Finding] = {}

    def load(self, case: Any, profile: Profile | None = None,
             findings: list[Finding] | None = None) -> None:
        self.beginResetModel()
        if case is None:
            self._rows, self._rule, self._findings = [], None, {}
        else:
            self._rows = list_debts(case.db)
            self._rule = next((r for r in profile.rules if r.check == "excess-interest"),
                              None) if profile else None
            self._findings = {f.details["debt"]: f for f in findings or []
                              if f.rule.check == "excess-interest"}
        self.endResetModel()

    def debt(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def _cap(self, debt: dict[str, Any]) -> dict[str, Any] | None:
        if self._rule is None:
            return None
        return cap_of(self._rule, debt)

    def above_cap(self, debt: dict[str, Any]) -> bool:
        """The engine's own answer: a flag (not a note for an exempt lender) for this debt."""
        found = self._findings.get(debt["id"])
        return found is not None and found.severity != "note"

    def cell(self, debt: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(debt, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("Your own statement (借款人陈述): the app has not seen the contract.")
        if role == Qt.ItemDataRole.ForegroundRole and column == VERDICT_COLUMN \
                and self.above_cap(debt):
            return QColor("#c62828")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2, 5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ABOVE_ROLE:
            return self.above_cap(debt)
        return None

    def _display(self, debt: dict[str, Any], column: int) -> str:
        if column == 0:
            return debt["platform"]
        if column == 1:
            return f"{Decimal(debt['principal']):,.2f}"
        if column == 2:
            return f"{debt['annual_rate']}%"
        if column == 3:
            return debt["contract_date"] or "—"
        if column == 4:
            lender = debt["lender_type"]
            return tr(LENDER_NAMES[lender]) if lender in LENDER_NAMES else "—"
        if column == 8:
            return debt["note"] or ""
        cap = self._cap(debt)
        if cap is None or self._rule is None:
            return tr("the profile has no interest-cap rule") if column == VERDICT_COLUMN \
                else "—"
        if column == 5:
            return f"{cap['lpr']}% ({tr('from {day}', day=cap['lpr_from'])})"
        if column == 6:
            return f"{cap['cap']}%"
        return verdict(self._rule, debt, cap, current_language())
