"""The provenance dialog (原始载体与提取说明): the phones the evidence came from, each export
made off them, who signs the declaration and where the phones are kept; what the dossier's
provenance and declaration pages print. Every change goes through the session."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.errors import UserFacingError
from evidence_logger.gui.session import Session
from evidence_logger.i18n import N_, tr
from evidence_logger.provenance import gather

log = logging.getLogger(__name__)

DEVICE_COLUMNS = (N_("Phone"), N_("Make and model"), N_("Number"), N_("Owner"))
EXPORT_COLUMNS = (N_("Phone"), N_("How"), N_("When"), N_("By whom"), N_("Files"),
                  N_("Originals"))


def _table(columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([tr(c) for c in columns])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setVisible(False)
    table.setMinimumHeight(110)
    return table


def _fill(table: QTableWidget, rows: list[tuple[int, list[str]]]) -> None:
    table.setRowCount(len(rows))
    for r, (item_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(256, item_id)  # Qt.UserRole: the row's id
            table.setItem(r, c, item)


class ProvenanceDialog(QDialog):
    """Phones, exports and the declaration's details of the open case."""

    def __init__(self, parent: QWidget | None, session: Session) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(tr("Where the evidence came from"))
        self.setMinimumWidth(760)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Describe the phones and how the files were taken off them. The "
                          "dossier prints this on its page \"Original carriers\" and in the "
                          "declaration the borrower signs; a court weighs where electronic "
                          "data came from."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        phones = QGroupBox(tr("Phones"))
        box = QVBoxLayout(phones)
        self.devices = _table(DEVICE_COLUMNS)
        box.addWidget(self.devices)
        form = QFormLayout()
        self.label, self.make, self.model = QLineEdit(), QLineEdit(), QLineEdit()
        self.number, self.owner, self.owner_name = QLineEdit(), QLineEdit("self"), QLineEdit()
        self.label.setPlaceholderText(tr("e.g. my phone"))
        self.owner.setToolTip(tr("self, or the phone number of the relative whose phone it is "
                                 "(as when importing)"))
        row = QHBoxLayout()
        for widget in (self.make, self.model):
            row.addWidget(widget)
        form.addRow(tr("Name:"), self.label)
        form.addRow(tr("Make and model:"), row)
        form.addRow(tr("Its number:"), self.number)
        owner = QHBoxLayout()
        owner.addWidget(self.owner)
        owner.addWidget(self.owner_name, 1)
        self.owner_name.setPlaceholderText(tr("owner's name as printed"))
        form.addRow(tr("Whose phone:"), owner)
        box.addLayout(form)
        buttons = QHBoxLayout()
        self.add_device = QPushButton(tr("Add phone"))
        self.remove_device = QPushButton(tr("Remove selected phone"))
        self.add_device.clicked.connect(self._add_device)
        self.remove_device.clicked.connect(lambda: self._remove("device", self.devices))
        buttons.addWidget(self.add_device)
        buttons.addWidget(self.remove_device)
        buttons.addStretch(1)
        box.addLayout(buttons)
        layout.addWidget(phones)

        exports = QGroupBox(tr("Exports"))
        box = QVBoxLayout(exports)
        self.exports = _table(EXPORT_COLUMNS)
        box.addWidget(self.exports)
        form = QFormLayout()
        self.device = QComboBox()
        self.method, self.made_at = QLineEdit(), QLineEdit()
        self.made_by, self.files = QLineEdit(), QLineEdit()
        self.method.setPlaceholderText(tr("e.g. SMS Backup & Restore, XML copied by USB cable"))
        self.made_at.setPlaceholderText("2026-03-20T21:30")
        self.files.setPlaceholderText(tr("e.g. */call_rec/* (empty: all of that phone's files)"))
        form.addRow(tr("Phone:"), self.device)
        form.addRow(tr("How:"), self.method)
        form.addRow(tr("When:"), self.made_at)
        form.addRow(tr("By whom:"), self.made_by)
        form.addRow(tr("Which files:"), self.files)
        box.addLayout(form)
        buttons = QHBoxLayout()
        self.add_export = QPushButton(tr("Add export"))
        self.remove_export = QPushButton(tr("Remove selected export"))
        self.add_export.clicked.connect(self._add_export)
        self.remove_export.clicked.connect(lambda: self._remove("extraction", self.exports))
        buttons.addWidget(self.add_export)
        buttons.addWidget(self.remove_export)
        buttons.addStretch(1)
        box.addLayout(buttons)
        layout.addWidget(exports)

        statement = QGroupBox(tr("Declaration"))
        form = QFormLayout(statement)
        self.declarant, self.kept = QLineEdit(), QLineEdit()
        self.kept.setPlaceholderText(tr("e.g. kept by me at home, not reset, available for "
                                        "inspection in court"))
        form.addRow(tr("Declarant's name:"), self.declarant)
        form.addRow(tr("Where the phones are kept:"), self.kept)
        self.save_statement = QPushButton(tr("Save"))
        self.save_statement.clicked.connect(self._save_statement)
        form.addRow("", self.save_statement)
        layout.addWidget(statement)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()
        if session.read_only:  # a case opened from a bundle: shown, never changed
            for group in (phones, exports, statement):
                for kind in (QLineEdit, QPushButton, QComboBox):
                    for child in group.findChildren(kind):
                        child.setEnabled(False)

    def refresh(self) -> None:
        case = self.session.case
        if case is None:
            return
        prov = gather(case.db)
        _fill(self.devices, [(d["id"], [d["label"], " ".join(
            x for x in (d["make"], d["model"]) if x), d["number"] or "",
            d["owner_name"] or d["owner"]]) for d in prov.devices])
        labels = {d["id"]: d["label"] for d in prov.devices}
        _fill(self.exports, [(e["id"], [labels[e["device_id"]], e["method"],
                                        (e["made_at"] or "").replace("T", " "),
                                        e["made_by"] or "", e["files"] or "*",
                                        str(len(e["originals"]))]) for e in prov.extractions])
        self.device.clear()
        for device in prov.devices:
            self.device.addItem(device["label"], device["id"])
        self.declarant.setText(prov.declarant or "")
        self.kept.setText(prov.phones_kept or "")

    def _change(self, action: str, **fields: Any) -> bool:
        self.error.clear()
        try:
            self.session.change_provenance(action, **fields)
        except UserFacingError as error:
            self.error.setText(error.message())
            return False
        self.refresh()
        return True

    def _add_device(self) -> None:
        if self._change("add_device", label=self.label.text(), make=self.make.text(),
                        model=self.model.text(), number=self.number.text(),
                        owner=self.owner.text(), owner_name=self.owner_name.text()):
            for widget in (self.label, self.make, self.model, self.number, self.owner_name):
                widget.clear()

    def _add_export(self) -> None:
        if self.device.currentData() is None:
            self.error.setText(tr("Add the phone first."))
            return
        if self._change("add_extraction", device=self.device.currentData(),
                        method=self.method.text(), made_at=self.made_at.text(),
                        made_by=self.made_by.text(), files=self.files.text()):
            for widget in (self.method, self.files):
                widget.clear()

    def _remove(self, what: str, table: QTableWidget) -> None:
        row = table.currentRow()
        if row < 0:
            self.error.setText(tr("Select a row first."))
            return
        item = table.item(row, 0)
        if item is not None:
            self._change("remove", what=what, item_id=int(item.data(256)))

    def _save_statement(self) -> None:
        self._change("set_statement", declarant=self.declarant.text(),
                     phones_kept=self.kept.text())
