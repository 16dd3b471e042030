"""The screenshot viewer's model: the lines a screenshot was read as (``ocr.store.reading_of``),
one row each with its number, text and confidence; lines holding a finding's matched words are
marked (red, with the words in their tooltip)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from evidence_logger.gui.models.table import RowsModel
from evidence_logger.i18n import N_, tr

COLUMNS = (N_("Line"), N_("Text"), N_("Confidence"))
LINE_ROLE = Qt.ItemDataRole.UserRole + 1  # the line's number (1-based, as locators name it)
MARKED = QColor(200, 30, 30)


def marked_lines(lines: list[dict[str, Any]], words: list[str]) -> dict[int, list[str]]:
    """Line number -> the matched words its text holds (case-blind)."""
    found: dict[int, list[str]] = {}
    for line in lines:
        text = line["text"].casefold()
        hits = [word for word in words if word and word.casefold() in text]
        if hits:
            found[line["line"]] = hits
    return found


class ScreenLinesModel(RowsModel):
    """The machine-read lines of one screenshot, top to bottom."""

    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.marked: dict[int, list[str]] = {}

    def load(self, lines: list[dict[str, Any]], marked: dict[int, list[str]] | None = None
             ) -> None:
        self.beginResetModel()
        self._rows = list(lines)
        self.marked = dict(marked or {})
        self.endResetModel()

    def line(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of(self, number: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r["line"] == number), -1)

    def all_text(self) -> str:
        return "\n".join(row["text"] for row in self._rows)

    def cell(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(row["line"])
            if column == 1:
                return row["text"]
            return f"{round(float(row['score'] or 0) * 100)} %"
        if role == LINE_ROLE:
            return row["line"]
        if role == Qt.ItemDataRole.ForegroundRole and row["line"] in self.marked:
            return MARKED
        if role == Qt.ItemDataRole.ToolTipRole and row["line"] in self.marked:
            return tr("Matched words: {words}", words="、".join(self.marked[row["line"]]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column != 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
