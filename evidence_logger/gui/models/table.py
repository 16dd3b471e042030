"""What every table model of the window shares: rows in a Python list, translated column
titles, sorting by a key per column, and re-labelling on a language switch.

A subclass sets ``columns`` (N_-marked titles) and ``sort_keys`` (one key function per column,
or none for an unsortable table) and implements :meth:`RowsModel.cell`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from evidence_logger.i18n import tr

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    columns: tuple[str, ...] = ()
    sort_keys: tuple[Callable[[Any], Any], ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def cell(self, row: Any, column: int, role: int) -> Any:
        """What ``row`` shows in ``column`` for ``role`` (None: nothing)."""
        raise NotImplementedError

    def sorted_rows(self, rows: list[Any]) -> list[Any]:
        """``rows`` in the order the user last chose (as they are when none was chosen)."""
        if self._sort is None or not self.sort_keys:
            return list(rows)
        column, order = self._sort
        return sorted(rows, key=self.sort_keys[column],
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def _resorted(self) -> list[Any]:
        """The rows in the order just chosen (a model that groups rows overrides this)."""
        return self.sorted_rows(self._rows)

    # -- Qt's model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return tr(self.columns[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self.sort_keys or not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._rows = self._resorted()
        self.layoutChanged.emit()

    def retranslate(self) -> None:
        """Titles and cells again in the current language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.columns) - 1))
