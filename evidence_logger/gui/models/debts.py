"""The debts page's model: each debt the borrower entered, in the order to deal with them
(:mod:`evidence_logger.way_out.priority`; the vertical header is the place), with its annual
rate checked against the legal cap (4 x the one-year LPR in force at the contract date) by the
same code as the dossier (:mod:`evidence_logger.interest`), and its true annual rate against
the cap that binds its lender (:mod:`evidence_logger.way_out.caps`). Every row is the
borrower's own statement."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from evidence_logger.gui.models.table import RowsModel
from evidence_logger.i18n import N_, current_language, tr
from evidence_logger.interest import LENDER_NAMES, cap_of, verdict
from evidence_logger.rules.engine import Finding
from evidence_logger.rules.profile import Profile, Rule
from evidence_logger.way_out.caps import verdict_text
from evidence_logger.way_out.priority import RankedDebt, ranked_debts

log = logging.getLogger(__name__)

# the cells by their own number (below), shown in the order of ORDER: the way out first
_CELLS = (N_("Platform or lender"), N_("Principal"), N_("Annual rate"), N_("Contract date"),
          N_("Lender type"), N_("One-year LPR"), N_("Cap"), N_("Verdict"),
          N_("True annual rate"), N_("Binding cap"), N_("Verdict on the true rate"),
          N_("Days overdue"), N_("Credit report"), N_("Why this place"), N_("Note"))
ORDER = (0, 13, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 14)
COLUMNS = tuple(_CELLS[i] for i in ORDER)
_VERDICT, _TRUE_RATE, _TRUE_VERDICT, _REASON, _NOTE = 7, 8, 10, 13, 14
# the columns as shown
VERDICT_COLUMN, CAP_COLUMN = ORDER.index(_VERDICT), ORDER.index(6)
TRUE_RATE_COLUMN, TRUE_VERDICT_COLUMN = ORDER.index(_TRUE_RATE), ORDER.index(_TRUE_VERDICT)
REASON_COLUMN, NOTE_COLUMN = ORDER.index(_REASON), ORDER.index(_NOTE)
REPORTED = {"yes": N_("reported"), "no": N_("not reported"), "unknown": N_("not known")}
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
            self._rows = ranked_debts(case.db)
            self._rule = next((r for r in profile.rules if r.check == "excess-interest"),
                              None) if profile else None
            self._findings = {f.details["debt"]: f for f in findings or []
                              if f.rule.check == "excess-interest"}
        self.endResetModel()

    def debt(self, row: int) -> dict[str, Any]:
        return self._rows[row].debt

    def ranked(self, row: int) -> RankedDebt:
        return self._rows[row]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._rows):
            return str(self._rows[section].rank)  # the place in the order
        return super().headerData(section, orientation, role)

    def _cap(self, debt: dict[str, Any]) -> dict[str, Any] | None:
        if self._rule is None:
            return None
        return cap_of(self._rule, debt)

    def above_cap(self, debt: dict[str, Any]) -> bool:
        """The engine's own answer: a flag (not a note for an exempt lender) for this debt."""
        found = self._findings.get(debt["id"])
        return found is not None and found.severity != "note"

    def cell(self, item: Any, shown: int, role: int) -> Any:
        debt = item.debt
        column = ORDER[shown]
        if role == Qt.ItemDataRole.DisplayRole and column >= _TRUE_RATE:
            return self._way_out(item, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(debt, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == _TRUE_VERDICT \
                and item.verdict == "above":
            return QColor("#c62828")
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("Your own statement (借款人陈述): the app has not seen the contract.")
        if role == Qt.ItemDataRole.ForegroundRole and column == _VERDICT \
                and self.above_cap(debt):
            return QColor("#c62828")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2, 5, 6, 8, 9, 11):
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
        if column == _NOTE:
            return debt["note"] or ""
        cap = self._cap(debt)
        if cap is None or self._rule is None:
            return tr("the profile has no interest-cap rule") if column == _VERDICT \
                else "—"
        if column == 5:
            return f"{cap['lpr']}% ({tr('from {day}', day=cap['lpr_from'])})"
        if column == 6:
            return f"{cap['cap']}%"
        return verdict(self._rule, debt, cap, current_language())

    def _way_out(self, item: RankedDebt, column: int) -> str:
        if column == _TRUE_RATE:
            return f"{item.true.rate}%" if item.true.rate is not None else "—"
        if column == 9:
            return f"{item.cap.percent}%" if item.cap.percent is not None else "—"
        if column == _TRUE_VERDICT:
            return verdict_text(item.true, item.cap, current_language())
        if column == 11:
            return str(item.overdue_days) if item.overdue_days else "—"
        if column == 12:
            return tr(REPORTED[item.debt["reported"]])
        if column == _REASON:
            return item.reason(current_language())
        return item.debt["note"] or ""
