"""The Way out page's models: the negotiation record, the repayment plan and the scam
warnings, each a table of plain rows the core made (no logic here beyond showing them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from evidence_logger.gui.models.table import RowsModel
from evidence_logger.i18n import N_, current_language, tr
from evidence_logger.way_out.plan import Plan, PlanLine
from evidence_logger.way_out.scams import KINDS, ScamWarning

CHANNELS = {"call": N_("call"), "sms": N_("SMS"), "app": N_("in the app"),
            "letter": N_("letter"), "visit": N_("visit")}
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class NegotiationsModel(RowsModel):
    """Negotiations as :func:`~evidence_logger.way_out.negotiations.list_negotiations` gives
    them, oldest first."""

    columns = (N_("When"), N_("Creditor"), N_("Channel"), N_("With whom"), N_("Asked for"),
               N_("Offered"), N_("Outcome"), N_("Shown by"))

    def load(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def cell(self, n: dict[str, Any], column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return n["at"][:16].replace("T", " ")
        if column == 2:
            return tr(CHANNELS[n["channel"]])
        if column == 7:
            return tr("events {ids}", ids=", ".join(map(str, n["events"]))) if n["events"] \
                else tr("your statement only")
        key = {1: "platform", 3: "counterpart", 4: "asked", 5: "offered", 6: "outcome"}[column]
        return n[key] or "—"


class PlanModel(RowsModel):
    """The plan's lines, in priority order."""

    columns = (N_("Order"), N_("Creditor"), N_("Still owed"), N_("Per month"),
               N_("Months to clear"))

    def load(self, plan: Plan | None) -> None:
        self.beginResetModel()
        self._rows = list(plan.lines) if plan is not None else []
        self.endResetModel()

    def cell(self, line: PlanLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3, 4):
            return RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (str(line.rank), line.platform, f"{line.outstanding:,.2f}",
                f"{line.monthly:,.2f}",
                str(line.months) if line.months is not None
                else tr("not within 50 years"))[column]


class WarningsModel(RowsModel):
    """Scam warnings: what kind, the words, the advice and the reason."""

    columns = (N_("Warning"), N_("Words"), N_("What to do"), N_("Message"), N_("Why"))

    def load(self, rows: list[ScamWarning]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def cell(self, w: ScamWarning, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            from PySide6.QtGui import QColor

            return QColor("#c62828" if w.kind == "scam" else "#8a5a00")
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return w.text
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        item = w.to_json(current_language())
        return (tr(KINDS[w.kind]), "、".join(w.words), item["advice"],
                w.text.replace("\n", " ")[:80], item["reason"])[column]
