"""The parties page's model: every number in the case with its role, what the borrower said
about it, how often it appears, and whether it looks like a collector (those always first).
Numbers are shown as the phone writes them (``171 0000 1001``); the E.164 key stays behind
``NUMBER_ROLE``."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from evidence_logger.gui.labels import role_label
from evidence_logger.gui.models.table import RowsModel
from evidence_logger.i18n import N_, tr
from evidence_logger.parties import list_parties, suggested_collectors
from evidence_logger.phones import as_phone_writes

COLUMNS = (N_("Number"), N_("Role"), N_("Platform or relation"), N_("Contact name"), N_("Calls"),
           N_("Messages"), N_("First"), N_("Last"))
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_KEYS = (
    lambda p: p["number"], lambda p: (p["role"], p["number"]),
    lambda p: (p["platform"] or p["relation"] or "", p["number"]),
    lambda p: (p["name"] or p["contact_name"] or "", p["number"]),
    lambda p: p["calls"], lambda p: p["messages"], lambda p: p["first_ms"] or 0,
    lambda p: p["last_ms"] or 0,
)



class PartiesModel(RowsModel):
    columns = COLUMNS
    sort_keys = SORT_KEYS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[dict[str, Any]] = []
        self.suggested: set[str] = set()
        self._tz = ZoneInfo("UTC")
        self._text = ""
        self._only_suggested = False
        self._region = "CN"

    def load(self, case: Any) -> None:
        self.show(self.read(case) if case is not None else None)

    @staticmethod
    def read(case: Any) -> tuple:
        """What :meth:`show` shows of ``case`` (Qt-free: on a worker for a big case)."""
        return list_parties(case.db), suggested_collectors(case.db), case.tz, case.region

    def show(self, data: tuple | None) -> None:
        """Show what :meth:`read` read (None: no case)."""
        self.beginResetModel()
        if data is None:
            self._all, self.suggested = [], set()
        else:
            self._all, self.suggested, self._tz, self._region = data
        self._rows = self._apply()
        self.endResetModel()

    def set_filter(self, text: str, only_suggested: bool) -> None:
        self.beginResetModel()
        self._text, self._only_suggested = text.strip().casefold(), only_suggested
        self._rows = self._apply()
        self.endResetModel()

    def _apply(self) -> list[dict[str, Any]]:
        rows = self._all
        if self._only_suggested:
            rows = [p for p in rows if p["number"] in self.suggested]
        if self._text:
            needle = self._text
            digits = "".join(ch for ch in needle if ch.isdigit())
            rows = [p for p in rows if any(needle in (p[k] or "").casefold() for k in
                                           ("number", "platform", "relation", "name",
                                            "contact_name"))
                    or (digits and digits in self.shown(p["number"]).replace(" ", ""))]
        # likely collectors first, whatever the order chosen within each group
        return sorted(self.sorted_rows(rows), key=lambda p: p["number"] not in self.suggested)

    def _resorted(self) -> list[dict[str, Any]]:
        return self._apply()

    def shown(self, number: str) -> str:
        """``number`` (E.164) as the phone writes it."""
        return as_phone_writes(number, self._region)

    def suggested_parties(self) -> list[dict[str, Any]]:
        """The likely collectors not marked yet, most calls first."""
        return [p for p in self._all if p["number"] in self.suggested]

    def party(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def platforms(self) -> list[str]:
        return sorted({p["platform"] for p in self._all if p["platform"]})

    def relations(self) -> list[str]:
        return sorted({p["relation"] for p in self._all if p["relation"]})

    def cell(self, party: Any, column: int, role: int) -> Any:
        suggested = party["number"] in self.suggested
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(party, column, suggested)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return party["number"]
        if role == Qt.ItemDataRole.ToolTipRole and suggested:
            return tr("Suggested collector: not in your contacts and called you often.")
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and suggested:
            return QColor("#ef6c00")
        if role == NUMBER_ROLE:
            return party["number"]
        return None

    def _display(self, party: dict[str, Any], column: int, suggested: bool) -> str:
        if column == 0:
            return self.shown(party["number"])
        if column == 1:
            label = role_label(party["role"])
            return f"{label} · {tr('suggested collector')}" if suggested else label
        if column == 2:
            return party["platform"] or party["relation"] or ""
        if column == 3:
            return party["name"] or party["contact_name"] or ""
        if column in (4, 5):
            return str(party["calls" if column == 4 else "messages"])
        moment = party["first_ms" if column == 6 else "last_ms"]
        return datetime.fromtimestamp(moment / 1000, self._tz).strftime("%Y-%m-%d") \
            if moment else ""
