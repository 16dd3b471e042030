"""Beside a screenshot: the text a machine read off it, line by line, marked as machine-read
with the engine and model that read it. Lines can be selected (the image highlights the
line's outline) and copied (Ctrl+C: the selected lines, or all the text); lines holding a
finding's matched words are red; messages the reader could not place are said.

Signals: ``line_selected(int)`` (a line's number, 1-based), ``outlines_toggled(bool)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.gui.models.screen_lines import ScreenLinesModel
from evidence_logger.i18n import N_, tr

KIND_LABELS = {"chat": N_("a chat"), "call-list": N_("a call list"), "other": N_("other text")}


class ScreenTextPanel(QWidget):
    """The machine-read text of one screenshot; :meth:`show_reading` fills it."""

    line_selected = Signal(int)
    outlines_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reading: dict[str, Any] | None = None
        self.read_state = ""  # "", "unread" or "reading": what to say when there is no reading
        self.header = QLabel()
        self.header.setObjectName("machineRead")
        self.header.setWordWrap(True)
        self.unplaced = QLabel()
        self.unplaced.setWordWrap(True)
        self.unplaced.hide()
        self.model = ScreenLinesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.outlines = QCheckBox()
        self.outlines.setChecked(True)
        self.outlines.toggled.connect(self.outlines_toggled)
        self.copy_line = QPushButton()
        self.copy_line.clicked.connect(self.copy_selected)
        self.copy_all = QPushButton()
        self.copy_all.clicked.connect(self.copy_everything)
        buttons = QHBoxLayout()
        buttons.addWidget(self.outlines)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_line)
        buttons.addWidget(self.copy_all)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addWidget(self.unplaced)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.table, self.copy_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.retranslate()

    def show_reading(self, reading: dict[str, Any] | None, marked: dict[int, list[str]],
                     read_state: str = "") -> None:
        """Show ``reading`` (``ocr.store.reading_of``'s), or say why there is none."""
        self.reading, self.read_state = reading, read_state
        self.model.load(reading["lines"] if reading else [], marked)
        self._say()

    def select_line(self, number: int) -> None:
        """Select a line (its outline was clicked on the image)."""
        row = self.model.row_of(number)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 1))

    def selected_text(self) -> str:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return "\n".join(self.model.line(row)["text"] for row in rows)

    def copy_selected(self) -> None:
        """Copy the selected lines (all the text when none is selected)."""
        text = self.selected_text() or self.model.all_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def copy_everything(self) -> None:
        if self.model.rowCount():
            QGuiApplication.clipboard().setText(self.model.all_text())

    def _current_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.line_selected.emit(self.model.line(current.row())["line"])

    def _say(self) -> None:
        reading = self.reading
        has_lines = bool(reading and reading["lines"])
        self.table.setVisible(has_lines)
        self.copy_line.setEnabled(has_lines)
        self.copy_all.setEnabled(has_lines)
        self.outlines.setEnabled(has_lines)
        self.unplaced.hide()
        if reading is None:
            self.header.setText(tr("Being read…") if self.read_state == "reading" else tr(
                "Its text has not been read yet."))
            return
        kind = tr(KIND_LABELS.get(reading["kind"], KIND_LABELS["other"]))
        who = f" · {reading['counterpart']}" if reading.get("counterpart") else ""
        self.header.setText(tr(
            "Machine-read text (OCR), read as {kind}{who}. Read by {engine} with {model}; check "
            "it against the image.", kind=kind, who=who, engine=reading["engine"],
            model=reading["model"]) if has_lines else tr(
            "No text was found on it (read by {engine}).", engine=reading["engine"]))
        unplaced = (reading.get("meta") or {}).get("unplaced") or []
        if unplaced:
            self.unplaced.setText(tr(
                "{count} message(s) or call row(s) on it show no time or no other party, so "
                "they are not on the timeline; their text is below.", count=len(unplaced)))
            self.unplaced.show()

    def retranslate(self) -> None:
        self.outlines.setText(tr("Outline the lines"))
        self.outlines.setAccessibleName(tr("Outline the recognised lines on the image"))
        self.copy_line.setText(tr("Copy line"))
        self.copy_line.setAccessibleName(tr("Copy the selected lines (Ctrl+C)"))
        self.copy_line.setToolTip(tr("Copy the selected lines (Ctrl+C)"))
        self.copy_all.setText(tr("Copy all text"))
        self.copy_all.setAccessibleName(tr("Copy all the machine-read text"))
        self.table.setAccessibleName(tr("Machine-read text"))
        self.model.retranslate()
        self._say()
