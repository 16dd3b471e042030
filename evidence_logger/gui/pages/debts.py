"""Debts: what the borrower says they borrowed, in the order to deal with them and why, each
rate checked against the legal cap (4 x the one-year LPR at the contract date) and its true
annual rate against the cap that binds its lender, and a form to add one. Debts are the
borrower's own statements, and the page says so; a case opened from a bundle cannot be
changed. The borrower can move a debt up or down the order, or give it back to the app's."""

from __future__ import annotations

import logging

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidence_logger.debts import LENDER_TYPES, REPORTED, DebtError, parse_schedule
from evidence_logger.gui.models.debts import REASON_COLUMN, DebtsModel
from evidence_logger.gui.models.debts import REPORTED as REPORTED_WORDS
from evidence_logger.gui.pages.base import Page, empty_state
from evidence_logger.gui.session import Session
from evidence_logger.i18n import N_, tr
from evidence_logger.interest import LENDER_NAMES

log = logging.getLogger(__name__)
NO_DATE = QDate(1900, 1, 1)

FIELD_WORDS = {"principal": N_("The principal"), "annual-rate": N_("The annual rate"),
               "received": N_("The amount paid out"), "fees": N_("The fees"),
               "repaid": N_("The amount repaid"), "due": N_("The amount due")}


FIELDS = {"platform": "platform", "principal": "principal", "annual_rate": "rate",
          "contract_date": "date", "lender_type": "lender", "received": "received",
          "fees": "fees", "repaid": "repaid", "dues": "dues",
          "reported": "reported"}  # add_debt argument -> form key
# form key -> its label, in the order of the form (two columns: who, then how much)
LABELS = (("platform", N_("Platform or lender:")), ("legal", N_("Lender's legal name:")),
          ("lender", N_("Lender type:")), ("funder", N_("Funding institution (助贷):")),
          ("reported", N_("In the credit report:")), ("date", N_("Contract date:")),
          ("principal", N_("Principal:")), ("rate", N_("Annual rate (%):")),
          ("received", N_("Paid out to you:")), ("fees", N_("Fees up front:")),
          ("dues", N_("Due (date amount; …):")), ("repaid", N_("Repaid so far:")),
          ("note", N_("Note:")))


def _field_of(error: DebtError) -> str:
    """Which form field a DebtError is about."""
    return FIELDS.get(error.field, "platform")


class DebtsPage(Page):
    """The debts table, its empty state and the add-debt form.

    Signals: ``evidence_requested(str)`` (unused here; every page may offer it)."""

    title = N_("Debts")
    icon = "debts"
    uses_findings = True  # the interest-cap findings
    evidence_requested = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.model = DebtsModel(self)
        self.statement = QLabel()
        self.statement.setWordWrap(True)
        self.layout_.addWidget(self.statement)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(REASON_COLUMN,
                                                           QHeaderView.ResizeMode.Stretch)
        self.empty = empty_state("")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.layout_.addWidget(self.stack, 1)
        self.layout_.addLayout(self._make_order_buttons())
        self.form_box = QGroupBox()
        self._make_form()
        self.layout_.addWidget(self.form_box)
        self.retranslate()

    def _make_form(self) -> None:
        columns = QHBoxLayout(self.form_box)
        forms = (QFormLayout(), QFormLayout())
        for form in forms:
            columns.addLayout(form, 1)
        self.platform = QLineEdit()
        self.legal = QLineEdit()
        self.funder = QLineEdit()
        self.principal = QLineEdit()
        self.rate = QLineEdit()
        self.received = QLineEdit()
        self.fees = QLineEdit()
        self.dues = QLineEdit()
        self.repaid = QLineEdit()
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMinimumDate(NO_DATE)  # the lowest date stands for "not known"
        self.date.setDate(NO_DATE)
        self.lender = QComboBox()
        self.reported = QComboBox()
        self.note = QLineEdit()
        self.add_button = QPushButton()
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.submit)
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        widgets: list[QWidget] = []
        for n, (key, _text) in enumerate(LABELS):
            widget = getattr(self, key)
            widgets.append(widget)
            row = QWidget()
            line = QVBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(0)
            line.addWidget(widget)
            error = QLabel()
            error.setObjectName("error")
            error.setWordWrap(True)
            error.setVisible(False)
            line.addWidget(error)
            self.errors[key] = error
            self.labels[key] = QLabel()
            self.labels[key].setBuddy(widget)
            forms[0 if n < 6 else 1].addRow(self.labels[key], row)
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        forms[0].addRow("", buttons)
        for first, second in zip([*widgets, self.add_button], [*widgets, self.add_button][1:],
                                 strict=False):
            QWidget.setTabOrder(first, second)

    def _make_order_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.up_button = QPushButton()
        self.down_button = QPushButton()
        self.auto_button = QPushButton()
        self.up_button.clicked.connect(lambda: self.move_debt(-1))
        self.down_button.clicked.connect(lambda: self.move_debt(+1))
        self.auto_button.clicked.connect(lambda: self.move_debt(0))
        for button in (self.up_button, self.down_button, self.auto_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def move_debt(self, step: int) -> None:
        """Move the selected debt a place up (-1) or down (+1), or back to the app's order
        (0)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.session.read_only:
            return
        item = self.model.ranked(rows[0].row())
        place = None if step == 0 else max(1, min(item.rank + step, self.model.rowCount()))
        self.session.rank_debt(item.debt["id"], place)
        for row in range(self.model.rowCount()):
            if self.model.debt(row)["id"] == item.debt["id"]:
                self.table.selectRow(row)

    def refresh(self) -> None:
        case = self.session.case
        if case is None:
            self.model.load(None)
        else:
            self.model.load(case, self.session.profile(), self.session.findings() or [])
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # long verdicts wrap, not run off
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 280))
        self.table.resizeRowsToContents()
        writable = case is not None and not self.session.read_only
        self.form_box.setEnabled(writable)
        for button in (self.up_button, self.down_button, self.auto_button):
            button.setEnabled(writable and self.model.rowCount() > 1)

    def submit(self) -> int | None:
        """Add the debt in the form; returns its id, or None when a field is wrong."""
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)
        if self.session.case is None or self.session.read_only:
            return None
        try:
            due_dates, due_amounts = parse_schedule(self.dues.text())
            debt_id = self.session.add_debt(
                platform=self.platform.text(), principal=self.principal.text(),
                annual_rate=self.rate.text(),
                contract_date=None if self.date.date() == NO_DATE
                else self.date.date().toString("yyyy-MM-dd"),
                lender_type=self.lender.currentData(), note=self.note.text().strip() or None,
                lender=self.legal.text(), funder=self.funder.text(),
                received=self.received.text().strip() or None,
                fees=self.fees.text().strip() or None, repaid=self.repaid.text().strip() or None,
                due_dates=due_dates, due_amounts=due_amounts,
                reported=self.reported.currentData() or "unknown")
        except DebtError as error:
            key = _field_of(error)
            params = dict(error.params)
            if "what" in params:
                params["what"] = tr(FIELD_WORDS.get(str(params["what"]), str(params["what"])))
            self.errors[key].setText(tr(error.template, **params))
            self.errors[key].setVisible(True)
            getattr(self, key).setFocus()
            return None
        log.info("debt %s added", debt_id)
        for widget in (self.platform, self.legal, self.funder, self.principal, self.rate,
                       self.received, self.fees, self.dues, self.repaid, self.note):
            widget.clear()
        self.platform.setFocus()
        return debt_id

    def select(self, sha256: str) -> None:
        """Debts have no originals; nothing to show."""

    def retranslate(self) -> None:
        super().retranslate()
        self.statement.setText(tr(
            "These debts are your own statements (借款人陈述): the app has not seen the "
            "contracts. Each annual rate is compared with 4 x the one-year LPR in force on the "
            "contract date; banks and consumer-finance companies are licensed, so that cap "
            "does not apply to them.") + " " + tr(
            "The true annual rate counts the fees and a short payout and is compared with the "
            "cap that binds that kind of lender. The numbers on the left are the order to deal "
            "with the debts: reported to the credit reference centre and licensed lenders "
            "first, then the fastest-growing and most overdue; move a debt to change it."))
        self.empty.setText(tr(
            "No debts yet. Add each loan below: a court does not enforce interest above 4 x "
            "the one-year LPR, so a rate above it is evidence that the lender overcharged."))
        self.table.setAccessibleName(tr("Debts"))
        self.form_box.setTitle(tr("Add a debt"))
        self.date.setSpecialValueText(tr("not known"))
        for key, text in LABELS:
            self.labels[key].setText(tr(text))
            widget = self.labels[key].buddy()
            widget.setAccessibleName(tr(text).rstrip(":："))
        self.platform.setPlaceholderText(tr("e.g. the app's name"))
        self.principal.setPlaceholderText(tr("e.g. 5000"))
        self.rate.setPlaceholderText(tr("e.g. 24"))
        chosen = self.lender.currentData() or "platform"
        self.lender.clear()
        for code in LENDER_TYPES:
            self.lender.addItem(tr(LENDER_NAMES[code]), code)
        self.lender.setCurrentIndex(max(self.lender.findData(chosen), 0))
        chosen = self.reported.currentData() or "unknown"
        self.reported.clear()
        for code in REPORTED:
            self.reported.addItem(tr(REPORTED_WORDS[code]), code)
        self.reported.setCurrentIndex(max(self.reported.findData(chosen), 0))
        self.legal.setPlaceholderText(tr("as the contract names it"))
        self.funder.setPlaceholderText(tr("the bank or company that lent the money"))
        self.fees.setPlaceholderText(tr("service, guarantee, membership fees"))
        self.dues.setPlaceholderText(tr("e.g. 2026-04-15 3000; 2026-05-15 3000"))
        self.up_button.setText(tr("Earlier in the order"))
        self.down_button.setText(tr("Later in the order"))
        self.auto_button.setText(tr("Back to the app's order"))
        self.add_button.setText(tr("Add debt"))
        self.add_button.setAccessibleName(tr("Add debt"))
        self.model.retranslate()
