"""Who the numbers belong to (号码归属): the links the messages suggest, for the borrower to
confirm, and the table the dossier prints (every collector number, its platform, the basis of
the link and its evidence; statement-only rows marked). Changes go through the Session."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.attribution import BASIS_WORDS, Link, links, suggest
from evidence_logger.errors import UserFacingError
from evidence_logger.gui.session import Session
from evidence_logger.i18n import tr

STATED = QColor("#fff4e0")  # as the dossier shades what rests on the borrower's word


def _basis(link: Link) -> str:
    return tr(BASIS_WORDS[link.basis], platform=link.platform)


def _evidence(link: Link) -> str:
    if link.basis == "statement":
        return link.statement or tr("no file: the borrower's word")
    return tr("event {event}, original {shas}", event=link.event,
              shas=", ".join(sha[:12] for sha in link.evidence) or "—")


class AttributionDialog(QDialog):
    """The suggestions (confirm the selected one) and the confirmed links (add a statement)."""

    def __init__(self, parent: QWidget | None, session: Session) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(tr("Who the numbers belong to"))
        self.resize(820, 560)
        self.suggested = self._table()
        self.linked = self._table()
        self.confirm_button = QPushButton(tr("Confirm the selected link"))
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.state_button = QPushButton(tr("Say how you know the selected number…"))
        self.state_button.clicked.connect(self.state_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Suggested from the messages: confirm only what is right.")))
        layout.addWidget(self.suggested)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.confirm_button)
        layout.addLayout(row)
        layout.addWidget(QLabel(tr("Collector numbers and the basis of each link (shaded: the "
                                   "borrower's statement alone)")))
        layout.addWidget(self.linked)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.state_button)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.suggestions: list[Link] = []
        self.current: list[Link] = []
        self.refresh()

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, 4, self)
        table.setHorizontalHeaderLabels([tr("Number"), tr("Platform"), tr("Basis"),
                                         tr("Evidence")])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setVisible(False)
        return table

    def _fill(self, table: QTableWidget, items: list[Link]) -> None:
        table.setRowCount(len(items))
        for row, link in enumerate(items):
            for column, text in enumerate((link.number, link.platform, _basis(link),
                                           _evidence(link))):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if link.basis == "statement":
                    cell.setBackground(QBrush(STATED))
                table.setItem(row, column, cell)

    def refresh(self) -> None:
        case = self.session.case
        self.suggestions = suggest(case.db) if case else []
        self.current = links(case.db) if case else []
        self._fill(self.suggested, self.suggestions)
        self._fill(self.linked, self.current)
        writable = case is not None and not self.session.read_only
        self.confirm_button.setEnabled(writable and bool(self.suggestions))
        self.state_button.setEnabled(writable and bool(self.current))

    def _selected(self, table: QTableWidget, items: list[Link]) -> Link | None:
        rows = table.selectionModel().selectedRows()
        return items[rows[0].row()] if rows else None

    def confirm_selected(self) -> None:
        link = self._selected(self.suggested, self.suggestions)
        if link is None:
            return
        self._apply(lambda: self.session.confirm_attribution(link.number, link.platform))

    def state_selected(self, text: str | None = None) -> None:
        link = self._selected(self.linked, self.current)
        if link is None:
            return
        if not text:
            text, ok = QInputDialog.getText(
                self, tr("Who the numbers belong to"),
                tr("How do you know {number} is {platform}'s?", number=link.number,
                   platform=link.platform))
            if not ok:
                return
        self._apply(lambda: self.session.state_attribution(link.number, link.platform, text))

    def _apply(self, change: Callable[[], None]) -> None:
        try:
            change()
        except UserFacingError as error:
            QMessageBox.warning(self, tr("Who the numbers belong to"), error.message())
        self.refresh()
